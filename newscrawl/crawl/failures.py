"""Naming crawl failures: one short kind per cause, for the summary and the errors table."""

from __future__ import annotations

from twisted.internet import error as tx_error
from twisted.python.failure import Failure


def _scrapy_kinds() -> tuple[tuple[type[BaseException], str], ...]:
    """Scrapy >= 2.14 wraps Twisted's network errors in its own exception types."""
    from scrapy import exceptions as sx

    names = {
        "CannotResolveHostError": "dns", "DownloadConnectionRefusedError": "connection_refused",
        "DownloadTimeoutError": "timeout", "ResponseDataLossError": "connection_lost",
        "DownloadFailedError": "connection",
    }
    return tuple((getattr(sx, n), k) for n, k in names.items() if hasattr(sx, n))


_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (tx_error.DNSLookupError, "dns"),
    (tx_error.ConnectionRefusedError, "connection_refused"),
    (tx_error.TimeoutError, "timeout"),
    (tx_error.TCPTimedOutError, "timeout"),
    (tx_error.ConnectionLost, "connection_lost"),
    (tx_error.ConnectError, "connection"),
)


def classify_failure(failure: Failure) -> tuple[str, str, int | None]:
    """(kind, message, HTTP status or None) for a request's failure."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", f"HTTP {status}", status
    for exc_type, kind in _scrapy_kinds() + _KINDS:
        if failure.check(exc_type):
            return kind, str(failure.value).strip() or kind, None
    from newscrawl.crawl.skipped import SkippedRequest

    text = str(failure.value)
    if "download max size" in text or "exceeded DOWNLOAD_MAXSIZE" in text:
        return "too_large", text, None  # a huge page or a gzip bomb, cut at DOWNLOAD_MAXSIZE
    if failure.check(SkippedRequest):  # off-site redirect, Retry-After beyond the cap
        value = failure.value
        return value.kind, str(value), value.status
    if failure.check(IgnoreRequest):
        msg = str(failure.value)
        return ("robots" if "robots" in msg.lower() else "ignored"), msg, None
    try:
        from twisted.web._newclient import ResponseNeverReceived

        if failure.check(ResponseNeverReceived):
            return "no_response", str(failure.value), None
    except ImportError:  # pragma: no cover
        pass
    return type(failure.value).__name__.lower(), str(failure.value), None


NETWORK_KINDS = frozenset(
    {"dns", "connection_refused", "timeout", "connection_lost", "connection", "no_response"}
)


def is_network_error(exc: BaseException | None) -> bool:
    """True for the expected faults of talking to a site (DNS, refused, timeout, lost)."""
    if exc is None:
        return False
    kinds = _scrapy_kinds() + _KINDS
    return any(isinstance(exc, t) for t, _ in kinds)


# --- how a whole crawl ended --------------------------------------------------------------
# Exit codes of `newscrawl` (README "Exit codes"); each outcome below maps to one.
EXIT_OK = 0  # the crawl finished
EXIT_FAILED = 1  # the crawl ran but failed as a whole, or stopped early
EXIT_USAGE = 2  # nothing was done: a bad argument, URL or setting
EXIT_ARCHIVE = 3  # the archive cannot be used: in use, locked by another process, unwritable


def crawl_outcome(stats: dict[str, object], urls: list[str]) -> str | None:
    """One line saying why a crawl failed as a whole, from its Scrapy stats, or None.

    * robots.txt refused the start URLs and seeds, and nothing but robots.txt was fetched;
    * no response at all: the site could not be reached (DNS, refused, timed out).
    """
    from urllib.parse import urlsplit

    def count(key: str) -> int:
        value = stats.get(key, 0)
        return value if isinstance(value, int) else 0

    received = count("response_received_count")
    if count("robotstxt/forbidden") and received <= count("robotstxt/response_count"):
        hosts = sorted({urlsplit(u).netloc for u in urls})
        root = all(urlsplit(u).path in ("", "/") for u in urls)
        what = "crawling the site (Disallow: /)" if root else f"crawling {', '.join(urls)}"
        return (f"robots.txt of {', '.join(hosts)} forbids {what}; nothing was fetched"
                " (newscrawl obeys robots.txt)")
    if received > 0:
        return None
    kinds = [k.rsplit("/", 1)[1] for k in stats if k.startswith("newscrawl/errors/")]
    network = [k for k in kinds if k in NETWORK_KINDS]
    cause = {"dns": "DNS lookup failed", "connection_refused": "connection refused",
             "timeout": "timed out"}.get(network[0] if network else "", "no response")
    return f"could not reach {', '.join(urls)}: {cause}"


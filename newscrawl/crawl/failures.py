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

"""Downloader middleware: 429 and 503 with ``Retry-After`` pause the host, then retry.

``Retry-After`` in seconds or as an HTTP date (measured against the response's ``Date``
header when it has one, so clock skew does not matter). Up to
``NEWSCRAWL_RETRY_AFTER_MAX`` seconds (default 300): the host's downloader slot is paused
for that long (``crawl/slots.py``; ``--fast`` too, which only drops the usual delays) and
the URL is retried, within ``RETRY_TIMES``. Longer than the cap, or still refused after the
retries: the URL is not asked again this run (a later crawl picks it up) and is recorded
in ``errors`` as ``rate_limited`` with the Retry-After value; the crawl goes on. Responses
without ``Retry-After`` are left to Scrapy's RetryMiddleware (and ``HostBackoff``).
Priority 555: its responses are seen after the WARC recorder's (every response is kept)
and before Scrapy's RetryMiddleware (550) retries at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured

from newscrawl.crawl import slots
from newscrawl.crawl.skipped import SkippedRequest

log = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after_seconds(value: str | bytes | None, date: str | bytes | None = None,
                        now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date), or
    None when it says nothing usable. A date is measured from ``date`` (the response's own
    Date header) when given, else from ``now``; never negative."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if isinstance(date, bytes):
        date = date.decode("latin-1")
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    base = None
    if date:
        try:
            base = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError):
            base = None
    base = base or now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if base.tzinfo is None:
        base = base.replace(tzinfo=UTC)
    return max(0.0, (when - base).total_seconds())


class RetryAfterMiddleware:
    """Honours ``Retry-After`` on 429/503 (see the module docstring)."""

    def __init__(self, crawler: Any, cap: float, retries: int) -> None:
        self.crawler = crawler
        self.cap = cap
        self.retries = retries

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_RETRY_AFTER", True):
            raise NotConfigured
        return cls(crawler, settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 300.0),
                   settings.getint("RETRY_TIMES", 3) if settings.getbool("RETRY_ENABLED") else 0)

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status not in STATUSES:
            return response
        raw = response.headers.get(b"Retry-After")
        wait = retry_after_seconds(raw, response.headers.get(b"Date"))
        if wait is None:
            return response
        header = raw.decode("latin-1").strip() if raw else ""
        stats = self.crawler.stats
        if wait > self.cap:
            stats.inc_value("newscrawl/rate_limited")
            raise SkippedRequest(
                "rate_limited",
                f"HTTP {response.status} Retry-After: {header} ({wait:.0f} s, more than"
                f" NEWSCRAWL_RETRY_AFTER_MAX {self.cap:g} s): left for the next run",
                response.status)
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"retry_after_{response.status}",
                                  max_retry_times=self.retries)
        if retry is None:
            stats.inc_value("newscrawl/rate_limited")
            raise SkippedRequest(
                "rate_limited",
                f"HTTP {response.status} Retry-After: {header} after {self.retries} retries:"
                " left for the next run", response.status)
        slots.pause(self.crawler, request, wait)
        stats.inc_value("newscrawl/retry_after_pauses")
        log.info("%s: HTTP %s, Retry-After %s: pausing %s for %.1f s", request.url,
                 response.status, header, retry.meta.get("download_slot", "the host"), wait)
        return retry

"""Downloader middleware: a host that keeps answering 429 or 403 is asked more slowly.

As Heritrix and Browsertrix do: from the ``NEWSCRAWL_BACKOFF_AFTER``-th 429/403 of a host
(default 2: one forbidden page is not a signal, a second is), the host's delay between
requests is doubled at each further one, starting at ``NEWSCRAWL_BACKOFF_DELAY`` (1 s),
at most ``NEWSCRAWL_BACKOFF_MAX_DELAY`` (60 s), for the rest of the run; AutoThrottle may
raise it further but never lowers it below that floor (it is put back on every response
of the host). ``--fast`` keeps it: a server that says "too many" is heard.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy.exceptions import NotConfigured

from newscrawl.crawl import slots

log = logging.getLogger(__name__)

STATUSES = (429, 403)


class HostBackoff:
    """Raises a host's delay on repeated 429/403 (see the module docstring)."""

    def __init__(self, crawler: Any, after: int, start: float, maximum: float) -> None:
        self.crawler = crawler
        self.after = max(1, after)
        self.start = start
        self.maximum = maximum
        self.refusals: Counter[str] = Counter()  # slot (host) -> 429/403 responses
        self.floor: dict[str, float] = {}  # slot -> the delay it may not go below

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostBackoff:
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_BACKOFF", True):
            raise NotConfigured
        return cls(crawler, s.getint("NEWSCRAWL_BACKOFF_AFTER", 2),
                   s.getfloat("NEWSCRAWL_BACKOFF_DELAY", 1.0),
                   s.getfloat("NEWSCRAWL_BACKOFF_MAX_DELAY", 60.0))

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        key = request.meta.get("download_slot")
        if key is None:
            return response
        if response.status in STATUSES:
            self.refusals[key] += 1
            if self.refusals[key] >= self.after:
                old = self.floor.get(key, 0.0)
                new = min(self.maximum, max(self.start, old * 2))
                if new > old:
                    self.floor[key] = new
                    self.crawler.stats.set_value(f"newscrawl/backoff/{key}", new)
                    log.warning("%s answered %d times 429/403: slowing down to one request"
                                " every %.0f s", key, self.refusals[key], new)
        if key in self.floor:
            slots.raise_delay(self.crawler, request, self.floor[key])
        return response

"""One crawl session: the archive a crawl writes to, and the run it records (a Scrapy extension).

The session opens the Store, takes the archive lock when the CLI has not
(``NEWSCRAWL_LOCK_HELD``), reads how the previous run ended, opens the ``crawl_runs`` row,
and at ``spider_closed`` writes the summary and the finish reason, then closes the Store
and releases the lock. Every other component (pipeline, middlewares, the WARC recorder,
the template learner, the spider, ``api.crawl`` after the crawl) finds it by type::

    session = crawler.get_extension(CrawlSession)

Lifecycle and signal order:

* ``from_crawler`` (extensions are built after the spider, before the engine): settings only.
* ``spider_opened``: the session is an extension, so its handler was connected before any
  downloader middleware's or pipeline's; it opens the Store and the run first, and the WARC
  recorder's own ``spider_opened`` (repair and re-index) finds them. ``open()`` is
  idempotent, so a component asking earlier also gets an open Store.
* ``spider_closed``: connected from ``spider_opened``, i.e. after every other component's
  handler, so it runs last: the template learner re-extracts and the WARC writer closes
  while the Store is still open, then the run is finished and the Store closed.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from scrapy import signals

from newscrawl.store import Store
from newscrawl.store.lock import ArchiveLock

log = logging.getLogger(__name__)

# Settings worth keeping with each run, so a researcher knows how it was crawled.
_RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "JOBDIR",
    "NEWSCRAWL_PROFILE", "NEWSCRAWL_TEMPLATE_LIMIT", "NEWSCRAWL_MAX_PAGINATION",
    "NEWSCRAWL_PROFILES",
)


class CrawlSession:
    """The crawl's Store, lock and ``crawl_runs`` row (see the module docstring)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.db: str = crawler.settings.get("NEWSCRAWL_DB")
        self.store: Store | None = None
        self.lock: ArchiveLock | None = None
        self.previous_status: str | None = None  # how the last run ended (None: first run)
        self.run_id: int | None = None
        self.summary: dict[str, Any] = {}
        self.finish_reason: str | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSession:
        session = cls(crawler)
        crawler.signals.connect(session.spider_opened, signal=signals.spider_opened)
        return session

    def open(self) -> Store:
        """The crawl's Store, opened (and locked, and the previous run read) once."""
        if self.store is None:
            if not self.crawler.settings.getbool("NEWSCRAWL_LOCK_HELD"):
                # `scrapy crawl` (no newscrawl CLI around it) takes the archive lock here.
                lock = ArchiveLock(self.db)
                lock.acquire()
                self.lock = lock
            self.store = Store(self.db)
            # Read before this run's row exists; rows left 'running' belong to dead crawls.
            self.previous_status = self.store.last_run_status()
            self.store.interrupt_stale_runs()
        return self.store

    def spider_opened(self, spider: Any) -> None:
        store = self.open()
        settings = {k: self.crawler.settings.get(k) for k in _RECORDED_SETTINGS}
        self.run_id = store.start_run(list(getattr(spider, "seeds", [])), settings)
        self.started = time.monotonic()
        # Connected now, after every component has connected its own: closes last.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.finish_reason = reason
        if self.store is None or self.run_id is None:
            return
        summary = run_summary(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        summary["status"] = "finished" if reason == "finished" else "interrupted"
        self.store.finish_run(self.run_id, summary, None if reason == "finished" else reason)
        self.summary = summary
        self.close()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def run_summary(stats: dict[str, Any], duration: float) -> dict[str, Any]:
    """The figures a crawl_runs row and the end-of-crawl summary report."""
    errors_by_kind = {
        k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newscrawl/errors/")
    }
    return {
        "pages_fetched": stats.get("response_received_count", 0),
        "requests": stats.get("downloader/request_count", 0),
        "articles_new": stats.get("newscrawl/articles_new", 0),
        "articles_updated": stats.get("newscrawl/articles_updated", 0),
        "articles_unchanged": stats.get("newscrawl/articles_unchanged", 0),
        "articles_gone": stats.get("newscrawl/articles_gone", 0),
        "errors": sum(errors_by_kind.values()),
        "errors_by_kind": json.dumps(errors_by_kind, sort_keys=True),
        "duration_s": round(duration, 2),
    }

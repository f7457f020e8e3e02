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

Write failures are fatal: the pipeline or the WARC recorder calls ``fail(message)`` on the
first write the archive refuses (disk full, I/O error); the session logs it once and closes
the spider (reason ``archive_write_failed``), nothing more is stored, and the run is
closed as ``failed`` with the message. The summary's article and error figures are read
back from the database (counted in the same transactions as the rows), never taken from
in-memory counters, so they say what the archive holds. So that even a full disk lets
the run record its failure, the session keeps a small reserve file beside the database
(``news.db.reserve``, ``RESERVE_BYTES``) for the crawl's duration and deletes it before
closing a failed run.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.archive.warc import write_failure
from newscrawl.extract.urls import host_key
from newscrawl.store import Store, StoreError
from newscrawl.store.lock import ArchiveLock

log = logging.getLogger(__name__)

# Settings worth keeping with each run, so a researcher knows how it was crawled.
_RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "JOBDIR",
    "NEWSCRAWL_PROFILE", "NEWSCRAWL_TEMPLATE_LIMIT", "NEWSCRAWL_MAX_PAGINATION",
    "NEWSCRAWL_PROFILES",
)


# Room kept free for recording a failed run's end on a full disk (a few WAL frames).
RESERVE_BYTES = 512 * 1024


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
        self.failure: str | None = None  # why the archive could not be written
        self._fail_lock = threading.Lock()
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
            self._reserve()
            # Read before this run's row exists; rows left 'running' belong to dead crawls.
            # An archive of many sites: the previous run of this site.
            self.previous_status = self.store.last_run_status(self._site())
            self.store.interrupt_stale_runs()
        return self.store

    def _site(self) -> str | None:
        """The site this crawl is of: NEWSCRAWL_SITE (a sites file's name for it), else
        the host of the spider's first start URL (None before the spider exists)."""
        name = self.crawler.settings.get("NEWSCRAWL_SITE")
        if name:
            return str(name)
        seeds = getattr(getattr(self.crawler, "spider", None), "seeds", None)
        return host_key(seeds[0]) if seeds else None

    def spider_opened(self, spider: Any) -> None:
        store = self.open()
        settings = {k: self.crawler.settings.get(k) for k in _RECORDED_SETTINGS}
        self.run_id = store.start_run(list(getattr(spider, "seeds", [])), settings,
                                      site=self.crawler.settings.get("NEWSCRAWL_SITE") or None)
        self.started = time.monotonic()
        # Connected now, after every component has connected its own: closes last.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        from twisted.internet import reactor

        reactor.addSystemEventTrigger("before", "shutdown", self._reactor_stopping)

    def _reactor_stopping(self) -> None:
        """The reactor stops and the spider never closed (a SIGTERM while the engine was
        starting: no spider_closed comes): the run ends as interrupted, never finished."""
        if self.finish_reason is None and self.run_id is not None:
            log.warning("the crawl stopped before it could close: run %s interrupted", self.run_id)
            self.spider_closed(getattr(self.crawler, "spider", None), "shutdown")

    FAILED_REASON = "archive_write_failed"

    @property
    def reserve_path(self) -> Path:
        return Path(str(self.store.path if self.store else self.db) + ".reserve")

    def _reserve(self) -> None:
        """Set aside room to record the run's end if the disk fills (best effort)."""
        try:
            with open(self.reserve_path, "wb") as fh:
                fh.write(b"\0" * RESERVE_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            log.warning("cannot set aside %d bytes beside the archive: %s", RESERVE_BYTES, exc)
            self._release_reserve()

    def _release_reserve(self) -> None:
        try:
            self.reserve_path.unlink(missing_ok=True)
        except OSError:
            pass

    def fail(self, message: str) -> None:
        """The archive cannot be written: stop the crawl (the first call wins; any thread)."""
        with self._fail_lock:
            if self.failure is not None:
                return
            self.failure = message
        log.error("%s; stopping the crawl", message)
        from twisted.internet import reactor

        reactor.callFromThread(self._close_spider)

    def _close_spider(self) -> None:
        engine = getattr(self.crawler, "engine", None)
        if engine is None or engine.spider is None or getattr(engine, "_slot", None) is None:
            return  # closing already
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=self.FAILED_REASON))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.failure is not None:
            reason = self.FAILED_REASON
        self.finish_reason = reason
        if self.store is None or self.run_id is None:
            return
        store, run_id = self.store, self.run_id
        stats = self.crawler.stats.get_stats()
        figures = {
            "pages_fetched": stats.get("response_received_count", 0),
            "requests": stats.get("downloader/request_count", 0),
            "duration_s": round(time.monotonic() - self.started, 2),
        }
        try:
            store.flush()
        except StoreError as exc:
            self.fail(f"archive write failed ({write_failure(exc)}): {exc}")
        if self.failure is not None:
            figures["status"] = "failed"
            error: str | None = self.failure
        else:
            figures["status"] = "finished" if reason == "finished" else "interrupted"
            error = None if reason == "finished" else reason
        self._finish_run(store, run_id, figures, error)
        self.summary = self._summary_from_database(store, run_id, figures)
        self.close()

    def _finish_run(self, store: Store, run_id: int, figures: dict[str, Any],
                    error: str | None) -> None:
        """Close the run's row. After a failed write the open transaction is rolled back
        first (what it held was never committed, so it is not counted); if even this
        write fails, the row stays 'running' and the next crawl or `newscrawl status`
        reports the run as interrupted."""
        if self.failure is not None:
            store.abandon()
            self._release_reserve()  # the room set aside for this write
        for attempt in (1, 2):
            try:
                store.finish_run(run_id, figures, error)
                return
            except StoreError as exc:
                store.abandon()
                store.checkpoint()  # the WAL may be the file that is full
                if attempt == 2:
                    log.error("cannot record the end of crawl run %d (%s): it will show as"
                              " interrupted", run_id, exc)

    @staticmethod
    def _summary_from_database(store: Store, run_id: int, figures: dict[str, Any]) -> dict[str, Any]:
        """The run's figures as the database holds them (article and error counts are
        written with the rows they count)."""
        try:
            row = store.run(run_id) or {}
            by_kind = store.error_kinds(run_id)
        except StoreError as exc:
            log.error("cannot read the run's figures back: %s", exc)
            return {**figures, "status": "unknown"}
        summary = dict(figures)
        for key in ("articles_new", "articles_updated", "articles_unchanged", "articles_gone"):
            summary[key] = row.get(key) or 0
        summary["errors"] = sum(by_kind.values())
        summary["errors_by_kind"] = json.dumps(by_kind, sort_keys=True)
        # Still 'running': the end could not be recorded (the next run marks it interrupted).
        recorded = row.get("status")
        summary["status"] = recorded if recorded and recorded != "running" else figures["status"]
        if row.get("error"):
            summary["error"] = row["error"]
        return summary

    def close(self) -> None:
        self._release_reserve()
        if self.store is not None:
            try:
                self.store.close()
            except StoreError as exc:
                # What the last batch held was not committed, and is not counted.
                log.error("%s", exc)
            self.store = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


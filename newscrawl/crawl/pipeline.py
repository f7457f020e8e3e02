"""Item pipeline: spider items → the Store (the one path from crawl to database)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from newscrawl.store import Store
from newscrawl.store.lock import ArchiveLock
from newscrawl.store.rest_facts import apply_rest_facts

log = logging.getLogger(__name__)

# Settings worth keeping with each run, so a researcher knows how it was crawled.
_RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "JOBDIR",
    "NEWSCRAWL_PROFILE", "NEWSCRAWL_TEMPLATE_LIMIT", "NEWSCRAWL_MAX_PAGINATION",
    "NEWSCRAWL_PROFILES",
)


def get_store(crawler: Any) -> Store:
    """The crawl's single Store, opened once per crawler and shared by its components."""
    store = getattr(crawler, "_newscrawl_store", None)
    if store is None:
        db = crawler.settings.get("NEWSCRAWL_DB")
        if not crawler.settings.getbool("NEWSCRAWL_LOCK_HELD"):
            # `scrapy crawl` (no newscrawl CLI around it) takes the archive lock here.
            lock = ArchiveLock(db)
            lock.acquire()
            crawler._newscrawl_lock = lock
        store = Store(db)
        # Read before this run's row exists; rows left 'running' belong to dead crawls.
        crawler.newscrawl_previous_status = store.last_run_status()
        store.interrupt_stale_runs()
        crawler._newscrawl_store = store
    return store


class StorePipeline:
    """Writes articles, gone marks and errors; opens and closes the crawl_runs row."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.store: Store | None = None
        self.run_id: int | None = None
        self.started = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        from scrapy import signals

        pipeline = cls(crawler)
        # spider_closed (not close_spider) carries the finish reason; it fires after the
        # last item has been written.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        self.store = get_store(self.crawler)
        settings = {k: self.crawler.settings.get(k) for k in _RECORDED_SETTINGS}
        self.run_id = self.store.start_run(list(getattr(spider, "seeds", [])), settings)
        self.crawler.newscrawl_run_id = self.run_id
        self.started = time.monotonic()

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        assert self.store is not None and self.run_id is not None
        stats = self.crawler.stats
        kind = item.get("type")
        if kind == "article":
            outcome = self.store.save_article(
                item["record"], fetched_at=item["fetched_at"], run_id=self.run_id
            )
            stats.inc_value(f"newscrawl/articles_{outcome}")
        elif kind == "rest_post":  # WordPress REST facts (see NewsSpider._rest_listing)
            self.store.put_rest_post(item["url"], item["wp_id"], item["data"])
            if item.get("apply"):
                apply_rest_facts(self.store, item["url"], item["data"], item["tz"],
                                 fetched_at=item["at"], run_id=self.run_id)
        elif kind == "listing":
            self.store.set_listing(item["url"], item["lastmod"], item["at"])
        elif kind == "seen":
            if self.store.touch(item["url"], seen_at=item["seen_at"], run_id=self.run_id):
                stats.inc_value("newscrawl/articles_unchanged")
        elif kind == "gone":
            if self.store.mark_gone(item["url"], seen_at=item["seen_at"], run_id=self.run_id):
                stats.inc_value("newscrawl/articles_gone")
        elif kind == "error":
            self.store.add_error(
                run_id=self.run_id,
                url=item["url"],
                kind=item["kind"],
                message=item.get("message") or "",
                at=item["at"],
            )
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.store is None or self.run_id is None:
            return
        summary = run_summary(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        summary["status"] = "finished" if reason == "finished" else "interrupted"
        self.crawler.newscrawl_finish_reason = reason
        self.store.finish_run(self.run_id, summary, None if reason == "finished" else reason)
        self.crawler.newscrawl_summary = summary
        self.store.close()
        self.crawler._newscrawl_store = None
        lock = getattr(self.crawler, "_newscrawl_lock", None)
        if lock is not None:
            lock.release()


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

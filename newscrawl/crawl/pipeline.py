"""Item pipeline: spider items → the Store (the one path from crawl to database).

The item types and what each one means are in ``newscrawl.crawl.items``; ``_WRITERS`` below
maps each to its Store call. The Store and the run id come from the crawl session. A write
the database refuses (disk full, I/O error: StoreError) is fatal: the session stops the
crawl, and no item is written after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newscrawl.archive.scrapy_ext import thread_cpu_ms
from newscrawl.archive.warc import write_failure
from newscrawl.crawl.items import (
    ArticleItem,
    ErrorItem,
    GoneItem,
    ListingItem,
    RestPostItem,
    SeenItem,
)
from newscrawl.crawl.session import CrawlSession
from newscrawl.store import Store, StoreError
from newscrawl.store.rest_facts import apply_rest_facts


def _article(store: Store, item: ArticleItem, run_id: int) -> str | None:
    return "articles_" + store.save_article(item.record, fetched_at=item.fetched_at, run_id=run_id)


def _seen(store: Store, item: SeenItem, run_id: int) -> str | None:
    return "articles_unchanged" if store.touch(item.url, seen_at=item.seen_at, run_id=run_id) else None


def _listing(store: Store, item: ListingItem, run_id: int) -> str | None:
    store.set_listing(item.url, item.lastmod, item.at)
    return None


def _rest_post(store: Store, item: RestPostItem, run_id: int) -> str | None:
    store.put_rest_post(item.url, item.wp_id, item.data)
    if item.apply:
        apply_rest_facts(store, item.url, item.data, item.tz, fetched_at=item.at, run_id=run_id)
    return None


def _gone(store: Store, item: GoneItem, run_id: int) -> str | None:
    return "articles_gone" if store.mark_gone(item.url, seen_at=item.seen_at, run_id=run_id) else None


def _error(store: Store, item: ErrorItem, run_id: int) -> str | None:
    store.add_error(run_id=run_id, url=item.url, kind=item.kind, message=item.message or "",
                    at=item.at)
    return None


# Item type → its write; the return value names the stat to count (newscrawl/<name>).
_WRITERS: dict[type, Callable[[Store, Any, int], str | None]] = {
    ArticleItem: _article,
    SeenItem: _seen,
    ListingItem: _listing,
    RestPostItem: _rest_post,
    GoneItem: _gone,
    ErrorItem: _error,
}


def write_item(store: Store, item: Any, run_id: int) -> str | None:
    """Write one item through ``store`` under ``run_id``; the name of the stat it counts
    (newscrawl/<name>), if any. TypeError for an object that is not a newscrawl item;
    StoreError when the archive refuses the write."""
    write = _WRITERS.get(type(item))
    if write is None:
        raise TypeError(f"not a newscrawl item: {item!r}")
    return write(store, item, run_id)


class StorePipeline:
    """Writes each item through the session's Store, under the session's run id."""

    def __init__(self, crawler: Any, session: CrawlSession) -> None:
        self.crawler = crawler
        self.session = session

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        session = crawler.get_extension(CrawlSession)
        if session is None:
            raise RuntimeError("StorePipeline needs the CrawlSession extension (EXTENSIONS)")
        return cls(crawler, session)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        session = self.session
        assert session.store is not None and session.run_id is not None
        if type(item) not in _WRITERS:
            raise TypeError(f"not a newscrawl item: {item!r}")
        if session.failure is not None:
            return item  # the archive failed: the crawl is stopping, nothing more is stored
        with thread_cpu_ms(self.crawler.stats, "newscrawl/cpu_ms/store"):
            try:
                stat = write_item(session.store, item, session.run_id)
            except StoreError as exc:
                session.fail(f"archive write failed ({write_failure(exc)}): {exc}")
                return item
        if stat:
            self.crawler.stats.inc_value(f"newscrawl/{stat}")
        return item

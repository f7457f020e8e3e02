"""Downloader middleware: conditional requests from the archive's last capture.

An unchanged page then costs one 304 and no body. Scrapy's HttpCacheMiddleware could
revalidate too, but it would keep a second copy of every page beside the WARC files,
which are already the archive of record.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from newscrawl.crawl.session import CrawlSession


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since from ``Store.validators(url)``."""

    def __init__(self, session: CrawlSession | None) -> None:
        self.session = session

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_CONDITIONAL", True):
            raise NotConfigured
        return cls(crawler.get_extension(CrawlSession))

    def process_request(self, request: Any, spider: Any = None) -> None:
        if request.meta.get("conditional") is False or request.method != "GET":
            return None
        if request.url.endswith("/robots.txt"):
            # Scrapy's robots middleware would parse a 304's empty body as "allow all".
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        store = self.session.store if self.session is not None else None
        if store is None:
            return None
        etag, last_modified = store.validators(request.url)
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        return None

"""What the spider keeps of a page once it has read it: nothing (its parsed tree included)."""

from __future__ import annotations

import asyncio
import gc
import weakref

from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.crawl.links import page_links
from newscrawl.extract.model import Article
from newscrawl.extract.parse import parse_html
from tests.test_sitemap_stream import _Policy, _spider


class _LinkPolicy(_Policy):
    def skip_link(self, url: str) -> bool:
        return self.covered(url)


class _Pages:
    """Extraction stand-in: every page is a listing (not an article); its links read as
    the extraction worker reads them."""

    async def extract(self, url: str, html: str, links: bool = False,
                      ) -> tuple[Article, None, list[tuple[str, bool]] | None]:
        found = list(page_links(parse_html(html)[0], url)) if links else None
        return Article(url=url, page_type="archive"), None, found


def _read(spider, response) -> list:  # type: ignore[no-untyped-def]
    async def collect() -> list:
        return [out async for out in spider._parse_html(response)]

    return asyncio.run(collect())


def test_a_read_page_is_freed_without_the_cyclic_gc():
    # Scrapy's Selector refers back to its response: a selector cached on the response
    # (response.selector) is a reference cycle, and the page's lxml tree waited for a full
    # collection. The spider parses the page without caching the selector on it.
    spider = _spider()
    spider.policy = _LinkPolicy()
    spider.pages = _Pages()
    links = "".join(f'<a href="/2024/05/story-{i}/">story {i}</a>' for i in range(5))
    url = "https://example.org/category/news/"
    response = HtmlResponse(url, body=f"<html><body>{links}</body></html>".encode(),
                            encoding="utf-8", request=Request(url, meta={"source": "seed"}))
    gc.collect()
    gc.disable()
    try:
        out = _read(spider, response)
        assert [r.url for r in out if isinstance(r, Request)][-5:] == [
            f"https://example.org/2024/05/story-{i}/" for i in range(5)]
        assert response._cached_selector is None
        ref = weakref.ref(response)
        del response, out
        assert ref() is None  # freed by its reference count alone
    finally:
        gc.enable()


def test_the_complete_listings_next_page_is_not_put_off_by_its_depth():
    # Found one page deeper each time, the home pagination sank below every article under
    # DEPTH_PRIORITY and ran alone, page after page, at the end of the crawl.
    spider = _spider()
    spider.policy = _LinkPolicy()
    base = "https://example.org"
    out = list(spider._follow([(f"{base}/page/7/", False), (f"{base}/2024/05/story/", False)],
                              depth=6))
    by_url = {r.url: r.priority for r in out}
    assert by_url == {f"{base}/page/7/": 7, f"{base}/2024/05/story/": 0}

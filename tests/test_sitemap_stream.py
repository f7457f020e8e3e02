"""Sitemaps read one entry at a time (``listings.read_sitemap``), hardened, and what the
spider does with one that is broken or breaks off."""

from __future__ import annotations

import gzip
import types

import pytest

from newscrawl.crawl import listings
from newscrawl.crawl.items import ErrorItem
from tests.faults.hostile import XML_BOMB

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(n: int, *, start: int = 0, host: str = "https://example.org") -> bytes:
    rows = "".join(
        f"<url><loc>{host}/2024/05/story-{i}/</loc>"
        f"<lastmod>2024-05-{1 + i % 28:02d}T10:00:00+00:00</lastmod>"
        f"<image:image><image:loc>{host}/i/{i}.jpg</image:loc></image:image></url>\n"
        for i in range(start, start + n))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}"'
            f' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n{rows}</urlset>\n'
            ).encode()


def read_all(body: bytes, max_size: int = 32 * 2**20) -> tuple[str, list]:
    kind, entries = listings.read_sitemap(body, max_size)
    return kind, list(entries)


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "gzip"])
def test_a_50000_url_sitemap_is_read_whole_in_order(zipped):
    body = urlset(50_000)
    kind, entries = listings.read_sitemap(gzip.compress(body) if zipped else body, 32 * 2**20)
    assert kind == "urlset"
    assert isinstance(entries, types.GeneratorType)  # lazy: no list of 50,000 entries
    first = next(entries)
    assert first == ("https://example.org/2024/05/story-0/", "2024-05-01T10:00:00+00:00")
    rest = list(entries)
    assert len(rest) == 49_999
    assert rest[-1] == ("https://example.org/2024/05/story-49999/", "2024-05-20T10:00:00+00:00")
    # <image:loc> is no entry of its own, and never taken for the page's loc
    assert not [loc for loc, _ in rest if loc.endswith(".jpg")]


def test_sitemap_index_and_entries_without_loc_or_lastmod():
    body = (f'<sitemapindex xmlns="{NS}"><!-- Yoast -->'
            "<sitemap><loc> https://example.org/post-sitemap.xml </loc>"
            "<lastmod> 2024-05-01T10:00:00+00:00 </lastmod></sitemap>"
            "<sitemap><lastmod>2024-05-01</lastmod></sitemap>"
            "<sitemap><loc>https://example.org/page-sitemap.xml</loc><lastmod/></sitemap>"
            "</sitemapindex>").encode()
    assert read_all(body) == ("sitemapindex", [
        ("https://example.org/post-sitemap.xml", "2024-05-01T10:00:00+00:00"),
        ("https://example.org/page-sitemap.xml", ""),
    ])


def test_a_document_that_is_not_a_sitemap_lists_nothing():
    assert read_all(b"<html><body><a href='/x'>x</a></body></html>") == ("html", [])


@pytest.mark.parametrize(("body", "reason"), [
    (b"", "not a readable sitemap"),
    (b"hello, not XML at all", "not a readable sitemap: the document is empty"),
    (b'{"urls": []}', "not a readable sitemap"),
    (b"\x1f\x8b\x08 not really gzip", "gzip:"),
], ids=["empty", "text", "json", "bad-gzip"])
def test_unreadable_sitemaps_raise_a_listing_error_with_the_reason(body, reason):
    with pytest.raises(listings.ListingError, match=reason):
        read_all(body)


def test_truncated_sitemaps_keep_the_entries_before_the_break():
    body = urlset(30)
    cut = body[:body.index(b"story-20/")]  # mid-<loc>
    _, entries = read_all(cut)
    assert [loc for loc, _ in entries] == [f"https://example.org/2024/05/story-{i}/"
                                          for i in range(20)]
    zipped = gzip.compress(urlset(3000))
    _, entries = read_all(zipped[:len(zipped) // 2])  # a download cut short
    assert 100 < len(entries) < 3000
    assert entries[0][0] == "https://example.org/2024/05/story-0/"


def test_entities_are_not_expanded():
    kind, entries = read_all(XML_BOMB)  # a billion laughs in <loc>
    assert (kind, entries) == ("urlset", [])
    external = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<urlset><url><loc>https://example.org/&x;</loc></url></urlset>')
    assert all("root:" not in loc for loc, _ in read_all(external)[1])


def test_a_gzip_bomb_is_cut_at_the_size_limit_after_the_entries_before_it():
    body = urlset(200)[:-len(b"</urlset>\n")] + b" " * (4 * 2**20) + b"</urlset>"
    kind, entries = listings.read_sitemap(gzip.compress(body), 2**20)
    assert kind == "urlset"
    read = []
    with pytest.raises(listings.ListingError, match="more than 1,048,576 bytes"):
        for entry in entries:
            read.append(entry)
    assert len(read) == 200  # streamed: what came before the limit was already handed out


# --- the spider -----------------------------------------------------------------------------

class _Policy:
    full = False

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def covered(self, url: str) -> bool:
        return url in self.seen

    def cover(self, url: str, wp_id: int | None = None) -> None:
        self.seen.add(url)

    def known(self, url: str) -> bool:
        return False


def _spider():
    from scrapy.utils.test import get_crawler

    from newscrawl.api import project_settings
    from newscrawl.crawl.spider import NewsSpider

    settings = project_settings({"DOWNLOAD_MAXSIZE": 2**20, "TWISTED_REACTOR_ENABLED": False})
    crawler = get_crawler(NewsSpider, settings.copy_to_dict())
    spider = NewsSpider.from_crawler(crawler, url="https://example.org/")
    spider.policy = _Policy()
    return spider


def _response(body: bytes):
    from scrapy.http import Request, Response

    url = "https://example.org/post-sitemap.xml"
    return Response(url, status=200, body=body, request=Request(url))


def test_spider_requests_every_entry_of_a_streamed_sitemap_once():
    spider = _spider()
    body = urlset(1500) + urlset(10, host="https://elsewhere.example")
    out = list(spider.parse_sitemap(_response(body)))
    urls = [r.url for r in out]
    assert len(urls) == len(set(urls)) == 1500  # the other site's entries are not followed
    assert all(r.callback == spider.parse_page and r.meta["source"] == "sitemap" for r in out)
    assert out[7].meta["lastmod"] == "2024-05-08T10:00:00+00:00"
    assert spider.crawler.stats.get_value("newscrawl/articles_expected") == 1500
    assert list(spider.parse_sitemap(_response(urlset(1500)))) == []  # covered this run


def test_spider_records_a_broken_sitemap_and_keeps_what_came_before_the_break():
    spider = _spider()
    (error,) = spider.parse_sitemap(_response(b"this is not a sitemap"))
    assert isinstance(error, ErrorItem) and error.kind == "bad_sitemap"
    assert "not a readable sitemap" in error.message

    bomb = urlset(50)[:-len(b"</urlset>\n")] + b" " * (2 * 2**20) + b"</urlset>"
    out = list(spider.parse_sitemap(_response(gzip.compress(bomb))))
    assert len(out) == 51 and [type(o) for o in out[-1:]] == [ErrorItem]
    assert out[-1].kind == "bad_sitemap" and "more than" in out[-1].message
    assert spider.crawler.stats.get_value("newscrawl/errors/bad_sitemap") == 2


def test_a_malformed_sitemap_entry_is_skipped_and_the_rest_read():
    # urllib refuses "http://[bad" (a bracket that is no IPv6 address): one such <loc>
    # must not lose the entries after it.
    spider = _spider()
    after = urlset(3, start=3)
    body = urlset(3)[:-len(b"</urlset>\n")] + b"<url><loc>http://[bad/x</loc></url>\n" + after[after.index(b"<url>"):]
    out = list(spider.parse_sitemap(_response(body)))
    assert len(out) == 6 and all(r.callback == spider.parse_page for r in out)


def test_robots_and_announced_feeds_skip_a_malformed_url():
    from parsel import Selector
    from scrapy.http import HtmlResponse

    robots = b"User-agent: *\nSitemap: http://[bad/s.xml\nSitemap: /sitemap_index.xml\n"
    assert listings.robots_sitemaps(robots, "https://example.org/robots.txt") == [
        "https://example.org/sitemap_index.xml"]
    spider = _spider()
    html = (b'<html><head><link rel="alternate" type="application/rss+xml" href="http://[bad/feed/">'
            b'<link rel="alternate" type="application/rss+xml" href="/news/feed/"></head><body></body></html>')
    response = HtmlResponse("https://example.org/", body=html, encoding="utf-8")
    out = list(spider._feeds_announced(Selector(text=html.decode()), response))
    assert [r.url for r in out] == ["https://example.org/news/feed/"]

"""Reading the documents that list a site's URLs: robots.txt, sitemaps, feeds.

Plain functions over bodies (no requests, no Store): the spider decides what to fetch.
"""

from __future__ import annotations

from urllib.parse import urljoin

import feedparser
from protego import Protego
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap


class ListingError(ValueError):
    """A sitemap or feed that cannot be read; the message says why."""


def robots_sitemaps(body: bytes, url: str) -> list[str]:
    """The absolute ``Sitemap:`` URLs of a robots.txt (ValueError-like on a broken file)."""
    robots = Protego.parse(body.decode("utf-8", "replace"))
    return [urljoin(url, u) for u in robots.sitemaps]


def read_sitemap(body: bytes, max_size: int) -> tuple[str, list[tuple[str, str | None]]]:
    """(type, [(loc, lastmod)]) of a sitemap or sitemap index, gzipped or not; type is
    "sitemapindex" or "urlset". ListingError when it cannot be read."""
    if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as a file
        try:
            body = gunzip(body, max_size=max_size)
        except Exception as exc:
            raise ListingError(f"gzip: {exc}") from exc
    try:
        sitemap = Sitemap(body)
        entries = [((e.get("loc") or "").strip(), e.get("lastmod")) for e in sitemap]
    except Exception as exc:
        raise ListingError(str(exc)) from exc
    return sitemap.type, [(loc, lastmod) for loc, lastmod in entries if loc]


def feed_links(body: bytes) -> list[str]:
    """The entry links of an RSS/Atom feed. ListingError when it has none and is broken."""
    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        raise ListingError(str(feed.get("bozo_exception")))
    links = (entry.get("link") or entry.get("id") for entry in feed.entries)
    return [link for link in links if link]


def announced_feeds(selector: object) -> list[str]:
    """The hrefs of a page's <link rel=alternate> RSS/Atom feeds (sites whose feed is not
    at WordPress's /feed/); ``selector`` is a Scrapy/parsel Selector."""
    return selector.xpath(  # type: ignore[attr-defined, no-any-return]
        "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href"
    ).getall()

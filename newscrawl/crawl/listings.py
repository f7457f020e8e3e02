"""Reading the documents that list a site's URLs: robots.txt, sitemaps, feeds.

Plain functions over bodies (no requests, no Store): the spider decides what to fetch.
"""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import feedparser
from lxml import etree
from protego import Protego

from newscrawl.extract.urls import join_url


class ListingError(ValueError):
    """A sitemap or feed that cannot be read; the message says why."""


def robots_sitemaps(body: bytes, url: str) -> list[str]:
    """The absolute ``Sitemap:`` URLs of a robots.txt (ValueError-like on a broken file)."""
    robots = Protego.parse(body.decode("utf-8", "replace"))
    # join_url gives "" for a URL urllib refuses ("http://[bad"): not a sitemap to ask for.
    return [joined for u in robots.sitemaps if (joined := join_url(url, u))]


# Entries of a sitemap are read one at a time: a 50,000-URL sitemap never becomes a list.
_SITEMAP_ENTRIES = frozenset({"url", "sitemap"})
_READ_CHUNK = 64 * 1024


class _LimitedGunzip(io.RawIOBase):
    """A gzip body decompressed as it is read, refused past ``max_size`` bytes (a gzip
    bomb); a truncated stream ends where its data ends, as Scrapy's ``gunzip`` does."""

    def __init__(self, body: bytes, max_size: int) -> None:
        self._gz = gzip.GzipFile(fileobj=io.BytesIO(body))
        self._max = max_size
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        try:
            chunk = self._gz.read1(n if n and n > 0 else _READ_CHUNK)
        except (OSError, EOFError, struct.error, zlib.error) as exc:
            if self.size:  # some data came out: what follows is lost, not fatal
                return b""
            raise ListingError(f"gzip: {exc or type(exc).__name__}") from exc
        self.size += len(chunk)
        if self._max and self.size > self._max:
            raise ListingError(f"gzip: more than {self._max:,} bytes once decompressed")
        return chunk


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rpartition("}")[2]


def _xml_error(exc: Exception) -> ListingError:
    text = str(exc).strip() or type(exc).__name__
    return ListingError(f"not a readable sitemap: {text}")


def read_sitemap(body: bytes, max_size: int) -> tuple[str, Iterator[tuple[str, str | None]]]:
    """(type, entries) of a sitemap or sitemap index, gzipped or not; type is the root
    element's name ("sitemapindex", "urlset", or whatever else the document is), and
    entries yields (loc, lastmod) one ``<url>``/``<sitemap>`` element at a time.

    Parsed incrementally (lxml ``iterparse``) and hardened as Scrapy's ``Sitemap``: no
    entity resolution, no DTD or network access, no huge-tree mode, a gzip body
    decompressed as it is read and cut at ``max_size`` bytes. Broken XML is read as far
    as it goes (``recover``). ListingError, with the reason, when the document cannot
    be read at all (raised here) or breaks off in a way the parser cannot recover from
    (raised while iterating, after the entries before it)."""
    source: Any = _LimitedGunzip(body, max_size) if body[:2] == b"\x1f\x8b" else io.BytesIO(body)
    events = etree.iterparse(
        source, events=("start", "end"), recover=True, resolve_entities=False,
        load_dtd=False, no_network=True, huge_tree=False, remove_comments=True,
        remove_pis=True, collect_ids=False,
    )
    try:
        _event, root = next(events)
    except ListingError:
        raise
    except StopIteration:
        raise ListingError("not a readable sitemap: the document is empty") from None
    except Exception as exc:
        raise _xml_error(exc) from exc
    return _local(root.tag), _sitemap_entries(events, root)


def _sitemap_entries(events: Any, root: Any) -> Iterator[tuple[str, str | None]]:
    # One entry is held back until the next one, or the end, shows it whole: in a
    # document cut short, the parser closes the last element itself, and its <loc> may
    # be a piece of a URL.
    held: tuple[str, str | None] | None = None
    try:
        for event, elem in events:
            if event != "end" or elem is root or _local(elem.tag) not in _SITEMAP_ENTRIES:
                continue
            loc, lastmod = "", None
            for child in elem:  # direct children only (not image:loc)
                name = _local(child.tag)
                if name == "loc":
                    loc = (child.text or "").strip()
                elif name == "lastmod":
                    lastmod = (child.text or "").strip()
            # Forget what was read: the tree never holds more than one entry.
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
            if loc:
                if held is not None:
                    yield held
                held = (loc, lastmod)
    except Exception as exc:
        if held is not None:  # the parse stopped before the end: what was closed is whole
            yield held
        raise exc if isinstance(exc, ListingError) else _xml_error(exc) from exc
    if held is not None and not _cut_inside_an_entry(events.error_log, root):
        yield held


def _cut_inside_an_entry(error_log: Any, root: Any) -> bool:
    """Whether the document ended inside an element other than the root (the last
    entry was closed by the parser, not by the document)."""
    root_name = root.tag.rpartition("}")[2] if isinstance(root.tag, str) else ""
    for error in error_log:
        if error.type_name == "ERR_TAG_NOT_FINISHED":
            # "Premature end of data in tag urlset line 1"
            tag = error.message.split(" in tag ", 1)[-1].split(" line ")[0].strip()
            if tag.rpartition(":")[2] != root_name:
                return True
    return False


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

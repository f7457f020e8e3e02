"""The news spider: discovery and routing only (parsing lives in newscrawl.extract).

Seeds per site: the home page, the sitemaps named in robots.txt plus the usual WordPress
locations (Yoast ``sitemap_index.xml``, core ``wp-sitemap.xml``), and the RSS feed. Every
HTML page in scope is parsed; articles become items, every page's links are followed
(archives and related-post links find what the sitemap misses), within trap limits.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.sitemap import Sitemap
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from newscrawl.errors import classify_failure
from newscrawl.extract import extract_article
from newscrawl.extract.profiles import profile_for
from newscrawl.urls import canonical_url, host_key, same_site, site_root, url_template

log = logging.getLogger(__name__)

DEFAULT_URL = "https://leigh-on-sea.news/"
SITEMAP_GUESSES = ("sitemap_index.xml", "wp-sitemap.xml")
FEED_GUESSES = ("feed/",)
_PAGINATION = re.compile(r"/page/(\d+)/?$|[?&]paged?=(\d+)")


def utcnow() -> str:
    """Now, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class NewsSpider(Spider):
    """Crawl one or more news sites (comma-separated ``url`` argument)."""

    name = "news"
    # 404/410 reach the callback: they mark archived articles as gone.
    handle_httpstatus_list = [404, 410]

    def __init__(self, url: str | None = None, profile: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        raw = url or DEFAULT_URL
        self.seeds = [u.strip() for u in raw.split(",") if u.strip()]
        for seed in self.seeds:
            if urlsplit(seed).scheme not in ("http", "https") or not urlsplit(seed).netloc:
                raise ValueError(f"not an http(s) URL: {seed!r}")
        self.hosts = frozenset(host_key(u) for u in self.seeds)
        self.profile_name = profile
        self.template_pages: Counter[str] = Counter()
        self.traps_reported: set[str] = set()
        self.stored: set[str] = set()
        self.trailing_slash: bool | None = None
        self.links = LinkExtractor(tags=("a", "area", "link"), attrs=("href",), unique=True)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.profile_name = spider.profile_name or settings.get("NEWSCRAWL_PROFILE") or None
        spider.deny = [re.compile(p) for p in settings.getlist("NEWSCRAWL_DENY")]
        spider.template_limit = settings.getint("NEWSCRAWL_TEMPLATE_LIMIT", 60)
        spider.max_pagination = settings.getint("NEWSCRAWL_MAX_PAGINATION", 5000)
        crawler.signals.connect(spider._on_response, signal=signals.response_received)
        return spider

    # --- seeds ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for seed in self.seeds:
            yield self._request(seed, self.parse_page, source="seed")
            root = site_root(seed)
            for path in SITEMAP_GUESSES:
                yield self._request(root + path, self.parse_sitemap, source="probe")
            for path in FEED_GUESSES:
                yield self._request(root + path, self.parse_feed, source="probe")

    def _request(self, url: str, callback: Any, *, source: str, **meta: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"source": source, **meta},
        )

    def _on_response(self, response: Response, request: Request, spider: Spider) -> None:
        """robots.txt is fetched by Scrapy's own middleware; its Sitemap: lines seed us."""
        if spider is not self or urlsplit(response.url).path != "/robots.txt":
            return
        if response.status != 200:
            return
        try:
            robots = Protego.parse(response.body.decode("utf-8", "replace"))
            sitemaps = list(robots.sitemaps)
        except Exception as exc:  # a broken robots.txt must not stop discovery
            log.warning("could not read sitemaps from %s: %s", response.url, exc)
            return
        for url in sitemaps:
            url = urljoin(response.url, url)
            if same_site(url, self.hosts):
                self.crawler.engine.crawl(self._request(url, self.parse_sitemap, source="robots"))

    # --- sitemaps and feeds ------------------------------------------------------------------
    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if response.status >= 400:
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:
            yield self._error(response.url, "bad_sitemap", str(exc), response.status)
            return
        for entry in sitemap:
            loc = (entry.get("loc") or "").strip()
            if not loc or not same_site(loc, self.hosts):
                continue
            url = canonical_url(loc, trailing_slash=self.trailing_slash)
            if sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap, source="sitemap")
            else:
                yield self._request(
                    url, self.parse_page, source="sitemap", lastmod=entry.get("lastmod")
                )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if response.status >= 400:
            return
        feed = feedparser.parse(response.body)
        if feed.bozo and not feed.entries:
            yield self._error(response.url, "bad_feed", str(feed.get("bozo_exception")), 200)
            return
        for entry in feed.entries:
            link = entry.get("link") or entry.get("id")
            if link and same_site(link, self.hosts):
                url = canonical_url(link, trailing_slash=self.trailing_slash)
                yield self._request(url, self.parse_page, source="feed")

    # --- pages ---------------------------------------------------------------------------
    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        if response.status in (404, 410):
            for item in self._gone(response):
                yield item
            return
        if not isinstance(response, TextResponse):
            return  # images, PDFs: nothing to parse
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if "xml" in ctype and "html" not in ctype:
            for item in self.parse_sitemap(response):
                yield item
            return
        profile = profile_for(response.url, self.profile_name) if self.profile_name else None
        try:
            # Off the reactor thread: parsing must not stall downloads.
            article = await maybe_deferred_to_future(
                deferToThread(extract_article, response.text, response.url, profile)
            )
        except Exception as exc:  # extraction promises not to raise; this is a last guard
            yield self._error(response.url, "extract_failed", repr(exc), response.status)
            return
        if article.is_article:
            item = self._article_item(article, response)
            if item is not None:
                yield item
        if self._expand(response, article.is_article):
            for request in self._follow(response):
                yield request

    def _article_item(self, article: Any, response: Response) -> dict[str, Any] | None:
        canon = article.canonical_url
        if not canon or not same_site(canon, self.hosts):
            canon = response.url
        if self.trailing_slash is None:
            self.trailing_slash = urlsplit(canon).path.endswith("/")
        canon = canonical_url(canon, trailing_slash=self.trailing_slash)
        if canon in self.stored:
            return None
        self.stored.add(canon)
        self._mark_seen(canon)
        article.url = canon
        article.canonical_url = canon
        for problem in article.problems:
            log.info("%s: %s", canon, problem)
        self.crawler.stats.inc_value("newscrawl/articles_parsed")
        return {
            "type": "article",
            "record": article.to_record(),
            "fetched_at": utcnow(),
            "fetched_url": response.url,
            "status": response.status,
        }

    def _gone(self, response: Response) -> Iterator[dict[str, Any]]:
        source = response.meta.get("source")
        url = canonical_url(response.url, trailing_slash=self.trailing_slash)
        yield {"type": "gone", "url": url, "status": response.status, "seen_at": utcnow()}
        if source != "probe":
            yield self._error(response.url, f"http_{response.status}", "", response.status)

    def _mark_seen(self, url: str) -> None:
        """Tell the dupefilter a canonical URL is done, so a later link to it is not fetched."""
        try:
            self.crawler.engine._slot.scheduler.df.request_seen(Request(url))
        except AttributeError:  # internals moved: the only cost is one extra request
            pass

    def _expand(self, response: Response, is_article: bool) -> bool:
        """Whether to follow this page's links: bounded for endless URL families."""
        if is_article:
            return True
        match = _PAGINATION.search(response.url)
        if match:
            return int(match.group(1) or match.group(2)) <= self.max_pagination
        parts = urlsplit(response.url)
        if not re.search(r"\d", parts.path + parts.query):
            return True  # a named page (about, a category): one of a kind, not a family
        template = url_template(response.url)
        self.template_pages[template] += 1
        if self.template_pages[template] <= self.template_limit:
            return True
        if template not in self.traps_reported:
            self.traps_reported.add(template)
            log.warning("possible crawler trap, not expanding further: %s", template)
            self.crawler.stats.inc_value("newscrawl/traps")
        return False

    def _follow(self, response: Response) -> Iterator[Request]:
        for link in self.links.extract_links(response):
            url = link.url
            if not same_site(url, self.hosts) or any(d.search(url) for d in self.deny):
                continue
            if link.nofollow and "/page/" not in url:
                continue
            yield self._request(
                canonical_url(url, trailing_slash=self.trailing_slash),
                self.parse_page,
                source="link",
            )

    # --- errors ------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[dict[str, Any]]:
        request = failure.request
        if request.meta.get("source") == "probe" and failure.check(HttpError):
            return  # a guessed sitemap/feed location that does not exist is not an error
        kind, message, status = classify_failure(failure)
        if kind == "robots":
            return  # forbidden by robots.txt: counted by Scrapy, not a fault
        log.warning("%s: %s %s", request.url, kind, message)
        yield self._error(request.url, kind, message, status)

    def _error(self, url: str, kind: str, message: str, status: int | None) -> dict[str, Any]:
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        self.crawler.stats.inc_value("newscrawl/errors")
        return {
            "type": "error",
            "url": url,
            "kind": kind,
            "message": message,
            "status": status,
            "at": utcnow(),
        }

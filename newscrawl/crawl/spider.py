"""The news spider: discovery and routing only (parsing lives in newscrawl.extract).

Seeds per site: the home page, the sitemaps named in robots.txt plus the usual WordPress
locations (Yoast ``sitemap_index.xml``, core ``wp-sitemap.xml``), and the RSS feed. Every
HTML page in scope is parsed; articles become items, every page's links are followed
(archives and related-post links find what the sitemap misses), within trap limits.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from dateutil.parser import isoparse
from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from newscrawl import DEFAULT_URL
from newscrawl.crawl.failures import classify_failure
from newscrawl.crawl.items import (
    ArticleItem,
    ErrorItem,
    GoneItem,
    ListingItem,
    RestPostItem,
    SeenItem,
)
from newscrawl.crawl.links import page_links
from newscrawl.crawl.session import CrawlSession
from newscrawl.crawl.templates import SiteTemplates, profiles_enabled
from newscrawl.crawl.urls import (
    article_url,
    canonical_url,
    check_seed,
    host_key,
    same_site,
    site_root,
    url_template,
)
from newscrawl.extract import extract_article
from newscrawl.extract.profiles import GENERIC, profile_for
from newscrawl.extract.rest import RestMaps, media_captions, merge_rest, name_map, parse_posts
from newscrawl.store.clock import utcnow

log = logging.getLogger(__name__)

SITEMAP_GUESSES = ("sitemap_index.xml", "wp-sitemap.xml", "sitemap.xml")
FEED_GUESSES = ("feed/",)
_SHORTLINK = re.compile(r"^https?://[^/]+/\?p=(\d+)$")
_PAGINATION = re.compile(r"/page/(\d+)/?$|[?&]paged?=(\d+)")


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


class NewsSpider(Spider):
    """Crawl one or more news sites (comma-separated ``url`` argument)."""

    name = "news"
    # 404/410 reach the callback (they mark archived articles as gone), and so do 304s
    # (an unchanged page of a recrawl).
    handle_httpstatus_list = [304, 404, 410]

    def __init__(self, url: str | None = None, profile: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        raw = url or DEFAULT_URL
        self.seeds = [check_seed(u) for u in raw.split(",") if u.strip()]
        self.hosts = frozenset(host_key(u) for u in self.seeds)
        self.profile_name = profile
        self.template_pages: Counter[str] = Counter()
        self.traps_reported: set[str] = set()
        self.stored: set[str] = set()
        self.trailing_slash: bool | None = None
        # Every URL this run requested or found fresh in a sitemap: live articles outside
        # it are checked at the end (conditionally), which also notices removals.
        self.covered: set[str] = set()
        self.verified = False
        self.full = False
        self.sitemap_roots: set[str] = set()
        self.wp_ids: set[int] = set()
        self.rest_roots: set[str] = set()  # sites whose REST listing was read
        self.rest_waiting: dict[str, list[str] | None] = {}  # sitemaps held until it ends

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.profile_name = spider.profile_name or settings.get("NEWSCRAWL_PROFILE") or None
        # One alternation: every link of every page is tested against it.
        deny = settings.getlist("NEWSCRAWL_DENY")
        spider.deny = re.compile("|".join(f"(?:{p})" for p in deny) if deny else r"(?!)")
        spider.template_limit = settings.getint("NEWSCRAWL_TEMPLATE_LIMIT", 60)
        spider.max_pagination = settings.getint("NEWSCRAWL_MAX_PAGINATION", 5000)
        spider.full_setting = settings.getbool("NEWSCRAWL_FULL")
        spider.profiles = profiles_enabled(settings.get("NEWSCRAWL_PROFILES", "on"))
        from newscrawl.archive.scrapy_ext import warc_dir

        spider.warc_dir = warc_dir(settings)
        crawler.signals.connect(spider._on_response, signal=signals.response_received)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    @property
    def templates(self) -> SiteTemplates | None:
        """The crawl's site-template learner (an extension; None when turned off)."""
        if not hasattr(self, "_templates"):
            self._templates = self.crawler.get_extension(SiteTemplates)
        return self._templates

    @property
    def session(self) -> CrawlSession:
        session = self.crawler.get_extension(CrawlSession)
        assert session is not None, "the news spider needs the CrawlSession extension"
        return session

    @property
    def store(self) -> Any:
        return self.session.open()

    # --- seeds ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        # A recrawl trusts sitemap lastmod to skip unchanged pages, unless asked not to or
        # the last crawl did not finish (its frontier is lost: walk everything, with 304s).
        self.store  # noqa: B018 - opens the archive (and reads the previous run) first
        last = self.session.previous_status
        self.full = self.full_setting or last not in (None, "finished")
        if last not in (None, "finished"):
            log.info("previous crawl ended as %r: walking the whole site (conditionally)", last)
        for seed in self.seeds:
            async for out in self._rest_listing(site_root(seed)):  # REST facts first
                yield out
            yield self._request(seed, self.parse_page, source="seed")
            root = site_root(seed)
            # Sitemaps come from robots.txt (see _on_response); the usual WordPress
            # locations are guessed only when it names none.
            for path in FEED_GUESSES:
                yield self._request(root + path, self.parse_feed, source="probe")

    def _request(self, url: str, callback: Any, *, source: str, **meta: Any) -> Request:
        if source not in ("probe", "robots"):
            self.covered.add(url)
        if source in ("sitemap", "rest") and callback == self.parse_page:  # progress total
            self.crawler.stats.inc_value("newscrawl/articles_expected")
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
        sitemaps: list[str] = []
        if response.status == 200:
            try:
                robots = Protego.parse(response.body.decode("utf-8", "replace"))
                sitemaps = [urljoin(response.url, u) for u in robots.sitemaps]
            except Exception as exc:  # a broken robots.txt must not stop discovery
                log.warning("could not read sitemaps from %s: %s", response.url, exc)
        self._schedule_sitemaps(site_root(response.url), sitemaps)

    def _schedule_sitemaps(self, root: str, sitemaps: list[str]) -> None:
        """Sitemaps named by robots.txt, or else the usual WordPress locations."""
        if root in self.rest_waiting:  # after the REST listing (see _rest_listing)
            self.rest_waiting[root] = sitemaps
            return
        if root in self.sitemap_roots:
            return
        self.sitemap_roots.add(root)
        sitemaps = [u for u in sitemaps if same_site(u, self.hosts)]
        source = "robots" if sitemaps else "probe"
        for url in sitemaps or [root + path for path in SITEMAP_GUESSES]:
            self.crawler.engine.crawl(self._request(url, self.parse_sitemap, source=source))

    # --- sitemaps and feeds ------------------------------------------------------------------
    def _listing_body(self, response: Response, callback: Any) -> bytes | Request | None:
        """A sitemap's or feed's body: as received, or read back from the WARC files for a
        304, or a request to fetch it again when it cannot be (None for an error page)."""
        if response.status >= 400:
            return None
        if response.status != 304:
            return response.body
        body = self._replay(response.url)
        return body if body is not None else self._refetch(response, callback)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = self._listing_body(response, self.parse_sitemap)
        if not isinstance(body, bytes):
            if body is not None:
                yield body
            return
        if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as a file
            try:
                body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception as exc:
                yield self._error(response.url, "bad_sitemap", f"gzip: {exc}", response.status)
                return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:
            yield self._error(response.url, "bad_sitemap", str(exc), response.status)
            return
        for entry in sitemap:
            loc = (entry.get("loc") or "").strip()
            if not loc or not same_site(loc, self.hosts):
                continue
            url = canonical_url(loc, trailing_slash=self.trailing_slash)
            if url in self.covered:
                continue
            if sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap, source="sitemap")
            elif self._known(url):
                lastmod = entry.get("lastmod")
                if lastmod and self._fresh(url, lastmod):
                    self.covered.add(url)
                    self._mark_seen(url)
                    now = utcnow()
                    yield SeenItem(url, seen_at=now)
                    yield ListingItem(url, lastmod.strip(), at=now)
                elif lastmod:
                    yield self._request(url, self.parse_page, source="sitemap", lastmod=lastmod)
                # No lastmod: an archived article is checked at the end unless covered.
            else:
                yield self._request(
                    url, self.parse_page, source="sitemap", lastmod=entry.get("lastmod")
                )

    def _known(self, url: str) -> bool:
        """In a recrawl (not a full walk): has the archive captured this URL before?"""
        return not self.full and self.store.captured(url)

    def _known_shortlink(self, url: str) -> bool:
        """A WordPress ``?p=ID`` link to a post this run stored, or the archive holds."""
        match = _SHORTLINK.search(url)
        if not match:
            return False
        wp_id = int(match.group(1))
        if wp_id in self.wp_ids:
            return True
        return not self.full and self.store.has_wp_id(wp_id)

    def _fresh(self, url: str, lastmod: str) -> bool:
        """Whether a sitemap entry is unchanged since the archive last fetched it.

        Compared, in order: with the lastmod recorded at the last fetch (same value, same
        page, whatever the clocks say); with the archived article's own modified date
        (the site's clock on both sides); with the time of the last capture."""
        lastmod = lastmod.strip()
        previous = self.store.listing(url)
        if previous is not None:
            return previous == lastmod
        try:
            changed = _aware(isoparse(lastmod))
        except (ValueError, OverflowError):
            return False
        article = self.store.article(url)
        reference = (article or {}).get("modified") or (article or {}).get("published")
        if not reference:
            reference = self.store.last_fetched(url)
        if not reference:
            return False
        try:
            return changed <= _aware(isoparse(reference))
        except (ValueError, OverflowError):
            return False

    def _replay_capture(self, url: str) -> Any:
        """The last full capture of ``url``, read back from the WARC files (or None)."""
        from newscrawl.archive import read_capture

        capture = self.store.last_response(url)
        if not capture or not self.warc_dir:
            return None
        try:
            return read_capture(
                capture["warc_filename"], capture["warc_offset"], directory=self.warc_dir
            )
        except Exception as exc:  # a damaged archive: fetch the page again instead
            log.warning("cannot replay %s from the archive: %s", url, exc)
            return None

    def _replay(self, url: str) -> bytes | None:
        capture = self._replay_capture(url)
        return None if capture is None else capture.body

    def _refetch(self, response: Response, callback: Any) -> Request:
        """Ask again without validators when a 304 cannot be replayed from the archive."""
        return response.request.replace(
            callback=callback, dont_filter=True,
            meta={**response.meta, "conditional": False},
        )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        body = self._listing_body(response, self.parse_feed)
        if not isinstance(body, bytes):
            if body is not None:
                yield body
            return
        feed = feedparser.parse(body)
        if feed.bozo and not feed.entries:
            yield self._error(response.url, "bad_feed", str(feed.get("bozo_exception")), 200)
            return
        for entry in feed.entries:
            link = entry.get("link") or entry.get("id")
            if link and same_site(link, self.hosts):
                url = canonical_url(link, trailing_slash=self.trailing_slash)
                if self._known(url):
                    continue  # edits show in sitemap lastmod; the end-of-run check does the rest
                yield self._request(url, self.parse_page, source="feed")

    # --- pages ---------------------------------------------------------------------------
    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        if response.status in (404, 410):
            for item in self._gone(response):
                yield item
            return
        lastmod = response.meta.get("lastmod")
        if lastmod and response.status in (200, 304):
            url = canonical_url(response.url, trailing_slash=self.trailing_slash)
            yield ListingItem(url, lastmod.strip())
        if response.status == 304:
            async for item in self._not_modified(response):
                yield item
            return
        async for item in self._parse_html(response):
            yield item

    async def _not_modified(self, response: Response) -> AsyncIterator[Any]:
        """A 304: the archive has this page. Articles are marked seen; a page whose record
        is missing (a crawl killed between capture and save), and every page of a full
        walk, is re-read from the WARC files."""
        url = canonical_url(response.url, trailing_slash=self.trailing_slash)
        known = self.store.article(url) is not None
        if known and not self.full:
            yield SeenItem(url)
            return
        capture = self._replay_capture(response.url)
        if capture is None:
            if known:
                yield SeenItem(url)
            else:
                yield self._refetch(response, self.parse_page)
            return
        replayed = HtmlResponse(
            response.url, status=200, body=capture.body, request=response.request,
            headers=[(k, v) for k, v in capture.headers
                     if k.lower() in ("content-type", "etag", "last-modified")],
        )
        # An unchanged page of a recrawl yields no new links; a full walk goes on.
        async for item in self._parse_html(replayed, expand=self.full):
            yield item

    async def _parse_html(self, response: Response, expand: bool = True) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            return  # images, PDFs: nothing to parse
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if "xml" in ctype and "html" not in ctype:
            for item in self.parse_sitemap(response):
                yield item
            return
        if not getattr(self, "profiles", True):
            profile = GENERIC  # NEWSCRAWL_PROFILES=off: the learned template only
        else:
            profile = profile_for(response.url, self.profile_name) if self.profile_name else None
        templates = self.templates
        site = templates.template_for(response.url) if templates is not None else None
        try:
            # Off the reactor thread: parsing must not stall downloads.
            article = await maybe_deferred_to_future(
                deferToThread(extract_article, response.text, response.url, profile, site=site)
            )
        except Exception as exc:  # extraction promises not to raise; this is a last guard
            yield self._error(response.url, "extract_failed", repr(exc), response.status)
            return
        if article.is_article:
            item = self._article_item(article, response)
            if item is not None:
                if templates is not None:
                    templates.observe(item.record["url"], response.url, article.features, site)
                yield item
        if response.meta.get("source") == "seed":
            for request in self._feeds_announced(response):
                yield request
        if expand and self._expand(response, article.is_article):
            for request in self._follow(response):
                yield request

    def _article_item(self, article: Any, response: Response) -> ArticleItem | None:
        canon = article_url(article.canonical_url, response.url)
        if self.trailing_slash is None:  # learn the site's permalink style once
            self.trailing_slash = urlsplit(canon).path.endswith("/")
        if canon in self.stored:
            return None
        self.stored.add(canon)
        self.covered.add(canon)
        if article.wp_id:
            self.wp_ids.add(article.wp_id)
        self._mark_seen(canon)
        article.url = canon
        article = self._with_rest(article, canon)
        for problem in article.problems:
            log.info("%s: %s", canon, problem)
        self.crawler.stats.inc_value("newscrawl/articles_parsed")
        return ArticleItem(article.to_record(), fetched_url=response.url, status=response.status)

    def _gone(self, response: Response) -> Iterator[GoneItem | ErrorItem]:
        source = response.meta.get("source")
        url = canonical_url(response.url, trailing_slash=self.trailing_slash)
        yield GoneItem(url, response.status)
        if source not in ("probe", "verify"):  # a removed article is news, not a fault
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

    def _feeds_announced(self, response: Response) -> Iterator[Request]:
        """Feeds the home page names in <link rel=alternate> (sites whose feed is not at
        WordPress's /feed/)."""
        for href in response.xpath(
            "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href"
        ).getall():
            url = canonical_url(response.urljoin(href))
            if same_site(url, self.hosts) and "/comments/" not in url:
                yield self._request(url, self.parse_feed, source="feed")

    def _follow(self, response: Response) -> Iterator[Request]:
        for url, nofollow in page_links(response.selector.root, response.url):
            if not same_site(url, self.hosts) or self.deny.search(url):
                continue
            if nofollow and "/page/" not in url:
                continue
            url = canonical_url(url, trailing_slash=self.trailing_slash)
            if url in self.covered or self._known(url) or self._known_shortlink(url):
                continue  # archived pages are re-checked through sitemaps and the end check
            yield self._request(url, self.parse_page, source="link")

    # --- WordPress REST API ----------------------------------------------------------------
    # Design (facts first, one merge): a site's REST listing is read before its home page,
    # feed and sitemaps are requested: start() awaits it, and the sitemaps robots.txt names
    # wait for it (`_schedule_sitemaps`). Its facts go to the store (`rest_posts`) as items,
    # and the posts to fetch are requested only after the whole listing, so every article
    # page parsed later finds its facts there and is merged once, in `_article_item`: no
    # second write, no extra version. Only one page of posts (100) and the term/user names
    # are in memory at a time. On a recrawl a post whose modified_gmt is unchanged is not
    # fetched (like a fresh sitemap entry); when only its REST facts changed (terms, a
    # caption, or an API that was locked before), the pipeline applies them to the
    # archived row in place. A 401/403/404, robots.txt or a non-JSON answer: HTML only.
    async def _rest_listing(self, root: str) -> AsyncIterator[Any]:
        """The site's ``/wp-json/wp/v2/posts`` pages: rest_post items, then page requests."""
        if root in self.rest_roots or not self.crawler.settings.getbool("NEWSCRAWL_REST", True):
            return
        self.rest_roots.add(root)
        self.rest_waiting[root] = None
        pending: list[str] = []
        try:
            async for out in self._rest_posts(root, pending):
                yield out
        except Exception as exc:  # the REST API is a bonus: never stop the HTML crawl
            log.warning("REST API listing of %s stopped: %r", root, exc)
        for url in pending:
            if url not in self.covered:
                yield self._request(url, self.parse_page, source="rest")
        sitemaps = self.rest_waiting.pop(root, None)
        if sitemaps is not None:
            self._schedule_sitemaps(root, sitemaps)

    async def _rest_posts(self, root: str, pending: list[str]) -> AsyncIterator[Any]:
        # orderby=id: a post published during the listing lands on the last page instead
        # of shifting every page (and every page's ETag) by one.
        template = root + "wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=id&order=asc&page={}"
        tz = profile_for(root, self.profile_name).timezone
        maps: RestMaps | None = None
        page = total = 1
        while page <= min(total, self.max_pagination):
            got = await self._rest_get(template.format(page), "posts" if page == 1 else "")
            if got is None:
                return
            payload, total = got
            posts = parse_posts(payload)
            if maps is None and any(p.needs_maps for p in posts):
                maps = await self._rest_maps(root)  # the site ignores _embed
            for post in posts:
                post.resolve(maps or RestMaps())
            media = sorted({p.featured_media for p in posts if p.needs_caption and p.featured_media})
            if media:
                captions = await self._rest_captions(root, media)
                for post in posts:
                    post.resolve(RestMaps(captions=captions))
            for post in posts:
                for out in self._rest_post_items(post, tz, pending):
                    yield out
            page += 1

    def _rest_post_items(self, post: Any, tz: str, pending: list[str]) -> Iterator[Any]:
        if not same_site(post.link, self.hosts):
            return
        if self.trailing_slash is None:
            self.trailing_slash = urlsplit(post.link).path.endswith("/")
        url = canonical_url(post.link, trailing_slash=self.trailing_slash)
        facts = post.facts()
        old = self.store.rest_post(url)  # read before this run's facts replace it
        apply = False
        if url not in self.covered:
            if self._known(url) and self._rest_fresh(url, old, facts):
                self.covered.add(url)
                self._mark_seen(url)
                yield SeenItem(url)
                apply = old != facts
            else:
                pending.append(url)
        yield RestPostItem(url, post.wp_id, facts, tz, apply=apply)

    def _rest_fresh(self, url: str, old: dict[str, Any] | None, facts: dict[str, Any]) -> bool:
        """Whether an archived post is unchanged since the archive last fetched its page."""
        if self.store.article(url) is None:
            return False  # captured but never stored (a crawl killed in between)
        if old is not None:
            return old.get("modified") == facts.get("modified")
        fetched, modified = self.store.last_fetched(url), facts.get("modified")
        if not fetched or not modified:
            return False
        try:
            return _aware(isoparse(modified)) <= _aware(isoparse(fetched))
        except (ValueError, OverflowError):
            return False

    async def _rest_maps(self, root: str) -> RestMaps:
        """Category, tag and user names, for a site whose posts do not embed them."""
        maps = RestMaps()
        for route, target in (("categories", maps.categories), ("tags", maps.tags),
                              ("users", maps.users)):
            page = total = 1
            while page <= min(total, self.max_pagination):
                got = await self._rest_get(
                    f"{root}wp-json/wp/v2/{route}?per_page=100&_fields=id,name&page={page}", route
                )
                if got is None:
                    break
                target.update(name_map(got[0]))
                total, page = got[1], page + 1
        return maps

    async def _rest_captions(self, root: str, ids: list[int]) -> dict[int, str]:
        """Captions of one posts page's featured images (one request)."""
        include = ",".join(str(i) for i in ids)
        got = await self._rest_get(
            f"{root}wp-json/wp/v2/media?include={include}&per_page=100&_fields=id,caption", "media"
        )
        return media_captions(got[0]) if got else {}

    async def _rest_get(self, url: str, route: str, conditional: bool = True) -> tuple[Any, int] | None:
        """(JSON payload, X-WP-TotalPages) of a REST URL, or None (logged once, at INFO:
        a locked or missing API is the normal case, not an error)."""
        request = Request(url, dont_filter=True, meta={
            "source": "rest", "handle_httpstatus_list": [304, 400, 401, 403, 404, 410],
            **({} if conditional else {"conditional": False}),
        })
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            self._rest_unavailable(route, classify_failure(Failure(exc))[0])
            return None
        body, headers = response.body, response.headers
        if response.status == 304:  # unchanged since the last crawl: read it from the WARC
            capture = self._replay_capture(url)
            if capture is None:
                return await self._rest_get(url, route, conditional=False)
            body = capture.body
            headers = {k.lower(): v for k, v in capture.headers}
        elif response.status != 200:
            self._rest_unavailable(route, str(response.status))
            return None
        try:
            payload = json.loads(body.decode("utf-8-sig", "replace"))
        except ValueError:
            payload = None
        if not isinstance(payload, list):
            self._rest_unavailable(route, "not JSON")
            return None
        raw = headers.get("x-wp-totalpages") or headers.get(b"X-WP-TotalPages") or b"1"
        raw = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        return payload, int(raw) if raw.strip().isdigit() else 1

    def _rest_unavailable(self, route: str, why: str) -> None:
        if route == "posts":
            log.info("REST API not available (%s): using HTML only", why)
        elif route:
            log.info("REST %s not available (%s): names and captions come from the page", route, why)
        else:
            log.info("REST API listing stopped (%s): the rest comes from the HTML", why)

    def _with_rest(self, article: Any, url: str) -> Any:
        """The article with this site's REST facts merged in, when the listing had it."""
        facts = self.store.rest_post(url)
        if facts is None:
            return article
        return merge_rest(article, facts, profile_for(url, self.profile_name).timezone)

    # --- the end of a run: what left the site ---------------------------------------------
    def _on_idle(self, spider: Spider) -> None:
        """Once, when the frontier is empty: archived live articles this run did not cover
        are asked for again (conditionally); a 404/410 then marks them gone."""
        if spider is not self:
            return
        from scrapy.exceptions import DontCloseSpider

        missing = [r for r in {site_root(u) for u in self.seeds} if r not in self.sitemap_roots]
        if missing:  # robots.txt never answered: guess the sitemaps
            for root in missing:
                self._schedule_sitemaps(root, [])
            raise DontCloseSpider
        if self.verified:
            return
        self.verified = True

        count = 0
        for url in self.store.live_urls():
            if url in self.covered or not same_site(url, self.hosts):
                continue
            count += 1
            self.crawler.engine.crawl(self._request(url, self.parse_page, source="verify"))
        if count:
            log.info("checking %d archived articles not covered by sitemaps this time", count)
            raise DontCloseSpider

    # --- errors ------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[ErrorItem]:
        request = failure.request
        if request.meta.get("source") == "probe" and failure.check(HttpError):
            return  # a guessed sitemap/feed location that does not exist is not an error
        kind, message, status = classify_failure(failure)
        if kind == "robots":
            return  # forbidden by robots.txt: counted by Scrapy, not a fault
        log.warning("%s: %s %s", request.url, kind, message)
        yield self._error(request.url, kind, message, status)

    def _error(self, url: str, kind: str, message: str, status: int | None) -> ErrorItem:
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        self.crawler.stats.inc_value("newscrawl/errors")
        return ErrorItem(url, kind, message, status)

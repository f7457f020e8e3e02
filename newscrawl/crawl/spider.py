"""The news spider: discovery and routing only (which URL, which callback).

Seeds per site: the WordPress REST listing (``rest_listing.py``) first, the home page, the
sitemaps named in robots.txt (or else the usual WordPress locations: Yoast
``sitemap_index.xml``, core ``wp-sitemap.xml``), and the RSS feed. Every HTML page in scope
is parsed (``newscrawl.extract``, off the reactor thread); articles become items
(``items.py``), every page's links are followed (archives and related-post links find
what the sitemap misses). The decisions are plain classes the spider asks: what a recrawl
may skip (``RecrawlPolicy``), which URL families are traps (``TrapGuard``), and the replay
of 304s from the WARC files (``newscrawl.archive.replay``). The Store and the run belong to
the crawl session (``CrawlSession``), found by type.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.selector import Selector
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import DEFAULT_URL
from newscrawl.archive.replay import WarcReplay
from newscrawl.archive.scrapy_ext import warc_dir
from newscrawl.crawl import listings
from newscrawl.crawl.articles import ArticlePages
from newscrawl.crawl.discovery import ArchiveReserve
from newscrawl.crawl.failures import classify_failure
from newscrawl.crawl.items import ErrorItem, GoneItem, ListingItem, SeenItem
from newscrawl.crawl.links import is_download
from newscrawl.crawl.recrawl import RecrawlPolicy
from newscrawl.crawl.rest_listing import RestListing
from newscrawl.crawl.seen import Job, job_of
from newscrawl.crawl.session import CrawlSession
from newscrawl.crawl.traps import TrapGuard, is_pagination
from newscrawl.extract.decode import decode_html
from newscrawl.extract.urls import (
    article_url,
    canonical_url,
    check_seed,
    host_key,
    same_site,
    site_hosts,
    site_root,
)
from newscrawl.store.clock import utcnow
from newscrawl.store.crawl_state import MemorySet

log = logging.getLogger(__name__)

SITEMAP_GUESSES = ("sitemap_index.xml", "wp-sitemap.xml", "sitemap.xml")
FEED_GUESSES = ("feed/",)


class NewsSpider(Spider):
    """Crawl one or more news sites (comma-separated ``url`` argument)."""

    name = "news"
    # 404/410 reach the callback (they mark archived articles as gone), and so do 304s
    # (an unchanged page of a recrawl).
    handle_httpstatus_list = [304, 404, 410]
    policy: RecrawlPolicy  # set in start(), once the previous run's status is known
    replay: WarcReplay
    rest: RestListing
    pages: ArticlePages

    def __init__(self, url: str | None = None, profile: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        raw = url or DEFAULT_URL
        self.seeds = [check_seed(u) for u in raw.split(",") if u.strip()]
        self.hosts = frozenset(host_key(u) for u in self.seeds)  # + aliases: from_crawler
        self.profile_name = profile
        # Canonical URLs of the articles this run stored (on disk in a crawl: seen.py).
        self.stored: Any = MemorySet()
        self.job: Job | None = None  # the crawl's state on disk (seen.py), if it keeps one
        # Sitemap lastmods of articles already asked for but not yet stored when their
        # entry was read (a link got there first): recorded once they are (bounded: an
        # entry whose page never becomes an article stays until pushed out).
        self._lastmods: dict[str, str] = {}
        self.trailing_slash: bool | None = None  # the site's permalink style, once learnt
        self._targets: dict[str, str | None] = {}  # link -> canonical URL (_link_target)
        self._targets_slash: bool | None = None
        self.verified = False
        self.sitemap_roots: set[str] = set()
        self.rest_roots: set[str] = set()  # sites whose REST listing was read
        self.rest_waiting: dict[str, list[str] | None] = {}  # sitemaps held until it ends

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # The site's hosts: the start URLs' and NEWSCRAWL_HOST_ALIASES (crawl/scope.py
        # drops any other request, redirects included).
        spider.hosts = site_hosts(spider.seeds, settings.getlist("NEWSCRAWL_HOST_ALIASES"))
        spider.profile_name = spider.profile_name or settings.get("NEWSCRAWL_PROFILE") or None
        # One alternation: every link of every page is tested against it.
        deny = settings.getlist("NEWSCRAWL_DENY")
        spider.deny = re.compile("|".join(f"(?:{p})" for p in deny) if deny else r"(?!)")
        spider.max_pagination = settings.getint("NEWSCRAWL_MAX_PAGINATION", 5000)
        spider.traps = TrapGuard(settings.getint("NEWSCRAWL_TEMPLATE_LIMIT", 30),
                                 spider.max_pagination,
                                 on_trap=lambda _: crawler.stats.inc_value("newscrawl/traps"),
                                 calendar_limit=settings.getint("NEWSCRAWL_CALENDAR_LIMIT", 25))
        spider.full_setting = settings.getbool("NEWSCRAWL_FULL")
        # Tag, author, category and date archives: held back, walked while they find
        # anything new (discovery.py).
        spider.reserve = ArchiveReserve(settings.getint("NEWSCRAWL_BARREN_ARCHIVES", 10),
                                        enabled=settings.getbool("NEWSCRAWL_HOLD_ARCHIVES", True))
        spider.archive_batch = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8))
        spider.warc_dir = warc_dir(settings)
        crawler.signals.connect(spider._on_response, signal=signals.response_received)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    # --- seeds ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        # A recrawl trusts sitemap lastmod to skip unchanged pages, unless asked not to or
        # the last crawl did not finish (its frontier is lost: walk everything, with 304s).
        session = self.crawler.get_extension(CrawlSession)
        assert session is not None, "the news spider needs the CrawlSession extension"
        self.store = session.open()
        last = session.previous_status
        # The run's seen-set, stored articles and held archives live in its job state on
        # disk (seen.py), which a run killed before it finished leaves for the next one.
        self.job = job = job_of(self.crawler)
        resumed = job is not None and job.resumed
        if job is not None:
            mode = job.mode
            self.stored = job.stored
            self.reserve.use_storage(job.queue, job.held_seen)
            self.traps.use_storage(job.traps)  # a resumed crawl's trap budgets go on
            self.policy = RecrawlPolicy(self.store, mode["full"], job.seen, job.wp_ids)
        else:
            mode = {"full": self.full_setting or last not in (None, "finished"),
                    "first": last is None}
            self.policy = RecrawlPolicy(self.store, mode["full"])
        if resumed:
            self.reserve.restore(job.get("reserve", {}))  # type: ignore[union-attr]
            self.sitemap_roots.update(job.get("sitemap_roots", []))  # type: ignore[union-attr]
        elif not mode["first"] and not mode["full"]:
            # A recrawl: what is new shows in the sitemaps, the REST listing, the feed and
            # the home page; the archives' old pages list nothing new.
            self.reserve.close_all()
        self._save_reserve()
        self.replay = WarcReplay(self.store, self.warc_dir)
        self.pages = ArticlePages(self.crawler, self.store, self.profile_name)
        self.rest = RestListing(self.crawler, self.policy, self.replay, hosts=self.hosts,
                                canonical=self._canonical_post, profile_name=self.profile_name,
                                max_pages=self.max_pagination)
        if resumed:
            async for out in self._resume(last):
                yield out
        elif last not in (None, "finished"):
            log.info("previous crawl ended as %r: walking the whole site (conditionally)", last)
        for seed in self.seeds:
            async for out in self._rest_listing(site_root(seed)):  # REST facts first
                yield out
            # A resumed run asks only for what its killed run had not (see _resume).
            if not (resumed and job.requested(seed)):  # type: ignore[union-attr]
                yield self._request(seed, self.parse_page, source="seed")
            # Sitemaps come from robots.txt (see _on_response); the usual WordPress
            # locations are guessed only when it names none.
            for path in FEED_GUESSES:
                if not (resumed and job.requested(site_root(seed) + path)):  # type: ignore[union-attr]
                    yield self._request(site_root(seed) + path, self.parse_feed, source="probe")

    async def _resume(self, last: str | None) -> AsyncIterator[Request]:
        """The killed run's frontier: its pending requests, then the pages of the articles
        it stored that the archive does not hold (killed between the two commits)."""
        job = self.job
        assert job is not None
        lost = list(job.lost_articles(self.store))  # before this run stores anything
        upto = job.last_entry()
        log.info("previous crawl ended as %r: resuming it from %s (%d requests pending,"
                 " %d articles to fetch again)", last, job.db.path.parent,
                 job.pending_count(), len(lost))
        self.crawler.stats.set_value("newscrawl/resumed", 1)
        # The killed run's dupefilter saw these requests. Their fingerprints are forgotten
        # first, all of them, before any is scheduled; then each request goes through the
        # dupefilter as any other does, once. (Not dont_filter, which a request's
        # redirects inherit: a pending "?p=ID" would fetch its "/slug/" again however
        # often this run already had; nor forgetting one as it is asked for, which could
        # let through a page a redirect of this run already fetched.)
        fingerprint = self.crawler.request_fingerprinter.fingerprint
        for url, _callback, _meta in job.pending(upto):
            job.db.forget_fingerprint(fingerprint(Request(url)))
        for _url, page in lost:
            job.db.forget_fingerprint(fingerprint(Request(page)))
        for url, callback, meta in job.pending(upto):
            method = getattr(self, callback, None)
            if callable(method):
                yield Request(url, callback=method, errback=self.on_error,
                              meta={**meta, "resumed": True})
        for url, page in lost:
            job.stored.discard(url)
            job.reopen(page)
            # (a page that is pending too is asked for once: the dupefilter sees to it)
            yield Request(page, callback=self.parse_page, errback=self.on_error,
                          meta={"source": "resume"})
        # Pages the killed run archived after the state's last commit: the state never
        # saw them asked for, so the links they yielded are lost with it, and a link to
        # them is taken for archived. Asked again (a 304, replayed and expanded).
        started = job.get("started")
        if started:
            unrecorded = 0
            for url in self.store.pages_captured_since(started):
                if not self.policy.covered(url):
                    unrecorded += 1
                    yield self._request(url, self.parse_page, source="resume", resumed=True)
            if unrecorded:
                log.info("%d pages archived after the crawl state was last saved: read again",
                         unrecorded)

    def _request(self, url: str, callback: Any, *, source: str, **meta: Any) -> Request:
        if source not in ("probe", "robots"):
            self.policy.cover(url)
        if source in ("sitemap", "rest") and callback == self.parse_page:  # progress total
            self.crawler.stats.inc_value("newscrawl/articles_expected")
        request = Request(url, callback=callback, errback=self.on_error,
                          meta={"source": source, **meta})
        if self.job is not None:
            self.job.record(request)  # the frontier on disk, for a resume
        return request

    def _save_reserve(self) -> None:
        if self.job is not None:
            self.job.put("reserve", self.reserve.snapshot())

    def _on_response(self, response: Response, request: Request, spider: Spider) -> None:
        """robots.txt is fetched by Scrapy's own middleware; its Sitemap: lines seed us."""
        if spider is not self or urlsplit(response.url).path != "/robots.txt":
            return
        sitemaps: list[str] = []
        if response.status == 200:
            try:
                sitemaps = listings.robots_sitemaps(response.body, response.url)
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
        if self.job is not None:
            self.job.put("sitemap_roots", sorted(self.sitemap_roots))
        sitemaps = [u for u in sitemaps if same_site(u, self.hosts)]
        source = "robots" if sitemaps else "probe"
        for url in sitemaps or [root + path for path in SITEMAP_GUESSES]:
            self.crawler.engine.crawl(self._request(url, self.parse_sitemap, source=source))

    async def _rest_listing(self, root: str) -> AsyncIterator[Any]:
        """The site's REST facts as items, then its posts to fetch; its sitemaps wait."""
        if root in self.rest_roots or not self.crawler.settings.getbool("NEWSCRAWL_REST", True):
            return
        if self.job is not None and self.job.resumed and self.job.get("rest:" + root):
            return  # the killed run read it; its posts are in the frontier
        self.rest_roots.add(root)
        self.rest_waiting[root] = None
        pending: list[str] = []
        async for item in self.rest.read(root, pending):
            yield item
        for url in pending:
            if not self.policy.covered(url):
                yield self._request(url, self.parse_page, source="rest")
        if self.job is not None:
            self.job.put("rest:" + root, True)
        sitemaps = self.rest_waiting.pop(root, None)
        if sitemaps is not None:
            self._schedule_sitemaps(root, sitemaps)

    def _canonical_post(self, link: str) -> str:
        if self.trailing_slash is None:  # learn the site's permalink style once
            self.trailing_slash = urlsplit(link).path.endswith("/")
        return canonical_url(link, trailing_slash=self.trailing_slash)

    # --- sitemaps and feeds ------------------------------------------------------------------
    def _listing_body(self, response: Response, callback: Any) -> bytes | Request | None:
        """A sitemap's or feed's body: as received, or read back from the WARC files for a
        304, or a request to fetch it again when it cannot be (None for an error page)."""
        if response.status >= 400:
            return None
        if response.status != 304:
            return response.body
        body = self.replay.body(response.url)
        return body if body is not None else self._refetch(response, callback)

    def _refetch(self, response: Response, callback: Any) -> Request:
        """Ask again without validators when a 304 cannot be replayed from the archive."""
        return response.request.replace(callback=callback, dont_filter=True,
                                        meta={**response.meta, "conditional": False})

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = self._listing_body(response, self.parse_sitemap)
        if not isinstance(body, bytes):
            yield from [body] if body is not None else []
            return
        # Streamed: one entry at a time (listings.read_sitemap); a sitemap that breaks off
        # keeps the entries before the break, and the break is recorded.
        try:
            kind, entries = listings.read_sitemap(body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            for loc, lastmod in entries:
                yield from self._sitemap_entry(kind, loc, lastmod)
        except listings.ListingError as exc:
            yield self._error(response.url, "bad_sitemap", str(exc), response.status)

    def _sitemap_entry(self, kind: str, loc: str, lastmod: str | None) -> Iterator[Any]:
        if not same_site(loc, self.hosts):
            return
        url = canonical_url(loc, trailing_slash=self.trailing_slash)
        if self.policy.covered(url):
            if kind == "urlset" and lastmod:
                # Asked for this run from a link before its sitemap entry was read: its
                # lastmod is what the next recrawl compares with (recrawl.py ``fresh``),
                # recorded now if the article is stored, else when it is.
                if url in self.stored:
                    yield ListingItem(url, lastmod.strip())
                else:
                    self._lastmods[url] = lastmod.strip()
                    if len(self._lastmods) > 10_000:
                        del self._lastmods[next(iter(self._lastmods))]
            return
        if kind == "sitemapindex":
            yield self._request(url, self.parse_sitemap, source="sitemap")
        elif self.policy.known(url) and lastmod and self.policy.fresh(url, lastmod):
            self.policy.cover(url)
            now = utcnow()
            yield SeenItem(url, seen_at=now)
            yield ListingItem(url, lastmod.strip(), at=now)
        elif self.reserve.hold(url):
            return  # a category or tag sitemap: archives are walked only if they pay
        elif not self.policy.known(url) or lastmod:
            yield self._request(url, self.parse_page, source="sitemap", lastmod=lastmod)
        # No lastmod: an archived article is checked at the end unless covered.

    def parse_feed(self, response: Response) -> Iterator[Any]:
        body = self._listing_body(response, self.parse_feed)
        if not isinstance(body, bytes):
            yield from [body] if body is not None else []
            return
        try:
            links = listings.feed_links(body)
        except listings.ListingError as exc:
            yield self._error(response.url, "bad_feed", str(exc), 200)
            return
        for link in links:
            if same_site(link, self.hosts):
                url = canonical_url(link, trailing_slash=self.trailing_slash)
                # Known: edits show in sitemap lastmod; the end-of-run check does the rest.
                if not self.policy.covered(url) and not self.policy.known(url):
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
        pages = self._not_modified(response) if response.status == 304 else self._parse_html(response)
        async for item in pages:
            yield item

    async def _not_modified(self, response: Response) -> AsyncIterator[Any]:
        """A 304: the archive has this page. Articles are marked seen; a page whose record
        is missing (a crawl killed between capture and save), every page of a full walk
        and a killed run's page asked again by its resume are re-read from the WARC files."""
        url = canonical_url(response.url, trailing_slash=self.trailing_slash)
        known = self.store.article(url) is not None
        # A killed run's page (pending, or archived after its state was saved) may not
        # have had its links recorded: replayed too.
        resumed = bool(response.meta.get("resumed"))
        capture = None if known and not (self.policy.full or resumed) \
            else self.replay.capture(response.url)
        if capture is None:
            if not known:
                yield self._refetch(response, self.parse_page)
                return
            yield SeenItem(url)
            if (lastmod := self._lastmods.pop(url, None)) is not None:
                yield ListingItem(url, lastmod)
            return
        replayed = HtmlResponse(response.url, status=200, body=capture.body,
                                request=response.request, headers=WarcReplay.headers(capture))
        # An unchanged page of a recrawl yields no new links; a full walk goes on, and so
        # does a killed run's pending request: its page may have been archived before the
        # kill and the links it yielded not recorded (the archive and the state file
        # commit apart).
        expand = self.policy.full or resumed
        async for item in self._parse_html(replayed, expand=expand):
            yield item

    async def _parse_html(self, response: Response, expand: bool = True) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            return  # images, PDFs: nothing to parse
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if "xml" in ctype and "html" not in ctype:
            for item in self.parse_sitemap(response):
                yield item
            return
        try:
            # The page's links come from the worker's parse of it (one parse a page). Its
            # text is decoded as the archive's re-parse decodes it (decode_html, as
            # response.text but for codecs no page is in).
            text = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
            article, site, links = await self.pages.extract(response.url, text, links=expand)
        except Exception as exc:  # extraction promises not to raise; this is a last guard
            yield self._error(response.url, "extract_failed", repr(exc), response.status)
            return
        if article.is_article and (url := self._store_once(article, response)) is not None:
            yield self.pages.item(article, url, response, site)
            if (lastmod := self._lastmods.pop(url, None)) is not None:
                yield ListingItem(url, lastmod)
        if response.meta.get("source") == "seed":
            # Parsed as ``response.selector`` parses it but not cached on the response:
            # Scrapy's Selector refers back to its response, so a cached one makes a
            # reference cycle that only the cyclic GC frees, and the GC does not see the
            # lxml tree's memory (hundreds of read pages' trees then waited for a full
            # collection). Held only by this frame, the tree is freed when it returns.
            for request in self._feeds_announced(Selector(response), response):
                yield request
        new = 0
        if expand and links is not None and self.traps.expand(response.url, article.is_article):
            for request in self._follow(links, response.meta.get("depth", 0)):
                new += request.meta.get("source") == "link"
                yield request
        kind = response.meta.get("archive_kind")
        if kind:  # a held-back archive page: did it find anything the crawl had not?
            self.reserve.record(kind, new, article.is_article)
            self._save_reserve()

    def _store_once(self, article: Any, response: Response) -> str | None:
        """The article's canonical URL, or None when this run already stored it."""
        canon = article_url(article.canonical_url, response.url)
        if self.trailing_slash is None:  # learn the site's permalink style once
            self.trailing_slash = urlsplit(canon).path.endswith("/")
        if canon in self.stored:
            return None
        self.stored.add(canon, response.url)
        self.policy.cover(canon, article.wp_id)  # a later link to it is not fetched
        return canon

    def _gone(self, response: Response) -> Iterator[GoneItem | ErrorItem]:
        url = canonical_url(response.url, trailing_slash=self.trailing_slash)
        yield GoneItem(url, response.status)
        if response.meta.get("source") not in ("probe", "verify"):  # a removal is news, not a fault
            yield self._error(response.url, f"http_{response.status}", "", response.status)

    def _feeds_announced(self, selector: Selector, response: Response) -> Iterator[Request]:
        for href in listings.announced_feeds(selector):
            try:
                url = canonical_url(response.urljoin(href))
            except ValueError:
                continue  # a URL urllib refuses ("http://[bad")
            if same_site(url, self.hosts) and "/comments/" not in url:
                yield self._request(url, self.parse_feed, source="feed")

    def _follow(self, links: Iterable[tuple[str, bool]], depth: int = 0) -> Iterator[Request]:
        """Requests for the ``links`` ((absolute URL, nofollow) pairs, ``page_links``) of a
        page at ``depth``."""
        for url, nofollow in links:
            if nofollow and "/page/" not in url:
                continue
            target = self._link_target(url)
            if target is None:
                continue
            # Already held: what hold() would answer, without the coverage look-ups.
            if self.reserve.holding(target) or self.policy.skip_link(target) \
                    or self.reserve.hold(target):
                continue
            if self.traps.admit(target):
                request = self._request(target, self.parse_page, source="link")
                if is_pagination(target):
                    # The complete listing's next page (the archives' are held back):
                    # as urgent as the start page, not one level lower each page as
                    # DEPTH_PRIORITY would make it. Walked last, its chain of pages (each
                    # found on the one before) ran alone at the end of a crawl, at the
                    # pace of one page's round trip; walked as found, it runs beside
                    # the articles.
                    request.priority = depth + 1  # DepthMiddleware takes depth + 1 off
                yield request

    def _link_target(self, url: str) -> str | None:
        """The canonical URL of a link, None when it is off the site, denied or a file
        download. Kept for the links seen most (a page's navigation recurs on every page)
        in a bounded dict, emptied when it fills or when the site's permalink style is
        learnt."""
        if self._targets_slash is not self.trailing_slash or len(self._targets) >= 20_000:
            self._targets.clear()
            self._targets_slash = self.trailing_slash
        try:
            return self._targets[url]
        except KeyError:
            pass
        target = None
        if same_site(url, self.hosts) and not self.deny.search(url) and not is_download(url):
            target = canonical_url(url, trailing_slash=self.trailing_slash)
        self._targets[url] = target
        return target

    # --- the end of a run: what left the site ---------------------------------------------
    def _on_idle(self, spider: Spider) -> None:
        """Once, when the frontier is empty: archived live articles this run did not cover
        are asked for again (conditionally); a 404/410 then marks them gone."""
        if spider is not self:
            return
        missing = [r for r in {site_root(u) for u in self.seeds} if r not in self.sitemap_roots]
        if missing:  # robots.txt never answered: guess the sitemaps
            for root in missing:
                self._schedule_sitemaps(root, [])
            raise DontCloseSpider
        if self._release_archives():
            raise DontCloseSpider
        if self.verified:
            return
        self.verified = True
        count = 0
        for url in self.store.live_urls():
            if self.policy.covered(url) or not same_site(url, self.hosts):
                continue
            count += 1
            self.crawler.engine.crawl(self._request(url, self.parse_page, source="verify"))
        if count:
            log.info("checking %d archived articles not covered by sitemaps this time", count)
            raise DontCloseSpider

    def _release_archives(self) -> bool:
        """Request the next batch of held-back archive pages; False when none is left."""
        stats = self.crawler.stats
        while batch := self.reserve.release(self.archive_batch):
            requests = [self._request(url, self.parse_page, source="archive", archive_kind=kind)
                        for url, kind in batch
                        if not self.policy.covered(url) and self.traps.admit(url)]
            if requests:
                stats.inc_value("newscrawl/archives_walked", len(requests))
                for request in requests:
                    self.crawler.engine.crawl(request)
                self._save_reserve()
                return True
        stats.set_value("newscrawl/archives_skipped", self.reserve.dropped)
        return False

    # --- errors ------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[ErrorItem]:
        request = failure.request
        if self.job is not None:  # failed for good (retries spent): done in the frontier
            self.job.done(request.url, *request.meta.get("redirect_urls", ()))
        if request.meta.get("source") == "probe" and failure.check(HttpError):
            return  # a guessed sitemap/feed location that does not exist is not an error
        kind, message, status = classify_failure(failure)
        if kind == "robots":
            return  # forbidden by robots.txt: counted by Scrapy, not a fault
        url = getattr(failure.value, "url", None) or request.url  # a redirect's source
        log.warning("%s: %s %s", url, kind, message)
        yield self._error(url, kind, message, status)

    def _error(self, url: str, kind: str, message: str, status: int | None) -> ErrorItem:
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        self.crawler.stats.inc_value("newscrawl/errors")
        return ErrorItem(url, kind, message, status)

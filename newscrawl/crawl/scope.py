"""Downloader middleware: a crawl stays on its site's hosts.

The site is the start URLs' hosts (with the port when a URL names one; ``www.`` and bare
alike; http and https alike) plus ``NEWSCRAWL_HOST_ALIASES`` (``newscrawl.extract.urls``:
``site_hosts``). A request for any other host is dropped before anything is fetched from
that host: its robots.txt included, because this middleware runs before Scrapy's robots.txt
middleware (priority 40 < 100). A redirect that leaves the site is recorded in ``errors``
(kind ``offsite_redirect``: the page that redirected, its status, and where to) and not
followed; the redirect response itself is in the WARC files like every response. The
spider already keeps off-site links out of its requests; this is the one gate every
request passes, redirects and meta refreshes included.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.skipped import SkippedRequest
from newscrawl.extract.urls import same_site, site_hosts

log = logging.getLogger(__name__)


class ScopeMiddleware:
    """Drops requests off the site's hosts; records off-site redirects (see module doc)."""

    def __init__(self, crawler: Any, aliases: list[str]) -> None:
        self.crawler = crawler
        self.aliases = aliases
        self.hosts: frozenset[str] | None = None  # None: a spider without seeds, no scope
        self.seeds: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopeMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SAME_HOST", True):
            raise NotConfigured
        mw = cls(crawler, crawler.settings.getlist("NEWSCRAWL_HOST_ALIASES"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Any) -> None:
        seeds = list(getattr(spider, "seeds", None) or [])
        if seeds:
            self.seeds = frozenset(seeds)
            self.hosts = site_hosts(seeds, self.aliases)

    def process_request(self, request: Any, spider: Any = None) -> None:
        if self.hosts is None or same_site(request.url, self.hosts):
            return None
        stats = self.crawler.stats
        redirects = request.meta.get("redirect_urls") or []
        if not redirects:
            stats.inc_value("newscrawl/offsite_filtered")
            raise SkippedRequest("offsite", f"{request.url}: another host, not fetched")
        source = redirects[-1]
        reasons = request.meta.get("redirect_reasons") or [None]
        status = reasons[-1] if isinstance(reasons[-1], int) else None
        how = f"{status}" if status else str(reasons[-1] or "redirect")
        stats.inc_value("newscrawl/offsite_redirects")
        if redirects[0] in self.seeds:
            log.warning("start URL %s redirects to another host (%s); not followed: crawl that"
                        " URL, or add its host to NEWSCRAWL_HOST_ALIASES", redirects[0],
                        request.url)
        raise SkippedRequest("offsite_redirect",
                             f"{how} to {request.url}: another host, not followed",
                             status, url=source)

"""Learning each site's template during a crawl (a Scrapy extension).

Why an extension and not spider code: the learner has its own lifecycle (load the stored
template when a host is first met, rebuild as pages arrive, save, and re-extract at the
end, before the crawl session closes the archive) and its own settings; the spider stays about
discovery and routing and finds it with ``crawler.get_extension(SiteTemplates)``. All
learner calls happen on the reactor thread (after the extraction returns), so it
needs no lock.

Per host: the template stored in the archive is used from the first page (a recrawl
benefits at once); each new article page's features are counted; the template is rebuilt
after ``NEWSCRAWL_SITE_TEMPLATE_FIRST`` article pages and then every
``NEWSCRAWL_SITE_TEMPLATE_EVERY``, and replaces the stored one once it has counted at
least as many pages as that one had. Each rebuilt template is saved at once. When the
crawl finishes, the articles this run extracted with another template (or none) are
re-extracted from their WARC captures with the final one (no network), amending the
version this run wrote, so every article of a first crawl benefits. The learner counts at
most ``max_pages`` pages a host, so at most that many articles are re-extracted.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.archive.warc import write_failure
from newscrawl.crawl.session import CrawlSession
from newscrawl.extract.template import PageFeatures, SiteTemplate, TemplateLearner
from newscrawl.extract.urls import host_key
from newscrawl.store import StoreError

log = logging.getLogger(__name__)


def profiles_enabled(value: Any) -> bool:
    """``NEWSCRAWL_PROFILES``: "off"/"false"/"0"/"no" turn site profiles off."""
    return str(value).strip().lower() not in ("off", "false", "0", "no", "")


class SiteTemplates:
    """Per-host learned templates for one crawl (see the module docstring)."""

    def __init__(self, crawler: Any, *, first: int = 10, every: int = 25, max_pages: int = 1000) -> None:
        self.crawler = crawler
        self.first = max(1, first)
        self.every = max(1, every)
        self.learner = TemplateLearner(max_pages=max_pages)
        self.current: dict[str, SiteTemplate | None] = {}  # host -> template in use
        self.stored_pages: dict[str, int] = {}  # host -> pages of the stored template
        # article url -> (fetched url, template version it was extracted with, or "")
        self.extracted: dict[str, tuple[str, str]] = {}
        self.reextracted = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteTemplates:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_SITE_TEMPLATE", True):
            raise NotConfigured("NEWSCRAWL_SITE_TEMPLATE is off")
        ext = cls(crawler, first=settings.getint("NEWSCRAWL_SITE_TEMPLATE_FIRST", 10),
                  every=settings.getint("NEWSCRAWL_SITE_TEMPLATE_EVERY", 25),
                  max_pages=settings.getint("NEWSCRAWL_SITE_TEMPLATE_PAGES", 1000))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def session(self) -> CrawlSession:
        session = self.crawler.get_extension(CrawlSession)
        assert session is not None, "SiteTemplates needs the CrawlSession extension"
        return session

    def _store(self) -> Any:
        return self.session.open()

    def template_for(self, url: str) -> SiteTemplate | None:
        """The template to extract a page of ``url``'s host with (None: not learned yet)."""
        host = host_key(url)
        if host not in self.current:
            self.current[host] = None
            row = self._store().site_template(host)
            if row:
                try:
                    self.current[host] = SiteTemplate.from_json(row["template"])
                    self.stored_pages[host] = int(row["pages"] or 0)
                except (ValueError, KeyError, TypeError) as exc:
                    log.warning("stored template of %s not usable (%s): learning afresh", host, exc)
        return self.current[host]

    def observe(self, url: str, fetched_url: str, features: PageFeatures | None,
                used: SiteTemplate | None) -> None:
        """One stored article page: remember how it was extracted, count its features,
        rebuild the host's template when due."""
        self.extracted[url] = (fetched_url, used.version if used else "")
        host = host_key(url)
        if features is None or not self.learner.add(host, features):
            return
        n = self.learner.pages(host)
        if n == self.first or (n > self.first and (n - self.first) % self.every == 0) \
                or self.learner.full(host):
            self._rebuild(host)

    def _rebuild(self, host: str) -> SiteTemplate | None:
        self.template_for("http://" + host + "/")  # the stored one, if not read yet
        if self.learner.pages(host) < self.stored_pages.get(host, 0):
            return self.current.get(host)  # a recrawl's few pages do not replace it
        built = self.learner.build(host)
        old = self.current.get(host)
        if old is None or built.version != old.version:
            self.current[host] = built
            try:
                self._store().put_site_template(host, pages=built.pages,
                                                template=built.to_json(), version=built.version)
            except StoreError as exc:  # disk full, I/O error: fatal for the crawl
                self.session.fail(f"archive write failed ({write_failure(exc)}): {exc}")
                return built
            log.info("site template of %s rebuilt from %d pages: %d boilerplate blocks, "
                     "title prefixes %s", host, built.pages, len(built.boilerplate),
                     list(built.title_prefixes))
        self.stored_pages[host] = max(self.stored_pages.get(host, 0), built.pages)
        return self.current[host]

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Final templates; re-extract what an older one extracted (finished crawls only:
        an interrupted crawl ends quickly, and the next crawl or a reparse catches up)."""
        if not self.extracted or getattr(self.session, "failure", None):
            return  # nothing learned, or the archive cannot be written any more
        hosts = {host_key(u) for u in self.extracted}
        for host in hosts:
            if self.learner.pages(host):
                self._rebuild(host)
        if reason != "finished":
            return
        stale = [(url, fetched) for url, (fetched, version) in self.extracted.items()
                 if (tpl := self.current.get(host_key(url))) is not None and version != tpl.version]
        if not stale:
            return
        from newscrawl.archive.reparse import reextract
        from newscrawl.archive.scrapy_ext import warc_dir as warc_directory

        warc_dir = warc_directory(self.crawler.settings)
        if not warc_dir:
            return  # nothing to re-read pages from
        run_id = self.session.run_id
        templates = {h: t for h, t in self.current.items() if t is not None}
        profiles = profiles_enabled(self.crawler.settings.get("NEWSCRAWL_PROFILES", "on"))
        from newscrawl.crawl.extract_pool import ExtractionPool

        pool = self.crawler.get_extension(ExtractionPool)
        try:
            if pool is not None and pool.enabled:  # on every core
                changed = pool.reextract(self._store(), warc_dir, stale, templates,
                                         run_id=run_id, profiles=profiles)
            else:  # in this process
                started = time.thread_time()
                changed = reextract(self._store(), warc_dir, stale, templates, run_id=run_id,
                                    profiles=profiles)
                cpu_ms = (time.thread_time() - started) * 1000.0
                self.crawler.stats.inc_value("newscrawl/cpu_ms/extract", cpu_ms)
                self.crawler.stats.set_value("newscrawl/cpu_ms/reextract", cpu_ms)
        except Exception as exc:  # never lose the run's summary to this step
            log.warning("re-extraction with the final site template failed: %r", exc)
            return
        self.reextracted = len(stale)
        self.crawler.stats.set_value("newscrawl/template_reextracted", len(stale))
        self.crawler.stats.set_value("newscrawl/template_changed", changed)
        log.info("re-extracted %d articles with the final site template (%d changed)",
                 len(stale), changed)

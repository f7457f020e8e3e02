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

Memory: only pages that could need it are remembered for the re-extraction. Once a
host's learner is full its template cannot change any more (no page is counted, so no
rebuild gives another one), and a page extracted with it needs no entry; so the map holds
at most the ``max_pages`` pages of each host seen before that, plus the few extracted
with an older template while it was being replaced, whatever the crawl's size.

Cost: a page extracted with an older template is not extracted again when the difference
cannot change its result. Its extraction noted every block it asked the template about
(``extract_worker.AskedTemplate``, 8 bytes a block); if the older template and the final
one have the same site name, title affixes, excerpt rule and trusted content areas, and
none of the blocks in which their boilerplate and author blocks differ is among those
noted, the final one would have answered every question alike, so the extraction would
come out the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.archive.scrapy_ext import thread_cpu_ms
from newscrawl.archive.warc import write_failure
from newscrawl.crawl.extract_worker import block_hash, block_hashes
from newscrawl.crawl.session import CrawlSession
from newscrawl.extract.template import PageFeatures, SiteTemplate, TemplateLearner
from newscrawl.extract.urls import host_key
from newscrawl.store import StoreError

log = logging.getLogger(__name__)


def profiles_enabled(value: Any) -> bool:
    """``NEWSCRAWL_PROFILES``: "off"/"false"/"0"/"no" turn site profiles off."""
    return str(value).strip().lower() not in ("off", "false", "0", "no", "")


@dataclass(frozen=True)
class Used:
    """The template a page was extracted with, and the blocks the extraction asked it
    about (``AskedTemplate.record``; None: unknown, so the page is always re-extracted)."""

    template: SiteTemplate
    asked: bytes | None = None

    @property
    def version(self) -> str:
        return self.template.version


def _affixes(tpl: SiteTemplate) -> tuple[Any, ...]:
    """What ``site_names()`` and ``strip_title()`` read, and the trusted content areas
    (whether a short page's body is second-guessed)."""
    return (tpl.site_name, tpl.title_prefixes, tpl.title_suffixes, tpl.excerpt_tail,
            tpl.content_areas)


def changed_blocks(old: SiteTemplate, new: SiteTemplate) -> set[int] | None:
    """The ``block_hash`` of every block one template counts as boilerplate (or an
    author's) and the other not, or as an author's with other owners; None when they differ in anything else extraction
    reads (then every page extracted with ``old`` is extracted again)."""
    if _affixes(old) != _affixes(new):
        return None
    differ = (old.boilerplate | old.author_blocks) ^ (new.boilerplate | new.author_blocks)
    # An author block in both whose owners changed answers differently on some pages.
    differ |= {b for b in old.author_blocks & new.author_blocks
               if b not in old.boilerplate and b not in new.boilerplate
               and old.author_owners.get(b) != new.author_owners.get(b)}
    return {block_hash(b) for b in differ}


def unaffected(asked: bytes | None, changed: set[int] | None) -> bool:
    """Whether a page whose extraction asked about ``asked`` comes out the same with a
    template that differs only in ``changed`` (``changed_blocks``)."""
    if asked is None or changed is None:
        return False
    return not changed or changed.isdisjoint(block_hashes(asked))


class SiteTemplates:
    """Per-host learned templates for one crawl (see the module docstring)."""

    def __init__(self, crawler: Any, *, first: int = 10, every: int = 25, max_pages: int = 1000) -> None:
        self.crawler = crawler
        self.first = max(1, first)
        self.every = max(1, every)
        self.learner = TemplateLearner(max_pages=max_pages)
        self.current: dict[str, SiteTemplate | None] = {}  # host -> template in use
        self.stored_pages: dict[str, int] = {}  # host -> pages of the stored template
        # article url -> (fetched url, template version it was extracted with or "", the
        # blocks it asked about), for the pages that may be re-extracted at the end (see
        # the module docstring)
        self.extracted: dict[str, tuple[str, str, bytes | None]] = {}
        self.used: dict[str, SiteTemplate] = {}  # version -> template, of those entries
        self.final_pages = 0  # pages extracted with their host's final template
        self.unaffected = 0  # pages the final template would extract alike: not again
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

    def wants_features(self, url: str) -> bool:
        """Whether the template features of a page of ``url`` are worth extracting: not
        once its host's learner is full (``observe`` would not count them; a full learner
        stays full, so no page extracted after this answer is counted)."""
        return not self.learner.full(host_key(url))

    def observe(self, url: str, fetched_url: str, features: PageFeatures | None,
                used: Used | None) -> None:
        """One stored article page: remember how it was extracted, count its features,
        rebuild the host's template when due."""
        host = host_key(url)
        if features is not None and self.learner.add(host, features):
            n = self.learner.pages(host)
            if n == self.first or (n > self.first and (n - self.first) % self.every == 0) \
                    or self.learner.full(host):
                self._rebuild(host)
        if self.is_final(host, used):
            self.final_pages += 1
            return  # never re-extracted: no entry
        if used is None:
            self.extracted[url] = (fetched_url, "", None)
            return
        self.used.setdefault(used.version, used.template)
        self.extracted[url] = (fetched_url, used.version, used.asked)

    def is_final(self, host: str, used: Used | None) -> bool:
        """Whether ``used`` is ``host``'s final template: its learner is full (it counts no
        more pages, so no rebuild can change the template) and ``used`` is the one built
        then (or kept: the stored one, when it had more pages)."""
        current = self.current.get(host)
        return (used is not None and current is not None and self.learner.full(host)
                and used.version == current.version)

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
        stats = self.crawler.stats
        stats.set_value("newscrawl/template_final_pages", self.final_pages)
        stats.set_value("newscrawl/template_entries", len(self.extracted))
        if not self.extracted or getattr(self.session, "failure", None):
            return  # nothing learned, or the archive cannot be written any more
        hosts = {host_key(u) for u in self.extracted}
        for host in hosts:
            if self.learner.pages(host):
                self._rebuild(host)
        if reason != "finished":
            return
        stale = self.stale()
        stats.set_value("newscrawl/template_unaffected", self.unaffected)
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
                with thread_cpu_ms(self.crawler.stats, "newscrawl/cpu_ms/extract",
                                   "newscrawl/cpu_ms/reextract"):
                    changed = reextract(self._store(), warc_dir, stale, templates,
                                        run_id=run_id, profiles=profiles)
        except Exception as exc:  # never lose the run's summary to this step
            log.warning("re-extraction with the final site template failed: %r", exc)
            return
        self.reextracted = len(stale)
        self.crawler.stats.set_value("newscrawl/template_reextracted", len(stale))
        self.crawler.stats.set_value("newscrawl/template_changed", changed)
        log.info("re-extracted %d articles with the final site template (%d changed; %d"
                 " extracted with an older one it would extract alike)",
                 len(stale), changed, self.unaffected)

    def stale(self) -> list[tuple[str, str]]:
        """(article url, fetched url) of the pages to extract again with their host's
        final template: extracted with another one (or none), unless the final one would
        extract them alike (``unaffected``, counted in ``self.unaffected``)."""
        out: list[tuple[str, str]] = []
        changes: dict[tuple[str, str], set[int] | None] = {}
        for url, (fetched, version, asked) in self.extracted.items():
            final = self.current.get(host_key(url))
            if final is None or version == final.version:
                continue
            old = self.used.get(version)
            key = (version, final.version)
            if old is not None and key not in changes:
                changes[key] = changed_blocks(old, final)
            if old is not None and unaffected(asked, changes[key]):
                self.unaffected += 1
                continue
            out.append((url, fetched))
        return out

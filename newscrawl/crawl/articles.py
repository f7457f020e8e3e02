"""From a fetched HTML page to an article item: the crawl's side of extraction.

``ArticlePages.extract`` picks the page's profile and its host's learned template
(``SiteTemplates``), and runs the pure ``extract_article`` off the reactor: in the
crawl's extraction worker processes (``ExtractionPool``, one per core), or in a thread
of the crawl process when ``NEWSCRAWL_EXTRACT_WORKERS`` is 0 or the pool extension is not
installed. Either way parsing never stalls downloads, and the CPU it took is counted in
the stats (``newscrawl/cpu_ms/extract``). ``ArticlePages.item`` makes the ``ArticleItem`` of an
article the spider decided to store: REST facts merged in (``rest_listing.with_rest``),
problems logged, the page counted for the template learner.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.crawl.extract_pool import ExtractionPool
from newscrawl.crawl.extract_worker import extract_asking, profile_of
from newscrawl.crawl.items import ArticleItem
from newscrawl.crawl.rest_listing import with_rest
from newscrawl.crawl.templates import SiteTemplates, Used, profiles_enabled
from newscrawl.extract.model import Article
from newscrawl.extract.template import SiteTemplate

log = logging.getLogger(__name__)


class ArticlePages:
    """Extraction for one crawl (profile name and NEWSCRAWL_PROFILES from its settings)."""

    def __init__(self, crawler: Any, store: Any, profile_name: str | None) -> None:
        self.crawler = crawler
        self.store = store
        self.profile_name = profile_name
        self.profiles = profiles_enabled(crawler.settings.get("NEWSCRAWL_PROFILES", "on"))
        # The learner is an extension (None when NEWSCRAWL_SITE_TEMPLATE is off).
        self.templates = crawler.get_extension(SiteTemplates)
        self.pool = crawler.get_extension(ExtractionPool)

    async def extract(self, url: str, html: str, links: bool = False,
                      ) -> tuple[Article, Used | None, list[tuple[str, bool]] | None]:
        """The page parsed (never raises on bad HTML), the template it was parsed with
        (with the blocks the extraction asked it about), and, if ``links``, the page's
        discovery links read from the same parse (else None). ``ExtractionCrashed`` when
        the page killed two worker processes."""
        site = self.templates.template_for(url) if self.templates is not None else None
        # The page's template features only when the learner may count them (computing
        # them is ~14 % of an extraction; the record is the same without).
        features = self.templates is not None and self.templates.wants_features(url)
        if self.pool is not None and self.pool.enabled:
            article, asked, found = await self.pool.extract(html, url, self.profile_name,
                                                            self.profiles, site, features, links)
        else:
            article, cpu, asked, found = await maybe_deferred_to_future(
                deferToThread(_extract_timed, html, url,
                              profile_of(url, self.profile_name, self.profiles), site,
                              features, links)
            )
            self.crawler.stats.inc_value("newscrawl/cpu_ms/extract", cpu * 1000.0)
        return article, (Used(site, asked) if site is not None else None), found

    def item(self, article: Article, url: str, response: Any,
             site: Used | None) -> ArticleItem:
        """The item storing ``article`` under its canonical ``url``."""
        article.url = url
        article = with_rest(self.store, article, url, self.profile_name)
        for problem in article.problems:
            log.info("%s: %s", url, problem)
        self.crawler.stats.inc_value("newscrawl/articles_parsed")
        item = ArticleItem(article.to_record(), fetched_url=response.url, status=response.status)
        if self.templates is not None:
            self.templates.observe(item.record["url"], response.url, article.features, site)
        return item


def _extract_timed(html: str, url: str, profile: Any, site: SiteTemplate | None,
                   features: bool = True, links: bool = False,
                   ) -> tuple[Article, float, bytes | None, list[tuple[str, bool]] | None]:
    """``extract_article`` in a thread, with the CPU seconds that thread spent on it, the
    blocks it asked ``site`` about and, if ``links``, the page's links."""
    started = time.thread_time()
    found: list[tuple[str, bool]] | None = [] if links else None
    article, asked = extract_asking(html, url, profile, site, features, found)
    return article, time.thread_time() - started, asked, found

"""The crawl-to-store contract: what the spider yields, and what the pipeline writes for it.

Each item is a dataclass (Scrapy's itemadapter handles dataclasses as items); the pipeline
(``newscrawl.crawl.pipeline.StorePipeline``) maps each type to one Store call, in one
place. Times are UTC ISO 8601 strings from ``newscrawl.store.clock.utcnow``; URLs are
canonical (``newscrawl.extract.urls``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newscrawl.store.clock import utcnow


@dataclass
class ArticleItem:
    """An article page, extracted: ``record`` is ``Article.to_record()`` (the ``articles``
    row). Store: ``save_article`` → new / updated / unchanged (counted in the stats)."""

    record: dict[str, Any]
    fetched_url: str  # the URL fetched (the record's url is the canonical one)
    status: int  # HTTP status of the response it came from (200, or 304 replayed)
    fetched_at: str = field(default_factory=utcnow)


@dataclass
class SeenItem:
    """An archived article known unchanged this run (a 304, a fresh sitemap lastmod or REST
    modified date). Store: ``touch`` (last seen, live again); counted as unchanged."""

    url: str
    seen_at: str = field(default_factory=utcnow)


@dataclass
class ListingItem:
    """The sitemap ``lastmod`` of a URL at this fetch, compared at the next recrawl.
    Store: ``set_listing``."""

    url: str
    lastmod: str
    at: str = field(default_factory=utcnow)


@dataclass
class RestPostItem:
    """One post's WordPress REST facts (``newscrawl.extract.rest.RestPost.facts()``), stored
    before its page is parsed so the page is merged with them once. ``apply``: the page is
    not refetched (unchanged) but the facts changed, so they are applied to the archived
    row in place. Store: ``put_rest_post`` (+ ``apply_rest_facts``)."""

    url: str
    wp_id: int | None
    data: dict[str, Any]
    tz: str  # the site's time zone, for the REST dates
    apply: bool = False
    at: str = field(default_factory=utcnow)


@dataclass
class GoneItem:
    """An article URL answering 404/410. Store: ``mark_gone`` (archived rows only; never a
    delete); counted as gone."""

    url: str
    status: int
    seen_at: str = field(default_factory=utcnow)


@dataclass
class ErrorItem:
    """A fault worth keeping (a page that kept failing, a broken sitemap or feed).
    ``kind`` as in ``newscrawl.crawl.failures``. Store: ``add_error``."""

    url: str
    kind: str
    message: str = ""
    status: int | None = None
    at: str = field(default_factory=utcnow)

"""The record one page is parsed into (the contract between extraction, store and export)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Columns of the `articles` table that come from extraction, in display order.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "url",
    "canonical_url",
    "title",
    "standfirst",
    "body",
    "body_html",
    "authors",
    "published",
    "modified",
    "published_raw",
    "modified_raw",
    "updated",
    "section",
    "tags",
    "image_url",
    "image_caption",
    "images",
    "links",
    "language",
    "word_count",
    "reading_time",
    "wp_id",
    "sources",
    "problems",
)

JSON_COLUMNS = frozenset({"authors", "tags", "images", "links", "sources", "problems"})


@dataclass
class Article:
    """One parsed page.

    Dates are ISO 8601 strings with a UTC offset (``2024-06-12T09:30:00+01:00``); a date
    shown without a zone is read as Europe/London (or the site profile's zone).
    ``body`` is plain text, paragraphs separated by one blank line; ``body_html`` is the
    same content as minimal clean HTML. ``sources`` names where each field came from
    (``rest``, ``jsonld``, ``meta``, ``visible``, ``url``, ``updated``); ``problems`` lists what could
    not be read, so that a record is always returned.
    """

    url: str
    canonical_url: str | None = None
    is_article: bool = False
    page_type: str = "unknown"  # article | archive | page | home | search | unknown
    title: str | None = None
    standfirst: str | None = None
    body: str = ""
    body_html: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    published_raw: str | None = None
    modified_raw: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    image_caption: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)  # {url, caption, credit, alt}
    links: list[dict[str, Any]] = field(default_factory=list)  # {href, text, internal}
    language: str | None = None
    word_count: int = 0
    reading_time: int = 0  # minutes, at 230 words a minute, at least 1 for a non-empty body
    wp_id: int | None = None
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # The page's template features (newscrawl.extract.template.PageFeatures), for a
    # crawl's template learner; not a column, never stored.
    features: Any = field(default=None, repr=False, compare=False)

    @property
    def updated(self) -> bool:
        """True when the article was modified after it was published (as instants, so
        differing UTC offsets compare correctly)."""
        if not (self.published and self.modified):
            return False
        try:
            modified, published = datetime.fromisoformat(self.modified), datetime.fromisoformat(self.published)
        except (TypeError, ValueError):
            return False
        if (modified.tzinfo is None) != (published.tzinfo is None):
            # One on the page's clock without a zone: compared as the clocks read.
            modified, published = modified.replace(tzinfo=None), published.replace(tzinfo=None)
        return modified > published

    def to_record(self) -> dict[str, Any]:
        """The row for the `articles` table: lists and dicts JSON-encoded."""
        # Read from the fields, not dataclasses.asdict: its deep copy of every list and
        # dict was ~5 % of the crawl process's CPU an article, and the JSON columns
        # are encoded (copied) here anyway.
        row: dict[str, Any] = {}
        for col in ARTICLE_COLUMNS:
            value = self.updated if col == "updated" else getattr(self, col)
            if col in JSON_COLUMNS:
                value = json.dumps(value, ensure_ascii=False)
            if col == "updated":
                value = int(bool(value))
            row[col] = value
        # Not extracted but implied by the page: the store keeps `articles.status` in step
        # ('gone' is the store's own verdict and is never set from a record).
        row["status"] = "protected" if self.page_type == "protected" else "live"
        return row

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> Article:
        """Rebuild an Article from a stored row (inverse of to_record)."""
        kwargs: dict[str, Any] = {}
        names = set(cls.__dataclass_fields__)
        for key, value in row.items():
            if key not in names:
                continue
            if key in JSON_COLUMNS and isinstance(value, str):
                value = json.loads(value)
            kwargs[key] = value
        if row.get("status") == "protected":
            kwargs.update(is_article=True, page_type="protected")
        return cls(**kwargs)

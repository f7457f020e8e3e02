"""WordPress REST facts kept in the archive (`rest_posts`), applied to archived rows.

The spider stores one facts dict per canonical link (``newscrawl.extract.rest``) and
merges it into each article page it parses. This module covers the other case: REST
facts that changed while the page did not (terms moved, a caption edited, or an API
that was locked on earlier crawls), applied to the archived row in place.
"""

from __future__ import annotations

from typing import Any

from newscrawl.extract.model import Article
from newscrawl.extract.rest import merge_rest
from newscrawl.store import Store


def apply_rest_facts(store: Store, url: str, facts: dict[str, Any], tz: str | None, *,
                     fetched_at: str, run_id: int | None) -> bool:
    """Merge ``facts`` into the archived article at ``url``; True if its row changed.

    Written with ``Store.refresh_article``: fields replaced in place, last_seen kept, and
    a new version only if the content (e.g. the modified date) changed.
    """
    row = store.article(url)
    if row is None:
        return False
    record = merge_rest(Article.from_record(row), facts, tz or None).to_record()
    # A 'gone' row stays gone (the store never takes that from a record).
    keys = [k for k in record if k != "status" or row.get("status") != "gone"]
    if all(record.get(k) == row.get(k) for k in keys):
        return False
    store.refresh_article(record, fetched_at=fetched_at, run_id=run_id)
    return True


def with_stored_facts(store: Store, record: dict[str, Any], tz: str | None = None) -> dict[str, Any]:
    """An `articles` record with the archive's REST facts for its URL merged in (the same
    merge as a crawl's), for writers that rebuild records from pages, e.g. reparse."""
    facts = store.rest_post(record["url"])
    if facts is None:
        return record
    return merge_rest(Article.from_record(record), facts, tz).to_record()

"""The archive database (SQLite via sqlite-utils): articles, versions, runs, captures."""

from newscrawl.store.clock import utcnow
from newscrawl.store.read import article_count, connect_readonly, iter_articles, versions
from newscrawl.store.schema import CONTENT_FIELDS
from newscrawl.store.store import Store, StoreError, content_hash

__all__ = [
    "CONTENT_FIELDS",
    "Store",
    "StoreError",
    "article_count",
    "connect_readonly",
    "content_hash",
    "iter_articles",
    "utcnow",
    "versions",
]

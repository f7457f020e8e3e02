"""The archive database (SQLite via sqlite-utils): articles, versions, runs, captures."""

from newscrawl.store.clock import utcnow
from newscrawl.store.read import (
    ExportFilters,
    ExportQueryError,
    article_count,
    check_export_fields,
    connect_readonly,
    crawl_window,
    export_columns,
    export_count,
    iter_articles,
    iter_export,
    versions,
)
from newscrawl.store.schema import CONTENT_FIELDS
from newscrawl.store.store import Store, StoreError, content_hash

__all__ = [
    "CONTENT_FIELDS",
    "ExportFilters",
    "ExportQueryError",
    "Store",
    "StoreError",
    "article_count",
    "check_export_fields",
    "connect_readonly",
    "content_hash",
    "crawl_window",
    "export_columns",
    "export_count",
    "iter_articles",
    "iter_export",
    "utcnow",
    "versions",
]

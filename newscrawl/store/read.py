"""Read-only helpers for export, status and Datasette: they never create, migrate or lock
the database, so they are safe beside a running crawl (WAL)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from newscrawl.store.schema import LEGACY_RUN_KIND_SQL
from newscrawl.store.store import StoreError


def connect_readonly(db_path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection; StoreError (naming the file) if it is missing or unusable."""
    path = Path(db_path).expanduser().absolute()
    if not path.is_file():
        raise StoreError(f"{path}: no such database file")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    return conn


def _where(status: str | None) -> tuple[str, list[Any]]:
    return ("WHERE status = ?", [status]) if status else ("", [])


def iter_articles(
    db_path: str | os.PathLike[str], status: str | None = None, *, chunk: int = 200,
) -> Iterator[dict[str, Any]]:
    """Every article row (optionally only 'live' or 'gone'), newest published first,
    streamed ``chunk`` rows at a time: memory does not grow with the archive."""
    where, params = _where(status)
    with closing(connect_readonly(db_path)) as conn:
        try:
            cur = conn.execute(
                f"SELECT * FROM articles {where} ORDER BY published DESC, id", params
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: {exc}") from exc
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            for row in rows:
                yield dict(zip(names, row, strict=True))


def article_count(db_path: str | os.PathLike[str], status: str | None = None) -> int:
    """Number of article rows (optionally with that status)."""
    where, params = _where(status)
    with closing(connect_readonly(db_path)) as conn:
        try:
            return conn.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: {exc}") from exc


def _dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def versions(db_path: str | os.PathLike[str], url: str) -> list[dict[str, Any]]:
    """The stored versions of one article, oldest first."""
    with closing(connect_readonly(db_path)) as conn:
        return article_versions(conn, url)


# --- on a connection someone else opened (Datasette's, via ``db.execute_fn``) ----------
def article_versions(conn: sqlite3.Connection, url: str) -> list[dict[str, Any]]:
    """The stored versions of the article at ``url``, oldest first."""
    return _dicts(conn.execute(
        "SELECT * FROM article_versions WHERE url = ? ORDER BY version", [url]))


def article_url(conn: sqlite3.Connection, article_id: int | str) -> str | None:
    """The URL of the article with this id, or None."""
    row = conn.execute("SELECT url FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def article_history(
    conn: sqlite3.Connection, url: str,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The article's row (id, url, title, status, gone_since, version_count, first and
    last seen), or None, and its versions oldest first: the edit-history page."""
    rows = _dicts(conn.execute(
        "SELECT id, url, title, status, gone_since, version_count, first_seen, last_seen"
        " FROM articles WHERE url = ?", [url]))
    return (rows[0] if rows else None), article_versions(conn, url)


# --- newscrawl status ------------------------------------------------------------------
RUN_FIELDS = (
    "id", "kind", "started", "finished", "status", "duration_s", "pages_fetched", "requests",
    "articles_new", "articles_updated", "articles_unchanged", "articles_gone", "errors",
    "error", "targets",
)


def recent_runs(db_path: str | os.PathLike[str], limit: int) -> list[dict[str, Any]]:
    """The last ``limit`` crawl_runs rows, newest first, as stored (``targets`` JSON text).

    An archive not yet migrated to ``crawl_runs.kind`` (read-only here, so never migrated)
    gets the kind its older rows encode. StoreError if it is no newscrawl archive."""
    with closing(connect_readonly(db_path)) as conn:
        try:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(crawl_runs)")}
            fields = [f if f != "kind" or "kind" in columns else f"{LEGACY_RUN_KIND_SQL} AS kind"
                      for f in RUN_FIELDS]
            cur = conn.execute(
                f"SELECT {', '.join(fields)} FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]
        except sqlite3.Error as exc:
            raise StoreError(f"{Path(db_path)}: not a newscrawl archive ({exc})") from exc


_TOTALS = {
    "articles": "SELECT count(*) FROM articles",
    "articles_live": "SELECT count(*) FROM articles WHERE status = 'live'",
    "articles_gone": "SELECT count(*) FROM articles WHERE status = 'gone'",
    "articles_protected": "SELECT count(*) FROM articles WHERE status = 'protected'",
    "articles_edited": "SELECT count(*) FROM articles WHERE version_count > 1",
    "versions": "SELECT count(*) FROM article_versions",
    "captures": "SELECT count(*) FROM captures",
    "captures_revisit": "SELECT count(*) FROM captures WHERE record_type = 'revisit'",
    "captures_not_modified": "SELECT count(*) FROM captures WHERE status = 304",
    "errors": "SELECT count(*) FROM errors",
}


def archive_totals(db_path: str | os.PathLike[str]) -> dict[str, int]:
    """Counts of articles (by status, edited), versions, captures (revisits, 304s) and
    errors; a table an older archive lacks counts 0."""
    out: dict[str, int] = {}
    with closing(connect_readonly(db_path)) as conn:
        for name, sql in _TOTALS.items():
            try:
                out[name] = int(conn.execute(sql).fetchone()[0] or 0)
            except sqlite3.OperationalError:  # an archive made before the table existed
                out[name] = 0
    return out


def warc_filenames(db_path: str | os.PathLike[str]) -> set[str]:
    """The WARC file names the archive's captures index names (its own files)."""
    with closing(connect_readonly(db_path)) as conn:
        try:
            return {r[0] for r in conn.execute("SELECT DISTINCT warc_filename FROM captures")}
        except sqlite3.OperationalError:
            return set()

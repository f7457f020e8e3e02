"""Read-only helpers for export and Datasette: they never create or lock the database."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

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


def versions(db_path: str | os.PathLike[str], url: str) -> list[dict[str, Any]]:
    """The stored versions of one article, oldest first."""
    with closing(connect_readonly(db_path)) as conn:
        cur = conn.execute("SELECT * FROM article_versions WHERE url = ? ORDER BY version", [url])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

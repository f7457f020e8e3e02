"""A consistent copy of the archive database, for serving it elsewhere (`newscrawl publish`).

``VACUUM INTO`` on a read-only connection: SQLite copies one read transaction's view of the
database, so a crawl writing at the same time neither blocks the copy nor leaks half a
batch into it, and the copy comes out compacted, as one file (rollback journal, no
``-wal``/``-shm``) that Datasette can open immutable.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from newscrawl.store.read import connect_readonly
from newscrawl.store.store import StoreError

# The crawler's working tables: what the next crawl starts from, not what a reader of
# the archive looks at. ``rest_posts`` holds the raw WordPress REST facts (its JSON can
# be as large as the articles' text); ``listings`` the sitemap lastmod of every URL;
# ``site_templates`` the learned page templates. Leaving them out of a published copy
# loses nothing the pages, searches, trends or canned queries show.
WORKING_TABLES: tuple[str, ...] = ("rest_posts", "listings", "site_templates")


def snapshot(src: str | os.PathLike[str], dest: str | os.PathLike[str], *,
             drop: tuple[str, ...] = ()) -> dict[str, int]:
    """Copy the archive ``src`` to the new file ``dest`` as of one moment, leaving out the
    tables named in ``drop`` (only ``WORKING_TABLES`` may be dropped); returns the row
    count of each table of the copy. StoreError if ``src`` is not usable or ``dest``
    exists."""
    unknown = set(drop) - set(WORKING_TABLES)
    if unknown:
        raise StoreError(f"cannot leave out {', '.join(sorted(unknown))}: only "
                         f"{', '.join(WORKING_TABLES)} may be dropped")
    out = Path(dest)
    if out.exists():
        raise StoreError(f"{out}: already exists")
    with closing(connect_readonly(src)) as conn:
        try:
            conn.execute("VACUUM INTO ?", [str(out)])
        except sqlite3.Error as exc:
            out.unlink(missing_ok=True)
            raise StoreError(f"{src}: could not copy the database ({exc})") from exc
    try:
        with closing(sqlite3.connect(out, isolation_level=None)) as copy:
            existing = {name for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "articles" not in existing:
                raise StoreError(f"{src}: not a newscrawl archive (no articles table)")
            gone = [name for name in drop if name in existing]
            for name in gone:
                copy.execute(f"DROP TABLE [{name}]")
            if gone:
                copy.execute("VACUUM")
            copy.execute("PRAGMA journal_mode = DELETE")
            problem = copy.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise StoreError(f"{out}: the copy fails SQLite's quick_check ({problem})")
            return table_counts(copy)
    except (sqlite3.Error, StoreError) as exc:
        out.unlink(missing_ok=True)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{out}: {exc}") from exc


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows of each ordinary table (not SQLite's own, not the FTS index's shadow tables)."""
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT GLOB '*_fts_*'"
        " ORDER BY name")]
    return {name: conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
            for name in names}

"""Shared by the benchmarks: crawl the replica into an archive as a user would; grow an
archive by copying its article rows (and their edit history)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def crawl(base: str, db: Path) -> float:
    """Crawl ``base`` into ``db`` with `newscrawl crawl --fast`; returns seconds."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "crawl", base, "--db", str(db), "--fast",
         "-s", "LOG_LEVEL=WARNING", "-s", "NEWSCRAWL_PROGRESS=off"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def copy_articles(conn: sqlite3.Connection, target: int, names: str, picks: str) -> tuple[int, int]:
    """Copy article rows (``INSERT INTO articles (names) SELECT picks``; every ``?`` in
    ``picks`` is the copy's number) until ``target`` rows; the FTS triggers index the
    copies. Returns (rows, copies made)."""
    count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    seed = count
    copy = 0
    while count < target:
        copy += 1
        take = min(seed, target - count)
        params = [copy] * picks.count("?")
        with conn:
            conn.execute(f"INSERT INTO articles ({names}) SELECT {picks} FROM articles "
                         f"WHERE id <= ? ORDER BY id LIMIT ?", [*params, seed * 2, take])
        count += take
    return count, copy


def copy_versions(conn: sqlite3.Connection, copies: int) -> None:
    """Give each copy (URL ``<url>copy-<k>/``) every version of the article it copies."""
    vcols = [r[1] for r in conn.execute("PRAGMA table_info(article_versions)") if r[1] != "id"]
    vnames = ", ".join(f'"{c}"' for c in vcols)
    vpicks = ", ".join({"article_id": "a.id", "url": "a.url"}.get(c, f'v."{c}"') for c in vcols)
    with conn:
        for k in range(1, copies + 1):
            conn.execute(f"INSERT INTO article_versions ({vnames}) SELECT {vpicks} "
                         "FROM article_versions v JOIN articles a "
                         "ON a.url = v.url || 'copy-' || ? || '/'", [k])

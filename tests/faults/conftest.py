"""Fixtures of the fault suite: the hostile site (and a second host for off-site redirects)
on loopback, and a helper to crawl it as a real `newscrawl crawl` process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FAST, run_cli
from tests.faults.hostile import HostileServer

# The hostile site's own articles, /a/1/ .. /a/N/.
__all__ = ["HostileServer", "archived_urls", "crawl_hostile", "error_rows"]


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    """The hostile site on 127.0.0.1 (a free port), started and stopped per test."""
    with HostileServer("127.0.0.1") as server:
        yield server


@pytest.fixture
def other_host() -> Iterator[HostileServer]:
    """A second site on another loopback address (127.0.0.2), or another port of 127.0.0.1
    where that address cannot be bound: "another host" for off-site redirects."""
    try:
        server = HostileServer("127.0.0.2").start()
    except OSError:
        server = HostileServer("127.0.0.1").start()
    try:
        yield server
    finally:
        server.stop()


def crawl_hostile(site: HostileServer, db: Path, *settings: str, fast: bool = True,
                  timeout: float = 90, start: str = "/") -> subprocess.CompletedProcess[str]:
    """`newscrawl crawl SITE/ --db DB` (``--fast`` unless told otherwise) with ``-s``
    settings given as NAME=VALUE strings; REST listing off (the site has none). ``start``:
    the start URL's path."""
    args = ["crawl", site.base_url + start, "--db", str(db)]
    args += FAST if fast else ["-s", "LOG_LEVEL=INFO", "-s", "NEWSCRAWL_PROGRESS=log"]
    args += ["-s", "NEWSCRAWL_REST=False"]
    for pair in settings:
        args += ["-s", pair]
    return run_cli(*args, timeout=timeout)


def archived_urls(db: Path) -> set[str]:
    """The URLs of the archive's articles (newscrawl.store.read)."""
    from newscrawl.store.read import iter_articles

    return {row["url"] for row in iter_articles(db)}


def error_rows(db: Path) -> list[dict]:
    """The archive's `errors` rows, read-only."""
    from newscrawl.store.read import connect_readonly

    conn = connect_readonly(db)
    try:
        cur = conn.execute("SELECT * FROM errors ORDER BY rowid")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        conn.close()

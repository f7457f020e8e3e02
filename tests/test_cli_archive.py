"""`newscrawl status` and `newscrawl reparse` as real processes on real archives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from newscrawl.archive import archive_warc_dir
from newscrawl.store import Store
from newscrawl.store.lock import ArchiveLock
from tests.test_schedule import archive_cli

pytestmark = pytest.mark.e2e


def copy_archive(src_db: Path, dest_dir: Path) -> Path:
    """A private copy of a crawled archive (database + warc/), so tests can change it."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / src_db.name
    with sqlite3.connect(src_db) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)  # consistent even if a WAL is still beside the source
    src.close()
    dst.close()
    shutil.copytree(src_db.parent / "warc", dest_dir / "warc")
    return dest


def article_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        cols = [r[1] for r in conn.execute("pragma table_info(articles)")]
        keep = [c for c in cols if c != "run_id"]  # the reparse run may own changed rows
        return conn.execute(f"select {', '.join(keep)} from articles order by url").fetchall()
    finally:
        conn.close()


# --- status -----------------------------------------------------------------------------
def test_status_of_a_crawled_archive(crawled_classic, tmp_path):
    db = crawled_classic["db"]
    assert crawled_classic["proc"].returncode == 0, crawled_classic["proc"].stderr[-2000:]
    proc = archive_cli("status", "--db", str(db), env={"PATH": str(tmp_path)})  # no cron
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(db)
    n_articles = conn.execute("select count(*) from articles").fetchone()[0]
    n_versions = conn.execute("select count(*) from article_versions").fetchone()[0]
    n_captures = conn.execute("select count(*) from captures").fetchone()[0]
    run = conn.execute("select id, pages_fetched, articles_new from crawl_runs"
                       " order by id desc").fetchone()
    conn.close()
    out = proc.stdout
    assert "now      no crawl running" in out
    # The replica's password-protected post is counted apart from the live ones.
    assert f"articles {n_articles} ({n_articles - 1} live, 1 password-protected, 0 gone, 0 edited)" in out
    assert f"versions {n_versions}" in out and f"captures {n_captures} " in out
    assert "not scheduled" in out and "cron is not installed" in out
    row = next(line for line in out.splitlines() if line.strip().startswith(f"{run[0]}  crawl"))
    assert "finished" in row and f" {run[1]} " in row and f" {run[2]} " in row

    data = json.loads(archive_cli("status", "--db", str(db), "--json").stdout)
    warc = [p for p in archive_warc_dir(db).iterdir() if ".warc" in p.name]
    assert data["totals"]["warc_files"] == len(warc) >= 1
    assert data["totals"]["warc_bytes"] == sum(p.stat().st_size for p in warc)
    assert data["totals"]["articles"] == n_articles and data["running"] is False
    assert data["runs"][0]["status"] == "finished" and data["runs"][0]["kind"] == "crawl"


def test_status_sees_a_running_crawl_and_a_killed_one(tmp_path):
    db = tmp_path / "news.db"
    store = Store(db)
    killed = store.start_run(["https://example.org/"], {})  # never finished: process died
    store.close()
    lock = ArchiveLock(db)
    lock.acquire()  # a real flock held by this (test) process, as a crawl holds it
    try:
        store = Store(db)
        live = store.start_run(["https://example.org/"], {})
        store.close()
        proc = archive_cli("status", "--db", str(db), "--json")
        data = json.loads(proc.stdout)
        assert data["running"] is True and data["running_pid"] == os.getpid()
        statuses = {r["id"]: r["status"] for r in data["runs"]}
        assert statuses == {live: "running", killed: "interrupted (process gone)"}
        text = archive_cli("status", "--db", str(db)).stdout
        assert f"a crawl is running (pid {os.getpid()})" in text
    finally:
        lock.release()
    after = json.loads(archive_cli("status", "--db", str(db), "--json").stdout)
    assert after["running"] is False
    assert {r["status"] for r in after["runs"]} == {"interrupted (process gone)"}


def test_status_of_a_missing_archive(tmp_path):
    proc = archive_cli("status", "--db", str(tmp_path / "nope.db"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: no archive at {tmp_path / 'nope.db'}: run `newscrawl crawl` first"
    assert not (tmp_path / "nope.db").exists()  # status never creates an archive


# --- reparse ----------------------------------------------------------------------------
def test_reparse_of_an_unchanged_archive_changes_nothing(crawled_classic, tmp_path):
    db = copy_archive(crawled_classic["db"], tmp_path / "copy")
    before = article_rows(db)
    proc = archive_cli("reparse", "--db", str(db), "--no-progress", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert "records changed: 0 (0 with new content), new: 0" in proc.stdout
    assert "fields changed: none" in proc.stdout
    assert article_rows(db) == before
    status = json.loads(archive_cli("status", "--db", str(db), "--json").stdout)
    assert status["runs"][0]["kind"] == "reparse" and status["runs"][0]["status"] == "finished"


def test_reparse_repairs_a_field_an_older_extractor_got_wrong(crawled_classic, tmp_path):
    db = copy_archive(crawled_classic["db"], tmp_path / "copy")
    conn = sqlite3.connect(db)
    url, title = conn.execute("select url, title from articles order by url limit 1").fetchone()
    # What an older extractor might have stored: the site name left in the headline.
    conn.execute("update articles set title = ? where url = ?",
                 (f"{title} - Leigh On Sea News", url))
    conn.commit()
    conn.close()
    proc = archive_cli("reparse", "--db", str(db), "--no-progress", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "records changed: 1 " in proc.stdout
    assert "fields changed: title 1" in proc.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("select title from articles where url = ?", (url,)).fetchone()[0] == title
    conn.close()


def test_reparse_waits_for_no_crawl(crawled_classic, tmp_path):
    db = copy_archive(crawled_classic["db"], tmp_path / "copy")
    with ArchiveLock(db):  # a crawl holds the archive
        proc = archive_cli("reparse", "--db", str(db), "--no-progress")
    assert proc.returncode == 3  # the archive is in use (README: exit codes)
    assert proc.stderr.startswith(f"error: another crawl (pid {os.getpid()}) is using")
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from crawl_runs").fetchone()[0] == 1  # no reparse run
    conn.close()


def test_reparse_since_limits_the_pages(crawled_classic, tmp_path):
    db = copy_archive(crawled_classic["db"], tmp_path / "copy")
    proc = archive_cli("reparse", "--db", str(db), "--no-progress", "--since", "2999-01-01")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("reparsed 0 pages")


@pytest.mark.parametrize(("setup", "message"), [
    ("no-db", "no archive at"),
    ("no-warc", "no WARC folder at"),
    ("bad-since", "is not an ISO 8601 date"),
])
def test_reparse_fails_with_one_clear_line(tmp_path, setup, message):
    db = tmp_path / "news.db"
    args = ["reparse", "--db", str(db), "--no-progress"]
    if setup != "no-db":
        Store(db).close()
    if setup == "bad-since":
        (tmp_path / "warc").mkdir()
        args += ["--since", "last tuesday"]
    proc = archive_cli(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr

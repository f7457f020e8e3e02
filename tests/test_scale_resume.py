"""One big site (issue 11): the crawl's state on disk (crawl/seen.py) and the resume of a
crawl killed with SIGKILL: the frontier restored, nothing archived fetched again, nothing
lost, the summary right."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from newscrawl.crawl.discovery import ArchiveReserve
from newscrawl.crawl.seen import STATE_FILE, Job, default_job_dir
from newscrawl.replica import ReplicaServer, ReplicaSite
from newscrawl.store.crawl_state import DiskQueue, DiskSet, StateDB
from tests.conftest import FAST, ROOT, run_cli

ARTICLES = 300


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


# --- the state file -------------------------------------------------------------------------

def test_disk_set_queue_and_reserve_survive_a_reopen(tmp_path):
    db = StateDB(tmp_path / STATE_FILE)
    seen = DiskSet(db, "seen")
    stored = DiskSet(db, "stored", value="page")
    seen.add("https://example.org/a/")
    seen.add("https://example.org/a/")
    stored.add("https://example.org/a/", "https://example.org/a/?amp")
    assert "https://example.org/a/" in seen and "https://example.org/b/" not in seen
    assert len(seen) == 1 and len(stored) == 1

    reserve = ArchiveReserve(barren_limit=2)
    assert reserve.hold("https://example.org/tag/pier/")  # held in memory first
    job = Job(db, resumed=False)
    reserve.use_storage(job.queue, job.held_seen)  # ... then moved to the state file
    for n in range(2, 6):
        assert reserve.hold(f"https://example.org/tag/pier/page/{n}/")
    assert reserve.hold("https://example.org/author/jo/")
    assert reserve.hold("https://example.org/tag/pier/page/2/")  # held once only
    reserve.record("author", 0)
    reserve.record("author", 0)  # author archives closed: the held one is dropped
    assert reserve.pending() == 5
    first = reserve.release(1)
    snapshot = reserve.snapshot()
    db.close()

    # A new process: the same state, the same answers.
    db = StateDB(tmp_path / STATE_FILE)
    job = Job(db, resumed=True)
    assert "https://example.org/a/" in job.seen and len(job.stored) == 1
    again = ArchiveReserve(barren_limit=2)
    again.use_storage(job.queue, job.held_seen)
    again.restore(snapshot)
    assert first == [("https://example.org/tag/pier/", "tag")]
    assert again.pending() == 4 and "author" in again.closed and again.released == 1
    assert again.hold("https://example.org/tag/pier/page/3/")  # known: not held twice
    assert again.pending() == 4
    # Released in order, no more at once than could still prove the kind barren (2).
    released = again.release(10) + again.release(10)
    assert [u for u, _ in released] == [
        f"https://example.org/tag/pier/page/{n}/" for n in range(2, 6)]
    queue = DiskQueue(db, "tag")
    assert not queue and len(queue) == 0
    with pytest.raises(IndexError):
        queue.popleft()
    db.close()


def test_a_write_the_disk_refuses_breaks_the_state_once_and_stops_writing(tmp_path):
    failures = []
    db = StateDB(tmp_path / STATE_FILE, on_failure=failures.append)
    db.write("insert into seen values (?)", ("https://example.org/a/",))
    db.commit()
    db.conn.execute("pragma query_only = 1")  # every write from now on is refused
    assert db.write("insert into seen values (?)", ("https://example.org/b/",)) is None
    assert db.write("insert into seen values (?)", ("https://example.org/c/",)) is None
    assert len(failures) == 1 and db.broken is failures[0]
    assert isinstance(failures[0], sqlite3.Error)
    db.close()


def test_the_job_folder_is_per_archive_and_site(tmp_path):
    assert default_job_dir(tmp_path / "news.db", "127.0.0.1:8080") == \
        tmp_path / "jobs" / "news" / "127.0.0.1_8080"
    assert default_job_dir(tmp_path / "other.db", "example.org") == \
        tmp_path / "jobs" / "other" / "example.org"


# --- a crawl killed with SIGKILL, resumed ----------------------------------------------------

def test_a_crawl_killed_with_sigkill_resumes_where_it_stopped(tmp_path):
    site = ReplicaSite(articles=ARTICLES)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        truth = site.ground_truth(server.base_url)
        db = tmp_path / "news.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawl", "crawl", server.base_url + "/", "--db", str(db),
             "-s", "DOWNLOAD_DELAY=0.02", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "NEWSCRAWL_PROGRESS=off"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline, stored = time.monotonic() + 180, 0
        while time.monotonic() < deadline and proc.poll() is None and stored < ARTICLES // 4:
            time.sleep(0.2)
            try:
                stored = query(db, "select count(*) from articles")[0][0]
            except sqlite3.Error:
                continue
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        first_log = server.requests
        # What the killed run archived (committed); its state is on disk, mid-crawl.
        archived = {u for (u,) in query(db, "select url from articles")}
        captured = {path_of(u) for (u,) in query(
            db, "select distinct url from captures where status = 200")}
        assert ARTICLES // 4 <= len(archived) < ARTICLES
        jobs = list((tmp_path / "jobs" / "news").iterdir())
        assert len(jobs) == 1 and (jobs[0] / STATE_FILE).exists()
        assert (jobs[0] / "requests.queue").is_dir()  # Scrapy's disk queues (JOBDIR)

        server.reset_log()
        second = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST)
        assert second.returncode == 0, second.stderr[-3000:]
        log = server.requests

    # Resumed from the state, not walked again.
    assert "resuming it from" in (tmp_path / "logs" / "crawl.log").read_text()
    assert query(db, "select status from crawl_runs order by id") == [
        ("interrupted",), ("finished",)]
    # Every live article archived exactly once.
    assert {u for (u,) in query(db, "select url from articles")} == set(truth)
    assert query(db, "select count(*), count(distinct url) from article_versions")[0] == (
        len(truth), len(truth))
    # Nothing the killed run archived was downloaded again (a 304 answered by the WARC
    # at most, for a page whose reading the kill cut short), and nothing twice.
    downloads = Counter(e.path for e in log if e.status == 200 and e.method == "GET")
    assert not {path_of(u) for u in archived} & set(downloads)
    articles = {path_of(u) for u in truth}
    assert all(n == 1 for p, n in downloads.items() if p in articles)
    asked = {e.path for e in log}
    assert {path_of(u) for u in set(truth) - archived} <= asked
    # No page at all that the archive had captured was downloaded again (a page the kill
    # caught in flight is asked for conditionally and replayed from the WARC), and the
    # listing pages the killed run had read are not asked for again.
    # (robots.txt aside: Scrapy reads it afresh at every start.)
    again = captured & set(downloads) - {"/robots.txt"}
    assert not again, sorted(again)
    home_pages = {e.path for e in first_log if re.fullmatch(r"/(page/\d+/)?", e.path)}
    assert home_pages and len(home_pages & {e.path for e in log}) < len(home_pages)
    # The summary: the resumed run's new articles are the rest, and says so.
    runs = query(db, "select articles_new from crawl_runs order by id")
    assert runs[0][0] == len(archived) and runs[1][0] == len(truth) - len(archived)
    printed = re.search(r"articles\s+new (\d+), updated (\d+)", second.stderr)
    assert printed and int(printed.group(1)) == len(truth) - len(archived)
    # A finished crawl clears its job state: the next crawl is a plain recrawl.
    assert not (tmp_path / "jobs").exists()


def test_the_frontier_keeps_pending_requests_and_finds_articles_the_archive_lost(tmp_path):
    from scrapy import Request

    class Store:  # the archive committed a/ but not b/
        def article(self, url: str) -> dict | None:
            return {"url": url} if url.endswith("/a/") else None

    def page(response: object) -> None: ...

    job = Job(StateDB(tmp_path / STATE_FILE), resumed=False)
    for name in ("a", "b", "c", "d"):
        job.record(Request(f"https://example.org/{name}/", callback=page,
                           meta={"source": "sitemap", "lastmod": "2024-05-01",
                                 "download_slot": "not kept"}))
    job.record(Request("https://example.org/a/", callback=page))  # recorded once
    job.done("https://example.org/a/", "https://example.org/b/")
    upto = job.last_entry()
    job.record(Request("https://example.org/e/", callback=page, meta={"source": "link"}))
    assert job.requested("https://example.org/e/") and not job.requested("https://example.org/f/")
    assert job.pending_count() == 3
    assert list(job.pending(upto, chunk=1)) == [  # read in chunks, up to the given entry
        ("https://example.org/c/", "page", {"source": "sitemap", "lastmod": "2024-05-01"}),
        ("https://example.org/d/", "page", {"source": "sitemap", "lastmod": "2024-05-01"}),
    ]
    job.stored.add("https://example.org/a/", "https://example.org/a/")
    job.stored.add("https://example.org/b/", "https://example.org/b/?utm=x")
    assert list(job.lost_articles(Store(), chunk=1)) == [
        ("https://example.org/b/", "https://example.org/b/?utm=x")]
    job.reopen("https://example.org/b/")
    assert job.pending_count() == 4

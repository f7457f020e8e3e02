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
        # (at DEBUG on the console: Scrapy's "Crawled"/"Redirecting" lines say how a page
        # was reached, for the message below)
        second = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST,
                         "-s", "LOG_LEVEL=DEBUG")
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
    twice = {p: n for p, n in downloads.items() if p in articles and n > 1}
    assert not twice, (twice, [line for line in second.stderr.splitlines()
                               if any(p in line for p in twice)][-40:])
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


def test_the_resumes_requests_and_their_redirects_pass_the_dupefilter_once(tmp_path):
    """A resumed run asks again for what its killed run had pending, through the real
    dupefilter (not around it, as dont_filter would: a redirect inherits that).

    a/ is pending and lost: the state recorded its article as stored, the kill came
    before the page was marked done, the archive's own commit did not reach the disk.
    It is asked for once. "?p=7" is a pending shortlink: its redirect to s/, which this
    run asks for already, is a duplicate like any other."""
    import asyncio

    from scrapy import Request
    from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from newscrawl.api import project_settings
    from newscrawl.crawl.seen import DiskDupeFilter
    from newscrawl.crawl.spider import NewsSpider
    from newscrawl.store import Store

    settings = project_settings({"TWISTED_REACTOR_ENABLED": False})
    crawler = get_crawler(NewsSpider, settings.copy_to_dict())
    spider = NewsSpider.from_crawler(crawler, url="https://example.org/")
    spider.job = job = Job(StateDB(tmp_path / STATE_FILE), resumed=True)
    spider.store = Store(tmp_path / "news.db")
    dupefilter = DiskDupeFilter(crawler)
    dupefilter.db = job.db  # this job's fingerprints, as open() finds them in a crawl
    urls = [f"https://example.org/{p}" for p in ("a/", "b/", "c/", "?p=7", "s/")]
    for url in urls:  # the killed run asked for each (its dupefilter saw them)
        request = Request(url, callback=spider.parse_page, meta={"source": "sitemap"})
        job.record(request)
        assert not dupefilter.request_seen(request)
    job.done("https://example.org/b/")
    job.stored.add("https://example.org/a/", "https://example.org/a/")  # not in the archive

    async def resume() -> list[Request]:
        return [r async for r in spider._resume("interrupted")]

    # As the scheduler does: a request passes unless the dupefilter has seen it.
    asked = [r for r in asyncio.run(resume()) if r.dont_filter or not dupefilter.request_seen(r)]
    assert sorted(r.url for r in asked) == sorted(set(urls) - {"https://example.org/b/"})
    shortlink = next(r for r in asked if r.url.endswith("?p=7"))
    moved = Response(shortlink.url, status=301, headers={"Location": "https://example.org/s/"},
                     request=shortlink)
    redirect = RedirectMiddleware.from_crawler(crawler).process_response(shortlink, moved)
    assert isinstance(redirect, Request) and redirect.url == "https://example.org/s/"
    assert not redirect.dont_filter and dupefilter.request_seen(redirect)
    spider.store.close()


def test_trap_counts_survive_a_reopen(tmp_path):
    from newscrawl.crawl.traps import TrapGuard

    db = StateDB(tmp_path / STATE_FILE)
    guard = TrapGuard(limit=2, calendar_limit=3)
    assert guard.admit("https://s.example/events/?month=2024-01")  # counted in memory ...
    guard.use_storage(Job(db, resumed=False).traps)  # ... then in the state file too
    assert guard.admit("https://s.example/events/?month=2024-02")
    assert guard.expand("https://s.example/2024/05/01/story/", is_article=True)
    assert guard.expand("https://s.example/list/?p=1", is_article=False)
    assert guard.expand("https://s.example/list/?p=2", is_article=False)
    assert not guard.expand("https://s.example/list/?p=3", is_article=False)  # a trap
    db.close()

    # A new process resuming the job: the same budgets, already partly spent.
    db = StateDB(tmp_path / STATE_FILE)
    again = TrapGuard(limit=2, calendar_limit=3)
    again.use_storage(Job(db, resumed=True).traps)
    assert again.calendars == guard.calendars and again.pages == guard.pages
    assert again.traps == guard.traps and again.article_families == guard.article_families
    assert again.admit("https://s.example/events/?month=2024-03")  # the third and last
    assert not again.admit("https://s.example/events/?month=2024-04")
    assert not again.admit("https://s.example/list/?p=9")  # a trap stays one
    assert again.admit("https://s.example/2024/05/02/other-story/")
    db.close()


class SlowCalendarSite(ReplicaSite):
    """The replica, its events calendar answering after ``CALENDAR_DELAY`` seconds; when
    each calendar request arrived (``asked``)."""

    CALENDAR_DELAY = 1.5

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.asked: dict[str, float] = {}

    def render(self, path_with_query, base_url, headers=None):
        resp = super().render(path_with_query, base_url, headers)
        if path_with_query.startswith("/events/"):
            self.asked.setdefault(path_with_query, time.monotonic())
            resp.delay = self.CALENDAR_DELAY
        return resp


def test_a_resumed_crawl_keeps_its_calendar_budget(tmp_path):
    """The replica's events calendar never ends (each month links the next and the
    previous). A crawl killed with SIGKILL while walking it, then resumed, requests no
    more of its months in all than one crawl may (NEWSCRAWL_CALENDAR_LIMIT).

    The kill comes when the state file (as committed) holds a pending month whose answer
    has not come yet (the calendar answers slowly): the resumed run asks for it again and
    walks on from there. (A month the archive had captured but the state had not recorded
    at all would be taken for archived and not asked for: the walk could stop there, and
    the test would show nothing.)"""
    limit = 12
    site = SlowCalendarSite(articles=40)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"
        settings = ["-s", f"NEWSCRAWL_CALENDAR_LIMIT={limit}", "-s", "NEWSCRAWL_PROGRESS=off"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawl", "crawl", server.base_url + "/", "--db", str(db),
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *settings],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        state = default_job_dir(db, server.base_url.split("//", 1)[1]) / STATE_FILE

        def waiting() -> list[str]:
            """Pending months in the state file (as committed) not answered yet."""
            try:
                conn = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
                try:
                    pending = [path_of(u) for (u,) in conn.execute(
                        "select url from frontier where done = 0 and url like '%/events/%'")]
                finally:
                    conn.close()
            except sqlite3.Error:  # not created yet
                return []
            soon = time.monotonic() - (SlowCalendarSite.CALENDAR_DELAY - 0.7)
            return [p for p in pending if site.asked.get(p, time.monotonic()) > soon]

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            if len(site.asked) >= limit // 2 and waiting():
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        first = set(site.asked)
        assert limit // 2 <= len(first) < limit

        second = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST, *settings)
        assert second.returncode == 0, second.stderr[-3000:]
    assert "resuming it from" in (tmp_path / "logs" / "crawl.log").read_text()
    # The resumed run walked on with the killed run's budget, and the two runs together
    # stayed within one crawl's (without the counts in the state file, the resumed run
    # had a budget of its own: up to `limit` more months).
    assert len(site.asked) > len(first), second.stderr[-3000:]
    assert len(site.asked) <= limit, sorted(site.asked)


@pytest.mark.parametrize("state", ["pending", "unrecorded"])
def test_a_page_archived_before_the_kill_but_not_marked_done_is_followed(tmp_path, state):
    """The archive and the state file commit apart: a kill can come after a page was
    archived and before the state recorded the links it yielded, or even the request for
    it. The resumed run asks for that page again, gets a 304, replays it from the WARC,
    and must follow its links. Here that state is made exactly: the killed run's furthest
    archived calendar month is marked pending again ("pending") or removed from the state
    ("unrecorded": a link to it would be taken for archived), and the next month (linked
    only from it) is removed from the state, as if its record had not been committed.
    (The next month may be in the archive all the same: a kill after its WARC record was
    written, recovered into the archive when the resumed run opens the WARC folder.)"""
    from scrapy import Request
    from scrapy.utils.request import RequestFingerprinter

    site = ReplicaSite(articles=40)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"
        # The calendar walk must not meet either trap bound before the month it is about:
        # with the killed run's captures indexed behind its fetches, it can have walked
        # dozens of months (both ways) already, and its budget carries over into the
        # resumed run; non-article pages of one family stop at 30 by default.
        settings = ["-s", "NEWSCRAWL_CALENDAR_LIMIT=300", "-s", "NEWSCRAWL_TEMPLATE_LIMIT=300",
                    "-s", "NEWSCRAWL_PROGRESS=off"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawl", "crawl", server.base_url + "/", "--db", str(db),
             "-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", *settings],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def archived() -> list[str]:
            """The calendar months the archive holds (as committed)."""
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                try:
                    return sorted(u for (u,) in conn.execute(
                        "select distinct url from captures where url like '%/events/?month=%'"))
                finally:
                    conn.close()
            except sqlite3.Error:  # not created yet
                return []

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None and len(archived()) < 6:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        archived = archived()
        last = archived[-1]  # the furthest month forward the archive holds
        year, month = map(int, last.rsplit("=", 1)[1].split("-"))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        following = f"{last.rsplit('=', 1)[0]}={year:04d}-{month:02d}"
        assert following not in archived
        state_file = default_job_dir(db, server.base_url.split("//", 1)[1]) / STATE_FILE
        conn = sqlite3.connect(state_file)
        with conn:
            # (Its own record may have died with the kill too: made pending either way.)
            if state == "pending":
                conn.execute("insert into frontier (url, callback, meta, done)"
                             " values (?, 'parse_page', '{\"source\": \"link\"}', 0)"
                             " on conflict (url) do update set done = 0", (last,))
            forgotten = [following] if state == "pending" else [last, following]
            for url in forgotten:
                conn.execute("delete from frontier where url = ?", (url,))
                conn.execute("delete from seen where url = ?", (url,))
                conn.execute("delete from fingerprints where fp = ?",
                             (RequestFingerprinter().fingerprint(Request(url)),))
        conn.close()

        server.reset_log()
        second = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST, *settings)
        assert second.returncode == 0, second.stderr[-3000:]
        asked = {e.path: e.status for e in server.requests}
    assert asked.get(path_of(last)) == 304  # replayed from the WARC ...
    assert path_of(following) in asked, "\n".join(  # ... and its link followed
        line for line in second.stderr.splitlines() if "/events/" in line)

"""Recrawls end to end: unchanged site, a week of changes, a crawl killed mid-way, a lock."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newscrawl.archive import archive_warc_dir
from newscrawl.crawl.discovery import archive_kind
from newscrawl.replica import ReplicaServer, ReplicaSite
from tests.conftest import FAST, ROOT, run_cli

pytestmark = pytest.mark.e2e

CONTENT = ("url", "title", "standfirst", "body", "authors", "published", "modified", "section",
           "tags", "content_hash", "status")


def table(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def articles(db) -> dict[str, tuple]:
    cols = ", ".join(CONTENT)
    return {r[0]: r for r in table(db, f"select {cols} from articles")}


def crawl(server, db, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST, *extra)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_recrawl_unchanged_then_a_week_later(tmp_path):
    site = ReplicaSite()
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"
        crawl(server, db)
        first_requests = len(server.requests)
        before = articles(db)

        # Unchanged site: at most 10% of the requests, no new version of anything.
        server.reset_log()
        crawl(server, db)
        second_requests = len(server.requests)
        assert second_requests <= 0.10 * first_requests, (second_requests, first_requests)
        assert articles(db) == before
        assert table(db, "select count(*) from article_versions")[0][0] == len(before)
        run = table(db, "select articles_new, articles_updated, articles_unchanged "
                        "from crawl_runs order by id desc limit 1")[0]
        assert run == (0, 0, len(before))

        # A week later: new articles archived, edits versioned, removals marked gone.
        site.set_state("later")
        truth = site.ground_truth(server.base_url)
        server.reset_log()
        crawl(server, db)
        third_log = list(server.requests)
        third_requests = len(third_log)
        after = articles(db)
        live = {u for u, r in after.items() if r[-1] in ("live", "protected")}
        gone = {u for u, r in after.items() if r[-1] == "gone"}
        assert live == set(truth)
        assert gone == set(before) - set(truth) and gone
        edited = {u for u in truth if u in before and before[u][3] != truth[u]["body"]}
        assert edited
        for url in edited:
            assert after[url][3] == truth[url]["body"]
            versions = table(db, f"select version from article_versions where url = '{url}'")
            assert sorted(v[0] for v in versions) == [1, 2]
        new = set(truth) - set(before)
        assert new
        # New and edited articles were fetched, and little else: no unchanged article was
        # downloaded again, and the rest is discovery (robots, sitemaps, feed, changed
        # archive pages) and conditional checks.
        unchanged = {u.split("/", 3)[3] for u in set(before) & set(truth)} - {
            u.split("/", 3)[3] for u in edited}
        redownloaded = [e.path for e in third_log if e.status == 200
                        and e.path.lstrip("/") in unchanged]
        assert not redownloaded
        # A recrawl walks no tag, author, category or date archive: what is new shows
        # in the sitemaps, the feed and the home page (crawl/discovery.py).
        assert not [e.path for e in third_log if archive_kind(e.path)]
        assert third_requests <= len(new) + len(edited) + len(gone) + 0.15 * first_requests
        gone_since = table(db, "select gone_since from articles where status = 'gone'")
        assert all(g[0] for g in gone_since)

        # The removed articles coming back makes them live again.
        site.set_state("initial")
        crawl(server, db)
        assert {u for u, r in articles(db).items() if r[-1] != "gone"} >= set(before)


class SlowArticlesSite(ReplicaSite):
    """The replica, its home page's articles answering after ``DELAY`` seconds: they are
    asked for from the home page's links, and still in flight when the post sitemap,
    which lists them too, is read."""

    DELAY = 1.0

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        unlisted = set(self.roles()["archive_only"])  # not in the sitemaps
        self.slow = {f"/{p.slug}/" for p in self.listed_posts()[:10] if p.slug not in unlisted}

    def render(self, path_with_query, base_url, headers=None):
        resp = super().render(path_with_query, base_url, headers)
        if path_with_query in self.slow:
            resp.delay = self.DELAY
        return resp


def test_sitemap_lastmod_of_an_article_in_flight_is_recorded(tmp_path):
    """A sitemap entry read while its article (asked for from a link) is in flight: its
    lastmod is recorded when the article is stored, so the next crawl of the unchanged
    site trusts the sitemap and does not ask for the article again."""
    site = SlowArticlesSite()
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"
        crawl(server, db)
        listed = {u for (u,) in table(db, "select url from listings")}
        slow = {server.base_url + path for path in site.slow}
        assert slow <= listed, sorted(slow - listed)
        server.reset_log()
        crawl(server, db)
        asked = {e.path for e in server.requests}
    assert not asked & site.slow, sorted(asked & site.slow)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_mid_crawl_then_resume_equals_uninterrupted(tmp_path, crawled_classic, sig):
    server = crawled_classic["server"]
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "crawl", server.base_url + "/", "--db", str(db),
         "-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSCRAWL_PROGRESS=off"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)
        try:
            stored = table(db, "select count(*) from articles")[0][0]
        except sqlite3.Error:
            continue
        if stored >= 10:
            break
    assert proc.poll() is None, "the crawl finished before it could be killed"
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    # The killed run left a readable archive.
    assert table(db, "pragma integrity_check")[0][0] == "ok"
    if sig == signal.SIGTERM:  # a graceful stop: the run says so and the WARC is closed
        assert table(db, "select status from crawl_runs")[0][0] == "interrupted"
        assert not list(archive_warc_dir(db).glob("*.open"))

    crawl(server, db)
    runs = table(db, "select status from crawl_runs order by id")
    assert runs == [("interrupted",), ("finished",)]
    resumed, reference = articles(db), articles(crawled_classic["db"])
    assert resumed.keys() == reference.keys()
    assert resumed == reference
    # No duplicates: one version per article.
    assert table(db, "select count(*), count(distinct url) from article_versions")[0] == (
        len(reference), len(reference))
    from newscrawl.archive import check

    warcs = sorted(archive_warc_dir(db).glob("*.warc.gz"))
    assert warcs and all(check(w).ok for w in warcs)


def test_second_crawl_on_same_archive_is_refused(tmp_path):
    from newscrawl.store.lock import ArchiveLock

    db = tmp_path / "news.db"
    with ArchiveLock(db):
        proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db))
    assert proc.returncode == 3  # the archive is in use (README: exit codes)
    assert "another crawl" in proc.stderr and "Traceback" not in proc.stderr


def test_reparse_from_warc_alone_rebuilds_the_same_articles(tmp_path):
    import shutil

    with ReplicaServer(ReplicaSite(), host="127.0.0.1", port=0) as server:
        db = tmp_path / "crawl" / "news.db"
        crawl(server, db)
    # The site is gone; only the WARC files are copied to a new, empty archive.
    rebuilt = tmp_path / "rebuilt" / "news.db"
    shutil.copytree(archive_warc_dir(db), archive_warc_dir(rebuilt))
    proc = run_cli("reparse", "--db", str(rebuilt), "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    original, again = articles(db), articles(rebuilt)
    assert again.keys() == original.keys() and len(again) > 40
    assert again == original

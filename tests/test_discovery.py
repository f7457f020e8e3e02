"""Discovery that costs what it finds: redundant archives held back and walked while they pay."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from newscrawl.crawl.discovery import ArchiveReserve, archive_kind
from newscrawl.replica import ReplicaServer, ReplicaSite
from tests.conftest import FAST, run_cli


@pytest.mark.parametrize(("url", "kind"), [
    ("https://x.news/tag/pier/", "tag"),
    ("https://x.news/tag/pier/page/3/", "tag"),
    ("https://x.news/topics/budget", "tag"),
    ("https://x.news/author/jane-doe/", "author"),
    ("https://x.news/author/jane-doe/page/2/", "author"),
    ("https://x.news/category/news/local/", "category"),
    ("https://x.news/section/sport/", "category"),
    ("https://x.news/2024/", "date"),
    ("https://x.news/2024/05/", "date"),
    ("https://x.news/2024/05/12/page/2/", "date"),
    ("https://x.news/2024/05/12/pier-repairs/", None),  # a dated permalink
    ("https://x.news/", None),
    ("https://x.news/page/7/", None),  # the home pagination: the complete listing
    ("https://x.news/pier-repairs-to-cost-120000/", None),
    ("https://x.news/tag/pier/feed/", None),
    ("https://x.news/2024/05/?s=pier", None),
])
def test_archive_kind(url, kind):
    assert archive_kind(url) == kind


def test_held_links_are_released_by_kind_and_each_is_held_once():
    reserve = ArchiveReserve(barren_limit=3)
    assert reserve.hold("https://x.news/tag/a/")
    assert reserve.hold("https://x.news/tag/a/")  # still declined, not held twice
    assert reserve.hold("https://x.news/author/b/")
    assert not reserve.hold("https://x.news/some-story/")
    assert reserve.pending() == 2
    assert sorted(reserve.release(10)) == [("https://x.news/author/b/", "author"),
                                           ("https://x.news/tag/a/", "tag")]
    assert reserve.release(10) == []


def test_a_kind_closes_after_barren_pages_in_a_row_and_drops_the_rest():
    reserve = ArchiveReserve(barren_limit=2)
    for i in range(10):
        reserve.hold(f"https://x.news/tag/t{i}/")
    first = reserve.release(10)
    assert len(first) == 2  # never more at once than could still prove the kind barren
    reserve.record("tag", 0)
    reserve.record("tag", 4)  # found something: the count starts again
    reserve.record("tag", 0)
    assert "tag" not in reserve.closed
    reserve.record("tag", 0)
    assert "tag" in reserve.closed
    assert reserve.release(10) == [] and reserve.dropped == 8
    assert reserve.hold("https://x.news/tag/late/")  # a closed kind's link: declined
    assert reserve.release(10) == [] and reserve.dropped == 9


def test_a_kind_whose_pages_are_articles_is_not_held_back():
    reserve = ArchiveReserve()
    reserve.hold("https://x.news/topics/first/")
    reserve.record("tag", 0, is_article=True)
    assert not reserve.hold("https://x.news/topics/second/")
    assert reserve.release(5) == [("https://x.news/topics/first/", "tag")]


def test_disabled_or_closed_holds_nothing_back():
    assert not ArchiveReserve(enabled=False).hold("https://x.news/tag/a/")
    reserve = ArchiveReserve()
    reserve.close_all()
    assert reserve.hold("https://x.news/tag/a/") and reserve.release(5) == []


@pytest.mark.e2e
def test_first_crawl_spends_few_requests_on_archives_and_finds_every_article(tmp_path):
    """Every live post, those in no sitemap included, with tag/author/category/date
    archives walked only until they stop finding anything new."""
    site = ReplicaSite(articles=300)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"
        proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST)
        assert proc.returncode == 0, proc.stderr[-2000:]
        log = list(server.requests)
    conn = sqlite3.connect(db)
    stored = {u for (u,) in conn.execute("select url from articles where status != 'gone'")}
    conn.close()
    live = {server.base_url + "/" + p.slug + "/" for p in site.live_posts()}
    assert live <= stored
    archive_only = [p for p in site.live_posts() if "archive_only" in p.roles]
    assert archive_only and all(server.base_url + "/" + p.slug + "/" in stored for p in archive_only)
    kinds = Counter(archive_kind(e.path) for e in log)
    kinds.pop(None, None)
    # Each kind: at most the barren limit (10) plus the pages that still found something.
    assert all(n <= 20 for n in kinds.values()), kinds
    archive_links = sum(len(p.tags) + len(p.authors) for p in site.live_posts())
    assert sum(kinds.values()) < archive_links / 10

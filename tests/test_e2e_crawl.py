"""End to end: crawl the replica over HTTP with real processes, compare with its ground truth."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections import Counter

import pytest
from protego import Protego

from newscrawl import USER_AGENT
from newscrawl.archive import archive_warc_dir
from tests.conftest import FAST, run_cli

pytestmark = pytest.mark.e2e

# Fields compared exactly with the replica's ground truth.
EXACT_FIELDS = (
    "title", "standfirst", "authors", "published", "modified", "section", "tags",
    "image_url", "image_caption", "wp_id", "body",
)
BOILERPLATE = (
    "Share this story", "Leigh On Sea News:", "Contact us", "about author", "Read more.",
    "email protected", "Visit: http", "Facebook:", "Leave a Reply", "Related",
)


def rows(db) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out = {r["url"]: dict(r) for r in conn.execute("select * from articles")}
    conn.close()
    return out


def normalise(field: str, value):
    if field in ("authors", "tags") and isinstance(value, str):
        return json.loads(value)
    return value


def compare(db, truth: dict) -> list[str]:
    got = rows(db)
    problems = []
    missing = sorted(set(truth) - set(got))
    extra = sorted(set(got) - set(truth))
    if missing:
        problems.append(f"{len(missing)} articles not archived: {missing[:5]}")
    if extra:
        problems.append(f"{len(extra)} non-articles or unknown URLs stored: {extra[:5]}")
    for url, expected in truth.items():
        row = got.get(url)
        if row is None:
            continue
        for field in EXACT_FIELDS:
            if field not in expected:
                continue
            if normalise(field, row[field]) != expected[field]:
                problems.append(f"{url} {field}: got {row[field]!r:.150} want {expected[field]!r:.150}")
    return problems


def test_crawl_matches_ground_truth(crawled_classic):
    proc = crawled_classic["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    truth = crawled_classic["server"].site.ground_truth(crawled_classic["server"].base_url)
    problems = compare(crawled_classic["db"], truth)
    assert not problems, "\n".join(problems[:40])


def test_no_boilerplate_in_any_body(crawled_classic):
    for url, row in rows(crawled_classic["db"]).items():
        for phrase in BOILERPLATE:
            assert phrase not in (row["body"] or ""), f"{phrase!r} leaked into {url}"


def test_polite_and_no_duplicate_fetches(crawled_classic):
    server = crawled_classic["server"]
    with urllib.request.urlopen(server.base_url + "/robots.txt") as resp:
        robots = Protego.parse(resp.read().decode())
    log = crawled_classic["requests"]
    assert log, "the crawl sent no request"
    for entry in log:
        url = server.base_url + entry.path
        assert robots.can_fetch(url, USER_AGENT), f"robots-disallowed request: {entry.path}"
        assert entry.headers.get("User-Agent", "").startswith("newscrawl/")
    # Retries of a failing page aside, no URL is requested twice.
    counts = Counter(e.path for e in log if e.status < 500)
    twice = {p: n for p, n in counts.items() if n > 1}
    assert not twice, f"fetched more than once: {twice}"


def test_crawl_runs_row_and_summary(crawled_classic):
    conn = sqlite3.connect(crawled_classic["db"])
    conn.row_factory = sqlite3.Row
    run = dict(conn.execute("select * from crawl_runs order by id desc limit 1").fetchone())
    n = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    assert run["status"] == "finished"
    assert run["articles_new"] == n > 40
    assert run["pages_fetched"] > n
    assert run["errors"] >= 1  # the replica has broken links
    assert "articles" in crawled_classic["proc"].stderr and "new" in crawled_classic["proc"].stderr


def test_builder_theme_matches_ground_truth(tmp_path):
    from newscrawl.replica import ReplicaServer, ReplicaSite

    with ReplicaServer(ReplicaSite(theme="builder"), host="127.0.0.1", port=0) as server:
        db = tmp_path / "builder.db"
        proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST)
        assert proc.returncode == 0, proc.stderr[-3000:]
        problems = compare(db, server.site.ground_truth(server.base_url))
    assert not problems, "\n".join(problems[:40])


def test_unreachable_host_is_one_clear_line(tmp_path):
    from tests.conftest import free_port

    db = tmp_path / "x.db"
    proc = run_cli("crawl", f"http://127.0.0.1:{free_port()}/", "--db", str(db), *FAST,
                   "-s", "RETRY_TIMES=0")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "error: could not reach" in proc.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 0
    run = conn.execute("select status, error from crawl_runs").fetchone()
    assert run[0] == "failed" and "could not reach" in run[1]


def test_corrupt_database_is_a_clear_error(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"this is not a database" * 100)
    proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert str(db) in proc.stderr


def test_bad_setting_argument(tmp_path):
    proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "a.db"), "-s", "NOEQUALS")
    assert proc.returncode == 2
    assert "NAME=VALUE" in proc.stderr


def test_links_table_mirrors_article_links(crawled_classic):
    conn = sqlite3.connect(crawled_classic["db"])
    expected = sum(len(json.loads(r[0] or "[]"))
                   for r in conn.execute("select links from articles"))
    got = conn.execute("select count(*) from links").fetchone()[0]
    internal = conn.execute("select count(*) from links where internal = 1").fetchone()[0]
    assert got == expected > 0 and 0 < internal < got


def test_warc_captures_cover_every_response(crawled_classic):
    from newscrawl.archive import check

    conn = sqlite3.connect(crawled_classic["db"])
    captured = conn.execute("select count(*) from captures").fetchone()[0]
    statuses = {r[0] for r in conn.execute("select distinct status from captures")}
    assert captured >= len(crawled_classic["requests"]) - 1  # the 2 s page may straddle
    assert {200, 301, 404, 500} <= statuses
    warcs = sorted(archive_warc_dir(crawled_classic["db"]).glob("*.warc.gz"))
    assert warcs and all(check(w).ok for w in warcs)

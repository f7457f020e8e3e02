"""Attention over time (issue 10): /-/trends and /-/trends.csv, in process on a small
archive built with the Store API; the numbers are checked against SQL run here."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator

import pytest

from newscrawl.store import Store
from newscrawl.store.read import fts_expression
from tests.conftest import datasette_in_process

SITE = "https://leigh-on-sea.news"
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def art(slug: str, title: str, body: str, published: str | None, section: str,
        authors: list[str]) -> dict:
    return {"url": f"{SITE}/{slug}/", "title": title, "standfirst": "", "body": body,
            "authors": authors, "published": published, "modified": published,
            "section": section, "tags": []}


ARTICLES = [
    art("a1", "Police at the pier", "Police and fire crews.", "2024-01-05T09:00:00+00:00",
        "News", ["Jo Bloggs"]),
    art("a2", "Fire at the mill", "Fire crews were called.", "2024-01-20T09:00:00+00:00",
        "News", ["Sam Smith"]),
    art("a3", "Cup final", "Police praised fans.", "2024-02-02T09:00:00+00:00", "Sport",
        ["Ann Lee", "Jo Bloggs"]),
    art("a4", "Council budget", "Nothing of note.", "2024-02-10T09:00:00+00:00", "Politics",
        ["Ann Lee"]),
    art("a5", "Market day", "Stalls and music.", "2024-02-11T09:00:00+00:00", "News",
        ["Sam Smith"]),
    art("a6", "Police patrols", "More police on the seafront.", "2024-04-01T09:00:00+00:00",
        "News", ["Jo Bloggs"]),
    art("a7", f"Hostile {XSS}", f"police {XSS}", "2024-04-02T09:00:00+00:00", "Arts" + XSS,
        [f"Evil {XSS}"]),
    art("a8", "Undated police note", "police", None, "News", ["Jo Bloggs"]),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("trends") / "trends.db"
    store = Store(db)
    run = store.start_run([SITE + "/"], {})
    for a in ARTICLES:
        assert store.save_article(a, fetched_at="2024-06-20T10:00:00+00:00", run_id=run) == "new"
    store.finish_run(run, {})
    store.close()
    return {"path": db}


@pytest.fixture(scope="module")
def client(archive) -> Iterator:
    with datasette_in_process(archive["path"]) as c:
        yield c


def expected(archive, query: str) -> dict[str, tuple[int, int]]:
    """month -> (matching, all) computed here, independently of newscrawl.store.read."""
    conn = sqlite3.connect(archive["path"])
    try:
        totals = dict(conn.execute(
            "SELECT strftime('%Y-%m', substr(published, 1, 10)), count(*) FROM articles"
            " WHERE published IS NOT NULL GROUP BY 1").fetchall())
        matches = dict(conn.execute(
            "SELECT strftime('%Y-%m', substr(a.published, 1, 10)), count(*) FROM articles a"
            " WHERE a.published IS NOT NULL AND a.id IN"
            " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) GROUP BY 1",
            [fts_expression(query)]).fetchall())
    finally:
        conn.close()
    return {m: (matches.get(m, 0), n) for m, n in totals.items()}


def get_csv(client, *queries: str, **extra) -> list[dict]:
    qs = urllib.parse.urlencode([("q", q) for q in queries] + list(extra.items()))
    resp = client.get("/-/trends.csv?" + qs)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(resp.text)))


def charts(text: str) -> list[str]:
    """The chart SVGs of a trends page (Datasette's own menu icon is an SVG too)."""
    return re.findall(r'<figure class="nc-chart[^"]*">\s*(<svg.*?</svg>)\s*</figure>', text, re.S)


def page(client, *queries: str, **extra):
    qs = urllib.parse.urlencode([("q", q) for q in queries] + list(extra.items()))
    return client.get("/-/trends?" + qs)


@pytest.mark.parametrize("query", ["police", "fire", '"fire crews"', "pol*", "police AND fire"])
def test_csv_counts_and_shares_match_sql(client, archive, query):
    rows = get_csv(client, query)
    assert rows and list(rows[0]) == ["month", "query", "count", "total", "share"]
    want = expected(archive, query)
    got = {r["month"]: r for r in rows}
    assert set(got) == set(want)
    for month, (n, total) in want.items():
        r = got[month]
        assert r["query"] == query
        assert int(r["count"]) == n and int(r["total"]) == total
        assert float(r["share"]) == pytest.approx(n / total, abs=1e-6)
    assert sum(int(r["count"]) for r in rows) > 0


def test_known_numbers(client):
    rows = {r["month"]: r for r in get_csv(client, "police")}
    # January: a1 of a1, a2; February: a3 of a3, a4, a5; April: a6, a7 of both; the undated
    # a8 counts nowhere.
    assert (rows["2024-01"]["count"], rows["2024-01"]["total"]) == ("1", "2")
    assert (rows["2024-02"]["count"], rows["2024-02"]["total"]) == ("1", "3")
    assert float(rows["2024-02"]["share"]) == pytest.approx(1 / 3, abs=1e-6)
    assert (rows["2024-04"]["count"], rows["2024-04"]["share"]) == ("2", "1.0")


def test_two_queries_side_by_side(client, archive):
    rows = get_csv(client, "police", "fire")
    assert {r["query"] for r in rows} == {"police", "fire"}
    for q in ("police", "fire"):
        want = expected(archive, q)
        got = {r["month"]: (int(r["count"]), int(r["total"])) for r in rows if r["query"] == q}
        assert got == want
    resp = page(client, "police", "fire")
    assert resp.status_code == 200
    text = resp.text
    svgs = charts(text)
    assert len(svgs) == 2  # share and count
    for svg in svgs:  # each with one series per query, and no script
        assert set(re.findall(r'class="series (serie-\d+) ', svg)) == {"serie-0", "serie-1"}
        assert "<script" not in svg
        assert ">police<" in svg and ">fire<" in svg
    assert "/-/trends.csv?q=police&amp;q=fire" in text


def test_by_section(client, archive):
    rows = get_csv(client, "police", by="section")
    assert list(rows[0]) == ["month", "query", "section", "count", "total", "share"]
    conn = sqlite3.connect(archive["path"])
    try:
        want = dict(((s, m), n) for s, m, n in conn.execute(
            "SELECT section, substr(published, 1, 7), count(*) FROM articles"
            " WHERE published IS NOT NULL AND id IN (SELECT rowid FROM articles_fts"
            " WHERE articles_fts MATCH 'police') GROUP BY 1, 2"))
    finally:
        conn.close()
    got = {(r["section"], r["month"]): int(r["count"]) for r in rows if int(r["count"])}
    assert got == want
    assert page(client, "police", by="section").status_code == 200
    resp = page(client, "police", "fire", by="section")
    assert resp.status_code == 400 and "one search at a time" in resp.text


def test_top_sections_and_authors(client):
    text = page(client, "police").text
    assert "5 matching articles" in text  # a1, a3, a6, a7, a8
    top = text.split("Top authors", 1)[1]
    assert "<td>Jo Bloggs</td><td>4</td>" in top


@pytest.mark.parametrize("query", ['"', '"unbalanced', "AND", "NEAR(", "OR OR", "*", "a\x00b",
                                   "x" * 30_000, '")(*&^%', "police NOT"])
def test_malformed_queries_never_500(client, query):
    for path in ("/-/trends", "/-/trends.csv"):
        resp = client.get(path + "?" + urllib.parse.urlencode({"q": query}))
        assert resp.status_code in (200, 400), (query[:20], resp.status_code)
        if resp.status_code == 400 and path == "/-/trends":
            assert 'class="message-error' in resp.text


def test_empty_and_too_many(client):
    resp = client.get("/-/trends")
    assert resp.status_code == 200 and "Type a search" in resp.text and not charts(resp.text)
    assert client.get("/-/trends?q=").status_code == 200
    assert client.get("/-/trends.csv").status_code == 400
    resp = page(client, "a", "b", "c", "d")
    assert resp.status_code == 400 and "Up to 3 searches" in resp.text
    assert client.get("/-/trends?q=police&db=nope").status_code == 404


def test_xss_in_query_and_data_is_escaped(client):
    resp = page(client, XSS, "police")
    assert resp.status_code == 200
    assert "<script>alert" not in resp.text and "<img src=x" not in resp.text
    assert "&lt;script&gt;alert(1)" in resp.text
    resp = page(client, "police", by="section")
    assert "<script>alert" not in resp.text and "<img src=x" not in resp.text
    assert charts(resp.text) and "<script" not in "".join(charts(resp.text))


def test_no_external_resources_in_charts(client):
    text = page(client, "police", "fire").text
    assert charts(text)
    for svg in charts(text):
        assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)

"""Fast at scale (issue 10), checked at a small scale with no timings: the search page,
its facet counts and the trends read the covering search indexes (schema m012), never
the article rows, except the page's own rows; they give exactly what plain SQL over the
whole table gives, with the indexes and without them (an archive not yet migrated);
and a large archive's Datasette table page computes no default facets and suggests
none. Latency itself is measured by ``benchmarks/serve_latency.py``."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.datasette import LARGE_ARCHIVE, TABLES, metadata, metadata_file, serve_settings
from newscrawl.store import Store, read
from newscrawl.store.schema import SEARCH_INDEX_BY_DATE, SEARCH_INDEX_BY_ID
from tests.conftest import datasette_in_process

SITE = "https://leigh-on-sea.news"
WORDS = "council police fire pier budget school harbour polka policy election".split()
AUTHORS = [["Jo Bloggs"], ["Zoë Ünal"], ['Ann "Nan" Lee', "Jo Bloggs"], ["Back\\slash"],
           ["O'Brien, Pat"], []]
TAGS = [["Pier"], ["Pier Head"], ["Café", "Council"], [], ["Council"], ["Pier", "Fire"]]
SECTIONS = ["News", "Sport", None, "Politics"]


def record(i: int) -> dict:
    """A varied article: ties in text (every 7th repeats), in dates (every 5th the same)
    and no published date for every 11th."""
    words = [WORDS[(i * 3 + k) % len(WORDS)] for k in range(3 + i % 4)]
    text = " ".join(words) if i % 7 else "council pier"
    published = None if i % 11 == 0 else (
        "2022-03-04T05:06:00+00:00" if i % 5 == 0 else
        f"{2015 + i % 9}-{i % 12 + 1:02d}-{i % 27 + 1:02d}T09:00:00+00:00")
    return {"url": f"{SITE}/story-{i}/", "title": f"{text.title()} {i}" if i % 7 else text,
            "standfirst": text, "body": f"{text}.\n\nMore about {words[0]}.",
            "authors": AUTHORS[i % len(AUTHORS)], "tags": TAGS[i % len(TAGS)],
            "section": SECTIONS[i % len(SECTIONS)], "published": published}


def build(path: Path, n: int) -> Path:
    with Store(path) as store:
        run = store.start_run([SITE + "/"], {})
        for i in range(1, n + 1):
            store.save_article(record(i), fetched_at="2025-01-10T10:00:00+00:00", run_id=run)
        store.finish_run(run, {})
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("scale") / "news.db", 120)


@pytest.fixture(scope="module")
def unindexed(archive, tmp_path_factory) -> Path:
    """The same archive without the search indexes (as before m012)."""
    copy = tmp_path_factory.mktemp("old") / "news.db"
    src = sqlite3.connect(archive)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    for name in (SEARCH_INDEX_BY_ID, SEARCH_INDEX_BY_DATE):
        dst.execute(f"DROP INDEX {name}")
    dst.commit()
    dst.close()
    return copy


def connect(path: Path) -> sqlite3.Connection:
    return read.connect_readonly(path)


# --- the reference: plain SQL over the whole table ---------------------------------------
def expected(conn, match, *, sort="rank", since=None, until=None, section=None,
             author=None, tag=None, limit=20, offset=0):
    where, params = [], []
    if match:
        source = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        where.append("articles_fts MATCH ?")
        params.append(match)
    else:
        source = "articles a"
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, ?) <= ?")
        params += [len(until), until]
    if section:
        where.append("a.section = ?")
        params.append(section)
    for column, value in (("authors", author), ("tags", tag)):
        if value:
            where.append(f"EXISTS (SELECT 1 FROM json_each(a.{column}) j WHERE j.value = ?)")
            params.append(value)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    order = ("bm25(articles_fts, 10.0, 4.0, 1.0), a.published DESC, a.id DESC"
             if match and sort != "date" else "a.published IS NULL, a.published DESC, a.id DESC")
    rows = conn.execute(f"SELECT a.id, a.section, a.authors, a.tags, a.published"
                        f" FROM {source}{sql_where} ORDER BY {order}", params).fetchall()
    facets = {"section": Counter(), "authors": Counter(), "tags": Counter(), "year": Counter()}
    for _, sec, authors, tags, published in rows:
        if sec is not None:
            facets["section"][sec] += 1
        if published:
            facets["year"][published[:4]] += 1
        for a in json.loads(authors or "[]"):
            facets["authors"][a] += 1
        for t in json.loads(tags or "[]"):
            facets["tags"][t] += 1
    return [r[0] for r in rows][offset:offset + limit], len(rows), facets


CASES = [
    ("council", {}), ("council", {"sort": "date"}), ("pier", {"offset": 20, "limit": 7}),
    ("pol*", {}), ('"council pier"', {}), ("police OR fire", {"sort": "date"}),
    ("council NOT pier", {}), ("council", {"section": "News"}),
    ("council", {"author": "Jo Bloggs"}), ("pier", {"author": "Zoë Ünal"}),
    ("council", {"author": 'Ann "Nan" Lee'}), ("pier", {"author": "Back\\slash"}),
    ("council", {"tag": "Pier"}), ("council", {"tag": "Café", "sort": "date"}),
    ("police", {"since": "2018", "until": "2021-06"}),
    ("council", {"since": "2022-03-04", "until": "2022-03-04", "sort": "date"}),
    (None, {"section": "Sport"}), (None, {"author": "O'Brien, Pat"}),
    (None, {"tag": "Pier", "since": "2016"}), (None, {"until": "2017", "offset": 3}),
    ("nothingmatchesthis", {}), (None, {"tag": "Nope"}),
]


@pytest.mark.parametrize("path", ["archive", "unindexed"])
@pytest.mark.parametrize(("q", "kw"), CASES, ids=[f"{q}-{kw}" for q, kw in CASES])
def test_search_is_the_plain_sql_answer(request, path, q, kw):
    conn = connect(request.getfixturevalue(path))
    match = read.fts_expression(q) if q else None
    found = read.search_articles(conn, match, **kw)
    ids, total, facets = expected(conn, match, **kw)
    assert [r["id"] for r in found["rows"]] == ids
    assert found["total"] == total and not found["facets_truncated"]
    for name, counts in facets.items():
        got = {v["value"]: v["count"] for v in found["facets"][name]}
        if name == "year":
            assert got == dict(counts)
        else:  # the facet_size largest, ties by value
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
            assert list(got.items()) == top
    for row in found["rows"]:  # the page's rows carry their fields and snippet
        assert row["url"].startswith(SITE) and row["snippet"] is not None
        assert (row["score"] is not None) == bool(match)
    conn.close()


def test_ranked_pages_do_not_overlap(archive):
    """Equal scores and dates (the repeated articles) keep one order from page to page."""
    conn = connect(archive)
    match = read.fts_expression("council pier")
    pages = [read.search_articles(conn, match, limit=3, offset=o)["rows"] for o in (0, 3, 6)]
    ids = [r["id"] for page in pages for r in page]
    whole = [r["id"] for r in read.search_articles(conn, match, limit=9)["rows"]]
    assert ids == whole and len(set(ids)) == len(ids) == 9
    conn.close()


def test_facets_count_at_most_facet_rows(archive, monkeypatch):
    conn = connect(archive)
    monkeypatch.setattr(read, "FACET_ROWS", 10)
    found = read.search_articles(conn, read.fts_expression("council"))
    assert found["total"] > 10 and found["facets_truncated"]
    assert sum(v["count"] for v in found["facets"]["year"]) <= 10
    conn.close()


def test_malformed_raw_query_is_a_search_error(archive):
    conn = connect(archive)
    for bad in ('"unbalanced', "AND", "NEAR(", "nosuchcolumn:x"):
        with pytest.raises(read.SearchError):
            read.search_articles(conn, bad)
        with pytest.raises(read.SearchError):
            read.search_articles(conn, bad, sort="date", section="News")
    conn.close()


def test_trends_are_the_plain_sql_answer(archive, unindexed):
    for path in (archive, unindexed):
        conn = connect(path)
        match = read.fts_expression("council")
        rows = conn.execute(
            "SELECT a.published, a.section, a.authors FROM articles_fts JOIN articles a"
            " ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?", [match]).fetchall()
        months = Counter(p[:7] for p, _, _ in rows if p)
        by_section = Counter((p[:7], s) for p, s, _ in rows if p)
        totals = dict(sorted(Counter(p[:7] for (p,) in conn.execute(
            "SELECT published FROM articles WHERE published IS NOT NULL")).items()))
        for _ in range(3):  # SQL first, then (indexed archive) the month index in memory
            assert read.trend_counts(conn, match) == sorted((m, None, n) for m, n in months.items())
            assert read.trend_counts(conn, match, by_section=True) == sorted(
                ((m, s, n) for (m, s), n in by_section.items()),
                key=lambda r: (r[0], r[1] is not None, str(r[1] or "")))
            assert read.month_totals(conn) == totals
        top = read.trend_top(conn, match)
        assert top["total"] == len(rows)
        authors = Counter(a for _, _, au in rows for a in json.loads(au))
        assert {v["value"]: v["count"] for v in top["authors"]} == dict(
            sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
        conn.close()


def test_the_month_index_is_used_only_while_the_archive_is_unchanged(tmp_path):
    from newscrawl.store import month_index

    path = build(tmp_path / "news.db", 30)
    conn = connect(path)
    match = read.fts_expression("council")
    first = read.trend_counts(conn, match)
    assert month_index.cached(conn, " INDEXED BY " + SEARCH_INDEX_BY_ID) is not None
    assert read.trend_counts(conn, match) == first
    writer = sqlite3.connect(path)  # another connection commits: a new article
    writer.execute("UPDATE articles SET published = '1999-01-02T00:00:00+00:00' WHERE id = ("
                   "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1)", [match])
    writer.commit()
    writer.close()
    moved = read.trend_counts(conn, match)  # counted with SQL: the archive changed
    assert moved != first and moved[0] == ("1999-01", None, 1)
    assert read.trend_counts(conn, match) == moved  # arrays rebuilt from the new rows
    assert read.month_totals(conn)["1999-01"] == 1
    conn.close()


def test_sparse_ids_are_counted_with_sql():
    from newscrawl.store import month_index

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, published TEXT, section TEXT)")
    conn.execute("INSERT INTO articles VALUES (1, '2024-01-01', 'News'), (10000000, '2024-02-01', NULL)")
    assert month_index.build(conn) is None
    conn.execute("DELETE FROM articles WHERE id > 1")
    index = month_index.build(conn)
    assert index is not None and index.totals == {"2024-01": 1}
    assert index.counts([1, 2, 99], by_section=True) == [("2024-01", "News", 1)]


# --- what SQLite reads -------------------------------------------------------------------
def plans(conn: sqlite3.Connection, call) -> list[tuple[str, list[str]]]:
    """(SQL, query-plan lines) of every statement ``call(conn)`` runs."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call(conn)
    finally:
        conn.set_trace_callback(None)
    out = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or "sqlite_master" in sql \
                or "'main'." in sql:  # FTS5's own statements (its config, its content)
            continue
        out.append((sql, [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]))
    return out


def reads_article_rows(plan: list[str]) -> list[str]:
    """Plan lines that read rows of ``articles`` (not only an index that covers them)."""
    return [line for line in plan if line.split(" ")[:2] in (
        ["SCAN", "a"], ["SEARCH", "a"], ["SCAN", "articles"], ["SEARCH", "articles"])
        and "COVERING INDEX" not in line]


@pytest.mark.parametrize(("q", "kw"), [
    ("council", {}), ("council", {"sort": "date"}), ("council", {"section": "News"}),
    ("pier", {"author": "Jo Bloggs", "since": "2016"}), (None, {"tag": "Pier"}),
    (None, {"section": "Sport", "until": "2020"}),
])
def test_search_reads_indexes_and_the_page_rows_only(archive, q, kw):
    conn = connect(archive)
    match = read.fts_expression(q) if q else None
    ran = plans(conn, lambda c: read.search_articles(c, match, limit=5, **kw))
    assert len(ran) == 4  # the page's ids, its rows, the total, the facets
    for sql, plan in ran:
        rows = reads_article_rows(plan)
        if "snippet(" in sql or "substr(coalesce(" in sql:  # the page's own rows, by id
            assert rows and all("INTEGER PRIMARY KEY" in line for line in rows), plan
        else:
            assert not rows, (sql, plan)
    conn.close()


def test_trends_read_indexes_only(archive):
    conn = connect(archive)
    match = read.fts_expression("council")
    ran = plans(conn, lambda c: (read.month_totals(c), read.trend_counts(c, match),
                                 read.trend_counts(c, match, by_section=True),
                                 read.trend_top(c, match)))
    # the SQL answers, then (the archive unchanged) the month index's build and FTS5 lists
    assert len(ran) >= 5 and any("FROM articles INDEXED BY" in sql for sql, _ in ran)
    for sql, plan in ran:
        assert not reads_article_rows(plan), (sql, plan)
    conn.close()


def test_the_migration_makes_the_indexes(archive):
    conn = connect(archive)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {SEARCH_INDEX_BY_ID, SEARCH_INDEX_BY_DATE, "idx_articles_year"} <= names
    conn.close()


# --- Datasette's table page on a large archive -------------------------------------------
def test_metadata_by_archive_size():
    small = metadata("news", articles=LARGE_ARCHIVE)
    assert small["databases"]["news"]["tables"]["articles"]["facets"] == \
        TABLES["articles"]["facets"]
    assert "plugins" not in small
    large = metadata("news", articles=LARGE_ARCHIVE + 1, password_user="me")
    articles = large["databases"]["news"]["tables"]["articles"]
    assert articles["facets"] == [] and "/-/search" in articles["description"]
    assert "me_password_hash" in large["plugins"]["datasette-auth-passwords"]
    # No facet suggestions above LARGE_ARCHIVE: a --setting of `newscrawl serve` and of a
    # published copy's commands (serve_settings), not something the metadata can say.
    assert ("suggest_facets", "off") in serve_settings(LARGE_ARCHIVE + 1)
    assert "suggest_facets" not in dict(serve_settings(LARGE_ARCHIVE))
    assert "suggest_facets" not in dict(serve_settings(None))
    assert TABLES["articles"]["facets"]  # the module's own TABLES is left alone
    unknown = metadata("news")
    assert unknown["databases"]["news"]["tables"]["articles"]["facets"]


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """An archive just over LARGE_ARCHIVE: 40 articles written, then copied in SQL."""
    path = build(tmp_path_factory.mktemp("large") / "big.db", 40)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_xinfo(articles)")
            if r[1] != "id" and r[6] == 0]
    names = ", ".join(f'"{c}"' for c in cols)
    picks = ", ".join("url || 'copy-' || ? || '/'" if c in ("url", "canonical_url")
                      else f'"{c}"' for c in cols)
    copies = sum(c in ("url", "canonical_url") for c in cols)
    with conn:
        for k in range(1, LARGE_ARCHIVE // 40 + 1):
            conn.execute(f"INSERT INTO articles ({names}) SELECT {picks} FROM articles"
                         " WHERE id <= 40", [k] * copies)
    conn.close()
    return path


@pytest.fixture(scope="module")
def large_client(large) -> Iterator:
    with datasette_in_process(large) as client:
        yield client


def test_large_table_page_has_no_default_facets(large, large_client):
    meta = json.loads(metadata_file(large).read_text())
    assert meta["databases"]["big"]["tables"]["articles"]["facets"] == []
    data = large_client.get("/big/articles.json?_shape=objects").json()
    assert len(data["rows"]) == 50 and data["suggested_facets"] == []
    results = data["facet_results"]
    assert not (results.get("results") if "results" in results else results)
    assert large_client.get("/-/settings.json").json()["suggest_facets"] is False
    # a facet asked for still answers, from the section index
    data = large_client.get("/big/articles.json?_facet=section").json()
    results = data["facet_results"]
    facets = results["results"] if "results" in results else results
    assert {v["value"] for v in facets["section"]["results"]} == {"News", "Sport", "Politics"}


def test_large_search_page_counts_the_result_set(large, large_client):
    page = large_client.get("/-/search?q=council&section=News").text
    conn = connect(large)
    ids, total, facets = expected(conn, read.fts_expression("council"), section="News")
    conn.close()
    assert f'<strong id="nc-total">{total}</strong>' in page
    assert f'data-value="News">{facets["section"]["News"]}</span>' in page


def test_small_archive_keeps_datasette_defaults(archive, tmp_path):
    copy = tmp_path / "small.db"
    shutil.copy(archive, copy)
    with datasette_in_process(copy) as client:
        assert client.get("/-/settings.json").json()["suggest_facets"] is True
        data = client.get("/small/articles.json?_shape=objects").json()
        results = data["facet_results"]
        facets = results["results"] if "results" in results else results
        assert {"section", "authors", "tags", "year", "status"} <= set(facets)

"""Datasette as `newscrawl serve` configures it: search, facets, CSV, the row page (in
process, through Datasette's client); one smoke test of the real `newscrawl serve`
process; and the export command."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import urllib.parse
import urllib.request

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.e2e


def get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def db_name(crawled) -> str:
    return crawled["db"].stem


def sql(crawled, query: str, *params) -> list[tuple]:
    conn = sqlite3.connect(crawled["db"])
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def test_full_text_search_finds_operation_raker(datasette_client, crawled_classic):
    q = urllib.parse.quote("Operation Raker")
    data = get(datasette_client, f"/{db_name(crawled_classic)}/articles.json"
                                 f"?_search={q}&_shape=array").json()
    titles = [r["title"] for r in data]
    assert "Improved Public Confidence" in titles
    # every hit has both words (FTS5 default: all terms)
    assert all("raker" in f"{r['title']} {r['standfirst']} {r['body']}".lower() for r in data)


def test_section_facet(datasette_client, crawled_classic):
    data = get(datasette_client, f"/{db_name(crawled_classic)}/articles.json"
                                 "?_facet=section").json()
    results = data["facet_results"]
    facets = results["results"] if "results" in results else results
    values = {v["value"]: v["count"] for v in facets["section"]["results"]}
    expected = dict(sql(crawled_classic, "select section, count(*) from articles "
                                         "where section is not null group by section"))
    assert values and values == expected


def test_metadata_facets_and_sort(datasette_client, crawled_classic):
    data = get(datasette_client, f"/{db_name(crawled_classic)}/articles.json"
                                 "?_shape=objects").json()
    published = [r["published"] for r in data["rows"] if r["published"]]
    assert published and published == sorted(published, reverse=True)
    # the metadata's default facets, and newscrawl serve's page size setting
    results = data["facet_results"]
    facets = results["results"] if "results" in results else results
    assert {"section", "authors", "tags", "year", "status"} <= set(facets)
    n = sql(crawled_classic, "select count(*) from articles")[0][0]
    assert len(data["rows"]) == min(50, n)


def test_csv_export_over_http(datasette_client, crawled_classic):
    body = get(datasette_client,
               f"/{db_name(crawled_classic)}/articles.csv?_size=max").text
    reader = list(csv.DictReader(io.StringIO(body)))
    urls = {url for (url,) in sql(crawled_classic, "select url from articles")}
    assert len(reader) == len(urls) and "title" in reader[0]
    assert {r["url"] for r in reader} == urls


def test_row_page_shows_readable_text(datasette_client, crawled_classic):
    row_id = sql(crawled_classic,
                 "select id from articles where title = 'Improved Public Confidence'")[0][0]
    page = get(datasette_client, f"/{db_name(crawled_classic)}/articles/{row_id}").text
    assert 'class="nc-body"' in page and "Operation Raker" in page


def test_newscrawl_serve_as_a_real_process(datasette_server, crawled_classic):
    """The one smoke test of the real command (its process is shared with the browser
    tests): it starts, answers with the project's metadata, search, static files and
    plugin route; `serve_archive` checks that it stops on SIGTERM and frees its port."""
    db = db_name(crawled_classic)

    def fetch(path: str) -> bytes:
        with urllib.request.urlopen(datasette_server + path, timeout=30) as resp:
            assert resp.status == 200, path
            return resp.read()

    tables = json.loads(fetch("/-/metadata.json"))["databases"][db]["tables"]
    assert "/-/newscrawl/history" in tables["article_versions"]["description"]
    q = urllib.parse.quote("Operation Raker")
    hits = json.loads(fetch(f"/{db}/articles.json?_search={q}&_shape=array"))
    assert "Improved Public Confidence" in [r["title"] for r in hits]
    assert fetch("/newscrawl-static/newscrawl.css")
    url = sql(crawled_classic, "select url from articles "
                               "where title = 'Improved Public Confidence'")[0][0]
    page = fetch("/-/newscrawl/history?" + urllib.parse.urlencode({"db": db, "url": url}))
    assert b"<h1>History: Improved Public Confidence</h1>" in page


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_command(crawled_classic, tmp_path, fmt):
    out = tmp_path / f"articles.{fmt}"
    proc = run_cli("export", "--db", str(crawled_classic["db"]), "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        records = list(csv.DictReader(io.StringIO(text)))
    elif fmt == "json":
        records = json.loads(text)
    else:
        records = [json.loads(line) for line in text.splitlines()]
    conn = sqlite3.connect(crawled_classic["db"])
    assert len(records) == conn.execute("select count(*) from articles").fetchone()[0]
    assert {"url", "title", "body", "published"} <= set(records[0])


def test_export_missing_db_is_clear(tmp_path):
    proc = run_cli("export", "--db", str(tmp_path / "none.db"), "--format", "csv")
    assert proc.returncode == 2 and "no archive" in proc.stderr and "Traceback" not in proc.stderr

"""Datasette as a real process over HTTP: search, facets, CSV; and the export command."""

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


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.status == 200
        return resp.read()


def db_name(crawled) -> str:
    return crawled["db"].stem


def test_full_text_search_finds_operation_raker(datasette_server, crawled_classic):
    q = urllib.parse.quote("Operation Raker")
    data = json.loads(get(f"{datasette_server}/{db_name(crawled_classic)}/articles.json"
                          f"?_search={q}&_shape=array"))
    titles = [r["title"] for r in data]
    assert "Improved Public Confidence" in titles


def test_section_facet(datasette_server, crawled_classic):
    data = json.loads(get(f"{datasette_server}/{db_name(crawled_classic)}/articles.json"
                          "?_facet=section"))
    results = data["facet_results"]
    facets = results["results"] if "results" in results else results
    values = facets["section"]["results"]
    assert values and sum(v["count"] for v in values) == data.get("filtered_table_rows_count",
                                                                 sum(v["count"] for v in values))


def test_metadata_facets_and_sort(datasette_server, crawled_classic):
    data = json.loads(get(f"{datasette_server}/{db_name(crawled_classic)}/articles.json"
                          "?_shape=objects"))
    published = [r["published"] for r in data["rows"] if r["published"]]
    assert published == sorted(published, reverse=True)
    assert data.get("facet_results")  # metadata turns on the default facets


def test_csv_export_over_http(datasette_server, crawled_classic):
    body = get(f"{datasette_server}/{db_name(crawled_classic)}/articles.csv?_size=max").decode()
    reader = list(csv.DictReader(io.StringIO(body)))
    conn = sqlite3.connect(crawled_classic["db"])
    n = conn.execute("select count(*) from articles").fetchone()[0]
    assert len(reader) == n and "title" in reader[0]


def test_row_page_shows_readable_text(datasette_server, crawled_classic):
    conn = sqlite3.connect(crawled_classic["db"])
    row_id = conn.execute(
        "select id from articles where title = 'Improved Public Confidence'").fetchone()[0]
    page = get(f"{datasette_server}/{db_name(crawled_classic)}/articles/{row_id}").decode()
    assert 'class="nc-body"' in page and "Operation Raker" in page


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

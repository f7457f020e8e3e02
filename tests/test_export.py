"""`newscrawl export` (issue 10): filters, formats, round trips, datapackage.json.

In process and fast: a small archive built with the Store API in tmp_path."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newscrawl.cli import cli
from newscrawl.datasette import ARTICLE_COLUMNS, TABLES
from newscrawl.extract.model import Article
from newscrawl.store import Store, export_columns

SITE = "https://leigh-on-sea.news"
T1 = "2024-06-12T10:00:00+00:00"
T2 = "2024-06-13T10:00:00+00:00"
T3 = "2024-06-14T10:00:00+00:00"

ARTICLES = {
    "police": dict(title="Police station to reopen", section="News", authors=["Editor"],
                   tags=["Police", "Southend"], published="2024-06-12T09:30:00+01:00",
                   body="The police station on Victoria Avenue reopens.\n\nA second line,\n"
                        "with a newline, a comma and \"quotes\"."),
    "pier": dict(title="Pier train returns", section="Community", authors=["Jane Smith"],
                 tags=["Pier"], published="2024-03-02T08:00:00+00:00",
                 body="The pier train runs again from Saturday."),
    "council": dict(title="Council budget agreed", section="Politics",
                    authors=["Jane Smith", "Editor"], tags=["Council", "Southend"],
                    published="2023-11-20T12:00:00+00:00",
                    body="Councillors agreed the budget after a long debate."),
    "gone": dict(title="Festival cancelled", section="News", authors=["Bob Jones"],
                 tags=["Events"], published="2024-07-01T09:00:00+01:00",
                 body="The summer festival will not take place."),
}


def url(key: str) -> str:
    return f"{SITE}/{key}/"


def record(key: str, **over: object) -> dict:
    fields = {**ARTICLES[key], **over}
    art = Article(url=url(key), canonical_url=url(key), is_article=True,
                  standfirst=f"About {key}.", word_count=8, **fields)
    return art.to_record()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as store:
        run = store.start_run([SITE + "/"], {})
        for key in ARTICLES:
            store.save_article(record(key), fetched_at=T1, run_id=run)
        store.save_article(record("police", title="Police station reopens today"),
                           fetched_at=T2, run_id=run)  # a second version
        store.mark_gone(url("gone"), seen_at=T3, run_id=run)
        store.finish_run(run, {"pages_fetched": 5})
        store.flush()
    return path


def run(db, *args: str, output: bool = True):
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args])
    return result


def rows_jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def urls(rows: list[dict]) -> set[str]:
    return {r["url"] for r in rows}


# --- formats -----------------------------------------------------------------------------
def test_jsonl_to_stdout_all_articles_newest_first(db):
    result = run(db)
    assert result.exit_code == 0, result.output
    rows = rows_jsonl(result.stdout)
    assert [r["url"] for r in rows] == [url("gone"), url("police"), url("pier"), url("council")]
    assert set(rows[0]) == {name for name, _ in export_columns(db)}
    assert rows[1]["title"] == "Police station reopens today"  # the latest version
    assert json.loads(rows[1]["authors"]) == ["Editor"]
    assert "exported 4 articles" in result.stderr


def test_json_is_one_array(db, tmp_path):
    out = tmp_path / "a.json"
    assert run(db, "--format", "json", "-o", str(out), "--fields", "url,title").exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 4 and all(set(r) == {"url", "title"} for r in data)


def test_json_empty_result_is_an_empty_array(db):
    result = run(db, "--format", "json", "--section", "Nothing")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_csv_round_trip_keeps_newlines_quotes_and_commas(db, tmp_path):
    out = tmp_path / "a.csv"
    result = run(db, "--format", "csv", "-o", str(out), "--fields", "url,title,body,word_count")
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["url", "title", "body", "word_count"]
    police = next(r for r in rows if r["url"] == url("police"))
    assert police["body"] == ARTICLES["police"]["body"]
    assert "\n" in police["body"] and '"quotes"' in police["body"]
    assert len(rows) == 4


def test_csv_bom_for_excel(db, tmp_path):
    out = tmp_path / "a.csv"
    assert run(db, "--format", "csv", "--bom", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[0] == "id"


def test_csv_to_stdout_with_dash(db):
    result = run(db, "--format", "csv", "-o", "-", "--fields", "url")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert urls(rows) == {url(k) for k in ARTICLES}


def test_parquet_round_trip_with_types(db, tmp_path):
    out = tmp_path / "sub" / "a.parquet"
    result = run(db, "--format", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert table.column_names == [name for name, _ in export_columns(db)]
    assert str(table.schema.field("word_count").type) == "int64"
    assert str(table.schema.field("title").type) == "string"
    rows = table.to_pylist()
    police = next(r for r in rows if r["url"] == url("police"))
    assert police["body"] == ARTICLES["police"]["body"]
    assert json.loads(police["tags"]) == ["Police", "Southend"]


def test_parquet_is_written_in_row_groups(db, tmp_path):
    from newscrawl.export import write_parquet
    from newscrawl.store import ExportFilters, iter_export

    out = tmp_path / "g.parquet"
    columns = [c for c in export_columns(db) if c[0] in ("id", "url")]
    count = write_parquet(iter_export(db, ExportFilters(), ["id", "url"]), out, columns,
                          row_group=3)
    meta = pq.ParquetFile(out).metadata
    assert count == 4 and meta.num_rows == 4 and meta.num_row_groups == 2


def test_parquet_row_groups_are_bounded_by_size_too(db, tmp_path):
    from newscrawl.export import write_parquet
    from newscrawl.store import ExportFilters, iter_export

    out = tmp_path / "b.parquet"
    count = write_parquet(iter_export(db, ExportFilters()), out, export_columns(db),
                          group_bytes=1)  # every row is over the limit: a group each
    assert count == 4 and pq.ParquetFile(out).metadata.num_row_groups == 4


def test_parquet_needs_a_file(db):
    result = run(db, "--format", "parquet")
    assert result.exit_code == 2 and "parquet needs a file" in result.stderr
    assert "Traceback" not in result.output


# --- filters -----------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "expected"), [
    (["--since", "2024-06-01"], {"police", "gone"}),
    (["--until", "2024-03"], {"pier", "council"}),
    (["--since", "2024", "--until", "2024-06-12"], {"pier", "police"}),
    (["--section", "News"], {"police", "gone"}),
    (["--section", "news", "--section", "Politics"], {"police", "gone", "council"}),
    (["--author", "Jane Smith"], {"pier", "council"}),
    (["--author", "Editor", "--section", "News"], {"police"}),
    (["--tag", "Southend"], {"police", "council"}),
    (["--tag", "Pier", "--tag", "Events"], {"pier", "gone"}),
    (["--status", "gone"], {"gone"}),
    (["--status", "live"], {"police", "pier", "council"}),
    (["--status", "protected"], set()),
    (["--search", "pier train"], {"pier"}),
    (["--search", "budget", "--author", "Editor"], {"council"}),
    (["--search", "reopens"], {"police"}),  # in the latest version's title and the body
    (["--search", '"summer festival" OR budget', "--raw-fts"], {"gone", "council"}),
    (["--search", "pier*", "--raw-fts"], {"pier"}),
])
def test_filters_select_the_right_articles(db, args, expected):
    result = run(db, *args, "--fields", "url,section,authors,tags,published,status")
    assert result.exit_code == 0, result.output
    rows = rows_jsonl(result.stdout)
    assert urls(rows) == {url(k) for k in expected}
    assert all(set(r) == {"url", "section", "authors", "tags", "published", "status"}
               for r in rows)


def test_search_escaped_by_default_so_stray_quotes_and_operators_never_fail(db):
    for query in ['"unbalanced', "NEAR(", "pier OR", "AND pier", "title : pier"]:
        result = run(db, "--search", query)
        assert result.exit_code == 0, (query, result.output)


@pytest.mark.parametrize("query", ['"unbalanced', "NEAR(", "AND OR", "pier AND"])
def test_malformed_raw_search_is_a_clear_error(db, query, tmp_path):
    out = tmp_path / "x.csv"
    result = run(db, "--search", query, "--raw-fts", "--format", "csv", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "malformed full-text query" in result.stderr
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)


def test_malformed_raw_search_to_stdout_writes_nothing(db):
    result = run(db, "--search", "NEAR(", "--raw-fts", "--format", "csv")
    assert result.exit_code == 2 and "malformed full-text query" in result.stderr
    assert result.stdout == ""


def test_empty_search_is_a_clear_error(db):
    result = run(db, "--search", "  ")
    assert result.exit_code == 2 and "--search needs some words" in result.stderr


def test_unknown_field_is_a_clear_error(db):
    result = run(db, "--fields", "url,titel,nope")
    assert result.exit_code == 2
    assert "unknown field(s) titel, nope" in result.stderr and "title" in result.stderr
    assert "Traceback" not in result.output


def test_bad_date_is_a_usage_error(db):
    result = run(db, "--since", "last week")
    assert result.exit_code == 2 and "YYYY" in result.output


def test_user_values_are_parameters_not_sql(db):
    result = run(db, "--section", "News' OR '1'='1", "--author", "x') OR 1=1 --")
    assert result.exit_code == 0 and rows_jsonl(result.stdout) == []


# --- versions ----------------------------------------------------------------------------
def test_versions_gives_every_version(db):
    result = run(db, "--versions")
    assert result.exit_code == 0, result.output
    rows = rows_jsonl(result.stdout)
    assert len(rows) == 5 and "exported 5 versions" in result.stderr
    assert set(rows[0]) == set(TABLES["article_versions"]["columns"]) | {"id"} or \
        set(rows[0]) == {name for name, _ in export_columns(db, versions=True)}
    police = [r for r in rows if r["url"] == url("police")]
    assert [(r["version"], r["title"]) for r in police] == [
        (1, "Police station to reopen"), (2, "Police station reopens today")]


def test_versions_with_filters_and_fields(db, tmp_path):
    out = tmp_path / "v.parquet"
    result = run(db, "--versions", "--section", "News", "--status", "live",
                 "--fields", "url,version,title", "--format", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert rows == [{"url": url("police"), "version": 1, "title": "Police station to reopen"},
                    {"url": url("police"), "version": 2,
                     "title": "Police station reopens today"}]


# --- datapackage.json --------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_datapackage_matches_the_export(db, tmp_path, fmt):
    out = tmp_path / f"news.{fmt}"
    result = run(db, "--format", fmt, "-o", str(out), "--section", "News",
                 "--fields", "url,title,authors,published,word_count", "--datapackage")
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resource = package["resources"][0]
    assert resource["path"] == out.name and resource["format"] == fmt
    fields = resource["schema"]["fields"]
    if fmt == "parquet":
        exported = pq.read_table(out).column_names
    elif fmt == "csv":
        exported = next(csv.reader(out.open(encoding="utf-8", newline="")))
    elif fmt == "json":
        exported = list(json.loads(out.read_text())[0])
    else:
        exported = list(rows_jsonl(out.read_text())[0])
    assert [f["name"] for f in fields] == exported
    types = {f["name"]: f["type"] for f in fields}
    assert types == {"url": "string", "title": "string", "authors": "array",
                     "published": "datetime", "word_count": "integer"}
    assert all(f["description"] == ARTICLE_COLUMNS[f["name"]] for f in fields)
    assert resource["rows"] == package["newscrawl"]["row_count"] == 2
    meta = package["newscrawl"]
    assert meta["source_site"] == SITE + "/"
    assert meta["crawl_window"]["first_crawl"] and meta["crawl_window"]["last_crawl"]
    assert meta["crawl_window"]["crawl_runs"] == 1
    assert meta["query"]["sections"] == ["News"]
    assert meta["query"]["fields"] == ["url", "title", "authors", "published", "word_count"]
    assert meta["command"].startswith("newscrawl export")


def test_datapackage_for_versions_uses_the_versions_docs(db, tmp_path):
    out = tmp_path / "v.csv"
    assert run(db, "--versions", "--format", "csv", "-o", str(out),
               "--datapackage").exit_code == 0
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    docs = TABLES["article_versions"]["columns"]
    assert [f["name"] for f in fields] == [n for n, _ in export_columns(db, versions=True)]
    assert all(f.get("description") == docs.get(f["name"]) for f in fields)
    assert package["resources"][0]["rows"] == 5 and package["newscrawl"]["table"] == \
        "article_versions"


def test_datapackage_needs_a_file(db):
    result = run(db, "--datapackage")
    assert result.exit_code == 2 and "needs a file" in result.stderr


def test_every_article_column_is_documented_for_the_datapackage(db):
    assert {name for name, _ in export_columns(db)} <= set(ARTICLE_COLUMNS)


def test_missing_archive(tmp_path):
    result = run(tmp_path / "none.db")
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_no_progress_bar_in_a_pipe(db, tmp_path):
    out = tmp_path / "a.csv"
    result = run(db, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.strip() == f"exported 4 articles to {out}"


# --- one search syntax: export --search reads a query as the search page does ------------
SAME_AS_THE_PAGE = [
    ('"pier train"', {"pier"}),                  # a phrase
    ('"summer festival', {"gone"}),              # an unbalanced quote, closed
    ("counc*", {"council"}),                     # a prefix
    ("budget OR festival", {"council", "gone"}),
    ("the NOT pier", {"police", "council", "gone"}),
    ("pier OR", {"pier"}),                       # a dangling operator, dropped
    ('"quotes"', {"police"}),
    ("NEAR(", set()),                            # a word, not FTS5 syntax
    ("Pier TRAIN", {"pier"}),
]


@pytest.mark.parametrize(("query", "expected"), SAME_AS_THE_PAGE)
def test_export_search_finds_what_the_search_page_finds(db, query, expected):
    """`newscrawl export --search Q`, ``read.search_articles`` with the page's reading of Q
    (``fts_expression``) and the /-/search page itself list the same articles."""
    import re
    import sqlite3
    import urllib.parse

    from newscrawl.store import read
    from tests.conftest import datasette_in_process

    result = run(db, "--search", query, "--fields", "id,url")
    assert result.exit_code == 0, result.output
    exported = {r["id"] for r in rows_jsonl(result.stdout)}
    assert {r["url"] for r in rows_jsonl(result.stdout)} == {url(k) for k in expected}

    conn = sqlite3.connect(db)
    try:
        found = read.search_articles(conn, read.fts_expression(query), limit=100)
    finally:
        conn.close()
    assert {r["id"] for r in found["rows"]} == exported and found["total"] == len(exported)

    with datasette_in_process(db) as client:
        resp = client.get("/-/search?" + urllib.parse.urlencode({"q": query, "size": 100}))
    assert resp.status_code == 200, resp.text
    on_page = {int(i) for i in re.findall(
        r'<a class="nc-result-title" href="/-/article/(\d+)"', resp.text)}
    assert on_page == exported


@pytest.mark.parametrize("query", ['"', "AND", "AND OR", "*"])
def test_nothing_to_search_for_is_refused_by_export_and_page(db, query):
    """A query with nothing searchable in it: the page answers 400, the export exits 2
    before writing anything (it no longer searches for the word "AND")."""
    import urllib.parse

    from tests.conftest import datasette_in_process

    result = run(db, "--search", query, "--format", "csv")
    assert result.exit_code == 2, result.output
    assert "nothing to search for" in result.stderr and result.stdout == ""
    with datasette_in_process(db) as client:
        resp = client.get("/-/search?" + urllib.parse.urlencode({"q": query}))
    assert resp.status_code == 400 and "Nothing to search for" in resp.text

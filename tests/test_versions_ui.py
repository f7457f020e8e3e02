"""Edit history: word_diff, and the Datasette history page as `newscrawl serve` configures
it (in process; a real process only for the browser)."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.datasette.diff import diff_counts, diff_html, join_tokens, side, tokens, word_diff
from newscrawl.store import Store
from tests.conftest import datasette_in_process, serve_archive


# --- word_diff --------------------------------------------------------------------------
def test_identical_texts_are_one_equal_run():
    ops = word_diff("The pier  reopens.\n\nOn Monday.", "The pier reopens.\n \n On\nMonday.")
    assert [op for op, _ in ops] == ["equal"]
    assert side(ops, "new") == "The pier reopens.\n\nOn Monday."


def test_a_changed_word_is_a_delete_then_an_insert_without_its_full_stop():
    ops = word_diff("The pier reopens on Monday.", "The pier reopens on Tuesday.")
    assert ops == [("equal", " The pier reopens on"), ("delete", " Monday"),
                   ("insert", " Tuesday"), ("equal", ".")]
    assert diff_counts(ops) == {"delete": 1, "insert": 1}
    assert diff_html(ops, paragraphs=False) == (
        "The pier reopens on <del>Monday</del> <ins>Tuesday</ins>.")


def test_added_paragraph_and_empty_sides():
    ops = word_diff("First.", "First.\n\nSecond para here.")
    assert ops == [("equal", " First."), ("insert", "\n\n Second para here.")]
    assert diff_counts(ops) == {"delete": 0, "insert": 3}
    assert word_diff("", "New text") == [("insert", " New text")]
    assert word_diff("Old text", None) == [("delete", " Old text")]
    assert word_diff(None, "") == []


def test_tokens_keep_words_whole_and_punctuation_apart():
    assert tokens("Don't  panic: well-known £1m.\n\n\nNext") == [
        " Don't", " panic", ":", " well-known", " £", "1m", ".", "\n\n", " Next"]
    assert join_tokens(tokens("  a  b \n\n\n c ")) == "a b\n\nc"


def test_html_marks_changes_keeps_paragraphs_and_escapes():
    ops = word_diff("Costs <b>£1m</b> & rising.\n\nSecond.",
                    "Costs <b>£2m</b> & rising.\n\nSecond.\n\n<script>alert(1)</script>")
    out = diff_html(ops)
    assert "Costs &lt;b&gt;£<del>1m</del><ins>2m</ins>&lt;/b&gt; &amp; rising." in out
    assert "<script>" not in out and "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in out
    assert out.count("<p>") == 3


def test_split_and_joined_paragraphs_are_visible():
    split = diff_html(word_diff("One two three four.", "One two.\n\nThree four."))
    assert split == ("<p>One two <del>three</del><ins>.</ins><ins class=\"nc-para\">¶</ins></p>"
                     "<p><ins>Three</ins> four.</p>")
    joined = word_diff("One two.\n\nThree four.", "One two. Three four.")
    assert joined == [("equal", " One two."), ("delete", "\n\n"), ("equal", " Three four.")]
    assert '<del class="nc-para">¶</del>' in diff_html(joined)


def test_a_long_article_with_every_paragraph_edited_diffs_quickly():
    import time

    paras = [" ".join(f"word{(i * 7 + j) % 300} the council" for j in range(20)) + "."
             for i in range(100)]  # 6,000 words
    edited = [p.replace("word", "term", 1) for p in paras]
    started = time.perf_counter()
    ops = word_diff("\n\n".join(paras), "\n\n".join(edited))
    assert time.perf_counter() - started < 2.0
    assert diff_counts(ops) == {"delete": 100, "insert": 100}
    assert side(ops, "new") == "\n\n".join(edited)


words = st.text(alphabet="abcdeé<&> ", min_size=0, max_size=12).map(str.strip)
texts = st.lists(st.one_of(words, st.just("\n\n"), st.just("\n")), max_size=30).map(" ".join)


@given(texts, texts)
def test_diff_rebuilds_both_sides(old, new):
    ops = word_diff(old, new)
    assert side(ops, "old") == join_tokens(tokens(old))
    assert side(ops, "new") == join_tokens(tokens(new))
    assert all(op in ("equal", "delete", "insert") and text for op, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False))  # runs are maximal


# --- the history page over HTTP ----------------------------------------------------------
SITE = "https://leigh-on-sea.news"
PIER = f"{SITE}/pier-to-reopen/"
V1 = {
    "url": PIER, "title": "Pier to reopen on Monday", "standfirst": "Repairs are finished.",
    "body": "The council said the pier will reopen on Monday.\n\n"
            "Work cost £1m & took a year.\n\nTraders welcomed the news.",
    "authors": ["Jo Bloggs"], "published": "2024-06-12T09:00:00+01:00",
    "modified": "2024-06-12T09:00:00+01:00", "section": "News", "tags": ["Pier"],
}
V2 = {**V1, "title": "Pier to reopen on Tuesday",
      "body": "The council said the pier will reopen on Tuesday after final checks.\n\n"
              "Work cost £1m & took a year.\n\nTraders welcomed the news. <script>x()</script>",
      "modified": "2024-06-13T10:00:00+01:00", "authors": ["Jo Bloggs", "Sam Smith"]}
V3 = {**V2, "standfirst": "Repairs are finished at last."}
SINGLE = {**V1, "url": f"{SITE}/one-version/", "title": "Only one version"}


@pytest.fixture(scope="module")
def history_archive(tmp_path_factory) -> dict:
    """An archive with one article in three versions (and one with a single version)."""
    db = tmp_path_factory.mktemp("history") / "hist.db"
    store = Store(db)
    run = store.start_run([SITE + "/"], {})
    assert store.save_article(V1, fetched_at="2024-06-12T10:00:00+00:00", run_id=run) == "new"
    assert store.save_article(SINGLE, fetched_at="2024-06-12T10:00:00+00:00", run_id=run) == "new"
    assert store.save_article(V2, fetched_at="2024-06-19T10:00:00+00:00", run_id=run) == "updated"
    assert store.save_article(V3, fetched_at="2024-06-26T10:00:00+00:00", run_id=run) == "updated"
    store.finish_run(run, {})
    article_id = store.article(PIER)["id"]
    store.close()
    return {"path": db, "db": "hist", "id": article_id}


@pytest.fixture(scope="module")
def history_client(history_archive) -> Iterator[dict]:
    """The archive in `newscrawl serve`'s Datasette, in this process."""
    with datasette_in_process(history_archive["path"]) as client:
        yield {**history_archive, "client": client}


@pytest.fixture(scope="module")
def history_server(history_archive) -> Iterator[dict]:
    """The archive served by a real `newscrawl serve`, for the browser."""
    with serve_archive(history_archive["path"]) as base:
        yield {**history_archive, "base": base}


def fetch(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, response.text


def history(server: dict, **params: str) -> tuple[int, str]:
    return fetch(server["client"], f"/-/newscrawl/history?{urllib.parse.urlencode(params)}")


def section(page: str, old: int, new: int) -> str:
    match = re.search(rf'<section class="nc-change" id="diff-{old}-{new}">(.*?)</section>',
                      page, re.S)
    assert match, f"no diff {old}->{new} on the page"
    return match.group(1)


def test_history_page_lists_versions_and_diffs_the_changed_words(history_client):
    status, page = history(history_client, db="hist", url=PIER)
    assert status == 200
    assert "<h1>History: Pier to reopen on Tuesday</h1>" in page
    for n, fetched in ((1, "2024-06-12T10:00:00+00:00"), (2, "2024-06-19T10:00:00+00:00"),
                       (3, "2024-06-26T10:00:00+00:00")):
        assert re.search(rf'<tr id="v{n}"><td>{n}</td><td>{re.escape(fetched)}</td>', page)
    first = section(page, 1, 2)
    assert "Pier to reopen on <del>Monday</del> <ins>Tuesday</ins>" in first
    assert "will reopen on <del>Monday</del> <ins>Tuesday after final checks</ins>." in first
    assert "<p>Work cost £1m &amp; took a year.</p>" in first  # unchanged paragraph, escaped
    assert "<ins>&lt;script&gt;x()&lt;/script&gt;</ins>" in first and "<script>x()" not in page
    assert "<th>authors</th><td><del>Jo Bloggs</del></td><td>→</td><td><ins>Jo Bloggs, Sam Smith</ins>" in first
    # "Tuesday after final checks" and the words of "<script>x()</script>"
    assert "<h3>body <small>(−1 / +7 words)</small></h3>" in first
    second = section(page, 2, 3)
    assert "Repairs are finished <ins>at last</ins>." in second  # words, not characters
    assert "nc-diff-title" not in second and "nc-diff-body" not in second
    assert page.index('id="diff-2-3"') < page.index('id="diff-1-2"')  # newest change first


def test_article_row_page_links_to_history_and_versions(history_client):
    client, db = history_client["client"], history_client["db"]
    status, page = fetch(client, f"/{db}/articles/{history_client['id']}")
    assert status == 200
    links = dict((html.unescape(text), html.unescape(href)) for href, text in
                 re.findall(r'<a (?:class="nc-history" )?href="([^"]+)">([^<]+)</a>', page))
    hist = links["3 versions: history and word diff"]
    assert hist.startswith("/-/newscrawl/history?")
    status, hist_page = fetch(client, hist)
    assert status == 200 and "<ins>Tuesday</ins>" in hist_page
    table = links["rows in article_versions"]
    status, body = fetch(client, table.replace("/article_versions?", "/article_versions.json?")
                         + "&_shape=array")
    rows = json.loads(body)
    assert status == 200 and [r["version"] for r in rows] == [1, 2, 3]
    assert {r["url"] for r in rows} == {PIER}


def test_versions_table_links_each_version_to_its_place_in_the_history(history_client):
    client, db = history_client["client"], history_client["db"]
    status, page = fetch(client, f"/{db}/article_versions?url={urllib.parse.quote(PIER)}")
    assert status == 200
    anchors = re.findall(r'href="(/-/newscrawl/history\?[^"]+#v(\d))"', page)
    assert sorted(n for _, n in anchors) == ["1", "2", "3"]


def test_history_by_id_single_version_and_errors(history_client):
    status, page = history(history_client, db="hist", id=str(history_client["id"]))
    assert status == 200 and "<ins>Tuesday</ins>" in page
    status, page = history(history_client, db="hist", url=SINGLE["url"])
    assert status == 200 and "Only one version has been archived" in page
    status, page = history(history_client, db="hist", url=f"{SITE}/never-archived/")
    assert status == 404 and "No article with url" in page
    status, page = history(history_client, db="nosuchdb", url=PIER)
    assert status == 404 and "No database called" in page
    status, page = history(history_client, db="hist")
    assert status == 400 and "Say which article" in page


@pytest.mark.e2e
def test_history_page_on_a_real_crawl(datasette_client, crawled_classic):
    import sqlite3

    conn = sqlite3.connect(crawled_classic["db"])
    row_id, url = conn.execute(
        "select id, url from articles where title = 'Improved Public Confidence'").fetchone()
    conn.close()
    db = crawled_classic["db"].stem
    status, row_page = fetch(datasette_client, f"/{db}/articles/{row_id}")
    expected = html.escape("/-/newscrawl/history?" + urllib.parse.urlencode({"db": db, "url": url}))
    assert status == 200 and expected in row_page
    status, page = fetch(datasette_client, html.unescape(expected))
    assert status == 200 and "<h1>History: Improved Public Confidence</h1>" in page
    assert '<tr id="v1"><td>1</td>' in page


def test_metadata_describes_the_history(history_client):
    status, body = fetch(history_client["client"], "/-/metadata.json")
    assert status == 200
    tables = json.loads(body)["databases"]["hist"]["tables"]
    assert "/-/newscrawl/history" in tables["article_versions"]["description"]
    assert "history" in tables["articles"]["columns"]["version_count"]


@pytest.mark.e2e
@pytest.mark.browser
def test_history_page_in_a_browser(browser, history_server, tmp_path):
    """Follow the link from the article page and see the marked words, styled."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{history_server['base']}/{history_server['db']}/articles/{history_server['id']}")
    driver.find_element(By.CSS_SELECTOR, "a.nc-history").click()
    # click() may return before the browser has left the page: wait for the navigation.
    WebDriverWait(driver, 20).until(ec.url_contains("/-/newscrawl/history"))
    title_diff = driver.find_element(By.CSS_SELECTOR, "#diff-1-2 .nc-diff-title")
    inserted = title_diff.find_element(By.TAG_NAME, "ins")
    deleted = title_diff.find_element(By.TAG_NAME, "del")
    assert (inserted.text, deleted.text) == ("Tuesday", "Monday")
    assert inserted.value_of_css_property("background-color") == "rgba(221, 255, 221, 1)"
    assert "line-through" in deleted.value_of_css_property("text-decoration")
    paragraphs = driver.find_elements(By.CSS_SELECTOR, "#diff-1-2 .nc-diff-body p")
    assert len(paragraphs) == 3 and paragraphs[0].size["height"] > 0
    driver.save_screenshot(str(tmp_path / "history.png"))

"""The researcher's workbench in Datasette (issue 10): the archive's home page and the
search page (/-/search), in process on a small archive built with the Store API."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator

import pytest

from newscrawl.store import Store
from newscrawl.store.read import fts_expression
from tests.conftest import datasette_in_process

SITE = "https://leigh-on-sea.news"
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


def art(slug: str, title: str, body: str, published: str, section: str,
        authors: list[str], tags: list[str], standfirst: str = "") -> dict:
    return {"url": f"{SITE}/{slug}/", "title": title, "standfirst": standfirst, "body": body,
            "authors": authors, "published": published, "modified": published,
            "section": section, "tags": tags}


ARTICLES = [
    art("pier", "Pier to reopen after repairs", "The council said the pier will reopen.\n\n"
        "Police and fire crews attended a drill there.", "2024-06-12T09:00:00+01:00",
        "News", ["Jo Bloggs"], ["Pier", "Council"]),
    art("fire", "Fire at the old mill", "Fire crews were called on Tuesday. Police closed "
        "the road while the pier reopen plan was discussed elsewhere.",
        "2023-03-01T08:00:00+00:00", "News", ["Sam Smith"], ["Fire"]),
    art("policy", "Council policy on parking", "A new policy on parking was agreed by "
        "the council.", "2022-11-05T10:00:00+00:00", "Politics", ["Jo Bloggs", "Ann Lee"],
        ["Council", "Parking"]),
    art("match", "United win the cup", "The football team won. Police praised fans.",
        "2024-01-20T17:00:00+00:00", "Sport", ["Ann Lee"], ["Football"]),
    art("polka", "Polka night at the hall", "Dancers enjoyed polka music.",
        "2021-07-07T19:00:00+01:00", "Arts", ["Sam Smith"], []),
    art("xss", f"Hostile {XSS} headline", f"Body with polka and {XSS} inside.",
        "2020-02-02T12:00:00+00:00", "Arts" + XSS, [f"Evil {XSS}"], [XSS]),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("workbench") / "bench.db"
    store = Store(db)
    run = store.start_run([SITE + "/"], {})
    for a in ARTICLES:
        assert store.save_article(a, fetched_at="2024-06-20T10:00:00+00:00", run_id=run) == "new"
    store.finish_run(run, {})
    run2 = store.start_run([SITE + "/"], {})
    assert store.save_article({**ARTICLES[0], "title": "Pier to reopen after repairs, council says"},
                              fetched_at="2024-06-27T10:00:00+00:00", run_id=run2) == "updated"
    assert store.mark_gone(ARTICLES[3]["url"], seen_at="2024-06-27T10:00:00+00:00", run_id=run2)
    store.finish_run(run2, {})
    store.close()
    return {"path": db, "db": "bench"}


@pytest.fixture(scope="module")
def client(archive) -> Iterator:
    with datasette_in_process(archive["path"]) as c:
        yield c


def sql(archive, query: str, *params) -> list[tuple]:
    conn = sqlite3.connect(archive["path"])
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def search(client, **params) -> tuple[int, str]:
    r = client.get("/-/search?" + urllib.parse.urlencode(params))
    return r.status_code, r.text


def titles(page: str) -> list[str]:
    return [html.unescape(t) for t in
            re.findall(r'<a class="nc-result-title" href="[^"]+">([^<]*)</a>', page)]


def facet(page: str, name: str) -> dict[str, int]:
    block = re.search(rf'<div class="nc-facet" id="facet-{name}">(.*?)</div>', page, re.S)
    if not block:
        return {}
    return {html.unescape(v): int(n) for v, n in
            re.findall(r'data-value="([^"]*)">(\d+)</span>', block.group(1))}


def assert_inert(page: str) -> None:
    """The hostile article's markup shows as text: no script, handler or javascript: link."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Check(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"<{tag} {name}={value}>")
            if tag == "img" and ("src", "x") in attrs:
                found.append("<img src=x>")

        def handle_data(self, data):
            if self.lasttag == "script" and "alert(" in data:
                found.append(data)

    Check().feed(page)
    assert not found


# --- the query language ------------------------------------------------------------------
@pytest.mark.parametrize("text, expr", [
    ("police fire", '"police" "fire"'),
    ('"exact phrase" pol*', '"exact phrase" "pol"*'),
    ("police AND fire", '"police" AND "fire"'),
    ("police OR NOT fire", '"police" NOT "fire"'),
    ("AND police OR", '"police"'),
    ('"unbalanced', '"unbalanced"'),
    ("NEAR( a", '"NEAR(" "a"'),
    ('a"b', '"a""b"'),
    ("* ( ) \" ''", ""),
])
def test_fts_expression(text, expr):
    assert fts_expression(text) == expr


# --- home -----------------------------------------------------------------------------------
def test_home_shows_counts_range_sections_and_last_crawl(client, archive):
    r = client.get("/")
    assert r.status_code == 200
    page = r.text
    n = sql(archive, "select count(*) from articles")[0][0]
    assert f'<strong id="nc-article-count">{n}</strong> articles' in page
    assert "1 gone" in page
    assert '<strong id="nc-first-published">2020-02-02</strong>' in page
    assert '<strong id="nc-last-published">2024-06-12</strong>' in page
    last = re.search(r'<p id="nc-last-crawl">(.*?)</p>', page, re.S).group(1)
    assert "Run 2" in last and "finished" in last
    assert "0 new, 1 updated, 1 gone" in re.sub(r"\s+", " ", last)
    sections = re.findall(r'<li><a href="([^"]+)">([^<]*)</a> <span class="nc-count">(\d+)</span>', page)
    assert ("News", "2") in [(html.unescape(s), c) for _, s, c in sections]
    assert '<form class="nc-search-form" action="/-/search"' in page
    for link in ("/-/search", "/-/trends", "/bench/articles", "/bench/crawl_runs", "researchers.md"):
        assert link in page
    assert_inert(page)
    assert "Arts&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page


# --- search -----------------------------------------------------------------------------------
def test_phrase_search_ranks_the_title_match_first_with_a_marked_snippet(client):
    status, page = search(client, q='"pier to reopen"')
    assert status == 200
    found = titles(page)
    assert found[0] == "Pier to reopen after repairs, council says"
    assert "Fire at the old mill" not in found  # "pier reopen" there, not the phrase
    assert '<p class="nc-snippet"><mark>Pier to reopen</mark> after repairs' in page
    assert "Column" not in page.split('class="nc-results"')[0]  # no column docs above
    # The title opens the article page; the raw row is one click further.
    assert re.search(r'class="nc-result-title" href="/-/article/\d+">Pier to reopen', page)


def test_title_weighs_more_than_body(client):
    status, page = search(client, q="fire")
    assert status == 200 and titles(page)[0] == "Fire at the old mill"


def test_prefix_and_boolean_queries(client):
    _, page = search(client, q="pol*")
    assert {"Council policy on parking", "Polka night at the hall"} <= set(titles(page))
    _, page = search(client, q="police AND fire")
    assert set(titles(page)) == {"Pier to reopen after repairs, council says", "Fire at the old mill"}
    _, page = search(client, q="police NOT fire")
    assert titles(page) == ["United win the cup"]
    _, page = search(client, q="parking OR polka")
    assert len(titles(page)) == 3


def test_sort_by_date(client, archive):
    status, page = search(client, q="police OR polka OR council", sort="date")
    assert status == 200
    found = titles(page)
    dates = re.findall(r'<span class="nc-date">([^<]+)</span>', page)
    assert len(found) >= 4 and dates == sorted(dates, reverse=True)


def test_filters_combine(client):
    _, page = search(client, q="council", section="News")
    assert titles(page) == ["Pier to reopen after repairs, council says"]
    _, page = search(client, q="council", author="Jo Bloggs", since="2023")
    assert titles(page) == ["Pier to reopen after repairs, council says"]
    _, page = search(client, q="council", tag="Parking")
    assert titles(page) == ["Council policy on parking"]
    _, page = search(client, author="Sam Smith", until="2022-12-31")
    assert titles(page) == ["Polka night at the hall"]
    _, page = search(client, since="2023-01-01", until="2023-12", section="News")
    assert titles(page) == ["Fire at the old mill"]


def test_facet_counts_are_those_of_the_result_set(client, archive):
    _, page = search(client, q="police OR council OR polka")
    conn_rows = sql(archive, "select a.section, a.authors, a.year from articles_fts join "
                             "articles a on a.id = articles_fts.rowid where articles_fts "
                             "match '\"police\" OR \"council\" OR \"polka\"'")
    sections: dict[str, int] = {}
    years: dict[str, int] = {}
    authors: dict[str, int] = {}
    for section, auth, year in conn_rows:
        sections[section] = sections.get(section, 0) + 1
        years[year] = years.get(year, 0) + 1
        for a in json.loads(auth):
            authors[a] = authors.get(a, 0) + 1
    assert facet(page, "section") == sections
    assert facet(page, "year") == years
    assert facet(page, "authors") == authors
    assert f'<strong id="nc-total">{len(conn_rows)}</strong>' in page


def test_pagination(client):
    _, page1 = search(client, q="police OR polka OR council", sort="date", size="2")
    _, page2 = search(client, q="police OR polka OR council", sort="date", size="2", page="2")
    assert len(titles(page1)) == 2 and 'rel="next"' in page1
    assert len(titles(page2)) == 2 and 'rel="prev"' in page2
    assert not set(titles(page1)) & set(titles(page2))
    _, every = search(client, q="police OR polka OR council", sort="date")
    assert titles(every)[:4] == titles(page1) + titles(page2)


@pytest.mark.parametrize("q", ['"unbalanced', "AND", "OR OR", "NOT", "NEAR(", "NEAR(a b",
                               "a\x00b", "\x00", "*", '"', "x" * 60_000, "()", "^col:x"])
@pytest.mark.parametrize("raw", ["", "1"])
def test_malformed_and_huge_queries_never_500(client, q, raw):
    status, page = search(client, q=q, raw=raw)
    assert status in (200, 400), (q[:30], raw, status, page[-500:])
    assert "Search the archive" in page
    if status == 400:
        assert 'class="message-error nc-search-error"' in page


def test_empty_query_and_bad_dates(client):
    status, page = search(client, q="")
    assert status == 200 and "exact phrase" in page
    status, page = search(client, q="pier", since="yesterday")
    assert status == 400 and "since must be a date" in page
    # 100,000 characters do not fit in a URL (httpx refuses, as servers do); 60,000 do
    status, page = search(client, q="x" * 60_000)
    assert status == 400 and "60,000 characters" in page
    status, _ = search(client, q="pier", page="banana")
    assert status == 200


def test_stored_xss_is_escaped_on_search(client):
    for q in ("hostile", "polka", "script"):
        status, page = search(client, q=q)
        assert status == 200 and titles(page)
        assert_inert(page)
    _, page = search(client, q="hostile")
    assert "&lt;script&gt;" in page


# --- on a crawled replica (end-to-end: shares the session's crawl) ----------------------
def test_home_and_search_on_a_crawl(datasette_client, crawled_classic):
    n, last_run = sql({"path": crawled_classic["db"]},
                      "select (select count(*) from articles), (select max(id) from crawl_runs)")[0]
    page = datasette_client.get("/").text
    assert f'<strong id="nc-article-count">{n:,}</strong>' in page
    assert f"Run {last_run}" in page
    status, page = search(datasette_client, q='"Operation Raker"')
    assert status == 200 and titles(page)[0] == "Improved Public Confidence"
    assert "<mark>Operation Raker</mark>" in page


@pytest.mark.browser
def test_search_from_the_home_page_in_a_browser(browser, datasette_server, tmp_path):
    """Type a phrase in the home page's box: the article comes first, its match marked."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(datasette_server + "/")
    driver.save_screenshot(str(tmp_path / "home.png"))
    box = driver.find_element(By.CSS_SELECTOR, "form.nc-search-form input[name=q]")
    box.send_keys('"Operation Raker"')
    box.submit()
    # submit() returns before the browser has left the page: wait for the navigation.
    WebDriverWait(driver, 20).until(ec.url_contains("/-/search?"))
    first = driver.find_element(By.CSS_SELECTOR, ".nc-result")
    assert first.find_element(By.CSS_SELECTOR, ".nc-result-title").text == \
        "Improved Public Confidence"
    mark = first.find_element(By.CSS_SELECTOR, ".nc-snippet mark")
    assert mark.text == "Operation Raker"
    assert mark.value_of_css_property("background-color") == "rgba(255, 236, 139, 1)"
    driver.save_screenshot(str(tmp_path / "search.png"))


# --- the articles table's search box leads to the search page -------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("_search=police", {"q": "police"}),
    ("_search=police&_sort_desc=published", {"q": "police", "sort": "date"}),
    ("_search=fire+crews&section=News&authors__arraycontains=Sam+Smith",
     {"q": "fire crews", "section": "News", "author": "Sam Smith"}),
    ("_search=council&tags__arraycontains=Parking&year=2022",
     {"q": "council", "tag": "Parking", "since": "2022", "until": "2022"}),
    ('_search=%22town+council%22&_searchmode=raw', {"q": '"town council"', "raw": "1"}),
])
def test_table_search_maps_to_the_search_page(query, expected):
    from newscrawl.datasette.plugins.table_search import search_redirect

    assert dict(urllib.parse.parse_qsl(search_redirect(query, "news", ["news"]))) == expected
    assert dict(urllib.parse.parse_qsl(search_redirect(query, "news", ["news", "b"]))) == \
        {**expected, "db": "news"}


@pytest.mark.parametrize("query", [
    "", "section=News", "_search=", "_search=+", "_search=a&_search=b",
    "_search=police&_sort=title", "_search=police&_facet=section", "_search=police&year=x",
    "_search=police&_searchmode=escaped", "_search=police&title__contains=pier",
])
def test_table_search_the_search_page_cannot_answer_alike_stays_datasettes(query):
    from newscrawl.datasette.plugins.table_search import search_redirect

    assert search_redirect(query, "news", ["news"]) is None


@pytest.mark.parametrize("query", [
    {"_search": "council"}, {"_search": "police", "section": "News"},
    {"_search": "council", "authors__arraycontains": "Jo Bloggs"},
    {"_search": "council", "tags__arraycontains": "Parking", "_sort_desc": "published"},
    {"_search": "police fire"}, {"_search": "reopen", "year": "2023"},
])
def test_table_search_redirects_to_the_same_articles_ranked(client, archive, query):
    """The HTML table search answers 302 to /-/search, which lists the articles Datasette's
    own table search (still answering JSON) finds."""
    qs = urllib.parse.urlencode(query)
    r = client.get(f"/{archive['db']}/articles?{qs}")
    assert r.status_code == 302
    location = r.headers["location"]
    assert location.startswith("/-/search?")
    page = client.get(location + "&size=100")
    assert page.status_code == 200
    api = client.get(f"/{archive['db']}/articles.json?{qs}&_shape=array").json()
    assert api and sorted(titles(page.text)) == sorted(a["title"] for a in api)
    if query.get("_sort_desc") == "published":
        assert titles(page.text) == [a["title"] for a in api]


def test_table_json_csv_and_plain_table_pages_are_datasettes(client, archive):
    db = archive["db"]
    for path in (f"/{db}/articles", f"/{db}/articles.json?_search=council",
                 f"/{db}/articles.csv?_search=council", f"/{db}/articles?_search=council&_facet=section",
                 f"/{db}/articles?_search_title=council"):
        assert client.get(path).status_code == 200, path

"""The article page (/-/article/<id>), its author / section / tag listings and the
canned queries, in `newscrawl serve`'s Datasette (in process) over a small archive built
with the Store API. Hostile content (script tags, onerror=, javascript: links) in the
title, body_html and caption must come out inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from newscrawl.datasette.plugins.newscrawl_plugin import sanitise_body
from newscrawl.store import Store
from tests.conftest import datasette_in_process

SITE = "https://leigh-on-sea.news"
HOSTILE = {
    "url": f"{SITE}/pier-fire/",
    "title": 'Pier fire <script>alert("title")</script>',
    "standfirst": "Crews were called at dawn.",
    "body": "Firefighters tackled the blaze on the pier.\n\nThe police closed the road.",
    "body_html": (
        '<p>Firefighters tackled the blaze on the pier.</p>'
        '<script>alert("body")</script>'
        '<p onclick="alert(2)">The police <a href="javascript:alert(3)">closed</a> the '
        '<a href="https://example.org/road">road</a>.</p>'
        '<img src="x" onerror="alert(4)">'
        '<figure><img src="https://leigh-on-sea.news/pier.jpg" alt="The pier">'
        '<figcaption>Smoke over the pier <script>alert(5)</script></figcaption></figure>'
        '<iframe src="https://evil.example/"></iframe>'
    ),
    "authors": ["Jo Bloggs", "Sam Smith"],
    "published": "2024-06-12T09:00:00+01:00", "modified": "2024-06-12T11:00:00+01:00",
    "section": "News", "tags": ["Pier", "Fire"],
    "image_url": f"{SITE}/pier.jpg",
    "image_caption": '<img src=x onerror="alert(6)"> Smoke seen from the seafront',
}
COUNCIL = {
    "url": f"{SITE}/council-budget/", "title": "Council sets budget",
    "body": "The council set its budget.\n\nPolice funding rose.",
    "body_html": "<p>The council set its budget.</p><p>Police funding rose.</p>",
    "authors": ["Sam Smith"], "published": "2024-07-02T09:00:00+01:00",
    "section": "Politics", "tags": ["Council"],
}
COUNCIL_V2 = {**COUNCIL, "title": "Council sets its budget",
              "body": "The council set its budget.\n\nPolice funding rose by 3%."}
GONE = {
    "url": f"{SITE}/removed-story/", "title": "A story later removed",
    "body": "Police said nothing.", "authors": ["Jo Bloggs"],
    "published": "2024-07-20T09:00:00+01:00", "section": "News", "tags": ["Pier"],
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("article") / "paper.db"
    store = Store(db)
    run = store.start_run([SITE + "/"], {})
    store.save_article(HOSTILE, fetched_at="2024-06-12T10:00:00+00:00", run_id=run)
    store.save_article(COUNCIL, fetched_at="2024-07-02T10:00:00+00:00", run_id=run)
    store.save_article(COUNCIL_V2, fetched_at="2024-08-05T10:00:00+00:00", run_id=run)
    store.save_article(GONE, fetched_at="2024-07-20T10:00:00+00:00", run_id=run)
    store.mark_gone(GONE["url"], seen_at="2024-09-01T10:00:00+00:00", run_id=run)
    store.add_capture({
        "url": HOSTILE["url"], "fetched_at": "2024-06-12T10:00:00+00:00", "status": 200,
        "content_type": "text/html", "payload_digest": "sha1:ABC",
        "warc_filename": "newscrawl-20240612-00001.warc.gz", "warc_offset": 123456,
        "warc_length": 7890, "record_type": "response", "run_id": run,
    })
    store.finish_run(run, {})
    ids = {name: store.article(rec["url"])["id"]
           for name, rec in (("hostile", HOSTILE), ("council", COUNCIL), ("gone", GONE))}
    store.close()
    return {"path": db, "db": "paper", "ids": ids}


@pytest.fixture(scope="module")
def client(archive) -> Iterator:
    with datasette_in_process(archive["path"]) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_page(client, archive) -> str:
    r = client.get(f"/-/article/{archive['ids']['hostile']}")
    assert r.status_code == 200
    return r.text


class _Elements(HTMLParser):
    """Every element as a browser parses it: (tag, attributes), and script contents."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _inert(page: str) -> None:
    """No script, event handler, javascript: URL or frame from the article is live."""
    parsed = _Elements()
    parsed.feed(page)
    assert not any("alert" in s for s in parsed.scripts)
    for tag, attrs in parsed.elements:
        assert tag not in ("iframe", "object", "embed"), tag
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs


def test_sanitiser_keeps_the_allow_list_only():
    out = str(sanitise_body(HOSTILE["body_html"]))
    _inert(out)
    assert "<p>Firefighters tackled the blaze on the pier.</p>" in out
    assert '<a href="https://example.org/road"' in out
    assert '<img src="https://leigh-on-sea.news/pier.jpg" alt="The pier">' in out
    assert "<figcaption>Smoke over the pier" in out
    assert "<script" not in out and "onclick" not in out


def test_article_page_reads_like_the_article(hostile_page):
    page = hostile_page
    _inert(page)
    assert 'Pier fire &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;</h1>' in page
    assert "Crews were called at dawn." in page
    assert "<p>Firefighters tackled the blaze on the pier.</p>" in page
    assert "closed</a> the" in page and 'href="https://example.org/road"' in page
    assert "<figcaption>Smoke over the pier" in page  # the caption in the body
    assert "Smoke seen from the seafront" in page  # the featured image's caption
    assert f'<img src="{SITE}/pier.jpg"' in page
    for text in ("2024-06-12T09:00:00+01:00", "2024-06-12T11:00:00+01:00",
                 "First seen", "Last seen"):
        assert text in page


def test_article_page_links_byline_section_tags_captures_and_versions(hostile_page, archive):
    page = hostile_page
    assert 'href="/-/search?author=Jo+Bloggs"' in page
    assert 'href="/-/search?author=Sam+Smith"' in page
    assert 'href="/-/search?section=News"' in page
    assert 'href="/-/search?tag=Pier"' in page and 'href="/-/search?tag=Fire"' in page
    assert "newscrawl-20240612-00001.warc.gz" in page and "123456" in page
    assert 'href="/paper/captures/1"' in page
    assert "/-/newscrawl/history?db=paper&amp;url=https%3A%2F%2Fleigh-on-sea.news%2Fpier-fire%2F" in page
    assert "/paper/article_versions?url=" in page
    assert f'href="/paper/articles/{archive["ids"]["hostile"]}"' in page


def test_row_page_links_to_the_article_page(client, archive):
    aid = archive["ids"]["hostile"]
    page = client.get(f"/paper/articles/{aid}").text
    assert f'href="/-/article/{aid}"' in page
    _inert(page)


def test_unknown_article_is_a_404(client):
    r = client.get("/-/article/999999")
    assert r.status_code == 404 and "No article with id 999999" in r.text


@pytest.mark.parametrize(("query", "expected"), [
    ("author=Jo+Bloggs", {HOSTILE["url"], GONE["url"]}),
    ("author=Sam+Smith", {HOSTILE["url"], COUNCIL["url"]}),
    ("section=Politics", {COUNCIL["url"]}),
    ("tag=Pier", {HOSTILE["url"], GONE["url"]}),
])
def test_author_section_and_tag_pages_list_their_articles(client, archive, query, expected):
    page = client.get(f"/-/search?{query}").text
    listed = {int(i) for i in re.findall(r'href="/paper/articles/(\d+)"', page)}
    urls = {HOSTILE["url"]: archive["ids"]["hostile"], COUNCIL["url"]: archive["ids"]["council"],
            GONE["url"]: archive["ids"]["gone"]}
    assert listed == {urls[u] for u in expected}


# --- canned queries -----------------------------------------------------------------------
def _rows(client, query: str) -> list[dict]:
    r = client.get(f"/paper/{query}")
    assert r.status_code == 200, r.text[:500]
    return r.json()


def test_articles_per_month(client):
    assert _rows(client, "articles_per_month.json?_shape=array") == [
        {"month": "2024-06", "articles": 1}, {"month": "2024-07", "articles": 2}]


def test_edits_per_month_and_most_edited(client, archive):
    assert _rows(client, "edits_per_month.json?_shape=array") == [
        {"month": "2024-08", "edits": 1, "articles_edited": 1}]
    rows = _rows(client, "most_edited.json?_shape=array")
    assert [(r["id"], r["version_count"]) for r in rows] == [(archive["ids"]["council"], 2)]


def test_disappeared(client, archive):
    rows = _rows(client, "disappeared.json?_shape=array")
    assert [(r["id"], r["gone_since"]) for r in rows] == [
        (archive["ids"]["gone"], "2024-09-01T10:00:00+00:00")]


@pytest.mark.parametrize(("q", "expected"), [
    ("police", [("Jo Bloggs", 2), ("Sam Smith", 2)]),
    ("budget", [("Sam Smith", 1)]),
    ('"pier', [("Jo Bloggs", 1), ("Sam Smith", 1)]),  # unbalanced quote: escaped, no error
    ("NEAR(", []),
    ("", []),
])
def test_who_wrote_most_about(client, q, expected):
    from urllib.parse import quote

    rows = _rows(client, f"who_wrote_most_about.json?_shape=array&q={quote(q)}")
    assert [(r["author"], r["articles"]) for r in rows] == expected


def test_every_canned_query_has_a_title_and_description(client):
    from newscrawl.datasette import canned_queries

    queries = canned_queries()
    assert set(queries) >= {"articles_per_month", "edits_per_month", "most_edited",
                            "disappeared", "who_wrote_most_about"}
    for query in queries.values():
        assert query["title"] and query["description"] and query["sql"]
    page = client.get("/paper").text
    for name in queries:
        assert f"/paper/{name}" in page


# --- on a real crawl of the replica --------------------------------------------------------
def test_crawled_article_page_shows_body_captions_and_captures(crawled_classic, datasette_client):
    """An article of the crawled replica with a figure: its page carries the body's first
    paragraph, the figure's caption, and its captures with WARC file and offset."""
    import sqlite3

    conn = sqlite3.connect(crawled_classic["db"])
    try:
        row = conn.execute(
            "select a.id, a.body_html, c.warc_filename, c.warc_offset from articles a"
            " join captures c on c.url = a.url where a.body_html like '%<figcaption>%'"
            " and c.warc_filename is not null order by a.id limit 1").fetchone()
    finally:
        conn.close()
    assert row, "the replica crawl has an article with a figure caption"
    article_id, body_html, warc, offset = row
    page = datasette_client.get(f"/-/article/{article_id}").text
    _inert(page)
    first_para = re.search(r"<p>(.*?)</p>", body_html, re.S).group(1)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", body_html, re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", first_para)).strip()[:60] in text
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", caption)).strip()[:40] in text
    assert warc in page and f">{offset}<" in page


@pytest.mark.browser
def test_article_page_in_chromium(browser, datasette_server, crawled_classic, tmp_path):
    """The reading page laid out in headless Chromium: body paragraphs and the caption
    visible; a screenshot saved with the test's files."""
    import sqlite3

    from selenium.webdriver.common.by import By

    conn = sqlite3.connect(crawled_classic["db"])
    try:
        (article_id,) = conn.execute(
            "select id from articles where body_html like '%<figcaption>%'"
            " order by id limit 1").fetchone()
    finally:
        conn.close()
    browser.get(f"{datasette_server}/-/article/{article_id}")
    body = browser.find_element(By.CSS_SELECTOR, ".nc-article-body")
    paragraphs = [p for p in body.find_elements(By.TAG_NAME, "p") if p.text.strip()]
    assert len(paragraphs) >= 2 and body.size["height"] > 200
    caption = body.find_element(By.TAG_NAME, "figcaption")
    assert caption.is_displayed() and caption.text.strip()
    assert browser.find_element(By.CSS_SELECTOR, ".nc-headline").text.strip()
    assert browser.find_elements(By.CSS_SELECTOR, ".nc-captures td.nc-warc")
    browser.save_screenshot(str(tmp_path / "article-page.png"))

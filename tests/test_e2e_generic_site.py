"""A small non-WordPress news site: gzip sitemap named in robots.txt, an Atom feed
announced in <head>, microdata bylines. newscrawl is not only for one theme."""

from __future__ import annotations

import gzip
import http.server
import json
import sqlite3
import threading
from functools import partial

import pytest

from tests.conftest import FAST, run_cli

pytestmark = pytest.mark.e2e

STORIES = [
    ("harbour-plan", "Harbour plan approved after long debate", "Ana Lima", "2023-03-26T00:30:00Z",
     ["Councillors approved the harbour plan by seven votes to four on Tuesday night.",
      "The scheme includes new moorings, a slipway and a public walkway along the quay.",
      "Opponents said the cost had doubled since the first estimate was published."]),
    ("school-roof", "School roof repairs finished before term", "Ben Okafor", "2023-08-30T14:00:00+01:00",
     ["Builders finished replacing the leaking roof at the primary school on Friday.",
      "The head teacher thanked parents for their patience during the summer works.",
      "Pupils return next week to classrooms that were closed for most of last year."]),
]


def page(slug, title, author, date, paras):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": date, "author": {"@type": "Person", "name": author}}
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Harbour Gazette</title>
<link rel="canonical" href="/news/{slug}.html">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><nav><a href="/">Home</a> <a href="/about.html">About</a></nav>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>{body}</article>
<aside class="related"><h3>More stories</h3><a href="/">Front page</a></aside></main>
<footer>Copyright The Harbour Gazette. Contact: news@example.invalid</footer></body></html>"""


@pytest.fixture()
def generic_site(tmp_path):
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    links = "".join(f'<li><a href="/news/{s[0]}.html">{s[1]}</a></li>' for s in STORIES[:1])
    (root / "index.html").write_text(
        '<!doctype html><html><head><title>The Harbour Gazette</title>'
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>'
        f"<body><h1>The Harbour Gazette</h1><ul>{links}</ul></body></html>")
    (root / "about.html").write_text("<html><body><h1>About us</h1><p>We are a paper.</p></body></html>")
    for story in STORIES:
        (root / "news" / f"{story[0]}.html").write_text(page(*story))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(http.server.SimpleHTTPRequestHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml.gz\n")
    urls = "".join(f"<url><loc>{base}/news/{STORIES[1][0]}.html</loc></url>" for _ in [0])
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()))
    (root / "atom.xml").write_text(
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>'
        f'<entry><title>{STORIES[0][1]}</title><link href="{base}/news/{STORIES[0][0]}.html"/>'
        f"<id>{STORIES[0][0]}</id><updated>2023-03-26T00:30:00Z</updated></entry></feed>")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_generic_news_site(generic_site, tmp_path):
    db = tmp_path / "g.db"
    proc = run_cli("crawl", generic_site + "/", "--db", str(db), *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    conn = sqlite3.connect(db)
    rows = {r[0]: r[1:] for r in conn.execute(
        "select url, title, authors, published, body from articles")}
    assert set(rows) == {f"{generic_site}/news/{s[0]}.html" for s in STORIES}
    for slug, title, author, _date, paras in STORIES:
        got_title, authors, published, body = rows[f"{generic_site}/news/{slug}.html"]
        assert got_title == title
        assert json.loads(authors) == [author]
        assert body == "\n\n".join(paras)
        assert published and published[:4] == "2023"
    # 00:30 UTC on the day the clocks went forward is still 00:30 GMT in London.
    assert rows[f"{generic_site}/news/harbour-plan.html"][2] == "2023-03-26T00:30:00+00:00"

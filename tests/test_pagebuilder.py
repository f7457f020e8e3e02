"""Page-builder posts without JSON-LD, a content class or an <article> around the post:
every field from the visible page (generic rules, no site profile, no template)."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.profiles import GENERIC

URL = "https://news.example/harbour-wall-repairs/"
HEADLINE = "Harbour Wall Repairs Start Next Month"
EXCERPT = ("Contractors will begin work on the harbour wall in March, closing the east "
           "slipway for about six weeks while the stonework is rebuilt.")
PARAS = [
    EXCERPT,
    "The council said the wall had been damaged by winter storms.",
    "Fishermen will use the west slipway while the work goes on.",
    "A spokesman said: “We know this is disruptive, but the wall has to be safe.”",
    "The harbour master will post updates on the noticeboard by the café.",
]


def builder_page(*, updated: bool = False, teasers: bool = True) -> str:
    """Generic page-builder markup: neutral wrappers, chrome in plain text blocks."""
    teaser = ('<article class="post type-post hentry"><h2><a href="/old-pier/">Old pier story</a></h2>'
              '<p class="post-meta"><a href="/category/sport/" rel="category tag">Sport</a> '
              '<span>3rd May 2023</span></p></article>')
    upd = " | <span>Updated: 6th March 2024 at 8:00 am</span>" if updated else ""
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"""<html><head><title>Harbour News: {HEADLINE} - {EXCERPT[:60]}</title>
<meta property="og:title" content="Harbour News: {HEADLINE} - {EXCERPT[:60]}">
<meta name="description" content="{EXCERPT}">
</head><body class="single single-post postid-77">
<header><a href="/"><img src="/logo.png" id="logo" alt="Harbour News"></a></header>
<div class="b-section"><div class="b-row"><div class="b-col b-col-wide">
<div class="b-mod"><p id="breadcrumbs"><a href="/">Home</a> » <a href="/category/harbour/">Harbour</a> » {HEADLINE}</p></div>
<div class="b-mod"><p>Harbour News: {HEADLINE} - {EXCERPT}</p></div>
<div class="b-mod"><h1>{HEADLINE}</h1><p>By <a href="/author/jo-brand/" rel="author">Jo Brand</a>
 | <span>5th March 2024 at 9:15 am</span>{upd} | <a href="/category/council/" rel="category tag">Council</a>,
 <a href="/category/harbour/" rel="category tag">Harbour</a></p></div>
<div class="b-mod"><figure><img src="/up/wall.jpg" width="1200" height="800" alt="The wall">
<figcaption>The damaged wall. Photo: Sam Lee</figcaption></figure></div>
<div class="b-mod b-text">{paras}<p>Advertisement</p><p><strong>Read more.</strong></p>
<p>Contact us. Email: news@news.example</p></div>
<div class="b-mod"><p>Tags: <a href="/tag/harbour-wall/" rel="tag">Harbour wall</a>,
 <a href="/tag/fishing/" rel="tag">Fishing</a></p></div>
<div class="b-mod"><h3>You may also like</h3>{teaser * 3 if teasers else ""}</div>
</div><div class="b-col"><div class="sidebar"><a href="/tag/weather/" rel="tag">Weather</a></div></div>
</div></div></body></html>"""


@pytest.mark.parametrize("teasers", [True, False])
def test_every_field_from_the_visible_page(teasers):
    art = extract_article(builder_page(teasers=teasers), URL, GENERIC)
    assert art.title == HEADLINE
    assert art.authors == ["Jo Brand"]
    assert art.published == "2024-03-05T09:15:00" and art.modified is None  # (no zone known)
    assert art.section == "Harbour"  # the category the breadcrumb goes through
    assert art.tags == ["Harbour wall", "Fishing"]  # not the teasers' or the sidebar's
    assert art.image_url == "https://news.example/up/wall.jpg"
    assert art.image_caption == "The damaged wall. Photo: Sam Lee"
    assert art.body == "\n\n".join(PARAS)
    for line in ("Harbour News:", "Advertisement", "Read more", "Contact us", "Tags:"):
        assert line not in art.body


def test_visible_updated_line():
    art = extract_article(builder_page(updated=True), URL, GENERIC)
    # (A site of no known zone: the times as its page shows them, without an offset.)
    assert art.published == "2024-03-05T09:15:00"
    assert art.modified == "2024-03-06T08:00:00"


def test_a_category_in_the_byline_line_is_no_author():
    html = builder_page().replace(">Jo Brand<", ">Editor<").replace(
        '>Council</a>,\n <a href="/category/harbour/" rel="category tag">Harbour</a>',
        '>Old Leigh</a>')
    art = extract_article(html, URL, GENERIC)
    assert "Old Leigh" not in art.authors


def test_replica_pagebuilder2_without_template():
    """The replica's Divi-like theme, generic rules only: the metadata is exact, and the
    body keeps none of the lines a real no-JSON-LD variant of the site leaked (the
    "TITLE - EXCERPT" strip, "Read more", "Contact us", "Advertisement")."""
    from newscrawl.replica import ReplicaSite

    site = ReplicaSite(articles=30, theme="pagebuilder2")
    base = "http://127.0.0.1:8765"
    truth = site.ground_truth(base)
    problems = []
    for url, want in truth.items():
        for _ in range(3):  # the flaky post answers 500 twice
            resp = site.render(url[len(base):], base, headers={})
            if resp.status == 200:
                break
        art = extract_article(resp.body, url, GENERIC)
        for field in ("title", "authors", "published", "modified", "section", "tags",
                      "image_url", "image_caption", "wp_id"):
            if getattr(art, field) != want[field]:
                problems.append(f"{url} {field} {getattr(art, field)!r} != {want[field]!r}")
        first = art.body.split("\n\n")[0]
        if first.startswith(want["title"]) or first.startswith("Leigh On Sea News"):
            problems.append(f"{url} body starts with the title line")
        for line in ("Read more", "Contact us", "Advertisement", "Spread the word", "Tags:"):
            if line in art.body:
                problems.append(f"{url} body has {line!r}")
    assert not problems, "\n".join(problems[:20])

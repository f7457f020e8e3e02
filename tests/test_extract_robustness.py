"""Extraction robustness: hostile input never raises, stays bounded and yields a clean
record; realistic well-formed pages in several layouts give exactly their title, authors
and paragraphs with no failure in `problems`; bytes, charsets, XML declarations and BOMs
decode to the right text.

Every check is on content: `assert_clean_record` is the contract a record meets whatever
the input (clean strings, no script text, a body made only of the page's own words in the
page's order, a word count that matches the body, no internal failure).
"""

from __future__ import annotations

import html as htmllib
import json
import re
import time
from collections.abc import Sequence
from html.parser import HTMLParser

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract import Article, extract_article
from newscrawl.extract.body import Body, extract_body, extract_text, parse_html
from newscrawl.extract.clean import fix_controls
from newscrawl.extract.decode import decode_html
from newscrawl.extract.profiles import GENERIC

# --- the record contract -------------------------------------------------------------------

# A word as docs/fields.md defines it for `word_count`: a run of letters/digits, joined
# across -, ' and ’.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# NUL and other C0 controls (tab/newline/return aside), lone surrogates, non-characters:
# never in a record. (DEL and the C1 controls still are: test_del_and_c1_controls_dropped.)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
C1_CONTROL = re.compile("[\x7f-\x9f]")
FALLBACK = "body extractor found no text: plain paragraphs used"
ONE_LINE_FIELDS = ("title", "section", "language", "published", "modified", "published_raw",
                   "modified_raw", "canonical_url", "image_url")


# Elements a browser lays out apart from their neighbours (block boxes, line breaks,
# replaced elements): words never run across them.
BLOCK_TAGS = frozenset("""
    address article aside audio blockquote body br canvas caption dd details dialog div dl dt
    embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html
    iframe img input legend li main menu nav noscript object ol option p pre section select
    summary table tbody td textarea tfoot th thead title tr ul video
""".split())


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


# A tag as a browser reads one: "<" then a letter or "/" (quoted attribute values may
# hold ">"), or "<!"/"<?" up to the first ">"; any other "<" is text.
_ATTRS = r"""(?:"[^"]*"|'[^']*'|[^'"<>])*"""
TAG = re.compile(rf"<(?:[A-Za-z/]{_ATTRS}|[!?][^>]*)>")
SCRIPT = re.compile(rf"<(script|style)\b{_ATTRS}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def page_text(source: str | bytes, content_type: str | None = None, *,
              markup: bool = False) -> str:
    """The page's text outside its tags and closed scripts and styles, with no whitespace
    at all: a generous superset of its visible text, computed without the extractor
    (bytes are decoded as the crawl decodes a response, `decode_html`; lone surrogates
    and C1 controls read as `clean.fix_controls` reads them). Where malformed markup puts word breaks
    is left to the parser; the characters and their order are not.
    `markup`: the whole source, tags and scripts included (the weakest reference)."""
    if isinstance(source, bytes):
        source = decode_html(source, content_type)
    # Surrogates and C1 controls read as the extractor reads them (clean.fix_controls:
    # windows-1252, as browsers do).
    source = CONTROL.sub("", fix_controls(source))  # not text: parsers drop them
    if not markup:
        source = TAG.sub("", SCRIPT.sub(" ", source))
    return "".join(htmllib.unescape(source).split())


class _TextParser(HTMLParser):
    """The stdlib's HTML tokenizer: text outside tags, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def parser_text(source: str | bytes, content_type: str | None = None) -> str:
    """`page_text` by another tokenizer (html.parser): where quotes inside broken tags
    mislead the regex, one of the two reads the page as libxml2 does."""
    if isinstance(source, bytes):
        source = decode_html(source, content_type)
    source = CONTROL.sub("", fix_controls(source))
    parser = _TextParser()
    try:
        parser.feed(source)
        parser.close()
    except AssertionError:
        # Python 3.11's html.parser asserts on some broken declarations ("<![0"): its
        # reading up to there is the reference (page_text is the other one).
        pass
    return "".join("".join(parser.parts).split())


def tree_words(root: lxml.html.HtmlElement) -> list[str]:
    """The words of a parsed tree, blocks kept apart as a browser lays them out; no
    figure captions (body_html keeps them, body does not: docs/fields.md)."""
    for cap in list(root.iter("figcaption")):
        cap.drop_tree()
    for el in root.iter():
        if el.tag in BLOCK_TAGS:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    return words(root.text_content())


def visible_words(source: str) -> list[str]:
    """The words a reader sees, in order: the parsed page without head, scripts and styles."""
    root = lxml.html.document_fromstring(source)
    for el in root.xpath("//head | //script | //style | //noscript | //template"):
        el.drop_tree()
    return tree_words(root)


def is_subsequence(needle: Sequence[str], haystack: Sequence[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needle)


def assert_clean_text(name: str, value: object, *, one_line: bool = False) -> None:
    assert isinstance(value, str), (name, value)
    assert not CONTROL.search(value), (name, value)
    value.encode("utf-8")  # storable as-is
    if one_line:
        assert value == value.strip() and not re.search(r"[\n\r\t]", value), (name, value)


def assert_clean_record(art: Article, source: str | bytes, *, well_formed: bool = False,
                        content_type: str | None = None,
                        reference: list[str] | None = None) -> None:
    """What any record of any input satisfies; `well_formed`: no problem at all is a failure."""
    assert isinstance(art, Article)
    for name in ONE_LINE_FIELDS:
        value = getattr(art, name)
        if value is not None:
            assert value, f"{name} is an empty string instead of None"
            assert_clean_text(name, value, one_line=True)
    for name in ("standfirst", "image_caption"):
        if getattr(art, name) is not None:
            assert_clean_text(name, getattr(art, name))
    for name in ("authors", "tags"):
        for item in getattr(art, name):
            assert item, f"empty entry in {name}"
            assert_clean_text(name, item, one_line=True)
    assert_clean_text("body", art.body)
    assert_clean_text("body_html", art.body_html)
    # Known defect (test_fallback_body_drops_script_text, strict xfail): the fallback body
    # keeps the text of a <script> inside a <p>. Only then is script text let through here.
    raw = FALLBACK in art.problems
    if not raw:
        for text in (art.body, art.body_html):
            assert "<script" not in text.lower() and "<style" not in text.lower()
        assert SCRIPT_TOKEN not in art.body and STYLE_TOKEN not in art.body
    # The body is the page's own text, in the page's order, paragraph by paragraph.
    # With a `reference` (the words a reader sees), word by word; else character by
    # character against all the text of the page.
    if reference is None:
        refs = [page_text(source, content_type, markup=raw)]
        if not raw:
            refs.append(parser_text(source, content_type))
    for para in art.body.split("\n\n"):
        if reference is None:
            chars = "".join(para.split())
            assert any(is_subsequence(chars, ref) for ref in refs), para
        else:
            assert is_subsequence(words(para), reference), para
    # body_html holds the same words as body.
    if art.body_html:
        assert tree_words(lxml.html.fromstring(art.body_html)) == words(art.body)
    else:
        assert art.body == ""
    assert art.word_count == len(WORD.findall(art.body))
    # 230 words a minute, at least one minute for any body text.
    assert art.reading_time == max(-(-art.word_count // 230), 1 if art.body.strip() else 0)
    assert isinstance(art.problems, list) and all(isinstance(p, str) and p for p in art.problems)
    # An internal failure ("extraction failed", "body extraction failed", "metadata: ...
    # failed") never happens, whatever the input.
    assert not [p for p in art.problems if "failed" in p], art.problems
    if well_formed:
        assert not [p for p in art.problems if p.startswith(("could not", "empty document",
                                                             "not an HTML page"))], art.problems
    json.dumps(art.to_record(), ensure_ascii=False).encode("utf-8")  # a storable row


def assert_clean_body(body: Body, source: str | bytes) -> None:
    """The body stage alone: clean text and HTML made of the page's words."""
    assert_clean_text("body.text", body.text)
    assert_clean_text("body.html", body.html)
    assert "<script" not in body.html.lower() and "<style" not in body.html.lower()
    if isinstance(source, bytes):  # the body stage reads bytes as UTF-8
        source = source.decode("utf-8", "replace")
    refs = [page_text(source), parser_text(source)]
    for para in body.text.split("\n\n"):
        chars = "".join(para.split())
        assert any(is_subsequence(chars, ref) for ref in refs), para
    if body.html:
        assert tree_words(lxml.html.fromstring(body.html)) == words(body.text)
    else:
        assert body.text == ""


# --- realistic well-formed pages (made-up sites, people and stories) ------------------------

SCRIPT_TOKEN = "trackerQz7Config"
STYLE_TOKEN = "zzPromoBanner"

WP_PARAS = [
    "Marshfield’s oldest bakery will close its doors on Saturday after ninety-one years, the owners have confirmed.",
    "Harold and June Tresize, who took over the shop on Quay Street from June’s father in 1987, said rising energy bills had made the ovens too expensive to run.",
    "“We have baked every morning at four o’clock for thirty-seven years,” said Mrs Tresize. “It is time for somebody else to have a lie-in.”",
    "Regular customers queued along the harbour wall on Wednesday to buy a last saffron bun, and several brought cards and flowers for the couple.",
    "The building has been bought by a local trust, which hopes to reopen it as a community café and bakery school next spring.",
]

def wp_classic():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": "https://marshfieldcourier.example/2024/05/14/bakery-closes/#article",
         "headline": "Quay Street bakery closes after 91 years",
         "datePublished": "2024-05-14T07:30:00+00:00", "dateModified": "2024-05-14T09:05:00+00:00",
         "author": {"@id": "https://marshfieldcourier.example/#/person/1"},
         "articleSection": ["Business"], "inLanguage": "en-GB"},
        {"@type": "Person", "@id": "https://marshfieldcourier.example/#/person/1", "name": "Imogen Drake"},
    ]}
    paras = "".join(f"<p>{p}</p>" for p in WP_PARAS)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<title>Quay Street bakery closes after 91 years &#8211; Marshfield Courier</title>
<meta property="og:title" content="Quay Street bakery closes after 91 years">
<meta property="og:site_name" content="Marshfield Courier">
<meta property="og:type" content="article">
<meta name="description" content="Marshfield’s oldest bakery will close its doors on Saturday after ninety-one years.">
<link rel="canonical" href="https://marshfieldcourier.example/2024/05/14/bakery-closes/">
<script type="application/ld+json">{json.dumps(ld)}</script>
<style>.{STYLE_TOKEN} {{ display: block; }}</style>
<script>var {SCRIPT_TOKEN} = {{"id": 42}};</script>
</head>
<body class="post-template-default single single-post postid-5120 single-format-standard">
<div id="page" class="site">
<header id="masthead" class="site-header">
  <p class="site-title"><a href="/" rel="home">Marshfield Courier</a></p>
  <nav id="site-navigation" class="main-navigation"><ul>
    <li><a href="/news/">News</a></li><li><a href="/business/">Business</a></li>
    <li><a href="/sport/">Sport</a></li><li><a href="/whats-on/">What’s On</a></li></ul></nav>
</header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-5120" class="post-5120 post type-post status-publish format-standard hentry category-business">
  <header class="entry-header">
    <h1 class="entry-title">Quay Street bakery closes after 91 years</h1>
    <div class="entry-meta"><span class="posted-on">Posted on <a href="/2024/05/14/bakery-closes/" rel="bookmark">
      <time class="entry-date published" datetime="2024-05-14T07:30:00+00:00">14 May 2024</time></a></span>
      <span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/imogen/">Imogen Drake</a></span></span></div>
  </header>
  <div class="entry-content">
    {paras}
    <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
      <ul><li><a href="https://twitter.example/share">Twitter</a></li><li><a href="https://facebook.example/share">Facebook</a></li></ul></div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/business/" rel="category tag">Business</a></span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “Quay Street bakery closes after 91 years”</h2>
  <ol class="comment-list"><li class="comment"><div class="comment-content"><p>Such a shame, their pasties were the best in the county and I will miss them dearly.</p></div></li></ol></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
  <ul><li><a href="/2024/05/13/lifeboat/">Lifeboat crew called out twice in one night</a></li>
  <li><a href="/2024/05/12/market/">Farmers’ market returns to the square</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2024 Marshfield Courier. Proudly powered by WordPress.</div></footer>
</div>
<script>document.body.className += " js"; window.{SCRIPT_TOKEN}.ready = true;</script>
</body>
</html>"""

BUILDER_PARAS = [
    "Volunteers at Pennock Lane allotments have harvested a record crop of heritage apples this autumn, more than two tonnes in all.",
    "The orchard was replanted in 2016 with forty trees grafted from old varieties found in village gardens, including the Pennock Russet, which had been thought lost.",
    "Site secretary Ruth Almond said the juice would be pressed at the village hall next weekend and sold to raise money for a new water supply.",
    "Anyone who would like to help with the pressing is asked to bring a clean bucket, a pair of gloves and plenty of patience.",
]

def page_builder():
    paras = "".join(f"<p>{p}</p>" for p in BUILDER_PARAS)
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Record apple harvest at Pennock Lane allotments | Ashby Valley Voice</title>
<meta property="og:title" content="Record apple harvest at Pennock Lane allotments">
<meta property="og:site_name" content="Ashby Valley Voice">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2023-10-09T16:20:00+01:00">
<meta name="author" content="Tobias Wren">
<link rel="stylesheet" href="/wp-content/plugins/elementor/assets/css/frontend.min.css">
<style>.{STYLE_TOKEN}{{color:red}}</style>
</head>
<body class="post-template-default single single-post postid-881 elementor-default elementor-kit-6 elementor-page-77">
<div data-elementor-type="header" class="elementor elementor-12 elementor-location-header">
  <section class="elementor-section"><div class="elementor-container">
  <div class="elementor-widget elementor-widget-nav-menu"><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/community/">Community</a></li><li><a href="/contact/">Contact us</a></li></ul></nav></div>
  </div></section></div>
<div data-elementor-type="single-post" class="elementor elementor-77 elementor-location-single post-881 post type-post">
 <section class="elementor-section elementor-top-section"><div class="elementor-container elementor-column-gap-default">
  <div class="elementor-column elementor-col-66"><div class="elementor-widget-wrap">
   <div class="elementor-element elementor-widget elementor-widget-theme-post-title elementor-page-title elementor-widget-heading">
     <div class="elementor-widget-container"><h1 class="elementor-heading-title elementor-size-default">Record apple harvest at Pennock Lane allotments</h1></div></div>
   <div class="elementor-element elementor-widget elementor-widget-post-info"><div class="elementor-widget-container">
     <ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">
       <li class="elementor-icon-list-item elementor-repeater-item-a elementor-inline-item" itemprop="author">
         <span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">Tobias Wren</span></li>
       <li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished">
         <span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">9 October 2023</span></li>
     </ul></div></div>
   <div class="elementor-element elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">
     {paras}
   </div></div>
   <div class="elementor-element elementor-widget elementor-widget-share-buttons"><div class="elementor-widget-container">
     <div class="elementor-grid"><div class="elementor-share-btn"><span class="elementor-share-btn__text">Share on Facebook</span></div></div></div></div>
  </div></div>
  <div class="elementor-column elementor-col-33"><div class="elementor-widget-wrap">
   <div class="elementor-widget elementor-widget-posts"><h3>More from the valley</h3>
     <article class="elementor-post"><h3 class="elementor-post__title"><a href="/bus-route/">Bus route 14 to be extended to the new estate</a></h3></article>
     <article class="elementor-post"><h3 class="elementor-post__title"><a href="/choir/">Church choir seeks tenors for the Christmas concert</a></h3></article></div>
  </div></div>
 </div></section></div>
<div data-elementor-type="footer" class="elementor elementor-location-footer"><p>© Ashby Valley Voice 2023 · All rights reserved</p></div>
<script>window.{SCRIPT_TOKEN} = {{"page": 881}};</script>
</body></html>"""

TABLE_PARAS = [
    "Fenwick parish council voted on Tuesday night to keep the village pond, ending a two-year argument over whether it should be filled in for parking.",
    "Councillor Edith Marr told the meeting that the pond was home to great crested newts and had been on maps of the village since at least 1840.",
    "The vote was carried by six to two, and the council will now apply for a grant to repair the railings and clear the reeds.",
]

def table_2008():
    paras = "".join(f'<p><font face="Verdana" size="2">{p}</font></p>' for p in TABLE_PARAS)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Fenwick Herald - Council votes to save village pond</title>
<meta name="keywords" content="fenwick, pond, council">
<script language="JavaScript" type="text/javascript">function {SCRIPT_TOKEN}() {{ window.status = 'Fenwick Herald'; }}</script>
</head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0" onload="{SCRIPT_TOKEN}()">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="2"><img src="/images/masthead.gif" width="780" height="90" alt="Fenwick Herald"></td></tr>
<tr>
<td width="160" valign="top" bgcolor="#eeeeee">
  <font face="Verdana" size="1"><a href="/index.html">Home</a><br><a href="/news.html">News</a><br>
  <a href="/sport.html">Sport</a><br><a href="/letters.html">Letters</a><br><a href="/archive.html">Archive</a></font></td>
<td width="620" valign="top">
  <table width="100%" border="0" cellpadding="6"><tr><td>
  <font face="Georgia" size="5"><b>Council votes to save village pond</b></font><br>
  <font face="Verdana" size="1" color="#666666">By Gordon Pike<br>Posted: 11 March 2008</font>
  {paras}
  <p><font face="Verdana" size="1"><a href="/news.html">&laquo; Back to news</a></font></p>
  </td></tr></table>
</td></tr>
<tr><td colspan="2" align="center"><font face="Verdana" size="1">Copyright &copy; 2008 Fenwick Herald. All rights reserved.</font></td></tr>
</table>
</body></html>"""

BARE_PARAS = [
    "The footbridge over the Lenning brook reopened this morning after three months of repairs, to the relief of parents walking children to school.",
    "Engineers replaced the rotten timber deck with recycled plastic boards, which the county says should last at least forty years without treatment.",
    "A small ribbon was cut at nine o’clock by the youngest pupil at Lenning primary, who then ran across and back twice to test it.",
]

def no_metadata():
    paras = "".join(f"<p>{p}</p>" for p in BARE_PARAS)
    return ("<html><body><h1>Lenning footbridge reopens after repairs</h1>"
            "<p>By Ana Ruiz</p>" + paras + "</body></html>")

CJK_TITLE = "港町の市立図書館、改装を終えて再開館"
CJK_AUTHOR = "佐藤 美咲"
CJK_PARAS = [
    "改装工事のため昨年秋から休館していた港町の市立図書館が、十五日に再開館した。開館前から多くの市民が入り口に列を作り、新しい閲覧室の完成を喜んだ。",
    "新しい図書館には、子ども向けの読み聞かせ室と、地元の漁業の歴史を紹介する展示コーナーが設けられた。館長は「誰もが気軽に立ち寄れる場所にしたい」と話している。",
    "開館時間は平日が午前九時から午後八時まで、土日と祝日は午後五時までとなる。蔵書は改装前より約二万冊増えて、およそ十八万冊になった。",
]

def cjk_page():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": CJK_TITLE,
          "author": {"@type": "Person", "name": CJK_AUTHOR}, "datePublished": "2024-04-15T10:00:00+09:00",
          "inLanguage": "ja"}
    paras = "".join(f"<p>{p}</p>" for p in CJK_PARAS)
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>{CJK_TITLE} | みなと新報</title>
<meta property="og:title" content="{CJK_TITLE}">
<meta property="og:site_name" content="みなと新報">
<meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body class="single single-post">
<header><nav><ul><li><a href="/">トップ</a></li><li><a href="/local/">地域</a></li><li><a href="/sports/">スポーツ</a></li></ul></nav></header>
<main><article class="post">
<h1 class="entry-title">{CJK_TITLE}</h1>
<div class="entry-meta"><span class="author vcard">{CJK_AUTHOR}</span>
<time class="entry-date published" datetime="2024-04-15T10:00:00+09:00">2024年4月15日</time></div>
<div class="entry-content">{paras}</div>
</article></main>
<footer><p>© みなと新報</p></footer>
</body></html>"""


PAGES = {
    "wordpress-classic": (wp_classic, "https://marshfieldcourier.example/2024/05/14/bakery-closes/",
                          "Quay Street bakery closes after 91 years", ["Imogen Drake"], WP_PARAS),
    "page-builder": (page_builder, "https://ashbyvalleyvoice.example/record-apple-harvest/",
                     "Record apple harvest at Pennock Lane allotments", ["Tobias Wren"],
                     BUILDER_PARAS),
    "table-2008": (table_2008, "http://www.fenwickherald.example/news/pond.html",
                   "Council votes to save village pond", ["Gordon Pike"], TABLE_PARAS),
    "no-metadata": (no_metadata, "https://lenning.example/footbridge",
                    "Lenning footbridge reopens after repairs", ["Ana Ruiz"], BARE_PARAS),
    "japanese": (cjk_page, "https://minato-shinpo.example/2024/04/15/library/", CJK_TITLE,
                 [CJK_AUTHOR], CJK_PARAS),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_well_formed_page(name):
    build, url, title, authors, paras = PAGES[name]
    doc = build()
    art = extract_article(doc, url)
    assert art.title == title
    assert art.authors == authors
    assert art.body.split("\n\n") == paras
    assert art.word_count == sum(len(WORD.findall(p)) for p in paras)
    assert_clean_record(art, doc, well_formed=True, reference=visible_words(doc))
    # The same page as UTF-8 bytes reads the same.
    again = extract_article(doc.encode("utf-8"), url)
    assert (again.title, again.authors, again.body) == (art.title, art.authors, art.body)


@pytest.mark.parametrize("page_url", ["https://marshfieldcourier.example/2024/05/14/bakery-closes/",
                                      "http://[bad/2024/05/14/bakery-closes/", ""])
def test_malformed_urls_lose_nothing(page_url):
    # urllib refuses "http://[bad" (a bracket that is no IPv6 address). In the page's
    # links, images, canonical, og:image, or as the page's own address, such a URL is no
    # URL: the record is whole, with no failure; body_html keeps the href as written.
    bad = "http://[bad"
    first = WP_PARAS[0].split(" ", 1)
    doc = (wp_classic()
           .replace("<head>", f'<head><link rel="canonical" href="{bad}/c"><meta property="og:url" '
                              f'content="{bad}/u"><meta property="og:image" content="{bad}/i.jpg">', 1)
           .replace(f"<p>{WP_PARAS[0]}</p>", f'<p><a href="{bad}/x">{first[0]}</a> {first[1]}</p>'
                                              f'<figure><img src="{bad}/p.jpg" alt=""></figure>', 1)
           .replace("</article>", f'<a rel="tag" href="{bad}/tag/x">Bakeries</a>'
                                  f'<a href="{bad}/share?url={bad}&amp;title=Bakery">Share</a></article>', 1))
    assert doc.count(bad) == 8  # every replacement made
    art = extract_article(doc, page_url)
    build, _url, title, authors, paras = PAGES["wordpress-classic"]
    assert (art.title, art.authors, art.body.split("\n\n")) == (title, authors, paras)
    assert not [k for k, v in art.to_record().items() if bad in str(v) and k not in {"url", "body_html"}]
    assert f'href="{bad}/x"' in art.body_html
    assert_clean_record(art, doc)


HOSTILE_BITS = {
    # A UTC offset no clock shows: datetime refuses it.
    "offset": ('<meta property="article:published_time" content="2024-05-01T10:00:00+99:00">'
               '<script type="application/ld+json">{"@type": "NewsArticle", '
               '"dateModified": "2024-05-01T10:00:00-47:30"}</script>', ""),
    # Nested deeper than the JSON decoder's recursion allows.
    "deep-json-ld": ('<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>", ""),
    # An image whose every source is unusable, before the text.
    "image-without-source": ("", '<figure><img srcset="http://[bad/a.jpg 1x, , ,, 2x" data-src="http://[bad" '
                                 'src=""><figcaption>The quay</figcaption></figure>'),
}


@pytest.mark.parametrize("name", list(HOSTILE_BITS))
def test_hostile_values_lose_nothing(name):
    head, body = HOSTILE_BITS[name]
    doc = wp_classic().replace("<head>", f"<head>{head}", 1).replace(
        f"<p>{WP_PARAS[0]}</p>", f"{body}<p>{WP_PARAS[0]}</p>", 1)
    build, url, title, authors, paras = PAGES["wordpress-classic"]
    art = extract_article(doc, url)
    assert (art.title, art.authors, art.body.split("\n\n")) == (title, authors, paras)
    assert art.published == "2024-05-14T08:30:00+01:00"  # the page's other sources still read
    assert_clean_record(art, doc)


@pytest.mark.parametrize("depth", [300, 2000, 3000])
def test_deeply_nested_page(depth):
    # libxml2 stops at 256 nested elements unless told otherwise, dropping all the text
    # below without a word; newscrawl reads 2,048 levels and says when a page goes deeper.
    build, url, title, authors, paras = PAGES["wordpress-classic"]
    body = "".join(f"<p>{p}</p>" for p in paras)
    doc = (f"<html><head><title>{title}</title></head><body>" + "<div>" * depth
           + f"<h1>{title}</h1>{body}" + "</div>" * depth + "</body></html>")
    art = extract_article(doc, url)
    assert art.title == title
    if depth <= 2000:
        assert art.body.split("\n\n") == paras
        assert not [p for p in art.problems if "nested" in p]
    else:
        assert art.body == ""
        assert "page nested deeper than 2,048 elements: what lies deeper was not read" in art.problems
    assert_clean_record(art, doc)


def test_well_formed_metadata():
    wp = extract_article(wp_classic(), PAGES["wordpress-classic"][1])
    assert wp.published == "2024-05-14T08:30:00+01:00" and wp.modified == "2024-05-14T10:05:00+01:00"
    assert wp.canonical_url == "https://marshfieldcourier.example/2024/05/14/bakery-closes/"
    assert wp.section == "Business" and wp.language == "en-GB"
    assert wp.is_article and wp.page_type == "article" and wp.problems == []
    builder = extract_article(page_builder(), PAGES["page-builder"][1])
    assert builder.published == "2023-10-09T16:20:00+01:00" and builder.problems == []
    table = extract_article(table_2008(), PAGES["table-2008"][1])
    assert table.published == "2008-03-11T00:00:00"  # a .example site of no language: no zone known
    bare = extract_article(no_metadata(), PAGES["no-metadata"][1])
    assert bare.published is None and bare.canonical_url == "https://lenning.example/footbridge"
    assert bare.problems == []
    ja = extract_article(cjk_page(), PAGES["japanese"][1])
    assert ja.published == "2024-04-15T10:00:00+09:00" and ja.language == "ja"


def test_cjk_paragraphs_read_by_the_body_extractor():
    assert extract_text(cjk_page()).split("\n\n") == CJK_PARAS
    art = extract_article(cjk_page(), PAGES["japanese"][1])
    assert art.problems == []


def test_fallback_body_drops_script_text():
    """The plain-paragraph safety net reads paragraphs as a reader sees them: the text
    of a <script> or <style> inside a <p> is no paragraph text."""
    from newscrawl.extract.article import _fallback_body

    doc = ('<html><body><article><h1>Pier</h1><p>Short.<script>var '
           f'{SCRIPT_TOKEN} = 1;</script> Still open.</p><p>Two<style>p {{}}</style>.</p>'
           "</article></body></html>")
    body = _fallback_body(lxml.html.fromstring(doc))
    assert body.text == "Short. Still open.\n\nTwo."
    assert body.html == "<p>Short. Still open.</p><p>Two.</p>"



def test_fallback_body_drops_a_share_boxs_label():
    from newscrawl.extract.article import _fallback_body

    doc = ("<html><body><article><h1>Ransomware</h1><div class='c-article__sharing'><p><strong>Share this article:"
           "</strong></p></div><p>A new strain of ransomware spreads through forums.</p></article></body></html>")
    assert _fallback_body(lxml.html.fromstring(doc)).text == "A new strain of ransomware spreads through forums."


def test_del_and_c1_controls_read_as_windows_1252():
    """DEL and the C1 controls windows-1252 leaves undefined are dropped; the others are
    read as windows-1252, as browsers do, literal or as numeric references (&#146; is an
    apostrophe on countless old pages)."""
    doc = no_metadata().replace("footbridge reopens", "footbridge\x7f reopens\x81").replace(
        "brook reopened", "brook\x85 reopened\x7f").replace("after repairs", "after&#146;s repairs")
    art = extract_article(doc, PAGES["no-metadata"][1])
    assert art.title == "Lenning footbridge reopens after’s repairs"
    assert not C1_CONTROL.search(art.title) and not C1_CONTROL.search(art.body)
    assert "brook… reopened" in art.body


def test_unclosed_title_body_is_not_raw_markup():
    doc = (f'0<title><meta property="og:type" content="article"><a href="/x">'
           f"<script>var {SCRIPT_TOKEN} = 1;</script>")
    # The swallowed markup is no body text for us, nor for a second-opinion extractor
    # (consensus), whose body once won here with the raw markup as its text.
    art = extract_article(doc, "https://example.com/2024/06/12/pier/")
    assert art.body == "" and art.body_html == ""
    assert_clean_record(art, doc)


# --- input types: bytes and charsets, XML declarations, BOMs --------------------------------

LATIN_TITLE = "Café Zoë reopens – £5 brunch returns"
LATIN_PARAS = [
    "The Café Zoë on Rue Lévêque reopened on Monday after a winter of repairs, and the owners said the famous £5 brunch would stay on the menu.",
    "Regulars said the crème brûlée was as good as ever, although the façade still needs a coat of paint before the summer.",
]


def latin_page(head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in LATIN_PARAS)
    return (f'<html lang="fr"><head>{head}<title>{LATIN_TITLE}</title>'
            f'<meta property="og:type" content="article"><meta name="author" content="Élodie Marçal">'
            f'</head><body><article><h1>{LATIN_TITLE}</h1>{paras}</article></body></html>')


def assert_latin(art: Article, source: str | bytes, content_type: str | None = None) -> None:
    assert art.title == LATIN_TITLE
    assert art.authors == ["Élodie Marçal"]
    assert art.body.split("\n\n") == LATIN_PARAS
    assert_clean_record(art, source, well_formed=True, content_type=content_type)


def test_bytes_with_an_iso_8859_1_header():
    # "iso-8859-1" is windows-1252 on the web (WHATWG): byte 0x96 is an en dash.
    data = latin_page().encode("cp1252")
    ctype = "text/html; charset=iso-8859-1"
    assert_latin(extract_article(data, "https://cafe.example/zoe/", content_type=ctype), data, ctype)


def test_header_charset_wins_over_a_wrong_meta_charset():
    data = latin_page('<meta charset="utf-8">').encode("cp1252")
    ctype = "text/html; charset=ISO-8859-1"
    assert_latin(extract_article(data, "https://cafe.example/zoe/", content_type=ctype), data, ctype)


def test_bytes_with_only_a_meta_charset():
    data = latin_page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">').encode("cp1252")
    assert_latin(extract_article(data, "https://cafe.example/zoe/"), data)


@pytest.mark.parametrize("as_bytes", [False, True])
def test_xml_declaration(as_bytes):
    doc = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
           + latin_page().replace("<html ", '<html xmlns="http://www.w3.org/1999/xhtml" '))
    data = doc.encode("utf-8") if as_bytes else doc
    assert_latin(extract_article(data, "https://cafe.example/zoe/"), data)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_mark(encoding):
    data = latin_page().encode(encoding)  # both write a BOM
    assert data[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff")
    art = extract_article(data, "https://cafe.example/zoe/")
    assert_latin(art, data)
    assert not art.title.startswith("\ufeff") and "\ufeff" not in art.body
    # A BOM wins over a contradicting header.
    art = extract_article(data, "https://cafe.example/zoe/", content_type="text/html; charset=iso-8859-1")
    assert art.title == LATIN_TITLE


def test_text_with_a_leading_bom():
    doc = "\ufeff" + latin_page()
    art = extract_article(doc, "https://cafe.example/zoe/")
    assert_latin(art, doc)


# --- broken input: the fields that could be read are kept -----------------------------------


def test_truncated_page_keeps_what_it_read():
    doc = wp_classic()
    cut = doc.index(WP_PARAS[2][:20])  # mid-article: the third paragraph never arrives
    art = extract_article(doc[:cut], PAGES["wordpress-classic"][1])
    assert art.title == "Quay Street bakery closes after 91 years"
    assert art.authors == ["Imogen Drake"]
    assert art.published == "2024-05-14T08:30:00+01:00"
    assert art.body.split("\n\n") == WP_PARAS[:2]
    assert_clean_record(art, doc[:cut])


def test_broken_markup_and_json_ld_keep_the_rest():
    doc = (page_builder()
           .replace("</p>", "", 2)  # unclosed paragraphs
           .replace('<meta property="og:site_name"',
                    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
                    '<meta property="og:site_name"')
           .replace("</body></html>", ""))
    art = extract_article(doc, PAGES["page-builder"][1])
    assert art.title == "Record apple harvest at Pennock Lane allotments"
    assert art.authors == ["Tobias Wren"]
    assert art.published == "2023-10-09T16:20:00+01:00"
    assert art.body.split("\n\n") == BUILDER_PARAS
    assert any("broken JSON-LD" in p for p in art.problems)
    assert_clean_record(art, doc)


def test_nul_and_control_characters_are_dropped():
    doc = no_metadata().replace("footbridge over", "foot\x00bridge\x01 over").replace(
        "Lenning footbridge reopens", "Lenning\x0b footbridge\x00 reopens")
    art = extract_article(doc, PAGES["no-metadata"][1])
    assert art.title == "Lenning footbridge reopens after repairs"
    assert art.body.startswith("The footbridge over the Lenning brook")
    assert_clean_record(art, doc.replace("\x00", ""))


# --- hostile input: never raises, bounded, and still a clean record -------------------------

PARA = "<p>A sentence of article text, with a comma, that is long enough to count.</p>"
TAGS = ["p", "div", "span", "a", "table", "tr", "td", "ul", "li", "h2", "b", "i", "font",
        "article", "section", "figure", "img", "br", "script", "style", "blockquote", "form"]

fragments = st.lists(
    st.one_of(
        st.sampled_from([f"<{t}>" for t in TAGS] + [f"</{t}>" for t in TAGS]),
        st.sampled_from(
            [
                '<a href="/x">',
                '<div class="share">',
                '<div class="entry-content">',
                '<img src="/i.jpg" alt="a">',
                "<!--",
                "-->",
                "<?xml version='1.0'?>",
                "<!DOCTYPE html>",
                "<title>",
                "</html>",
                "&amp;",
                "&#0;",
                "&#xD800;",
                '<div style="display:none">',
                "<![CDATA[",
                f"<script>var {SCRIPT_TOKEN} = 1;</script>",
                f"<style>.{STYLE_TOKEN} {{}}</style>",
                '<meta property="og:type" content="article">',
                PARA,
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=60,
).map("".join)


def run(html: str | bytes) -> Body:
    root = parse_html(html)
    if root is None:
        return Body()
    return extract_body(root, "https://example.com/a/", GENERIC, title="T", standfirst="S")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments)
def test_random_markup_body(html):
    assert_clean_body(run(html), html)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments, st.booleans())
def test_random_markup_article(html, as_bytes):
    data = html.encode("utf-8", "surrogatepass") if as_bytes else html
    art = extract_article(data, "https://example.com/2024/06/12/a/")
    assert art.url == "https://example.com/2024/06/12/a/"
    assert_clean_record(art, data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_binary_garbage(data):
    assert_clean_body(run(data), data)
    text = data.decode("latin-1")
    assert_clean_body(run(text), text)
    art = extract_article(data, "https://example.com/x")
    assert_clean_record(art, data)
    assert not art.is_article or art.title


TRUNCATED = (
    "<html><head><title>x</title></head><body><div class='entry-content'>"
    + PARA * 30
    + "</div><div class='comments'>"
    + PARA * 5
    + "</div></body></html>"
)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(TRUNCATED)))
def test_truncated_pages(cut):
    text = extract_text(TRUNCATED[:cut])
    assert_clean_body(run(TRUNCATED[:cut]), TRUNCATED[:cut])
    paras = [p for p in text.split("\n\n") if p]
    full = "A sentence of article text, with a comma, that is long enough to count."
    # Whole paragraphs of the story only (the last may be cut short), never the comments.
    assert all(p == full for p in paras[:-1]), paras
    if paras:
        last, whole = words(paras[-1]), words(full)
        assert last[:-1] == whole[: len(last) - 1] and whole[len(last) - 1].startswith(last[-1])
    assert len(paras) <= 30
    if cut >= TRUNCATED.index("</div>"):
        assert len(paras) == 30


def test_empty_inputs():
    for html in ("", " ", "\x00", "<html>", "<!-- -->", "\ufeff", "<?xml?>"):
        assert extract_text(html) == ""
    assert run(b"") == Body()


def test_deep_nesting_is_bounded():
    depth = 10_000
    page = "<html><body>" + "<div>" * depth + PARA * 3 + "</div>" * depth + "</body></html>"
    t0 = time.perf_counter()
    text = extract_text(page)
    assert time.perf_counter() - t0 < 10
    # The parser caps the depth; whatever it kept is the page's own paragraphs, whole.
    full = "A sentence of article text, with a comma, that is long enough to count."
    assert all(p == full for p in text.split("\n\n") if p), text[:300]
    assert_clean_body(run(page), page)


def test_deep_nesting_of_a_built_tree():
    # The parser caps depth; a tree built by hand is not, and must not recurse either.
    root = lxml.html.document_fromstring("<html><body></body></html>")
    node = root.find("body")
    for _ in range(20_000):
        node = lxml.html.etree.SubElement(node, "div")
    node.text = "A sentence of article text, with a comma, that is long enough to count."
    t0 = time.perf_counter()
    body = extract_body(root, "", GENERIC)
    assert time.perf_counter() - t0 < 10
    assert body.text == "A sentence of article text, with a comma, that is long enough to count."


def test_hostile_titles_are_read_in_linear_time():
    # A <title> whose tail after the site's name is many words: the site-name patterns
    # (a suffix may go on with a tagline) once backtracked through every way of cutting
    # those words up (163 s for this title).
    tail = "ab" * 20 + " " + "cd" * 20 + " q" * 9
    page = (f"<html><head><title>Pier reopens - Bay Daily - {tail}</title>"
            '<meta property="og:site_name" content="Bay Daily"></head>'
            f"<body><article>{PARA * 3}</article></body></html>")
    t0 = time.perf_counter()
    art = extract_article(page, "https://baydaily.example/pier/")
    assert time.perf_counter() - t0 < 10
    assert art.title and art.title.startswith("Pier reopens")


def test_huge_page_is_bounded():
    page = (
        "<html><body><div class='entry-content'>"
        + PARA * 40_000
        + "</div>"
        + "<div><a href='/x'>link</a></div>" * 20_000
        + "</body></html>"
    )
    assert len(page) > 3_000_000
    t0 = time.perf_counter()
    text = extract_text(page)
    assert time.perf_counter() - t0 < 20
    assert text.startswith("A sentence of article text")
    assert "link" not in text


def test_second_opinions_skip_pages_over_the_element_budget():
    from newscrawl.extract.consensus import MAX_ELEMENTS

    cells = "<div><span>cell</span> x</div>" * (MAX_ELEMENTS // 2 + 10)
    page = f"<html><head><title>T</title></head><body><article><h1>T</h1>{PARA * 5}</article>{cells}</body></html>"
    art = extract_article(page, "https://example.com/t/")
    assert any(p.startswith("second opinions skipped: a page of") for p in art.problems)
    assert art.sources.get("body_extractor") != "trafilatura"
    assert art.body.startswith("A sentence of article text")
    small = extract_article(f"<html><body><article><h1>T</h1>{PARA * 5}</article></body></html>",
                            "https://example.com/t/")
    assert not any("second opinions" in p for p in small.problems)


MIS_ENCODED = "<html><body><p>Caf\u00c3\u00a9 \udcff \ufffd text, long enough, to be a paragraph.</p>"


def test_mis_encoded_text():
    art = extract_article(MIS_ENCODED, "https://example.com/cafe/")
    # Mojibake is kept as it was sent (not guessed at); the lone surrogate cannot survive:
    # it reads as U+FFFD, the replacement character.
    assert art.body == "Caf\u00c3\u00a9 \ufffd \ufffd text, long enough, to be a paragraph."
    assert_clean_record(art, MIS_ENCODED.replace("\udcff", "\ufffd"))
    latin = ("<html><body><div>" + PARA + "</div></body></html>").encode("cp1252")
    assert run(latin).text == "A sentence of article text, with a comma, that is long enough to count."


def test_lone_surrogate_in_text_input_to_the_body_stage():
    text = extract_text(MIS_ENCODED)
    assert "text, long enough, to be a paragraph." in text
    assert_clean_text("text", text)

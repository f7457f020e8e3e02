"""The extractor's fast paths give what the straightforward code they replace gives.

Each test compares a sped-up helper with a plain reference implementation on inputs
built to reach every branch (hypothesis, plus the edge cases spelled out).
"""

from __future__ import annotations

import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.extract import clean
from newscrawl.extract.body.markup import parse_html

# --- control characters (clean.fix_controls, clean.repair_markup) --------------------------


def _fix_controls_reference(text: str) -> str:
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    text = text.translate(clean._C1_MAP)
    return clean._C1_REF.sub(
        lambda m: clean._C1_MAP[int(m.group(1)) if m.group(1) else int(m.group(2), 16)], text)


def _repair_chars_reference(text: str) -> str:
    return clean._XML_DECL.sub("", clean._BAD_CHARS.sub("", _fix_controls_reference(text)), count=1)


_PIECES = st.sampled_from(["a", " ", "<p>", "&#150;", "&#x96;", "&#0128", "&#129;", "&#38;",
                           "&#", "\x00", "\x0b", "\x1f", "\x7f", "\x85", "\x9d", "\ud800",
                           "\udfff", "\ufffe", "\uffff", "é", "’", "<?xml version='1.0'?>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_fix_controls_and_repair_match_the_plain_steps(text):
    assert clean.fix_controls(text) == _fix_controls_reference(text)
    # repair_markup's character steps (doctype and end-tag repair are untouched).
    repaired = clean.repair_markup(text)
    assert repaired == _repair_chars_reference(text)


# --- element classes (body.markup's parser) --------------------------------------------------


def test_parser_gives_lxml_html_element_classes():
    page = ("<html><head><title>t</title><?pi x?></head><body><!-- c --><form><input name=a>"
            "<select><option>o</option></select><textarea>x</textarea><label>l</label></form>"
            "<p>text &amp; more</p></body></html>")
    ours = [type(el) for el in parse_html(page).iter()]
    theirs = [type(el) for el in lxml.html.document_fromstring(page).iter()]
    assert ours == theirs
    assert lxml.html.FormElement in ours and lxml.html.HtmlComment in ours


# --- readability's links (consensus.readability_opinion) -------------------------------------

_PARA = ("<p>The council met on Tuesday to discuss the new road scheme, which residents have "
         "opposed for months, and <a href='{href}'>read the plan</a> before voting, said the "
         "chair, who added that a decision would follow in the spring.</p>")


def _readability_page(hrefs: list[str], base: str | None) -> str:
    head = f"<base href='{base}'>" if base else ""
    paras = "".join(_PARA.format(href=h) for h in hrefs)
    return (f"<html><head><title>t</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Road scheme</h1>{paras}<img src='img/a.jpg' srcset='img/a.jpg 1x'>"
            f"</article><footer><a href='/about'>About</a></footer></body></html>")


@pytest.mark.parametrize(("base", "broken"), [(None, False), (None, True),
                                             ("https://cdn.example.org/x/", False),
                                             ("https://cdn.example.org/x/", True)])
def test_readability_links_as_readability_makes_them(base, broken):
    """The result's links made absolute after readability ran (no <base href>) are the
    links readability makes absolute before; with a <base href> readability runs as
    usual (and, like it, fails on a link its base cannot resolve)."""
    from readability import Document
    from readability.readability import Unparseable

    from newscrawl.extract.consensus import _copy, readability_opinion
    from newscrawl.extract.parse import parse_html as parse_page

    hrefs = ["story/2", "/news/3", "//other.example.com/a", "?page=2", "#top", "javascript:void(0)",
             " javascript:alert(1)", "mailto:desk@example.com", "../up", " spaced/link "]
    if broken:
        hrefs.append("http://[broken")
    url = "https://www.example.com/section/today/article.html"
    root, _ = parse_page(_readability_page(hrefs, base))
    ours = readability_opinion(_copy(root), url)
    try:
        theirs = lxml.html.fromstring(Document(_copy(root), url=url).summary(html_partial=True))
    except Unparseable:
        assert base and broken
        assert ours.container is None and ours.error
        return
    assert ours.container is not None
    assert lxml.html.tostring(ours.container) == lxml.html.tostring(theirs)
    assert (b"https://cdn.example.org/x/story/2" if base else
            b"https://www.example.com/section/today/story/2") in lxml.html.tostring(ours.container)


# --- a page libxml2 gave up on (body.markup._cut_short) ---------------------------------------


@pytest.mark.parametrize("page", [
    "<html><body>" + "<p>plain words here</p>" * 200 + "</body></html>",
    "<html><body>" + "<div class='a b c'><span></span></div>" * 300 + "</body></html>",
    "<html><body><p>" + "日本語のテキスト" * 400 + "</p></body></html>",
    "<html><head><script>" + "var x = 1;" * 500 + "</script></head><body><p>x</p></body></html>",
    "<html><body><p>short</p></body></html>",
])
def test_cut_short_is_the_serialised_size_test(page):
    from lxml import etree

    from newscrawl.extract.body.markup import _cut_short

    root = lxml.html.document_fromstring(page)
    for size in (100, len(page), 5 * len(page), 40 * len(page)):
        assert _cut_short(root, size) == (len(etree.tostring(root)) < size // 5)


# --- a profile's plain class selectors, dropped in one pass (body.prune) ---------------------


def _prune_reference(root, selectors) -> None:
    from newscrawl.extract.body.common import select_css
    from newscrawl.extract.clean import drop_tree

    for css in selectors:
        for el in select_css(root, css):
            drop_tree(el)


_CLASSES = st.sampled_from(["share", "box share", " share\t", "share\nbox", "share\xa0box",
                            "Share", "shared", "related-posts", "x related-posts y", "", None])
_TAILS = st.sampled_from(["", "tail", " t ", "\n"])


@st.composite
def _trees(draw, depth=0):
    """HTML of nested divs and spans with drawn classes and tail text."""
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(st.sampled_from(["div", "span", "p"]))
        cls = draw(_CLASSES)
        attr = "" if cls is None else f' class="{cls}"'
        parts.append(f"<{tag}{attr}>in{draw(_trees(depth + 1))}</{tag}>{draw(_TAILS)}")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_trees(), st.sampled_from([(".share",), (".share", ".related-posts"),
                                  (".related-posts", ".share", ".box")]))
def test_profile_class_selectors_dropped_in_one_pass_as_one_by_one(html, selectors):
    from newscrawl.extract.body.prune import prune_page
    from newscrawl.extract.profiles import Profile

    page = f"<html><body><div class='share'>x</div>{html}<p>end</p></body></html>"
    fast, slow = parse_html(page), parse_html(page)
    prune_page(fast, Profile(remove_selectors=selectors))
    _prune_reference(slow, selectors)
    from newscrawl.extract.clean import strip_junk_tags

    strip_junk_tags(slow)
    assert lxml.html.tostring(fast) == lxml.html.tostring(slow)


def test_other_selectors_keep_the_one_by_one_path():
    from newscrawl.extract.body.common import class_names

    assert class_names((".share", ".related-posts")) == frozenset({"share", "related-posts"})
    assert class_names((".share", "div.box")) is None
    assert class_names((".a + p",)) is None

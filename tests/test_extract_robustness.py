"""Body extraction never raises and stays bounded on hostile input."""

from __future__ import annotations

import time

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract.body import Body, extract_body, extract_text, parse_html
from newscrawl.extract.profiles import GENERIC

PARA = "<p>A sentence of article text, with a comma, that is long enough to count.</p>"
TAGS = [
    "p",
    "div",
    "span",
    "a",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h2",
    "b",
    "i",
    "font",
    "article",
    "section",
    "figure",
    "img",
    "br",
    "script",
    "style",
    "blockquote",
    "form",
]

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


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(fragments)
def test_random_markup_never_raises(html):
    body = run(html)
    assert isinstance(body, Body)
    assert isinstance(body.text, str) and isinstance(body.html, str)
    assert "<script" not in body.html


@settings(max_examples=60, deadline=2000)
@given(st.binary(max_size=3000))
def test_binary_garbage_never_raises(data):
    assert isinstance(run(data), Body)
    assert isinstance(extract_text(data.decode("latin-1")), str)


@settings(max_examples=40, deadline=2000)
@given(st.integers(min_value=0, max_value=4000))
def test_truncated_pages(cut):
    page = (
        "<html><head><title>x</title></head><body><div class='entry-content'>"
        + PARA * 30
        + "</div><div class='comments'>"
        + PARA * 5
        + "</div></body></html>"
    )
    assert isinstance(extract_text(page[:cut]), str)


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
    assert isinstance(text, str)


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
    assert "long enough" in body.text


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


def test_mis_encoded_text():
    page = "<html><body><p>Caf\u00c3\u00a9 \udcff \ufffd text, long enough, to be a paragraph.</p>"
    assert isinstance(extract_text(page), str)
    latin = ("<html><body><div>" + PARA + "</div></body></html>").encode("cp1252")
    assert "sentence" in run(latin).text

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
def test_readability_links_as_readability_makes_them(base, broken, caplog):
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
        # The failure is in the opinion, not in the log as readability's traceback.
        assert not [r for r in caplog.records if r.name.startswith("readability")]
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


# --- class/id words (clean.class_id_words, clean.junk_kind) --------------------------------


def _attr_words_reference(el) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not raw.strip():
        return set()
    words = set(raw.lower().split())
    for w in raw.split():
        parts = [p for p in re.split(r"[\s_\-]+", w) if p]
        words.update(p.lower() for p in parts)
        # a BEM element's name ("article-content__reg-wall": "reg-wall")
        words.update(p.lower() for p in w.split("__")[1:] if p.strip("_-"))
        # a component's camel-case name beside a hash ("ssrcss-1q7f2ad-ConsentBanner")
        hashed = [p for p in parts if re.fullmatch(r"[A-Za-z\d]{5,}", p) and re.search(r"\d", p)
                  and re.search(r"[A-Za-z]", p)]
        if len(parts) > 1 and hashed:
            for p in parts:
                if p not in hashed and re.search(r"[a-z][A-Z]", p):
                    words.update(c.lower() for c in re.findall(r"[a-z]+|[A-Z][a-z]*|[A-Z]+(?![a-z])|\d+", p))
    return words


def _junk_kind_reference(el) -> int:
    from newscrawl.extract.vocabulary import CONTENT_WORDS, JUNK_WORDS, STRONG_JUNK_WORDS

    words = _attr_words_reference(el)
    junk = words & JUNK_WORDS
    if not junk:
        return 0
    if junk & STRONG_JUNK_WORDS:
        return 2
    # A content word protects only from another class's junk word ("entry-content
    # share-on"), not from its own class's ("article-newsletter").
    for token in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        parts = {token, *(p for p in re.split(r"[\s_\-]+", token) if p)}
        if parts & CONTENT_WORDS and not parts & JUNK_WORDS:
            return 0
    return 1


_CLASS_PIECES = st.sampled_from(["", " ", "\t", "\n", "-", "_", "--", "Sidebar", "sidebar",
                                 "share", "SHARE-buttons", "comment", "entry_content", "content",
                                 "wp-caption", "Caption", "related-posts", "ad", "nav", "é", "x1",
                                 # BEM element names, camel-case component names beside hashes
                                 "__", "reg-wall", "ConsentBanner", "relatedList", "1q7f2ad", "ctl00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CLASS_PIECES, max_size=6).map("".join), st.lists(_CLASS_PIECES, max_size=4).map("".join),
       st.booleans(), st.booleans())
def test_class_id_words_and_junk_kind_match_the_plain_steps(cls, ident, has_cls, has_id):
    el = lxml.html.Element("div")
    if has_cls:
        el.set("class", cls)
    if has_id:
        el.set("id", ident)
    for _ in range(2):  # the second call is answered from the cache
        assert clean.class_id_words(el) == _attr_words_reference(el)
        assert clean.junk_kind(el) == _junk_kind_reference(el)


# --- one copy of the page for both second opinions (consensus.second_opinions) ---------------


def test_trafilatura_opinion_leaves_its_tree_as_it_was():
    from lxml import etree

    from newscrawl.extract.consensus import _copy, trafilatura_opinion

    paras = "".join(f"<p>Paragraph {i} of the story, with enough words to be kept as text.</p>"
                    for i in range(12))
    page = ("<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav>"
            "<div class='comments'><p>a reader's comment</p></div><ul><li>one</li></ul>"
            f"<article><h1>Headline</h1>{paras}<table><tr><td>cell</td></tr></table></article>"
            "<footer>Copyright</footer></body></html>")
    tree = _copy(parse_html(page))
    before = etree.tostring(tree)
    opinion = trafilatura_opinion(tree, "https://www.example.com/story")
    assert "Paragraph 11" in opinion.text
    assert etree.tostring(tree) == before


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_read_controls_is_fix_controls_then_repairs_character_steps(text):
    fixed, repaired = clean.read_controls(text)
    assert fixed == clean.fix_controls(text)
    if repaired is not None:
        assert clean.repair_markup(repaired, chars_read=True) == clean.repair_markup(fixed)


@pytest.mark.parametrize("text", ["&&#129;#150;x", "&#x81;&#150;", "plain", "caf\xe9 &#8217;",
                                  "\x85&#150;", "&#x7f;", "\ud800&&#157;#150;"])
def test_read_controls_edge_cases(text):
    test_read_controls_is_fix_controls_then_repairs_character_steps.hypothesis.inner_test(text)


# --- character folding (clean.replace_chars for str.translate) -------------------------------


def _tables():
    from newscrawl.extract import rest, template, titles
    from newscrawl.extract.body import common

    return [(common.DASHES, common._DASH_PAIRS), (titles._FOLD, titles._FOLD_PAIRS),
            (template._TRANS, template._TRANS_PAIRS), (template._FOLD, template._FOLD_PAIRS),
            (rest._QUOTES, rest._QUOTES_PAIRS)]


_FOLD_PIECES = st.sampled_from(["a", " ", "-", "'", '"', ".", "...", "é", "日", "\xa0", "’", "‘",
                                "“", "”", "„", "«", "»", "–", "—", "‒", "―", "…", "‚", "′", "″",
                                "\u00ad", "\U0001f600"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FOLD_PIECES, max_size=16).map("".join))
def test_replace_chars_is_translate(text):
    for table, pairs in _tables():
        assert clean.replace_chars(text, pairs) == text.translate(table)


def test_norm_and_fold_dashes_as_translate():
    from newscrawl.extract.body.common import DASHES, fold_dashes, norm

    text = "  The “Quick”\xa0fox’s – run —\tÉTÉ  "
    assert fold_dashes(text) == text.translate(DASHES)
    assert norm(text) == " ".join(text.translate(DASHES).casefold().split())


def test_char_pairs_refuses_tables_it_cannot_replace_in_turn():
    with pytest.raises(ValueError):
        clean.char_pairs(str.maketrans({"a": "b"}))
    with pytest.raises(ValueError):
        clean.char_pairs(str.maketrans({"’": "‘", "‘": "'"}))


# --- the page read once for the body and the vote (article._extract, consensus.spare) --------


def _slipway_page(with_script: bool) -> str:
    story = "".join(f"<p>The harbour board voted on repairs to the old slipway, item {i}, after "
                    "engineers found cracks along the whole of the concrete ramp.</p>" for i in range(8))
    gallery = "".join(f"<div class='slide'><span>Photo {i} of twelve: a lifeboat crew in training "
                      "off the pier on the annual open day.</span></div>" for i in range(12))
    script = "<script>var story = 'not text';</script><noscript><p>Enable JS</p></noscript>"
    return ("<html><head><title>Slipway to close | Gazette</title>"
            "<meta property='og:title' content='Slipway to close'>"
            "<meta name='author' content='Jane Doe'></head><body>"
            f"<article><h1>Slipway to close</h1><p class='byline'>By Jane Doe</p>{story}"
            f"{script if with_script else ''}</article><section class='gallery'>{gallery}</section>"
            "<!-- a comment --></body></html>")


@pytest.mark.parametrize("with_script", [False, True])
@pytest.mark.parametrize("own", ["story", "gallery", ""])
def test_spared_page_votes_as_a_copy_does(with_script, own):
    from newscrawl.extract.consensus import second_opinions

    html = _slipway_page(with_script)
    own_text = {"story": "The harbour board voted on repairs to the old slipway, item 1.",
                "gallery": "Photo 1 of twelve: a lifeboat crew in training off the pier.",
                "": ""}[own]
    url = "https://example.org/slipway/"
    copied = second_opinions(parse_html(html), url, own_text)
    spared = second_opinions(parse_html(html), url, own_text, spare=True)
    assert [o.name for o in copied[1]] == [o.name for o in spared[1]]
    assert [o.text for o in copied[1]] == [o.text for o in spared[1]]
    assert copied[0].name == spared[0].name


@pytest.mark.parametrize("title", [None, "Slipway to close"])
def test_headlines_read_before_give_the_same_bodies(title):
    import copy

    from newscrawl.extract.body import extract_body, page_headlines
    from newscrawl.extract.body.container import body_from_container

    url = "https://example.org/slipway/"
    page = parse_html(_slipway_page(True))
    heads = page_headlines(page, title)
    plain = extract_body(copy.deepcopy(page), url, title=title)
    given = extract_body(copy.deepcopy(page), url, title=title, headlines=heads)
    assert (plain.text, plain.html) == (given.text, given.html)
    for make in (lambda p: p.find(".//article"), lambda p: p.find(".//section")):
        a = body_from_container(make(copy.deepcopy(page)), page, url, title=title)
        b = body_from_container(make(copy.deepcopy(page)), page, url, title=title, headlines=heads)
        assert (a.text, a.html) == (b.text, b.html)


# --- an entry footer's tag blocks (parse._term_block_candidates, parse._is_meta_block) ------

_TREE_TAGS = ["p", "div", "span", "ul", "li", "dd", "section", "b", "a href='/tag/x/'", "a", "a href=''"]
_TREES = st.recursive(
    st.sampled_from(["", "text", "<br>"]),
    lambda inner: st.tuples(st.sampled_from(_TREE_TAGS), st.lists(inner, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0].split()[0]}>"),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_term_block_candidates_are_the_xpath_ones(inner):
    from lxml import etree

    from newscrawl.extract.parse import _term_block_candidates

    reference = etree.XPath("descendant::*[self::p or self::div or self::span or self::ul "
                            "or self::li or self::dd][.//a[@href]]")
    root = lxml.html.fragment_fromstring(f"<div>{inner}</div>")
    for el in root.iter():
        assert _term_block_candidates(el) == set(reference(el))


@pytest.mark.parametrize("cls", [None, "", "  ", "Entry-Meta", "post-footer tags", "x  y\tz",
                                 "cat-links", "TAGS", "meta", "nothing here"])
def test_meta_block_as_the_plain_test(cls):
    from newscrawl.extract.parse import _is_meta_block, classes
    from newscrawl.extract.vocabulary import META_BLOCK_CLASS_PARTS

    el = lxml.html.Element("div")
    if cls is not None:
        el.set("class", cls)
    toks = " ".join(classes(el))
    assert _is_meta_block(el) == any(k in toks for k in META_BLOCK_CLASS_PARTS)


# --- text lengths (body.common.text_len) -----------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(_TREES, st.sampled_from(["", " ", "\xa0", " x ", "&nbsp;", "<!-- c -->", "<?pi x?>", "&#233;"]))
def test_text_len_is_the_joined_itertext(inner, extra):
    from lxml import etree

    from newscrawl.extract.body.common import text_len

    root = parse_html(f"<html><body>{extra}<div>{inner}{extra}</div>{extra}</body></html>")
    for el in root.iter(etree.Element):
        assert text_len(el) == len("".join(el.itertext()).strip())


# --- selector lists (parse.Selectors.each) -----------------------------------------------------

_SEL_ATTRS = st.sampled_from([
    "", " class='entry-content'", " class='post-content x'", " class='content'", " class='breadcrumb'",
    " class=' breadcrumbs  yoast-breadcrumbs'", " class='hentry type-post'", " class='site-main'",
    " class='entry-summary'", " class=''", " id='main'", " id='content'", " id='breadcrumbs'",
    " itemprop='articleBody'", " itemprop='author'", " itemtype='https://schema.org/NewsArticle'",
    " itemtype='http://schema.org/BlogPosting'", " role='main'", " aria-label='breadcrumb'",
    " aria-label='Breadcrumb'", " data-elementor-type='single-post'", " class='content' id='main'"])
_SEL_TAGS = st.sampled_from(["div", "nav", "main", "section", "article", "p", "span"])
_SEL_TREES = st.recursive(
    st.sampled_from(["", "text"]),
    lambda inner: st.tuples(_SEL_TAGS, _SEL_ATTRS, st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_SEL_TREES, _SEL_ATTRS)
def test_selector_lists_select_what_css_selects(inner, body_attrs):
    from newscrawl.extract import parse, taxonomy
    from newscrawl.extract.article import _VISIBLE_EXCERPT
    from newscrawl.extract.parse import Selectors, css

    mixed = Selectors(["nav[aria-label=breadcrumb]", "div > p", "#main", ".content", "main",
                       "[itemprop='articleBody']", "section.entry-content"])
    root = parse_html(f"<html><body{body_attrs}><div>{inner}</div></body></html>")
    for sels in (parse._CONTAINERS, parse._CONTENTS, taxonomy._CRUMBS, _VISIBLE_EXCERPT, mixed):
        for start in (root, root.find("body")):
            got = list(sels.each(start))
            assert got == [(sel, css(start, sel)) for sel in sels.selectors]
            assert got == list(sels._each_one_pass(start))


# --- microdata items (metadata._item) ----------------------------------------------------------


def _item_reference(scope, base, depth=0):
    from newscrawl.extract.metadata import _prop_value

    item = {}
    itemtype = scope.get("itemtype") or ""
    if itemtype:
        item["@type"] = [t for t in itemtype.split()]
    if depth > 8:
        return item

    def walk(el):
        for child in el:
            if not isinstance(child.tag, str):
                continue
            prop = child.get("itemprop")
            if prop:
                value = (_prop_value(child, base) if child.get("itemscope") is None
                         else _item_reference(child, base, depth + 1))
                for name in prop.split():
                    item.setdefault(name, []).append(value)
            if child.get("itemscope") is None:
                walk(child)

    walk(scope)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 and k != "@type" else v) for k, v in item.items()}


_MD_ATTRS = st.sampled_from(["", " itemprop='name'", " itemprop='author'", " itemprop='name headline'",
                             " itemprop=''", " itemscope itemtype='https://schema.org/Person'",
                             " itemprop='author' itemscope itemtype='https://schema.org/Person'",
                             " itemprop='publisher' itemscope", " itemscope", " href='/x'"])
_MD_TREES = st.recursive(
    st.sampled_from(["", "text", "<!-- c -->"]),
    lambda inner: st.tuples(st.sampled_from(["div", "span", "a", "time", "meta", "p"]), _MD_ATTRS,
                            st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_MD_TREES)
def test_microdata_items_as_the_walk_reads_them(inner):
    from newscrawl.extract.metadata import _item

    root = parse_html("<html><body><article itemscope itemtype='https://schema.org/Article'>"
                      f"{inner}</article></body></html>")
    for scope in root.iter("article", "div", "span", "a"):
        for depth in (0, 7, 8, 9):
            assert _item(scope, "https://example.org/", depth) == _item_reference(scope, "https://example.org/", depth)


# --- a noisy <body> (parse.find_container, parse.paragraph_block) ----------------------------


def _find_container_reference(root):
    from newscrawl.extract import parse

    body = root.find("body")
    if body is None:
        body = root
    block = parse.paragraph_block(body)

    def holds_text(el):  # the page's main run of paragraphs is in it (or there is none)
        return block is None or block is el or el in list(block.iterancestors())

    arts = [a for a in root.iter("article") if not parse._inside_noise(a)]
    with_h1 = [a for a in arts if a.find(".//h1") is not None]
    if len(with_h1) == 1:
        return with_h1[0]
    if len(arts) == 1 and holds_text(arts[0]):
        return arts[0]
    for _sel, els in parse._CONTAINERS.each(root):
        found = [el for el in els if el.tag not in {"body", "html"} and not parse._inside_noise(el)]
        with_h1 = [el for el in found if el.find(".//h1") is not None]
        if with_h1:
            return with_h1[0]
        holding = [el for el in found if holds_text(el)]
        if holding:
            return holding[0]
    return body


def _paragraph_block_reference(root, least=200):
    from newscrawl.extract.parse import _inside_noise, is_noise

    totals = {}
    for p in root.iter("p"):
        n = len(p.text_content())
        if n >= 25:
            parent = p.getparent()
            if parent is not None:
                totals[parent] = totals.get(parent, 0) + n
    for el, n in sorted(totals.items(), key=lambda kv: -kv[1])[:3]:
        if n < least:
            break
        if not is_noise(el) and not _inside_noise(el):
            return el
    return None


_BODY_ATTRS = st.sampled_from(["", " class='single right-sidebar'", " class='single'", " id='main'",
                               " class='widget'", " class='content'"])
_HEAD_EXTRA = st.sampled_from(["", "<meta itemtype='https://schema.org/Article' class='content'>",
                               "<link id='content'>"])
_LONG = "A sentence long enough to count as a paragraph of the story, and then some more. "
_NOISE_TREES = st.recursive(
    st.sampled_from(["", "text", f"<p>{_LONG}</p>", f"<p>{_LONG * 3}</p>", "<h1>Headline</h1>"]),
    lambda inner: st.tuples(st.sampled_from(["div", "main", "section", "article", "aside", "p", "footer"]),
                            _SEL_ATTRS, st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_NOISE_TREES, _BODY_ATTRS, _HEAD_EXTRA)
def test_container_and_paragraph_block_as_the_plain_search(inner, body_attrs, head):
    from newscrawl.extract.parse import find_container, paragraph_block

    root = parse_html(f"<html><head><title>t</title>{head}</head><body{body_attrs}>{inner}</body></html>")
    assert find_container(root) is _find_container_reference(root)
    for start in (root, root.find("body")):
        for least in (0, 200):
            assert paragraph_block(start, least) is _paragraph_block_reference(start, least)
    from lxml import etree

    from newscrawl.extract.parse import _inside_noise, _noise_at_or_above

    memo = {}  # shared by all the elements, as paragraph_block shares it
    for el in root.iter(etree.Element):
        assert _noise_at_or_above(el.getparent(), memo) == _inside_noise(el)


# --- text below an element (clean.text_content) ------------------------------------------------

_TEXT_PIECES = st.sampled_from(["", "a", " b ", "&amp;", "&nbsp;", "caf\xe9", "\U0001f600", "<!-- c -->",
                                "<?pi x?>", "<br>", "\r\n", "&#150;", "<![CDATA[x]]>", "&lt;p&gt;"])
_TEXT_TREES = st.recursive(
    _TEXT_PIECES,
    lambda inner: st.tuples(st.sampled_from(["div", "p", "span", "b", "script", "style", "title", "li"]),
                            st.lists(inner, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT_TREES, _TEXT_PIECES)
def test_text_content_is_the_xpath_string(inner, tail):
    from lxml import etree

    root = parse_html(f"<html><head><title>x{tail}</title></head><body>{inner}{tail}<p>{inner}</p>{tail}"
                      "</body></html>")
    for el in root.iter(etree.Element):
        assert clean.text_content(el) == el.text_content()
    comment = next((el for el in root.iter(etree.Comment)), None)
    if comment is not None:
        with pytest.raises(ValueError):
            clean.text_content(comment)


def test_text_content_of_plain_etree_elements():
    # Another extractor's tree (trafilatura's convert_to_html) is built of plain etree
    # elements, not lxml.html ones; they must read as the XPath string, not raise.
    from lxml import etree

    root = etree.fromstring("<div><p>One <b>two</b></p><h2>Sub heading<span> more</span></h2> tail</div>")
    assert not isinstance(root, lxml.html.HtmlElement)
    for el in root.iter(etree.Element):
        assert clean.text_content(el) == el.xpath("string()")
    assert clean.text_content(root.find("h2")) == "Sub heading more"


def test_another_extractors_container_of_plain_elements_gives_a_body():
    from lxml import etree

    from newscrawl.extract.body.container import body_from_container

    box = etree.fromstring(
        "<body><p>First paragraph of the story, with enough words in it to count as a real "
        "paragraph of text.</p><h2>A subheading of the story</h2><p>Second paragraph of the "
        "story, again with enough words in it to count as text.</p></body>")
    page = lxml.html.fromstring("<html><body><h1>Story</h1></body></html>")
    body = body_from_container(box, page, "https://example.org/s/", title="Story")
    assert not body.problems
    assert body.text.split("\n\n")[1:] == [
        "A subheading of the story",
        "Second paragraph of the story, again with enough words in it to count as text."]


# --- author elements (body.headlines._author_elements), protected addresses (cfemail) --------

_AUTH_ATTRS = st.sampled_from(["", " class='author'", " class='post-author vcard'", " class='Author'",
                               " class='bylines'", " class=''", " rel='author'", " rel='author nofollow'",
                               " itemprop='author'", " itemprop='Author'", " name='author'",
                               " property='og:title'", " name=''", " data-cfemail='0a6f'",
                               " href='/cdn-cgi/l/email-protection#0a6f'", " href='/x'"])
_AUTH_TREES = st.recursive(
    st.sampled_from(["", "Jane Doe", "<br>"]),
    lambda inner: st.tuples(st.sampled_from(["div", "span", "a", "meta", "p", "link"]), _AUTH_ATTRS,
                            st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_AUTH_TREES, _AUTH_ATTRS, _AUTH_ATTRS)
def test_author_and_protected_elements_as_the_xpaths(inner, head_attrs, body_attrs):
    from lxml import etree

    from newscrawl.extract.body.headlines import _AUTHOR_XPATH, _author_elements
    from newscrawl.extract.cfemail import _PROTECTED

    protected = etree.XPath("descendant-or-self::*[@data-cfemail or (self::a and "
                            "contains(@href, '/cdn-cgi/l/email-protection'))]")
    root = parse_html(f"<html><head><meta{head_attrs}></head><body{body_attrs}>{inner}</body></html>")
    for el in root.iter(etree.Element):
        assert _author_elements(el) == _AUTHOR_XPATH(el)
        assert _PROTECTED(el) == protected(el)


# --- URL joins (urls.join_url), whitespace (parse.clean_text) -----------------------------------

_BASES = st.sampled_from(["", "http://example.com/a/b.html", "https://example.com/", "HTTP://Example.com/x",
                          "ftp://files.example.com/d/", "mailto:x@example.com", "/relative/path", "//host/p",
                          "http://[broken", "file:///tmp/x", "https://example.com/a?q=1#f"])
_URL_PIECES = st.sampled_from(["http:", "https:", "HTTPS:", "ftp:", "mailto:", "javascript:", "//", "///",
                               "example.org", "[::1]", "[broken", "/", "a", "..", ".", "?q=1", "#frag", ";p",
                               "\t", "\n", " ", "%20", "é", ":80", "@"])


@settings(max_examples=500, deadline=None)
@given(_BASES, st.lists(_URL_PIECES, max_size=7).map("".join))
def test_join_url_is_urljoin(base, url):
    from urllib.parse import urljoin, urlsplit

    from newscrawl.extract.urls import join_url

    def refused(u: str) -> bool:
        try:
            urlsplit(u)
        except ValueError:
            return True
        return False

    # urljoin, except that what urllib refuses is made harmless: a base it refuses is no
    # base, a URL it refuses (read or, without a base, handed back unread) gives "".
    expected = "" if refused(url) else urljoin("" if refused(base) else base, url)
    for _ in range(2):  # the second answer comes from the cache
        assert join_url(base, url) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\xa0", "\t", "\n", "\u2003", "\u3000", "\x1c", "\x85",
                                 "\u200b", "\ufeff", "é", "x y"]), max_size=12).map("".join))
def test_clean_text_is_the_whitespace_substitution(text):
    from newscrawl.extract.parse import clean_text

    assert clean_text(text) == re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", " ", "_", "-", "1", "²", "é", "ß", "ﬁ", "日", "·", ".", "\u0301",
                                 "Ⅻ", "٣", "\U0001d7d8", "ǅ", "\xa0"]), max_size=12).map("".join))
def test_squeeze_keeps_what_isalnum_keeps(text):
    import unicodedata

    from newscrawl.extract.titles import _squeeze

    expected = "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())
    assert _squeeze(text) == expected


@pytest.mark.parametrize("names", [["Site"], ["The Gazette", "Gazette"], ["a.b (c)", "x|y"], [""]])
@pytest.mark.parametrize("title", ["Site: Headline here", "Headline | Site", "Site - Headline - Site",
                                   "The Gazette :: News", "a.b (c) | x|y", "Plain headline"])
def test_strip_site_name_with_compiled_affixes(names, title):
    from newscrawl.extract.titles import _SEPS, strip_site_name

    t = title
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        esc = re.escape(name)
        prefix = re.match(rf"^\s*{esc}{_SEPS}(?P<rest>.+)$", t, re.I)
        if prefix and prefix.group("rest").strip():
            t = prefix.group("rest").strip()
        suffix = re.match(rf"^(?P<rest>.+?){_SEPS}{esc}\s*$", t, re.I)
        if suffix and suffix.group("rest").strip():
            t = suffix.group("rest").strip()
    assert strip_site_name(title, names) == t


# --- one parse of the body's HTML (parse.body_fragment) ----------------------------------------


def test_body_fragment_shared_within_a_page_only():
    from newscrawl.extract.media import body_images, body_links
    from newscrawl.extract.parse import body_fragment, keep_body_fragment, page_scope

    html = ("<p>See <a href='/a'>this</a> and <a href='https://other.example.org/b'>that</a>.</p>"
            "<figure><img src='/i.jpg' alt='An image'><figcaption>A caption. Photo: Jo</figcaption>"
            "</figure>")
    base = "https://example.org/story/"
    fresh = (body_images(html, base), body_links(html, base, ["example.org"]))
    assert lxml.html.tostring(body_fragment(html)) == lxml.html.tostring(
        lxml.html.fragment_fromstring(html, create_parent="div"))
    assert body_fragment("  ") is None
    with page_scope():
        frag = body_fragment(html)
        assert body_fragment(html) is frag  # parsed once for images and links
        assert (body_images(html, base), body_links(html, base, ["example.org"])) == fresh
        other = lxml.html.fragment_fromstring(html, create_parent="div")
        keep_body_fragment(html, other)
        assert body_fragment(html) is other
        assert body_fragment(html + " ") is not other  # another text: parsed
    assert body_fragment(html) is not other  # the page is over: nothing kept


# --- template features (template.page_features), repairable characters (clean) ---------------


def _page_features_reference(root):
    from lxml import etree

    from newscrawl.extract import template as T

    title_el = root.find(".//title")
    title = T._clean(title_el.text_content() if title_el is not None else "")
    body = root.find("body")
    scope = body if body is not None else root
    h1s, blocks, raws, skipped = [], set(), set(), set()
    for el in scope.iter(*T._SKIP):
        skipped.update(el.iter())
    for n, el in enumerate(scope.iter(etree.Element)):
        if n >= T.MAX_ELEMENTS or len(blocks) >= T.MAX_BLOCKS_PER_PAGE:
            break
        if el in skipped:
            continue
        if el.tag == "h1":
            t = " ".join(el.text_content().split())
            if t and len(h1s) < 5:
                h1s.append(t)
            continue
        if el.tag in T._BLOCK_TAGS:
            raw = el.text_content()
        elif el.tag in T._RUN_TAGS:
            parts = [el.text or ""]
            for child in el:
                if isinstance(child.tag, str) and child.tag in T._INLINE:
                    parts.append(child.text_content())
                parts.append(child.tail or "")
            raw = "".join(parts)
        else:
            continue
        if len(raw) < 2 or raw in raws:
            continue
        raws.add(raw)
        if len(raw) > 4 * T.MAX_BLOCK and len(T._clean(raw)) > T.MAX_BLOCK:
            continue
        text = " ".join(raw.split())
        if 2 <= len(text) <= T.MAX_BLOCK:
            blocks.add(T.norm_block(text))
    def meta(*keys):
        for key in keys:
            for el in root.iterfind(".//meta"):
                if (el.get("property") or el.get("name") or "").lower() == key:
                    value = T._clean(el.get("content"))
                    if value:
                        return value
        return ""

    return (title, tuple(h1s), frozenset(blocks), meta("og:title"), meta("og:site_name"),
            meta("description", "og:description"))


_FEATURE_TREES = st.recursive(
    st.sampled_from(["", "Share this", " 12 Comments ", "<br>", "<!-- c -->", "x" * 350, "Read more"]),
    lambda inner: st.tuples(st.sampled_from(["div", "p", "li", "span", "a", "h1", "h2", "script", "svg",
                                             "section", "td", "b", "figcaption", "button", "em"]),
                            st.lists(inner, max_size=3), st.sampled_from(["", " tail", "\n"])).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>{t[2]}"),
    max_leaves=30,
)


_META_TAGS = st.lists(st.sampled_from([
    "<meta property='og:title' content='T1'>", "<meta property='OG:Title' content=' T2 '>",
    "<meta name='og:title' content=''>", "<meta property='og:site_name' content='Site'>",
    "<meta name='description' content='D1'>", "<meta name='description' content='  '>",
    "<meta property='og:description' content='D2'>", "<meta name='og:description' property='x' content='D3'>",
    "<meta content='none'>"]), max_size=5).map("".join)


@settings(max_examples=300, deadline=None)
@given(_FEATURE_TREES, st.sampled_from([(30_000, 600), (5, 600), (30_000, 2), (12, 3)]), _META_TAGS)
def test_page_features_as_the_walk_over_every_element(inner, limits, metas):
    from newscrawl.extract import template

    root = parse_html(f"<html><head><title>A &amp; B</title>{metas}</head><body>{inner}<p>end</p>"
                      "</body></html>")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(template, "MAX_ELEMENTS", limits[0])
        mp.setattr(template, "MAX_BLOCKS_PER_PAGE", limits[1])
        feats = template.page_features(root)
        assert (feats.title, feats.h1, feats.blocks, feats.og_title, feats.site_name,
                feats.description) == _page_features_reference(root)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\xa0", "\x00", "\x08", "\t", "\n", "\x0b", "\x1f", "\x7f", "\x80",
                                 "\x9f", "\xa0", "\xc2", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufffd",
                                 "日", "\U0001f600", "&#150;"]), max_size=10).map("".join))
def test_has_repairable_is_the_regex_search(text):
    assert clean._has_repairable(text) == bool(clean._REPAIRABLE.search(text))


# --- bylines read when asked for (body.headlines.PageBylines), home links (titles) ------------


def _byline_pages():
    story = "".join(f"<p>The harbour board voted on repairs to the old slipway, item {i}, after "
                    "engineers found cracks along the whole of the concrete ramp.</p>" for i in range(8))
    head = ("<html><head><title>Slipway to close | Gazette</title><meta name='author' content='{meta}'>"
            "</head><body class='single single-post'>")
    return [
        head.format(meta="Jane Doe") + f"<article><h1>Slipway to close</h1><p>By Jane Doe</p>{story}"
        "<p>By Jane Doe, Harbour Reporter</p></article></body></html>",
        head.format(meta="Editor") + f"<article><h1>Slipway to close</h1>{story}<p>BY JOHN SMITH MP</p>"
        "<span class='byline'>By <a rel='author'>Editor</a></span></article><aside>By Ann Other</aside></body></html>",
        head.format(meta="Jane Doe") + f"<div class='post'><h2>Slipway</h2>{story}<p>By Jane Doe</p></div>"
        f"<div class='x'>{story}</div></body></html>",
    ]


@pytest.mark.parametrize("page", _byline_pages())
def test_bylines_read_when_asked_give_the_same_article(page):
    from newscrawl.extract import article, extract_article
    from newscrawl.extract.body.headlines import PageBylines, page_bylines

    url = "https://example.org/slipway/"
    reads = []
    with pytest.MonkeyPatch.context() as mp:
        read = article.PageBylines.read
        mp.setattr(article.PageBylines, "read", lambda self: reads.append(1) or read(self))
        lazy = extract_article(page, url, features=True).to_record()
    assert reads  # a "By" line asked, or the second opinions were to run
    class Eager(PageBylines):  # read at once, as page_headlines reads them
        def __init__(self, page):
            super().__init__(page)
            self.read()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(article, "PageBylines", Eager)
        eager = extract_article(page, url, features=True).to_record()
    assert lazy == eager
    assert eager == extract_article(page, url, features=True).to_record()
    assert page_bylines(parse_html(page))  # the pages credit somebody


def test_page_bylines_read_once_from_the_page_as_it_was():
    from newscrawl.extract.body.headlines import PageBylines, page_bylines

    page = parse_html(_byline_pages()[1])
    expected = page_bylines(page)
    lazy = PageBylines(page)
    assert list(lazy) == expected and len(lazy) == len(expected) and bool(lazy) == bool(expected)
    for el in page.iter("span", "meta"):
        el.attrib.clear()  # a later change of the page is not seen
    assert list(lazy) == expected and lazy[0] == expected[0]
    assert not PageBylines(parse_html("<html><body><p>x</p></body></html>"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["http:", "https:", "HTTP:", "//", "/", "./", "host", "a.b", "index.php",
                                 "index", ".", "?", "#", "x"]), max_size=8).map("".join))
def test_home_href_pattern_holds_three_slashes_at_most(href):
    from newscrawl.extract.titles import _HOME_HREF

    if _HOME_HREF.match(href):
        assert href.count("/") <= 3


@settings(max_examples=200, deadline=None)
@given(_TREES)
def test_paragraphs_and_items_below_as_the_xpath(inner):
    from lxml import etree

    root = lxml.html.fragment_fromstring(f"<div><p>x</p><li>{inner}</li>{inner}</div>")
    for el in root.iter(etree.Element):
        assert [x for x in el.iter("p", "li") if x is not el] == el.xpath(".//p|.//li")


@pytest.mark.parametrize("raw", ["Site: Headline - An excerpt that starts the description here",
                                 "  Headline | Site  ", "Headline (12 June 2024)", "★ Headline ★"])
def test_clean_title_remembered_as_computed(raw):
    from newscrawl.extract import titles

    names, excerpts = ["Site"], ["An excerpt that starts the description here and goes on."]
    expected = titles._clean_title.__wrapped__(raw, tuple(names), tuple(excerpts))
    for _ in range(2):
        assert titles.clean_title(raw, names, excerpts) == expected
    names.append("Headline")  # another list of names: another answer, not the cached one
    assert titles.clean_title(raw, names, excerpts) == titles._clean_title.__wrapped__(
        raw, tuple(names), tuple(excerpts))

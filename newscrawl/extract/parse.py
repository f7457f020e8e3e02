"""Robust parsing of HTML (bytes decoded by `decode.decode_html`), plus the helpers that
locate a page's regions.

Everything here is pure: bytes or text in, an lxml tree (or elements of it) out.
"""

from __future__ import annotations

import copy
import itertools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import cssselect
import lxml.html
from cssselect.xpath import is_non_whitespace
from lxml import etree
from lxml.cssselect import CSSSelector

from .body import TOO_DEEP, read_noframes, repair_open_title
from .body import parse_html as _parse_markup
from .clean import (
    XML_SPACE,
    attr_words,
    class_tokens,
    holds,
    junk_kind,
    read_controls,
    text_content,
)
from .clean import drop_tree as drop
from .decode import decode_html
from .urls import split_url
from .vocabulary import (
    ARTICLE_FOOTER_WORDS,
    CATEGORY_PATH,
    CLOSES_SENTENCE,
    CONTAINER_SELECTORS,
    CONTENT_SELECTORS,
    DATE_LINE_AMPM_END,
    ENTRY_REGION_CLASSES,
    HEADER_DEK_WORDS,
    META_BLOCK_CLASS_PARTS,
    NOISE_CLASS_TOKEN,
    NOISE_IDS,
    NOISE_TAGS,
    TAG_PATH,
)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters lxml/libxml2 refuses in text (C0 controls other than tab/newline/return).
_XML_ROOT = re.compile(r"^\s*(?:<\?[^>]*>\s*|<!--(?:[^-]|-(?!->))*-->\s*)*<(rss|feed|rdf:RDF|urlset|sitemapindex)\b")
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _empty_root() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring("<html><head></head><body></body></html>")


def parse_html(html: str | bytes, content_type: str | None = None) -> tuple[lxml.html.HtmlElement, list[str]]:
    """Parse a page into an lxml tree that always has <head> and <body>; never raises.

    Returns the root and a list of problems met on the way.
    """
    problems: list[str] = []
    try:
        text = decode_html(html, content_type)
    except Exception as exc:  # noqa: BLE001 - never fail on input
        problems.append(f"could not decode page: {exc}")
        text = ""
    # Lone surrogates (from bad JSON or decoding) would make lxml stop; C1 controls are
    # read as windows-1252 (repair_markup does the same for the body stage alone).
    text, repaired = read_controls(text)
    # (The XML declaration and characters lxml refuses are removed by repair_markup.)
    head = _BAD_CHARS.sub("", _XML_DECL.sub("", text[:4000], count=1))
    if not head.strip() and not _BAD_CHARS.sub("", _XML_DECL.sub("", text, count=1)).strip():
        problems.append("empty document")
        return _empty_root(), problems
    xml_kind = _XML_ROOT.match(head[:2000])  # bounded: the root tag is near the top
    if xml_kind:
        # RSS/Atom/sitemaps are not pages; parse them anyway but mark the tree so that
        # classification says so.
        problems.append(f"not an HTML page ({xml_kind.group(1)} document)")
    # The body extractor's parser: markup repair (glued documents), and the soupparser
    # when libxml2 abandons the document early. Then a page whose unclosed <title>
    # swallowed everything is re-read, so that metadata and body see the real page.
    try:
        root = (_parse_markup(text) if repaired is None
                else _parse_markup(repaired, chars_read=True))
        if root is not None:
            root = read_noframes(repair_open_title(root))
    except (etree.ParserError, ValueError, TypeError) as exc:
        problems.append(f"could not parse HTML: {exc}")
        return _empty_root(), problems
    if root is None:
        problems.append("could not parse HTML")
        return _empty_root(), problems
    if root.tag != "html" or root.find("body") is None:
        # A fragment or odd document: wrap it so that head/body lookups work.
        new = _empty_root()
        body = new.find("body")
        body.append(root)
        root = new
    if root.find("head") is None:
        root.insert(0, lxml.html.Element("head"))
    if xml_kind:
        root.set("data-newscrawl-xml", xml_kind.group(1))
    if root.get(TOO_DEEP) is not None:
        del root.attrib[TOO_DEEP]
        problems.append("page nested deeper than 2,048 elements: what lies deeper was not read")
    return root, problems


def clean_text(value: str | None) -> str:
    """Collapse whitespace (including NBSP) and strip."""
    if not value:
        return ""
    # str.split() splits at what the regex \s matches (NBSP included): the same string as
    # a substitution of whitespace runs, stripped, at a third of the cost.
    return " ".join(value.split())


def text_of(el: etree._Element | None) -> str:
    """The visible text of an element, whitespace-collapsed."""
    if el is None:
        return ""
    try:
        return clean_text(text_content(el))
    except (ValueError, AttributeError):
        return clean_text("".join(el.itertext()))


_BREAKS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
                     "dd", "dt", "section", "header", "footer", "ul", "ol", "table"})


def text_lines(el: etree._Element | None) -> list[str]:
    """The text of an element split at <br> and block boundaries (bylines like
    "By Jane Doe<br>Staff Writer" must not run together). A loop, not a recursion: a
    hostile page may nest elements thousands deep."""
    if el is None:
        return []
    parts: list[str] = []
    # (node, entering): on entering, a node's break and text; on leaving, its break and
    # then its tail (which belongs to the parent's flow).
    stack: list[tuple[etree._Element, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        if entering:
            if not isinstance(node.tag, str) or node.tag in {"script", "style"}:
                if node is not el and node.tail:
                    parts.append(node.tail)
                continue
            if node.tag in _BREAKS:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
            stack.append((node, False))
            stack.extend((child, True) for child in reversed(node))
        else:
            if node.tag in _BREAKS:
                parts.append("\n")
            if node is not el and node.tail:
                parts.append(node.tail)
    return [t for t in (clean_text(x) for x in "".join(parts).split("\n")) if t]


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # noqa: BLE001 - a bad selector (e.g. from a profile) selects nothing
        return None


def css(root: etree._Element, selector: str) -> list[etree._Element]:
    """CSS select that never raises (bad selector or odd tree gives []); selectors compiled once."""
    sel = _compiled(selector)
    if sel is None:
        return []
    try:
        return sel(root)
    except Exception:  # noqa: BLE001
        return []



# A test of one element given its class tokens (split as XPath's normalize-space splits).
_Test = Callable[[etree._Element, "frozenset[str]"], bool]


def _attr_check(name: str, op: str, value: str | None) -> _Test | None:
    """A Python test equal to cssselect's XPath for ``[name op value]`` (None: not supported)."""
    if op == "exists":
        return lambda el, _c: el.get(name) is not None
    if op == "=":
        return lambda el, _c: el.get(name) == value
    if op == "~=":
        if not (value and is_non_whitespace(value)):
            return lambda el, _c: False
        if name == "class":
            return lambda _el, ctoks: value in ctoks
        return lambda el, _c: value in XML_SPACE.split(el.get(name) or "")
    if op == "*=":
        if not value:
            return lambda el, _c: False
        return lambda el, _c: value in (el.get(name) or "")
    if op == "^=":
        if not value:
            return lambda el, _c: False
        return lambda el, _c: (el.get(name) or "").startswith(value)
    return None


def _simple_selector(selector: str) -> tuple[_Test, str, tuple[str, str] | None] | None:
    """(Python test, XPath condition that every match meets, index key) of a selector
    without combinators, pseudo-classes or groups; None for anything else. The test
    selects exactly what ``CSSSelector(selector, translator="html")`` selects; the key
    (("class", name), ("id", value) or ("tag", name)) is one thing every match has."""
    try:
        parsed = cssselect.parse(selector)
    except Exception:  # noqa: BLE001
        return None
    if len(parsed) != 1 or parsed[0].pseudo_element:
        return None
    checks: list[_Test] = []
    needs: list[str] = []
    key: tuple[str, str] | None = None
    attr_key: tuple[str, str] | None = None
    node = parsed[0].parsed_tree
    while not isinstance(node, cssselect.parser.Element):
        if isinstance(node, cssselect.parser.Class):
            checks.append(_attr_check("class", "~=", node.class_name))  # type: ignore[arg-type]
            needs.append("@class")
            key = key or ("class", node.class_name)
        elif isinstance(node, cssselect.parser.Hash):
            checks.append(_attr_check("id", "=", node.id))  # type: ignore[arg-type]
            needs.append("@id")
            key = key or ("id", node.id)
        elif isinstance(node, cssselect.parser.Attrib) and not node.namespace:
            name = node.attrib.lower()
            if not re.fullmatch(r"[a-z_][a-z0-9_.-]*", name):
                return None
            check = _attr_check(name, node.operator, node.value.value if node.value is not None else None)
            if check is None:
                return None
            checks.append(check)
            needs.append(f"@{name}")
            attr_key = attr_key or ("attr", name)
        else:
            return None
        node = node.selector
    if node.namespace:
        return None
    tag = node.element.lower() if node.element else None
    if tag is not None:
        if not re.fullmatch(r"[a-z][a-z0-9]*", tag):
            return None
        checks.append(lambda el, _c: el.tag == tag)
        needs.append(f"self::{tag}")
        key = key or ("tag", tag)
    if not needs:
        return None  # "*": everything
    checks.reverse()
    if len(checks) == 1 and key is not None:
        return (lambda _el, _c: True), needs[0], key  # the key is the whole test
    key = key or attr_key
    return (lambda el, ctoks: all(c(el, ctoks) for c in checks)), needs[0], key


_NO_CLASSES: frozenset[str] = frozenset()


_WITH_ID = etree.XPath("descendant-or-self::*[@id=$value]")


class Selectors:
    """Several CSS selectors tried in order, matched with few passes over the tree.

    ``each(root)`` yields ``(selector, css(root, selector))`` for every selector in order,
    lazily. A simple selector (tag, class, id, attributes) is looked for among the
    elements with its key (a class token, an id, a tag, an attribute), found when a
    selector first needs them: one XPath per id, tag or attribute (C-fast tests) and
    one pass over the elements with a class for all class tokens (the XPath class test
    builds strings per element); Python tells them apart. Others go through `css`.
    """

    def __init__(self, selectors: Sequence[str]):
        self.selectors = tuple(selectors)
        self._tests: list[tuple[_Test, tuple[str, str] | None] | None] = []
        needs: list[str] = []
        for sel in self.selectors:
            simple = _simple_selector(sel)
            self._tests.append((simple[0], simple[2]) if simple else None)
            if simple and simple[1] not in needs:
                needs.append(simple[1])
        keys = [t[1] for t in self._tests if t is not None and t[1] is not None]
        self._class_keys = frozenset(v for kind, v in keys if kind == "class")
        self._id_keys = frozenset(v for kind, v in keys if kind == "id")
        self._tag_keys = frozenset(v for kind, v in keys if kind == "tag")
        self._attr_keys = tuple(sorted({v for kind, v in keys if kind == "attr"}))
        # Cheapest first: most elements that can match have a class or an id.
        needs.sort(key=lambda n: (n != "@class", n != "@id"))
        self._xpath = etree.XPath(f"descendant-or-self::*[{' or '.join(needs)}]") if needs else None
        # Whether a simple selector has no key (then it is tested on every candidate of
        # the one-pass way, `_each_one_pass`).
        self._keyless = any(t is not None and t[1] is None for t in self._tests)
        # Whether every selector is one element's test (no combinator): then matching
        # from several roots gives what matching from their common ancestor gives.
        self.all_simple = all(t is not None for t in self._tests)
        self._key_xpaths: dict[tuple[str, str], etree.XPath] = {}
        for kind, v in keys:
            if kind == "tag":
                self._key_xpaths[(kind, v)] = etree.XPath(f"descendant-or-self::{v}")
            elif kind == "attr":
                self._key_xpaths[(kind, v)] = etree.XPath(f"descendant-or-self::*[@{v}]")

    def each(self, root: etree._Element) -> Iterator[tuple[str, list[etree._Element]]]:
        if self._keyless:
            yield from self._each_one_pass(root)
            return
        pools: dict[tuple[str, str], list[tuple[etree._Element, frozenset[str]]]] = {}
        classes_read = False
        for sel, test in zip(self.selectors, self._tests, strict=True):
            if test is None:
                yield sel, css(root, sel)
                continue
            key = test[1]
            assert key is not None  # not _keyless
            if key[0] == "class":
                if not classes_read:
                    self._read_classes(root, pools)
                    classes_read = True
                pool = pools.get(key, [])
            else:
                pool = pools.get(key)  # type: ignore[assignment]
                if pool is None:
                    pool = pools[key] = self._key_pool(root, key)
            yield sel, [el for el, ctoks in pool if test[0](el, ctoks)]

    def _read_classes(self, root: etree._Element,
                      pools: dict[tuple[str, str], list[tuple[etree._Element, frozenset[str]]]]) -> None:
        """Elements by the class tokens of the selectors, in document order."""
        class_keys = self._class_keys
        try:
            found = _WITH_CLASS(root)
        except Exception:  # noqa: BLE001 - as css(): an odd tree selects nothing
            return
        for el in found:
            cls = el.get("class")
            if not cls:
                continue
            toks = class_tokens(cls)
            if class_keys.isdisjoint(toks):
                continue
            for tok in toks & class_keys:
                pools.setdefault(("class", tok), []).append((el, toks))

    def _key_pool(self, root: etree._Element,
                  key: tuple[str, str]) -> list[tuple[etree._Element, frozenset[str]]]:
        """The elements with an id, tag or attribute, with their class tokens."""
        try:
            if key[0] == "id":
                found = _WITH_ID(root, value=key[1])
            else:
                found = self._key_xpaths[key](root)
        except Exception:  # noqa: BLE001 - as css()
            return []
        out = []
        for el in found:
            cls = el.get("class")
            out.append((el, class_tokens(cls) if cls else _NO_CLASSES))
        return out

    def _each_one_pass(self, root: etree._Element) -> Iterator[tuple[str, list[etree._Element]]]:
        """`each` with one XPath pass for every simple selector."""
        found: list[etree._Element] = []
        if self._xpath is not None:
            try:
                found = self._xpath(root)
            except Exception:  # noqa: BLE001 - as css(): an odd tree selects nothing
                found = []
        # Candidates (with their class tokens) by the keys of the selectors (a class token,
        # an id, a tag, an attribute's presence), in document order.
        cands: list[tuple[etree._Element, frozenset[str]]] = []
        index: dict[tuple[str, str], list[tuple[etree._Element, frozenset[str]]]] = {}
        class_keys, id_keys, tag_keys, attr_keys = self._class_keys, self._id_keys, self._tag_keys, self._attr_keys
        for el in found:
            cls = el.get("class")
            cand = (el, class_tokens(cls) if cls else _NO_CLASSES)
            cands.append(cand)
            for tok in cand[1] & class_keys:
                index.setdefault(("class", tok), []).append(cand)
            ident = el.get("id")
            if ident in id_keys:
                index.setdefault(("id", ident), []).append(cand)  # type: ignore[arg-type]
            if el.tag in tag_keys:
                index.setdefault(("tag", el.tag), []).append(cand)
            for name in attr_keys:
                if el.get(name) is not None:
                    index.setdefault(("attr", name), []).append(cand)
        for sel, test in zip(self.selectors, self._tests, strict=True):
            if test is None:
                yield sel, css(root, sel)
            else:
                pool = cands if test[1] is None else index.get(test[1], [])
                yield sel, [el for el, ctoks in pool if test[0](el, ctoks)]


def classes(el: etree._Element) -> list[str]:
    """The class tokens of an element, lowercased."""
    return (el.get("class") or "").lower().split()


def elements(root: etree._Element) -> Iterator[etree._Element]:
    """All element descendants (skipping comments and processing instructions)."""
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


# --- Regions of a page ---------------------------------------------------------------------



def article_footers(container: etree._Element) -> Iterator[etree._Element]:
    """The article's own footers inside ``container`` (a ``<footer>`` or an element named
    as an entry/post footer), in document order; never a comment's or a widget's."""
    for foot in container.iter():
        if not isinstance(foot.tag, str) or foot is container:
            continue
        # (whole class/id tokens: attr_words splits "post-footer" into its words)
        if foot.tag != "footer" and ARTICLE_FOOTER_WORDS.isdisjoint(
                (foot.get("class") or "").lower().split() + (foot.get("id") or "").lower().split()):
            continue
        # (Only what lies inside the container counts: Blogger's whole post list sits in
        # a "widget Blog".)
        if is_noise(foot) or any(is_noise(a) or junk_kind(a) == 2 for a in _ancestors_below(foot, container)):
            continue
        yield foot


def _ancestors_below(el: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    """``el``'s ancestors below ``top``, nearest first."""
    for a in el.iterancestors():
        if a is top:
            return
        yield a


def is_noise(el: etree._Element) -> bool:
    """True for blocks that are never the article's own header/footer (see NOISE_CLASS_TOKEN)."""
    if not isinstance(el.tag, str):
        return True
    if el.tag == "form" and _page_form(el):
        return False
    return _noisy(el.tag, el.get("id") or "", el.get("class") or "")


def _page_form(form: etree._Element) -> bool:
    """A form around the whole page (ASP.NET WebForms' "aspnetForm": SharePoint,
    DotNetNuke and many council and school sites), not a search or sign-up box: a child
    of <body> holding the view state or several paragraphs."""
    parent = form.getparent()
    if parent is None or parent.tag != "body":
        return False
    if form.find(".//input[@name='__VIEWSTATE']") is not None:
        return True
    return len(list(itertools.islice(form.iter("p"), 3))) >= 3


_ASPNET_ID_PREFIX = re.compile(r"^(?:ctl\d+_)+")
_MAIN_TOKENS = frozenset({"main", "content", "main-content", "site-content", "site-main", "primary"})


@lru_cache(maxsize=4096)
def _noisy(tag: str, id_: str, cls: str) -> bool:
    # Pages repeat the same tag/id/class combinations: each is judged once.
    if tag in NOISE_TAGS:
        return True
    # (ASP.NET prefixes its controls' ids with their containers': "ctl00_SideBar_ctl11")
    if NOISE_IDS.match(_ASPNET_ID_PREFIX.sub("", id_)):
        return True
    tokens = cls.split()
    if "Blog" in tokens:  # Blogger's "widget Blog" holds the posts themselves
        return False
    noisy = [tok for tok in (t.lower() for t in tokens) if NOISE_CLASS_TOKEN.match(tok)]
    # "main … right-sidebar": the main column of a layout with a sidebar, not the sidebar.
    if noisy and all(tok.endswith("-sidebar") for tok in noisy) and _MAIN_TOKENS.intersection(
            t.lower() for t in tokens):
        return False
    return bool(noisy)


# Elements (below the context) that can be noise or a header/footer: everything else is not.
# In document order; a union of tag steps is faster in libxml2 than self:: tests.
_MAYBE_NOISE = etree.XPath(" | ".join(
    ["descendant::*[@class or @id]", *(f"descendant::{t}" for t in sorted(NOISE_TAGS | {"header", "footer"}))]))


def strip_noise(root: etree._Element, *, footers: bool = True) -> etree._Element:
    """A deep copy of ``root`` with noise blocks removed (the original is untouched).

    With ``footers`` the <footer> elements go too, except an article's own entry footer
    when ``footers`` is False (tags live there).
    """
    dup = copy.deepcopy(root)
    doomed = []
    for el in _MAYBE_NOISE(dup):  # is_noise and the footer tests need one of these
        if is_noise(el) or (el.tag == "footer" and footers):
            doomed.append(el)
        elif el.tag in {"header", "footer"} and _site_chrome(el):
            doomed.append(el)
    for el in doomed:
        drop(el)
    return dup


def _site_chrome(el: etree._Element) -> bool:
    """A page-level header/footer (not an article's entry header/footer)."""
    toks = classes(el)
    if any(t in ENTRY_REGION_CLASSES for t in toks):
        return False
    return el.getparent() is not None and el.getparent().tag == "body"


def _inside_noise(el: etree._Element, stop: etree._Element | None = None, *, forms: bool = True) -> bool:
    for anc in el.iterancestors():
        if anc is stop:
            return False
        if is_noise(anc) and (forms or anc.tag != "form"):
            return True
        if anc.tag == "footer" and _site_chrome(anc):
            return True
    return False


def inside_noise(el: etree._Element, *, forms: bool = True) -> bool:
    """Whether ``el`` or one of its ancestors is page noise (navigation, sidebars,
    related boxes, site footers). Without ``forms`` a form is not: ASP.NET pages wrap
    the whole page, article included, in one."""
    return (is_noise(el) and (forms or el.tag != "form")) or _inside_noise(el, forms=forms)


def _noise_at_or_above(el: etree._Element | None, memo: dict[etree._Element, bool]) -> bool:
    """Whether ``el`` or one of its ancestors is noise or a site footer, so that
    ``_inside_noise(child)`` is this for ``el`` the child's parent; answers are shared
    through ``memo`` (a loop, not a recursion: a page may be deeply nested)."""
    path: list[etree._Element] = []
    found = False
    while el is not None:
        known = memo.get(el)
        if known is not None:
            found = known
            break
        path.append(el)
        if is_noise(el) or (el.tag == "footer" and _site_chrome(el)):
            found = True
            break
        el = el.getparent()
    for seen in path:
        memo[seen] = found
    return found


_CONTAINERS = Selectors(CONTAINER_SELECTORS)


def find_container(root: etree._Element) -> etree._Element:
    """The element that holds the article (headline, byline, body), or <body>.

    Prefers an <article> holding an h1 and not inside a sidebar/related block, then
    microdata/Elementor/hentry containers, then main areas.
    """
    body = root.find("body")
    if body is None:
        body = root
    scopes = [root]
    if root.tag == "html" and body is not root and _CONTAINERS.all_simple and is_noise(body):
        # Everything below a noisy <body> (a theme's "right-sidebar" body class) is inside
        # noise, so only what lies outside it can be the container (on most pages,
        # nothing): look there alone instead of matching every selector over the page.
        scopes = [c for c in root if c is not body and isinstance(c.tag, str)]
    arts = [a for s in scopes for a in s.iter("article") if not _inside_noise(a)]
    with_h1 = [a for a in arts if a.find(".//h1") is not None]
    if len(with_h1) == 1:
        return with_h1[0]
    main_run: list[etree._Element | None] = []  # paragraph_block(body), computed once if asked

    def holds_text(el: etree._Element) -> bool:
        if not main_run:
            main_run.append(paragraph_block(body))
        # (a page without a main run of paragraphs: any container holds it)
        return main_run[0] is None or holds(el, main_run[0])

    # A lone <article> that does not hold the text is a sidebar's teaser of another post.
    if len(arts) == 1 and holds_text(arts[0]):
        return arts[0]
    # Per scope, in document order. The few elements outside a noisy body are matched in
    # one pass (one XPath for all the selectors' attributes, not one per selector).
    matches = ([_CONTAINERS.each(root)] if scopes[0] is root
               else [_CONTAINERS._each_one_pass(s) for s in scopes])
    for _sel in _CONTAINERS.selectors:
        els = [el for m in matches for el in next(m)[1]]
        found = [el for el in els if el.tag not in {"body", "html"} and not _inside_noise(el)]
        with_h1 = [el for el in found if el.find(".//h1") is not None]
        if with_h1:
            return with_h1[0]
        # Without the headline, one that holds the text (not a teaser of another post).
        holding = [el for el in found if holds_text(el)]
        if holding:
            return holding[0]
    return body




_CONTENTS = Selectors(CONTENT_SELECTORS)


def find_content(container: etree._Element) -> etree._Element | None:
    """The element holding the body text inside the container, if a known one is present.

    Within one page's extraction (`page_scope`) the answer for a container is remembered:
    the tree is not modified between metadata readers.
    """
    cache = _region_cache() if getattr(_LOCAL, "active", False) else None
    key = ("content", id(container))
    if cache is not None:
        hit = cache.get(key)
        if hit is not None and hit[0] is container:
            return hit[1]
    found = None
    for _sel, els in _CONTENTS.each(container):
        found = next((el for el in els if not _inside_noise(el, container)), None)
        if found is not None:
            break
    if cache is not None:
        cache[key] = (container, found)
    return found


# Per thread: the crawler extracts pages in a thread pool.
_LOCAL = threading.local()


def _region_cache() -> dict[tuple[object, ...], tuple[etree._Element, etree._Element | None]]:
    cache = getattr(_LOCAL, "regions", None)
    if cache is None:
        cache = _LOCAL.regions = {}
    return cache


def clear_region_cache() -> None:
    """Forget cached header regions and body fragments (called around each page's
    extraction)."""
    _region_cache().clear()
    _LOCAL.fragments = None


def body_fragment(body_html: str) -> etree._Element | None:
    """A body's HTML parsed as one ``div`` (None when empty or unparseable). Within one
    page's extraction (`page_scope`) the last one is shared: images and links are read
    from the same body HTML, which the template stage often parsed already. Callers do
    not modify it (`keep_body_fragment` hands over one that was not modified)."""
    last = getattr(_LOCAL, "fragments", None) if getattr(_LOCAL, "active", False) else None
    if last is not None and last[0] == body_html:
        return last[1]
    frag = None
    if body_html.strip():
        try:
            frag = lxml.html.fragment_fromstring(body_html, create_parent="div")
        except (etree.ParserError, ValueError):
            frag = None
    keep_body_fragment(body_html, frag)
    return frag


def keep_body_fragment(body_html: str, frag: etree._Element | None) -> None:
    """Share ``frag``, parsed from ``body_html`` as `body_fragment` parses and left
    unmodified, with the rest of this page's extraction."""
    if getattr(_LOCAL, "active", False):
        _LOCAL.fragments = (body_html, frag)


@contextmanager
def page_scope() -> Iterator[None]:
    """One page's extraction: regions and content lookups are computed once and shared,
    then forgotten (so that the page's tree is not kept alive)."""
    clear_region_cache()
    _LOCAL.active = True
    try:
        yield
    finally:
        _LOCAL.active = False
        clear_region_cache()


def header_region(container: etree._Element, *, keep_footer: bool = False) -> etree._Element:
    """A copy of the container without noise and without the body content: the header/byline.

    When no known content element exists, everything from the first long paragraph on
    is dropped instead, so that dates and names in the text are not mistaken for a byline.
    ``keep_footer`` keeps the article's own footer (entry-footer with tags). The result is
    shared between callers of one extraction (see `clear_region_cache`): do not modify it.
    """
    cache = _region_cache()
    key = (id(container), keep_footer)
    hit = cache.get(key)
    if hit is not None and hit[0] is container:
        return hit[1]  # type: ignore[return-value]
    # Both regions start from one noise-stripped copy (entry footers kept); the header
    # region then loses every <footer> too, as strip_noise(footers=True) would drop them.
    base_key = ("stripped", id(container))
    base = cache.get(base_key)
    if base is None or base[0] is not container:
        base = cache[base_key] = (container, strip_noise(container, footers=False))
    dup = copy.deepcopy(base[1])
    if not keep_footer:
        for el in list(dup.iter("footer")):
            if el is not dup:
                drop(el)
    dup = _header_region(dup, keep_footer)
    cache[key] = (container, dup)
    return dup


def _header_region(dup: etree._Element, keep_footer: bool) -> etree._Element:
    """Cut the body content out of ``dup`` (a noise-stripped copy of the container)."""
    content = find_content(dup)
    if content is not None and not keep_footer and content.find(".//h1") is not None:
        # A "content" wrapper that holds the headline (".article-content" around the h1,
        # the byline and the text) is the whole article: the header is cut at the text.
        # (The footer's terms are still looked for as before.)
        content = None
    if content is not None:
        if keep_footer:
            # Keep a tag/category block that themes put at the end of the content.
            content.clear()
        else:
            drop(content)
        return dup
    return _cut_at_body_start(dup, keep_footer)


def content_top_region(container: etree._Element) -> etree._Element | None:
    """A copy of the top of the container's content element, before its text: where a
    layout whose headline stands outside the content puts the date line and byline
    (SharePoint's "date-line" and "by-line" above the newsletter). None without a known
    content element."""
    content = find_content(container)
    if content is None:
        return None
    return _cut_at_body_start(strip_noise(content), False)


def _cut_at_body_start(dup: etree._Element, keep_footer: bool) -> etree._Element:
    """``dup`` without what follows the first long paragraph (meta blocks kept with
    ``keep_footer``)."""
    cut_el = _body_start(dup)
    if cut_el is None:
        return dup
    keep: set[etree._Element] = set()
    metas: set[etree._Element] = set()  # kept whole
    if keep_footer:
        for el in _WITH_CLASS(dup):  # _is_meta_block reads only the class
            if _is_meta_block(el):
                metas.add(el)
        for el in _term_block_candidates(dup):
            if _is_term_block(el):
                metas.add(el)
        for el in metas:
            keep.add(el)
            keep.update(el.iterancestors())
    # Everything after the first long paragraph, in document order, except meta blocks.
    following: list[etree._Element] = [cut_el]
    node = cut_el
    while node is not None and node is not dup:
        following.extend(node.itersiblings())
        node = node.getparent()
    stack = [el for el in following if isinstance(el.tag, str)]
    while stack:
        el = stack.pop()
        if el in metas:
            continue
        if el in keep:
            stack.extend(c for c in el if isinstance(c.tag, str))
            continue
        drop(el)
    return dup


def paragraph_block(root: etree._Element, least: int = 200) -> etree._Element | None:
    """The element whose own paragraphs hold the most text (at least ``least`` characters):
    the post text when no class names it. Summed per parent, not the longest paragraph,
    because many short paragraphs make a news story while a kicker or teaser can be one
    long line."""
    parents = {p.getparent() for p in root.iter("p")}
    parents.discard(None)
    above: dict[etree._Element, bool] = {}  # the parents share most of their ancestors
    if not any(not is_noise(el) and not _noise_at_or_above(el.getparent(), above) for el in parents):
        # No paragraph's parent could be returned (all of them inside noise, as below a
        # noisy <body>): the answer is None whatever the texts, so none is read.
        return None
    totals: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        n = len(text_content(p))
        if n >= 25:  # a sentence, not a label or spacer
            parent = p.getparent()
            if parent is not None:
                totals[parent] = totals.get(parent, 0) + n
    for el, n in sorted(totals.items(), key=lambda kv: -kv[1])[:3]:
        if n < least:
            break
        if not is_noise(el) and not _inside_noise(el):
            return el
    return None


def _body_start(dup: etree._Element) -> etree._Element | None:
    """Where the body begins when no class names it: the first long paragraph (or where
    short paragraphs add up to a body's worth), or the start of the main run of
    paragraphs, whichever comes first after the headline. A long line above the ``h1``
    (a page builder's kicker or "TITLE - EXCERPT" strip) is not the body, unless the text
    above the headline is itself a body's worth (an ``h1`` at the end)."""
    order = {el: i for i, el in enumerate(dup.iter())}
    h1 = dup.find(".//h1")
    h1_at = order.get(h1, -1) if h1 is not None else -1
    if h1_at >= 0 and sum(len(text_of(p)) for p in dup.iter("p") if order[p] < h1_at) > 1500:
        h1_at = -1
    found: list[etree._Element] = []
    seen = 0
    for el in dup.iter("p"):
        if order[el] < h1_at or attr_words(el) & HEADER_DEK_WORDS:
            continue  # above the headline, or the standfirst (the byline may follow it)
        n = len(text_of(el))
        seen += n
        if n > 150 or seen > 1500:
            found.append(el)
            break
    block = paragraph_block(dup)
    if block is not None:
        # Its first paragraph: a short line that ends no sentence ("By A • Photos by B",
        # a date line) is the header's, a sibling of the paragraphs on some themes.
        first = next((p for p in block.iterchildren("p")
                      if not attr_words(p) & HEADER_DEK_WORDS and _opens_text(text_content(p))), None)
        if first is not None and order[first] > h1_at:
            found.append(first)
    return min(found, key=order.__getitem__) if found else None


def _opens_text(text: str) -> bool:
    """A paragraph that can open the text: 100+ characters, or 25+ ending a sentence."""
    n = len(text.strip())
    return n >= 100 or (n >= 25 and bool(CLOSES_SENTENCE.search(text)) and not DATE_LINE_AMPM_END.match(text.strip()))


_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")
# Small blocks that may hold a post's category or tag links ("Tags: <a rel=tag>...").
_TERM_BLOCK_TAGS = frozenset({"p", "div", "span", "ul", "li", "dd"})
_LINKS = etree.XPath("descendant::a[@href]")


def _term_block_candidates(root: etree._Element) -> set[etree._Element]:
    """The p, div, span, ul, li and dd elements below ``root`` that hold a link with an
    href (XPath's ``descendant::*[self::p or ...][.//a[@href]]``, which searches each
    element's subtree again: found here from the links up, each ancestor once)."""
    seen: set[etree._Element] = set()
    found: set[etree._Element] = set()
    for a in _LINKS(root):
        anc = a.getparent()
        while anc is not None and anc is not root and anc not in seen:
            seen.add(anc)
            if anc.tag in _TERM_BLOCK_TAGS:
                found.add(anc)
            anc = anc.getparent()
    return found


def is_term_link(a: etree._Element) -> bool:
    """A link to a category or tag archive (``rel`` tag/category, or its URL's path)."""
    rel = (a.get("rel") or "").lower().split()
    if "tag" in rel or "category" in rel:
        return True
    path = split_url(a.get("href") or "").path
    return bool(CATEGORY_PATH.search(path) or TAG_PATH.search(path))


def _is_term_block(el: etree._Element) -> bool:
    """A block of the post's own taxonomy links: every link a category/tag link (``rel``
    tag/category, or a ``/category/``, ``/tag/`` URL) and little text around them. Not
    inside a nested <article>: those are other posts' teasers."""
    links = list(el.iter("a"))
    if not links or len(links) > 30:
        return False
    link_chars = 0
    for a in links:
        if not is_term_link(a):
            return False
        link_chars += len(text_of(a))
    if len(text_of(el)) - link_chars > 40:
        return False
    return not any(anc.tag == "article" for anc in el.iterancestors())


def _is_meta_block(el: etree._Element) -> bool:
    return _meta_class(el.get("class") or "")


@lru_cache(maxsize=4096)
def _meta_class(cls: str) -> bool:
    toks = " ".join(cls.lower().split())
    return any(k in toks for k in META_BLOCK_CLASS_PARTS)


def first_paragraph(container: etree._Element) -> str:
    """The first substantial paragraph of the body area (before body extraction)."""
    content = find_content(container)
    area = content if content is not None else container
    for p in area.iter("p"):
        t = text_of(p)
        if len(t) >= 40 and not _inside_noise(p, area):
            return t
    return ""

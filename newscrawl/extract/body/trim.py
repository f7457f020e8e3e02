"""Stage 5, trimming the chosen container: the headline <h1>, link-heavy boxes, link lists,
negative-class widgets and the credit lines above the text left inside it."""

from __future__ import annotations

from lxml import etree

from ..clean import (
    MAX_BYLINE,
    byline_kind,
    class_id_words,
    drop_tree,
    holds,
    junk_kind,
    text_content,
)
from ..vocabulary import INLINE_TAGS, META_BLOCK_WORDS
from .common import MAX_NODES, Stats, reads_as_text
from .score import class_weight, text_stats


def trim_container(roots: list[etree._Element], stats: Stats | None) -> None:
    """Drop link-heavy boxes, titles and widgets left inside the chosen container."""
    walked = []
    for root in roots:
        elements = list(root.iter(etree.Element))[:MAX_NODES]
        st = stats if stats is not None and root in stats else text_stats(elements)
        walked.append((root, elements, st))
    # The header may be a root of its own (an article header chosen with the body).
    bylines = _header_bylines([(el, st) for _, elements, st in walked for el in elements])
    for root, elements, st in walked:
        dead: set[etree._Element] = set()
        doomed = []
        for el in elements:
            if el is root:
                continue
            if el.getparent() in dead:
                dead.add(el)
                continue
            tag = el.tag
            kill = False
            if tag == "h1" or el in bylines or _link_card(el, st):
                kill = True
            elif tag in (
                "div",
                "table",
                "ul",
                "ol",
                "section",
                "dl",
                "center",
                "span",
                "tbody",
                "tr",
                "td",
                "form",
                "header",
                "footer",
                "p",
                "font",
            ):
                s = st.get(el)
                if s and s[0]:
                    ld = s[1] / s[0]
                    plain = s[0] - s[1]
                    if ld > 0.5 and plain < 300 and tag != "p" and not _in_paragraph(el):
                        kill = True
                    elif tag in ("ul", "ol") and ld > 0.35 and plain < 200:
                        kill = True
                if not kill and class_weight(el) < 0 and junk_kind(el):
                    kill = True
            if kill:
                doomed.append(el)
                dead.add(el)
        for el in doomed:
            drop_tree(el)


_MAX_META = 300  # a meta box: byline, date, category and their labels
_MAX_CARD = 400  # a teaser card: label, headline, summary line, date
_CARD_BLOCKS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6"})


def _link_card(el: etree._Element, st: Stats) -> bool:
    """A link wrapping blocks of text: a teaser card in the text ("<a class='group block'>
    <span>Related</span><p>Its summary…</p><span>Review · Aug 30</span></a>"), however
    its paragraph is styled. (A link inside a sentence wraps words, not paragraphs.)"""
    if el.tag != "a" or not el.get("href"):
        return False
    s = st.get(el)
    if not s or not s[0] or s[0] > _MAX_CARD:
        return False
    return any(isinstance(c.tag, str) and c.tag in _CARD_BLOCKS and (text_content(c) or "").strip() for c in el)


def _header_bylines(elements: list[tuple[etree._Element, Stats]]) -> set[etree._Element]:
    """The credit lines above the container's first paragraph of text: elements named a
    byline or author (class, id, ``data-testid``, ``itemprop``/``rel``; `byline_kind`)
    with at most a credit line of text, and meta boxes ("entry-meta", "article-info")
    that hold such an element or a date. The authors and dates stages have read them;
    their text ("Jane Doe", "BBC News, Kent", a "Details" label: nothing the line
    filters can tell by its words) is not the article's."""
    found: list[etree._Element] = []
    for el, st in elements:
        s = st.get(el)
        if not s or not s[0] or el.tag in INLINE_TAGS:
            continue
        if el.tag == "p" and s[0] >= 40 and reads_as_text(text_content(el)):
            return {b for b in found if not holds(b, el)}
        if s[0] <= MAX_BYLINE and byline_kind(el) == 2:
            found.append(el)
        elif s[0] <= _MAX_META and class_id_words(el) & META_BLOCK_WORDS and _holds_credit(el):
            found.append(el)
    return set()  # no paragraph of text: nothing to tell a byline from


def _holds_credit(el: etree._Element) -> bool:
    """Whether ``el`` holds a byline element or a date (<time>, itemprop datePublished…)."""
    for d in el.iter(etree.Element):
        if d.tag == "time" or (d.get("itemprop") or "").startswith("date") or byline_kind(d) == 2:
            return True
    return False


def _in_paragraph(el: etree._Element) -> bool:
    """An inline element inside a sentence of a paragraph ("…the first half. <span><a>The
    second half is here</a></span>. The entire post…"): a link in the text, however
    link-dense, is text. One that ends the paragraph ("… <span><a>E-mail to a
    friend</a></span></p>") is a tool link and may go."""
    if el.tag not in INLINE_TAGS:
        return False
    node = el
    while True:
        parent = node.getparent()
        if parent is None:
            return False
        if (node.tail or "").strip() or any(
                "".join(sib.itertext()).strip() for sib in node.itersiblings() if isinstance(sib.tag, str)):
            text_after = True
            break
        if parent.tag not in INLINE_TAGS:
            return False
        node = parent
    for anc in el.iterancestors():
        if anc.tag not in INLINE_TAGS:
            return text_after and anc.tag == "p"
    return False

"""Stage 5, trimming the chosen container: the headline <h1>, link-heavy boxes, link lists
and negative-class widgets left inside it."""

from __future__ import annotations

from lxml import etree

from ..clean import drop_tree, junk_kind
from ..vocabulary import INLINE_TAGS
from .common import MAX_NODES, Stats
from .score import class_weight, text_stats


def trim_container(roots: list[etree._Element], stats: Stats | None) -> None:
    """Drop link-heavy boxes, titles and widgets left inside the chosen container."""
    for root in roots:
        elements = list(root.iter(etree.Element))[:MAX_NODES]
        st = stats if stats is not None and root in stats else text_stats(elements)
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
            if tag == "h1":
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

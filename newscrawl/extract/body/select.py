"""Stage 4, selection: the best container (or the profile's content selector), an ancestor
that gathers much more of the votes, and readability's sibling rule."""

from __future__ import annotations

import re

from lxml import etree

from ..clean import junk_kind, text_content
from ..profiles import Profile
from ..vocabulary import LAYOUT_COLUMN, SCRIPT_FULL_STOPS
from .common import MAX_NODES, Stats, outermost, select_css, text_len
from .prune import headline_element, remove_junk
from .score import final_score, link_density, parent_of, text_stats, votes

# A paragraph's last sentence closed: "… the end.", "… he said.”"
_ENDS_SENTENCE = re.compile(r"[.!?" + SCRIPT_FULL_STOPS + r"][\"'”’)]*\s*$")


def pick(body: etree._Element, profile: Profile,
         title: str | None = None) -> tuple[list[etree._Element], Stats | None]:
    """The element(s) holding the article text, in document order, and the text stats.
    ``title``: the article's headline, to find its element (see `remove_junk`)."""
    for css in profile.content_selectors:
        found = [e for e in select_css(body, css) if text_len(e) >= 1]
        if found:
            roots = outermost(found)
            for r in roots:  # widgets inside the named container still go
                remove_junk(r, list(r.iter(etree.Element))[:MAX_NODES])
            return roots, None
    elements = list(body.iter(etree.Element))[:MAX_NODES]
    remove_junk(body, elements, headline_element(body, title))
    elements = list(body.iter(etree.Element))[:MAX_NODES]
    st = text_stats(elements)
    raw = votes(elements, st)
    if not raw:
        return [body], st
    finals = {el: final_score(el, s, st) for el, s in raw.items()}
    top = max(finals, key=finals.__getitem__)
    # A class name like "bodyText" on every paragraph cell can make one paragraph win;
    # climb to the container when it gathers much more of the text votes.
    for _ in range(3):
        up = parent_of(top)
        if up is None or up not in raw or raw[up] < 1.8 * raw[top]:
            break
        if link_density(up, st) > link_density(top, st) + 0.15:
            break
        top = up
    top_score = finals[top]
    parent = top.getparent()
    if parent is None or top is body:
        return [top], st
    threshold = max(10.0, top_score * 0.2)
    top_class = _kind_of_block(top.get("class") or "")
    picked: list[etree._Element] = []
    # The opening paragraphs, each wrapped in its own block just before the text (or
    # just before a bare wrapper of the text: CMS "paragraph" fields, one per block).
    anchor = _bare_wrapper(top, body, st)
    leads = _leads_before(anchor, st)
    declared = top.get("itemprop") == "articleBody"
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            picked.append(sib)
            continue
        if declared and sib.tag != "p" and sib.get("itemprop") != "articleBody" and sib not in leads:
            # The publisher's own mark of the article body (schema.org articleBody):
            # a box beside it that scores (a match's facts, a fact file) is not the text; a
            # paragraph beside it may be (a standfirst opening the text).
            continue
        bonus = top_score * 0.2 if top_class and _kind_of_block(sib.get("class") or "") == top_class else 0.0
        if sib in finals and finals[sib] + bonus >= threshold:
            picked.append(sib)
            continue
        if sib in leads:
            picked.append(sib)
            continue
        if sib.tag != "p" and _more_of_the_text(sib, top, st):
            picked.append(sib)
            continue
        if sib.tag == "p":
            s = st.get(sib)
            if not s or not s[0]:
                continue
            ld = s[1] / s[0]
            if s[0] > 80 and ld < 0.25:
                picked.append(sib)
            elif s[0] <= 80 and ld == 0 and re.search(r"\.( |$)", text_content(sib) or ""):
                picked.append(sib)
    if picked and picked[0] is not top:
        # The opening paragraph in a block of its own before the first picked sibling
        # ("<div class=lead-media><p>(CNN)A …</p></div><div class=paragraph>…"), as
        # before the text's wrapper above.
        picked = [el for el in _leads_before(picked[0], st) if el not in leads] + picked
    beside = _text_blocks_beside(anchor, st)
    if beside:
        # The text goes on in blocks like its own (or its bare wrapper's), between media
        # and heading blocks (a builder's "text", "heading", "image", "text" widgets):
        # from the first to the last text block, with what lies between them.
        siblings = [sib for sib in anchor.getparent() if isinstance(sib.tag, str)]
        at = [i for i, sib in enumerate(siblings) if sib is anchor or sib in beside]
        first, last = at[0], at[-1]
        inner = [top] if anchor is top else picked
        keep = set(picked) if anchor is top else set(leads)
        out: list[etree._Element] = []
        for i, sib in enumerate(siblings):
            if sib is anchor:
                out += inner
            elif sib in beside and first <= i <= last:
                out.append(beside[sib])
            elif (first <= i <= last and not junk_kind(sib)) or sib in keep:
                out.append(sib)
        return _with_introduction(out, anchor.getparent(), body, st), st
    if anchor is not top:
        picked = leads + picked
    return _with_introduction(picked, parent, body, st), st


def _with_introduction(picked: list[etree._Element], parent: etree._Element, body: etree._Element,
                            st: Stats) -> list[etree._Element]:
    """``picked``, when it holds nearly all the text of its ``parent`` and three or more
    of its blocks are of one kind (a live blog's feed of entries), with the paragraphs
    of text right before the feed's bare wrapper: the story's introduction above the
    feed ("<div class=body-copy><p>…</p><p>…</p><div class=key-events>…</div><div
    id=liveblog-container><div class=feed>…")."""
    own = (st.get(parent) or [0])[0]
    kinds: dict[tuple[str, frozenset[str]], int] = {}
    for el in picked:
        if kind := _kind_of_block(el.get("class") or ""):
            kinds[(el.tag, kind)] = kinds.get((el.tag, kind), 0) + 1
    if (max(kinds.values(), default=0) < 3 or parent is body or not own
            or sum((st.get(el) or [0])[0] for el in picked) < 0.9 * own):
        return picked
    anchor = _bare_wrapper(parent, body, st)
    outer = anchor.getparent()
    if outer is None:
        return picked
    before: list[etree._Element] = []
    for sib in outer:
        if sib is anchor:
            break
        if sib.tag != "p":
            continue
        s = st.get(sib)
        if s and s[0] > 80 and s[1] / s[0] < 0.25 and _ENDS_SENTENCE.search(text_content(sib) or ""):
            before.append(sib)
    return before + picked


_PLACE_TOKEN = re.compile(r"(?:^|[-_])(?:first|last|odd|even|only)$", re.I)


def _more_of_the_text(sib: etree._Element, top: etree._Element, st: Stats) -> bool:
    """A sibling block that scored nothing but holds at least as much text as ``top``, in
    paragraphs: three or more of 80+ characters ending a sentence, under 15 % links.
    Its paragraphs sit too deep to vote for it (a CMS's list of items after the body
    field, each item's text in its own nested field: Drupal Paragraphs)."""
    s, own = st.get(sib), st.get(top)
    if not s or not own or s[0] < own[0] or s[1] / s[0] >= 0.15 or junk_kind(sib):
        return False
    paras = 0
    for p in sib.iter("p"):
        text = text_content(p) or ""
        if len(text) >= 80 and _ENDS_SENTENCE.search(text):
            paras += 1
            if paras >= 3:
                return True
    return False


def _kind_of_block(cls: str) -> frozenset[str]:
    """The class tokens that say what kind of block an element is: those without a digit
    (builders also give each block a token of its own id, "elementor-element-9d8c7b6")
    and not saying its place ("section--first", "section--last": Medium's sections)."""
    return frozenset(tok for tok in cls.split()
                     if not any(ch.isdigit() for ch in tok) and not _PLACE_TOKEN.search(tok))


def _same_kind(a: frozenset[str], b: frozenset[str]) -> bool:
    """Blocks of one kind: the same class tokens, or one with BEM modifiers the other
    lacks ("liveblog-entry liveblog-entry--key-event" is a variant of "liveblog-entry";
    Drupal's "paragraph--type--chapo" and "paragraph--type--en-savoir-plus" stay two)."""
    if a == b:
        return True
    return bool(a & b) and (a <= b or b <= a) and all("--" in tok for tok in a ^ b)


def _text_blocks_beside(anchor: etree._Element, st: Stats) -> dict[etree._Element, etree._Element]:
    """The siblings of ``anchor`` (the bare wrapper of the text) with its kind of class
    (`_kind_of_block`), that hold paragraphs of text: 80+ characters, few links, a
    sentence ending; each mapped to the element to keep: itself, or for a box wrapping
    one such block a level or two down (a live blog's pinned entry under its "Pinned
    post" label and "Show more" button), that block."""
    raw = frozenset((anchor.get("class") or "").split())
    cls = _kind_of_block(anchor.get("class") or "")
    parent = anchor.getparent()
    if not raw or parent is None or any(LAYOUT_COLUMN.search(tok) for tok in raw):
        return {}

    def like(el: etree._Element) -> bool:
        if cls:
            return _same_kind(_kind_of_block(el.get("class") or ""), cls)
        # Generated class names only (CSS-in-JS hashes, "dcr-1pcp3ju"): the blocks of
        # one component share the very same names and tag.
        return el.tag == anchor.tag and frozenset((el.get("class") or "").split()) == raw

    def sentences(el: etree._Element, least: int = 80) -> bool:
        # ``least`` characters or more, under a quarter links, a paragraph ending a sentence
        s = st.get(el)
        if not s or s[0] < max(least, 1) or s[1] / s[0] >= 0.25:
            return False
        return any(_ENDS_SENTENCE.search(text_content(p) or "") for p in el.iter("p"))

    out: dict[etree._Element, etree._Element] = {}
    siblings = [sib for sib in parent if isinstance(sib.tag, str)]
    for sib in siblings:
        if sib is anchor:
            continue
        if like(sib):
            if sentences(sib):
                out[sib] = sib
            continue
        inner = [el for el in _descendants(sib, 3) if like(el)]
        if len(inner) == 1 and sentences(inner[0]):
            out[sib] = inner[0]
    if out:
        # A short closing (or opening) paragraph in a block of its own, next to the text
        # ("The next clean-up is on 2 March."): the text too.
        at = [i for i, sib in enumerate(siblings) if sib is anchor or sib in out]
        for step, i in ((1, at[-1] + 1), (-1, at[0] - 1)):
            while 0 <= i < len(siblings) and like(siblings[i]) and sentences(siblings[i], least=1):
                out[siblings[i]] = siblings[i]
                i += step
    return out


def _descendants(el: etree._Element, depth: int) -> list[etree._Element]:
    """``el``'s element descendants down to ``depth`` levels."""
    found, level = [], [el]
    for _ in range(depth):
        level = [c for e in level for c in e if isinstance(c.tag, str)]
        found += level
    return found


def _bare_wrapper(top: etree._Element, body: etree._Element, st: Stats) -> etree._Element:
    """The outermost of ``top``'s ancestors (at most 4 up) that add almost no text to it."""
    anchor = top
    own = (st.get(top) or [0])[0]
    for _ in range(4):
        up = anchor.getparent()
        s = st.get(up) if up is not None else None
        if up is None or up is body or not s or s[0] > 1.1 * own + 20:
            break
        anchor = up
    return anchor


def _leads_before(anchor: etree._Element, st: Stats) -> list[etree._Element]:
    """The lead-paragraph blocks (`_lead_paragraph`) right before ``anchor``, up to 10,
    in document order."""
    leads: list[etree._Element] = []
    prev = anchor.getprevious()
    while prev is not None and len(leads) < 10:
        if isinstance(prev.tag, str) and (st.get(prev) or [0])[0]:  # (blocks without text: passed)
            if prev.tag == "p" or not _lead_paragraph(prev, st):
                break
            leads.append(prev)
        prev = prev.getprevious()
    return leads[::-1]


def _lead_paragraph(el: etree._Element, st: Stats) -> bool:
    """A block just before the text that wraps its one opening paragraph ("<div
    class=firstPar><p>…</p></div><div class=body>…"): one paragraph of 100+ characters,
    almost no links, ending a sentence, nothing else with text."""
    s = st.get(el)
    if not s or s[0] < 100 or s[1] / s[0] >= 0.1:
        return False
    paras = [p for p in el.iter("p") if (text_content(p) or "").strip()]
    if len(paras) != 1 or len((text_content(paras[0]) or "").strip()) < 0.9 * s[0]:
        return False
    return bool(_ENDS_SENTENCE.search(text_content(paras[0]) or ""))

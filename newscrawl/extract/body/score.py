"""Stage 3, scoring: one bottom-up pass of text statistics, then paragraphs vote for their
containers (readability's idea), weighted by tag, class/id and link density."""

from __future__ import annotations

from lxml import etree

from ..vocabulary import BLOCK_TAGS, NEGATIVE_CLASS, PARA_TAGS, POSITIVE_CLASS, TAG_WEIGHT

MIN_PARA = 25  # a run shorter than this is not a paragraph for scoring


def text_stats(elements: list[etree._Element]) -> dict[etree._Element, list[int]]:
    """Per element: [total text, link text, own inline run, run link text, run commas].

    One pass in reverse document order, so children are done before their parent.
    """
    st: dict[etree._Element, list[int]] = {}
    get = st.get
    blocks = BLOCK_TAGS
    for el in reversed(elements):
        t = el.text
        if t:
            n = len(t.strip())
            run = total = n
            commas = t.count(",") if n else 0
        else:
            run = total = commas = 0
        link = runlink = 0
        for c in el:
            tl = c.tail
            if tl:
                n = len(tl.strip())
                if n:
                    run += n
                    total += n
                    commas += tl.count(",")
            cs = get(c)
            if cs is None:
                continue
            total += cs[0]
            link += cs[1]
            if c.tag not in blocks:
                run += cs[2]
                runlink += cs[3]
                commas += cs[4]
        if el.tag == "a":
            link = total
            runlink = run
        st[el] = [total, link, run, runlink, commas]
    return st


def votes(
    elements: list[etree._Element], st: dict[etree._Element, list[int]]
) -> dict[etree._Element, float]:
    """Readability-style content scores: paragraphs vote for their containers."""
    score: dict[etree._Element, float] = {}
    for el in elements:
        s = st.get(el)
        if s is None:
            continue
        tag = el.tag
        if tag not in BLOCK_TAGS and tag != "font":
            continue
        run = s[2]
        if run < MIN_PARA:
            continue
        # A long run (text split only by <br>) counts as several paragraphs of ~400
        # characters, so a 2008-style "text<br><br>text" cell is not outvoted by a box
        # of three short <p>s.
        segments = max(1, run // 400)
        per = min(run // segments // 100, 3)
        para = (segments * (1.0 + per) + min(s[4], 10 * segments)) * (1.0 - s[3] / run)
        if para <= 0:
            continue
        if tag in PARA_TAGS or tag == "li":
            if tag == "li":
                para *= 0.5
            holder = el.getparent()
        else:
            holder = el
        if holder is None:
            continue
        score[holder] = score.get(holder, 0.0) + para
        up = parent_of(holder)
        if up is None:
            continue
        if tag in ("td", "th"):
            # One paragraph per table row: the table, not each cell, is the article.
            score[up] = score.get(up, 0.0) + para
            up = parent_of(up)
            if up is None:
                continue
        score[up] = score.get(up, 0.0) + para / 2
    return score


_ROW_TAGS = frozenset({"tr", "tbody", "thead", "tfoot"})


def parent_of(el: etree._Element) -> etree._Element | None:
    """The parent, skipping table rows and row groups (they only carry cells)."""
    p = el.getparent()
    while p is not None and p.tag in _ROW_TAGS:
        p = p.getparent()
    return p


def link_density(el: etree._Element, st: dict[etree._Element, list[int]]) -> float:
    s = st.get(el)
    return s[1] / s[0] if s and s[0] else 0.0


def class_weight(el: etree._Element, text_len: int = 1000) -> float:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not raw.strip():
        return 0.0
    w = 0.0
    if POSITIVE_CLASS.search(raw):
        w += 25.0 * min(1.0, text_len / 500)
    if NEGATIVE_CLASS.search(raw):
        w -= 25.0
    return w


def final_score(el: etree._Element, raw: float, st: dict[etree._Element, list[int]]) -> float:
    s = st.get(el)
    if s is None or s[0] == 0:
        return 0.0
    # The <body>'s classes name the kind of page ("single-post", "post-template-default"
    # on WordPress), not a block of it: no class weight there.
    weight = 0.0 if el.tag == "body" else class_weight(el, s[0] - s[1])
    base = raw + TAG_WEIGHT.get(el.tag, 0) + weight
    return base * (1.0 - s[1] / s[0])

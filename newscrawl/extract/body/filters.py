"""Stage 7, block filters: comment threads, navigation lines, furniture phrases, lines
above the first and below the last real paragraph, and the profile's text rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from ..profiles import Profile
from ..vocabulary import (
    BOILERPLATE_LINE,
    BYLINE_START,
    CAPTION_CREDIT,
    COMMENT_HEADING,
    COMMENT_SIGNATURE,
    CONTACT_LABEL,
    CONTACT_LINE,
    CREDIT_LINE,
    DATELINE,
    MORE_STORIES_HEADING,
    STAFF_LINE,
    THREAD_HEADING_WORDS,
)
from .blocks import Block
from .common import DASHES, SENTENCE_END, norm
from .headlines import drop_title_excerpt_lines, is_headline, repeats_title


class SiteBoilerplate(Protocol):
    """A site's learned template, as the block filters use it."""

    def is_boilerplate(self, text: str) -> bool: ...


def _cut_comments(blocks: list[Block]) -> list[Block]:
    """Cut a reader-comment thread recognised by repeated signature lines.

    Comments often sit in the same container as the article; two or more
    "Posted by NAME on DATE" lines mark them. The cut goes at the nearest comment
    heading before the first signature, else just before the first comment.
    """
    sigs = [i for i, b in enumerate(blocks) if len(b.text) < 150 and COMMENT_SIGNATURE.match(b.text)]
    if len(sigs) < 2:
        return blocks
    first = sigs[0]
    cut = max(first - 1, 0)
    for k in range(first - 1, max(first - 25, -1), -1):
        t = blocks[k].text
        if len(t) < 130 and (THREAD_HEADING_WORDS.search(t) or COMMENT_HEADING.match(t)):
            cut = k
            break
    if sum(len(b.text) for b in blocks[:cut]) < 200:
        return blocks
    return blocks[:cut]


def _is_tail_furniture(b: Block) -> bool:
    """A bottom-of-article line that is not body text."""
    text = b.text
    n = len(text)
    if n < 120 and BOILERPLATE_LINE.match(text):
        return True
    if CONTACT_LINE.search(text) and (n < 60 or (n < 160 and CONTACT_LABEL.match(text))):
        return True
    if n < 100 and (BYLINE_START.match(text) or COMMENT_SIGNATURE.match(text) or STAFF_LINE.search(text)):
        return True
    if n < 300 and CREDIT_LINE.search(text):
        return True
    # A short line without sentence punctuation is a related headline or section
    # name, not the article's last sentence. List items and short table cells are
    # data (scores, poll figures), kept.
    if b.kind == "li" or (b.cell and n < 30):
        return False
    # A comma suggests a signature ("Jo Collins, District Commander"), kept; a
    # timestamp ("Wire | Wed, Jan 16 2008") does not.
    signature = "," in text and "|" not in text and not any(c.isdigit() for c in text)
    return n < 90 and not signature and not SENTENCE_END.search(text)


def _is_furniture(text: str, titles: Sequence[str], *, heading: bool = False) -> bool:
    """A top-of-article line that is not body text (headline, byline, date, caption).

    Anything short that does not end like a sentence counts (kickers, decks, author
    names, "AP Sports Writer", timestamps), except a real subheading (h2-h6), which
    goes only when it is the headline itself.
    """
    n = len(text)
    if n < 100 and (BYLINE_START.match(text) or DATELINE.match(text)):
        return True
    if heading:
        return norm(text) in titles or len(text.split()) < 3
    if n < 160 and is_headline(text, titles):
        return True
    if n < 400 and CAPTION_CREDIT.search(text):
        return True
    if n < 60 and STAFF_LINE.search(text):
        return True
    if n < 100 and not SENTENCE_END.search(text):
        return True
    return n < 40 and len(text.split()) < 6


def _ends_article(text: str) -> bool:
    """A short heading such as "Also in World News" or "Related stories:"."""
    return (
        len(text) < 60
        and len(text.split()) <= 6
        and not text.endswith(".")
        and bool(MORE_STORIES_HEADING.match(text))
    )


def _link_line(b: Block) -> bool:
    """A mostly-link line with no sentence of its own around the link."""
    if b.links > 0.95 * len(b.text) or b.plain_words <= 1:
        return True
    return b.plain_words <= 3 and not b.text.endswith(".")


def filter_blocks(
    blocks: list[Block],
    profile: Profile,
    title: str | None,
    standfirst: str | None,
    titles: Sequence[str] = (),
    has_h1: bool = False,
    site: SiteBoilerplate | None = None,
) -> list[Block]:
    """Drop blocks that are not article text (see the package docstring, step 7).

    ``site`` (optional): a block whose text ``site.is_boilerplate`` says is the site's
    boilerplate is dropped, headings included."""
    stops = [re.compile(p, re.I) for p in profile.stop_text]
    drops = [re.compile(p, re.I) for p in profile.drop_text]
    out: list[Block] = []
    kept = 0
    blocks = _cut_comments(blocks)
    for b in blocks:
        if b.kind == "figure":
            out.append(b)
            continue
        text = b.text
        if any(p.match(text) for p in stops):
            break
        if b.kind == "cut" or (len(text) < 80 and COMMENT_HEADING.match(text)) or _ends_article(text):
            # The comment section starts here; before any text it is a stray link.
            if kept >= 300:
                break
            continue
        if any(p.fullmatch(text) for p in drops):
            continue
        if site is not None and site.is_boilerplate(text):
            continue
        if repeats_title(text, title, standfirst):
            continue
        n = len(text)
        # A line that is mostly a link is navigation ("Related: <a>..</a>"), unless
        # it is a sentence around the link ("This follows our story <a>..</a>.").
        if n < 200 and b.links > 0.6 * n and _link_line(b):
            continue
        if n < 120 and BOILERPLATE_LINE.match(text.translate(DASHES)):
            continue
        out.append(b)
        kept += n
    out = drop_title_excerpt_lines(out, titles)
    # Furniture above the first real paragraph: headline, kicker, byline, dateline,
    # photo captions. Looked at until the first paragraph that reads as text.
    i = 0
    while i < len(out) and i < 10:
        b = out[i]
        if b.kind in ("figure", "li"):
            i += 1
            continue
        # Subheadings are kept when the page has its headline in an <h1>; otherwise
        # a heading at the top is the headline or a deck.
        heading = has_h1 and b.kind.startswith("h")
        if _is_furniture(b.text, titles, heading=heading):
            out.pop(i)
            continue
        break
    # Furniture below the last real paragraph: contact/follow lines, credits,
    # copyright, sources, lists of related headlines.
    while out:
        b = out[-1]
        if b.kind == "figure" or _is_tail_furniture(b):
            out.pop()
            continue
        break
    return out

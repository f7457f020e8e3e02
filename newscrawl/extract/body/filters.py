"""Stage 7, block filters: comment threads, navigation lines, furniture phrases, lines
above the first and below the last real paragraph, and the profile's text rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from ..profiles import Profile
from ..vocabulary import (
    BIO_LINE,
    BOILERPLATE_LINE,
    BYLINE_PREFIX,
    BYLINE_START,
    CAPTION_CREDIT,
    CJK_CREDIT_LINE,
    CJK_JOB,
    CJK_NAME,
    COMMENT_HEADING,
    COMMENT_SIGNATURE,
    CONTACT_LABEL,
    CONTACT_LINE,
    COUNT_LINE,
    DATE_WORDS,
    DATELINE,
    HAS_DATE,
    MORE_STORIES_HEADING,
    OPINION_CLOSING_LINE,
    PLACE_DATELINE,
    PRINT_EDITION_LINE,
    RELEASE_END_MARK,
    REPORTER_CREDIT,
    RIGHTS_LINE,
    SIGNATURE_NAME,
    STORY_CREDIT_LINE,
    SUPPORT_APPEAL_LINE,
    THREAD_HEADING_WORDS,
    TIMESTAMP_START,
)
from .blocks import Block, captions_tell_the_story
from .common import SENTENCE_END, fold_dashes, norm, reads_as_text, word_count
from .headlines import drop_title_excerpt_lines, is_headline, repeats_title, same_byline


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


_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'\u2019-]*|[A-Z]\.?|and|&|de|da|di|van|von|der|le|la|du|bin|al)$")
_BYLINE_END = re.compile(r"\s*(?:[,|\u2022\u00b7(]|\s[-\u2013\u2014]\s)")


def _is_byline(text: str) -> bool:
    """A "By NAME" line ("Par", "Von", "Por"…): the byline prefix, then one to six name
    words (capitalised or joiners) up to a comma, bar or dash. "By the numbers" and "By
    the end of May, ..." are not bylines."""
    if len(text) <= 24 and CJK_JOB.search(text) and not any(c in text for c in "。，、"):
        return True  # "佐藤健一記者", "记者 王小明": a name and its job, no sentence
    m = BYLINE_START.match(text) or BYLINE_PREFIX.match(text)
    if not m or len(text) >= 100:
        return False
    rest = text[m.end() :].lstrip(" :\u2013\u2014-")
    if len(text) <= 24 and rest and CJK_NAME.fullmatch(rest):
        return True  # "文/李华": a name in a script without capitals, no sentence
    name = _BYLINE_END.split(rest, maxsplit=1)[0].split()
    if not name or len(name) > 6 or any(not _NAME_WORD.match(w) for w in name):
        return False
    return not name[0].islower()


def _is_timestamp(text: str) -> bool:
    """"Posted on 12 June 2024", "Updated: 10:32", "Last updated 3 hours ago"."""
    return len(text) < 100 and bool(TIMESTAMP_START.match(text)) and (
        bool(HAS_DATE.search(text)) or not SENTENCE_END.search(text)
    )


def _is_dateline(text: str) -> bool:
    """A date line: "January 7, 2008", "Thu, 2008-01-17 15:17.", "Jo Roe | 12 June 2024"
    (a date and at most five other words; two when it ends with a full stop, so that
    "The vote is on 12 May." stays)."""
    n = len(text)
    if n >= 100:
        return False
    if DATELINE.match(text) and (n < 25 or not text.endswith(".")):
        return True
    if PLACE_DATELINE.match(text):
        return True
    if not HAS_DATE.search(text):
        return False
    rest = [w for w in _WORDS.findall(HAS_DATE.sub(" ", text)) if not DATE_WORDS.match(w)]
    return word_count(" ".join(rest)) <= (2 if text.endswith((".", "。")) else 5)


_WORDS = re.compile(r"[^\W\d_]{2,}[.]?")


def _closes_comment(text: str, bylines: Sequence[frozenset[str]]) -> bool:
    """A comment piece's closing furniture (vocabulary.OPINION_CLOSING_LINE), or the
    writer's bio: a line opening with a name the page's byline names, then "is"."""
    if len(text) >= 400:
        return False
    if OPINION_CLOSING_LINE.search(text):
        return True
    m = BIO_LINE.match(text)
    # (not the credit a staff reporter's line is: "Owen Jenkins is the Local Democracy
    # Reporter for Caerphilly" says who reported the story, as "Reporting by" does)
    return bool(m and bylines and same_byline(m.group("name"), bylines) and not REPORTER_CREDIT.match(text))


def _signs_off(b: Block, before: Block | None) -> bool:
    """A writer's name signing the text off: after a closing line that ends in a comma
    ("With gratitude," / "Marguerite": a newsletter's, a letter's), or set off by a dash
    ("— Carmen")."""
    if not SIGNATURE_NAME.match(b.text) or BOILERPLATE_LINE.match(b.text) or b.text.isupper():
        return False  # (a wire credit in capitals, "- REUTERS", is no signature)
    return b.text[0] in "—–-" or (before is not None and before.text.endswith(",") and len(before.text) < 60)


def _is_tail_furniture(b: Block, bylines: Sequence[frozenset[str]] = ()) -> bool:
    """A bottom-of-article line that is not body text: furniture phrases, contact/follow
    lines, timestamps, a repeat of the page's byline, rights notices, and short lines that
    read as neither a sentence nor a signature (related headlines, section names)."""
    text = b.text
    n = len(text)
    if n < 120 and BOILERPLATE_LINE.match(text):
        return True
    if CONTACT_LINE.search(text) and (n < 60 or (n < 160 and CONTACT_LABEL.match(text))):
        return True
    if _is_timestamp(text):
        return True
    if n < 100 and COMMENT_SIGNATURE.match(text) and not SENTENCE_END.search(text):
        return True  # "Posted by Jane | 14 Jan 2008 06:24 PM"
    if _is_byline(text) and same_byline(text, bylines):
        return True
    if n < 30 and CJK_CREDIT_LINE.fullmatch(text):
        return True
    if n < 300 and (RIGHTS_LINE.search(text) or PRINT_EDITION_LINE.match(text)):
        return True
    if n < 400 and (SUPPORT_APPEAL_LINE.match(text) or _closes_comment(text, bylines)):
        return True
    # A short line without sentence punctuation is a related headline or section
    # name, not the article's last sentence. List items, headings and short table
    # cells are data or structure, kept; so are the short lines of a paragraph cut by
    # <br> that also holds real text (the caller checks that).
    if b.kind == "li" or (b.cell and n < 30) or STORY_CREDIT_LINE.match(text):
        return False
    # A comma or semicolon suggests a signature ("Jo Collins, District Commander") or a
    # credit ("Reporting by A; Editing by B"), and a closing parenthesis a note: kept. A
    # timestamp ("Wire | Wed, Jan 16 2008") is not a signature.
    signature = (
        any(c in text for c in ",;") and "|" not in text and not any(c.isdigit() for c in text)
    )
    # A CJK sentence may end in its reporters' credit: "…焦点になる。【浅川大樹】" is text.
    return (n < 90 and not signature and not text.endswith(")") and not SENTENCE_END.search(text)
            and "。" not in text)


def _is_furniture(
    b: Block,
    titles: Sequence[str],
    bylines: Sequence[frozenset[str]],
    under_headline: bool,
    after_image: bool = False,
    has_h1: bool = False,
) -> bool | str:
    """A top-of-article line that is not body text: "headline" for (part of) the
    headline, True for a byline, timestamp, dateline or photo caption, else False.

    Only these shapes go; a kicker, a subheading or a short line of a list stays. A "By
    NAME" line is the article's byline when it is right under the headline (the headline
    is in the same container, above it), names the page's own byline, is dated ("By Jane
    Doe | 12 June 2024"), or when the page names no author elsewhere. When the page
    credits somebody else, the line is text ("BY JANE DOE MP" opening her letter on a
    site whose byline is the editor's).
    """
    text = b.text
    n = len(text)
    if has_h1 and b.kind.startswith("h"):
        # The headline is the page's h1: a heading is the headline only when equal to
        # it, otherwise a section title that shares its words.
        if norm(text) in titles:
            return "headline"
    elif n < 160 and is_headline(text, titles):
        return "headline"
    if _is_byline(text):
        return (
            under_headline
            or not bylines
            or bool(HAS_DATE.search(text))
            or same_byline(text, bylines)
        )
    if _is_timestamp(text) or _is_dateline(text) or COUNT_LINE.fullmatch(text):
        return True
    if b.kind != "p":
        return False
    if n < 400 and CAPTION_CREDIT.search(text):
        return True
    # A short unpunctuated line right under an image, before the text: its caption.
    return after_image and n < 150 and not SENTENCE_END.search(text)


def _reads_as_text(b: Block) -> bool:
    """The first real paragraph: a long line, or a sentence of eight words or more."""
    return not b.kind.startswith("h") and reads_as_text(b.text)


def _ends_article(text: str) -> bool:
    """A short heading such as "Also in World News" or "Related stories:"."""
    return (
        len(text) < 60
        and len(text.split()) <= 6
        and not text.endswith(".")
        and bool(MORE_STORIES_HEADING.match(text))
    )


_LABEL = re.compile(r"^[^:.!?]{1,40}:\s")


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
    *,
    bylines: Sequence[frozenset[str]] = (),
    headed: bool = False,
) -> list[Block]:
    """Drop blocks that are not article text (see the package docstring, step 7).

    ``site`` (optional): a block whose text ``site.is_boilerplate`` says is the site's
    boilerplate is dropped, headings included. ``bylines`` (`headlines.page_bylines`):
    the page's own byline, so that a "By" line repeating it goes; ``headed``: the
    container holds the headline (`headlines.headline_inside`), so that a "By" line at
    the top of it is the byline. ``has_h1``: the page's h1 is its headline, so that a
    heading at the top goes only when it equals the headline."""
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
        # Once the text has begun, a line that opens with the headline and goes on after a
        # separator is a section heading ("Pulse 8 review: Design"), not "TITLE - EXCERPT".
        if repeats_title(text, title, standfirst) and (not kept or norm(text) == norm(title or "")):
            if not kept and len(text) < 160 and is_headline(text, titles):
                headed = True  # the headline itself, in the container
            continue
        n = len(text)
        # A line that is mostly a link is navigation ("Related: <a>..</a>"), unless
        # it is a sentence around the link ("This follows our story <a>..</a>.").
        if n < 200 and b.links > 0.6 * n and _link_line(b):
            continue
        # "Spread the word: Facebook X Email": a short label, then only links.
        if n < 200 and b.links > 0.3 * n and _LABEL.match(text) and _link_line(b):
            continue
        if n < 120 and BOILERPLATE_LINE.match(fold_dashes(text)):
            continue
        out.append(b)
        kept += n
    out = drop_title_excerpt_lines(out, titles)
    # A press release's end mark ("ENDS", "###", "-30-") after some text: what follows is
    # for editors (notes, media contacts, boilerplate about the issuer), not the story.
    end = next((i for i, b in enumerate(out) if i >= 3 and b.kind != "li" and RELEASE_END_MARK.match(b.text)), None)
    if end is not None:
        out = out[:end]
    # Furniture above the first real paragraph: headline, byline, dateline, photo
    # captions. Looked at until the first line that is none of these.
    i = seen = 0
    after_image = False
    while i < len(out) and seen < 10:
        b = out[i]
        if b.kind in ("figure", "li"):
            after_image = b.kind == "figure"
            i += 1
            continue
        seen += 1
        verdict = _is_furniture(b, titles, bylines, headed, after_image, has_h1)
        after_image = False
        if verdict == "headline":
            headed = True
        if verdict:
            out.pop(i)
            continue
        if _reads_as_text(b):
            break
        i += 1
    # Furniture below the last real paragraph: contact/follow lines, rights notices,
    # lists of related headlines. The short lines of a <p> cut by <br> that also holds
    # real text are that paragraph's lines, kept.
    texty = {b.para for b in out if b.para_tag == "p" and (len(b.text) >= 90 or SENTENCE_END.search(b.text))}
    story = captions_tell_the_story(out)  # a photo story's captioned pictures are its text
    while out:
        b = out[-1]
        if b.kind == "figure":
            if story and b.caption:
                break
            out.pop()
            continue
        if _signs_off(b, out[-2] if len(out) > 1 else None):
            break
        if b.para in texty and not (
            BOILERPLATE_LINE.match(b.text) or CONTACT_LINE.search(b.text) or RIGHTS_LINE.search(b.text)
            or CJK_CREDIT_LINE.fullmatch(b.text) or PRINT_EDITION_LINE.match(b.text)
            or SUPPORT_APPEAL_LINE.match(b.text) or _closes_comment(b.text, bylines)
        ):
            break
        if _is_tail_furniture(b, bylines):
            out.pop()
            continue
        # A lead-in with nothing left after it ("On the web:", "Related:").
        if len(b.text) < 60 and b.text.endswith(":") and b.kind != "li":
            out.pop()
            continue
        break
    return out

"""Second opinions on the body: trafilatura and readability-lxml as a check on our own pick.

Bevendorff et al. (*An Empirical Comparison of Web Content Extraction Algorithms*,
SIGIR 2023) found that combining several good extractors beats each of them, and
trafilatura itself falls back to readability and jusText when its own pass looks wrong.
newscrawl does the same, with a budget:

1. Our own body (metadata-aware, with the site template and our filters) is compared
   with trafilatura's (run on a copy of the already-parsed tree, no second parse, no
   fallbacks of its own). When they agree, ours stands: that is most pages.
2. When they disagree, readability-lxml gives a third opinion, and the output that
   agrees best with the other two (the medoid) wins, unless it merely holds ours plus
   text the third opinion does not confirm (it won as the union of the others).
3. A winning container from another extractor goes through our own block writer and
   filters (headline repeats, furniture, template boilerplate), so the body's text and
   clean HTML are built the same way whichever extractor found the article.

Agreement is the F1 of the two texts' sets of 4-token shingles: it rewards the same
words in the same order and ignores how each extractor cuts paragraphs.
"""

from __future__ import annotations

import copy
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml import etree

__all__ = ["AGREEMENT", "MAX_ELEMENTS", "Opinion", "agreement", "choose", "decide", "readability_opinion",
           "trafilatura_opinion"]

# Own body and trafilatura's agree at or above this F1: no third opinion is asked.
# Chosen on the tune half of both development sets (0.8-0.95 all within 0.01 there);
# 0.9 asks readability on about one page in five.
AGREEMENT = 0.9
# When the others win but our text lies inside theirs and holds this share of it, ours
# stands: a body that is right but shorter beats one that is longer with the page's extras.
COVER = 2 / 3
# When the winner holds ours, the share of what it adds that the third opinion must
# also have: less, and the winner is the union of the other two, not their consensus.
CONFIRM = 0.5
# Below this many shingles in both texts, agreement is too coarse to vote on.
MIN_VOTE = 40
# A page summary (meta description) of at least this many shingles can anchor the vote.
MIN_SUMMARY = 6
# Pages with more elements than this get no second opinion: on a 50,000-element page
# trafilatura and readability take seconds, where our own passes are bounded. The
# largest page of both development sets has 3,244 elements.
MAX_ELEMENTS = 15_000

_TOKEN = re.compile(r"\w+")
_RAW_TEXT_TAGS = ("script", "style", "noscript", "template", "textarea", "title", "xmp", "plaintext",
                  "iframe", "object", "embed", "svg", "math")
_DECLARED = etree.XPath("//*[@itemprop='articleBody']")
# What lxml's resolve_base_href looks for.
_BASE_HREF = etree.XPath("//base[@href]|//x:base[@href]", namespaces={"x": "http://www.w3.org/1999/xhtml"})
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd")

log = logging.getLogger(__name__)


@dataclass
class Opinion:
    """One extractor's body: its name, plain text and the container it chose (or None)."""

    name: str
    text: str
    container: etree._Element | None = None
    error: str | None = None


def shingle_set(text: str, n: int = 4) -> frozenset[tuple[str, ...]]:
    """Set of overlapping ``n``-token windows of word tokens (1..n-1 tokens: one window)."""
    return _shingles(text or "", n)


@lru_cache(maxsize=32)  # one vote compares the same few texts many times
def _shingles(text: str, n: int) -> frozenset[tuple[str, ...]]:
    toks = _TOKEN.findall(text)
    if not toks:
        return frozenset()
    if len(toks) < n:
        return frozenset([tuple(toks)])
    return frozenset(zip(*(toks[i:] for i in range(n)), strict=False))


def agreement(a: str, b: str) -> float:
    """F1 of the two texts' shingle sets: 1.0 the same text, 0.0 nothing shared (or empty)."""
    sa, sb = shingle_set(a), shingle_set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def choose(opinions: list[Opinion]) -> Opinion:
    """The medoid: the opinion whose text agrees best, on average, with the others.

    Ties go to an opinion with text, then to the earlier one (ours comes first)."""
    sets = [shingle_set(o.text) for o in opinions]

    def mean_agreement(i: int) -> float:
        total = 0.0
        for j, other in enumerate(sets):
            if j != i and sets[i] and other:
                total += 2 * len(sets[i] & other) / (len(sets[i]) + len(other))
        return total

    best = max(range(len(opinions)), key=lambda i: (mean_agreement(i), bool(sets[i]), -i))
    return opinions[best]


def _text(container: etree._Element) -> str:
    """The text of the outermost blocks of ``container``, one per line: a block inside
    another ("<blockquote><p>") is read with it, not a second time."""
    parts = []
    blocks = set(_BLOCKS)
    for el in container.iter(*_BLOCKS):
        parent = None if el is container else el.getparent()
        nested = False
        while parent is not None and parent is not container:
            if parent.tag in blocks:
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        t = " ".join(" ".join(el.itertext()).split())
        if t:
            parts.append(t)
    return "\n".join(parts)


def _guard(name: str, run: Callable[[], etree._Element | None]) -> Opinion:
    """Run one extractor; any failure is an empty opinion carrying the error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            container = run()
    except Exception as exc:  # noqa: BLE001 - a second opinion must never break extraction
        return Opinion(name, "", None, f"{type(exc).__name__}: {exc}")
    if container is None:
        return Opinion(name, "", None)
    return Opinion(name, _text(container), container)


def trafilatura_opinion(tree: etree._Element, url: str) -> Opinion:
    """trafilatura's body on ``tree``, as a container of blocks. ``tree`` is left as it
    was: bare_extraction copies a tree it is given before its first change."""

    def run() -> etree._Element | None:
        import trafilatura
        from trafilatura.htmlprocessing import convert_to_html

        # fast: no readability/jusText fallback inside trafilatura; we ask readability
        # ourselves when it matters. Tables kept, comments not: as our own extractor.
        # bare_extraction hands back its tree: no serialising and re-parsing. Any format but
        # "python" spares it writing the text of that tree, which is not read here.
        doc = trafilatura.bare_extraction(tree, url=url or None, fast=True, include_comments=False,
                                          include_tables=True, with_metadata=False,
                                          output_format="txt")
        if doc is None or doc.body is None or not len(doc.body):
            return None
        return convert_to_html(doc.body).find("body")

    return _guard("trafilatura", run)


def readability_opinion(tree: etree._Element, url: str) -> Opinion:
    """readability-lxml's body on ``tree`` (a copy it may modify)."""

    def run() -> etree._Element | None:
        from readability import Document

        # Its own failures are logged with a traceback (log.exception) and raised; the
        # raise is kept in the opinion (`_guard`), the traceback would only fill the log.
        logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
        # Given a URL, readability makes every link of the page absolute first (lxml's
        # make_links_absolute: a Python pass over all links, an eighth of its time), yet
        # it reads no link to choose the text (the iframes it would are gone: `_copy`).
        # So the links of its result are made absolute instead, with the same function
        # and failure handling: the same values. A page with a <base href> takes the
        # usual way (readability's base handling differs without a URL).
        late = bool(url) and not _BASE_HREF(tree)
        html = Document(tree, url=None if late else (url or None)).summary(html_partial=True)
        if not html or not html.strip():
            return None
        container = lxml.html.fromstring(html)
        if late:
            container.make_links_absolute(url, resolve_base_href=False, handle_failures="discard")
        return container

    return _guard("readability", run)


def _copy(pristine: etree._Element) -> etree._Element:
    """A copy for another extractor, without the elements whose content is raw text or
    markup that nobody sees (a reader never sees a <textarea>'s or <noscript>'s markup
    as article text, but an extractor may take it for some)."""
    return _strip(copy.deepcopy(pristine))


def _strip(tree: etree._Element) -> etree._Element:
    """``tree`` without those elements (see `_copy`), changed in place."""
    etree.strip_elements(tree, *_RAW_TEXT_TAGS, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)
    return tree


def declared_body(pristine: etree._Element, jsonld_body: str | None = None) -> str:
    """The article text the publisher declares: schema.org ``articleBody`` as JSON-LD text,
    else the text of the ``itemprop=articleBody`` element ("" when there is none)."""
    if jsonld_body and jsonld_body.strip():
        return " ".join(jsonld_body.split())
    for el in _DECLARED(pristine):
        text = _text(el)
        if text:
            return text
    return ""


def second_opinions(pristine: etree._Element, url: str, own_text: str,
                    summary: str | None = None, declared: str | None = None,
                    spare: bool = False) -> tuple[Opinion, list[Opinion]]:
    """The winning opinion and every opinion asked (ours first).

    ``pristine`` is the page as parsed, before our own body stage modified it; each
    other extractor gets a copy of it (a C-level copy costs well under a millisecond,
    a second parse several), and ``pristine`` itself stays untouched. ``summary`` is the
    page's description; ``declared`` the publisher's own articleBody text (see
    `declared_body`): when ours agrees with it, no other extractor is asked. With
    ``spare``, the caller no longer needs ``pristine``: the extractors get it instead of
    a copy (it is then modified).
    """
    own = Opinion("newscrawl", own_text)
    if (declared and own.text and len(shingle_set(declared)) >= MIN_VOTE
            and agreement(own.text, declared) >= AGREEMENT):
        return own, [own]
    # trafilatura copies the tree it is given before changing anything, so the same copy
    # then goes to readability, which modifies its input.
    tree = _strip(pristine) if spare else _copy(pristine)
    traf = trafilatura_opinion(tree, url)
    asked = [own, traf]
    if own.text and agreement(own.text, traf.text) >= AGREEMENT:
        return own, asked
    if own.text and max(len(shingle_set(own.text)), len(shingle_set(traf.text))) < MIN_VOTE:
        # Too little text for shingles to say anything (a brief, or a CJK page whose word
        # tokens are whole clauses): ours stands.
        return own, asked
    asked.append(readability_opinion(tree, url))
    return decide(asked, summary), asked


def decide(asked: list[Opinion], summary: str | None = None) -> Opinion:
    """The winner among three opinions, ours first, that do not agree (see the module's
    docstring); ``summary`` is the page's description."""
    own = asked[0]
    holders = _holding(asked, summary)
    if holders and own not in holders and not _seconded(own, asked, holders):
        # The page's own summary (its description) opens their text and is nowhere in
        # ours: ours is another story on the page (a gallery, a teaser list), unless
        # another extractor found the same text and theirs, short, does not hold ours
        # (the summary is a dek kept apart from the text, theirs the page's header).
        return _core(holders)
    winner = choose(asked)
    if winner is not own and own.text and _covers(own.text, winner.text):
        # Ours is the winner's text less some of it: what the others add is mostly
        # captions, datelines and reader comments that our filters left out on purpose.
        return own
    if winner is not own and own.text and _unconfirmed(own, winner, asked):
        # The winner is ours plus text the third opinion mostly does not have: it won
        # by overlapping both others (their union, with the page's extras), not because
        # they agree on what it adds.
        return own
    return winner


def _seconded(own: Opinion, asked: list[Opinion], holders: list[Opinion]) -> bool:
    """Whether another opinion agrees with ours while every opinion holding the summary is
    under half our length and holds under half of ours (a header with the dek)."""
    return (any(agreement(own.text, o.text) >= AGREEMENT for o in asked if o is not own)
            and all(containment(own.text, h.text) < 0.5 and len(h.text) < len(own.text) / 2 for h in holders))


def _holding(opinions: list[Opinion], summary: str | None) -> list[Opinion]:
    """The opinions whose text holds the page's summary and more than it (None when it is
    too short to tell): a text that is the summary alone (a standfirst taken for the
    body) is no article."""
    if not summary or len(shingle_set(summary)) < MIN_SUMMARY:
        return []
    own = shingle_set(summary)
    return [o for o in opinions if o.text and containment(summary, o.text) >= 0.5
            and len(shingle_set(o.text) - own) >= max(MIN_VOTE, len(own))]


def _core(opinions: list[Opinion]) -> Opinion:
    """The opinion that lies most inside the others: what they all agree is the article."""
    if len(opinions) == 1:
        return opinions[0]
    return max(opinions, key=lambda o: sum(containment(o.text, other.text)
                                           for other in opinions if other is not o))


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s shingles that are in ``whole`` (0.0 when either is empty)."""
    sp, sw = shingle_set(part), shingle_set(whole)
    if not sp or not sw:
        return 0.0
    return len(sp & sw) / len(sp)


def _unconfirmed(own: Opinion, winner: Opinion, asked: list[Opinion]) -> bool:
    """Whether ``winner`` holds ``own`` and the third opinion has under half of what the
    winner adds to it."""
    third = [o for o in asked if o is not own and o is not winner]
    if len(third) != 1 or containment(own.text, winner.text) < 0.9:
        return False
    extra = shingle_set(winner.text) - shingle_set(own.text)
    if not extra:
        return False
    return len(extra & shingle_set(third[0].text)) / len(extra) < CONFIRM


def _covers(own: str, other: str) -> bool:
    """Whether ``own`` lies inside ``other`` and holds at least ``COVER`` of it."""
    return containment(own, other) >= 0.9 and containment(other, own) >= COVER

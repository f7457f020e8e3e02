"""Stage 7 (block filters, first part), headline repeats: the page's headline candidates
and the lines that only repeat them (the title alone, "SITE: TITLE", "TITLE - EXCERPT")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree

from ..clean import text_content
from ..vocabulary import BYLINE_FILLER
from .blocks import Block
from .common import SENTENCE_END, norm

_SEP = re.compile(r"^\s*[-|:]\s*")


def repeats_title(text: str, title: str | None, standfirst: str | None) -> bool:
    """True for a line that just repeats the headline (alone, site-prefixed or + excerpt)."""
    if not title:
        return False
    t = norm(title)
    s = norm(text)
    if not t or not s:
        return False
    if s == t:
        return True
    pos = s.find(t)
    if pos < 0 or pos > 80:
        return False
    prefix = s[:pos].strip()
    if prefix and not prefix.endswith((":", "|", "-")):
        return False
    rest = s[pos + len(t) :]
    if not rest.strip():
        return True
    # "TITLE - EXCERPT": the rest follows a separator
    return bool(_SEP.match(rest)) and (
        not standfirst or norm(standfirst)[:40] in rest or len(rest) < 400
    )


def page_titles(root: etree._Element, title: str | None) -> tuple[list[str], bool]:
    """Normalised headline candidates (the hint, <title>, og:title, h1 texts), and
    whether an <h1> holds the headline (not, say, the site's logo)."""
    found = [title] if title else []
    for t in root.iter("title"):
        found.append(text_content(t) if len(t) else (t.text or ""))
        break
    for m in root.iter("meta"):
        if (m.get("property") or m.get("name") or "").lower() in ("og:title", "twitter:title"):
            found.append(m.get("content") or "")
    titles = [n for n in (norm(t[:500]) for t in found) if n]
    headline_h1 = False
    for i, h in enumerate(root.iter("h1")):
        if i > 8:
            break
        n = norm(text_content(h)[:500])
        if not n:
            continue
        headline_h1 = headline_h1 or (len(n) >= 10 and any(n in t or t in n for t in titles))
        titles.append(n)
    return titles, headline_h1


# (titles, whether an <h1> holds the headline, bylines): `page_headlines`.
PageHeadlines = tuple[list[str], bool, Sequence[frozenset[str]]]


def page_headlines(root: etree._Element, title: str | None) -> PageHeadlines:
    """`page_titles` and `page_bylines` of the page: read once before the body stage
    changes it, for the body and for a container another extractor cut from a copy."""
    titles, has_h1 = page_titles(root, title)
    return titles, has_h1, page_bylines(root)


def is_headline(text: str, titles: Sequence[str]) -> bool:
    """A short line that is (part of) the page's headline, not a sentence."""
    n = norm(text)
    if len(n) < 4 or len(n) > 250:
        return False
    for t in titles:
        if n == t:
            return True
        if len(n) >= 12 and n in t and len(n) >= 0.35 * len(t) and not SENTENCE_END.search(n):
            return True
    return False


def drop_title_excerpt_lines(blocks: list[Block], titles: Sequence[str]) -> list[Block]:
    """Drop "SITE: TITLE - EXCERPT" lines when the excerpt is repeated in the body.

    Works without hints: the title comes from the page (h1, <title>, og:title), and
    the line goes only if what follows the title is the start of another paragraph.
    """
    if not titles or len(blocks) < 2:
        return blocks
    norms = [norm(b.text) for b in blocks]
    drop: set[int] = set()
    for i, s in enumerate(norms[:8]):
        for t in titles:
            pos = s.find(t) if len(t) >= 8 else -1
            if pos < 0 or pos > 80:
                continue
            prefix = s[:pos].strip()
            if prefix and not prefix.endswith((":", "|", "-")):
                continue
            rest = s[pos + len(t) :]
            if not _SEP.match(rest):
                continue
            head = _SEP.sub("", rest, count=1)[:60]
            if len(head) >= 20 and any(j != i and n.startswith(head) for j, n in enumerate(norms)):
                drop.add(i)
                break
    return [b for i, b in enumerate(blocks) if i not in drop]


_NAME_TOKEN = re.compile(r"[^\W\d_]+")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
                "sailthru.author", "twitter:creator")
# The elements that may state the byline; selected by `_author_elements` (a walk, faster),
# which the tests check against this definition.
_AUTHOR_XPATH = etree.XPath(
    "//meta[@name or @property] | //*[@class or @rel or @itemprop][@rel='author'"
    " or @itemprop='author' or contains(@class, 'author') or contains(@class, 'byline')]"
)
_AUTHOR_PARTS = frozenset({"author", "byline", "byl", "authors", "bylines"})
_NOT_AUTHOR_PARTS = frozenset({"bio", "box", "avatar", "about", "description", "comment",
                               "comments", "reply", "image", "photo", "img", "url", "link"})


def name_tokens(text: str, filler: frozenset[str] = BYLINE_FILLER) -> frozenset[str]:
    """The casefolded words of a byline that may be names ("By Jane Doe MP" -> jane, doe, mp)."""
    return frozenset(
        w for w in (m.casefold() for m in _NAME_TOKEN.findall(text[:200])) if w not in filler
    )


_JOINERS = frozenset({"by", "and", "the", "of", "for", "with", "from", "in", "at", "on"})


def _author_elements(root: etree._Element) -> list[etree._Element]:
    """What ``_AUTHOR_XPATH`` selects (the whole document's elements, in document order),
    tested in Python: libxml2 turns every attribute compared into a string, which makes
    the XPath ~1.5 times as slow as this walk."""
    out = []
    for el in root.getroottree().getroot().iter(etree.Element):
        for name, value in el.items():
            if (name == "class" and ("author" in value or "byline" in value)
                    or (name == "rel" or name == "itemprop") and value == "author"
                    or (name == "name" or name == "property") and el.tag == "meta"):
                out.append(el)
                break
    return out


def page_bylines(root: etree._Element) -> list[frozenset[str]]:
    """The page's own byline, as the name words of each place that states it: author
    meta tags, rel/itemprop=author, and byline/author-class elements (short ones)."""
    found: list[frozenset[str]] = []
    for el in _author_elements(root)[:200]:
        if el.tag == "meta":
            if (el.get("name") or el.get("property") or "").lower() not in _AUTHOR_META:
                continue
            text = el.get("content") or ""
            if "/" in text:  # article:author as a profile URL
                continue
        else:
            parts = set(re.split(r"[\s_-]+", (el.get("class") or "").lower()))
            if parts & _NOT_AUTHOR_PARTS:
                continue
            if el.get("rel") != "author" and el.get("itemprop") != "author" and not (
                parts & _AUTHOR_PARTS
            ):
                continue
            text = text_content(el)
            if len(text) > 150:
                continue
        # Job words stay: a credit to "Editor" still names somebody else.
        toks = name_tokens(text, _JOINERS)
        if toks:
            found.append(toks)
    return found


class PageBylines(Sequence[frozenset[str]]):
    """`page_bylines` of ``page``, read when first asked for: only a "By ..." line of the
    body asks (`filters`), and most pages have none. ``page`` must stay as it is until
    then (`read` reads it at once, before it changes)."""

    def __init__(self, page: etree._Element) -> None:
        self._page: etree._Element | None = page
        self._found: list[frozenset[str]] | None = None

    def read(self) -> list[frozenset[str]]:
        if self._found is None:
            assert self._page is not None
            self._found, self._page = page_bylines(self._page), None
        return self._found

    def __len__(self) -> int:
        return len(self.read())

    def __getitem__(self, i: Any) -> Any:
        return self.read()[i]

    def __iter__(self) -> Iterator[frozenset[str]]:
        return iter(self.read())

    def __bool__(self) -> bool:
        return bool(self.read())


def same_byline(text: str, bylines: Sequence[frozenset[str]]) -> bool:
    """True when a "By ..." line names the page's own byline (two name words, or all of
    a one-word name, in common)."""
    if not bylines:
        return False
    toks = name_tokens(text)
    if not toks:
        return False
    return any(len(toks & b) >= min(2, len(toks), len(b)) for b in bylines)


def headline_inside(roots: Sequence[etree._Element], titles: Sequence[str]) -> bool:
    """True when a chosen container holds the page's headline (an h1, or any heading,
    whose text is one of ``titles``): a "By" line under it is the article's byline."""
    if not titles:
        return False
    for r in roots:
        for i, h in enumerate(r.iter("h1", "h2", "h3")):
            if i > 20:
                break
            if is_headline(text_content(h)[:300], titles):
                return True
    return False

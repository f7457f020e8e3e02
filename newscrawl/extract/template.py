"""A site's template, learned from many of its pages (pure: no I/O).

A single page cannot tell its own boilerplate from its text; a crawl sees the same footer,
share line and "Read more" block on every article of a site. ``page_features`` reads the
cheap, comparable parts of one parsed page; ``TemplateLearner`` counts them over a site's
article pages; ``SiteTemplate`` is the result, given to ``extract_article(site=...)``.

Rules (see docs/extraction.md, "Learned site templates"):

- A text block (p, li, h2-h6, dt/dd, figcaption, and the inline text run of a div, td or
  span, at most ``MAX_BLOCK`` characters) is boilerplate when it appears on at least
  ``max(MIN_PAGES, SHARE * pages)`` of the site's article pages. Five pages rule out a
  few linked stories quoting each other, and keep an early template (learned from the
  first 10 pages of a crawl) from taking a stock sentence three stories share for
  furniture; 30 % catches furniture shown on only some templates or rotated among a few
  variants, while real paragraphs recur far less (the most repeated paragraph of a
  200-post replica built from a sentence bank is on 11 %).
- A title prefix/suffix ("Site: ", " | Site") is learned when the same text surrounds the
  page's headline (its ``h1``) in ``<title>``/``og:title`` on as many pages; an
  excerpt tail ("TITLE - EXCERPT", Yoast) when the text after the headline is the start
  of the page's description on as many pages.
- An author's bio box: a block is that author's when every counted page holding it
  credits that author (learned per block as the authors common to its pages), and it is
  on at least ``MIN_BIO_PAGES`` pages and at least ``BIO_SHARE`` of that author's pages.
  Bios repeat only with their author, so on a site with many writers each is far under
  the 30 % rule; a paragraph that a few stories share is not tied to one author on half
  of that author's pages.
- Memory is bounded: only the first ``max_pages`` article pages of a host are counted
  (a template is stable long before that), and block counters are pruned of single
  sightings once they pass ``max_keys`` (true boilerplate repeats and comes back).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from lxml import etree

from .clean import char_pairs, replace_chars, text_content

__all__ = ["PageFeatures", "PageTemplate", "SiteTemplate", "TemplateLearner", "norm_block", "page_features"]

FORMAT = 1  # JSON layout of SiteTemplate; a different FORMAT is not read back
MIN_PAGES = 5
SHARE = 0.30
AREA_LEFT_SHARE = 0.05  # a content area the body left on more long pages is not trusted
MIN_BIO_PAGES = 3  # an author's block: on this many of the author's pages...
BIO_SHARE = 0.5  # ... and on this share of them (a bio box shows on every one)
MAX_AUTHORS = 5  # pages crediting more people teach nothing about one author's box
MAX_BLOCK = 300  # longer texts are content, not furniture
MAX_BLOCKS_PER_PAGE = 600
MAX_ELEMENTS = 30_000  # elements looked at per page

_BLOCK_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
                         "blockquote", "address", "caption", "th"})
_RUN_TAGS = frozenset({"div", "td", "span", "section", "article", "aside", "header", "footer"})
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em",
                     "font", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                     "sub", "sup", "time", "u", "var", "wbr", "img", "label"})
_READ_TAGS = ("h1", *sorted(_BLOCK_TAGS | _RUN_TAGS))
_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "option",
                   "select", "textarea", "button"})
# Separators between a headline and a site name or an appended excerpt.
_SEP = re.compile(r"\s*(?:[:|»·•]|::)\s+|\s+[-–—~/]\s+|\s+[|»·•]\s*")
_TRANS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "\xa0": " ", "…": "..."})
# Same-length folding, for finding a headline's position inside a title.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "})
_TRANS_PAIRS, _FOLD_PAIRS = char_pairs(_TRANS), char_pairs(_FOLD)
_SEP_END = re.compile(r"(?:\s*(?:[:|»·•]|::)|\s+[-–—~/])\s*$")
_WS = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\[\.\.\.\])\s*$")


def _clean(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip()


def norm_text(s: str) -> str:
    """Comparison form of a title or description: casefolded, quotes/dashes unified."""
    s = replace_chars(unicodedata.normalize("NFKC", s or ""), _TRANS_PAIRS).casefold()
    return _WS.sub(" ", s).strip()


@lru_cache(maxsize=8192)
def norm_block(s: str) -> str:
    """Comparison form of a block: as ``norm_text``, digits masked ("12 Comments" and
    "3 Comments" are one block). Cached: a site's navigation, footer and widgets repeat
    on every page."""
    return _DIGITS.sub("0", norm_text(s))


@dataclass
class PageFeatures:
    """The parts of one page a template is learned from (all texts whitespace-collapsed)."""

    title: str = ""
    og_title: str = ""
    site_name: str = ""
    h1: tuple[str, ...] = ()
    description: str = ""
    blocks: frozenset[str] = frozenset()  # norm_block texts, deduplicated
    authors: tuple[str, ...] = ()  # the people the page credits (set by extract_article)
    # The page's marked content area (``area_signature``) and what the body made of it
    # (set by extract_article): "kept" (a long area, the body most of it), "left" (a long
    # area the body is not most of), "short" (too short to tell); "" without an area.
    content_area: str = ""
    area_state: str = ""


def _run_text(el: etree._Element) -> str:
    """The inline run directly inside ``el``: its text, inline children, tails."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE:
            try:
                parts.append(text_content(child))
            except (ValueError, AttributeError):
                parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(root: etree._Element, *keys: str) -> str:
    for key in keys:
        for el in root.iterfind(".//meta"):
            if (el.get("property") or el.get("name") or "").lower() == key:
                value = _clean(el.get("content"))
                if value:
                    return value
    return ""


def area_signature(el: etree._Element) -> str:
    """A content area as the same string on every page of a theme: its tag, itemprop and
    classes without digits (``div.entry-content``; ``post-123`` dropped)."""
    classes = sorted({c for c in (el.get("class") or "").split() if not any(ch.isdigit() for ch in c)})
    prop = el.get("itemprop")
    return (str(el.tag) + (f"[itemprop={prop}]" if prop else "")
            + "".join("." + c for c in classes))[:200]


def page_features(root: etree._Element) -> PageFeatures:
    """Features of one parsed page; read before anything modifies the tree."""
    title_el = root.find(".//title")
    title = _clean(text_content(title_el) if title_el is not None and hasattr(title_el, "text_content")
                   else (title_el.text if title_el is not None else ""))
    body = root.find("body")
    scope = body if body is not None else root
    h1s: list[str] = []
    blocks: set[str] = set()
    raws: set[str] = set()  # texts already seen on this page: normalise each once
    # Everything inside script/style/... is skipped; collected first, at C speed, so the
    # main walk needs no parent look-ups.
    skipped: set[etree._Element] = set()
    for el in scope.iter(*_SKIP):
        skipped.update(el.iter())
    if _ELEMENTS(scope) < MAX_ELEMENTS:
        # The element limit cannot be reached: only the elements of the tags read are
        # visited (picked in C, in the same document order).
        walk: Iterator[etree._Element] = scope.iter(*_READ_TAGS)
    else:
        walk = islice(scope.iter(etree.Element), MAX_ELEMENTS)
    block_tags, run_tags = _BLOCK_TAGS, _RUN_TAGS
    for el in walk:
        if len(blocks) >= MAX_BLOCKS_PER_PAGE:
            break
        tag = el.tag
        if skipped and el in skipped:
            continue
        if tag == "h1":
            t = " ".join(text_content(el).split())
            if t and len(h1s) < 5:
                h1s.append(t)
            continue
        if tag in block_tags:
            raw = text_content(el)
        elif tag in run_tags:
            raw = _run_text(el)
        else:
            continue
        if len(raw) < 2 or raw in raws:
            continue
        raws.add(raw)
        if len(raw) > 4 * MAX_BLOCK and len(_clean(raw)) > MAX_BLOCK:
            continue
        text = " ".join(raw.split())
        if 2 <= len(text) <= MAX_BLOCK:
            blocks.add(norm_block(text))
    return PageFeatures(
        title=title if len(title) <= 400 else "",
        og_title=_meta(root, "og:title"),
        site_name=_meta(root, "og:site_name"),
        h1=tuple(h1s),
        description=_meta(root, "description", "og:description"),
        blocks=frozenset(blocks),
    )


@dataclass
class SiteTemplate:
    """What a site's article pages share. ``version`` is a hash of the content, so two
    templates that would extract alike have the same version."""

    host: str
    pages: int = 0
    site_name: str | None = None
    title_prefixes: tuple[str, ...] = ()  # as written, separator included ("Site: ")
    title_suffixes: tuple[str, ...] = ()  # " | Site"
    excerpt_tail: bool = False  # titles end " - EXCERPT" (Yoast "TITLE - %%excerpt%%")
    boilerplate: frozenset[str] = frozenset()  # norm_block texts
    author_blocks: frozenset[str] = frozenset()  # norm_block texts of author bio boxes
    # Per author block: whose it is (`norm_text` of the names common to its pages). A
    # template stored before this was learned has none: its author blocks count anywhere.
    author_owners: dict[str, frozenset[str]] = field(default_factory=dict)
    # Content areas (``area_signature``) whose text is this site's article: the body kept
    # most of a long one on many pages and hardly ever left one. On a short page such an
    # area needs no second opinion on the body either.
    content_areas: frozenset[str] = frozenset()
    version: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.version:
            self.version = self._hash()

    def _content(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT, "host": self.host, "site_name": self.site_name,
            "title_prefixes": list(self.title_prefixes), "title_suffixes": list(self.title_suffixes),
            "excerpt_tail": self.excerpt_tail, "boilerplate": sorted(self.boilerplate),
        }
        if self.author_blocks:  # absent when empty: older templates keep their version
            out["author_blocks"] = sorted(self.author_blocks)
        if self.author_owners:  # the same
            out["author_owners"] = {b: sorted(names) for b, names in sorted(self.author_owners.items())}
        if self.content_areas:  # the same
            out["content_areas"] = sorted(self.content_areas)
        return out

    def _hash(self) -> str:
        blob = json.dumps(self._content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]

    # --- use -------------------------------------------------------------------------
    def is_boilerplate(self, text: str, authors: list[str] | tuple[str, ...] | None = None) -> bool:
        """Whether a block of text is one of the site's repeated blocks. An author's block
        (a bio box) counts on a page crediting one of its authors, or when ``authors``
        is not given or empty (the page's credit unknown): on another writer's page the
        same text is something else (a related post that chance showed only beside one
        writer's stories on a small site)."""
        if not (self.boilerplate or self.author_blocks) or not text or len(text) > 2 * MAX_BLOCK:
            return False
        key = norm_block(text)
        if key in self.boilerplate:
            return True
        if key not in self.author_blocks:
            return False
        owners = self.author_owners.get(key)
        if owners is None or not authors:
            return True
        return any(norm_text(a) in owners for a in authors)

    def site_names(self) -> list[str]:
        """The site name and the cores of the learned affixes ("Site" of "Site: ")."""
        names = [self.site_name] if self.site_name else []
        for affix in (*self.title_prefixes, *self.title_suffixes):
            core = _SEP.sub(" ", affix).strip(" :|-–—»·•~/")
            if core and core not in names:
                names.append(core)
        return names

    def strip_title(self, title: str, description: str | None = None) -> str:
        """``title`` without the learned prefix/suffix and, when learned, an excerpt tail.

        Only learned affixes and a tail equal to the start of ``description`` are removed,
        so a headline's own colon or dash stays; never returns an empty string.
        """
        original = _clean(title)
        t = original
        for prefix in sorted(self.title_prefixes, key=len, reverse=True):
            if len(t) > len(prefix) and norm_text(t[: len(prefix)]) == norm_text(prefix):
                t = t[len(prefix):].strip()
                break
        for suffix in sorted(self.title_suffixes, key=len, reverse=True):
            if len(t) > len(suffix) and norm_text(t[-len(suffix):]) == norm_text(suffix):
                t = t[: -len(suffix)].strip()
                break
        if self.excerpt_tail and description:
            t = _cut_excerpt(t, description)
        return t or original

    # --- storage ---------------------------------------------------------------------
    def to_json(self) -> str:
        """JSON text (sorted, stable); ``from_json`` reads it back equal."""
        data = {**self._content(), "pages": self.pages, "version": self.version}
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SiteTemplate:
        """The template written by ``to_json``; ValueError on another format."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"site template format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            host=data["host"], pages=int(data.get("pages") or 0), site_name=data.get("site_name"),
            title_prefixes=tuple(data.get("title_prefixes") or ()),
            title_suffixes=tuple(data.get("title_suffixes") or ()),
            excerpt_tail=bool(data.get("excerpt_tail")),
            boilerplate=frozenset(data.get("boilerplate") or ()),
            author_blocks=frozenset(data.get("author_blocks") or ()),
            author_owners={b: frozenset(names) for b, names in (data.get("author_owners") or {}).items()},
            content_areas=frozenset(data.get("content_areas") or ()),
            version=data.get("version") or "",
        )


class PageTemplate:
    """A site's template bound to one page's credited authors: ``is_boilerplate(text)`` as
    the body filters ask it, with the page's authors deciding the author blocks."""

    def __init__(self, site: Any, authors: tuple[str, ...]) -> None:
        self.site = site  # a SiteTemplate, or anything that answers as one
        self.authors = authors

    def is_boilerplate(self, text: str) -> bool:
        return bool(self.site.is_boilerplate(text, self.authors))


def _tail_matches(tail: str, description: str) -> bool:
    """Whether ``tail`` is the description, or its start (cut by the title's length)."""
    nt = norm_text(_ELLIPSIS.sub("", replace_chars(tail, _TRANS_PAIRS)))
    nd = norm_text(description)
    return len(nt) >= 10 and (nd == nt or nd.startswith(nt))


def _cut_excerpt(title: str, description: str) -> str:
    """Cut a trailing separator + start-of-description (the leftmost cut that matches)."""
    for m in _SEP.finditer(title):
        if m.start() == 0:
            continue
        if _tail_matches(title[m.end():], description):
            return title[: m.start()].strip()
    return title


@dataclass
class _HostCounts:
    pages: int = 0  # article pages counted
    seen: int = 0  # article pages offered, counted or not
    blocks: Counter[str] = field(default_factory=Counter)
    prefixes: Counter[str] = field(default_factory=Counter)
    suffixes: Counter[str] = field(default_factory=Counter)
    site_names: Counter[str] = field(default_factory=Counter)
    excerpt_tails: int = 0
    # Per block (a key of ``blocks``): the authors every page holding it credits; absent
    # once a page credits nobody in common. Pages per author, for the share.
    block_authors: dict[str, frozenset[str]] = field(default_factory=dict)
    author_pages: Counter[str] = field(default_factory=Counter)
    areas_kept: Counter[str] = field(default_factory=Counter)  # content area -> pages
    areas_left: Counter[str] = field(default_factory=Counter)


def _affixes(raw: str, h1s: tuple[str, ...], description: str) -> tuple[str | None, str | None, bool]:
    """(prefix, suffix, excerpt tail?) around the page's headline in one title."""
    t = _clean(raw)
    if not t:
        return None, None, False
    nt = replace_chars(t, _FOLD_PAIRS).lower()
    for h in h1s:
        fh = replace_chars(h, _FOLD_PAIRS).lower()
        pos = nt.find(fh) if len(h) >= 4 and len(fh) == len(h) and len(nt) == len(t) else -1
        if pos < 0:
            continue
        prefix, rest = t[:pos], t[pos + len(h):]
        tail = False
        if rest and description:
            m = _SEP.match(rest)
            if m and _tail_matches(rest[m.end():], description):
                rest, tail = "", True
        ok_prefix = prefix if prefix and _SEP_END.search(prefix) and len(prefix) <= 80 else None
        ok_suffix = rest if rest and _SEP.match(rest) and len(rest) <= 80 else None
        return ok_prefix, ok_suffix, tail
    # No headline on the page to anchor on: the first and last separated segments.
    seps = list(_SEP.finditer(t))
    if not seps:
        return None, None, False
    first, last = seps[0], seps[-1]
    prefix = t[: first.end()] if first.start() > 0 and first.end() <= 80 else None
    suffix = t[last.start():] if len(t) - last.start() <= 80 and last.end() < len(t) else None
    return prefix, suffix, False


class TemplateLearner:
    """Counts page features per host and builds ``SiteTemplate``s (bounded memory)."""

    def __init__(self, *, max_pages: int = 1000, max_keys: int = 20_000,
                 min_pages: int = MIN_PAGES, share: float = SHARE) -> None:
        self.max_pages = max_pages
        self.max_keys = max_keys
        self.min_pages = min_pages
        self.share = share
        self._hosts: dict[str, _HostCounts] = {}

    def pages(self, host: str) -> int:
        """Article pages of ``host`` counted so far."""
        counts = self._hosts.get(host)
        return counts.pages if counts else 0

    def full(self, host: str) -> bool:
        """Whether ``host`` has had all the pages it will count (its template is final)."""
        return self.pages(host) >= self.max_pages

    def add(self, host: str, features: PageFeatures) -> bool:
        """Count one article page of ``host``; False once the host's quota is reached."""
        c = self._hosts.setdefault(host, _HostCounts())
        c.seen += 1
        if c.pages >= self.max_pages:
            return False
        c.pages += 1
        c.blocks.update(features.blocks)
        _count_authors(c, features)
        if len(c.blocks) > self.max_keys:
            _prune(c.blocks, self.max_keys)
            c.block_authors = {k: v for k, v in c.block_authors.items() if k in c.blocks}
        prefixes, suffixes, tail = set(), set(), False
        for raw in {features.title, features.og_title}:
            p, s, t = _affixes(raw, features.h1, features.description)
            if p:
                prefixes.add(p)
            if s:
                suffixes.add(s)
            tail = tail or t
        c.prefixes.update(prefixes)
        c.suffixes.update(suffixes)
        c.excerpt_tails += tail
        if features.site_name:
            c.site_names[features.site_name] += 1
        if features.content_area and features.area_state == "kept":
            c.areas_kept[features.content_area] += 1
        elif features.content_area and features.area_state == "left":
            c.areas_left[features.content_area] += 1
        for counter in (c.prefixes, c.suffixes, c.site_names, c.author_pages, c.areas_kept,
                        c.areas_left):
            if len(counter) > self.max_keys:
                _prune(counter, self.max_keys)
        return True

    def threshold(self, pages: int) -> int:
        """Pages a text must be on to count as the site's template."""
        return max(self.min_pages, math.ceil(self.share * pages))

    def build(self, host: str) -> SiteTemplate:
        """The template of ``host`` from what has been counted (empty when too few pages)."""
        c = self._hosts.get(host) or _HostCounts()
        if c.pages < self.min_pages:
            return SiteTemplate(host=host, pages=c.pages)
        need = self.threshold(c.pages)
        prefixes = tuple(sorted(p for p, n in c.prefixes.items() if n >= need))
        suffixes = tuple(sorted(s for s, n in c.suffixes.items() if n >= need))
        name = next((n for n, k in c.site_names.most_common(1) if k >= need), None)
        boilerplate = frozenset(b for b, n in c.blocks.items() if n >= need)
        blocks = [b for b in _author_blocks(c) if b not in boilerplate]
        return SiteTemplate(
            host=host, pages=c.pages, site_name=name,
            title_prefixes=prefixes, title_suffixes=suffixes,
            excerpt_tail=c.excerpt_tails >= need,
            boilerplate=boilerplate,
            author_blocks=frozenset(blocks),
            author_owners={b: c.block_authors[b] for b in blocks},
            content_areas=_trusted_areas(c, self.min_pages),
        )


def _trusted_areas(c: _HostCounts, min_pages: int) -> frozenset[str]:
    """Areas the body kept on at least ``min_pages`` long pages and left on at most
    AREA_LEFT_SHARE of the long pages they were on (short pages say nothing either way)."""
    return frozenset(a for a, kept in c.areas_kept.items()
                     if kept >= min_pages and c.areas_left[a] <= AREA_LEFT_SHARE * (kept + c.areas_left[a]))


def _count_authors(c: _HostCounts, features: PageFeatures) -> None:
    """Narrow each block's common authors with this page's (``c.blocks`` already counted)."""
    authors = frozenset(a for a in (norm_text(x) for x in features.authors[:MAX_AUTHORS + 1]) if a)
    if len(authors) > MAX_AUTHORS:
        authors = frozenset()
    c.author_pages.update(authors)
    common = c.block_authors
    for b in features.blocks:
        if c.blocks[b] == 1:  # first sighting (or first since pruned)
            if authors:
                common[b] = authors
            continue
        prev = common.get(b)
        if prev is not None:
            both = prev & authors
            if both:
                if both != prev:
                    common[b] = both
            else:
                del common[b]


def _author_blocks(c: _HostCounts) -> list[str]:
    """Blocks tied to one author (or one team) on enough of that author's pages."""
    out = []
    for b, authors in c.block_authors.items():
        n = c.blocks.get(b, 0)
        if n < MIN_BIO_PAGES:
            continue
        # The least prolific of the common authors: a co-written team's box shows on
        # every page the team shares, however many pages each writes alone.
        least = min(c.author_pages.get(a, 0) for a in authors)
        if least and n >= BIO_SHARE * least:
            out.append(b)
    return out


def _prune(counter: Counter[str], limit: int) -> None:
    """Drop the rarest keys until ``counter`` is under 90 % of ``limit``."""
    floor = 1
    while len(counter) > 0.9 * limit:
        for key in [k for k, n in counter.items() if n <= floor]:
            del counter[key]
        floor += 1

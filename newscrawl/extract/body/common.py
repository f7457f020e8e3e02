"""Shared by the body stages: the bounds, text lengths, CSS selection for profile rules,
and the text normalisation used to compare lines with the headline."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..clean import char_pairs, class_tokens, replace_chars
from ..vocabulary import SCRIPT_FULL_STOPS

# Bounds: beyond these a page is processed partially rather than slowly.
MAX_NODES = 60_000  # elements scored
MAX_EMIT_NODES = 60_000  # elements walked when writing the body
MAX_TEXT = 2_000_000  # characters of body text

# Typographic dashes, quotes and NBSP as ASCII, for comparing lines with the headline.
DASHES = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2015": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\xa0": " ",
    }
)


@lru_cache(maxsize=256)
def _selector(css: str) -> etree.XPath | None:
    from lxml.cssselect import CSSSelector

    try:
        return CSSSelector(css)
    except Exception:  # noqa: BLE001 - a bad selector in a profile is ignored
        return None


_CLASS_SELECTOR = re.compile(r"^\.(-?[A-Za-z_][\w-]*)$")
_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")


@lru_cache(maxsize=64)
def class_names(selectors: tuple[str, ...]) -> frozenset[str] | None:
    """The class names when every selector is a plain class selector (``.share-box``,
    what site profiles mostly hold), else None."""
    names = []
    for css in selectors:
        m = _CLASS_SELECTOR.match(css.strip())
        if m is None:
            return None
        names.append(m.group(1))
    return frozenset(names)


def select_classes(root: etree._Element, names: frozenset[str]) -> list[etree._Element]:
    """The elements (``root`` included) with any of the classes ``names``, in document
    order: one pass over the elements that have a class, instead of a tree walk per
    selector."""
    return [el for el in _WITH_CLASS(root) if not names.isdisjoint(class_tokens(el.get("class")))]


def select_css(root: etree._Element, css: str) -> list[etree._Element]:
    sel = _selector(css)
    if sel is None:
        return []
    try:
        return list(sel(root))
    except Exception:  # noqa: BLE001
        return []


Stats = dict[etree._Element, list[int]]


# All text below an element, as one string built in C ("".join(el.itertext()) makes a
# Python string of every text node first: five to ten times slower on a whole page).
_STRING = etree.XPath("string()", smart_strings=False)


def text_len(el: etree._Element) -> int:
    """Characters of ``el``'s text (``"".join(el.itertext())``), stripped."""
    return len(_STRING(el).strip())


_DASH_PAIRS = char_pairs(DASHES)


@lru_cache(maxsize=1024)  # a block's text is compared with the headline more than once
def norm(s: str) -> str:
    return " ".join(replace_chars(s, _DASH_PAIRS).casefold().split())


def fold_dashes(s: str) -> str:
    """``s.translate(DASHES)``."""
    return replace_chars(s, _DASH_PAIRS)


# Ends like a sentence, a lead-in ("On the Net:") or a dateline ("LONDON --"), in Latin
# or in CJK punctuation (full-width stops, quotes and brackets), or with another script's
# full stop (`SCRIPT_FULL_STOPS`).
SENTENCE_END = re.compile(r"[.!?\"'”’:\-–—。！？」』）" + SCRIPT_FULL_STOPS + r"]$")
# Characters of scripts written without spaces: each counts as a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words of ``text``: spaced words, plus one per CJK character (a rough but
    script-fair count; a 20-character Japanese sentence is not "one word")."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_UNSPACED.sub(" ", text).split()) + unspaced


def reads_as_text(text: str) -> bool:
    """A paragraph of text (the first real one of an article): a long line, or a
    sentence of eight words or more."""
    text = text.strip()
    return len(text) >= 150 or (bool(SENTENCE_END.search(text)) and word_count(text) >= 8)


def outermost(els: list[etree._Element]) -> list[etree._Element]:
    """``els`` without those inside another of them, in their order."""
    chosen = set(els)
    return [el for el in els if not any(a in chosen for a in el.iterancestors())]

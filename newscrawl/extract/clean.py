"""Pre-cleaning for body extraction: drop markup that is never article text.

Pure functions over an lxml tree; they modify the tree in place and never recurse
(deeply nested pages must not raise RecursionError).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from .vocabulary import (
    BYLINE_CLASS_WORDS,
    BYLINE_WEAK_CLASS_WORDS,
    CONTENT_WORDS,
    DROP_TAGS,
    EMAIL_BODY_TOKEN,
    JUNK_WORDS,
    NOT_BYLINE_CLASS_WORDS,
    SCREEN_READER_CLASS,
    STATE_CLASS_TOKEN,
    STATUS_CLASS_TOKENS,
    STRONG_JUNK_WORDS,
    TAXONOMY_CLASS,
    TEMPLATE_POST_TYPE,
    WP_PAGE_POST_CLASS,
    WP_POST_CLASS,
)

_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def text_content(el: etree._Element) -> str:
    """``el.text_content()``: all the text below ``el`` (XPath ``string()``), as libxml2's
    text serialiser writes it for an element, ~3x faster than evaluating the XPath on an
    element of paragraph size. (Other nodes go to ``text_content()``, which raises for a
    comment as before.)"""
    if isinstance(el, HtmlElement) or (isinstance(el, etree._Element) and isinstance(el.tag, str)):
        # (a plain etree element too: another extractor's tree mixes both kinds)
        return etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    return el.text_content()  # type: ignore[attr-defined, no-any-return]


def char_pairs(table: dict[int, str]) -> tuple[tuple[str, str], ...]:
    """The (character, replacement) pairs of a `str.maketrans` table, for `replace_chars`.

    Only for tables of non-ASCII characters whose replacements hold none of them: then
    replacing them one after the other is what `str.translate` does."""
    pairs = tuple((chr(k), v) for k, v in table.items())
    if any(c.isascii() or any(c in v for _, v in pairs) for c, _ in pairs):
        raise ValueError("char_pairs: an ASCII character, or a replacement holding a character")
    return pairs


def replace_chars(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text.translate(table)`` for the table of ``pairs`` (`char_pairs`), by one
    `str.replace` per character present. `str.translate` looks every character of a
    non-ASCII text up in a dict: fifty times slower on a page's worth of text."""
    if text.isascii():
        return text
    for char, repl in pairs:
        if char in text:
            text = text.replace(char, repl)
    return text


# What XPath's normalize-space() splits on, so CSS class matching: not str.split()'s
# whitespace, which also splits at no-break spaces.
XML_SPACE = re.compile(r"[ \t\r\n]+")


@lru_cache(maxsize=4096)
def class_tokens(cls: str) -> frozenset[str]:
    """The tokens of a class attribute as a CSS class selector sees them (case kept);
    remembered per value: a page repeats a few class strings on most of its elements."""
    return frozenset(XML_SPACE.split(cls))


def class_id_words(el: etree._Element) -> frozenset[str]:
    """Lower-cased words of an element's class and id, whole and split at "-"/"_".
    Remembered per (class, id) value: a page repeats a few class strings on most of its
    elements, and the junk and caption tests ask for every element they walk."""
    return _words_of(el.get("class") or "", el.get("id") or "")


@lru_cache(maxsize=8192)
def _words_of(cls: str, ident: str) -> frozenset[str]:
    raw = f"{cls} {ident}"
    if not raw.strip():
        return frozenset()
    words = set(raw.lower().split())
    for w in raw.split():
        parts = [p for p in _SPLIT.split(w) if p]
        words.update(p.lower() for p in parts)
        # A BEM element's own name: "article-content__reg-wall" → "reg-wall".
        words.update(p.lower() for p in w.split("__")[1:] if p.strip("_-"))
        # A generated class name (CSS-in-JS, CSS modules) carries its component's name in
        # camel case beside a hash ("ssrcss-1q7f2ad-ConsentBanner", "sc-a1b2c3-ShareBar",
        # "styles_relatedList__3xK9a"): that name's words too.
        if len(parts) > 1 and any(_HASH.match(p) for p in parts):
            for p in parts:
                if _CAMEL.search(p) and not _HASH.match(p):
                    words.update(c.lower() for c in _ATTR_WORDS.findall(p))
    return frozenset(words)


_CAMEL = re.compile(r"[a-z][A-Z]")
# A hash segment: 5+ letters and digits with at least one of each ("1q7f2ad", "3xK9a").
_HASH = re.compile(r"^(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{5,}$")


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


_ADVANCED_BLOCK = re.compile(r"(?<![^\W_])adv-(?=heading|head|btn|button|tabs|accordion|gallery|form|img|image)")


def junk_kind(el: etree._Element) -> int:
    """0: not junk; 1: junk by class/id unless it holds the page's text; 2: strong junk.
    A heading's id does not count: it is an anchor made from its text for a table of
    contents ("nav_the_next_step__1"), not the name of a widget."""
    ident = "" if el.tag in _HEADING_TAGS else el.get("id") or ""
    return _junk_kind_of(el.get("class") or "", ident)


@lru_cache(maxsize=8192)
def _junk_kind_of(cls: str, ident: str) -> int:
    # Publishing options and layout states are no widget's names; a newsletter's email
    # body is its text; Kadence Blocks' "advanced" blocks ("kt-adv-heading7731_01") are
    # no adverts.
    tokens = [t for t in cls.split() if t.lower() not in STATUS_CLASS_TOKENS and not STATE_CLASS_TOKEN.match(t)]
    if any(EMAIL_BODY_TOKEN.match(t) for t in tokens):
        return 0
    cls = _ADVANCED_BLOCK.sub("advanced-", " ".join(tokens))
    words = _words_of(cls, ident)
    if not words:
        return 0
    junk = words & JUNK_WORDS
    if not junk:
        return 0
    if junk & STRONG_JUNK_WORDS:
        return 2
    # A content word protects from a junk word of another class ("entry-content
    # share-on"), not of its own: "article-newsletter", "post-related" name a widget
    # of the article (the last part says which), not the article.
    for token in f"{cls} {ident}".lower().split():
        parts = _words_of(token, "")
        if parts & CONTENT_WORDS and not parts & JUNK_WORDS:
            return 0
    return 1


def holds(outer: etree._Element, inner: etree._Element) -> bool:
    """Whether ``inner`` is ``outer`` or inside it."""
    return inner is outer or any(a is outer for a in inner.iterancestors())


def is_hidden(el: etree._Element) -> bool:
    """True for elements hidden with inline style, `hidden` or aria-hidden."""
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if el.get("hidden") is not None:
        return True
    return el.get("aria-hidden") == "true" and el.tag not in ("html", "body")


def for_screen_readers(el: etree._Element) -> bool:
    """True for text classed as for screen readers only (not shown on the page)."""
    cls = el.get("class")
    return bool(cls) and any(SCREEN_READER_CLASS.match(tok) for tok in cls.split())


def replace_with_text(el: etree._Element, text: str) -> bool:
    """Replace an element and its subtree by plain text, keeping its tail text in place;
    False when it is detached."""
    parent = el.getparent()
    if parent is None:
        return False
    joined = text + (el.tail or "")
    if joined:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + joined
        else:
            parent.text = (parent.text or "") + joined
    parent.remove(el)
    return True


_WITH_POST_CLASS = etree.XPath(".//*[contains(@class, 'post-')]")


def other_posts(scope: etree._Element, post_id: str | None) -> list[etree._Element]:
    """Below ``scope``, the elements of another post than the page's (``post_id``, from
    the body class ``postid-N``): class ``post-M``, M ≠ N (WordPress' post_class() on
    every teaser of a related-posts grid, a latest-posts list or a query loop); that
    post's, not this one's. [] without a post id."""
    if post_id is None:
        return []
    out = []
    for el in _WITH_POST_CLASS(scope):
        cls = el.get("class") or ""
        m = WP_POST_CLASS.search(cls)
        if m is not None and m.group(1) != post_id and not TEMPLATE_POST_TYPE.search(cls):
            out.append(el)
    return out


def page_post_id(body_classes: list[str]) -> str | None:
    """The WordPress post id of the page from its body classes ("postid-2231"), or None."""
    m = WP_PAGE_POST_CLASS.search(" ".join(body_classes))
    return m.group(1) if m else None


def in_other_post(el: etree._Element, post_id: str | None) -> bool:
    """Whether ``el`` is inside (or is) an element of another post than ``post_id`` (class
    ``post-M``, M ≠ the page's id): see `other_posts`."""
    if post_id is None:
        return False
    for node in (el, *el.iterancestors()):
        cls = node.get("class") or ""
        m = WP_POST_CLASS.search(cls)
        if m is not None and m.group(1) != post_id and not TEMPLATE_POST_TYPE.search(cls):
            return True
    return False


def drop_tree(el: etree._Element) -> None:
    """Remove an element and its subtree, keeping its tail text in place."""
    replace_with_text(el, "")


def strip_junk_tags(root: etree._Element) -> None:
    """Drop comments, processing instructions and never-content elements (C speed)."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)


_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# DEL and the C1 controls (U+0080-U+009F), literal or as numeric references (&#146;,
# &#x96;): read as windows-1252, as browsers do (the HTML standard maps those references
# so, and a page decoded as latin-1 meant them so); DEL and the five bytes windows-1252
# leaves undefined are dropped.
_C1 = re.compile("[\x7f-\x9f]")
_C1_REF = re.compile(r"&#(?:0*(12[7-9]|1[3-5]\d)(?![0-9])|[xX]0*([89][0-9a-fA-F]|7[fF])(?![0-9a-fA-F]));?")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _cp1252(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252") if code != 0x7F else ""
    except UnicodeDecodeError:
        return ""


_C1_MAP = {code: _cp1252(code) for code in range(0x7F, 0xA0)}


# What fix_controls changes besides numeric references, and with them what _BAD_CHARS
# removes: one scan of the page (each is a third of a millisecond on a large page) says
# whether any of the slower steps is needed.
_FIXABLE = re.compile("[\x7f-\x9f\ud800-\udfff]")
_REPAIRABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The ASCII characters _REPAIRABLE matches, and its C1 controls as UTF-8.
_ASCII_REPAIRABLE = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _has_repairable(text: str) -> bool:
    """Whether `_REPAIRABLE` matches somewhere in ``text``, at a third of the cost of its
    search over a page (the regex engine tests a character class per character): a lone
    surrogate fails to encode, the ASCII ones are deleted by one C pass over the UTF-8
    bytes, the C1 controls are looked for only where a \\xc2 byte is, U+FFFE/U+FFFF by
    str find."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    if len(data.translate(None, _ASCII_REPAIRABLE)) != len(data):
        return True
    if "\ufffe" in text or "\uffff" in text:
        return True
    return b"\xc2" in data and _C1_UTF8.search(data) is not None


def fix_controls(text: str) -> str:
    """``text`` with lone surrogates replaced (U+FFFD; lxml stops a str at one) and DEL
    and C1 controls, literal or as numeric references, read as windows-1252."""
    if _FIXABLE.search(text):
        if _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        if _C1.search(text):
            text = text.translate(_C1_MAP)
    return _fix_c1_refs(text)


def read_controls(text: str) -> tuple[str, str | None]:
    """``fix_controls(text)``, and what `repair_markup`'s character steps make of that
    (None when it holds characters they remove: `repair_markup` runs them then).

    One scan of the page instead of two: a text with no character `_REPAIRABLE` matches
    has only numeric references to read, and what they are read as is never such a
    character."""
    if _has_repairable(text):
        return fix_controls(text), None
    fixed = _fix_c1_refs(text)
    # Unchanged: no reference to read, now or on a second reading.
    return fixed, fixed if fixed is text else _fix_c1_refs(fixed)


def _fix_c1_refs(text: str) -> str:
    if "&#" in text:
        text = _C1_REF.sub(lambda m: _C1_MAP[int(m.group(1)) if m.group(1) else int(m.group(2), 16)], text)
    return text
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A second <!DOCTYPE> (pages glued together) makes libxml2 stop parsing there.
# (Searched from the second character on.) Letters are spelled out rather than re.I,
# which makes a search of the whole page slow (no literal prefix to look for).
_LATE_DOCTYPE = re.compile(r"<![dD][oO][cC][tT][yY][pP][eE][^>]*>")
_END_TAGS = re.compile(r"</(?:[bB][oO][dD][yY]|[hH][tT][mM][lL])\s*>")
_HTML_END = re.compile(r"</[hH][tT][mM][lL]\s*>")


def repair_markup(html: str, *, chars_read: bool = False) -> str:
    """Fix what makes libxml2 refuse or cut a page, before parsing.

    Removes characters lxml rejects and an XML declaration (refused on str input), reads
    C1 controls as windows-1252 (``fix_controls``);
    for pages glued together, removes later doctypes and the </body>/</html> tags
    that would make libxml2 drop everything after the first document.
    ``chars_read``: ``html`` is the second value of `read_controls`, whose character steps
    are done.
    """
    if not chars_read:
        if _has_repairable(html):
            html = _BAD_CHARS.sub("", fix_controls(html))
        else:  # only references left to read (they never give a character _BAD_CHARS drops)
            html = _fix_c1_refs(html)
    html = _XML_DECL.sub("", html, count=1)
    if html.find("<!", 1) != -1 and _LATE_DOCTYPE.search(html, 1):  # find: stops at the first
        html = html[:1] + _LATE_DOCTYPE.sub("", html[1:])
    m = _HTML_END.search(html)
    if m is not None and m.end() < len(html) - 200:
        html = _END_TAGS.sub("", html)
    return html


# --- byline elements (read by the authors and by the body, which drops them)

MAX_BYLINE = 160  # a longer text is a paragraph or a box, not a credit line
_ATTR_WORDS = re.compile(r"[a-z]+|[A-Z][a-z]*|[A-Z]+(?![a-z])|\d+")


def attr_words(el: etree._Element) -> frozenset[str]:
    """Lowercased words of class, id and the test/component names that templates without
    meaningful classes carry (``data-testid``, ``data-component``: "byline-block"):
    "pb-byline" → {pb, byline}; "authorName" → {author, name}."""
    return _attr_words_of(el.get("class"), el.get("id"), el.get("data-testid"), el.get("data-component"))


@lru_cache(maxsize=8192)
def _attr_words_of(*values: str | None) -> frozenset[str]:
    # Remembered per value: a page repeats a few class strings on most of its elements.
    raw = " ".join(v for v in values if v)
    if not raw.strip():
        return frozenset()
    out: set[str] = set()
    for tok in _SPLIT.split(raw):
        if tok:
            out.add(tok.lower())
            out.update(w.lower() for w in _ATTR_WORDS.findall(tok))
    return frozenset(out)


def byline_kind(el: etree._Element) -> int:
    """2: an author/byline element; 1: a credit/meta element (a byline only if its text
    says so); 0: neither."""
    if el.get("itemprop") == "author" or "author" in (el.get("rel") or "").lower().split():
        return 2
    words = attr_words(el)
    if not words or words & NOT_BYLINE_CLASS_WORDS or TAXONOMY_CLASS.search(el.get("class") or ""):
        return 0
    if words & BYLINE_CLASS_WORDS:
        return 2
    if words & BYLINE_WEAK_CLASS_WORDS:
        return 1
    return 0

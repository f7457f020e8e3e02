"""Stage 1, parse repair: markup libxml2 refuses or cuts, documents it abandons early, and
an unclosed <title> that swallowed the page."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..clean import repair_markup
from .common import text_len


def _html_parser(**kwargs: object) -> etree.HTMLParser:
    """An HTML parser giving the same element classes as ``lxml.html.HTMLParser``
    (HtmlElement, FormElement for <form>...), looked up in C: lxml.html's own lookup is
    a Python method called for every element proxy lxml creates, some 8 % of the
    extractor's time (the tree, its copies and the second opinions all use it)."""
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    # Tag names from libxml2's HTML parser are lowercase, as lxml.html's lookup expects.
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    parser = etree.HTMLParser(**kwargs)
    parser.set_element_class_lookup(lookup)
    return parser


# huge_tree: libxml2 stops reading at 256 nested elements otherwise (and drops all text
# below, silently); with it, at 2,048 (`_too_deep`).
_PARSER = _html_parser(huge_tree=True)
_UTF8_PARSER = _html_parser(encoding="utf-8", huge_tree=True)

# Set on the root of a page that libxml2 stopped reading at its depth limit and the
# soupparser could not read either (see parse.parse_html, which reports it).
TOO_DEEP = "data-newscrawl-too-deep"


def _too_deep(parser: etree.HTMLParser) -> bool:
    """Whether the parser's last document went deeper than libxml2 reads."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log.filter_from_fatals())


def parse_html(html: str | bytes, *, chars_read: bool = False) -> lxml.html.HtmlElement | None:
    """Parse a page into an lxml tree; None when there is nothing to parse.

    Bytes are decoded as UTF-8 (with replacement); the markup is repaired first
    (`repair_markup`); if lxml still refuses the text it is parsed as UTF-8 bytes, and
    if libxml2 abandons the document early it is re-read with the soupparser.
    ``chars_read``: as `repair_markup`'s.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    html = repair_markup(html, chars_read=chars_read)
    if not html.strip():
        return None
    root = None
    parser = _PARSER
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except ValueError:
        try:
            data = html.encode("utf-8", "replace")
            parser = _UTF8_PARSER
            root = lxml.html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            root = None
    except (etree.ParserError, etree.XMLSyntaxError):
        root = None
    deep = _too_deep(parser)
    if deep or (len(html) > 2000 and (root is None or _cut_short(root, len(html)))):
        # libxml2 gave up early (a mangled tag near the top, or nesting past its depth
        # limit): an html.parser-based parse is slower but reads on.
        soup = _soup_parse(html)
        if soup is not None:
            root = soup
        elif deep and root is not None:
            root.set(TOO_DEEP, "1")
    return root


_TEXT_LENGTH = etree.XPath("string-length(string())")


def _cut_short(root: lxml.html.HtmlElement, size: int) -> bool:
    """Whether the serialised tree is under a fifth of the page's ``size``. It holds all
    of the tree's text, each character a byte or more (ASCII with character references):
    a text that long settles it without serialising the page."""
    if _TEXT_LENGTH(root) >= size // 5:
        return False
    return len(etree.tostring(root)) < size // 5


def _soup_parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        from lxml.html import soupparser

        root = soupparser.fromstring(html)
    except Exception:  # noqa: BLE001 - optional fallback (bs4 may be absent)
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


_TAG_START = re.compile(r"<[A-Za-z!/]")


def repair_open_title(root: etree._Element) -> etree._Element:
    """Re-parse a page whose unclosed <title> swallowed the rest of the document.

    libxml2 reads <title> as raw text up to "</title>"; when that never comes, the
    whole page ends up as the title's text and the body is empty.
    """
    for t in root.iter("title"):
        raw = t.text or ""
        if len(raw) < 300:
            continue
        m = _TAG_START.search(raw)
        if m is None:
            continue
        # Text outside the title (the title may sit in <body> after a wrapping parser).
        rest = text_len(root) - len(raw.strip())
        if rest > len(raw) // 4:
            continue
        fixed = parse_html(raw[m.start() :])
        if fixed is not None:
            return fixed
    return root


def read_noframes(root: etree._Element) -> etree._Element:
    """A frameset page's ``<noframes>`` copy read as the page's body, in place.

    libxml2 keeps the content of ``<noframes>`` as raw text; on a frameset page (1990s
    and 2000s sites) that copy, kept for browsers and search engines without frames, is
    the only text the page has. Returns ``root``."""
    if root.find(".//frameset") is None:
        return root
    body = root.find("body")
    if body is None:  # a frameset document has none
        body = lxml.html.Element("body")
        root.append(body)
    elif text_len(body) > 200:
        return root
    for nf in root.iter("noframes"):
        raw = nf.text or ""
        if _TAG_START.search(raw) is None:
            continue
        copy = parse_html(raw)
        copy_body = copy.find("body") if copy is not None else None
        if copy_body is None or text_len(copy_body) <= text_len(body):
            continue
        for child in list(copy_body):
            body.append(child)
        if copy_body.text and copy_body.text.strip():
            body.text = (body.text or "") + copy_body.text
        for fs in list(root.iter("frameset")):
            if fs.getparent() is not None and fs.getparent().tag != "frameset":
                fs.getparent().remove(fs)
        break
    return root

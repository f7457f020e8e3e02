"""Bytes to text, as Scrapy's ``TextResponse.text`` decodes a response, but for codecs
no page is in (see `decode_html`).

One decoder for the crawl, the re-parse of WARC captures and the tests, so that a
capture re-parsed later reads as the live page did.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_to_unicode, resolve_encoding

__all__ = ["decode_html", "detect_encoding", "read_as", "web_encoding"]

# Codecs Python has and no browser does: text codecs no page is served in (transforms
# of bytes, zlib, base64, rot13..., are ruled out by codecs' own flag).
_NOT_WEB = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined",
                      "charmap"})


def web_encoding(name: str) -> bool:
    """Whether a page can be in ``name`` (a codec name as w3lib resolves labels)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True) and info.name not in _NOT_WEB


def detect_encoding(data: bytes) -> str:
    """The encoding of bytes that declare none a page can be in: Scrapy's detection,
    else UTF-8 (undecodable bytes then read as U+FFFD)."""
    return _auto_detect(data) or "utf-8"


def _auto_detect(data: bytes) -> str | None:
    # Scrapy's TextResponse._auto_detect_fun: ASCII, then UTF-8, then charset_normalizer.
    for enc in ("ascii", "utf-8"):
        try:
            data.decode(enc)
        except UnicodeError:
            continue
        return resolve_encoding(enc)
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    return resolve_encoding(match.encoding) if match else None


# Declared single-byte Western codecs (as w3lib resolves "iso-8859-1", "latin1", "ascii").
_WESTERN = frozenset({"cp1252", "iso8859-1", "ascii"})


def read_as(declared: str, data: bytes) -> str:
    """The codec to read ``data`` in, given the ``declared`` one: declared Western
    single-byte (``iso-8859-1``, windows-1252) but the bytes are strict UTF-8 with
    non-ASCII text in them, UTF-8 (a site moved to UTF-8 that kept its old label or
    server default: read the label's way, every accented letter becomes two, "envÃ­os";
    such byte pairs are vanishingly rare in real cp1252 text); else the declared one."""
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return declared
    if name not in _WESTERN or data.isascii():
        return declared
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return declared
    return "utf-8"


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decode page bytes as Scrapy does: BOM, then the Content-Type charset, then
    ``<meta charset>``/http-equiv, then auto-detection (ASCII, UTF-8, charset_normalizer).

    Labels are resolved the WHATWG way (``iso-8859-1`` means cp1252), undecodable bytes
    become U+FFFD. Text is returned unchanged. Unlike Scrapy (which then decodes garbage,
    or raises), a declared codec no page can be in (``charset=rot13``, ``zlib``,
    ``base64``, ``idna``...) is passed over, as browsers pass over labels they do not
    know: the bytes are read as if nothing were declared; and UTF-8 bytes labelled
    Western single-byte are read as UTF-8 (`read_as`).
    """
    if isinstance(data, str):
        return data
    data = bytes(data)
    # TextResponse.encoding: the declared or inferred encoding ...
    try:
        encoding, _ = html_to_unicode(
            content_type or "", data, auto_detect_fun=_auto_detect, default_encoding="ascii"
        )
    except (LookupError, UnicodeError):  # w3lib decodes too: "not a text encoding" (zlib),
        encoding = ""  # or a codec that refuses errors="replace" (idna)
    if not web_encoding(encoding):
        encoding = detect_encoding(data)
    encoding = read_as(encoding, data)
    # ... then TextResponse.text decodes the body with that encoding (a BOM still wins).
    return html_to_unicode(f"charset={encoding}", data)[1]

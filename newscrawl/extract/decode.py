"""Bytes to text, exactly as Scrapy's ``TextResponse.text`` decodes a response.

One decoder for the crawl (which extracts ``response.text``), the re-parse of WARC
captures and the tests, so that a capture re-parsed later reads as the live page did.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode, resolve_encoding

__all__ = ["decode_html"]


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


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decode page bytes as Scrapy does: BOM, then the Content-Type charset, then
    ``<meta charset>``/http-equiv, then auto-detection (ASCII, UTF-8, charset_normalizer).

    Labels are resolved the WHATWG way (``iso-8859-1`` means cp1252), undecodable bytes
    become U+FFFD. Text is returned unchanged.
    """
    if isinstance(data, str):
        return data
    data = bytes(data)
    # TextResponse.encoding: the declared or inferred encoding ...
    encoding, _ = html_to_unicode(
        content_type or "", data, auto_detect_fun=_auto_detect, default_encoding="ascii"
    )
    # ... then TextResponse.text decodes the body with that encoding (a BOM still wins).
    return html_to_unicode(f"charset={encoding}", data)[1]

"""Downloader middleware: an HTML response declaring a codec no page is in, or UTF-8
labelled Western single-byte, gets the encoding its bytes are in, before anything reads
its text.

Scrapy takes the Content-Type charset or the page's ``<meta charset>`` as Python resolves
it, so ``charset=rot13`` decodes the page with rot13, and ``zlib`` or ``base64`` (codecs
that are no text encodings) make ``response.text`` raise; Scrapy's MetaRefreshMiddleware
reads the text of every HTML response, so such a page was lost as an error. Browsers
pass over labels the Encoding Standard does not list: this middleware re-reads such a
response with ``newscrawl.extract.decode``'s detection (the decoder the spider and the
archive's re-parse use). Priority 585: after HttpCompressionMiddleware (590) has
unpacked the body, before MetaRefreshMiddleware (580). UTF-8 bytes labelled
ISO-8859-1/windows-1252 (a site moved to UTF-8 that kept its old label or its server's
default) are read as UTF-8 (``decode.read_as``). ``NEWSCRAWL_WEB_ENCODING = False``
switches it off.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import TextResponse

from newscrawl.extract.decode import detect_encoding, read_as, web_encoding


class WebEncodingMiddleware:
    """See the module docstring."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> WebEncodingMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_WEB_ENCODING", True):
            raise NotConfigured
        return cls()

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if not isinstance(response, TextResponse):
            return response
        try:
            declared = response.encoding  # resolves the label; decodes nothing
        except LookupError:
            declared = ""
        if not web_encoding(declared):
            return response.replace(encoding=detect_encoding(response.body))
        encoding = read_as(declared, response.body)
        return response if encoding == declared else response.replace(encoding=encoding)

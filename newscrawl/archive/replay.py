"""Replay from the archive: a page that answered 304 Not Modified, read back from the WARC.

A recrawl asks conditionally; a 304 has no body. When the crawl still needs the body (a
sitemap, a feed, a REST page, or an article whose record is missing or that a full walk
re-extracts), the last full capture of the URL is read from the WARC files instead of
fetching the page again. No Scrapy here: the spider turns a capture into a response.
"""

from __future__ import annotations

import logging
from typing import Any

from newscrawl.archive.warc import WarcCapture, read_capture

log = logging.getLogger(__name__)

# The headers a replayed page keeps (what parsing and the next conditional request read).
REPLAYED_HEADERS = ("content-type", "etag", "last-modified")


class WarcReplay:
    """The last full capture of a URL, found through the Store's captures index."""

    def __init__(self, store: Any, directory: str | None) -> None:
        self.store = store
        self.directory = directory or ""

    def capture(self, url: str) -> WarcCapture | None:
        """The last 200 capture of ``url`` read back from the WARC files, or None (never
        captured, archiving off, or a damaged file: the caller fetches the page again)."""
        if not self.directory:
            return None
        row = self.store.last_response(url)
        if not row:
            return None
        try:
            return read_capture(row["warc_filename"], row["warc_offset"], directory=self.directory)
        except Exception as exc:  # a damaged archive: fetch the page again instead
            log.warning("cannot replay %s from the archive: %s", url, exc)
            return None

    def body(self, url: str) -> bytes | None:
        capture = self.capture(url)
        return None if capture is None else capture.body

    @staticmethod
    def headers(capture: WarcCapture) -> list[tuple[str, str]]:
        """The capture's headers a replayed response keeps."""
        return [(k, v) for k, v in capture.headers if k.lower() in REPLAYED_HEADERS]

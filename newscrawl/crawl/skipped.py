"""A request a crawl component chose not to make or follow, with the reason kept in ``errors``.

Downloader middlewares raise ``SkippedRequest`` (an ``IgnoreRequest``, so Scrapy calls the
request's errback, where the spider records an ``ErrorItem``) for an off-site redirect or a
``Retry-After`` beyond the cap. ``classify_failure`` reads its kind, message and status.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class SkippedRequest(IgnoreRequest):
    """Not requested, or not followed, and recorded in ``errors`` as ``kind``."""

    def __init__(self, kind: str, message: str, status: int | None = None,
                 url: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.url = url  # the URL to record, when not the request's (a redirect's source)

"""Downloader middleware: Scrapy's MetaRefreshMiddleware, except that a refresh URL
urllib refuses is no refresh.

Scrapy's raises on ``<meta http-equiv="refresh" content="0; url=http://[bad">`` (a bracket
that is no IPv6 address: ``urljoin`` refuses it), and the page, article and all, was lost
as an error. Here the page goes on to the spider as if it had no refresh, as a browser
that cannot follow the URL shows the page. In Scrapy's place (580), switched off as
Scrapy's is (``METAREFRESH_ENABLED``).
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware


class SafeMetaRefreshMiddleware(MetaRefreshMiddleware):
    """See the module docstring."""

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        try:
            return super().process_response(request, response)
        except ValueError:  # urljoin's "Invalid IPv6 URL": not a place to go
            return response

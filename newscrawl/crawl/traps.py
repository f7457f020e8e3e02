"""Crawler traps: URL families that never end (calendars, endless query pages).

A non-article page whose URL has digits belongs to a family (its URL with the digits
abstracted, ``newscrawl.extract.urls.url_template``). After ``limit`` pages of one family,
its pages are no longer expanded (their links not followed). Archive pagination
(``/page/N/``, ``?paged=N``) is bounded by ``max_pagination`` instead; articles and named
pages (no digits: about, a category) are always expanded.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from newscrawl.extract.urls import url_template

log = logging.getLogger(__name__)

_PAGINATION = re.compile(r"/page/(\d+)/?$|[?&]paged?=(\d+)")


class TrapGuard:
    """Counts non-article pages per URL family; ``expand`` says whether to follow a page's
    links. ``on_trap(template)`` is called once per family found to be a trap."""

    def __init__(self, limit: int = 60, max_pagination: int = 5000,
                 on_trap: Callable[[str], None] | None = None) -> None:
        self.limit = limit
        self.max_pagination = max_pagination
        self.on_trap = on_trap
        self.pages: Counter[str] = Counter()  # family -> non-article pages seen
        self.traps: set[str] = set()  # families reported

    def expand(self, url: str, is_article: bool) -> bool:
        """Whether to follow the links of the page at ``url``."""
        if is_article:
            return True
        match = _PAGINATION.search(url)
        if match:
            return int(match.group(1) or match.group(2)) <= self.max_pagination
        parts = urlsplit(url)
        if not re.search(r"\d", parts.path + parts.query):
            return True  # a named page (about, a category): one of a kind, not a family
        template = url_template(url)
        self.pages[template] += 1
        if self.pages[template] <= self.limit:
            return True
        if template not in self.traps:
            self.traps.add(template)
            log.warning("possible crawler trap, not expanding further: %s", template)
            if self.on_trap is not None:
                self.on_trap(template)
        return False

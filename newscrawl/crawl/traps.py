"""Crawler traps: URL families that never end (calendars, endless query pages, next/prev
chains), bounded in requests even on a site never seen before.

Two bounds, both counted by the spider before it requests a link:

* **Calendars** (``calendar_key``): a URL whose path ends in a date (``/2024-05/``,
  ``/2024/05/12/``, ``/20240512/``, ``/2024-W20/``) or whose query carries one (``month``,
  ``day``, ``week``, ``year``, ``date`` parameters, or any value shaped like a date)
  belongs to the calendar named by its first path segment (``/events/month/2024-05/``,
  ``/events/2024-05-12/`` and ``/events/week/…`` are one calendar). At most
  ``calendar_limit`` of its URLs are requested; the rest are not, whatever links lead
  there. Article permalinks with a date (``/2024/05/12/slug/``) do not end in one, and a
  URL family that turned out to hold articles is never counted.
* **Families** (``url_template``: the URL with its digits abstracted): after ``limit``
  non-article pages of one family, its pages' links are no longer followed and no more of
  its URLs are requested. Archive pagination (``/page/N/``, ``?paged=N``) is bounded by
  ``max_pagination`` instead; articles and named pages (no digits: about, a category)
  are always expanded.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from newscrawl.extract.urls import url_template

log = logging.getLogger(__name__)

_PAGINATION = re.compile(r"/page/(\d+)/?$|[?&]paged?=(\d+)")
# A date as the end of a path: 2024-05, 2024-05-12, 2024/05, 2024/05/12, 20240512, 2024-W20.
_PATH_DATE = re.compile(
    r"/(?:(?:19|20|21)\d\d(?:[-/_.](?:0?[1-9]|1[0-2])(?:[-/_.](?:0?[1-9]|[12]\d|3[01]))?)?"
    r"|(?:19|20|21)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?"
    r"|(?:19|20|21)\d\d-?W\d\d)/?$")
_QUERY_DATE_KEYS = re.compile(
    r"^(?:month|day|week|year|date|yr|mo|dy|cal|calendar|ym|ymd|from|to|start|end"
    r"|tribe-bar-date|event_?date|eventdate|eventdisplay|display_date|selected_date)$",
    re.IGNORECASE)
_DATE_VALUE = re.compile(
    r"^(?:19|20|21)\d\d(?:[-/.]?(?:0?[1-9]|1[0-2])(?:[-/.]?(?:0?[1-9]|[12]\d|3[01]))?)?$"
    r"|^(?:19|20|21)\d\d-?W\d\d$")


def calendar_key(url: str) -> str | None:
    """The calendar a URL belongs to (its first path segment, ``/`` for dated archives at
    the root), or None when it carries no date at its end or in its query."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if _PAGINATION.search(url):
        return None
    dated = bool(_PATH_DATE.search(path if path.endswith("/") else path + "/"))
    if not dated and parts.query:
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if (_QUERY_DATE_KEYS.match(key) and re.search(r"\d", value)) or \
                    _DATE_VALUE.match(value.strip()):
                dated = True
                break
    if not dated:
        return None
    first = path.strip("/").split("/", 1)[0]
    return "/" if not first or re.fullmatch(r"[\d\-_.W]+", first) else f"/{first}"


class TrapGuard:
    """``admit(url)``: whether to request a discovered link; ``expand(url, is_article)``:
    whether to follow a fetched page's links. ``on_trap(name)`` is called once per family
    or calendar found to be a trap."""

    def __init__(self, limit: int = 30, max_pagination: int = 5000,
                 on_trap: Callable[[str], None] | None = None,
                 calendar_limit: int = 25) -> None:
        self.limit = limit
        self.calendar_limit = calendar_limit
        self.max_pagination = max_pagination
        self.on_trap = on_trap
        self.pages: Counter[str] = Counter()  # family -> non-article pages seen
        self.calendars: Counter[str] = Counter()  # calendar -> URLs admitted
        self.article_families: set[str] = set()  # families that held an article
        self.traps: set[str] = set()  # families and calendars reported

    def _report(self, name: str, what: str) -> None:
        if name not in self.traps:
            self.traps.add(name)
            log.warning("possible crawler trap (%s), not following further: %s", what, name)
            if self.on_trap is not None:
                self.on_trap(name)

    def admit(self, url: str) -> bool:
        """Whether to request ``url``, a link found on a page (counted when admitted)."""
        template = url_template(url)
        if template in self.traps:
            return False
        if template in self.article_families:
            return True
        calendar = calendar_key(url)
        if calendar is None:
            return True
        if self.calendars[calendar] >= self.calendar_limit:
            self._report(calendar, f"calendar, {self.calendar_limit} pages requested")
            return False
        self.calendars[calendar] += 1
        return True

    def expand(self, url: str, is_article: bool) -> bool:
        """Whether to follow the links of the page at ``url``."""
        if is_article:
            self.article_families.add(url_template(url))
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
        self._report(template, f"{self.limit} pages that are not articles")
        return False

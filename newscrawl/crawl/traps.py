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

With job state (``use_storage``), every count is also written to the crawl's state file,
in the same transactions as the frontier, so a crawl resumed after a kill goes on with
the budgets its killed run had used instead of starting them afresh.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from typing import Any
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


def is_pagination(url: str) -> bool:
    """True for a listing's numbered page (``/page/N/``, ``?paged=N``)."""
    return _PAGINATION.search(url) is not None


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
        self._storage: Any = None

    def use_storage(self, storage: Any) -> None:
        """Write every count to ``storage`` (``store.crawl_state.DiskCounters``), starting
        from what it holds (a resumed crawl's counts; nothing in a new job)."""
        saved = storage.load()
        self.pages.update(saved.get("pages", {}))
        self.calendars.update(saved.get("calendars", {}))
        self.article_families.update(saved.get("article_families", {}))
        self.traps.update(saved.get("traps", {}))
        self._storage = storage
        # What was counted before (in memory) goes to the file too.
        for kind, counts in (("pages", self.pages), ("calendars", self.calendars),
                             ("article_families", dict.fromkeys(self.article_families, 1)),
                             ("traps", dict.fromkeys(self.traps, 1))):
            for name, n in counts.items():
                storage.put(kind, name, n)

    def _save(self, kind: str, name: str, n: int = 1) -> None:
        if self._storage is not None:
            self._storage.put(kind, name, n)

    def _report(self, name: str, what: str) -> None:
        if name not in self.traps:
            self.traps.add(name)
            self._save("traps", name)
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
        self._save("calendars", calendar, self.calendars[calendar])
        return True

    def expand(self, url: str, is_article: bool) -> bool:
        """Whether to follow the links of the page at ``url``."""
        if is_article:
            family = url_template(url)
            if family not in self.article_families:
                self.article_families.add(family)
                self._save("article_families", family)
            return True
        match = _PAGINATION.search(url)
        if match:
            return int(match.group(1) or match.group(2)) <= self.max_pagination
        parts = urlsplit(url)
        if not re.search(r"\d", parts.path + parts.query):
            return True  # a named page (about, a category): one of a kind, not a family
        template = url_template(url)
        self.pages[template] += 1
        self._save("pages", template, self.pages[template])
        if self.pages[template] <= self.limit:
            return True
        self._report(template, f"{self.limit} pages that are not articles")
        return False

"""Discovery that costs what it finds: redundant archive views walked only while they pay.

A WordPress site lists every post several times over: in its sitemaps (and REST listing),
in the home page's pagination, and again in each tag, author, category and date archive.
The sitemaps and the one complete listing (the home or posts-page pagination, always
followed) find every post; the other archives are views of the same posts, so a crawl
that walked them all spent most of its requests finding nothing (40 % of 33,600 requests
on a 20,000-article site).

``ArchiveReserve`` holds the links to such archives instead of requesting them, and
releases them in small batches once the rest of the frontier is empty (the spider asks
at ``spider_idle``). A kind of archive (``tag``, ``author``, ``category``, ``date``) stays
open while its pages keep finding URLs the crawl has not covered; after
``barren_limit`` pages of a kind in a row found nothing new, the rest of that kind is
dropped. So a site whose sitemaps miss posts, or that has no complete listing, still has
its archives walked for as long as they yield.

Pure bookkeeping: URLs in, URLs out; the spider makes the requests. The held links and
the set of links ever held are in memory by default; a crawl moves them into its job
state (``use_storage``, ``newscrawl.crawl.seen``: on disk, and kept for a resumed run,
with the counters of ``snapshot``/``restore``).
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from newscrawl.extract.vocabulary import CATEGORY_PATH, TAG_PATH

log = logging.getLogger(__name__)

KINDS = ("category", "tag", "author", "date")
_AUTHOR_PATH = re.compile(r"/(?:author|authors)/[^/]+", re.I)
# A date archive: only year, month and day segments (and pagination); a dated permalink
# (/2024/05/12/slug/) has a slug after them and is not one.
_DATE_ARCHIVE = re.compile(r"^/(?:19|20|21)\d\d/(?:\d\d/){0,2}(?:page/\d+/?)?$")
_FEED = re.compile(r"/feed/?$|/(?:rss|atom)/?$")


@lru_cache(maxsize=16384)  # asked of every link of every page (bounded: see urls.canonical_url)
def archive_kind(url: str) -> str | None:
    """The kind of redundant archive ``url`` is (``tag``, ``author``, ``category``,
    ``date``), or None for any other page (articles, the home pagination, named pages)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if _FEED.search(path):
        return None
    if TAG_PATH.search(path):
        return "tag"
    if _AUTHOR_PATH.search(path):
        return "author"
    if CATEGORY_PATH.search(path):
        return "category"
    if _DATE_ARCHIVE.match(path if path.endswith("/") else path + "/") and not parts.query:
        return "date"
    return None


class ArchiveReserve:
    """Links to redundant archives, held back and released while their kind pays.

    ``hold(url)`` keeps a link (True) or declines it (False: request it as usual);
    ``record(kind, new)`` says how many uncovered URLs a fetched archive page of that
    kind found; ``release(n)`` hands out up to ``n`` held links of open kinds."""

    def __init__(self, barren_limit: int = 10, enabled: bool = True) -> None:
        self.barren_limit = barren_limit
        self.enabled = enabled
        self.held: dict[str, Any] = {kind: deque() for kind in KINDS}  # FIFO of URLs a kind
        self._seen: Any = set()  # every URL ever held (each is held once)
        self.barren: dict[str, int] = dict.fromkeys(KINDS, 0)  # barren pages in a row
        self.closed: set[str] = set()
        self.open_kinds: set[str] = set()  # kinds that found articles or held pages
        self.released = 0
        self.dropped = 0

    def use_storage(self, queue: Callable[[str], Any], seen: Any) -> None:
        """Keep the held links in ``queue(kind)`` (``append``, ``popleft``, ``clear``,
        ``len``) and the links ever held in ``seen`` (``add``, ``in``) from now on; what
        was held in memory so far moves there."""
        for kind in KINDS:
            target = queue(kind)
            while self.held[kind]:
                target.append(self.held[kind].popleft())
            self.held[kind] = target
        for url in self._seen:
            seen.add(url)
        self._seen = seen

    def snapshot(self) -> dict[str, Any]:
        """The counters and kinds' states (JSON), for ``restore`` in a resumed run."""
        return {"barren": dict(self.barren), "closed": sorted(self.closed),
                "open_kinds": sorted(self.open_kinds), "released": self.released,
                "dropped": self.dropped, "enabled": self.enabled}

    def restore(self, state: dict[str, Any]) -> None:
        self.barren.update({k: int(v) for k, v in state.get("barren", {}).items() if k in KINDS})
        self.closed = set(state.get("closed", ()))
        self.open_kinds = set(state.get("open_kinds", ()))
        self.released = int(state.get("released", 0))
        self.dropped = int(state.get("dropped", 0))
        self.enabled = bool(state.get("enabled", self.enabled))

    def holding(self, url: str) -> bool:
        """Whether ``url`` is held already, so that ``hold`` would keep it again and do
        nothing else: asked first, before the costlier coverage checks, because every
        page links to the same tags and authors."""
        if not self.enabled:
            return False
        kind = archive_kind(url)
        return kind is not None and kind not in self.open_kinds and url in self._seen

    def hold(self, url: str) -> bool:
        """Keep ``url`` for later when it is a redundant archive of a kind still open."""
        if not self.enabled:
            return False
        kind = archive_kind(url)
        if kind is None or kind in self.open_kinds:
            return False
        if url not in self._seen:
            self._seen.add(url)
            if kind in self.closed:
                self.dropped += 1
            else:
                self.held[kind].append(url)
        return True

    def record(self, kind: str, new: int, is_article: bool = False) -> None:
        """A fetched page of ``kind`` found ``new`` URLs the crawl had not covered."""
        if kind not in self.barren:
            return
        if is_article:  # this "archive" path holds articles: hold no more of it back
            self.open_kinds.add(kind)
            return
        if new:
            self.barren[kind] = 0
            return
        self.barren[kind] += 1
        if self.barren[kind] >= self.barren_limit and kind not in self.closed:
            self.closed.add(kind)
            left = len(self.held[kind])
            self.dropped += left
            self.held[kind].clear()
            log.info("%s archives: %d pages in a row found nothing new; %d more not fetched",
                     kind, self.barren[kind], left)

    def release(self, n: int) -> list[tuple[str, str]]:
        """Up to ``n`` held (url, kind) pairs, taken in turn from each open kind."""
        out: list[tuple[str, str]] = []
        # No more of a kind at once than could still prove it barren: a batch never
        # fetches past the point where the kind would have been closed.
        quota = {k: max(1, self.barren_limit - self.barren[k]) for k in KINDS}
        while len(out) < n:
            took = False
            for kind in KINDS:
                queue = self.held[kind]
                if queue and kind not in self.closed and quota[kind] and len(out) < n:
                    out.append((queue.popleft(), kind))
                    quota[kind] -= 1
                    took = True
            if not took:
                break
        self.released += len(out)
        return out

    def close_all(self) -> None:
        """Walk no archive of any kind (a recrawl: see the spider)."""
        for kind in KINDS:
            self.closed.add(kind)
            self.dropped += len(self.held[kind])
            self.held[kind].clear()

    def pending(self) -> int:
        """Held links still waiting (of open kinds)."""
        return sum(len(q) for k, q in self.held.items() if k not in self.closed)

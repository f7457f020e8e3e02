"""What a recrawl may skip: the URLs this run covered, and the archive's view of a URL.

``RecrawlPolicy(store, full)`` answers the spider's questions about a URL without
touching the network: has this run covered it already; has the archive captured it
(``known``); is it a WordPress ``?p=ID`` shortlink of a post already stored; is a sitemap
entry or a REST post unchanged since the archive last fetched its page (``fresh``,
``rest_fresh``). A full walk (``full``: asked for, or the previous crawl did not finish)
knows nothing of the archive, so every page is fetched again (conditionally).

Coverage is the run's own record of every URL it requested, stored, or found fresh. It
replaces telling Scrapy's dupefilter about canonical URLs (a private engine attribute):
every path that makes a request asks ``covered`` first. It is a set in memory by default;
a crawl passes its job state's tables (``newscrawl.crawl.seen``: on disk, so memory stays
flat on a 50,000-article site and a killed crawl's coverage survives for its resume).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from dateutil.parser import isoparse

_SHORTLINK = re.compile(r"^https?://[^/]+/\?p=(\d+)$")


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _not_after(changed: str, reference: str) -> bool:
    """Whether the ISO instant ``changed`` is not later than ``reference`` (False if either
    cannot be read)."""
    try:
        return _aware(isoparse(changed)) <= _aware(isoparse(reference))
    except (ValueError, OverflowError):
        return False


class RecrawlPolicy:
    """Freshness and coverage decisions of one crawl (see the module docstring).

    ``store`` needs ``captured``, ``has_wp_id``, ``listing``, ``article`` and
    ``last_fetched`` (``newscrawl.store.Store``)."""

    def __init__(self, store: Any, full: bool, covered: Any = None, wp_ids: Any = None) -> None:
        """``covered`` (URLs) and ``wp_ids`` (ints): set-likes with ``add`` and ``in``,
        empty sets in memory by default."""
        self.store = store
        self.full = full
        self._covered: Any = set() if covered is None else covered
        self._wp_ids: Any = set() if wp_ids is None else wp_ids  # post ids stored this run

    # --- this run -------------------------------------------------------------------------
    def cover(self, url: str, wp_id: int | None = None) -> None:
        """``url`` is requested, stored or known fresh: no other request for it this run."""
        self._covered.add(url)
        if wp_id:
            self._wp_ids.add(wp_id)

    def covered(self, url: str) -> bool:
        return url in self._covered

    def skip_link(self, url: str) -> bool:
        """A discovered link not to follow: covered, or archived (archived pages are
        re-checked through sitemaps, REST and the end-of-run check instead)."""
        return self.covered(url) or self.known(url) or self.known_shortlink(url)

    # --- the archive ----------------------------------------------------------------------
    def known(self, url: str) -> bool:
        """In a recrawl (not a full walk): has the archive captured this URL before?"""
        return not self.full and self.store.captured(url)

    def known_shortlink(self, url: str) -> bool:
        """A WordPress ``?p=ID`` link to a post this run stored, or the archive holds."""
        match = _SHORTLINK.search(url)
        if not match:
            return False
        wp_id = int(match.group(1))
        if wp_id in self._wp_ids:
            return True
        return not self.full and self.store.has_wp_id(wp_id)

    def fresh(self, url: str, lastmod: str) -> bool:
        """Whether a sitemap entry is unchanged since the archive last fetched it.

        Compared, in order: with the lastmod recorded at the last fetch (same value, same
        page, whatever the clocks say); with the archived article's own modified date
        (the site's clock on both sides); with the time of the last capture."""
        lastmod = lastmod.strip()
        previous = self.store.listing(url)
        if previous is not None:
            return previous == lastmod
        try:
            isoparse(lastmod)
        except (ValueError, OverflowError):
            return False
        article = self.store.article(url) or {}
        reference = article.get("modified") or article.get("published")
        if not reference:
            reference = self.store.last_fetched(url)
        return bool(reference) and _not_after(lastmod, reference)

    def rest_fresh(self, url: str, old: dict[str, Any] | None, facts: dict[str, Any]) -> bool:
        """Whether an archived post is unchanged since the archive last fetched its page:
        ``old`` is the REST facts stored last time (or None), ``facts`` this listing's."""
        if self.store.article(url) is None:
            return False  # captured but never stored (a crawl killed in between)
        if old is not None:
            return old.get("modified") == facts.get("modified")
        fetched, modified = self.store.last_fetched(url), facts.get("modified")
        if not fetched or not modified:
            return False
        return _not_after(modified, fetched)

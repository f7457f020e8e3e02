"""The month and section of every article, held in memory, for the trends page.

A trend counts the articles matching a search per month (and section). Joining each of
60,000 matches to its index entry costs ~35 ms on a 100,000-article archive; looking
their months up in arrays held in memory costs ~15 ms (mostly FTS5 listing the
matches), and the month totals come free. Three searches side by side and the totals
went from ~180 ms of SQL to ~60.

The arrays belong to one connection (Datasette keeps one per thread) and are used only
while the archive stays as it was: ``PRAGMA data_version`` tells a connection whether
another connection committed since it last asked. An archive that changed between two
calls (a crawl writing to it while it is served) is counted with SQL; the arrays are
built on the second call in a row that finds it unchanged.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Connections remembered (Datasette: a few threads per database): older ones are dropped.
MAX_CONNECTIONS = 16
# Arrays indexed by id; ids much sparser than this many per article are counted with SQL.
MAX_ID_SPREAD = 4


@dataclass
class MonthIndex:
    """Per article id: its month (an index into ``months``, 0 for none) and section."""

    months: list[str | None]  # months[0] is None: no article, or no published date
    sections: list[str | None]
    month_of: array
    section_of: array
    totals: dict[str, int] = field(default_factory=dict)

    def counts(self, ids: Iterable[int], *, by_section: bool = False
               ) -> list[tuple[str, str | None, int]]:
        """(month, section or None, count) of the articles ``ids``, as read.trend_counts."""
        month_of, top = self.month_of, len(self.month_of)
        if by_section:
            section_of = self.section_of
            found = Counter((month_of[i], section_of[i]) for i in ids if 0 <= i < top)
            rows = [(self.months[m], self.sections[s], n) for (m, s), n in found.items() if m]
        else:
            plain = Counter(month_of[i] for i in ids if 0 <= i < top)
            rows = [(self.months[m], None, n) for m, n in plain.items() if m]
        return sorted(rows, key=lambda r: (r[0], r[1] is not None, str(r[1] or "")))


def build(conn: sqlite3.Connection, index_hint: str = "") -> MonthIndex | None:
    """The arrays for the archive ``conn`` reads (None when its ids are too sparse)."""
    count, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM articles").fetchone()
    if top > MAX_ID_SPREAD * count + 1000:
        return None
    months: list[str | None] = [None]
    sections: list[str | None] = [None]
    month_ids: dict[str, int] = {}
    section_ids: dict[Any, int] = {None: 0}
    month_of = array("I", bytes(4 * (top + 1)))
    section_of = array("I", bytes(4 * (top + 1)))
    totals: Counter[str] = Counter()
    rows = conn.execute(f"SELECT id, substr(published, 1, 7), section FROM articles{index_hint}"
                        " WHERE published IS NOT NULL")
    for art_id, month, section in rows:
        m = month_ids.get(month)
        if m is None:
            m = month_ids[month] = len(months)
            months.append(month)
        s = section_ids.get(section)
        if s is None:
            s = section_ids[section] = len(sections)
            sections.append(section)
        month_of[art_id] = m
        section_of[art_id] = s
        totals[month] += 1
    return MonthIndex(months, sections, month_of, section_of, dict(sorted(totals.items())))


@dataclass
class _Entry:
    conn: sqlite3.Connection  # identity check: ids of closed connections are reused
    version: int
    built: bool = False
    index: MonthIndex | None = None  # None once built: ids too sparse, count with SQL


_entries: dict[int, _Entry] = {}


def cached(conn: sqlite3.Connection, index_hint: str = "") -> MonthIndex | None:
    """The arrays for ``conn`` when the archive has not changed since this connection
    last asked (built now if it had not changed twice in a row); None: count with SQL."""
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    entry = _entries.get(id(conn))
    if entry is None or entry.conn is not conn or entry.version != version:
        _entries.pop(id(conn), None)
        while len(_entries) >= MAX_CONNECTIONS:
            _entries.pop(next(iter(_entries)))
        _entries[id(conn)] = _Entry(conn, version)
        return None
    if not entry.built:
        entry.index, entry.built = build(conn, index_hint), True
    return entry.index

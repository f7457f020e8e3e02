"""The crawl's own state file (SQLite, one per archive and site, in the crawl's job
folder): its seen-set, stored articles, WordPress ids, held archive links, Scrapy's
fingerprints, the frontier and the trap counters. The Scrapy side (what goes in, when, resuming) is
``newscrawl.crawl.seen``; here is only the file and its tables, so that all SQL stays in
``newscrawl.store``. Not the archive: nothing here is ever served or exported."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

COMMIT_SECONDS = 1.0
# What a failed read or write of the state file raises.
StateError = sqlite3.Error

_SCHEMA = """
create table if not exists meta (key text primary key, value text) without rowid;
create table if not exists seen (url text primary key) without rowid;
create table if not exists stored (url text primary key, page text) without rowid;
create table if not exists wp_ids (id integer primary key);
create table if not exists frontier (
    id integer primary key, url text not null unique, callback text not null,
    meta text not null, done integer not null default 0);
create index if not exists frontier_pending on frontier (done, id);
create table if not exists fingerprints (fp blob primary key) without rowid;
create table if not exists held (id integer primary key, kind text not null, url text not null);
create index if not exists held_kind on held (kind, id);
create table if not exists held_seen (url text primary key) without rowid;
create table if not exists traps (
    kind text not null, name text not null, n integer not null,
    primary key (kind, name)) without rowid;
"""


class StateDB:
    """The state file: one connection, used on the reactor thread only, committed in
    batches (``commit_seconds``)."""

    def __init__(self, path: Path, commit_seconds: float = COMMIT_SECONDS,
                 on_failure: Callable[[sqlite3.Error], None] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("pragma journal_mode=wal")
        self.conn.execute("pragma synchronous=normal")  # a killed process loses nothing committed
        self.conn.execute("pragma cache_size=-4096")  # 4 MB of pages: the rest is on disk
        self.conn.executescript(_SCHEMA)
        self.commit_seconds = commit_seconds
        self._since = 0.0
        # A write the disk refuses (full, I/O error) breaks the record: no more writes,
        # and the crawl is told (CrawlState stops it; the file is not resumed from).
        self.broken: sqlite3.Error | None = None
        self.on_failure = on_failure

    def write(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor | None:
        if self.broken is not None:
            return None
        try:
            if not self.conn.in_transaction:
                self.conn.execute("begin")
                self._since = time.monotonic()
            cursor = self.conn.execute(sql, args)
            if time.monotonic() - self._since >= self.commit_seconds:
                self.commit()
            return cursor
        except sqlite3.Error as exc:
            self._break(exc)
            return None

    def _break(self, exc: sqlite3.Error) -> None:
        if self.broken is not None:
            return
        self.broken = exc
        try:
            if self.conn.in_transaction:
                self.conn.execute("rollback")
        except sqlite3.Error:
            pass
        if self.on_failure is not None:
            self.on_failure(exc)

    def read(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        row = self.conn.execute(sql, args).fetchone()
        return row[0] if row else None

    def commit(self) -> None:
        if self.broken is not None:
            return
        try:
            if self.conn.in_transaction:
                self.conn.execute("commit")
        except sqlite3.Error as exc:
            self._break(exc)

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.conn.close()

    def add_fingerprint(self, fp: bytes) -> bool:
        """Add a request fingerprint (Scrapy's dupefilter): True when it is new (also
        when the file is broken, so that a broken record never drops a request)."""
        cursor = self.write("insert or ignore into fingerprints values (?)", (fp,))
        return cursor is None or cursor.rowcount == 1

    def forget_fingerprint(self, fp: bytes) -> None:
        """Drop a request fingerprint: the dupefilter lets that request through once more."""
        self.write("delete from fingerprints where fp = ?", (fp,))

    def get(self, key: str, default: Any = None) -> Any:
        raw = self.one("select value from meta where key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def put(self, key: str, value: Any) -> None:
        self.write("insert or replace into meta values (?, ?)", (key, json.dumps(value)))


class DiskSet:
    """A set of strings in one table of the state file (``url`` primary key); ``add``
    may keep a value beside each (the ``stored`` table's page).

    The members asked about most (a site's navigation and sidebar links, on every page)
    are answered from a small cache of recent members, emptied when it reaches
    ``CACHE`` entries: memory stays bounded whatever the site's size."""

    CACHE = 10_000

    def __init__(self, db: StateDB, table: str, value: str | None = None) -> None:
        self.db, self.table, self.value = db, table, value
        cols = "url, " + value if value else "url"
        marks = "?, ?" if value else "?"
        self._add = f"insert or ignore into {table} ({cols}) values ({marks})"
        self._has = f"select 1 from {table} where url = ?"
        self._recent: set[str] = set()

    def _remember(self, url: str) -> None:
        if len(self._recent) >= self.CACHE:
            self._recent.clear()
        self._recent.add(url)

    def add(self, url: str, value: str | None = None) -> None:
        self.db.write(self._add, (url, value) if self.value else (url,))
        self._remember(url)

    def discard(self, url: str) -> None:
        self._recent.discard(url)
        self.db.write(f"delete from {self.table} where url = ?", (url,))

    def __contains__(self, url: object) -> bool:
        if url in self._recent:
            return True
        if self.db.read(self._has, (url,)).fetchone() is None:
            return False
        self._remember(str(url))
        return True

    def __len__(self) -> int:
        return int(self.db.one(f"select count(*) from {self.table}"))


class DiskIds:
    """A set of integers (WordPress post ids) in the state file."""

    def __init__(self, db: StateDB) -> None:
        self.db = db

    def add(self, wp_id: int) -> None:
        self.db.write("insert or ignore into wp_ids values (?)", (wp_id,))

    def __contains__(self, wp_id: object) -> bool:
        return self.db.read("select 1 from wp_ids where id = ?", (wp_id,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self.db.one("select count(*) from wp_ids"))


class DiskQueue:
    """A FIFO of URLs of one kind in the state file (``ArchiveReserve``'s held links):
    ``append``, ``popleft``, ``clear``, ``len``."""

    def __init__(self, db: StateDB, kind: str) -> None:
        self.db, self.kind = db, kind

    def append(self, url: str) -> None:
        self.db.write("insert into held (kind, url) values (?, ?)", (self.kind, url))

    def popleft(self) -> str:
        row = self.db.read("select id, url from held where kind = ? order by id limit 1",
                           (self.kind,)).fetchone()
        if row is None:
            raise IndexError("pop from an empty queue")
        self.db.write("delete from held where id = ?", (row[0],))
        return str(row[1])

    def clear(self) -> None:
        self.db.write("delete from held where kind = ?", (self.kind,))

    def __len__(self) -> int:
        return int(self.db.one("select count(*) from held where kind = ?", (self.kind,)))

    def __bool__(self) -> bool:
        return self.db.read("select 1 from held where kind = ? limit 1",
                            (self.kind,)).fetchone() is not None


class DiskCounters:
    """Named counts of a few kinds in the ``traps`` table (``TrapGuard``'s: pages per URL
    family, URLs per calendar, families that held an article, traps reported). One row
    per family or calendar, not per URL."""

    def __init__(self, db: StateDB) -> None:
        self.db = db

    def put(self, kind: str, name: str, n: int) -> None:
        self.db.write("insert into traps (kind, name, n) values (?, ?, ?)"
                      " on conflict (kind, name) do update set n = excluded.n", (kind, name, n))

    def load(self) -> dict[str, dict[str, int]]:
        """kind -> name -> count, as last put."""
        out: dict[str, dict[str, int]] = {}
        for kind, name, n in self.db.read("select kind, name, n from traps"):
            out.setdefault(kind, {})[name] = int(n)
        return out


class MemorySet(set[str]):
    """The in-memory stand-in for ``DiskSet`` (no job state: the distributed mode, unit
    tests): ``add`` takes and ignores the value."""

    def add(self, url: str, value: str | None = None) -> None:  # type: ignore[override]
        super().add(url)


class JobState:
    """One crawl's state in the state file: its sets, queues and frontier."""

    def __init__(self, db: StateDB, resumed: bool) -> None:
        self.db = db
        self.resumed = resumed
        self.seen = DiskSet(db, "seen")
        self.stored = DiskSet(db, "stored", value="page")
        self.wp_ids = DiskIds(db)
        self.held_seen = DiskSet(db, "held_seen")
        self.traps = DiskCounters(db)

    def queue(self, kind: str) -> DiskQueue:
        return DiskQueue(self.db, kind)

    def get(self, key: str, default: Any = None) -> Any:
        return self.db.get(key, default)

    def put(self, key: str, value: Any) -> None:
        self.db.put(key, value)

    # --- the frontier ---------------------------------------------------------------------
    def record(self, url: str, callback: str, meta: dict[str, Any]) -> None:
        """A request the spider makes: its URL, its callback (a spider method's name) and
        the meta to give it again on a resume (JSON)."""
        self.db.write("insert or ignore into frontier (url, callback, meta) values (?, ?, ?)",
                      (url, callback, json.dumps(meta)))

    def done(self, *urls: str) -> None:
        for url in urls:
            self.db.write("update frontier set done = 1 where url = ? and done = 0", (url,))

    def requested(self, url: str) -> bool:
        """Whether the frontier has an entry for ``url`` (pending or done)."""
        return self.db.read("select 1 from frontier where url = ?", (url,)).fetchone() is not None

    @property
    def mode(self) -> dict[str, bool]:
        return dict(self.get("mode") or {"full": True, "first": False})

    def last_entry(self) -> int:
        return int(self.db.one("select coalesce(max(id), 0) from frontier"))

    def pending(self, upto: int, chunk: int = 500) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(url, callback name, meta) of every entry not done up to entry ``upto``,
        oldest first, read in chunks (the list is never held whole)."""
        last = 0
        while True:
            rows = self.db.read("select id, url, callback, meta from frontier"
                                " where done = 0 and id > ? and id <= ? order by id limit ?",
                                (last, upto, chunk)).fetchall()
            if not rows:
                return
            for row_id, url, callback, meta in rows:
                last = row_id
                yield url, callback, json.loads(meta)

    def reopen(self, url: str) -> None:
        self.db.write("update frontier set done = 0 where url = ?", (url,))

    def lost_articles(self, store: Any, chunk: int = 500) -> Iterator[tuple[str, str]]:
        """(article URL, page URL) of the articles this job stored that the archive does
        not hold (the state's commit reached the disk, the archive's did not)."""
        last = ""
        while True:
            rows = self.db.read("select url, page from stored where url > ? order by url"
                                " limit ?", (last, chunk)).fetchall()
            if not rows:
                return
            for url, page in rows:
                last = url
                if store.article(url) is None:
                    yield url, page or url

    def pending_count(self) -> int:
        return int(self.db.one("select count(*) from frontier where done = 0"))

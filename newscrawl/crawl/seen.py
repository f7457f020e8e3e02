"""The crawl's own state on disk: seen-set, frontier, stored articles, held archives.

On a big site the state of one crawl (every URL it requested or covered, the articles it
stored, the archive links it holds back, Scrapy's fingerprints) grows with the site; kept
in Python sets it grows the process. And a crawl killed with SIGKILL lost all of it, so
the next one had to walk the whole site again. Here it lives in one SQLite file per
archive and site, ``newscrawl-state.sqlite`` in the crawl's job folder (``JOBDIR``, which
``newscrawl crawl`` sets to ``jobs/<archive>/<site>/`` beside the database unless the user
sets one); Scrapy's disk queues in the same folder keep the pending requests themselves
out of memory.

* ``CrawlState`` (an extension, found by type) opens the file, decides whether this run
  resumes a killed one, commits at most every second (WAL, so a killed process loses at
  most that second), and clears the folder when a crawl finishes.
* ``frontier``: every request the spider makes (``record``), marked done once its
  callback's output has been handed on (``FrontierMiddleware``), or it failed, or it was
  dropped. A request is marked done only after the requests its page yielded were
  recorded, in the same or a later transaction, so a kill never loses a link.
* ``seen`` (the run's coverage: ``RecrawlPolicy``), ``stored`` (articles stored, with
  the page they came from), ``wp_ids``, ``held``/``held_seen`` (``ArchiveReserve``),
  ``fingerprints`` (``DiskDupeFilter``, Scrapy's dupefilter).

A resumed run (the previous run of the site did not finish and left its state) requests
the frontier's pending entries again, and the pages of stored articles the archive does
not hold (the kill came between the two commits); everything already covered stays
covered, so what the killed run archived is not fetched again. Scrapy's own queue files
are always cleared at start (after a SIGKILL they are inconsistent): the frontier table
is the record. Under another scheduler (the distributed mode's Redis frontier) none of
this is used.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.dupefilters import BaseDupeFilter

from newscrawl.extract.urls import host_key

log = logging.getLogger(__name__)

STATE_FILE = "newscrawl-state.sqlite"
# What Scrapy keeps in a JOBDIR: its disk queues, its dupefilter's file, spider.state.
SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state")
COMMIT_SECONDS = 1.0
DEFAULT_SCHEDULER = "scrapy.core.scheduler.Scheduler"

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
"""


def default_job_dir(db: str | Path, site: str | None) -> Path:
    """``jobs/<archive name>/<site>/`` beside the archive ``db``."""
    path = Path(db)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", site or "site").strip("._") or "site"
    return path.parent / "jobs" / path.stem / name


def crawl_site(settings: Any, seeds: list[str]) -> str | None:
    """The site a crawl is of, as the crawl session names it: NEWSCRAWL_SITE, else the
    host of the first start URL."""
    return settings.get("NEWSCRAWL_SITE") or (host_key(seeds[0]) if seeds else None)


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


class MemorySet(set[str]):
    """The in-memory stand-in for ``DiskSet`` (no job state: the distributed mode, unit
    tests): ``add`` takes and ignores the value."""

    def add(self, url: str, value: str | None = None) -> None:  # type: ignore[override]
        super().add(url)


class Job:
    """One crawl's state, opened for this run (``CrawlState.begin``)."""

    def __init__(self, db: StateDB, resumed: bool) -> None:
        self.db = db
        self.resumed = resumed
        self.seen = DiskSet(db, "seen")
        self.stored = DiskSet(db, "stored", value="page")
        self.wp_ids = DiskIds(db)
        self.held_seen = DiskSet(db, "held_seen")

    def queue(self, kind: str) -> DiskQueue:
        return DiskQueue(self.db, kind)

    def get(self, key: str, default: Any = None) -> Any:
        return self.db.get(key, default)

    def put(self, key: str, value: Any) -> None:
        self.db.put(key, value)

    # --- the frontier ---------------------------------------------------------------------
    def record(self, request: Request) -> None:
        """A request the spider makes (its callback a spider method, its meta JSON)."""
        callback = getattr(request.callback, "__name__", None)
        if callback is None:
            return
        meta = {k: v for k, v in request.meta.items() if k in _KEPT_META}
        self.db.write("insert or ignore into frontier (url, callback, meta) values (?, ?, ?)",
                      (request.url, callback, json.dumps(meta)))

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


# Meta keys of a frontier entry kept for a resumed request (newscrawl's own, all JSON).
_KEPT_META = frozenset({"source", "lastmod", "archive_kind", "conditional"})


class CrawlState:
    """The state file of this crawl (see the module docstring); a Scrapy extension."""

    def __init__(self, crawler: Any, directory: Path | None) -> None:
        self.crawler = crawler
        self.directory = directory
        self.job: Job | None = None
        self.closed = False
        self._loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlState:
        settings = crawler.settings
        directory: Path | None = None
        # Another scheduler (the distributed mode's) keeps the frontier elsewhere.
        if (settings.get("SCHEDULER") or DEFAULT_SCHEDULER) == DEFAULT_SCHEDULER:
            if settings.get("JOBDIR"):
                directory = Path(settings.get("JOBDIR"))
            elif settings.get("NEWSCRAWL_DB"):  # `scrapy crawl news` without a JOBDIR
                seeds = list(getattr(getattr(crawler, "spider", None), "seeds", []))
                directory = default_job_dir(settings.get("NEWSCRAWL_DB"),
                                            crawl_site(settings, seeds))
        state = cls(crawler, directory)
        if directory is not None:
            _clear_scrapy_files(directory)  # before the scheduler opens its queues
            crawler.signals.connect(state.engine_started, signal=signals.engine_started)
            crawler.signals.connect(state.request_dropped, signal=signals.request_dropped)
            crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        return state

    def open(self) -> Job | None:
        """This run's job, opened once by whoever asks first (the dupefilter, then the
        spider): the killed run's state when this run resumes it (same seeds and
        archive, the archive's last run of the site did not finish, NEWSCRAWL_RESUME on),
        else a fresh one. None when the crawl keeps no job state."""
        if self.job is not None or self.directory is None or self.closed:
            return self.job
        from newscrawl.crawl.session import CrawlSession

        settings = self.crawler.settings
        seeds = list(getattr(getattr(self.crawler, "spider", None), "seeds", []))
        archive = str(Path(settings.get("NEWSCRAWL_DB")).resolve())
        session = self.crawler.get_extension(CrawlSession)
        previous = None
        if session is not None:
            session.open()
            previous = session.previous_status
        path = self.directory / STATE_FILE
        resume = False
        # An explicit full walk (NEWSCRAWL_FULL) is what the user asked for: no resume.
        if path.exists() and settings.getbool("NEWSCRAWL_RESUME", True) \
                and not settings.getbool("NEWSCRAWL_FULL") and previous not in (None, "finished"):
            try:
                old = StateDB(path)
                resume = old.get("seeds") == seeds and old.get("archive") == archive
                old.close()
            except sqlite3.Error as exc:
                log.warning("crawl state %s unreadable (%s): starting afresh", path, exc)
        if not resume:
            _remove_state(self.directory)
        try:
            db = StateDB(path, on_failure=self._failed)
        except sqlite3.Error as exc:  # a full disk, a folder not writable
            log.warning("cannot keep the crawl's state in %s (%s): in memory only, and a"
                        " crawl that does not finish is not resumed", path, exc)
            self.directory = None
            return None
        if not resume:
            db.put("seeds", seeds)
            db.put("archive", archive)
            # How this crawl walks (kept for its resumes): a full walk when asked for or
            # when the last run did not finish; a first crawl walks the held archives.
            db.put("mode", {"full": settings.getbool("NEWSCRAWL_FULL")
                            or previous not in (None, "finished"),
                            "first": previous is None})
            db.commit()
        self.job = Job(db, resumed=resume)
        return self.job

    def _failed(self, exc: sqlite3.Error) -> None:
        """The state file cannot be written: the crawl stops as for an archive write (the
        session says why), and the file is dropped at the end, so the next crawl walks the
        site again (conditionally) instead of resuming from a record with a hole in it."""
        from newscrawl.archive.warc import write_failure
        from newscrawl.crawl.session import CrawlSession

        session = self.crawler.get_extension(CrawlSession)
        message = f"archive write failed ({write_failure(exc)}): crawl state {self.directory}: {exc}"
        if session is not None:
            session.fail(message)
        else:
            log.error("%s", message)

    def engine_started(self) -> None:
        from twisted.internet import task

        self._loop = task.LoopingCall(self._tick)
        self._loop.start(COMMIT_SECONDS, now=False)

    def _tick(self) -> None:
        if self.job is not None:
            self.job.db.commit()

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        """The scheduler refused a duplicate. A redirect's origins are done: the request
        already made for where they lead does their work. The URL's own entry is left
        as it is (that other request marks it done when its page has been read)."""
        if self.job is not None and "source" in request.meta:
            self.job.done(*request.meta.get("redirect_urls", ()))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.closed = True
        job, self.job = self.job, None
        if job is None:
            return
        if reason == "finished" or job.db.broken is not None:
            # Done (the next crawl of this site is a recrawl, not a resume), or a record
            # with a hole in it (the next crawl walks the whole site, conditionally).
            job.db.close()
            _remove_state(self.directory)
            if self.directory is not None:
                _clear_scrapy_files(self.directory)
                _remove_empty(self.directory)
            return
        pending = job.pending_count()
        job.db.close()
        log.info("crawl state kept in %s (%d requests pending): the next crawl of this"
                 " site resumes it", self.directory, pending)


def _clear_scrapy_files(directory: Path) -> None:
    for name in SCRAPY_JOB_FILES:
        path = directory / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink(missing_ok=True)


def _remove_empty(directory: Path) -> None:
    """The job folder, and jobs/<archive>/ above it when nothing else is left there."""
    folders = [directory]
    if directory.parent.parent.name == "jobs":  # the default layout (default_job_dir)
        folders += [directory.parent, directory.parent.parent]
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (another site's job, the user's files)


def _remove_state(directory: Path | None) -> None:
    if directory is None:
        return
    for suffix in ("", "-wal", "-shm"):
        (directory / (STATE_FILE + suffix)).unlink(missing_ok=True)


def job_of(crawler: Any) -> Job | None:
    """The crawl's job state (opened if need be), if it keeps one."""
    state = crawler.get_extension(CrawlState)
    return state.open() if state is not None else None


class DiskDupeFilter(BaseDupeFilter):
    """Scrapy's request fingerprints in the state file instead of a set in memory
    (``DUPEFILTER_CLASS``); without job state, a plain set."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.fingerprinter = crawler.request_fingerprinter
        self.debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        self.logdupes = True
        self.db: StateDB | None = None
        self._memory: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DiskDupeFilter:
        return cls(crawler)

    def open(self) -> None:
        state = self.crawler.get_extension(CrawlState)
        job = state.open() if state is not None else None
        self.db = job.db if job is not None else None

    def request_seen(self, request: Request) -> bool:
        fp = self.fingerprinter.fingerprint(request)
        if self.db is None:
            if fp in self._memory:
                return True
            self._memory.add(fp)
            return False
        cursor = self.db.write("insert or ignore into fingerprints values (?)", (fp,))
        return cursor is not None and cursor.rowcount == 0

    def log(self, request: Request, spider: Any) -> None:
        if self.debug:
            log.debug("Filtered duplicate request: %(request)s", {"request": request})
        elif self.logdupes:
            log.debug("Filtered duplicate request: %(request)s - no more duplicates will be"
                      " shown (see DUPEFILTER_DEBUG to show all duplicates)", {"request": request})
            self.logdupes = False
        self.crawler.stats.inc_value("dupefilter/filtered")


class FrontierMiddleware:
    """Marks a request done in the frontier once its callback's output has been handed
    on (a spider middleware; ``CrawlState``). A callback that asks for its own URL again
    (a 304 it could not replay) leaves it pending."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierMiddleware:
        return cls(crawler)

    async def process_spider_output(self, response: Any, result: Any) -> Any:
        request = response.request
        again = False
        async for out in result:
            if isinstance(out, Request) and out.url == request.url:
                again = True
            yield out
        job = job_of(self.crawler)
        if job is not None and not again and "source" in request.meta:
            job.done(request.url, *request.meta.get("redirect_urls", ()))

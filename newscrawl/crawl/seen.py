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
  ``fingerprints`` (``DiskDupeFilter``, Scrapy's dupefilter), ``traps`` (``TrapGuard``'s
  counts per URL family and calendar, so a resumed crawl keeps its trap budgets).

A resumed run (the previous run of the site did not finish and left its state) requests
the frontier's pending entries again, and the pages of stored articles the archive does
not hold (the kill came between the two commits); everything already covered stays
covered, so what the killed run archived is not fetched again. Scrapy's own queue files
are always cleared at start (after a SIGKILL they are inconsistent): the frontier table
is the record. Under another scheduler (the distributed mode's Redis frontier) none of
this is used.
"""

from __future__ import annotations

import logging
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.dupefilters import BaseDupeFilter

from newscrawl.extract.urls import host_key
from newscrawl.store.crawl_state import (
    COMMIT_SECONDS,
    JobState,
    StateDB,
    StateError,
)

log = logging.getLogger(__name__)

STATE_FILE = "newscrawl-state.sqlite"
# What Scrapy keeps in a JOBDIR: its disk queues, its dupefilter's file, spider.state.
SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state")
DEFAULT_SCHEDULER = "scrapy.core.scheduler.Scheduler"

def default_job_dir(db: str | Path, site: str | None) -> Path:
    """``jobs/<archive name>/<site>/`` beside the archive ``db``."""
    path = Path(db)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", site or "site").strip("._") or "site"
    return path.parent / "jobs" / path.stem / name


def crawl_site(settings: Any, seeds: list[str]) -> str | None:
    """The site a crawl is of, as the crawl session names it: NEWSCRAWL_SITE, else the
    host of the first start URL."""
    return settings.get("NEWSCRAWL_SITE") or (host_key(seeds[0]) if seeds else None)


class Job(JobState):
    """One crawl's state, opened for this run (``CrawlState.begin``)."""

    def record(self, request: Request) -> None:  # type: ignore[override]
        """A request the spider makes (its callback a spider method, its meta JSON)."""
        callback = getattr(request.callback, "__name__", None)
        if callback is None:
            return
        meta = {k: v for k, v in request.meta.items() if k in _KEPT_META}
        super().record(request.url, callback, meta)


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
            except StateError as exc:
                log.warning("crawl state %s unreadable (%s): starting afresh", path, exc)
        if not resume:
            _remove_state(self.directory)
        try:
            db = StateDB(path, on_failure=self._failed)
        except StateError as exc:  # a full disk, a folder not writable
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
            # Captures from this instant on are the job's own (whole seconds, rounded
            # down, so that it sorts before every capture time written after it).
            db.put("started", datetime.now(UTC).replace(microsecond=0).isoformat())
            db.commit()
        self.job = Job(db, resumed=resume)
        return self.job

    def _failed(self, exc: StateError) -> None:
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
        return not self.db.add_fingerprint(fp)

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

"""Extraction in worker processes, so that it uses every core (a Scrapy extension).

Extraction is the crawl's heaviest work (~15 ms of CPU an article page); in a thread of
the crawl process it shares one core with Scrapy under the GIL, and every wait of the
reactor for the GIL slows downloads, the WARC writer and the database writes alike. The
pool runs it in ``NEWSCRAWL_EXTRACT_WORKERS`` processes ("auto": one per core; 0: a thread
of the crawl process, as before, for debugging). ``ArticlePages`` sends it a page's text,
URL, profile name and the host's learned template, and gets the ``Article`` back (its
``features`` included while the template learner, which stays in the crawl process,
counts them).

* Workers come from the fork server (``multiprocessing`` "forkserver": forked from a
  clean process that preloaded ``extract_worker`` and so the extractor), started when the
  spider opens and warmed by one extraction each before the first page.
* A template is sent to a worker once per version (``extract_worker``), not with every
  page.
* A worker that dies (killed, out of memory, a crash in C code) breaks the pool
  (``BrokenProcessPool``) for every page in flight: the pool is replaced, and each of
  those pages is extracted again once, alone in a process of its own, so the page that
  killed its worker is told apart from its neighbours. A page that kills that process
  too raises ``ExtractionCrashed``; the spider records it as an ``extract_failed`` error
  (the page stays in the WARC file for a later ``newscrawl reparse``) and goes on.
* At ``spider_closed`` (connected when the spider opens, so after the template learner's
  handler, which re-extracts with the final template through the pool) the pool is shut
  down and its workers joined; a worker that does not exit within ``SHUTDOWN_SECONDS``
  is killed. Workers ignore SIGINT (Ctrl-C reaches the whole process group; the crawl
  then finishes the pages in flight and shuts the pool down in order), and each watches
  a pipe only the crawl process holds open: when the crawl closes it or dies (SIGKILL),
  the worker exits, so none outlives its crawl (nor does the fork server, which stays up
  only while a child of it does).
* Every ``RECYCLE_PAGES`` pages a worker, the pool is replaced by fresh workers (the old
  ones finish their pages first), so the workers' memory stays flat on big sites.
* CPU seconds spent extracting (measured in the workers) are added to the crawl's stats
  as ``newscrawl/cpu_ms/extract``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals

from newscrawl.archive.scrapy_ext import thread_cpu_ms
from newscrawl.crawl import extract_worker
from newscrawl.extract.model import Article
from newscrawl.extract.template import SiteTemplate

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10.0
# Pages a worker extracts before the pool is replaced by fresh workers: a worker's memory
# creeps up (~5 KB a page: extraction's caches, the allocator), and a 50,000-article
# crawl must stay flat. Replacing costs a fork and a warm-up (~0.1 s) per 2,000 pages.
RECYCLE_PAGES = 2000

# A page to extract: (html, url, profile name, profiles on, the host's learned template).
Page = tuple[str, str, "str | None", bool, "SiteTemplate | None"]


class ExtractionCrashed(RuntimeError):
    """A page's extraction killed its worker process twice."""


def worker_count(value: Any) -> int:
    """``NEWSCRAWL_EXTRACT_WORKERS``: "auto" (or empty) is one per core; 0 is none (a
    thread of the crawl process)."""
    text = str(value if value is not None else "auto").strip().lower()
    if text in ("", "auto"):
        return os.cpu_count() or 1
    try:
        count = int(text)
    except ValueError:
        raise ValueError(
            f"NEWSCRAWL_EXTRACT_WORKERS must be 'auto' or a number, not {value!r}") from None
    if count < 0:
        raise ValueError(f"NEWSCRAWL_EXTRACT_WORKERS must be >= 0, not {count}")
    return count


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # Preloaded by the fork server when it starts: workers fork with it imported.
        ctx.set_forkserver_preload([extract_worker.__name__])
        return ctx
    return multiprocessing.get_context("spawn")


def _deferred(future: Future[Any]) -> Any:
    """A Twisted Deferred firing on the reactor thread with ``future``'s outcome."""
    from twisted.internet import reactor
    from twisted.internet.defer import CancelledError, Deferred
    from twisted.python.failure import Failure

    d: Deferred[Any] = Deferred()

    def fire(done: Future[Any]) -> None:
        if done.cancelled():
            d.errback(Failure(CancelledError()))
        elif (exc := done.exception()) is not None:
            d.errback(Failure(exc))
        else:
            d.callback(done.result())

    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))
    return d


async def _wait(future: Future[Any]) -> Any:
    from scrapy.utils.defer import maybe_deferred_to_future

    return await maybe_deferred_to_future(_deferred(future))


class ExtractionPool:
    """The crawl's extraction workers (see the module docstring)."""

    def __init__(self, crawler: Any, workers: int, nice: int = 0) -> None:
        self.crawler = crawler
        self.workers = workers
        self.nice = nice
        self.stats = crawler.stats if crawler is not None else None
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0
        self._closed = False
        self._blobs: dict[str, tuple[str, bytes]] = {}  # host -> (version, pickled template)
        self._isolation: Any = None  # DeferredSemaphore: crash retries run a few at a time
        self._alive: tuple[Any, Any] | None = None  # the pipe workers watch (extract_worker)
        self._submitted = 0  # pages given to the current pool
        # Pools being shut down (recycled ones finish their pages): (stopper, processes).
        self._retired: list[tuple[threading.Thread, list[Any]]] = []
        self._started = False
        self.restarts = 0
        self.crashed = 0
        # The function a worker runs for a page (tests swap in one that crashes).
        self.task: Any = extract_worker.extract_page

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractionPool:
        pool = cls(crawler, worker_count(crawler.settings.get("NEWSCRAWL_EXTRACT_WORKERS", "auto")),
                   crawler.settings.getint("NEWSCRAWL_EXTRACT_NICE", 0))
        crawler.signals.connect(pool.spider_opened, signal=signals.spider_opened)
        return pool

    # --- lifecycle --------------------------------------------------------------------
    def spider_opened(self, spider: Any = None) -> None:
        from twisted.internet import reactor

        self.start()
        # Also when the reactor stops without spider_closed (a SIGTERM while the engine
        # starts).
        reactor.addSystemEventTrigger("during", "shutdown", self.shutdown)
        # Connected now, after the template learner's handler: it re-extracts through the
        # pool at spider_closed, before the pool shuts down.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        self.shutdown()

    @property
    def enabled(self) -> bool:
        return self.workers > 0 and not self._closed

    def start(self) -> None:
        """Start the workers (and warm them) now rather than at the first page."""
        if not self.enabled or self._pool is not None:
            return
        self._pool = self._new_pool(self.workers)
        self._submitted = 0
        for _ in range(self.workers):
            self._pool.submit(extract_worker.ping)
        if not self._started:
            log.info("extraction pool: %d worker processes", self.workers)
        self._started = True

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        ctx = _context()
        if self._alive is None:
            # Workers watch the read end; only this process holds the write end.
            self._alive = ctx.Pipe(duplex=False)
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                   initializer=extract_worker.init_worker,
                                   initargs=(self._alive[0], self.nice))

    def _current(self) -> tuple[ProcessPoolExecutor, int]:
        """The pool to submit the next page to (counted), and its generation."""
        if self._pool is not None and self._submitted >= RECYCLE_PAGES * self.workers:
            self._recycle()
        if self._pool is None:
            if self._closed:
                raise RuntimeError("the extraction pool is shut down")
            self.start()
        assert self._pool is not None
        self._submitted += 1
        return self._pool, self._generation

    def _recycle(self) -> None:
        """Fresh workers in place of ones that have extracted ``RECYCLE_PAGES`` pages each:
        what extraction's caches and the allocator keep is given back. The old pool
        finishes the pages it has, then its workers exit."""
        old, self._pool = self._pool, None
        self._generation += 1
        self.start()
        self._retired = [r for r in self._retired if r[0].is_alive()]
        if old is not None:  # its queued pages still run, then its workers exit
            self._retired.append(_stopping(old, cancel=False))
        if self.stats is not None:
            self.stats.inc_value("newscrawl/extract_pool_recycled")

    def _replace(self, generation: int) -> None:
        """A worker died: a new pool (once per broken pool, however many pages saw it)."""
        if generation != self._generation or self._closed:
            return
        broken, self._pool = self._pool, None
        self._generation += 1
        self.restarts += 1
        if self.stats is not None:
            self.stats.inc_value("newscrawl/extract_pool_restarts")
        log.warning("an extraction worker died: starting new ones, and extracting each page "
                    "it had in flight again on its own")
        if broken is not None:
            _stop(broken)
        self.start()

    def shutdown(self) -> None:
        """Stop the workers (idempotent); pages still queued are cancelled."""
        self._closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            self._retired.append(_stopping(pool, cancel=True))
        for stopper, processes in self._retired:
            _join(stopper, processes)
        self._retired = []
        if self._alive is not None:
            for end in self._alive:  # any worker left (a retry's) exits now
                end.close()
            self._alive = None

    # --- extraction -------------------------------------------------------------------
    def _template_ref(self, site: SiteTemplate | None, send: bool) -> tuple[str, bytes | None] | None:
        if site is None:
            return None
        if not send:
            return site.version, None
        known = self._blobs.get(site.host)
        if known is None or known[0] != site.version:
            known = (site.version, pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
            self._blobs[site.host] = known
        return known

    def _count(self, cpu_seconds: float) -> None:
        if self.stats is not None:
            self.stats.inc_value("newscrawl/cpu_ms/extract", cpu_seconds * 1000.0)

    async def extract(self, html: str, url: str, profile_name: str | None, profiles: bool,
                      site: SiteTemplate | None, features: bool = True, links: bool = False,
                      ) -> tuple[Article, bytes | None, list[tuple[str, bool]] | None]:
        """``html`` extracted in a worker (with its template features if ``features``), the
        blocks it asked ``site`` about, and the page's discovery links if ``links`` (see
        ``extract_worker.extract_page``)."""
        send = False
        while True:
            args = (html, url, profile_name, profiles, self._template_ref(site, send), features,
                    links)
            article, cpu, asked, found = await self._run(args, url)
            if article is not None:
                self._count(cpu)
                return article, asked, found
            if send:  # cannot happen: a worker given the blob uses it
                raise RuntimeError("extraction worker refused its template")
            send = True

    async def _run(self, args: tuple[Any, ...], url: str,
                   ) -> tuple[Article | None, float, bytes | None, list[tuple[str, bool]] | None]:
        pool, generation = self._current()
        try:
            return await _wait(pool.submit(self.task, *args))
        except BrokenProcessPool:
            if self._closed:
                raise
        self._replace(generation)
        return await self._alone(args, url)

    async def _alone(self, args: tuple[Any, ...], url: str,
                     ) -> tuple[Article | None, float, bytes | None, list[tuple[str, bool]] | None]:
        """A page whose worker died, extracted again in a process of its own."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.defer import DeferredSemaphore

        if self._isolation is None:
            self._isolation = DeferredSemaphore(max(1, self.workers))
        await maybe_deferred_to_future(self._isolation.acquire())
        try:
            single = self._new_pool(1)
            try:
                # The template goes along: this worker has none.
                html, page_url, profile_name, profiles, ref, *rest = args
                if ref is not None and ref[1] is None:
                    ref = next((v for v in self._blobs.values() if v[0] == ref[0]), ref)
                return await _wait(single.submit(self.task, html, page_url,
                                                 profile_name, profiles, ref, *rest))
            except BrokenProcessPool:
                self.crashed += 1
                raise ExtractionCrashed(f"extraction of {url} killed its worker twice") from None
            finally:
                _stop(single)
        finally:
            self._isolation.release()

    def imap_blocking(self, pages: Iterable[tuple[Any, Page]], window: int | None = None,
                      ) -> Iterator[tuple[Any, Article | BaseException]]:
        """Extract ``pages`` ((key, (html, url, profile name, profiles, template)) pairs)
        through the pool, blocking the calling thread: for the end of the crawl, when
        nothing else runs. Up to ``window`` pages are in flight while the caller handles
        the results, which come in order as (key, Article), or (key, the exception the
        extraction raised, ``ExtractionCrashed`` included)."""
        window = window or 4 * max(1, self.workers)
        pending: deque[tuple[Any, tuple[Any, ...], Future[Any] | None, int]] = deque()
        for key, (html, url, profile_name, profiles, site) in pages:
            args = (html, url, profile_name, profiles, self._template_ref(site, True))
            pool, generation = self._current()
            try:
                future: Future[Any] | None = pool.submit(self.task, *args)
            except BrokenProcessPool:
                future = None
            pending.append((key, args, future, generation))
            if len(pending) >= window:
                key, args, future, generation = pending.popleft()
                yield key, self._settle(future, args, args[1], generation)
        while pending:
            key, args, future, generation = pending.popleft()
            yield key, self._settle(future, args, args[1], generation)

    def reextract(self, store: Any, warc_dir: str | os.PathLike[str], items: list[tuple[str, str]],
                  templates: dict[str, SiteTemplate], *, run_id: int | None,
                  profiles: bool = True) -> int:
        """``newscrawl.archive.reparse.reextract`` through the pool: extract again, with
        ``templates``, the articles ``items`` (article url, fetched url) from their latest
        200 captures, and amend the versions ``run_id`` wrote. The pages are read from the
        WARC files here while the workers extract the ones read before. Returns how many
        records changed. CPU: the workers' in ``newscrawl/cpu_ms/reextract`` (and in
        ``cpu_ms/extract``), this thread's (reading, decoding, the database) in
        ``cpu_ms/reextract_main``."""
        from newscrawl.archive.warc import read_capture
        from newscrawl.extract.decode import decode_html
        from newscrawl.extract.urls import article_url, host_key
        from newscrawl.store.rest_facts import with_stored_facts

        key = "newscrawl/cpu_ms/extract"
        cpu_before = self.stats.get_value(key, 0.0) if self.stats is not None else 0.0

        def pages() -> Iterator[tuple[tuple[str, str], Page]]:
            for url, fetched in items:
                capture = store.last_response(fetched) or store.last_response(url)
                if capture is None:
                    continue
                try:
                    record = read_capture(capture["warc_filename"], capture["warc_offset"],
                                          directory=str(warc_dir))
                    html = decode_html(record.body, record.content_type)
                except Exception as exc:  # one unreadable record must not stop the rest
                    log.warning("cannot re-read %s from its WARC record: %s", fetched, exc)
                    continue
                yield ((fetched, capture["fetched_at"]),
                       (html, fetched, None, profiles, templates.get(host_key(fetched))))

        changed = 0
        with thread_cpu_ms(self.stats, "newscrawl/cpu_ms/reextract_main"), store.batch():
            for (fetched, fetched_at), article in self.imap_blocking(pages()):
                if isinstance(article, BaseException) or not article.is_article:
                    continue
                article.url = article_url(article.canonical_url, fetched)
                row = with_stored_facts(store, article.to_record())
                changed += bool(store.amend_article(row, fetched_at=fetched_at, run_id=run_id))
        if self.stats is not None:
            self.stats.set_value("newscrawl/cpu_ms/reextract",
                                 self.stats.get_value(key, 0.0) - cpu_before)
        return changed

    def _settle(self, future: Future[Any] | None, args: tuple[Any, ...], url: str,
                generation: int) -> Article | BaseException:
        try:
            if future is None:
                raise BrokenProcessPool("pool broken before submit")
            article, cpu, *_ = future.result()
        except BrokenProcessPool:
            self._replace(generation)
            return self._blocking_alone(args, url)
        except Exception as exc:
            return exc
        self._count(cpu)
        return article

    def _blocking_alone(self, args: tuple[Any, ...], url: str) -> Article | BaseException:
        single = self._new_pool(1)
        try:
            article, cpu, *_ = single.submit(self.task, *args).result()
        except BrokenProcessPool:
            self.crashed += 1
            return ExtractionCrashed(f"extraction of {url} killed its worker twice")
        except Exception as exc:
            return exc
        finally:
            _stop(single)
        self._count(cpu)
        return article


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut a broken or one-page pool down without waiting (its manager thread reaps its
    workers)."""
    pool.shutdown(wait=False, cancel_futures=True)


def _stopping(pool: ProcessPoolExecutor, *, cancel: bool) -> tuple[threading.Thread, list[Any]]:
    """Start shutting ``pool`` down in a thread (without ``cancel``, the pages it has are
    extracted first); the thread and the pool's worker processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    stopper = threading.Thread(target=pool.shutdown, kwargs={"wait": True, "cancel_futures": cancel},
                               name="extract-pool-stop", daemon=True)
    stopper.start()
    return stopper, processes


def _join(stopper: threading.Thread, processes: list[Any]) -> None:
    """Wait for a pool's shutdown; its workers still running after ``SHUTDOWN_SECONDS``
    are killed."""
    stopper.join(SHUTDOWN_SECONDS)
    if stopper.is_alive():
        for proc in processes:
            if proc.is_alive():
                log.warning("extraction worker %s did not stop: killed", proc.pid)
                proc.kill()
        stopper.join(5.0)

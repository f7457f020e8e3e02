"""Scrapy wiring for the WARC archive (the only module of newscrawl.archive importing Scrapy).

Use the downloader middleware::

    DOWNLOADER_MIDDLEWARES = {"newscrawl.archive.scrapy_ext.WarcMiddleware": 950}
    NEWSCRAWL_WARC_DIR = "data/warc/news"  # "auto": warc/<db name>/ beside the database;
                                           # empty: archiving off (NotConfigured)

At 950 it sits next to the downloader, after HttpCacheMiddleware (900), so it records
each response exactly as received: redirects before RedirectMiddleware follows them,
5xx before RetryMiddleware retries them, a 304 before the HTTP cache turns it into the
cached 200, robots.txt, sitemaps and feeds, and bodies still content-encoded (gzip) with
their Content-Encoding header. Responses served from Scrapy's HTTP cache (flag
``cached``) were not received and are not recorded. ``WarcExtension`` does the same from
the ``response_received`` signal, which fires only for the final response of the
middleware chain (no redirects, no retried errors, 304s already replaced by the cache),
so it is the fallback when a middleware cannot be installed.

Captures are indexed through the crawl's Store under the crawl's run id, both held by the
crawl session (``newscrawl.crawl.session.CrawlSession``), found by type among the
extensions: ``crawler.get_extension(ArchiveRun)``, a structural type, so the archive layer
does not import the crawl layer. The session's ``spider_opened`` runs before ours and its
``spider_closed`` after ours. A WARC file or captures row that cannot be written (disk
full, I/O error) stops the crawl: the file is cut back to its last whole exchange and
closed, and the session is told (``fail``), which closes the spider. Without a session (the extension not installed) the WARC is
still written and ``newscrawl.archive.index.index_missing_captures`` can index it later.
"""

from __future__ import annotations

import http
import logging
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.archive.index import index_missing_captures
from newscrawl.archive.warc import (
    CaptureInfo,
    WarcWriter,
    archive_warc_dir,
    repair_directory,
    write_failure,
)
from newscrawl.archive.warc_process import WarcWriterProcess
from newscrawl.store import StoreError
from newscrawl.store.clock import utcnow

log = logging.getLogger(__name__)


@runtime_checkable
class ArchiveRun(Protocol):
    """What the WARC recorder needs of the crawl session: the open Store (None before it
    opens or after it closes), the crawl_runs id, and ``fail(message)`` to stop the crawl
    when the archive cannot be written."""

    store: Any
    run_id: int | None

    def fail(self, message: str) -> None: ...


def warc_dir(settings: Any) -> str:
    """NEWSCRAWL_WARC_DIR, with "auto" meaning the archive's own folder, warc/<db name>/
    beside NEWSCRAWL_DB (``archive_warc_dir``); "" when off."""
    directory = settings.get("NEWSCRAWL_WARC_DIR") or ""
    if directory == "auto":
        db = settings.get("NEWSCRAWL_DB")
        return str(archive_warc_dir(db)) if db else ""
    return str(directory)


def warc_writer(settings: Any, directory: str | Path) -> WarcWriter | WarcWriterProcess:
    """The crawl's WarcWriter for ``directory``, as the settings describe it (warcinfo:
    robots policy, user agent, collection; file prefix and size); in a process of its own
    unless ``NEWSCRAWL_WARC_PROCESS`` is off (``warc_process.py``)."""
    info = {
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": settings.get("USER_AGENT"),
        "isPartOf": settings.get("NEWSCRAWL_WARC_COLLECTION") or None,
    }
    kind = WarcWriterProcess if settings.getbool("NEWSCRAWL_WARC_PROCESS", True) else WarcWriter
    return kind(
        Path(directory).expanduser(),
        prefix=settings.get("NEWSCRAWL_WARC_PREFIX") or "newscrawl",
        max_size=settings.getint("NEWSCRAWL_WARC_MAX_SIZE", 1_000_000_000),
        info={k: v for k, v in info.items() if v},
    )


def open_warc_directory(writer: WarcWriter | WarcWriterProcess, directory: str | Path, store: Any) -> None:
    """Before a crawl writes: files a killed crawl left half-written are cut to their last
    whole record and renamed, and the records whose captures rows died with an uncommitted
    batch are indexed (in those files, and at the end of the others). ``store`` may be
    None (WARC only, no index)."""
    archive_id = store.archive_id() if store is not None else None
    if archive_id:
        writer.info["archive-id"] = archive_id
        writer.info["archive-db"] = Path(store.path).name
    reports = repair_directory(Path(directory).expanduser(), archive_id)
    for report in reports:
        if report.truncated:
            log.warning(
                "repaired %s: dropped %d bytes of a partial record (%s)",
                report.path.name, report.bytes_dropped, report.problem,
            )
        else:
            log.info("finished %s left open by an earlier crawl", report.path.name)
    if store is not None:
        # Also the ends of finished files: a crawl whose disk filled closed its file,
        # but the captures rows of its last, uncommitted batch were lost.
        added = index_missing_captures(
            store, Path(directory).expanduser(), files=[r.path for r in reports], tails=True
        )
        if added:
            log.info("indexed %d captures of interrupted WARC files", added)


@dataclass
class Exchange:
    """One HTTP exchange as plain data (what a WARC response/request/metadata triple and
    its captures row are made of), so it can be recorded by another process than the one
    that fetched it (``newscrawl.distributed``). Headers are (name, value) text pairs as
    received, repeated names kept; ``metadata`` holds the WARC metadata fields other than
    the run id."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str  # UTC ISO 8601, microseconds
    metadata: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The last value of a response header (as Scrapy's ``Headers.get``), or None
        when it is missing or empty."""
        name = name.lower()
        found = None
        for key, value in self.response_headers:
            if key.lower() == name:
                found = value
        return found or None


def _text_pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` (name -> list of values) as (name, value) text pairs."""
    out: list[tuple[str, str]] = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values if isinstance(values, (list, tuple)) else [values]:
            out.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return out


def scrapy_exchange(request: Any, response: Any, fetched_at: str) -> Exchange:
    """A Scrapy request/response pair as an ``Exchange`` (body as received)."""
    try:
        reason = http.HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    meta = request.meta
    referer = request.headers.get(b"Referer")
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=_text_pairs(request.headers),
        status=response.status,
        reason=reason,
        response_headers=_text_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
        metadata={
            "via": referer.decode("latin-1") if referer else None,
            "depth": meta.get("depth"),
            "fetchTimeMs": (
                int(meta["download_latency"] * 1000) if "download_latency" in meta else None
            ),
            "ipAddress": str(response.ip_address) if response.ip_address else None,
            "protocol": response.protocol,
        },
    )


def exchange_call(store: Any, exchange: Exchange, run_id: int | None,
                  ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of ``WarcWriter.write_exchange`` for one exchange: a revisit when the
    archive's last capture of the URL, read through ``store`` when given, has the same
    payload. Raises StoreError (the lookup)."""
    previous = store.last_capture(exchange.url) if store is not None else None
    previous_date = previous["fetched_at"] if previous else None
    if previous and previous.get("record_type") == "revisit":
        # A revisit refers to the response holding the payload (as the writer's own memory
        # of recent URLs does): that response's date, when the index has it.
        original = store.last_response(exchange.url)
        if original and original["payload_digest"] == previous["payload_digest"]:
            previous_date = original["fetched_at"]
    extra = dict(exchange.metadata)
    metadata = {"via": extra.pop("via", None), "depth": extra.pop("depth", None),
                "runId": run_id, **extra}
    args = (exchange.url, exchange.method, exchange.request_headers, exchange.status,
            exchange.reason, exchange.response_headers, exchange.body, exchange.fetched_at)
    return args, {"previous_digest": previous["payload_digest"] if previous else None,
                  "previous_date": previous_date, "metadata": metadata}


def write_exchange(writer: WarcWriter | WarcWriterProcess, store: Any, exchange: Exchange,
                   run_id: int | None) -> CaptureInfo:
    """Write one exchange to WARC (see ``exchange_call``). Raises OSError (WARC) or
    StoreError (the lookup)."""
    args, kwargs = exchange_call(store, exchange, run_id)
    return writer.write_exchange(*args, **kwargs)


def capture_row(exchange: Exchange, info: CaptureInfo, run_id: int | None) -> dict[str, Any]:
    """The ``captures`` row indexing a written exchange."""
    return {
        "url": exchange.url,
        "fetched_at": exchange.fetched_at,
        "status": exchange.status,
        "content_type": exchange.header("Content-Type"),
        "payload_digest": info.payload_digest,
        "warc_filename": info.filename,
        "warc_offset": info.offset,
        "warc_length": info.length,
        "record_type": info.record_type,
        "etag": exchange.header("ETag"),
        "last_modified": exchange.header("Last-Modified"),
        "run_id": run_id,
    }


def deferred_of(future: Future[Any]) -> Any:
    """A Twisted Deferred firing on the reactor thread when ``future`` is done (with
    None: the caller reads the outcome from the future)."""
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    d: Deferred[Any] = Deferred()
    future.add_done_callback(lambda _: reactor.callFromThread(d.callback, None))
    return d


@contextmanager
def thread_cpu_ms(stats: Any, *keys: str) -> Iterator[None]:
    """Add the CPU this thread spends in the block to each of the ``keys`` stats, in ms
    (nothing when ``stats`` is None)."""
    started = time.thread_time()
    try:
        yield
    finally:
        if stats is not None:
            spent = (time.thread_time() - started) * 1000.0
            for key in keys:
                stats.inc_value(key, spent)


class _WarcRecorder:
    """Shared by the middleware and the extension: one WarcWriter per crawl."""

    def __init__(self, crawler: Any, directory: str) -> None:
        self.crawler = crawler
        self.directory = Path(directory).expanduser()
        self.writer = warc_writer(crawler.settings, self.directory)
        self.failed = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def _directory(cls, crawler: Any) -> str:
        directory = warc_dir(crawler.settings)
        if not directory:
            raise NotConfigured("NEWSCRAWL_WARC_DIR is empty: WARC archiving is off")
        return directory

    @property
    def session(self) -> ArchiveRun | None:
        """The crawl session (None: WARC only, no index). Looked up when first needed:
        WarcExtension is built while the extension manager is, before get_extension works."""
        if not hasattr(self, "_session"):
            self._session = self.crawler.get_extension(ArchiveRun)
        return self._session

    def spider_opened(self, spider: Any = None) -> None:
        # Files a killed crawl left half-written: cut to the last whole record, rename,
        # and index the records whose captures rows died with the uncommitted batch
        # (in those files, and at the end of the others).
        # (The session's spider_opened ran before this one: the Store is open.)
        store = self.session.store if self.session is not None else None
        open_warc_directory(self.writer, self.directory, store)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        try:
            self.writer.close()
        except OSError as exc:
            self._failed(exc, "WARC file")
        cpu = getattr(self.writer, "cpu_seconds", 0.0)
        if cpu:  # the WARC writer's own process (its records built, digested, gzipped)
            self.crawler.stats.set_value("newscrawl/cpu_ms/warc_process", cpu * 1000.0)

    def _failed(self, exc: BaseException, what: str) -> None:
        """The archive cannot be written: tell the session once (it stops the crawl)."""
        self.crawler.stats.inc_value("newscrawl/warc_errors")
        if self.failed:
            return
        self.failed = True
        message = f"archive write failed ({write_failure(exc)}): {what}: {exc}"
        session = self.session
        if session is not None:
            session.fail(message)
        else:
            log.error("%s", message)

    def record(self, request: Any, response: Any) -> None:
        """Write one exchange and index it. A write that fails (disk full, I/O error)
        stops the crawl through the session; nothing is recorded after it."""
        if "cached" in response.flags or self.failed:
            return
        # CPU of this thread: the records built, digested, gzipped and written.
        with thread_cpu_ms(self.crawler.stats, "newscrawl/cpu_ms/warc"):
            store, run_id, exchange = self._exchange(request, response)
            try:
                info = write_exchange(self.writer, store, exchange, run_id)
            except (OSError, StoreError) as exc:
                self._write_failed(exc)
                return
        self._index(store, exchange, info, run_id)

    async def record_async(self, request: Any, response: Any) -> None:
        """``record`` with the WARC writer in its own process: the exchange is handed to
        it from the reactor thread and awaited, so that several are in flight (the
        process writes them one by one, in order); the lookup and the captures row are
        written here."""
        if "cached" in response.flags or self.failed:
            return
        from scrapy.utils.defer import maybe_deferred_to_future

        writer = self.writer
        assert isinstance(writer, WarcWriterProcess)
        # CPU of this thread: the exchange read and handed over (the records are built,
        # digested and gzipped in the writer's process).
        with thread_cpu_ms(self.crawler.stats, "newscrawl/cpu_ms/warc"):
            store, run_id, exchange = self._exchange(request, response)
            try:
                args, kwargs = exchange_call(store, exchange, run_id)
                future = writer.submit(*args, **kwargs)
            except (OSError, StoreError) as exc:
                self._write_failed(exc)
                return
        try:
            await maybe_deferred_to_future(deferred_of(future))
            info = writer.result(future)
        except OSError as exc:
            self._write_failed(exc)
            return
        self._index(store, exchange, info, run_id)

    def _exchange(self, request: Any, response: Any) -> tuple[Any, int | None, Exchange]:
        """The session's store and run id (None without a session: WARC only) and the
        response as an ``Exchange`` fetched now."""
        session = self.session
        store = session.store if session is not None else None
        run_id = session.run_id if session is not None else None
        return store, run_id, scrapy_exchange(request, response, utcnow("microseconds"))

    def _write_failed(self, exc: BaseException) -> None:
        """The WARC write (OSError) or the captures lookup (StoreError) failed."""
        self._failed(exc, "WARC file" if isinstance(exc, OSError) else "captures index")

    def _index(self, store: Any, exchange: Exchange, info: CaptureInfo,
               run_id: int | None) -> None:
        """Count a written exchange and write its captures row."""
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/warc_{info.record_type}")
        if store is None:
            return
        with thread_cpu_ms(stats, "newscrawl/cpu_ms/store_captures"):
            try:
                store.add_capture(capture_row(exchange, info, run_id))
            except StoreError as exc:
                self._failed(exc, "captures index")


class WarcMiddleware(_WarcRecorder):
    """Downloader middleware (priority 950) writing every received response to WARC.

    The records are built, digested and gzipped in the WARC writer's own process
    (``warc_process.py``): each exchange is handed over from the reactor thread and
    awaited, many in flight, and its captures row written when it is done. With
    NEWSCRAWL_WARC_PROCESS off, writing (gzip, digests, the captures row) runs on one
    dedicated thread instead. Either way the reactor keeps downloading meanwhile, and a
    response moves on to the spider only once it is archived, so nothing is parsed and
    stored that the WARC does not hold.
    """

    def __init__(self, crawler: Any, directory: str) -> None:
        super().__init__(crawler, directory)
        from twisted.python.threadpool import ThreadPool

        self._pool: ThreadPool | None = None
        if isinstance(self.writer, WarcWriterProcess):
            return  # handed over from the reactor thread (record_async): no thread
        # One thread: a WARC file is written sequentially, and offsets must not interleave.
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="newscrawl-warc")
        self._pool.start()
        # Also when the reactor stops without spider_closed (a SIGTERM while the engine
        # starts): its thread would otherwise keep the process from exiting.
        from twisted.internet import reactor

        reactor.addSystemEventTrigger("during", "shutdown", self._stop_pool)

    def _stop_pool(self) -> None:
        if self._pool is not None and not self._pool.joined:
            self._pool.stop()

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcMiddleware:
        return cls(crawler, cls._directory(crawler))

    def _record_safely(self, request: Any, response: Any) -> None:
        try:
            self.record(request, response)
        except Exception:  # archiving trouble must not drop the page from the crawl
            self.crawler.stats.inc_value("newscrawl/warc_errors")
            log.exception("cannot archive %s", response.url)

    async def process_response(self, request: Any, response: Any) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThreadPool

        if "cached" in response.flags:
            return response
        if isinstance(self.writer, WarcWriterProcess):
            try:
                await self.record_async(request, response)
            except Exception:  # archiving trouble must not drop the page from the crawl
                self.crawler.stats.inc_value("newscrawl/warc_errors")
                log.exception("cannot archive %s", response.url)
        else:
            assert self._pool is not None
            await maybe_deferred_to_future(
                deferToThreadPool(reactor, self._pool, self._record_safely, request, response)
            )
        return response

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        # Every response has passed process_response by now, so the queue is empty.
        self._stop_pool()
        super().spider_closed(spider, reason)


class WarcExtension(_WarcRecorder):
    """Extension fallback: records final responses from ``signals.response_received``.

    Does nothing when WarcMiddleware is installed too (it records more).
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcExtension:
        directory = cls._directory(crawler)
        mws = crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")
        names = [getattr(k, "__name__", str(k)) for k, v in mws.items() if v is not None]
        if any(name.endswith("WarcMiddleware") for name in names):
            raise NotConfigured("WarcMiddleware is installed and records every response")
        ext = cls(crawler, directory)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response: Any, request: Any, spider: Any = None) -> None:
        self.record(request, response)

"""A crawl's WarcWriter in a process of its own.

Building, digesting and gzipping a page's three WARC records is ~1 ms of CPU, on the
crawl process's WARC thread, under the same GIL as Scrapy's reactor: the crawl process was
the crawl's bottleneck (~90 % of a core) while the extraction workers waited. Here the
writer runs in one child process (forkserver, as the extraction workers; spawn where there
is none); the crawl process hands it each exchange and waits for its ``CaptureInfo``
(WarcMiddleware's thread waits, not the reactor), so a response still reaches the spider
only once it is in the WARC file, and the files are written by one process, in order.

* A write the disk refuses raises the child's ``WarcWriteError`` here (its file cut back
  to the last whole exchange, as ``WarcWriter`` does), and every later write raises it.
* A child that dies (killed, out of memory) is a ``WarcWriteError`` (EIO) too: the crawl
  stops as on a full disk, and the next crawl repairs the file the child left open.
* The child exits when the crawl process closes the pipe it watches or dies (SIGKILL
  included), so it never outlives the crawl.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from newscrawl.archive.warc import CaptureInfo, WarcWriteError, WarcWriter

__all__ = ["WarcWriterProcess"]

# The child's writer (one per child process).
_WRITER: WarcWriter | None = None


def _watch(alive: Any) -> None:
    """Exit when the crawl process closes its end of the pipe or dies."""
    try:
        alive.poll(None)
    except (OSError, EOFError):
        pass
    os._exit(0)


def _init(alive: Any, directory: str, prefix: str, max_size: int, info: dict[str, Any],
          compresslevel: int) -> None:
    global _WRITER
    import signal

    # Ctrl-C reaches the whole process group: the crawl finishes and closes the file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(alive,), name="crawl-watch", daemon=True).start()
    _WRITER = WarcWriter(directory, prefix=prefix, max_size=max_size, info=info,
                         compresslevel=compresslevel)


def _write(*args: Any, **kwargs: Any) -> CaptureInfo:
    assert _WRITER is not None
    return _WRITER.write_exchange(*args, **kwargs)


def _close() -> tuple[list[str], float]:
    """Finish the file; the files written and this process's CPU seconds."""
    import time

    assert _WRITER is not None
    _WRITER.close()
    return list(_WRITER.files), time.process_time()


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class WarcWriterProcess:
    """What the crawl uses of ``WarcWriter`` (``info``, ``write_exchange``, ``close``,
    ``files``, ``failed``), the writer itself in a child process started by the first
    write (so ``info`` may change until then). Called from one thread at a time."""

    def __init__(self, directory: str | os.PathLike[str], prefix: str = "newscrawl",
                 max_size: int = 1_000_000_000, *, info: dict[str, Any] | None = None,
                 compresslevel: int = 6) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self.compresslevel = compresslevel
        self.info = dict(info or {})
        self.files: list[str] = []
        self.failed: WarcWriteError | None = None
        self.cpu_seconds = 0.0  # the child processes' CPU, as each is closed
        self._pool: ProcessPoolExecutor | None = None
        self._alive: tuple[Any, Any] | None = None

    def _start(self) -> ProcessPoolExecutor:
        ctx = _context()
        self._alive = ctx.Pipe(duplex=False)  # the child watches the read end
        self._pool = ProcessPoolExecutor(
            1, mp_context=ctx, initializer=_init,
            initargs=(self._alive[0], str(self.directory), self.prefix, self.max_size,
                      self.info, self.compresslevel))
        return self._pool

    def submit(self, *args: Any, **kwargs: Any) -> Future[CaptureInfo]:
        """Hand ``WarcWriter.write_exchange``'s arguments to the child; the exchanges
        handed over are written one by one, in this order. Read the outcome with
        ``result`` once the future is done. Raises the writer's ``WarcWriteError`` once a
        write has failed."""
        if self.failed is not None:
            raise self.failed
        pool = self._pool or self._start()
        try:
            return pool.submit(_write, *args, **kwargs)
        except BrokenProcessPool as exc:
            self.failed = WarcWriteError(errno.EIO, f"the WARC writer process died ({exc})")
            raise self.failed from None

    def result(self, future: Future[CaptureInfo]) -> CaptureInfo:
        """The ``CaptureInfo`` of a submitted exchange (waits for it); its
        ``WarcWriteError``, also for a child that died."""
        try:
            return future.result()
        except BrokenProcessPool as exc:
            if self.failed is None:
                self.failed = WarcWriteError(errno.EIO, f"the WARC writer process died ({exc})")
            raise self.failed from None
        except WarcWriteError as exc:
            if self.failed is None:
                self.failed = exc
            raise

    def write_exchange(self, *args: Any, **kwargs: Any) -> CaptureInfo:
        """``WarcWriter.write_exchange``, in the child (waits for it)."""
        return self.result(self.submit(*args, **kwargs))

    def close(self) -> None:
        """Finish the current file and stop the child; ``WarcWriteError`` if that fails."""
        pool = self._pool
        if pool is None:
            return
        try:
            files, cpu = pool.submit(_close).result()
            self.files.extend(f for f in files if f not in self.files)
            self.cpu_seconds += cpu
        except BrokenProcessPool as exc:
            raise WarcWriteError(errno.EIO, f"the WARC writer process died ({exc})") from None
        finally:
            self._stop()

    def _stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        if self._alive is not None:
            for end in self._alive:
                end.close()
            self._alive = None

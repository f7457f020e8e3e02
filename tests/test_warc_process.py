"""The crawl's WARC writer in a process of its own (newscrawl.archive.warc_process)."""

from __future__ import annotations

import errno
import os
import signal

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.archive.warc import OPEN_SUFFIX, WarcWriteError, read_capture
from newscrawl.archive.warc_process import WarcWriterProcess

HEADERS = [("Content-Type", "text/html; charset=utf-8")]


def exchange(i: int, body: bytes | None = None) -> tuple[tuple, dict]:
    body = body if body is not None else f"<html><body><p>page {i}</p></body></html>".encode()
    args = (f"http://127.0.0.1:8000/p{i}/", "GET", [("User-Agent", "t")], 200, "OK", HEADERS,
            body, "2026-11-27T12:00:00.000000Z")
    return args, {"metadata": {"runId": 1, "depth": i}}


def test_exchanges_in_flight_are_written_in_the_order_handed_over(tmp_path):
    writer = WarcWriterProcess(tmp_path, info={"archive-id": "test"})
    try:
        futures = [writer.submit(*args, **kwargs)
                   for args, kwargs in (exchange(i) for i in range(40))]
        infos = [writer.result(f) for f in futures]
    finally:
        writer.close()
    assert [i.offset for i in infos] == sorted(i.offset for i in infos)
    assert len({i.filename for i in infos}) == 1 and all(i.record_type == "response" for i in infos)
    assert not list(tmp_path.glob(f"*{OPEN_SUFFIX}")) and writer.files == [infos[0].filename]
    assert writer.cpu_seconds > 0  # the child's, for the crawl's stats
    for n, info in enumerate(infos):
        capture = read_capture(info.filename, info.offset, directory=tmp_path)
        assert capture.url == f"http://127.0.0.1:8000/p{n}/"
        assert capture.body == f"<html><body><p>page {n}</p></body></html>".encode()
    with open(tmp_path / infos[0].filename, "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    assert kinds == ["warcinfo"] + ["response", "request", "metadata"] * 40


def test_a_repeated_payload_becomes_a_revisit_in_the_writers_own_memory(tmp_path):
    writer = WarcWriterProcess(tmp_path)
    try:
        args, kwargs = exchange(1)
        first, again = writer.write_exchange(*args, **kwargs), writer.write_exchange(*args, **kwargs)
    finally:
        writer.close()
    assert (first.record_type, again.record_type) == ("response", "revisit")
    assert first.payload_digest == again.payload_digest


def test_a_writer_process_that_dies_fails_every_write_after_it(tmp_path):
    writer = WarcWriterProcess(tmp_path)
    try:
        args, kwargs = exchange(1)
        writer.write_exchange(*args, **kwargs)
        (pid,) = list(writer._pool._processes)  # noqa: SLF001 - the child process
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(WarcWriteError) as died:
            writer.write_exchange(*exchange(2)[0])
        assert died.value.errno == errno.EIO and "died" in str(died.value)
        with pytest.raises(WarcWriteError):
            writer.submit(*exchange(3)[0])
    finally:
        try:
            writer.close()
        except WarcWriteError:
            pass
    # The file the child left open keeps its whole records: the next crawl's repair
    # finishes it (archive/warc.py: repair_directory).
    assert list(tmp_path.glob(f"*{OPEN_SUFFIX}"))


def test_a_refused_write_is_the_writers_error_here(tmp_path, monkeypatch):
    """A file-size limit in the child refuses the write as a full disk would. (Spawned:
    a child of the fork server would have the server's limits, not this process's.)"""
    import multiprocessing

    from newscrawl.archive import warc_process

    monkeypatch.setattr(warc_process, "_context", lambda: multiprocessing.get_context("spawn"))
    writer = WarcWriterProcess(tmp_path, max_size=10**9)
    try:
        writer.write_exchange(*exchange(0)[0])
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
        try:
            # The running child keeps its own limit: the next one (after a close) has it.
            writer.close()
            big = os.urandom(40_000)
            with pytest.raises(WarcWriteError) as refused:
                writer.write_exchange(*exchange(1, big)[0])
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        assert refused.value.errno == errno.EFBIG
        with pytest.raises(WarcWriteError):
            writer.submit(*exchange(2)[0])
    finally:
        writer.close()

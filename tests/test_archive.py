"""WARC archive: real files written with warcio, read back with warcio's reader."""

from __future__ import annotations

import gzip
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from newscrawl.archive import (
    WarcWriter,
    check,
    index_records,
    iter_records,
    payload_digest,
    read_capture,
    repair,
    repair_directory,
    warc_files,
)

WORDS = ["leigh", "broadway", "council", "police", "pier", "estuary", "cockle", "rail"]
NAME = re.compile(r"^newscrawl-\d{14}-\d{5}\.warc\.gz$")
HTML = "text/html; charset=UTF-8"


def page(n: int, size: int = 2000) -> bytes:
    # Varied words, so that gzip cannot shrink pages to nothing (the size tests need bulk).
    rng = random.Random(n)
    words = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(size))
    return f"<html><body><p>Story {n}</p><p>{words}</p></body></html>".encode()


def write_some(writer: WarcWriter, count: int, start: int = 0) -> list:
    infos = []
    for i in range(start, start + count):
        infos.append(writer.write_exchange(
            f"https://leigh-on-sea.news/story-{i}/", "GET",
            {b"User-Agent": [b"newscrawl/test"], b"Accept": [b"text/html"]},
            200, "OK", [("Content-Type", HTML), ("ETag", f'"e{i}"')],
            page(i), f"2024-06-12T10:00:{i % 60:02d}+00:00",
            metadata={"via": "https://leigh-on-sea.news/", "depth": 1, "runId": 7},
        ))
    return infos


def records(path: Path) -> list:
    """(type, url, offset, digest check result) of every record, via warcio, reading all."""
    out = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        for rec in it:
            while rec.raw_stream.read(65536):
                pass
            out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"),
                        it.get_record_offset(), rec.digest_checker.passed,
                        rec.rec_headers.get_header("WARC-Payload-Digest")))
    return out


def test_write_read_and_digests(tmp_path):
    with WarcWriter(tmp_path) as w:
        infos = write_some(w, 5)
    files = warc_files(tmp_path)
    assert len(files) == 1 and NAME.match(files[0].name)
    recs = records(files[0])
    assert recs[0][0] == "warcinfo"
    assert [r[0] for r in recs[1:]] == ["response", "request", "metadata"] * 5
    # warcio verified block and payload digests of every record.
    assert all(r[3] is True for r in recs), recs
    responses = [r for r in recs if r[0] == "response"]
    assert [r[2] for r in responses] == [i.offset for i in infos]
    assert [r[4] for r in responses] == [payload_digest(page(i)) for i in range(5)]
    assert check(files[0]).ok
    got = list(iter_records(tmp_path))
    assert [c.body for c in got] == [page(i) for i in range(5)]
    assert got[0].status == 200 and got[0].content_type == HTML
    assert got[0].fetched_at == "2024-06-12T10:00:00+00:00"
    assert ("ETag", '"e0"') in got[0].headers
    again = read_capture(files[0].name, infos[3].offset, directory=tmp_path)
    assert again.url.endswith("story-3/") and again.body == page(3)
    index = list(index_records(tmp_path))
    assert [(r["warc_offset"], r["warc_length"]) for r in index] == [
        (i.offset, i.length) for i in infos
    ]
    assert index[0]["etag"] == '"e0"' and index[0]["record_type"] == "response"


def test_request_and_metadata_records(tmp_path):
    with WarcWriter(tmp_path) as w:
        w.write_exchange("https://a.example/p?x=1", "get", {"Accept": "*/*"}, 301,
                         "Moved Permanently", {"Location": "/q", "Transfer-Encoding": "chunked"},
                         b"", "2024-06-12T10:00:00Z", metadata={"via": "https://a.example/"})
    text = gzip.open(warc_files(tmp_path)[0]).read().decode()
    assert "GET /p?x=1 HTTP/1.1\r\nHost: a.example\r\nAccept: */*" in text
    assert "HTTP/1.1 301 Moved Permanently\r\nLocation: /q" in text
    assert "Transfer-Encoding" not in text  # the stored body is de-chunked
    assert "WARC-Concurrent-To" in text and "via: https://a.example/" in text
    assert "software: newscrawl/" in text and "robots: obey" in text
    assert all(r[3] is True for r in records(warc_files(tmp_path)[0]))


def test_roll_over_by_size_and_open_suffix(tmp_path):
    w = WarcWriter(tmp_path, max_size=20_000)
    write_some(w, 1)
    current = w.current
    assert current is not None and current.name.endswith(".warc.gz.open")
    assert not current.with_name(current.name[:-5]).exists()
    write_some(w, 11, start=1)
    w.close()
    files = warc_files(tmp_path)
    assert len(files) > 2
    assert all(NAME.match(f.name) for f in files)
    assert not list(tmp_path.glob("*.open"))
    total = 0
    for f in files:
        recs = records(f)
        assert recs[0][0] == "warcinfo"
        assert all(r[3] is True for r in recs)
        total += sum(r[0] == "response" for r in recs)
        assert check(f).ok
    assert total == 12
    assert [c.url for c in iter_records(tmp_path)] == [
        f"https://leigh-on-sea.news/story-{i}/" for i in range(12)
    ]


def test_revisit_for_identical_payload(tmp_path):
    url = "https://leigh-on-sea.news/story/"
    with WarcWriter(tmp_path) as w:
        first = w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(1),
                                 "2024-06-12T10:00:00+00:00")
        second = w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(1),
                                  "2024-06-13T10:00:00+00:00")
        changed = w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(2),
                                   "2024-06-14T10:00:00+00:00")
        empty = [w.write_exchange(url + "x", "GET", {}, 304, "Not Modified", {}, b"", None)
                 for _ in range(2)]
    assert (first.record_type, second.record_type, changed.record_type) == (
        "response", "revisit", "response")
    assert [e.record_type for e in empty] == ["response", "response"]  # nothing to dedupe
    assert second.payload_digest == first.payload_digest
    # A later crawl (new writer) learns the previous digest from the caller (the Store).
    with WarcWriter(tmp_path) as w2:
        third = w2.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(2),
                                  "2024-06-15T10:00:00+00:00",
                                  previous_digest=changed.payload_digest,
                                  previous_date="2024-06-14T10:00:00+00:00")
    assert third.record_type == "revisit"
    text = gzip.open(tmp_path / third.filename).read().decode()
    assert "WARC-Type: revisit" in text
    assert "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest" in text
    assert f"WARC-Refers-To-Target-URI: {url}" in text
    assert "WARC-Refers-To-Date: 2024-06-14T10:00:00Z" in text
    # Revisits store headers only, and read back with the original's body.
    assert third.length < first.length / 2
    got = [c for c in iter_records(tmp_path) if c.url == url]
    assert [c.body for c in got] == [page(1), page(1), page(2), page(2)]
    assert [c.fetched_at[:10] for c in got] == ["2024-06-12", "2024-06-13", "2024-06-14", "2024-06-15"]
    for f in warc_files(tmp_path):
        assert check(f).ok, check(f).problems


def test_content_encoded_body_is_stored_raw_and_read_decoded(tmp_path):
    raw = gzip.compress(page(1))
    with WarcWriter(tmp_path) as w:
        info = w.write_exchange("https://a/", "GET", {}, 200, "OK",
                                {"Content-Type": HTML, "Content-Encoding": "gzip"}, raw, None)
    assert info.payload_digest == payload_digest(raw)
    assert read_capture(info.filename, info.offset, directory=tmp_path).body == page(1)
    assert check(tmp_path / info.filename).ok


def test_repair_truncated_open_file(tmp_path):
    w = WarcWriter(tmp_path)
    infos = write_some(w, 4)
    path = w.current
    assert path is not None and path.name.endswith(".warc.gz.open") and path.is_file()
    w._fh.close()  # simulate a kill: the file stays .open
    size = path.stat().st_size
    cut = infos[3].offset + infos[3].length // 2  # in the middle of the 4th response
    with open(path, "r+b") as fh:
        fh.truncate(cut)
    broken = check(path)
    assert not broken.ok
    report = repair(path)
    assert report.truncated and report.bytes_dropped == cut - infos[3].offset
    assert report.renamed_from == path and NAME.match(report.path.name)
    assert report.records == 1 + 3 * 3  # warcinfo + three whole exchanges
    assert report.path.stat().st_size == infos[3].offset < size
    fixed = check(report.path)
    assert fixed.ok, fixed.problems
    assert [c.body for c in iter_records(report.path)] == [page(i) for i in range(3)]
    again = repair(report.path)  # idempotent
    assert not again.truncated and again.renamed_from is None


def test_repair_garbage_tail_and_directory(tmp_path):
    with WarcWriter(tmp_path) as w:
        write_some(w, 2)
    finished = warc_files(tmp_path)[0]
    good = finished.stat().st_size
    open_copy = finished.with_name(finished.name.replace("-00001", "-00009") + ".open")
    open_copy.write_bytes(finished.read_bytes() + b"\x1f\x8b\x08\x00garbage")
    reports = repair_directory(tmp_path)
    assert len(reports) == 1 and reports[0].bytes_dropped == 11
    assert reports[0].path.stat().st_size == good
    assert check(reports[0].path).ok
    assert finished.stat().st_size == good  # finished files are left alone


def test_check_and_repair_uncompressed_warc(tmp_path):
    path = tmp_path / "plain.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False, warc_version="1.1")
        for i in range(3):
            from io import BytesIO

            from warcio.statusandheaders import StatusAndHeaders

            rec = writer.create_warc_record(
                f"https://a/{i}", "response", payload=BytesIO(page(i, 50)),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1"),
            )
            writer.write_record(rec)
    assert check(path).ok
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size - 100)
    report = repair(path)
    assert report.truncated and report.records == 2
    assert check(path).ok


SCRAPY_SCRIPT = textwrap.dedent('''
    import sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            if self.path == "/robots.txt":
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
            elif self.path == "/old":
                self.send_response(301); self.send_header("Location", "/a")
                self.send_header("Content-Length", "0"); self.end_headers()
            else:
                body = b"<html><body><p>page " + self.path.encode() + b"</p></body></html>"
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304); self.send_header("ETag", '"v1"'); self.end_headers()
                    return
                self.send_response(200); self.send_header("Content-Type", "text/html")
                self.send_header("ETag", '"v1"')
                self.send_header("Content-Length", str(len(body))); self.end_headers()
                self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}"

    class S(scrapy.Spider):
        name = "t"
        async def start(self):
            yield scrapy.Request(base + "/old")
            yield scrapy.Request(base + "/b", headers={"If-None-Match": '"v1"'},
                                 meta={"handle_httpstatus_list": [304]})
        def parse(self, response):
            pass

    db, warc, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    # The crawl session opens the Store and run 1; the middleware finds it by type.
    process = CrawlerProcess({
        "DOWNLOADER_MIDDLEWARES": {"newscrawl.archive.scrapy_ext.WarcMiddleware": 950},
        "EXTENSIONS": {"newscrawl.crawl.session.CrawlSession": 200},
        "NEWSCRAWL_DB": db, "NEWSCRAWL_WARC_PROCESS": mode == "process",
        "NEWSCRAWL_WARC_DIR": warc, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR",
    })
    crawler = process.create_crawler(S)
    process.crawl(crawler)
    process.start()
    srv.shutdown()
''')


@pytest.mark.e2e  # a loopback server crawled by Scrapy in a subprocess
@pytest.mark.parametrize("mode", ["process", "thread"])  # NEWSCRAWL_WARC_PROCESS on, off
def test_scrapy_middleware_records_every_response(tmp_path, mode):
    pytest.importorskip("scrapy")
    script = tmp_path / "crawl.py"
    script.write_text(SCRAPY_SCRIPT)
    db, warc = tmp_path / "news.db", tmp_path / "warc"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(script), str(db), str(warc), mode], cwd=root,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = warc_files(warc)
    assert files and not list(warc.glob("*.open"))
    seen = sorted((c.url.rsplit("/", 1)[1], c.status) for c in iter_records(warc))
    # robots.txt 404, the redirect itself, its target, and the 304 as received.
    assert seen == [("a", 200), ("b", 304), ("old", 301), ("robots.txt", 404)]
    for f in files:
        assert check(f).ok
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT url, status, etag, warc_filename, run_id FROM captures").fetchall()
    conn.close()
    assert len(rows) == 4 and all(r[3] == files[0].name and r[4] == 1 for r in rows)
    assert {r[2] for r in rows if r[1] == 200} == {'"v1"'}


def test_reindex_after_kill(tmp_path):
    """A kill loses the uncommitted captures rows; repair + reindex brings them back."""
    from newscrawl.archive import index_missing_captures
    from newscrawl.store import Store

    warc = tmp_path / "warc"
    w = WarcWriter(warc)
    infos = write_some(w, 4)
    path = w.current
    w._fh.close()  # killed mid-write of the 4th exchange
    with open(path, "r+b") as fh:
        fh.truncate(infos[3].offset + 100)
    with Store(tmp_path / "news.db") as store:
        store.add_capture({"url": "https://leigh-on-sea.news/story-0/", "status": 200,
                           "warc_filename": infos[0].filename, "warc_offset": infos[0].offset,
                           "record_type": "response", "fetched_at": "2024-06-12T10:00:00+00:00"})
        report = repair(path)
        assert index_missing_captures(store, warc) == 0  # the file is known: not re-read
        assert index_missing_captures(store, warc, files=[report.path]) == 2
        assert index_missing_captures(store, warc, all_files=True) == 0
        rows = list(store.db.query("SELECT * FROM captures ORDER BY warc_offset"))
    assert [(r["warc_offset"], r["payload_digest"]) for r in rows[1:]] == [
        (i.offset, i.payload_digest) for i in infos[1:3]
    ]
    assert rows[1]["warc_length"] == infos[1].length and rows[1]["etag"] == '"e1"'


def test_a_writer_remembers_only_its_recent_urls(tmp_path):
    """The writer's own memory of payloads is bounded: a repeat of a URL it wrote long
    ago is a revisit only if the caller knows the previous capture."""
    url = "https://leigh-on-sea.news/story/"
    with WarcWriter(tmp_path, recent_urls=2) as w:
        w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(1),
                         "2024-06-12T10:00:00+00:00")
        recent = w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML}, page(1),
                                  "2024-06-12T11:00:00+00:00")
        for n in range(2, 5):  # three other URLs push it out
            w.write_exchange(f"{url}{n}/", "GET", {}, 200, "OK", {"Content-Type": HTML},
                             page(n), "2024-06-12T12:00:00+00:00")
        assert len(w._last) == 2 and url not in w._last
        forgotten = w.write_exchange(url, "GET", {}, 200, "OK", {"Content-Type": HTML},
                                     page(1), "2024-06-13T10:00:00+00:00")
        kept = w.write_exchange(f"{url}4/", "GET", {}, 200, "OK", {"Content-Type": HTML},
                                page(4), "2024-06-13T11:00:00+00:00")  # among the last two
    assert (recent.record_type, forgotten.record_type, kept.record_type) == (
        "revisit", "response", "revisit")


def test_revisits_through_the_index_are_those_of_an_unbounded_memory(tmp_path):
    """With the captures index (as a crawl writes), a writer that remembers one URL
    writes the same records as one that remembers them all: the index gives the
    previous payload, and for a revisit of a revisit the date of the response holding
    it (WARC-Refers-To-Date)."""
    from newscrawl.archive.scrapy_ext import Exchange, capture_row, write_exchange
    from newscrawl.store import Store

    story, other = "https://leigh-on-sea.news/story/", "https://leigh-on-sea.news/other/"
    fetches = [(story, 1), (other, 2), (story, 1), (other, 3), (story, 1), (story, 4)]

    def crawl(name: str, recent: int) -> list[tuple[str, str | None]]:
        out = []
        with Store(tmp_path / f"{name}.db") as store, \
                WarcWriter(tmp_path / name, recent_urls=recent) as w:
            for day, (url, n) in enumerate(fetches, 10):
                exchange = Exchange(url, "GET", [], 200, "OK", [("Content-Type", HTML)],
                                    page(n), f"2024-06-{day}T10:00:00.000000+00:00")
                info = write_exchange(w, store, exchange, run_id=None)
                store.add_capture(capture_row(exchange, info, None))
        for path in warc_files(tmp_path / name):
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type in ("response", "revisit"):
                        out.append((rec.rec_type,
                                    rec.rec_headers.get_header("WARC-Refers-To-Date")))
        return out

    bounded = crawl("bounded", 1)
    assert bounded == crawl("unbounded", 1000)
    assert bounded[2] == bounded[4] == ("revisit", "2024-06-10T10:00:00Z")
    assert [t for t, _ in bounded] == [
        "response", "response", "revisit", "response", "revisit", "response"]

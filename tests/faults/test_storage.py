"""Storage faults (issue 9): a full disk, a failing WARC write, a truncated WARC, two
archives in one folder. Each case checks the outcome the README promises and that what
was archived before the fault is all still there.

A crawl killed with SIGKILL and resumed is tests/test_e2e_recrawl.py's
``test_killed_mid_crawl_then_resume_equals_uninterrupted`` (SIGKILL and SIGTERM; not
repeated here).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.archive import archive_warc_dir, check, read_capture
from newscrawl.archive.warc import OPEN_SUFFIX, WarcWriteError, WarcWriter, warcinfo_fields
from newscrawl.crawl.session import RESERVE_BYTES
from newscrawl.replica import ReplicaServer, ReplicaSite
from tests.conftest import FAST, run_cli
from tests.test_e2e_recrawl import articles

pytestmark = pytest.mark.e2e


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def crawl(server, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST, *extra)


def summary_counts(stderr: str) -> dict[str, int]:
    """The article figures of the printed end-of-crawl summary."""
    m = re.search(r"articles\s+new (\d+), updated (\d+), unchanged (\d+), gone (\d+)", stderr)
    assert m, f"no summary in: {stderr[-2000:]}"
    return dict(zip(("new", "updated", "unchanged", "gone"), map(int, m.groups()), strict=True))


def warcs_readable_to_the_end(folder: Path) -> list[Path]:
    """Every WARC file of ``folder`` (none left .open) reads to its end with warcio."""
    assert not list(folder.glob(f"*{OPEN_SUFFIX}")), "a WARC file was left .open"
    files = sorted(folder.glob("*.warc.gz"))
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
        report = check(path)
        assert report.ok, report.problems
    return files


def captures_readable(db: Path) -> None:
    """Every captures row points at a whole record of its URL."""
    folder = archive_warc_dir(db)
    for url, name, offset in query(db, "select url, warc_filename, warc_offset from captures"):
        assert read_capture(name, offset, directory=folder).url == url


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted for the test (root only; CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs the fault suite as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """A file taking all of ``disk``'s free space but ``leave`` bytes."""
    st = os.statvfs(disk)
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return filler


def test_disk_full_stops_the_crawl_honestly_and_a_later_crawl_completes(
        small_disk, crawled_classic, replica_classic):
    db = small_disk / "news.db"
    folder = archive_warc_dir(db)
    # A first, partial crawl: what is archived before the fault.
    crawl(replica_classic, db, "-s", "CLOSESPIDER_PAGECOUNT=40")
    before = articles(db)
    before_captures = query(db, "select id, url, warc_filename, warc_offset from captures")
    before_versions = query(db, "select url, version, content_hash from article_versions")
    assert before and before_captures

    # The disk fills during the crawl (at its start there is room for the session's
    # reserve, which lets it record the failure).
    filler = fill(small_disk, leave=RESERVE_BYTES + 300_000)
    proc = crawl(replica_classic, db, "-s", "NEWSCRAWL_FULL=True")

    # Non-zero exit, one line naming the cause, no traceback on the console.
    assert proc.returncode != 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Logging error" not in proc.stderr
    assert "error: archive write failed (disk full)" in proc.stderr
    run_id, status, error, *counts = query(
        db, "select id, status, error, articles_new, articles_updated, articles_unchanged,"
            " articles_gone from crawl_runs order by id desc limit 1")[0]
    assert status == "failed" and "disk" in error
    # The summary says what the database holds, nothing more.
    printed = summary_counts(proc.stderr)
    assert list(printed.values()) == [c or 0 for c in counts]
    stored_new = query(db, "select count(*) from article_versions where run_id = ? and"
                           " version = 1", run_id)[0][0]
    assert printed["new"] == stored_new
    assert len(articles(db)) == len(before) + stored_new
    # The WARC in progress was closed at its last whole record.
    warcs_readable_to_the_end(folder)
    captures_readable(db)
    # Everything archived before the fault is still there.
    assert set(before_captures) <= set(query(
        db, "select id, url, warc_filename, warc_offset from captures"))
    assert set(before_versions) <= set(query(
        db, "select url, version, content_hash from article_versions"))
    after = articles(db)
    assert all(after[url] == row for url, row in before.items())

    # Space again: the next crawl resumes and ends with the uninterrupted crawl's archive.
    filler.unlink()
    proc = crawl(replica_classic, db)
    assert proc.returncode == 0, proc.stderr[-3000:]
    resumed = articles(db)
    assert resumed == articles(crawled_classic["db"])
    assert query(db, "select count(*), count(distinct url) from article_versions")[0] == (
        len(resumed), len(resumed))
    warcs_readable_to_the_end(folder)
    captures_readable(db)


def test_a_file_size_limit_stops_the_crawl_honestly(tmp_path, replica_classic):
    """Without root: a process file-size limit (RLIMIT_FSIZE) refuses the WARC write as a
    full disk would (EFBIG; Python ignores SIGXFSZ)."""
    import resource
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "news.db"
    limit = 400_000

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "crawl", replica_classic.base_url + "/",
         "--db", str(db), *FAST], cwd=ROOT, capture_output=True, text=True, timeout=240,
        preexec_fn=limited, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert "error: archive write failed" in proc.stderr and "Traceback" not in proc.stderr
    status, error, *counts = query(
        db, "select status, error, articles_new, articles_updated, articles_unchanged,"
            " articles_gone from crawl_runs")[0]
    assert status == "failed" and "archive write failed" in error
    assert list(summary_counts(proc.stderr).values()) == [c or 0 for c in counts]
    assert counts[0] == len(articles(db))
    files = warcs_readable_to_the_end(archive_warc_dir(db))
    assert all(f.stat().st_size <= limit for f in files)
    captures_readable(db)


class _FullDisk:
    """A WARC file handle whose disk fills after ``room`` more bytes."""

    def __init__(self, fh, room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data) -> int:
        if len(data) > self.room:
            self.fh.write(bytes(data)[: self.room])  # a partial record reaches the disk
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


def test_a_failed_warc_write_keeps_the_file_whole_and_final(tmp_path):
    writer = WarcWriter(tmp_path, info={"archive-id": "test-archive"})
    page = b"<html><body>" + os.urandom(20_000).hex().encode() + b"</body></html>"
    first = writer.write_exchange("http://a.test/1", "GET", {}, 200, "OK", {}, page, None)
    writer._fh = _FullDisk(writer._fh, room=3000)  # noqa: SLF001 (the fault under test)
    with pytest.raises(WarcWriteError) as failed:
        writer.write_exchange("http://a.test/2", "GET", {}, 200, "OK", {}, page, None)
    assert failed.value.errno == errno.ENOSPC
    with pytest.raises(WarcWriteError):  # nothing is written after a failure
        writer.write_exchange("http://a.test/3", "GET", {}, 200, "OK", {}, page, None)
    writer.close()
    files = warcs_readable_to_the_end(tmp_path)
    assert [f.name for f in files] == [first.filename]
    assert read_capture(first.filename, first.offset, directory=tmp_path).body == page
    urls = []
    with open(files[0], "rb") as fh:
        urls = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                if r.rec_type == "response"]
    assert urls == ["http://a.test/1"]
    assert warcinfo_fields(files[0])["archive-id"] == "test-archive"


def copy_archive(src_db: Path, dest: Path) -> Path:
    """A private copy of an archive: its database and its own WARC folder."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src_db) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(archive_warc_dir(src_db), archive_warc_dir(dest))
    return dest


def test_truncated_warc_is_cut_to_its_last_whole_record_and_reparse_works(
        crawled_classic, tmp_path):
    db = copy_archive(crawled_classic["db"], tmp_path / "news.db")
    folder = archive_warc_dir(db)
    name, offset, length = query(
        db, "select warc_filename, warc_offset, warc_length from captures"
            " order by warc_filename desc, warc_offset desc limit 1")[0]
    path = folder / name
    with open(path, "r+b") as fh:  # cut mid-record, as a crash leaves the file
        fh.truncate(offset + length // 2)
    os.replace(path, path.with_name(name + OPEN_SUFFIX))
    before = articles(db)

    proc = run_cli("reparse", "--db", str(db), "--workers", "1", "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = warcs_readable_to_the_end(folder)
    assert path in files and path.stat().st_size <= offset  # the partial record is gone
    assert articles(db).keys() == before.keys()
    assert query(db, "select status from crawl_runs order by id desc limit 1") == [("finished",)]


def test_two_archives_in_one_folder_never_mix(crawled_classic, tmp_path):
    folder = tmp_path / "data"
    a = copy_archive(crawled_classic["db"], folder / "a.db")
    with ReplicaServer(ReplicaSite(seed=2), host="127.0.0.1", port=0) as other:
        b = folder / "b.db"
        proc = crawl(other, b)
        assert proc.returncode == 0, proc.stderr[-3000:]
        b_host = other.base_url
    a_urls, b_urls = set(articles(a)), set(articles(b))
    assert a_urls and b_urls and not a_urls & b_urls
    assert archive_warc_dir(a) == folder / "warc" / "a"
    assert archive_warc_dir(b) == folder / "warc" / "b"
    # Each WARC file names its archive.
    b_id = query(b, "select value from archive_meta where key = 'archive_id'")[0][0]
    for path in archive_warc_dir(b).glob("*.warc.gz"):
        assert warcinfo_fields(path)["archive-id"] == b_id

    # A file of b's copied into a's folder is refused, not indexed.
    stray = next(archive_warc_dir(b).glob("*.warc.gz"))
    shutil.copy(stray, archive_warc_dir(a) / ("zz-" + stray.name))
    proc = run_cli("reparse", "--db", str(a), "--workers", "1", "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert set(articles(a)) == a_urls
    assert query(a, "select count(*) from captures where url like ?", b_host + "%") == [(0,)]
    (archive_warc_dir(a) / ("zz-" + stray.name)).unlink()

    # An archive from before warc/<name>/: both archives' files in one shared warc/, each
    # database's captures naming its own. Reparse reads only its own, through its index.
    shared = folder / "warc"
    for db in (a, b):
        for path in archive_warc_dir(db).iterdir():
            shutil.move(path, shared / path.name)
        archive_warc_dir(db).rmdir()
    proc = run_cli("reparse", "--db", str(a), "--workers", "1", "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert set(articles(a)) == a_urls and "errors: 0" in proc.stdout
    assert query(a, "select count(*) from captures where url like ?", b_host + "%") == [(0,)]
    status = run_cli("status", "--db", str(a), "--json")
    assert status.returncode == 0, status.stderr
    a_files = {r[0] for r in query(a, "select distinct warc_filename from captures")}
    assert json.loads(status.stdout)["totals"]["warc_files"] == len(a_files)


def test_run_counters_are_what_the_database_holds(tmp_path):
    """A run's article counters are written with the rows they count: a batch the disk
    refused (rolled back) is not counted, so the summary never claims it."""
    from newscrawl.store import Store

    store = Store(tmp_path / "news.db", commit_seconds=0)
    run = store.start_run(["http://a.test/"], {})
    record = {"url": "http://a.test/1", "title": "One", "body": "Text."}
    store.save_article(record, fetched_at="2024-06-12T09:30:00+00:00", run_id=run)
    with pytest.raises(RuntimeError), store.batch():
        store.save_article({**record, "url": "http://a.test/2"},
                           fetched_at="2024-06-12T09:31:00+00:00", run_id=run)
        store.db.conn.rollback()  # what SQLite does to a batch that hit a full disk
        raise RuntimeError("disk full")
    store.finish_run(run, {"status": "failed"}, "archive write failed (disk full)")
    row = store.run(run)
    assert row["articles_new"] == 1 == len(query(tmp_path / "news.db", "select url from articles"))
    assert row["status"] == "failed" and row["errors"] == 0
    store.close()


WAL_FULL_SCRIPT = '''
import json, resource, sqlite3, sys
from newscrawl.store import Store, StoreError

db, limit = sys.argv[1], int(sys.argv[2])
store = Store(db)
run = store.start_run(["https://x.test/"], {})
other = sqlite3.connect(db)  # another writer fills the log, a page a commit
other.execute("CREATE TABLE filler (x)")
other.commit()
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ
saved = 0
try:
    for i in range(100_000):
        store.save_article({"url": f"https://x.test/{i}/", "title": "S", "body": "Word " * 300},
                           fetched_at="2026-01-01T00:00:00+00:00", run_id=run)
        store.flush()
        saved += 1
except StoreError:
    store.abandon()
try:
    while True:
        other.execute("INSERT INTO filler VALUES (1)")
        other.commit()
except sqlite3.Error:
    other.rollback()
other.close()
try:
    store.finish_run(run, {}, "archive write failed")
    first = "written"
except StoreError:
    first = "refused"
store.abandon()
store.checkpoint()
store.finish_run(run, {}, "archive write failed")
print(json.dumps({"saved": saved, "first": first}))
'''


def test_the_runs_end_fits_once_the_full_wal_is_checkpointed(tmp_path):
    """When the write-ahead log is the file that hit the limit, even the run's end cannot
    be written; after ``Store.checkpoint()`` (what CrawlSession does before its second
    attempt) it is, and the row says failed with everything committed before."""
    import sys

    db = tmp_path / "news.db"
    proc = subprocess.run([sys.executable, "-c", WAL_FULL_SCRIPT, str(db), "600000"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["saved"] >= 1 and out["first"] == "refused", out
    assert query(db, "select status, error from crawl_runs") == [("failed", "archive write failed")]
    assert query(db, "select count(*) from articles") == [(out["saved"],)]

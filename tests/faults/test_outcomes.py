"""Clear outcomes (issue 9): robots.txt forbidding the crawl, a database locked by another
process, a bad setting, an unknown scheme, an unreachable site: each is one line naming
the cause, a documented non-zero exit code, no traceback, a failed crawl_runs row where
an archive exists, and nothing archived before is lost."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.crawl.failures import EXIT_ARCHIVE, EXIT_FAILED, EXIT_USAGE
from tests.conftest import FAST, free_port, run_cli
from tests.faults.conftest import crawl_hostile

# --- helpers ------------------------------------------------------------------------------

def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def assert_one_clear_line(proc: subprocess.CompletedProcess[str], code: int, *needles: str) -> str:
    """Exit ``code``, exactly one ``error:`` line containing every needle, no traceback."""
    assert proc.returncode == code, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr[-3000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def archive_with_rows(db: Path) -> dict[str, int]:
    """An archive with three articles and one finished run, as an earlier crawl leaves it."""
    from newscrawl.extract.model import Article
    from newscrawl.store import Store

    store = Store(db)
    run = store.start_run(["https://example.org/"], {})
    for n in range(3):
        art = Article(url=f"https://example.org/2024/06/story-{n}/",
                      canonical_url=f"https://example.org/2024/06/story-{n}/", is_article=True,
                      title=f"Story {n}", body="One paragraph.\n\nAnother.", word_count=3)
        store.save_article(art.to_record(), fetched_at="2024-06-12T09:30:00+00:00", run_id=run)
    store.finish_run(run, {})
    store.close()
    return counts(db)


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("articles", "article_versions")}
    finally:
        conn.close()


def runs(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select status, error from crawl_runs order by id").fetchall()
    finally:
        conn.close()


# --- robots.txt ---------------------------------------------------------------------------

@pytest.mark.e2e
def test_robots_disallow_all_is_a_failed_crawl(tmp_path, hostile):
    hostile.robots = "User-agent: *\nDisallow: /\n"
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    proc = crawl_hostile(hostile, db, timeout=60)
    line = assert_one_clear_line(proc, EXIT_FAILED, f"robots.txt of {hostile.host}:{hostile.port}"
                                 " forbids", "Disallow: /")
    assert {h.path for h in hostile.requests} == {"/robots.txt"}  # nothing else was asked for
    assert "crawl failed in" in proc.stderr and "crawl finished" not in proc.stderr
    status, error = runs(db)[-1]
    assert status == "failed" and error == line.removeprefix("error: ")
    assert counts(db) == before


# --- a database locked by another process -------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.mark.e2e
def test_locked_database_is_one_line_quickly_and_loses_nothing(tmp_path):
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    runs_before = runs(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        proc = run_cli("crawl", f"http://127.0.0.1:{free_port()}/", "--db", str(db), *FAST,
                       "-s", "NEWSCRAWL_DB_TIMEOUT=2", timeout=60)
        took = time.monotonic() - started
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert_one_clear_line(proc, EXIT_ARCHIVE, str(db), "locked by another process",
                          "waited 2s")
    assert took < 15, f"took {took:.1f}s"
    assert "could not reach" not in proc.stderr
    # Released: everything archived before is still there, and no run was half-written.
    assert counts(db) == before
    assert runs(db) == runs_before


SESSION_FAILS = """
import sys
from newscrawl.crawl.session import CrawlSession
from newscrawl.store import StoreError

def spider_opened(self, spider):
    raise StoreError(self.db + ": database is locked by another process (waited 5s)")

CrawlSession.spider_opened = spider_opened
from newscrawl.cli import cli
cli(sys.argv[1:])
"""


@pytest.mark.e2e
def test_a_session_that_cannot_open_is_one_line_with_the_traceback_in_the_log(tmp_path):
    # The archive was free when checked, then the crawl's own session failed to open it.
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    proc = subprocess.run(
        [sys.executable, "-c", SESSION_FAILS, "crawl", f"http://127.0.0.1:{free_port()}/",
         "--db", str(db), *FAST], capture_output=True, text=True, timeout=60)
    assert_one_clear_line(proc, EXIT_ARCHIVE, "could not open its archive")
    assert "could not reach" not in proc.stderr
    assert "database is locked" in proc.stderr  # the signal handler's error, in one line
    assert "Traceback" in (tmp_path / "logs" / "crawl.log").read_text()
    assert counts(db) == before


@pytest.mark.e2e
def test_archive_in_use_by_another_crawl_exits_3(tmp_path):
    from newscrawl.store.lock import ArchiveLock

    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    with ArchiveLock(db):
        proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db), timeout=60)
    assert_one_clear_line(proc, EXIT_ARCHIVE, "another crawl")
    assert counts(db) == before


# --- settings -----------------------------------------------------------------------------

@pytest.mark.parametrize(("setting", "message"), [
    ("DOWNLOAD_TIMEOUT=abc", "-s DOWNLOAD_TIMEOUT=abc: expected a number"),
    ("CONCURRENT_REQUESTS=many", "-s CONCURRENT_REQUESTS=many: expected an integer"),
    ("ROBOTSTXT_OBEY=perhaps", "-s ROBOTSTXT_OBEY=perhaps: expected true or false"),
    ("NEWSCRAWL_TEMPLATE_LIMT=5", "did you mean NEWSCRAWL_TEMPLATE_LIMIT?"),
])
def test_bad_setting_is_refused_before_the_crawl(tmp_path, setting, message):
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    started = time.monotonic()
    proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db), "-s", setting, timeout=60)
    line = assert_one_clear_line(proc, EXIT_USAGE, message)
    assert time.monotonic() - started < 10
    assert "could not reach" not in proc.stderr
    assert runs(db)[-1] == ("failed", line.removeprefix("error: "))
    assert counts(db) == before


def test_bad_setting_without_an_archive_creates_none(tmp_path):
    db = tmp_path / "news.db"
    proc = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db), "-s", "DOWNLOAD_DELAY=x")
    assert_one_clear_line(proc, EXIT_USAGE, "-s DOWNLOAD_DELAY=x: expected a number")
    assert not db.exists()


def test_schedule_refuses_a_bad_setting_before_cron_runs_it(tmp_path):
    proc = run_cli("schedule", "--db", str(tmp_path / "news.db"), "-s", "RETRY_TIMES=often")
    assert_one_clear_line(proc, EXIT_USAGE, "-s RETRY_TIMES=often: expected an integer")
    assert not proc.stdout


def test_validator_uses_scrapys_readers():
    from newscrawl.crawl.validate import SettingError, check_settings, known_types

    types = known_types()
    assert types["DOWNLOAD_TIMEOUT"] is float  # an int default Scrapy reads as a float
    assert types["CONCURRENT_REQUESTS"] is int and types["ROBOTSTXT_OBEY"] is bool
    assert types["NEWSCRAWL_DENY"] is list and types["DOWNLOADER_MIDDLEWARES"] is dict
    check_settings({"DOWNLOAD_TIMEOUT": "1.5", "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": "False",
                    "AUTOTHROTTLE_ENABLED": False, "CLOSESPIDER_ITEMCOUNT": "3",
                    "LOG_LEVEL": "info", "NEWSCRAWL_PROGRESS": "log", "JOBDIR": "data/job",
                    "NEWSCRAWL_DENY": "/search/,/wp-admin/", "MY_EXTENSION_SETTING": "x",
                    "DOWNLOADER_MIDDLEWARES": '{"a.B": 5}', "NEWSCRAWL_DB_TIMEOUT": "2"})
    for bad in ({"CLOSESPIDER_ITEMCOUNT": "2.5"}, {"DOWNLOAD_DELAY": "nan"},
                {"LOG_LEVEL": "LOUD"}, {"DOWNLOADER_MIDDLEWARES": "{not json"},
                {"NEWSCRAWL_PROGRES": "off"}):
        with pytest.raises(SettingError):
            check_settings(bad)


def test_every_newscrawl_setting_read_in_code_has_the_type_it_is_read_as():
    import re

    from newscrawl.crawl.validate import known_types

    root = Path(__file__).resolve().parents[2] / "newscrawl"
    reads = set()
    for path in root.rglob("*.py"):
        reads |= set(re.findall(r'get(bool|int|float|list|dict)?\(\s*"(NEWSCRAWL_\w+)"',
                                path.read_text()))
    types = known_types()
    expected = {"bool": bool, "int": int, "float": float, "list": list, "dict": dict}
    wrong = {name: (getter, types.get(name, "unknown")) for getter, name in reads
             if name not in types or (getter and types[name] is not expected[getter])}
    assert not wrong, wrong


# --- URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://example.org/pub/", "mailto:editor@example.org"])
def test_unknown_scheme_is_one_line(tmp_path, url):
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    proc = run_cli("crawl", url, "--db", str(db))
    line = assert_one_clear_line(proc, EXIT_USAGE, "not an http(s) URL", "http:// and https://")
    assert "https://ftp://" not in line and "https://mailto:" not in line
    assert runs(db)[-1] == ("failed", line.removeprefix("error: "))
    assert counts(db) == before


def test_seed_suggestions_never_stack_schemes():
    from newscrawl.extract.urls import check_seed

    def message(url: str) -> str:
        with pytest.raises(ValueError) as err:
            check_seed(url)
        return str(err.value)

    assert "try https://example.org/news" in message("example.org/news")
    assert "try https://localhost:8000/" in message("localhost:8000/")
    for url in ("ftp://example.org/", "mailto:a@example.org", "javascript:alert(1)",
                "file:///etc/passwd"):
        assert "https://" + url not in message(url) and "not crawled" in message(url)
    assert "no host" in message("https://")
    assert check_seed(" https://example.org/ ") == "https://example.org/"


# --- an unreachable site (kept as it was: one line, a failed run) --------------------------

@pytest.mark.e2e
def test_unreachable_site_exits_1(tmp_path):
    db = tmp_path / "news.db"
    before = archive_with_rows(db)
    proc = run_cli("crawl", f"http://127.0.0.1:{free_port()}/", "--db", str(db), *FAST,
                   "-s", "RETRY_TIMES=0", timeout=60)
    line = assert_one_clear_line(proc, EXIT_FAILED, "could not reach", "connection refused")
    assert runs(db)[-1] == ("failed", line.removeprefix("error: "))
    assert counts(db) == before


# --- tracebacks stay in the log file ------------------------------------------------------

def test_console_shows_no_traceback_but_the_file_does(tmp_path, capsys):
    from newscrawl.crawl import logs

    log_file = tmp_path / "crawl.log"
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    logs.configure(str(log_file))
    try:
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError:
            logging.getLogger("scrapy.utils.signal").exception("Error caught on signal handler")
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "Error caught on signal handler" in err and "database is locked" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "Traceback" in log_file.read_text()

"""What a person sees: a live display on a terminal, plain lines in a pipe, the full log in a file.

Real crawls of a 20-article replica, through a pseudo-terminal and through a pipe.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from newscrawl.crawl import logs
from newscrawl.crawl.progress import progress_line
from tests.conftest import ROOT, run_cli

LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] (DEBUG|INFO|WARNING|ERROR)")
PROGRESS = re.compile(r"listed pages|articles new|pages \d+ \(")
SCRAPY_LISTS = ("Enabled extensions", "Enabled downloader middlewares", "Overridden settings",
                "Dumping Scrapy stats", "'downloader/request_count'")
ANSI = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


@pytest.fixture(scope="module")
def replica20():
    from newscrawl.replica import ReplicaServer, ReplicaSite

    with ReplicaServer(ReplicaSite(articles=20, theme="classic"), host="127.0.0.1", port=0) as s:
        yield s


def screen_lines(raw: str) -> tuple[list[str], list[str]]:
    """A small terminal: the text of every line each time a newline ends it, and the screen
    at the end. Handles what rich writes: CR, LF, cursor up/down/column, erase line."""
    screen: list[list[str]] = [[]]
    row = col = 0
    ended: list[str] = []

    def line() -> list[str]:
        while len(screen) <= row:
            screen.append([])
        return screen[row]

    pos = 0
    for m in ANSI.finditer(raw + "\x1b[0m"):
        for ch in raw[pos:m.start()]:
            if ch == "\n":
                ended.append("".join(line()).rstrip())
                row, col = row + 1, 0
            elif ch == "\r":
                col = 0
            elif ch == "\b":
                col = max(0, col - 1)
            elif ch >= " ":
                cells = line()
                cells.extend(" " * (col + 1 - len(cells)))
                cells[col] = ch
                col += 1
        pos = m.end()
        params, final = m.group(1), m.group(2)
        n = int(params) if params and params.isdigit() else 1
        if final == "A":
            row = max(0, row - n)
        elif final == "B":
            row += n
        elif final == "G":
            col = n - 1
        elif final == "K":
            cells = line()
            if params == "2":
                cells.clear()
            elif params == "1":
                cells[:col + 1] = [" "] * min(len(cells), col + 1)
            else:
                del cells[col:]
    return ended, ["".join(cells).rstrip() for cells in screen]


def run_in_pty(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run `python -m newscrawl ARGS` with a 160x40 pseudo-terminal as stdin/out/err."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
                                                  "TTY_INTERACTIVE")}
    env.update(TERM="xterm-256color", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "newscrawl", *args], stdin=slave,
                            stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def expected_total(log_text: str) -> int:
    m = re.search(r"'newscrawl/articles_expected': (\d+)", log_text)
    assert m, "no articles_expected stat in the log's stats dump"
    return int(m.group(1))


@pytest.mark.e2e
def test_terminal_shows_a_live_display_with_logs_above_it(replica20, tmp_path):
    db = tmp_path / "data" / "news.db"
    code, raw = run_in_pty(["crawl", replica20.base_url + "/", "--db", str(db), "--fast"])
    ended, final = screen_lines(raw)
    assert code == 0, raw[-3000:]
    log_text = (db.parent / "logs" / "crawl.log").read_text()
    # The live display was drawn, with the total the sitemaps announced.
    total = expected_total(log_text)
    assert total >= 1
    # The CPU each stage spent, which benchmarks/crawl.py reads from the stats.
    for stage in ("extract", "store", "warc"):
        m = re.search(rf"'newscrawl/cpu_ms/{stage}': ([0-9.]+)", log_text)
        assert m and float(m.group(1)) > 0, stage
    plain = ANSI.sub("", raw)
    assert f"/{total} listed pages" in plain
    assert "\x1b[" in raw  # drawn with cursor movements, on a terminal only
    # A warning came while the display was live (the replica has a calendar trap), and
    # was printed above it: never a progress fragment and a log record on one line.
    first, last = plain.find("listed pages"), plain.rfind("listed pages")
    assert any(first < m.start() < last for m in LOG_RECORD.finditer(plain)), plain[-3000:]
    for line in ended + final:
        assert not (PROGRESS.search(line) and LOG_RECORD.search(line)), line
    # What stays on the screen: the start line, warnings, the summary; no Scrapy
    # start-up lists or stats dump.
    text = "\n".join(final)
    assert re.search(rf"crawling {re.escape(replica20.base_url)}/ into {re.escape(str(db))}; "
                     rf"log: {re.escape(str(db.parent / 'logs' / 'crawl.log'))}", text)
    assert "WARNING: possible crawler trap" in text
    assert "crawl finished in" in text and "articles        new 20" in text
    for fragment in SCRAPY_LISTS:
        assert fragment not in plain, fragment
        assert fragment in log_text, fragment
    assert not [line for line in final if PROGRESS.search(line)]  # the display is gone
    assert " INFO: " not in text  # INFO records are for the log file
    assert "progress: " in log_text


@pytest.mark.e2e
def test_pipe_gets_plain_periodic_lines_and_the_summary(replica20, tmp_path):
    """Even with FORCE_COLOR (some CI sets it): a pipe is not a terminal."""
    db = tmp_path / "news.db"
    proc = run_cli("crawl", replica20.base_url + "/", "--db", str(db), "--fast",
                   "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.3", "-s", "CONCURRENT_REQUESTS=2",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", env={"FORCE_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert "\x1b" not in out
    lines = proc.stderr.splitlines()
    progress = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d progress: pages ", line)]
    assert len(progress) >= 2, proc.stderr
    assert any(re.search(r"listed pages fetched \d+/\d+, 0:00:\d\d elapsed", p) for p in progress)
    assert lines[0].endswith(f"crawling {replica20.base_url}/ into {db}; "
                             f"log: {tmp_path / 'logs' / 'crawl.log'}")
    assert "crawl finished in" in proc.stderr and "articles        new 20" in proc.stderr
    assert proc.stdout == ""
    log_text = (tmp_path / "logs" / "crawl.log").read_text()
    for fragment in SCRAPY_LISTS:
        assert fragment not in out, fragment
        assert fragment in log_text, fragment


@pytest.mark.e2e
def test_quiet_and_log_level(replica20, tmp_path):
    """-q: no progress; -s LOG_LEVEL=INFO: Scrapy's INFO log on the console as before."""
    quiet = run_cli("crawl", replica20.base_url + "/", "--db", str(tmp_path / "q.db"), "--fast",
                    "-q", "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.1")
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert "progress:" not in quiet.stderr and "crawl finished in" in quiet.stderr
    loud = run_cli("crawl", replica20.base_url + "/", "--db", str(tmp_path / "l.db"), "--fast",
                   "-s", "LOG_LEVEL=INFO")
    assert loud.returncode == 0, loud.stderr[-3000:]
    assert "Spider closed (finished)" in loud.stderr


# --- units ---------------------------------------------------------------------------------
def test_progress_line_shows_the_total_and_time_left():
    stats = {"response_received_count": 30, "newscrawl/articles_new": 12,
             "newscrawl/articles_updated": 1, "newscrawl/articles_unchanged": 2,
             "newscrawl/articles_gone": 3, "newscrawl/errors": 4,
             "newscrawl/articles_expected": 40}
    line = progress_line(stats, 10.0, done=20, left=75.0)
    assert line == ("pages 30 (3.0/s) | articles new 12 updated 1 unchanged 2 gone 3 | errors 4"
                    " | listed pages fetched 20/40, 0:00:10 elapsed, about 0:01:15 left")
    assert "listed" not in progress_line({}, 0.0)  # no total known yet


def test_console_shows_warnings_and_marked_records_the_file_everything(tmp_path, capsys):
    log_file = tmp_path / "logs" / "crawl.log"
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        logs.configure(log_file, "WARNING")
        logs.configure(log_file, "WARNING")  # again: replaces, never doubles
        assert sum(getattr(h, "baseFilename", None) == str(log_file) for h in root.handlers) == 1
        log = logging.getLogger("newscrawl.test")
        log.info("an info record")
        log.warning("a warning")
        log.info("progress: a line", extra={logs.CONSOLE: True})
        err = capsys.readouterr().err
    finally:
        for h in list(root.handlers):
            if h not in before[0]:
                root.removeHandler(h)
                h.close()
        root.setLevel(before[1])
    assert "an info record" not in err
    assert "[newscrawl.test] WARNING: a warning" in err
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d progress: a line$", err, re.M)
    text = log_file.read_text()
    assert "INFO: an info record" in text and "WARNING: a warning" in text and "progress:" in text


def test_bar_draws_nothing_off_a_terminal(capsys):
    from newscrawl.console import Bar

    with Bar(10, "reparse") as bar:
        bar.update(5)
    assert capsys.readouterr() == ("", "")


def test_screen_lines_follow_cursor_moves():
    ended, final = screen_lines("a\nbar 1\r\x1b[2Kwarn\nbar 2\r\x1b[2K\x1b[1Aoops\n")
    assert ended == ["a", "warn", "oops"]
    assert final[:2] == ["a", "oops"]


def test_log_file_defaults_beside_the_archive(tmp_path):
    assert logs.default_log_file(tmp_path / "x" / "a.db") == Path(tmp_path / "x" / "logs" / "crawl.log")

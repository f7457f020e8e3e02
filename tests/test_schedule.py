"""`newscrawl schedule`: the cron line, cron expression checks, install/remove in a crontab.

The system's `crontab` binary is replaced by a small script on PATH that keeps the table
in a temp file (`crontab -l` / `crontab -`), so installing never touches the real one.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newscrawl import schedule
from newscrawl.schedule import ScheduleError
from tests.conftest import run_cli

FAKE_CRONTAB = """#!{python}
import os, sys
table = os.environ["FAKE_CRONTAB_FILE"]
if sys.argv[1:] == ["-l"]:
    if not os.path.exists(table):
        sys.stderr.write("no crontab for tester\\n")
        sys.exit(1)
    sys.stdout.write(open(table).read())
elif sys.argv[1:] == ["-"]:
    data = sys.stdin.read()
    open(table, "w").write(data)
else:
    sys.stderr.write("usage: crontab -l | crontab -\\n")
    sys.exit(2)
"""


@pytest.fixture()
def fake_cron(tmp_path) -> dict[str, object]:
    """A PATH with a fake `crontab` and the file it stores the table in."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "crontab"
    script.write_text(FAKE_CRONTAB.format(python=sys.executable))
    script.chmod(0o755)
    table = tmp_path / "crontab.txt"
    env = {"PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "FAKE_CRONTAB_FILE": str(table)}
    return {"env": env, "table": table}


def archive_cli(*args: str, env: dict[str, str] | None = None,
                cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The archive commands as a real process: `python -m newscrawl ...`."""
    return run_cli(*args, env=env, cwd=cwd)


# --- expressions ------------------------------------------------------------------------
def test_named_schedules_are_fixed_per_archive_and_spread_across_archives(tmp_path):
    db = tmp_path / "news.db"
    daily = schedule.cron_expression("daily", db)
    assert daily == schedule.cron_expression("daily", db)  # stable for one archive
    minute, hour, *rest = daily.split()
    assert rest == ["*", "*", "*"] and 0 <= int(minute) < 60 and 1 <= int(hour) <= 5
    hourly = schedule.cron_expression("hourly", db).split()
    assert hourly[0] == minute and hourly[1:] == ["*"] * 4
    weekly = schedule.cron_expression("weekly", db).split()
    assert weekly[:2] == [minute, hour] and 0 <= int(weekly[4]) <= 6
    starts = {schedule.cron_expression("daily", tmp_path / f"site{i}" / "news.db")
              for i in range(30)}
    assert len(starts) >= 10  # thirty archives do not all start at the same minute


@pytest.mark.parametrize(("expr", "after_wed_10_07"), [
    ("30 4 * * 1-5", "2024-06-13 04:30"),  # the next weekday at 04:30
    ("*/15 * * * *", "2024-06-12 10:15"),
    ("0 6 1,15 * MON", "2024-06-15 06:00"),  # day-of-month OR weekday, as cron reads it
    ("  5   3 * * *  ", "2024-06-13 03:05"),
])
def test_valid_cron_expressions_are_normalised(expr, after_wed_10_07):
    norm = schedule.validate(expr)
    assert norm == " ".join(expr.split())
    # Wednesday 12 June 2024, 10:07 local time.
    nxt = schedule.next_run(norm, after=datetime(2024, 6, 12, 10, 7))
    assert nxt.strftime("%Y-%m-%d %H:%M") == after_wed_10_07 and nxt.tzinfo is not None


@pytest.mark.parametrize(("expr", "words"), [
    ("61 * * * *", "minute"),
    ("0 24 * * *", "hour"),
    ("* * *", "expected 5 fields"),
    ("0 0 * * * *", "expected 5 fields"),  # cron has no seconds field
    ("every day", "expected 5 fields"),
    ("a b c d e", "bad cron expression"),
    ("@reboot", "unsupported"),
])
def test_bad_cron_expressions_are_refused_with_a_reason(expr, words):
    with pytest.raises(ScheduleError, match=words):
        schedule.cron_expression(expr, "/tmp/news.db")


def test_next_run_follows_the_expression():
    from datetime import datetime

    after = datetime(2026, 1, 5, 12, 0).astimezone()  # a Monday
    nxt = schedule.next_run("30 4 * * 1-5", after)
    assert (nxt.day, nxt.hour, nxt.minute) == (6, 4, 30)


# --- the line ---------------------------------------------------------------------------
def test_line_runs_the_crawl_from_this_virtualenv_with_logs_beside_the_db(tmp_path):
    db = tmp_path / "data" / "news.db"
    e = schedule.entry("daily", "https://leigh-on-sea.news/", db)
    line = e.line
    assert line.startswith(e.expression + " ")
    assert f"mkdir -p {tmp_path / 'data' / 'logs'} && cd {tmp_path / 'data'} && " in line
    assert f"{sys.executable} -m newscrawl crawl https://leigh-on-sea.news/ --db {db}" in line
    assert f"-s NEWSCRAWL_LOG_FILE={tmp_path / 'data' / 'logs' / 'crawl.log'}" in line
    assert "-s NEWSCRAWL_PROGRESS=log" in line
    assert f">> {tmp_path / 'data' / 'logs' / 'cron.out'} 2>&1" in line
    assert line.endswith(f"# newscrawl:{db}")
    assert "\n" not in line


def test_awkward_paths_are_quoted_and_percent_escaped(tmp_path):
    db = tmp_path / "my archive 100%" / "news.db"
    line = schedule.entry("hourly", "https://example.org/?a=1&b=2", db).line
    command = line.split(" ", 5)[5]
    # cron would turn a bare % into a newline; the shell sees the quoted path.
    assert "%" not in command.replace(r"\%", "")
    assert shlex.quote("https://example.org/?a=1&b=2") in command
    assert "'" in command  # the path with a space is quoted


def test_cli_prints_the_line_and_refuses_a_bad_expression(tmp_path):
    db = tmp_path / "news.db"
    proc = archive_cli("schedule", "--db", str(db), "--every", "hourly")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == schedule.entry("hourly", "https://leigh-on-sea.news/", db).line
    bad = archive_cli("schedule", "--db", str(db), "--every", "61 * * * *")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: bad cron expression '61 * * * *': Bad minute"
    assert "Traceback" not in bad.stderr


def test_help_has_examples():
    for command in ("schedule", "status", "reparse"):
        proc = archive_cli(command, "--help")
        assert proc.returncode == 0 and "Examples:" in proc.stdout, proc.stderr


# --- installing -------------------------------------------------------------------------
def test_install_is_idempotent_replaces_and_removes_only_its_own_line(tmp_path, fake_cron):
    env, table = fake_cron["env"], fake_cron["table"]
    other = "0 9 * * * /usr/bin/backup --all  # someone else's job"
    table.write_text(f"MAILTO=me@example.org\n{other}\n")
    db_a, db_b = tmp_path / "a" / "news.db", tmp_path / "b" / "news.db"

    first = archive_cli("schedule", "--db", str(db_a), "--install", env=env)
    assert first.returncode == 0, first.stderr
    assert "installed in your crontab; next run" in first.stderr
    again = archive_cli("schedule", "--db", str(db_a), "--install", env=env)
    assert again.returncode == 0 and "already in your crontab" in again.stderr
    lines = table.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me@example.org", other]
    assert lines[2:] == [first.stdout.strip()]

    # A new schedule for the same archive replaces its line; another archive adds one.
    hourly = archive_cli("schedule", "--db", str(db_a), "--every", "*/30 * * * *",
                         "--install", env=env)
    assert hourly.returncode == 0, hourly.stderr
    other_db = archive_cli("schedule", "--db", str(db_b), "--every", "weekly", "--install",
                           env=env)
    assert other_db.returncode == 0, other_db.stderr
    lines = table.read_text().splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("*/30 * * * * ") and lines[2].endswith(f"# newscrawl:{db_a}")
    assert lines[3].endswith(f"# newscrawl:{db_b}")
    assert schedule.find_entry(db_a, table.read_text()) == lines[2]

    removed = archive_cli("schedule", "--db", str(db_a), "--remove", env=env)
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert table.read_text().splitlines() == ["MAILTO=me@example.org", other, lines[3]]
    missing = archive_cli("schedule", "--db", str(db_a), "--remove", env=env)
    assert missing.returncode == 0 and "no schedule" in missing.stdout


def test_install_into_a_user_without_a_crontab(tmp_path, fake_cron):
    env, table = fake_cron["env"], fake_cron["table"]
    assert not table.exists()
    proc = archive_cli("schedule", "--db", str(tmp_path / "news.db"), "--install", env=env)
    assert proc.returncode == 0, proc.stderr
    assert table.read_text() == proc.stdout  # one line, newline-terminated


def test_install_without_crontab_fails_clearly(tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    proc = archive_cli("schedule", "--db", str(tmp_path / "news.db"), "--install",
                       env={"PATH": str(empty)})
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: `crontab` is not installed")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_install_and_remove_exclude_each_other(tmp_path):
    proc = archive_cli("schedule", "--db", str(tmp_path / "news.db"), "--install", "--remove")
    assert proc.returncode == 2 and "exclude each other" in proc.stderr


def test_status_shows_the_installed_schedule_and_next_run(tmp_path, fake_cron):
    from newscrawl.store import Store

    db = tmp_path / "news.db"
    Store(db).close()
    env = fake_cron["env"]
    before = archive_cli("status", "--db", str(db), env=env)
    assert before.returncode == 0, before.stderr
    assert "schedule not scheduled" in before.stdout
    assert archive_cli("schedule", "--db", str(db), "--every", "15 6 * * 1-5", "--install",
                       env=env).returncode == 0
    after = archive_cli("status", "--db", str(db), env=env)
    assert "schedule 15 6 * * 1-5  next run " in after.stdout
    import json
    data = json.loads(archive_cli("status", "--db", str(db), "--json", env=env).stdout)
    assert data["schedule_expression"] == "15 6 * * 1-5"
    from datetime import datetime
    nxt = datetime.fromisoformat(data["next_run"])
    assert (nxt.hour, nxt.minute) == (6, 15) and nxt.weekday() < 5


# --- the scheduled command really crawls -------------------------------------------------
@pytest.mark.e2e
def test_the_installed_command_crawls_and_logs(tmp_path, replica_classic):
    """Run the command of the line exactly as cron would (sh -c, from another directory)."""
    db = tmp_path / "data" / "news.db"
    fast = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=16",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
    printed = archive_cli("schedule", "--db", str(db), "--url", replica_classic.base_url + "/",
                          *[a for pair in fast for a in ("-s", pair)])
    assert printed.returncode == 0, printed.stderr
    command = printed.stdout.strip().split(" ", 5)[5]
    proc = subprocess.run(["/bin/sh", "-c", command], cwd="/", capture_output=True, text=True,
                          timeout=240, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    out = db.parent / "logs" / "cron.out"
    assert proc.returncode == 0, proc.stderr + (out.read_text() if out.exists() else "")
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] > 10
    assert conn.execute("select status from crawl_runs").fetchall() == [("finished",)]
    crawl_log = (db.parent / "logs" / "crawl.log").read_text()
    assert "progress:" in crawl_log or "Spider closed" in crawl_log
    cron_out = (db.parent / "logs" / "cron.out").read_text()
    assert "crawl finished" in cron_out  # the summary, for cron's mail
    assert (db.parent / "warc").is_dir()

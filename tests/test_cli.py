"""The CLI as a user meets it: help everywhere, any working directory, clear errors."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from newscrawl.archive import archive_warc_dir
from newscrawl.cli import cli
from tests.conftest import FAST, run_cli


def commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_examples(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`newscrawl {name} --help` shows no example"


def test_top_level_help_and_version():
    runner = CliRunner()
    assert "demo" in runner.invoke(cli, ["--help"]).output
    assert runner.invoke(cli, ["--version"]).output.startswith("newscrawl, version")


@pytest.mark.e2e
def test_runs_from_any_directory_with_relative_db(tmp_path, replica_classic):
    proc = run_cli("crawl", replica_classic.base_url + "/", "--db", "rel/archive.db", *FAST,
                   "-s", "CLOSESPIDER_ITEMCOUNT=3", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    db = tmp_path / "rel" / "archive.db"
    assert db.exists() and (tmp_path / "rel" / "warc").is_dir()
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] >= 3


def test_bad_url_argument_is_a_clear_error(tmp_path):
    proc = run_cli("crawl", "not-a-url", "--db", str(tmp_path / "a.db"))
    assert proc.returncode == 2
    assert "not an http(s) URL" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_export_format_is_rejected(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "x.db"), "--format", "xml"])
    assert result.exit_code == 2 and "xml" in result.output


@pytest.mark.parametrize("command", ["serve", "status", "export", "publish", "reparse"])
def test_a_file_that_is_no_archive_is_one_line_and_exit_3(tmp_path, command):
    """Every command reading the archive says which file is unusable, in one line, and
    announces nothing first ("Serving …" only once the archive has been checked)."""
    db = tmp_path / "news.db"
    db.write_bytes(b"this is not a database at all, just some text" * 100)
    archive_warc_dir(db).mkdir(parents=True)  # reparse reads it: past that check
    extra = {"export": ["-o", str(tmp_path / "out.csv")], "publish": ["-o", str(tmp_path / "pub")]}
    proc = run_cli(command, "--db", str(db), *extra.get(command, []))
    assert proc.returncode == 3, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: not a usable SQLite database"), lines


@pytest.mark.e2e
def test_scrapy_crawl_news_from_the_project_root(tmp_path, replica_classic):
    import subprocess
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "scrapy.db"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={replica_classic.base_url}/",
         "-s", f"NEWSCRAWL_DB={db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
         "-s", "NEWSCRAWL_PROGRESS=off"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == len(
        replica_classic.site.ground_truth(replica_classic.base_url))
    assert conn.execute("select status from crawl_runs").fetchone()[0] == "finished"
    assert list(archive_warc_dir(db).glob("*.warc.gz"))

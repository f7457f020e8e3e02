"""Shared fixtures: the replica site on loopback, crawls run as real processes, free ports;
Datasette as `newscrawl serve` configures it, in this process or as a real process."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Fast, still robots-obeying settings for crawling a server the test itself runs.
FAST = ["--fast", "-s", "LOG_LEVEL=INFO", "-s", "NEWSCRAWL_PROGRESS=log"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 240,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m newscrawl ARGS` as a real process; output captured as text."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout, env=full_env,
    )


def wait_http(url: str, timeout: float = 30.0) -> None:
    """Block until ``url`` answers, or fail."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout}s: {last}")


@pytest.fixture(scope="session")
def replica_classic() -> Iterator[object]:
    from newscrawl.replica import ReplicaServer, ReplicaSite

    server = ReplicaServer(ReplicaSite(theme="classic"), host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def crawled_classic(replica_classic, tmp_path_factory) -> dict:
    """One full crawl of the classic-theme replica, shared by the tests that read it."""
    db = tmp_path_factory.mktemp("crawl") / "news.db"
    replica_classic.reset_log()
    # Other tests may have crawled the shared replica already: its pages that fail a
    # given number of times (the 500s the tests read) start counting again.
    replica_classic.site.reset()
    proc = run_cli("crawl", replica_classic.base_url + "/", "--db", str(db), *FAST)
    return {"db": db, "proc": proc, "requests": list(replica_classic.requests),
            "server": replica_classic}


def start_datasette(argv: Callable[[int], list[str]], what: str, *, cwd: Path = ROOT,
                    env: dict[str, str] | None = None,
                    attempts: int = 3) -> tuple[subprocess.Popen[str], int, IO[str]]:
    """Start a Datasette process (``argv(port)``) on a free port and wait until it
    answers. A free port can be taken by another process before the server binds it
    (other suites run beside this one): a server that exits while starting is retried on
    a new port, and its output is shown if it never comes up."""
    output = ""
    for _ in range(attempts):
        port = free_port()
        # Output to a file, not a pipe nobody reads (a full pipe would stall the server).
        log = tempfile.TemporaryFile("w+")
        proc = subprocess.Popen(argv(port), cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                text=True, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json",
                                            timeout=2) as resp:
                    if resp.status == 200:
                        return proc, port, log
            except OSError:  # not up yet
                time.sleep(0.2)
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        log.seek(0)
        output = log.read()
        log.close()
    raise RuntimeError(f"{what} did not start:\n{output}")


def stop_process(proc: subprocess.Popen[str], log: IO[str]) -> bool:
    """SIGTERM, then SIGKILL after 10 s; whether it stopped on SIGTERM."""
    proc.terminate()
    stopped = True
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        stopped = False
    log.close()
    return stopped


def _start_serve(db: Path) -> tuple[subprocess.Popen[str], int, IO[str]]:
    """`newscrawl serve --db DB` on a free port, answering."""
    return start_datasette(
        lambda port: [sys.executable, "-m", "newscrawl", "serve", "--db", str(db),
                      "--port", str(port)],
        f"`newscrawl serve --db {db}`")


@contextmanager
def serve_archive(db: Path) -> Iterator[str]:
    """`newscrawl serve` on ``db`` as a real process on a free loopback port; its base URL.
    On leaving, the process must stop on SIGTERM and free its port."""
    proc, port, log = _start_serve(db)
    stopped = True
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stopped = stop_process(proc, log)
    assert stopped, "`newscrawl serve` did not stop on SIGTERM"
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # nothing listens any more


@pytest.fixture(scope="session")
def datasette_server(crawled_classic) -> Iterator[str]:
    """`newscrawl serve` on the classic crawl as a real process, for the session: the one
    smoke test of the real command and the browser tests share it."""
    with serve_archive(crawled_classic["db"]) as base:
        yield base


class InProcessDatasette:
    """The Datasette that `newscrawl serve --db DB` runs, built in this process from the
    very arguments `newscrawl serve` passes to `datasette serve` (``api.serve_args``:
    metadata, templates, plugins, static files, settings), queried through Datasette's
    own ASGI client (``datasette.client``) with no socket. One event loop per instance."""

    def __init__(self, db: Path) -> None:
        from datasette.cli import cli as datasette_cli

        from newscrawl.api import serve_args

        serve = datasette_cli.commands["serve"]
        ctx = serve.make_context("serve", serve_args(db)[1:])
        with ctx:  # closes the --metadata file click opened
            # datasette's return_instance: the instance `datasette serve` would run.
            self.ds = serve.callback(**ctx.params, return_instance=True)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str):
        """GET ``path`` (an httpx.Response: status_code, text, json())."""
        return self.loop.run_until_complete(self.ds.client.get(path))

    def close(self) -> None:
        self.loop.close()


@contextmanager
def datasette_in_process(db: Path) -> Iterator[InProcessDatasette]:
    client = InProcessDatasette(db)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def datasette_client(crawled_classic) -> Iterator[InProcessDatasette]:
    """`newscrawl serve`'s Datasette on the classic crawl, in process, for the session."""
    with datasette_in_process(crawled_classic["db"]) as client:
        yield client


# Fixtures that start a server (the replica site, a crawl of it, `newscrawl serve`): a test
# that uses one is end-to-end whatever its module says, so `make test-fast` leaves it out.
SERVER_FIXTURES = frozenset({"replica_classic", "crawled_classic", "datasette_server",
                             "datasette_client"})


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) and \
                item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


class NoBrowser(RuntimeError):
    """Debian chromium + chromium-driver are not installed."""


def headless_chromium(width: int = 1280, height: int = 1600):
    """A headless Debian Chromium driven by selenium (packages chromium + chromium-driver,
    installed by `make setup-system`); NoBrowser when they are missing. Also used by
    docs/screenshots.py."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not (chromium and chromedriver):
        raise NoBrowser("Debian chromium + chromium-driver are not installed (make setup-system)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", f"--window-size={width},{height}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session's browser tests; skips when it is missing."""
    try:
        driver = headless_chromium()
    except NoBrowser as exc:
        pytest.skip(str(exc))
    yield driver
    driver.quit()

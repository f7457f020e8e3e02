"""Shared fixtures: the replica site on loopback, crawls run as real processes, free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    proc = run_cli("crawl", replica_classic.base_url + "/", "--db", str(db), *FAST)
    return {"db": db, "proc": proc, "requests": list(replica_classic.requests),
            "server": replica_classic}


@contextmanager
def serve_archive(db: Path) -> Iterator[str]:
    """`newscrawl serve` on ``db`` as a real process on a free loopback port; its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/-/versions.json")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def datasette_server(crawled_classic) -> Iterator[str]:
    """`newscrawl serve` on the classic crawl, for the session."""
    with serve_archive(crawled_classic["db"]) as base:
        yield base

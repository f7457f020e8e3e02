"""Shared by the benchmarks: crawl the replica into an archive as a user would."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def crawl(base: str, db: Path) -> float:
    """Crawl ``base`` into ``db`` with `newscrawl crawl --fast`; returns seconds."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "crawl", base, "--db", str(db), "--fast",
         "-s", "LOG_LEVEL=WARNING", "-s", "NEWSCRAWL_PROGRESS=off"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start

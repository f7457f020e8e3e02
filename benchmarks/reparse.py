"""Reparse throughput: rebuilding `articles` from WARCs on one core against all cores.

Serves the replica with N articles on loopback, crawls it once into a temporary archive
(`newscrawl crawl --fast`), then, in one run and on the same archive, times
(a) ``reparse(db, workers=1)``: extraction in this process only, and
(b) ``reparse(db, workers=os.cpu_count())``: a process pool,
and prints pages/s of each, the ratio (b)/(a) (target: at least 1.6x on 2 cores) and
peak memory (this process, and the largest worker).

    .venv/bin/python benchmarks/reparse.py [--articles 600] [--workers N] [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import crawl  # noqa: E402

from newscrawl.archive import archive_warc_dir  # noqa: E402


def warm_cache(warc_dir: Path) -> int:
    """Read every WARC once, so neither timed run pays for the disk cache."""
    total = 0
    for path in sorted(warc_dir.iterdir()):
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
    return total


def max_rss_mib(who: int) -> float:
    # ru_maxrss is KiB on Linux; RUSAGE_CHILDREN gives the largest waited-for child.
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="articles in the replica")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the parallel run [default: all cores]")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate (a) and (b) this many times and keep each one's"
                             " fastest run (damps other load on a shared machine)")
    args = parser.parse_args()

    import newscrawl.extract  # noqa: F401  imported before timing, as a long-lived process has it
    from newscrawl.archive.reparse import reparse
    from newscrawl.replica import ReplicaServer, ReplicaSite

    site = ReplicaSite(articles=args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.db"
        with ReplicaServer(site, host="127.0.0.1", port=0) as server:
            crawl_s = crawl(server.base_url + "/", db)
            requests = len(server.requests)
        # The server is stopped from here on: a reparse needs no network.
        conn = sqlite3.connect(db)
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        captures = conn.execute("select count(*) from captures").fetchone()[0]
        conn.close()
        warc_bytes = warm_cache(archive_warc_dir(db))

        load_before = os.getloadavg()[0]
        one = many = None
        cpu_one = cpu_many = 0.0
        for _ in range(max(1, args.rounds)):
            cpu0 = cpu_seconds()
            run = reparse(db, workers=1, progress=False)
            cpu1 = cpu_seconds()
            if one is None or run.seconds < one.seconds:
                one, cpu_one = run, cpu1 - cpu0
            run = reparse(db, workers=args.workers, progress=False)
            if many is None or run.seconds < many.seconds:
                many, cpu_many = run, cpu_seconds() - cpu1
        assert one is not None and many is not None
        rss_main = max_rss_mib(resource.RUSAGE_SELF)
        rss_worker = max_rss_mib(resource.RUSAGE_CHILDREN)

    ratio = many.pages_per_second / one.pages_per_second if one.pages_per_second else 0.0
    cores = os.cpu_count() or 1
    print(f"archive: {args.articles} replica articles crawled in {crawl_s:.1f}s"
          f" ({requests} requests); {stored} articles, {captures} captures,"
          f" {warc_bytes / 1e6:.1f} MB of WARC")
    print(f"(a) reparse, 1 process       : {one.pages} pages in {one.seconds:.2f}s"
          f" = {one.pages_per_second:.1f} pages/s (CPU {cpu_one:.1f}s)")
    print(f"(b) reparse, {many.workers} worker(s)      : {many.pages} pages in {many.seconds:.2f}s"
          f" = {many.pages_per_second:.1f} pages/s (CPU {cpu_many:.1f}s in all processes)")
    print(f"ratio (b)/(a): {ratio:.2f}x on {cores} core(s)"
          f" (target >= 1.6x on 2 cores); best of {max(1, args.rounds)} round(s)")
    print(f"records changed: (a) {one.changed}, (b) {many.changed}"
          " (an unchanged archive: both 0)")
    print(f"peak memory: main process {rss_main:.0f} MiB, largest worker {rss_worker:.0f} MiB")
    load = max(load_before, os.getloadavg()[0])
    print(f"load average during the runs: {load:.1f}")
    if load > cores * 0.5:
        # Other processes take cores from (b) more than from (a): the ratio reads low.
        print(f"warning: the machine was busy (load {load:.1f} on {cores} cores);"
              " rerun on an idle machine for a fair ratio", file=sys.stderr)


if __name__ == "__main__":
    main()

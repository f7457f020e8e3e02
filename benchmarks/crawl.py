"""Crawl throughput: newscrawl against a bare Scrapy spider over the same replica server.

Serves the replica with N articles on loopback and, in one run, times
(a) a bare Scrapy spider that follows same-host links and parses nothing, and
(b) `newscrawl crawl` with politeness switched off by -s options,
then prints requests/s of each, the ratio (b)/(a), articles stored and peak memory.

    .venv/bin/python benchmarks/crawl.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAST = [
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "LOG_LEVEL=WARNING",
]


def run_child(cmd: list[str]) -> tuple[float, int, int]:
    """Run cmd; return (wall seconds, exit code, peak RSS in KiB of that child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(stderr[-2000:], file=sys.stderr)
    return wall, code, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()

    from newscrawl.replica import ReplicaServer, ReplicaSite

    site = ReplicaSite(articles=args.articles)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server, \
            tempfile.TemporaryDirectory() as tmp:
        base = server.base_url + "/"
        stats_file = Path(tmp) / "bare-stats.json"
        # (a) bare spider: bounded like newscrawl by robots.txt; capped so traps end it.
        server.reset_log()
        wall_a, code_a, rss_a = run_child([
            sys.executable, "-m", "scrapy", "runspider", "benchmarks/bare_spider.py",
            "-a", f"url={base}", *FAST, "-s", "ROBOTSTXT_OBEY=True",
            "-s", f"CLOSESPIDER_PAGECOUNT={args.articles * 3}",
            "-s", "TELNETCONSOLE_ENABLED=False", "-o", str(stats_file) + ":jsonlines",
        ])
        req_a = len(server.requests)
        # (b) newscrawl, politeness off.
        server.reset_log()
        db = Path(tmp) / "bench.db"
        wall_b, code_b, rss_b = run_child([
            sys.executable, "-m", "newscrawl", "crawl", base, "--db", str(db), *FAST,
            "-s", "NEWSCRAWL_PROGRESS=off",
        ])
        req_b = len(server.requests)
        conn = sqlite3.connect(db)
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        run = conn.execute("select duration_s, requests from crawl_runs order by id desc").fetchone()
        conn.close()

    rate_a = req_a / wall_a
    rate_b = req_b / wall_b
    result = {
        "articles_in_site": args.articles,
        "bare_requests": req_a, "bare_seconds": round(wall_a, 2),
        "bare_requests_per_s": round(rate_a, 1), "bare_peak_rss_mb": round(rss_a / 1024, 1),
        "newscrawl_requests": req_b, "newscrawl_seconds": round(wall_b, 2),
        "newscrawl_requests_per_s": round(rate_b, 1),
        "newscrawl_peak_rss_mb": round(rss_b / 1024, 1),
        "newscrawl_ms_per_page": round(1000 * wall_b / max(req_b, 1), 2),
        "ratio_newscrawl_to_bare": round(rate_b / rate_a, 3),
        "articles_stored": stored, "crawl_run_duration_s": run[0] if run else None,
        "exit_codes": [code_a, code_b],
    }
    print(f"(a) bare scrapy : {req_a} requests in {wall_a:.1f}s = {rate_a:.1f} req/s, "
          f"peak RSS {rss_a / 1024:.0f} MB")
    print(f"(b) newscrawl   : {req_b} requests in {wall_b:.1f}s = {rate_b:.1f} req/s, "
          f"peak RSS {rss_b / 1024:.0f} MB, {stored} articles stored")
    print(f"ratio (b)/(a)   : {rate_b / rate_a:.2f}  (target >= 0.5; peak RSS target < 400 MB)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

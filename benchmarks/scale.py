"""One big site: a first crawl's peak memory, time and listing share at several sizes.

For each size N (articles), serves the replica in its own process
(``python -m newscrawl.replica serve --articles N --port 0 --log FILE``), runs a first
``newscrawl crawl --fast`` of it into a fresh archive in another process, and prints:
wall time, requests and requests/s, the crawl's peak RSS (``ru_maxrss`` of the child,
from ``os.wait4``), the share of requests spent on listing pages (home pagination, tag,
author, category and date archives, sitemaps, feeds; classified from the replica's
request log), articles downloaded more than once, and whether every live article was
archived (against ``ReplicaSite(articles=N).live_posts()``). Then the slope of peak RSS
against size, in MB per 10,000 articles (least squares over all sizes, and between each
pair of neighbours): flat memory is a slope near 0.

    .venv/bin/python benchmarks/scale.py [--sizes 5000,20000,50000] [--keep DIR]
        [--crawl-arg=-s --crawl-arg=NAME=VALUE ...]

``--keep DIR`` keeps each size's archive, crawl log and replica log there; ``--json FILE``
writes the figures, and ``--with FILE`` adds an earlier run's to the table and the slope
(so the largest size can run on its own).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.crawl.discovery import archive_kind  # noqa: E402
from newscrawl.replica import ReplicaSite  # noqa: E402

LISTING_KINDS = ("home", "sitemap", "feed", "category", "tag", "author", "date")


def classify(path: str, article_paths: set[str]) -> str:
    """What a request of the replica's log was for: ``article``, a listing kind
    (``LISTING_KINDS``), or ``other`` (robots.txt, redirects, static pages, 404s...)."""
    parts = urlsplit(path)
    p = parts.path or "/"
    if p in article_paths and not parts.query:
        return "article"
    if p.endswith(".xml"):
        return "sitemap"
    if p.rstrip("/").endswith("/feed") or p == "/feed/":
        return "feed"
    if (p == "/" and not parts.query) or (p.startswith("/page/") and p.count("/") == 3):
        return "home"
    kind = archive_kind(path)
    return kind if kind else "other"


def start_replica(articles: int, log: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.replica", "serve", "--articles", str(articles),
         "--port", "0", "--log", str(log)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    base = proc.stdout.readline().strip()  # printed once it listens
    if not base.startswith("http://"):
        proc.kill()
        sys.exit(f"the replica did not start: {base!r}")
    return proc, base


def stop(proc: subprocess.Popen[str]) -> float:
    """Stop the replica; its peak RSS in MB."""
    proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss / 1024
        time.sleep(0.1)
    proc.kill()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024


def crawl(base: str, db: Path, extra: list[str]) -> tuple[float, int, float]:
    """`newscrawl crawl --fast` in a child: (wall seconds, exit code, peak RSS in MB)."""
    cmd = [sys.executable, "-m", "newscrawl", "crawl", base + "/", "--db", str(db), "--fast",
           "-s", "LOG_LEVEL=WARNING", "-s", "NEWSCRAWL_PROGRESS=off", *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    # stderr is small (warnings only); read after the child is reaped by wait4.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return wall, proc.returncode, usage.ru_maxrss / 1024  # KiB on Linux


def measure(size: int, work: Path, extra: list[str]) -> dict:
    log, db = work / "replica.log", work / "scale.db"
    replica, base = start_replica(size, log)
    try:
        wall, code, rss = crawl(base, db, extra)
    finally:
        replica_rss = stop(replica)
    site = ReplicaSite(articles=size)
    live = {f"/{p.slug}/" for p in site.live_posts()}
    every_post = {f"/{p.slug}/" for p in site.cat.posts}
    kinds: Counter[str] = Counter()
    fetched: Counter[str] = Counter()  # article pages answered in full (200)
    for line in log.read_text(encoding="utf-8").splitlines():
        _method, status, path = line.split("\t", 2)
        kind = classify(path, every_post)
        kinds[kind] += 1
        if kind == "article" and status == "200":
            fetched[path] += 1
    conn = sqlite3.connect(db)
    try:
        stored = {urlsplit(u).path for (u,) in conn.execute(
            "select url from articles where status in ('live', 'protected')")}
        versions, distinct = conn.execute(
            "select count(*), count(distinct url) from article_versions").fetchone()
        run = conn.execute("select status, requests, articles_new from crawl_runs"
                           " order by id desc limit 1").fetchone()
    finally:
        conn.close()
    total = sum(kinds.values())
    listing = sum(kinds[k] for k in LISTING_KINDS)
    return {
        "articles": size, "exit": code, "wall_s": round(wall, 1), "requests": total,
        "req_per_s": round(total / wall, 1) if wall else 0.0, "peak_rss_mb": round(rss, 1),
        "replica_rss_mb": round(replica_rss, 1),
        "listing_requests": listing,
        "listing_share": round(listing / total, 4) if total else 0.0,
        "by_kind": dict(kinds.most_common()),
        "live": len(live), "found": len(live & stored), "missing": len(live - stored),
        "downloaded_twice": sum(1 for n in fetched.values() if n > 1),
        "versions": versions, "distinct_versions": distinct,
        "run_status": run[0] if run else None, "articles_new": run[2] if run else None,
    }


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per 10,000 articles."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var * 10_000 if var else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,20000,50000",
                        help="comma-separated article counts (default 5000,20000,50000)")
    parser.add_argument("--keep", type=Path, help="keep each size's archive and logs here")
    parser.add_argument("--crawl-arg", action="append", default=[],
                        help="one more argument for newscrawl crawl (repeat)")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    parser.add_argument("--with", dest="earlier", type=Path, action="append", default=[],
                        help="figures of an earlier run (its --json file) to print and fit"
                             " with this run's (run the sizes apart, compare them together)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    results = [r for path in args.earlier for r in json.loads(path.read_text())
               if r["articles"] not in sizes]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            work = (args.keep / str(size)) if args.keep else Path(tmp) / str(size)
            work.mkdir(parents=True, exist_ok=True)
            for stale in ("scale.db", "replica.log"):
                (work / stale).unlink(missing_ok=True)
            print(f"crawling a {size:,}-article replica ...", flush=True)
            r = measure(size, work, args.crawl_arg)
            results.append(r)
            print(f"  {r['wall_s']:.0f} s, {r['requests']:,} requests ({r['req_per_s']}/s),"
                  f" peak RSS {r['peak_rss_mb']:.0f} MB, listing share"
                  f" {r['listing_share']:.1%}, found {r['found']:,}/{r['live']:,}"
                  f" (exit {r['exit']})", flush=True)

    results.sort(key=lambda r: r["articles"])
    print()
    print("| articles | wall s | requests | req/s | peak RSS MB | listing share |"
          " found / live | downloaded twice | run |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['articles']:,} | {r['wall_s']:.0f} | {r['requests']:,} | {r['req_per_s']}"
              f" | {r['peak_rss_mb']:.0f} | {r['listing_share']:.1%} ({r['listing_requests']:,})"
              f" | {r['found']:,} / {r['live']:,} | {r['downloaded_twice']} | {r['run_status']} |")
    print()
    for r in results:
        kinds = ", ".join(f"{k} {v:,}" for k, v in r["by_kind"].items())
        print(f"requests at {r['articles']:,}: {kinds}")
    points = [(r["articles"], r["peak_rss_mb"]) for r in results]
    if len(points) > 1:
        print(f"\npeak RSS slope: {slope(points):+.1f} MB per 10,000 articles (least squares)")
        for (a, ra), (b, rb) in zip(points, points[1:], strict=False):
            print(f"  {a:,} -> {b:,}: {slope([(a, ra), (b, rb)]):+.1f} MB per 10,000 articles")
    worst = max(r["peak_rss_mb"] for r in results)
    print(f"peak RSS at most {worst:.0f} MB (target < 400 MB)")
    served = ", ".join(f"{r['articles']:,}: {r['replica_rss_mb']:.0f} MB" for r in results
                       if "replica_rss_mb" in r)
    if served:
        print(f"the replica's own peak RSS (its process): {served}")
    if args.json:  # this run's sizes and the earlier ones it was printed with
        args.json.write_text(json.dumps(results, indent=1))
    if any(r["exit"] != 0 or r["missing"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()

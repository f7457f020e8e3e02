"""Crawl throughput: newscrawl against a bare Scrapy spider, over the same fast server.

In one run:

* the replica site with N articles is rendered and served by ``fast_server.py`` in a
  process of its own (asyncio, every answer rendered once beforehand);
* (a) a bare Scrapy spider (``bare_spider.py``: fetch, follow same-host links, nothing
  else; robots.txt obeyed; capped at 3 x N pages so the replica's endless calendar ends
  it) walks it, from a scratch folder so that no project settings apply;
* (b) ``newscrawl crawl`` with politeness off (``-s`` options) archives it: WARC files,
  SQLite, extraction in its worker processes (``NEWSCRAWL_EXTRACT_WORKERS``, default
  auto), the end-of-crawl re-extraction with the final site template included.

Printed: pages/s of each (responses the server sent during the run / wall seconds of the
crawl process), newscrawl's articles/s, the ratio (b)/(a) (target >= 0.5 on 2 cores),
newscrawl's CPU milliseconds per stored article by stage (fetch+parse in Scrapy: the crawl
process's CPU from spider open to close less its WARC and store threads' share and the
end-of-crawl re-extraction's reading and writing; extraction: the workers' CPU, the
end-of-crawl re-extraction apart; WARC: building, digesting, gzipping and writing the
records, in the WARC writer's process and the hand-off in the crawl process; store: the SQLite writes of items and captures rows; start-up apart), the
articles the end step extracted again and those it skipped (the final template would
extract them alike), the pages the template learner remembered for it, the peak RSS of each
crawl's whole process tree (sampled from /proc: the crawl process, its fork server and
extraction workers), and the server's CPU share and cost per request during each run
(its headroom: the server is not the bottleneck when its share is far from one core and
its capacity, requests per CPU second, far above the bare spider's rate). The load
average before and after is printed too: rates from a busy machine are not comparable,
so the ratio the CPU per page allows on idle cores is printed as well (the bare spider is
one Scrapy thread, at most one core; newscrawl can use every core).

    .venv/bin/python benchmarks/crawl.py [--articles 2000] [--workers auto] [--json]

With several sizes (``--articles 5000,20000,50000``) each runs in turn (a server of its
own each; the bare spider stops at 15,000 pages past 5,000 articles: its rate does not
depend on the site's size), then a table of every size's rates, ratio and peak RSS, and
the least-squares slope of peak RSS against size (flat memory: near 0).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

FAST = [
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "LOG_LEVEL=WARNING", "-s", "TELNETCONSOLE_ENABLED=False",
]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- the process tree's memory ------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        out.setdefault(ppid, []).append(int(entry))
    return out


def tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it."""
    children = _children()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` (pages shared with other processes, such as the
    fork server's with its workers, counted once across them), 0 when unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int, int]:
    """(RSS summed over ``pid``'s process tree, PSS summed likewise, processes in it)."""
    rss = pss = count = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/statm") as fh:
                rss += int(fh.read().split()[1]) * PAGE_SIZE
            count += 1
        except OSError:
            continue
        pss += _pss(p)
    return rss, pss, count


class Sampler(threading.Thread):
    """Peak memory of a process tree, sampled every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = self.peak_pss = 0
        self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss, pss, count = tree_memory(self.pid)
            self.peak = max(self.peak, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.processes = max(self.processes, count)
            self.done.wait(self.interval)


# --- runs --------------------------------------------------------------------------------
def server_stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(base + "/__bench__/stats", timeout=10) as resp:
        return json.loads(resp.read())


def run_child(cmd: list[str], cwd: Path, base: str) -> dict[str, Any]:
    """Run ``cmd``; its wall and CPU seconds, exit code, peak RSS (its own and its whole
    tree's), and what the server did meanwhile."""
    before = server_stats(base)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    sampler.start()
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    reader.join(5)
    after = server_stats(base)
    leftover = [p for p in tree(proc.pid) if p != proc.pid]
    code = proc.returncode
    if code != 0:
        print(b"".join(stderr_chunks).decode(errors="replace")[-3000:], file=sys.stderr)
    return {
        "wall": wall, "code": code, "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss": usage.ru_maxrss * 1024, "tree_peak": sampler.peak,
        "tree_peak_pss": sampler.peak_pss,
        "tree_processes": sampler.processes,
        "requests": after["requests"] - before["requests"],
        "server_cpu": after["cpu_s"] - before["cpu_s"],
        "rendered_late": after["rendered_late"] - before["rendered_late"],
        "leftover": leftover,
    }


def start_server(articles: int) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    proc = subprocess.Popen([sys.executable, str(HERE / "fast_server.py"), "--articles",
                             str(articles)], cwd=ROOT, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        sys.exit("the fast server did not start")
    return proc, json.loads(line)


def mb(n: float) -> float:
    return round(n / 1024 / 1024, 1)


BARE_CAP_ARTICLES = 5000


def run_size(articles: int, workers: str) -> dict[str, Any]:
    """Both crawls of one replica of ``articles`` articles, on a server of its own."""
    args = argparse.Namespace(articles=articles, workers=workers)
    load_before = os.getloadavg()
    server, info = start_server(articles)
    base = info["base_url"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            scratch = tmpdir / "bare"
            scratch.mkdir()
            # (a) bare spider, from a folder without scrapy.cfg: Scrapy's defaults only.
            # Its rate does not depend on the site's size (it keeps nothing but Scrapy's
            # own state), so past 5,000 articles it stops at 15,000 pages.
            cap = 3 * min(articles, BARE_CAP_ARTICLES)
            bare = run_child([
                sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py"),
                "-a", f"url={base}/", *FAST, "-s", "ROBOTSTXT_OBEY=True",
                "-s", f"CLOSESPIDER_PAGECOUNT={cap}",
            ], scratch, base)
            # (b) newscrawl, politeness off.
            db = tmpdir / "bench.db"
            stats_file = tmpdir / "stats.json"
            crawl = run_child([
                sys.executable, "-m", "newscrawl", "crawl", f"{base}/", "--db", str(db), *FAST,
                "-s", "NEWSCRAWL_PROGRESS=off",
                "-s", f"NEWSCRAWL_EXTRACT_WORKERS={workers}",
                "-s", "STATS_CLASS=benchmarks.crawl_stats.JsonFileStats",
                "-s", f"BENCH_STATS_FILE={stats_file}",
            ], ROOT, base)
            stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
            stored = 0
            if db.exists():
                conn = sqlite3.connect(db)
                stored = conn.execute("select count(*) from articles").fetchone()[0]
                conn.close()
    finally:
        server.terminate()
        server.wait(30)
    load_after = os.getloadavg()
    return figures(args, info, bare, crawl, stats, stored, load_before, load_after)


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of (articles, MB) points, in MB per 10,000 articles."""
    if len({n for n, _ in points}) < 2:
        return None
    mean_n = sum(n for n, _ in points) / len(points)
    mean_m = sum(m for _, m in points) / len(points)
    num = sum((n - mean_n) * (m - mean_m) for n, m in points)
    den = sum((n - mean_n) ** 2 for n, _ in points)
    return round(10_000 * num / den, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="2000",
                        help="site size, or comma-separated sizes (e.g. 5000,20000,50000)")
    parser.add_argument("--workers", default="auto",
                        help="NEWSCRAWL_EXTRACT_WORKERS for the newscrawl crawl (default auto)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    try:
        sizes = [int(x) for x in str(args.articles).split(",") if x.strip()]
    except ValueError:
        parser.error(f"--articles: not a number or list of numbers: {args.articles!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--articles: sizes must be positive")
    results = []
    for n in sizes:
        result = run_size(n, args.workers)
        results.append(result)
        if not args.json:
            if len(sizes) > 1:
                print(f"\n== {n:,} articles ==")
            report(result)
    summary = sizes_summary(results) if len(sizes) > 1 else None
    if args.json:
        print(json.dumps(results[0] if summary is None else {"sizes": results, **summary},
                         indent=1))
    elif summary is not None:
        report_sizes(results, summary)


def sizes_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    main_rss = [(r["articles_in_site"], r["newscrawl"]["peak_rss_main_mb"]) for r in results]
    tree_rss = [(r["articles_in_site"], r["newscrawl"]["peak_rss_tree_mb"]) for r in results]
    return {"slope_main_rss_mb_per_10k": slope(main_rss),
            "slope_tree_rss_mb_per_10k": slope(tree_rss),
            "min_ratio": min(r["ratio_pages_per_s"] for r in results)}


def report_sizes(results: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    print("\n| articles | bare pages/s | newscrawl pages/s | ratio | articles stored |"
          " main RSS MB | tree RSS MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        c = r["newscrawl"]
        print(f"| {r['articles_in_site']:,} | {r['bare']['pages_per_s']} | {c['pages_per_s']} | "
              f"{r['ratio_pages_per_s']:.2f} | {c['articles']:,} | {c['peak_rss_main_mb']} | "
              f"{c['peak_rss_tree_mb']} |")
    print(f"peak RSS slope (least squares): main process {summary['slope_main_rss_mb_per_10k']:+} MB,"
          f" whole tree {summary['slope_tree_rss_mb_per_10k']:+} MB per 10,000 articles;"
          f" lowest ratio {summary['min_ratio']:.2f} (target >= 0.5)")


def figures(args: argparse.Namespace, info: dict[str, Any], bare: dict[str, Any],
            crawl: dict[str, Any], stats: dict[str, Any], stored: int,
            load_before: tuple[float, ...], load_after: tuple[float, ...]) -> dict[str, Any]:
    bare_rate = bare["requests"] / bare["wall"]
    rate = crawl["requests"] / crawl["wall"]
    n = max(stored, 1)
    main_cpu = stats.get("bench/main_cpu_s", crawl["cpu"]) * 1000.0
    warc_main = stats.get("newscrawl/cpu_ms/warc", 0.0)
    # The WARC writer's own process (NEWSCRAWL_WARC_PROCESS): not in the crawl process's CPU.
    warc_process = stats.get("newscrawl/cpu_ms/warc_process", 0.0)
    warc = warc_main + warc_process
    store = stats.get("newscrawl/cpu_ms/store", 0.0) + stats.get("newscrawl/cpu_ms/store_captures", 0.0)
    extract_all = stats.get("newscrawl/cpu_ms/extract", 0.0)
    reextract = stats.get("newscrawl/cpu_ms/reextract", 0.0)
    startup = stats.get("bench/main_cpu_at_open_s", 0.0) * 1000.0
    reextract_main = stats.get("newscrawl/cpu_ms/reextract_main", 0.0)
    in_process = extract_all if str(args.workers).strip() == "0" else 0.0  # threads of main
    if in_process:
        reextract_main = 0.0  # the in-process re-extraction is in extract_all
    scrapy = max(0.0, main_cpu - startup - warc_main - store - in_process - reextract_main)

    def per(ms: float) -> float:
        return round(ms / n, 2)

    def server(run: dict[str, Any]) -> dict[str, Any]:
        cpu = run["server_cpu"]
        return {
            "cpu_share_of_one_core": round(cpu / run["wall"], 3),
            "cpu_us_per_request": round(1e6 * cpu / max(run["requests"], 1), 1),
            "capacity_requests_per_cpu_s": round(run["requests"] / cpu) if cpu else None,
            "rendered_during_run": run["rendered_late"],
        }

    return {
        "articles_in_site": args.articles,
        "cores": os.cpu_count(),
        "extract_workers": args.workers,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "server": {"pid": info["pid"], "pages_prerendered": info["pages"],
                   "prerender_s": info["prerender_s"]},
        "bare": {
            "pages": bare["requests"], "seconds": round(bare["wall"], 2),
            "pages_per_s": round(bare_rate, 1), "cpu_s": round(bare["cpu"], 2),
            "cpu_ms_per_page": round(1000 * bare["cpu"] / max(bare["requests"], 1), 2),
            "peak_rss_mb": mb(bare["tree_peak"] or bare["maxrss"]),
            "server": server(bare), "exit_code": bare["code"],
        },
        "newscrawl": {
            "pages": crawl["requests"], "seconds": round(crawl["wall"], 2),
            "pages_per_s": round(rate, 1), "articles": stored,
            "articles_per_s": round(stored / crawl["wall"], 1),
            "cpu_ms_per_article": {
                "fetch_parse_scrapy": per(scrapy),
                "extraction": per(extract_all - reextract),
                "extraction_end_reextract": per(reextract),
                "warc": per(warc), "store": per(store),
                "end_reextract_main_process": per(reextract_main),
                "startup": per(startup),
                "warc_in_crawl_process": per(warc_main),
                "total": per(main_cpu - in_process + extract_all + warc_process),
            },
            "reextracted_at_end": stats.get("newscrawl/template_reextracted", 0),
            # Pages extracted with an older template that the final one would extract
            # alike (not extracted again), pages remembered for that end step, and pages
            # extracted with their host's final template (never remembered).
            "unaffected_at_end": stats.get("newscrawl/template_unaffected", 0),
            "template_entries": stats.get("newscrawl/template_entries", 0),
            "template_final_pages": stats.get("newscrawl/template_final_pages", 0),
            "extract_pool_restarts": stats.get("newscrawl/extract_pool_restarts", 0),
            "main_process_cpu_s": round(main_cpu / 1000, 2),
            "peak_rss_main_mb": mb(crawl["maxrss"]),
            "peak_rss_tree_mb": mb(crawl["tree_peak"]),
            "peak_pss_tree_mb": mb(crawl["tree_peak_pss"]),
            "processes_in_tree": crawl["tree_processes"],
            "processes_left_after_exit": len(crawl["leftover"]),
            "server": server(crawl), "exit_code": crawl["code"],
        },
        "ratio_pages_per_s": round(rate / bare_rate, 3),
        "idle_cores_estimate": idle_estimate(args, bare, crawl, main_cpu + warc_process,
                                             extract_all, in_process, bool(warc_process)),
    }


def idle_estimate(args: argparse.Namespace, bare: dict[str, Any], crawl: dict[str, Any],
                  main_cpu_ms: float, extract_ms: float, in_process: float,
                  warc_process: bool = False) -> dict[str, Any]:
    """What the CPU each crawl spent per page allows on idle cores, a figure a busy
    machine does not skew as it skews the rates: the bare spider is one Scrapy thread (one
    core); newscrawl's crawl process and its extraction workers can use every core
    (workers + 1 processes; with extraction in a thread, one core, and a little more
    where C code releases the GIL). The server's CPU is left out (see its share)."""
    from newscrawl.crawl.extract_pool import worker_count

    cores = os.cpu_count() or 1
    workers = worker_count(args.workers)
    bare_rate = bare["requests"] / bare["cpu"] if bare["cpu"] else 0.0
    cpu_s = (main_cpu_ms + (0.0 if in_process else extract_ms)) / 1000.0
    parallel = min(cores, workers + 1 + warc_process)
    rate = parallel * crawl["requests"] / cpu_s if cpu_s else 0.0
    return {"bare_pages_per_s": round(bare_rate, 1), "newscrawl_pages_per_s": round(rate, 1),
            "newscrawl_cpu_s": round(cpu_s, 1), "cores_used": parallel,
            "ratio": round(rate / bare_rate, 3) if bare_rate else None}


def report(r: dict[str, Any]) -> None:
    b, c = r["bare"], r["newscrawl"]
    cpu = c["cpu_ms_per_article"]
    print(f"site: {r['articles_in_site']} articles; {r['cores']} cores; load average "
          f"{r['load_average_before'][0]} before, {r['load_average_after'][0]} after; server "
          f"pid {r['server']['pid']} ({r['server']['pages_prerendered']} pages rendered in "
          f"{r['server']['prerender_s']} s)")
    print(f"(a) bare scrapy : {b['pages']} pages in {b['seconds']} s = {b['pages_per_s']} pages/s"
          f"; {b['cpu_ms_per_page']} CPU ms/page; peak RSS {b['peak_rss_mb']} MB")
    print(f"(b) newscrawl   : {c['pages']} pages in {c['seconds']} s = {c['pages_per_s']} pages/s"
          f", {c['articles']} articles = {c['articles_per_s']} articles/s; "
          f"extract workers {r['extract_workers']}")
    print(f"ratio (b)/(a)   : {r['ratio_pages_per_s']:.2f} pages/s (target >= 0.5)")
    e = r["idle_cores_estimate"]
    print(f"on idle cores   : ~{e['bare_pages_per_s']} pages/s bare (one core), "
          f"~{e['newscrawl_pages_per_s']} newscrawl ({e['newscrawl_cpu_s']} CPU s on "
          f"{e['cores_used']} cores): ratio ~{e['ratio']} (from CPU per page)")
    print(f"CPU ms/article  : fetch+parse (Scrapy) {cpu['fetch_parse_scrapy']}, extraction "
          f"{cpu['extraction']} (+{cpu['extraction_end_reextract']} re-extracting "
          f"{c['reextracted_at_end']} at the end; {c['unaffected_at_end']} more the final "
          f"template would extract alike), WARC {cpu['warc']} ({cpu['warc_in_crawl_process']}"
          f" in the crawl process), store {cpu['store']}; "
          f"start-up {cpu['startup']}, end-of-crawl re-extraction in the crawl process "
          f"{cpu['end_reextract_main_process']}; total {cpu['total']}")
    print(f"template map    : {c['template_entries']} pages remembered for the end step,"
          f" {c['template_final_pages']} extracted with the final template (not remembered)")
    print(f"peak memory     : newscrawl tree RSS {c['peak_rss_tree_mb']} MB, PSS "
          f"{c['peak_pss_tree_mb']} MB ({c['processes_in_tree']} processes), main process RSS "
          f"{c['peak_rss_main_mb']} MB; "
          f"{c['processes_left_after_exit']} processes left after exit")
    for name, run in (("bare", b), ("newscrawl", c)):
        s = run["server"]
        print(f"server ({name:9}): {100 * s['cpu_share_of_one_core']:.0f} % of a core, "
              f"{s['cpu_us_per_request']} us CPU/request = capacity "
              f"~{s['capacity_requests_per_cpu_s']} requests/s; "
              f"{s['rendered_during_run']} pages rendered during the run")


if __name__ == "__main__":
    main()

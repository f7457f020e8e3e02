"""Distributed mode: 1 vs 2 vs 4 workers on three replica sites, throughput and politeness.

Starts a real Redis (Debian ``redis-server`` on loopback, as the tests do) and, for each
configuration, three replica sites in their own processes on 127.0.0.1, .2 and .3
(``python -m newscrawl.replica serve --articles N --log FILE --log-times``: each request
logged with its arrival time), one ``newscrawl writer`` into a fresh archive and N
``newscrawl worker`` processes given the three sites, under a fresh Redis prefix. Two
modes:

* ``raw``: ``--host-delay 0``: no politeness, the machine is the limit;
* ``polite``: ``--host-delay D`` (``--polite-delay``, 0.1 s: 10 requests/s per host, all
  workers together): politeness is the limit, more workers should not send more.

Per configuration it prints: wall time (workers started to writer done, including the
workers' ``--idle-timeout`` and the writer's final templates), the crawl's span (first to
last request the replicas received), pages/s (requests received / span) and articles/s
(articles archived / span), articles archived vs the replicas' ground truth, per host
(from the replicas' own logs) the busiest 1 s window, the mean rate over the host's own
first-to-last request and the mean over the seconds in which all three hosts were being
crawled, and CPU seconds by role (workers with their extraction pools, writer, replicas,
Redis) against what the machine's cores could give in the wall time, beside how busy the
whole machine was (/proc/stat: other users' processes too). Then, per mode, the ratios of
pages/s and of articles/s of 2 and 4 workers to 1.

    .venv/bin/python benchmarks/distributed.py [--articles 300] [--workers 1,2,4]
        [--modes raw,polite] [--polite-delay 0.1] [--json FILE] [--keep DIR]
        [--worker-arg=-s --worker-arg=NAME=VALUE ...]

Everything runs on this machine: workers, writer, replicas and Redis share its cores, so
more workers than cores cannot scale linearly (see docs/benchmarks.md).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.replica import ReplicaSite  # noqa: E402
from tests.redis_server import REDIS_SERVER, SKIP_REASON, RedisServer  # noqa: E402

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
# One site each: (seed, theme); the REST API open on the first, as in the e2e test.
SITES = ((1, "classic", True), (2, "classic", False), (3, "builder", False))
IDLE_TIMEOUT = 2.0  # seconds the shared frontier stays empty before workers exit
LIMIT_SLACK = 2  # requests a 1 s window may hold above 1/delay (as tests/test_distributed.py)


@dataclass
class Child:
    """A child process we started, with its CPU time once reaped (``reap_any``)."""

    role: str
    proc: subprocess.Popen
    out: Path
    exit_code: int | None = None
    cpu_s: float = 0.0
    ended: float = 0.0

    def reap(self) -> bool:
        """Reaped — now or before."""
        if self.exit_code is None:
            reap_any()
        return self.exit_code is not None

    def stop(self) -> None:
        if self.exit_code is None:
            self.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            while not self.reap() and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.exit_code is None:
                self.proc.kill()
                while not self.reap():
                    time.sleep(0.05)


_CHILDREN: dict[int, Child] = {}
# CPU seconds of descendants we did not start ourselves: a worker's extraction pool (its
# fork server and the processes it forked) outlives the worker by a moment and, this
# process being a child subreaper, is reaped here.
DESCENDANTS = {"cpu_s": 0.0}


def become_subreaper() -> bool:
    """Orphaned descendants (a worker's fork server) are reparented to this process, so
    their CPU time (and that of the children they reaped) is counted (Linux prctl)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_any() -> None:
    """Reap every child that has ended: ours get their exit code and CPU seconds (wait4:
    a process's own and its reaped children's), others count as descendants."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        cpu = usage.ru_utime + usage.ru_stime
        child = _CHILDREN.pop(pid, None)
        if child is None:
            DESCENDANTS["cpu_s"] += cpu
            continue
        child.ended = time.perf_counter()
        child.exit_code = os.waitstatus_to_exitcode(status)
        child.proc.returncode = child.exit_code
        child.cpu_s = cpu


def start(role: str, args: list[str], out: Path, extra: list[str] | None = None) -> Child:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, *args, *(extra or [])], cwd=ROOT, env=env,
                            stdout=out.open("w"), stderr=subprocess.STDOUT)
    child = Child(role, proc, out)
    _CHILDREN[proc.pid] = child
    return child


def start_replica(host: str, seed: int, theme: str, rest: bool, articles: int,
                  work: Path) -> tuple[Child, str, Path]:
    log = work / f"replica-{host}.log"
    out = work / f"replica-{host}.out"
    args = ["-m", "newscrawl.replica", "serve", "--articles", str(articles), "--seed",
            str(seed), "--theme", theme, "--host", host, "--port", "0", "--log", str(log),
            "--log-times", *(["--rest-api"] if rest else [])]
    child = start("replicas", args, out)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = out.read_text()
        if text.startswith("http://") and text.endswith("\n"):
            return child, text.strip(), log
        if child.reap():
            break
        time.sleep(0.05)
    child.stop()
    sys.exit(f"the replica on {host} did not start: {out.read_text()[-2000:]}")


def arrivals(log: Path) -> tuple[list[float], int]:
    """The arrival times of a replica's requests, and how many were repeats (a path
    already requested, robots.txt aside: each worker fetches its own)."""
    times, paths = [], set()
    repeats = 0
    for line in log.read_text(encoding="utf-8").splitlines():
        at, _method, _status, path = line.split("\t", 3)
        times.append(float(at))
        if path in paths and path != "/robots.txt":
            repeats += 1
        paths.add(path)
    return sorted(times), repeats


def peak_in_window(times: list[float], window: float = 1.0) -> int:
    best = first = 0
    for last, t in enumerate(times):
        while t - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def mean_rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def busy_in_shared_seconds(per_host_times: dict[str, list[float]]) -> tuple[dict[str, float], int]:
    """Each host's mean rate over the 1 s buckets in which every host got requests (the
    crawl's steady part: not the seeding of one site before the others, not the end),
    and how many such seconds there were."""
    from collections import Counter

    buckets = {h: Counter(int(t) for t in times) for h, times in per_host_times.items()}
    shared = set.intersection(*(set(b) for b in buckets.values())) if buckets else set()
    # a bucket holding just robots.txt at the start is not the steady part: >= 2 requests
    shared = {s for s in shared if all(b[s] >= 2 for b in buckets.values())}
    if not shared:
        return {h: 0.0 for h in buckets}, 0
    return {h: round(sum(b[s] for s in shared) / len(shared), 2)
            for h, b in buckets.items()}, len(shared)


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far (/proc/stat), every user's."""
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


def redis_cpu(client: Any) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


@dataclass
class Config:
    mode: str
    workers: int
    delay: float
    result: dict[str, Any] = field(default_factory=dict)


def run_config(cfg: Config, articles: int, redis: RedisServer, client: Any, work: Path,
               run_number: int, worker_args: list[str]) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    DESCENDANTS["cpu_s"] = 0.0
    replicas = [start_replica(host, seed, theme, rest, articles, work)
                for host, (seed, theme, rest) in zip(HOSTS, SITES, strict=True)]
    bases = [base for _, base, _ in replicas]
    truth: dict[str, dict] = {}
    for (seed, theme, rest), base in zip(SITES, bases, strict=True):
        truth.update(ReplicaSite(articles=articles, seed=seed, theme=theme,
                                 rest_api=rest).ground_truth(base))
    prefix = f"bench-{cfg.mode}-{cfg.workers}-{run_number}-{os.getpid()}"
    db = work / "news.db"
    common = ["--redis", redis.url, "--prefix", prefix]
    cpu_redis0 = redis_cpu(client)
    ticks0 = machine_ticks()
    children: list[Child] = []
    try:
        writer = start("writer", ["-m", "newscrawl", "writer", "--db", str(db), *common,
                                  "-s", "LOG_LEVEL=WARNING"], work / "writer.out")
        children.append(writer)
        started = time.perf_counter()
        for n in range(cfg.workers):
            children.append(start("workers", [
                "-m", "newscrawl", "worker", *[b + "/" for b in bases], *common, "--fast",
                "--host-delay", str(cfg.delay), "--idle-timeout", str(IDLE_TIMEOUT),
                "-s", "LOG_LEVEL=WARNING"], work / f"worker{n + 1}.out", worker_args))
        deadline = time.monotonic() + 1800
        while not all(c.reap() for c in children):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cfg.mode} x{cfg.workers}: not done in 30 minutes")
            time.sleep(0.05)
        wall = max(c.ended for c in children) - started
    finally:
        for child in children:
            child.stop()
        for child, _, _ in replicas:
            child.stop()
        time.sleep(0.5)  # the workers' fork servers end once their worker has
        reap_any()
    ticks1 = machine_ticks()
    machine_busy = (ticks1[0] - ticks0[0]) / max(1, ticks1[1] - ticks0[1])
    failed = [f"{c.out.name}: exit {c.exit_code}\n{c.out.read_text()[-1500:]}"
              for c in children if c.exit_code != 0]
    if failed:
        sys.exit("\n".join(failed))
    cpu: dict[str, float] = {"workers": 0.0, "writer": 0.0, "replicas": 0.0}
    for child in [*children, *(c for c, _, _ in replicas)]:
        cpu[child.role] += child.cpu_s
    cpu["workers"] += DESCENDANTS["cpu_s"]  # their extraction pools
    cpu["redis"] = redis_cpu(client) - cpu_redis0

    per_host = {}
    all_times: list[float] = []
    host_times: dict[str, list[float]] = {}
    repeats = 0
    for (_, _base, log), host in zip(replicas, HOSTS, strict=True):
        times, again = arrivals(log)
        all_times.extend(times)
        host_times[host] = times
        repeats += again
        per_host[host] = {"requests": len(times), "peak_1s": peak_in_window(times),
                          "mean_per_s": round(mean_rate(times), 2)}
    steady, shared_seconds = busy_in_shared_seconds(host_times)
    for host, rate in steady.items():
        per_host[host]["mean_all_busy_per_s"] = rate
    all_times.sort()
    span = all_times[-1] - all_times[0] if len(all_times) > 1 else 0.0
    conn = sqlite3.connect(db)
    archived = {url for (url,) in conn.execute("select url from articles")}
    runs = conn.execute("select count(*), sum(pages_fetched) from crawl_runs").fetchone()
    conn.close()
    requests = len(all_times)
    limit = int(round(1 / cfg.delay)) + LIMIT_SLACK if cfg.delay else None
    return {
        "mode": cfg.mode, "workers": cfg.workers, "host_delay": cfg.delay,
        "wall_s": round(wall, 2), "span_s": round(span, 2), "requests": requests,
        "repeat_requests": repeats, "captures": runs[1] or 0, "crawl_runs": runs[0],
        "pages_per_s": round(requests / span, 1) if span else 0.0,
        "articles_per_s": round(len(archived & set(truth)) / span, 1) if span else 0.0,
        "articles_expected": len(truth), "articles_archived": len(archived & set(truth)),
        "articles_extra": len(archived - set(truth)),
        "per_host": per_host, "peak_limit_1s": limit,
        "within_limit": None if limit is None else all(
            h["peak_1s"] <= limit for h in per_host.values()),
        "all_busy_seconds": shared_seconds,
        "cpu_s": {k: round(v, 1) for k, v in cpu.items()},
        "cpu_share": round(sum(cpu.values()) / (wall * (os.cpu_count() or 1)), 2),
        "machine_busy": round(machine_busy, 2),
    }


def line(r: dict[str, Any]) -> str:
    hosts = "; ".join(f"{h} peak {v['peak_1s']}, mean {v['mean_per_s']:.1f}/s"
                      f" ({v['mean_all_busy_per_s']:.1f}/s)" for h, v in r["per_host"].items())
    limit = "" if r["peak_limit_1s"] is None else \
        f" (limit {r['peak_limit_1s']} in 1 s: {'ok' if r['within_limit'] else 'OVER'})"
    cpu = ", ".join(f"{k} {v:.0f}" for k, v in r["cpu_s"].items())
    return (f"{r['mode']:<6} {r['workers']} worker(s), --host-delay {r['host_delay']:g}:"
            f" wall {r['wall_s']:.1f} s, crawl span {r['span_s']:.1f} s, {r['requests']}"
            f" requests ({r['repeat_requests']} repeats), {r['pages_per_s']:.1f} pages/s,"
            f" {r['articles_per_s']:.1f} articles/s; archived {r['articles_archived']}/"
            f"{r['articles_expected']} articles in {r['crawl_runs']} crawl runs\n"
            f"         per host: {hosts}{limit}; (...): mean over the {r['all_busy_seconds']}"
            f" s all three hosts were crawled\n"
            f"         CPU s: {cpu} = {r['cpu_share']:.0%} of {os.cpu_count()} cores x wall;"
            f" the machine (every user) was {r['machine_busy']:.0%} busy")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles per site (300)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to compare (1,2,4)")
    parser.add_argument("--modes", default="raw,polite", help="raw, polite or both")
    parser.add_argument("--polite-delay", type=float, default=0.1,
                        help="--host-delay of the polite mode, seconds (0.1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", type=Path, help="keep archives and logs in this folder")
    parser.add_argument("--worker-arg", action="append", default=[], metavar="ARG",
                        help="pass ARG to every `newscrawl worker` (repeatable), e.g."
                             " --worker-arg=-s --worker-arg=NEWSCRAWL_EXTRACT_WORKERS=0")
    args = parser.parse_args(argv)
    if REDIS_SERVER is None:
        sys.exit(SKIP_REASON)
    counts = [int(n) for n in args.workers.split(",")]
    modes = [m.strip() for m in args.modes.split(",")]
    if set(modes) - {"raw", "polite"} or 1 not in counts:
        sys.exit("--modes: raw and/or polite; --workers must include 1 (the ratios' base)")
    import redis as redis_py

    subreaper = become_subreaper()
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average {load[0]:.2f} at start; 3 sites x"
          f" {args.articles} articles; workers {counts}"
          f"{'; worker args ' + ' '.join(args.worker_arg) if args.worker_arg else ''}"
          f"{'' if subreaper else '; CPU of the extraction pools not counted'}", flush=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-dist-") as tmp, \
            RedisServer() as server:
        client = redis_py.Redis.from_url(server.url)
        work_root = args.keep or Path(tmp)
        for mode in modes:
            delay = 0.0 if mode == "raw" else args.polite_delay
            for n in counts:
                cfg = Config(mode, n, delay)
                work = work_root / f"{mode}-{n}"
                result = run_config(cfg, args.articles, server, client, work, len(results),
                                    args.worker_arg)
                results.append(result)
                print(line(result), flush=True)
        client.close()
    print("\nratios, n workers / 1 worker:")
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for mode in modes:
        base = next(r for r in results if r["mode"] == mode and r["workers"] == 1)
        summary[mode] = {}
        for measure in ("pages_per_s", "articles_per_s"):
            ratios = {f"{r['workers']}/1": round(r[measure] / base[measure], 2)
                      if base[measure] else 0.0
                      for r in results if r["mode"] == mode and r["workers"] != 1}
            summary[mode][measure] = ratios
            print(f"  {mode:<6} {measure.replace('_per_s', '/s'):<11} "
                  + ", ".join(f"{k}: {v:.2f}" for k, v in ratios.items()))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} at the end")
    if args.json:
        args.json.write_text(json.dumps({"articles_per_site": args.articles, "cores":
                                         os.cpu_count(), "results": results,
                                         "ratios": summary}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

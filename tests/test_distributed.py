"""Distributed mode on scrapy-redis, against a real Redis (Debian redis-server on loopback).

The end-to-end test runs the real commands as processes: three replica sites on three
loopback addresses (named in a sites file, one with a delay of its own), one `newscrawl
writer`, two `newscrawl worker`s; one worker is killed with SIGKILL mid-crawl and
replaced, the writer is killed with SIGKILL mid-stream and restarted. Every article of
every site must end up archived once, with the replica's ground-truth fields, its WARC
record readable, under its site's own crawl_runs row; no host may get more requests per
second than its interval allows, across all workers (timed in the replica servers' own
request logs). The other tests check the pieces directly: leases and their requeue,
seeding takeover, the shared host interval, and a writer given entries twice.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, run_cli
from tests.redis_server import REDIS_SERVER, SKIP_REASON, RedisServer

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason=SKIP_REASON)

INTERVAL = 0.05  # seconds between two requests to one host, all workers together
BETA_DELAY = 0.1  # the sites file's delay of the second site: its own interval
HEARTBEAT = 3.0  # a worker silent this long is dead


@pytest.fixture(scope="module")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
def client(redis_server):
    import redis

    conn = redis.Redis.from_url(redis_server.url)
    conn.flushall()
    yield conn
    conn.flushall()
    conn.close()


# --- the pieces ------------------------------------------------------------------------

def test_leases_go_back_to_the_frontier_when_a_worker_dies(client):
    from newscrawl.distributed.state import Coordinator, Keys

    keys = Keys("t1")
    a = Coordinator(client, keys, "a", heartbeat=1.0)
    b = Coordinator(client, keys, "b", heartbeat=5.0)
    a.register(["http://example.org/"], {})
    b.register(["http://example.org/"], {})
    for score, member in ((0, b"r1"), (-1, b"r2"), (1, b"r3")):
        client.zadd(keys.requests, {member: score})
    client.set(keys.seeded, "a")
    assert a.pop() == (b"r2", -1.0)  # best priority first, as scrapy-redis's PriorityQueue
    assert a.pop() == (b"r1", 0.0)
    assert client.zcard(keys.requests) == 1 and client.zcard(keys.inflight("a")) == 2
    a.finished(b"r1")  # done: its lease is dropped, it is not requeued
    assert not b.frontier_idle()
    assert b.reclaim_dead() == 0  # a is alive: its lease stands
    time.sleep(1.2)  # a stops beating
    assert b.reclaim_dead() == 1
    assert sorted(client.zrange(keys.requests, 0, -1)) == [b"r2", b"r3"]
    assert client.zscore(keys.requests, b"r2") == -1.0  # with its priority
    assert not client.exists(keys.inflight("a")) and client.smembers(keys.workers) == {b"b"}
    assert b.reclaim_dead() == 0  # once only
    assert b.pop()[0] == b"r2" and b.pop()[0] == b"r3"
    b.finished(b"r2")
    assert b.leave() == 1  # a clean exit gives back what it still holds
    assert client.zrange(keys.requests, 0, -1) == [b"r3"]


def test_seeding_is_taken_over_only_from_a_dead_seeder(client):
    from newscrawl.distributed.state import Coordinator, Keys

    keys = Keys("t2")
    a = Coordinator(client, keys, "a", heartbeat=1.0)
    b = Coordinator(client, keys, "b", heartbeat=5.0)
    a.register([], {})
    b.register([], {})
    assert a.claim_seeding() and a.claim_seeding()
    assert not b.claim_seeding()
    time.sleep(1.2)
    assert b.claim_seeding()  # a died before it had seeded
    b.mark_seeded()
    assert b.seeded() and not a.claim_seeding() and not b.claim_seeding()


def test_host_interval_holds_across_clients(redis_server, client):
    """Two workers' gates (two connections, two threads) taking turns for one host at
    once: the requests they let go are at least the interval apart in Redis's clock;
    another host is not held up."""
    import redis

    from newscrawl.distributed.politeness import HostGate
    from newscrawl.distributed.state import Keys

    keys = Keys("t3")
    interval = 0.02
    sent: list[float] = []
    lock = threading.Lock()

    def take_turns(n: int) -> None:
        gate = HostGate(redis.Redis.from_url(redis_server.url), keys, interval)
        for _ in range(n):
            wait, _at = gate.reserve("http://127.0.0.1:8765/page")
            while True:
                time.sleep(wait)
                wait, now = gate.confirm("http://127.0.0.1:8765/page")
                if not wait:
                    break
            with lock:
                sent.append(now)

    threads = [threading.Thread(target=take_turns, args=(25,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent.sort()
    gaps = [round(b - a, 6) for a, b in zip(sent, sent[1:], strict=False)]
    assert len(sent) == 50 and min(gaps) >= interval, gaps
    other = HostGate(client, keys, interval)
    assert other.reserve("http://127.0.0.2:8765/")[0] < interval  # hosts are independent
    assert HostGate(client, keys, 0).reserve("http://127.0.0.1:8765/") == (0.0, 0.0)


def _exchange(url: str, body: bytes, fetched_at: str):
    from newscrawl.archive.scrapy_ext import Exchange

    return Exchange(url=url, method="GET", request_headers=[("User-Agent", "newscrawl/test")],
                    status=200, reason="OK",
                    response_headers=[("Content-Type", "text/html; charset=utf-8")],
                    body=body, fetched_at=fetched_at, metadata={"worker": "w"})


def test_writer_given_entries_twice_archives_them_once(client, tmp_path):
    """What a writer killed after its commit and before its XACK sees again on restart:
    the same captures and items. Captures are not written twice, articles not saved twice,
    and each site keeps its run: one crawl_runs row per site (a named one, and one named
    by its host), each counting its own captures, articles and errors, across restarts."""
    from newscrawl.api import project_settings
    from newscrawl.crawl.items import ArticleItem, ErrorItem
    from newscrawl.distributed.state import Keys
    from newscrawl.distributed.stream import capture_message, item_message
    from newscrawl.distributed.writer import Writer

    keys = Keys("t4")
    client.sadd(keys.sites, "http://127.0.0.1:9/", "http://www.127.0.0.2:9/")
    client.hset(keys.site_names, mapping={"127.0.0.1:9": "alpha", "alias.test": "alpha"})
    url = "http://127.0.0.1:9/a-story/"

    def article(url: str, title: str) -> dict:
        record = {"url": url, "title": title, "body": "One paragraph.", "is_article": 1}
        return item_message(ArticleItem(record, fetched_url=url, status=200), "w")

    entries = [
        capture_message(_exchange(url, b"<html>A story</html>", "2024-06-12T09:30:00.123456+00:00"), "w"),
        article(url, "A story"),
        item_message(ErrorItem("http://127.0.0.2:9/missing/", "http_404", "", 404), "w"),
    ]

    def run_writer_once(more: list) -> Writer:
        writer = Writer(tmp_path / "news.db", client, keys, project_settings({}))
        writer.open()
        for fields in entries + more:
            client.xadd(keys.stream, fields)
        got = writer.read("0") or writer.read(">")
        writer.apply(got)
        return writer

    first = run_writer_once([])
    assert first.counts["captures"] == 1 and first.counts["articles"] == 1
    assert set(first.runs) == {"alpha", "127.0.0.2:9"}
    first.close()
    # The same entries again, and a new article of an alias host of alpha.
    second = run_writer_once([article("http://alias.test/b-story/", "B story")])
    assert second.counts["captures"] == 0 and second.counts["captures_again"] == 1
    assert second.counts["articles"] == 1 and second.counts["articles_again"] == 1
    assert second.counts["errors_again"] == 1
    assert second.runs == first.runs  # each site's crawl_runs row across writer restarts
    assert client.xlen(keys.stream) == 0  # acknowledged and deleted
    client.hincrby(keys.counters, "requests:127.0.0.2:9", 5)  # as a worker leaving adds them
    result = second.finish(True)
    second.close()
    assert result.runs == first.runs and set(result.sites) == {"alpha", "127.0.0.2:9"}
    assert result.summary["articles_new"] == 2 and result.summary["errors"] == 1
    conn = sqlite3.connect(tmp_path / "news.db")
    conn.row_factory = sqlite3.Row
    assert conn.execute("select count(*) from captures").fetchone()[0] == 1
    counts = conn.execute("select count(*), sum(version_count) from articles").fetchone()
    assert tuple(counts) == (2, 2)
    # the resumed run names the articles it stores first, as the one that opened it did
    assert {r["url"]: r["site"] for r in conn.execute("select url, site from articles")} == {
        url: "alpha", "http://alias.test/b-story/": "alpha"}
    runs = {r["site"]: dict(r) for r in conn.execute("select * from crawl_runs")}
    conn.close()
    assert set(runs) == {"alpha", "127.0.0.2:9"}
    alpha, other = runs["alpha"], runs["127.0.0.2:9"]
    assert json.loads(alpha["targets"]) == ["http://127.0.0.1:9/"]
    assert json.loads(other["targets"]) == ["http://www.127.0.0.2:9/"]
    assert (alpha["status"], alpha["articles_new"], alpha["errors"], alpha["pages_fetched"],
            alpha["requests"]) == ("finished", 2, 0, 1, 0)
    assert (other["status"], other["articles_new"], other["errors"], other["pages_fetched"],
            other["requests"]) == ("finished", 0, 1, 0, 5)
    assert json.loads(alpha["settings"])["NEWSCRAWL_DISTRIBUTED"] == "t4"
    assert not client.keys("t4:*")


def test_sites_plan_takes_names_aliases_and_delays():
    """A sites file in distributed mode: every host and alias named after its site, each
    site's delay its hosts' interval, shared settings crawl-wide; settings that differ
    between sites refused (one Scrapy process crawls them all)."""
    from newscrawl.crawl.sites import parse_sites
    from newscrawl.distributed.worker import sites_plan

    sites = parse_sites({"defaults": {"concurrency": 2}, "site": [
        {"name": "a", "urls": ["https://www.a.test/"], "aliases": ["a.example"], "delay": 2.0},
        {"name": "b", "url": "https://b.test/news/"},
    ]})
    plan = sites_plan(sites)
    assert plan["seeds"] == ["https://www.a.test/", "https://b.test/news/"]
    settings = plan["settings"]
    assert settings["NEWSCRAWL_SITE_NAMES"] == {"a.test": "a", "a.example": "a", "b.test": "b"}
    assert settings["NEWSCRAWL_HOST_INTERVALS"] == {"a.test": 2.0, "a.example": 2.0}
    assert settings["NEWSCRAWL_HOST_ALIASES"] == "a.example"
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2
    differ = parse_sites({"site": [{"name": "a", "url": "https://a.test/", "concurrency": 1},
                                   {"name": "b", "url": "https://b.test/"}]})
    with pytest.raises(ValueError, match="sites 'a' and 'b' differ in concurrency"):
        sites_plan(differ)
    shared = parse_sites({"site": [{"name": "a", "url": "https://a.test/"},
                                   {"name": "b", "url": "https://a.test/b/"}]})
    with pytest.raises(ValueError, match="the host a.test is in sites 'a' and 'b'"):
        sites_plan(shared)


def test_worker_without_redis_is_one_clear_line(tmp_path):
    from tests.conftest import free_port

    proc = run_cli("worker", "http://127.0.0.1:9/", "--redis", f"redis://127.0.0.1:{free_port()}/0")
    assert proc.returncode == 3
    assert "cannot use Redis at redis://127.0.0.1:" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- end to end --------------------------------------------------------------------------

class TimedReplica:
    """A replica server whose request log has the time each request arrived (taken when
    its request line is read, before the page is rendered)."""

    def __init__(self, site, host: str) -> None:
        from newscrawl.replica import ReplicaServer

        self.arrivals: list[tuple[float, str, int]] = []
        lock = threading.Lock()
        arrivals = self.arrivals
        local = threading.local()  # one request at a time per connection thread

        class Server(ReplicaServer):
            def start(self):
                super().start()
                handler = self._httpd.RequestHandlerClass  # made for this server alone
                parse = handler.parse_request

                def parse_request(request_handler):
                    local.arrived = time.monotonic()
                    return parse(request_handler)

                handler.parse_request = parse_request
                # A worker killed mid-request resets its connections: expected here.
                self._httpd.handle_error = lambda request, address: None
                return self

            def _log(self, method, path, status, headers):
                super()._log(method, path, status, headers)
                with lock:
                    arrivals.append((getattr(local, "arrived", time.monotonic()), path, status))

        self.server = Server(site, host=host, port=0)

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def max_in_window(self, window: float = 1.0) -> int:
        times = sorted(t for t, _, _ in self.arrivals)
        best = start = 0
        for end, t in enumerate(times):
            while t - times[start] > window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def mean_rate(self) -> float:
        times = sorted(t for t, _, _ in self.arrivals)
        return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def _start(args: list[str], out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "newscrawl", *args], cwd=ROOT, env=env,
                            stdout=out.open("w"), stderr=subprocess.STDOUT)


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _worker_hosts(warc_dir: Path) -> dict[str, set[str]]:
    """host -> the workers that fetched from it, from the WARC metadata records."""
    from warcio.archiveiterator import ArchiveIterator

    out: dict[str, set[str]] = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "metadata":
                    continue
                text = record.content_stream().read().decode()
                match = re.search(r"^worker: (.+?)\r?$", text, re.M)
                if match:
                    host = urlsplit(record.rec_headers.get_header("WARC-Target-URI")).netloc
                    out.setdefault(host, set()).add(match.group(1))
    return out


@pytest.mark.e2e
def test_two_workers_one_writer_three_sites_survive_kills(redis_server, client, tmp_path):
    from newscrawl.archive import archive_warc_dir
    from newscrawl.archive.warc import read_capture
    from newscrawl.replica import ReplicaSite
    from tests.test_e2e_crawl import compare

    db = tmp_path / "news.db"
    sites = [ReplicaSite(theme="classic", rest_api=True), ReplicaSite(seed=2, articles=40),
             ReplicaSite(theme="builder", seed=3, articles=40)]
    with TimedReplica(sites[0], "127.0.0.1") as a, TimedReplica(sites[1], "127.0.0.2") as b, \
            TimedReplica(sites[2], "127.0.0.3") as c:
        replicas = (a, b, c)
        urls = [r.base_url + "/" for r in replicas]
        names = ("alpha", "beta", "gamma")
        sites_file = tmp_path / "sites.toml"
        sites_file.write_text("".join(
            f'[[site]]\nname = "{name}"\nurls = ["{url}"]\n'
            + (f"delay = {BETA_DELAY}\n" if name == "beta" else "")
            for name, url in zip(names, urls, strict=True)))
        common = ["--redis", redis_server.url]
        worker_args = ["worker", "--sites", str(sites_file), *common, "--fast",
                       "--host-delay", str(INTERVAL),
                       "--idle-timeout", "3", "--heartbeat", str(HEARTBEAT),
                       "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
        writer_args = ["writer", "--db", str(db), *common, "-s", "LOG_LEVEL=INFO"]
        out = {name: tmp_path / f"{name}.out" for name in
               ("writer1", "writer2", "worker1", "worker2", "worker3")}
        procs = {"writer1": _start(writer_args, out["writer1"]),
                 "worker1": _start(worker_args, out["worker1"]),
                 "worker2": _start(worker_args, out["worker2"])}
        try:
            def requests() -> int:
                return sum(len(r.arrivals) for r in replicas)

            def leased_by_worker1() -> int:
                pid = f"-{procs['worker1'].pid}-"
                return sum(client.zcard(f"newscrawl:inflight:{w.decode()}")
                           for w in client.smembers("newscrawl:workers") if pid in w.decode())

            # Mid-crawl: worker 1 dies with requests in flight, worker 3 replaces it.
            _wait_for(lambda: requests() >= 120 and leased_by_worker1() > 0, 60,
                      "the crawl to get going, worker 1 holding requests")
            procs["worker1"].send_signal(signal.SIGKILL)
            procs["worker1"].wait()
            procs["worker3"] = _start(worker_args, out["worker3"])
            # Mid-stream: the writer dies; entries pile up; a new writer carries on.
            _wait_for(lambda: requests() >= 260, 60, "more of the crawl")
            procs["writer1"].send_signal(signal.SIGKILL)
            procs["writer1"].wait()
            time.sleep(1.0)
            procs["writer2"] = _start(writer_args, out["writer2"])
            for name in ("worker2", "worker3", "writer2"):
                try:
                    procs[name].wait(timeout=150)
                except subprocess.TimeoutExpired:
                    pytest.fail(f"{name} did not end:\n{out[name].read_text()[-3000:]}")
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        logs = {name: path.read_text() for name, path in out.items()}
        for name in ("worker2", "worker3", "writer2"):
            assert procs[name].returncode == 0, f"{name}:\n{logs[name][-3000:]}"

        # Every article of every site, once, with the ground truth's fields.
        truth = {}
        for replica in replicas:
            truth.update(replica.server.site.ground_truth(replica.base_url))
        problems = compare(db, truth)
        assert not problems, "\n".join(problems[:40])
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        articles = conn.execute("select url, version_count from articles").fetchall()
        assert len(articles) == len(truth) and all(r["version_count"] == 1 for r in articles)
        assert conn.execute("select count(*) from article_versions").fetchone()[0] == len(truth)
        # ... and the page each came from is in a WARC file, readable.
        warc_dir = archive_warc_dir(db)
        for url in truth:
            row = conn.execute(
                "select warc_filename, warc_offset from captures where url = ?"
                " and status = 200 and record_type = 'response' order by id limit 1",
                (url,)).fetchone()
            assert row is not None, f"no capture of {url}"
            capture = read_capture(row["warc_filename"], row["warc_offset"], directory=warc_dir)
            assert capture.url == url and capture.status == 200 and b"<html" in capture.body
        # One crawl run per site, across the two writers, named after the site, finished,
        # counting its own articles; each article named after its site.
        runs = {r["site"]: dict(r) for r in conn.execute("select * from crawl_runs")}
        sites = {r["url"]: r["site"] for r in conn.execute("select url, site from articles")}
        conn.close()
        assert sorted(runs) == sorted(names), runs
        for name, replica, url in zip(names, replicas, urls, strict=True):
            run = runs[name]
            mine = [u for u in truth if u.startswith(replica.base_url + "/")]
            assert run["status"] == "finished" and run["articles_new"] == len(mine), run
            assert json.loads(run["targets"]) == [url]
            assert run["pages_fetched"] > len(mine) and run["requests"] > 0, run
            assert {sites[u] for u in mine} == {name}
        assert len(re.findall(r"resuming crawl run \d+", logs["writer2"])) == 3
        assert "crawl finished" in logs["writer2"]

        # The dead worker's requests were requeued; nothing else was fetched twice.
        requeued = sum(int(n) for name in ("worker2", "worker3")
                       for n in re.findall(r"(\d+) requests of dead workers requeued", logs[name]))
        assert requeued > 0, logs["worker2"][-2000:] + logs["worker3"][-2000:]
        again = 0
        for replica in replicas:
            counts = Counter(p for _, p, s in replica.arrivals
                             if s < 500 and p != "/robots.txt" and not p.startswith("/wp-json/"))
            again += sum(n - 1 for n in counts.values() if n > 1)
        assert again <= requeued, f"{again} pages fetched twice, {requeued} requests requeued"

        # Politeness: per host, across all workers, one request per interval. The workers
        # let requests go at least INTERVAL apart by Redis's clock; a second holds at most
        # 1/INTERVAL + 1 of them. Between that moment and the server reading the request
        # line lie one event-loop turn in the worker and a thread switch in the server
        # (all on 2 shared cores): one request of slack for that.
        report = []
        workers_at = _worker_hosts(warc_dir)
        for replica, name in zip(replicas, names, strict=True):
            host = urlsplit(replica.base_url).netloc
            limit = int(round(1 / (BETA_DELAY if name == "beta" else INTERVAL))) + 2
            peak = replica.max_in_window(1.0)
            if os.environ.get("DUMP_ARRIVALS"):
                Path(os.environ["DUMP_ARRIVALS"] + host.replace(":", "_")).write_text(
                    "\n".join(f"{t:.6f} {p} {s}" for t, p, s in sorted(replica.arrivals)))
            report.append(f"{host}: {len(replica.arrivals)} requests, mean"
                          f" {replica.mean_rate():.1f}/s, peak {peak} in 1 s (limit {limit}),"
                          f" from {len(workers_at.get(host, ()))} workers")
            assert peak <= limit, report[-1]
            assert len(workers_at.get(host, ())) >= 2, report[-1]  # the limit is shared
        print("\n".join(report))
        assert not client.keys("newscrawl:*")  # the writer cleared the crawl from Redis


@pytest.mark.e2e
def test_a_stopped_worker_hands_its_work_back(redis_server, client, tmp_path):
    """SIGTERM: the worker stops cleanly (exit 1, "stopped"), holding no lease and no
    longer registered; the frontier it leaves is finished by a worker started later."""
    from newscrawl.distributed.state import Keys
    from newscrawl.replica import ReplicaSite
    from tests.test_e2e_crawl import compare

    db = tmp_path / "news.db"
    keys = Keys("stop")
    with TimedReplica(ReplicaSite(seed=4, articles=30), "127.0.0.1") as site:
        worker_args = ["worker", site.base_url + "/", "--redis", redis_server.url, "--prefix",
                       "stop", "--fast", "--host-delay", "0.02", "--idle-timeout", "2"]
        first = _start(worker_args, tmp_path / "first.out")
        try:
            _wait_for(lambda: len(site.arrivals) >= 40, 60, "the crawl to get going")
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=60) == 1
        finally:
            if first.poll() is None:
                first.kill()
        stopped = (tmp_path / "first.out").read_text()
        assert "stopped (shutdown)" in stopped, stopped[-2000:]
        assert not client.smembers(keys.workers) and not client.keys("stop:inflight:*")
        assert client.zcard(keys.requests) > 0  # work left for the next worker
        writer = _start(["writer", "--db", str(db), "--redis", redis_server.url, "--prefix",
                         "stop"], tmp_path / "writer.out")
        second = _start(worker_args, tmp_path / "second.out")
        try:
            assert second.wait(timeout=120) == 0, (tmp_path / "second.out").read_text()[-2000:]
            assert writer.wait(timeout=60) == 0, (tmp_path / "writer.out").read_text()[-2000:]
        finally:
            for proc in (writer, second):
                if proc.poll() is None:
                    proc.kill()
        truth = site.server.site.ground_truth(site.base_url)
        problems = compare(db, truth)
        assert not problems, "\n".join(problems[:20])
        # No sites file: the site is named by its host, as `newscrawl crawl URL` names it.
        host = urlsplit(site.base_url).netloc
        conn = sqlite3.connect(db)
        runs = conn.execute("select site, status, articles_new from crawl_runs").fetchall()
        assert runs == [(host, "finished", len(truth))]
        assert conn.execute("select distinct site from articles").fetchall() == [(host,)]
        conn.close()
    assert not client.keys("stop:*")


@pytest.mark.e2e
def test_a_worker_stopped_while_starting_exits(redis_server, client, tmp_path):
    """SIGTERM while the worker joins the crawl (spider_opened, before the engine starts:
    Redis holds its first write with CLIENT PAUSE): no spider_closed comes, yet the
    process exits (its capture thread used to keep it alive), says it was shut down,
    and leaves the crawl at once instead of waiting for its heartbeat to expire."""
    from newscrawl.distributed.state import Keys
    from newscrawl.replica import ReplicaSite

    keys = Keys("early")
    out = tmp_path / "worker.out"
    with TimedReplica(ReplicaSite(seed=5, articles=5), "127.0.0.1") as site:
        client.execute_command("CLIENT", "PAUSE", 120_000, "WRITE")
        worker = _start(["worker", site.base_url + "/", "--redis", redis_server.url,
                         "--prefix", "early", "--fast", "--idle-timeout", "2"], out)
        try:
            # Reads go through a write pause; the worker's first write (its heartbeat, in
            # spider_opened) is held: Redis flags that client as blocked.
            _wait_for(lambda: any("b" in c.get("flags", "") for c in client.client_list()),
                      120, "the worker to block on its first write")
            worker.send_signal(signal.SIGTERM)
            time.sleep(0.5)  # the signal is handled while the write waits
            client.execute_command("CLIENT", "UNPAUSE")
            try:
                code = worker.wait(timeout=90)
            except subprocess.TimeoutExpired:
                raise AssertionError("the worker did not exit after SIGTERM:\n"
                                     + out.read_text()[-2000:]) from None
        finally:
            client.execute_command("CLIENT", "UNPAUSE")
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        text = out.read_text()
        assert code == 1, text[-2000:]
        assert "stopped (shutdown)" in text, text[-2000:]
        assert "Traceback" not in text, text[-2000:]
        assert site.arrivals == []  # stopped before its first request
    assert not client.smembers(keys.workers)
    assert not client.keys(keys.heartbeat("*"))

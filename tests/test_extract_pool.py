"""The crawl's extraction pool (newscrawl/crawl/extract_pool.py): worker processes give the
same articles as extraction in this process; a template crosses to a worker once per
version; a worker that dies costs at most the page that killed it; no worker outlives the
pool, nor a crawl that ends, is stopped (SIGTERM) or is killed (SIGKILL)."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.crawl import extract_worker
from newscrawl.crawl.extract_pool import ExtractionCrashed, ExtractionPool, worker_count
from newscrawl.extract import extract_article
from newscrawl.extract.decode import decode_html
from newscrawl.extract.model import Article
from newscrawl.extract.template import SiteTemplate
from tests.conftest import ROOT

BASE = "http://127.0.0.1:8765"
CRASH = "CRASH-THIS-WORKER"


def replica_pages(n: int) -> list[tuple[str, str]]:
    """(url, html) of ``n`` article pages of a small replica, as the crawl decodes them."""
    from newscrawl.replica import ReplicaSite

    site = ReplicaSite(articles=max(n, 12))
    out = []
    for post in site.live_posts()[:n]:
        resp = site.render(f"/{post.slug}/", BASE)
        if resp.status == 200:
            out.append((f"{BASE}/{post.slug}/", decode_html(resp.body, resp.headers["Content-Type"])))
    return out


def crash_on_marker(html: str, url: str, *rest):
    """A worker task that dies, as a crash in C code would, on a marked page."""
    if CRASH in html:
        os._exit(7)
    return extract_worker.extract_page(html, url, *rest)


def gone(pids: list[int], within: float = 15.0) -> list[int]:
    """The processes of ``pids`` still alive after waiting up to ``within`` seconds."""
    deadline = time.monotonic() + within
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        if alive:
            time.sleep(0.1)
    return alive


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2:].split()[0] != b"Z"


def session_processes(sid: int) -> list[int]:
    """Live processes of the session ``sid`` (a crawl started with start_new_session)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != b"Z":
            out.append(int(entry))
    return out


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


@pytest.fixture
def pool():
    p = ExtractionPool(None, 2)
    p.start()
    yield p
    p.shutdown()


def test_worker_count():
    assert worker_count("auto") == (os.cpu_count() or 1)
    assert worker_count("") == (os.cpu_count() or 1)
    assert worker_count(0) == 0
    assert worker_count(" 3 ") == 3
    for bad in ("-1", "many"):
        with pytest.raises(ValueError, match="NEWSCRAWL_EXTRACT_WORKERS"):
            worker_count(bad)


def test_a_template_crosses_to_a_worker_once_per_version():
    url, html = replica_pages(1)[0]
    site = SiteTemplate(host="127.0.0.1:8765", title_prefixes=("Leigh On Sea News: ",))
    extract_worker._TEMPLATES.clear()
    try:
        assert extract_worker.extract_page(html, url, None, True, (site.version, None)) == (
            None, 0.0, None, None)
        article, cpu, asked, links = extract_worker.extract_page(
            html, url, None, True, (site.version, pickle.dumps(site)))
        assert isinstance(article, Article) and cpu >= 0 and asked and links is None
        again, _, _, _ = extract_worker.extract_page(html, url, None, True, (site.version, None))
        assert again.to_record() == article.to_record()
        assert article.to_record() == extract_article(html, url, site=site).to_record()
    finally:
        extract_worker._TEMPLATES.clear()


def test_a_worker_reads_the_links_of_the_page_it_parses():
    """The crawl follows the links the worker read from its own parse of the page: the
    same as from the tree Scrapy's Selector makes of it, and the record is unchanged."""
    from parsel import Selector

    from newscrawl.crawl.links import page_links

    for url, html in replica_pages(3):
        article, _, _, links = extract_worker.extract_page(html, url, None, True, None, False, True)
        assert links and links == list(page_links(Selector(text=html).root, url))
        assert article.to_record() == extract_article(html, url).to_record()


def test_workers_extract_as_this_process_does(pool):
    pages = replica_pages(6)
    site = SiteTemplate(host="127.0.0.1:8765", title_prefixes=("Leigh On Sea News: ",))
    work = [(i, (html, url, None, True, site if i % 2 else None))
            for i, (url, html) in enumerate(pages)]
    results = dict(pool.imap_blocking(work, window=3))
    assert sorted(results) == list(range(len(pages)))
    for i, (url, html) in enumerate(pages):
        here = extract_article(html, url, site=site if i % 2 else None, features=True)
        assert isinstance(results[i], Article)
        assert results[i].to_record() == here.to_record()
        assert results[i].features == here.features  # what the template learner counts


def test_a_worker_that_dies_costs_only_the_page_that_killed_it(pool):
    pages = replica_pages(5)
    work = [(url, (html, url, None, True, None)) for url, html in pages]
    bad = f"{BASE}/crash/"
    work.insert(2, (bad, (f"<html><body><p>{CRASH}</p></body></html>", bad, None, True, None)))
    pool.task = crash_on_marker
    results = dict(pool.imap_blocking(work, window=len(work)))
    assert isinstance(results.pop(bad), ExtractionCrashed)
    assert pool.restarts == 1 and pool.crashed == 1
    for url, html in pages:  # the pages in flight beside it, extracted again
        assert isinstance(results[url], Article), results[url]
        assert results[url].to_record() == extract_article(html, url).to_record()
    # The replacement pool goes on working.
    (_, article), = pool.imap_blocking([(0, (pages[0][1], pages[0][0], None, True, None))])
    assert isinstance(article, Article)


ASYNC_SCRIPT = """
import json, sys
from twisted.internet import defer, task
from newscrawl.crawl.extract_pool import ExtractionPool
from tests.test_extract_pool import BASE, CRASH, crash_on_marker, replica_pages

async def one(pool, html, url):
    try:
        article, _asked, _links = await pool.extract(html, url, None, True, None)
        return url, "ok" if article.is_article else "not an article"
    except Exception as exc:
        return url, type(exc).__name__

async def run():
    pool = ExtractionPool(None, 2)
    pool.task = crash_on_marker
    pool.start()
    pages = replica_pages(4)
    pages.insert(1, (BASE + "/crash/", "<html><body><p>" + CRASH + "</p></body></html>"))
    outcomes = await defer.gatherResults(
        [defer.ensureDeferred(one(pool, html, url)) for url, html in pages])
    from newscrawl.crawl import extract_worker
    pool.task = extract_worker.extract_page
    after = await one(pool, pages[0][1], pages[0][0])
    pool.shutdown()
    print(json.dumps({"outcomes": dict(outcomes), "after": after[1],
                      "restarts": pool.restarts, "crashed": pool.crashed}))

task.react(lambda reactor: defer.ensureDeferred(run()))
"""


def test_in_a_crawl_a_page_that_kills_its_worker_is_an_error_and_the_rest_go_on():
    """The reactor-side path the spider uses (``ExtractionPool.extract``), in a process
    of its own running a Twisted reactor."""
    import json

    proc = subprocess.run([sys.executable, "-c", ASYNC_SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    outcomes = result["outcomes"]
    assert outcomes.pop(f"{BASE}/crash/") == "ExtractionCrashed"
    assert set(outcomes.values()) == {"ok"} and len(outcomes) == 4
    assert result["after"] == "ok"
    assert result["restarts"] >= 1 and result["crashed"] == 1


def test_workers_are_replaced_every_so_many_pages(pool, monkeypatch):
    from newscrawl.crawl import extract_pool

    monkeypatch.setattr(extract_pool, "RECYCLE_PAGES", 2)  # 4 pages a pool of 2 workers
    pages = replica_pages(5) * 2
    seen: set[int] = set()
    results = []
    for key, article in pool.imap_blocking(
            ((i, (html, url, None, True, None)) for i, (url, html) in enumerate(pages)), window=3):
        results.append((key, article))
        seen |= set(pool._pool._processes or {})  # noqa: SLF001
        for _stopper, processes in pool._retired:  # noqa: SLF001
            seen |= {p.pid for p in processes}
    assert [k for k, _ in results] == list(range(len(pages)))
    for (_, article), (url, html) in zip(results, pages, strict=True):
        assert article.to_record() == extract_article(html, url).to_record()
    assert pool._generation >= 2 and len(seen) > 2  # noqa: SLF001 - fresh workers came
    pool.shutdown()
    assert gone(sorted(seen)) == []


def test_shutdown_leaves_no_worker(pool):
    pids = list(pool._pool._processes)  # noqa: SLF001 - the pool's own processes
    assert len(pids) == 2
    pool.shutdown()
    assert gone(pids) == []
    assert not pool.enabled


def test_workers_run_at_the_niceness_asked_for():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    niced = ExtractionPool(None, 1, nice=3)
    niced.start()
    try:
        url, html = replica_pages(1)[0]
        assert niced.imap_blocking([(0, (html, url, None, True, None))]).__next__()[1].title
        (pid,) = list(niced._pool._processes)  # noqa: SLF001 - the pool's own process
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 3)
    finally:
        niced.shutdown()
    assert os.getpriority(os.PRIO_PROCESS, 0) == base  # the crawl process keeps its own


# --- whole crawls ------------------------------------------------------------------------
def _crawl(base: str, db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "crawl", base + "/", "--db", str(db), "--fast",
         "-s", "LOG_LEVEL=INFO", "-s", "NEWSCRAWL_PROGRESS=off",
         "-s", "NEWSCRAWL_EXTRACT_WORKERS=2", *extra],
        cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _workers(crawl_pid: int, timeout: float = 60.0) -> list[int]:
    """The extraction workers of a running crawl (the fork server's children)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in descendants(crawl_pid) if p not in _children_of(crawl_pid)]
        if len(found) >= 2:
            return found
        time.sleep(0.05)
    raise AssertionError("the crawl started no extraction workers")


def _children_of(pid: int) -> set[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return {int(p) for p in fh.read().split()}
    except OSError:
        return set()


@pytest.fixture
def replica():
    from newscrawl.replica import ReplicaServer, ReplicaSite

    server = ReplicaServer(ReplicaSite(articles=120), host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.mark.e2e
def test_a_crawl_leaves_no_process_behind(replica, tmp_path):
    proc = _crawl(replica.base_url, tmp_path / "news.db")
    _out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-3000:]
    assert "extraction pool: 2 worker processes" in err
    assert gone(session_processes(proc.pid)) == [], "processes outlived the crawl"


@pytest.mark.e2e
def test_a_worker_killed_mid_crawl_loses_no_article(replica, tmp_path):
    db = tmp_path / "news.db"
    proc = _crawl(replica.base_url, db)
    try:
        workers = _workers(proc.pid)
        while len(replica.requests) < 40 and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before a worker could be killed"
        os.kill(workers[0], signal.SIGKILL)
        _out, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    assert "an extraction worker died" in err
    conn = sqlite3.connect(db)
    stored = {r[0] for r in conn.execute("select url from articles")}
    failed = conn.execute("select count(*) from errors where kind = 'extract_failed'").fetchone()[0]
    conn.close()
    assert stored == set(replica.site.ground_truth(replica.base_url))
    assert failed == 0
    assert gone(session_processes(proc.pid)) == []


@pytest.mark.e2e
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_or_killed_crawl_leaves_no_worker(replica, tmp_path, how):
    proc = _crawl(replica.base_url, tmp_path / "news.db")
    try:
        workers = _workers(proc.pid)
        os.kill(proc.pid, how)
        try:
            # Generous for a loaded machine. (A SIGTERM that came while the engine was
            # starting used to leave the process hanging at exit, held by the WARC
            # middleware's thread: both thread pools now stop with the reactor.)
            proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            os.system(f"ps -o pid,ppid,sid,stat,wchan:20,cmd --sid {proc.pid} | cut -c1-150")
            proc.kill()
            _out, err = proc.communicate(timeout=30)
            raise AssertionError(err[-3000:]) from None
    finally:
        if proc.poll() is None:
            proc.kill()
    # SIGTERM: the crawl shuts the pool down; SIGKILL: the workers notice and exit.
    assert gone(workers) == []
    assert gone(session_processes(proc.pid)) == []


def test_template_features_only_while_the_learner_counts_them():
    from newscrawl.crawl.templates import SiteTemplates
    from newscrawl.extract.urls import host_key

    url, html = replica_pages(1)[0]
    with_features, _, asked, _ = extract_worker.extract_page(html, url, None, True, None)
    without, _, asked_without, _ = extract_worker.extract_page(html, url, None, True, None, False)
    assert with_features.features is not None and without.features is None
    assert without.to_record() == with_features.to_record() and asked_without == asked

    templates = SiteTemplates(None, max_pages=2)
    for _ in range(2):
        assert templates.wants_features(url)
        templates.learner.add(host_key(url), with_features.features)
    assert not templates.wants_features(url)  # full: observe would not count them

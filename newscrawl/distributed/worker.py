"""`newscrawl worker`: the news spider as one of N processes sharing a Redis frontier.

A worker is a normal newscrawl crawl with four parts swapped (``worker_settings``):

* the scheduler is scrapy-redis's, with leases (``frontier.Frontier``) and its seen-set
  (``scrapy_redis.dupefilter.RFPDupeFilter``), shared by every worker;
* items go to the writer's stream (``stream.StreamPipeline``) instead of SQLite, and raw
  captures too (``stream.CaptureMiddleware``) instead of WARC files;
* every request waits for its host's turn in Redis (``politeness.GatedDownloadHandler``);
* ``lifecycle.WorkerLifecycle`` registers the worker, requeues dead workers' requests and
  ends it when the crawl has had nothing to do for ``--idle-timeout`` seconds.

A sites file (``--sites FILE``, the file `newscrawl crawl --sites` reads) gives the
start URLs, each host's site name (``NEWSCRAWL_SITE_NAMES``: the writer opens one
crawl_runs row per site under it) and each site's ``delay`` as its hosts' interval
(``NEWSCRAWL_HOST_INTERVALS``); see ``sites_plan``.

The spider's routing is the single-process spider's (``DistributedNewsSpider`` only
changes who seeds and when the end-of-frontier step runs). Its in-process helpers still
want an archive (the crawl session, the recrawl policy, the template learner): each worker
gets a private scratch SQLite file in a temporary folder, deleted when it exits, whose
REST facts are read from Redis (``WorkerSession``), so every worker merges them. A worker
never sees the real archive, so a distributed crawl is a first crawl (or a full walk):
no conditional requests, no skipping by sitemap lastmod, no check of archived articles
that left the site; run `newscrawl crawl` for those recrawls.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl import DEFAULT_URL
from newscrawl.api import NewscrawlError, project_settings
from newscrawl.crawl.failures import EXIT_ARCHIVE, EXIT_FAILED
from newscrawl.crawl.session import CrawlSession
from newscrawl.crawl.spider import NewsSpider
from newscrawl.crawl.templates import SiteTemplates
from newscrawl.distributed.lifecycle import WorkerLifecycle
from newscrawl.distributed.state import (
    Keys,
    RedisUnavailable,
    connect,
    new_worker_id,
    redis_url,
    safe_url,
)

log = logging.getLogger(__name__)

# Seconds between looks at the seeding claim while another worker seeds.
SEED_POLL = 0.5

# Settings of the distributed mode (set from `newscrawl worker` options).
DISTRIBUTED_SETTINGS = frozenset({
    "REDIS_URL", "NEWSCRAWL_REDIS_PREFIX", "NEWSCRAWL_WORKER_ID", "NEWSCRAWL_HOST_INTERVAL",
    "NEWSCRAWL_IDLE_TIMEOUT", "NEWSCRAWL_HEARTBEAT", "NEWSCRAWL_STREAM_BACKLOG",
    "NEWSCRAWL_FRONTIER_POLL", "NEWSCRAWL_SITE_NAMES", "NEWSCRAWL_HOST_INTERVALS",
})
# Keys of a sites file's entry a distributed crawl takes as one value for every site (one
# Scrapy process per worker crawls them all), and the settings they stand for.
_CRAWL_WIDE = {"concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
               "autothrottle": "AUTOTHROTTLE_ENABLED", "profile": "NEWSCRAWL_PROFILE"}


def sites_plan(sites: list[Any], source: str = "sites file") -> dict[str, Any]:
    """What a distributed crawl takes from the chosen sites of a sites file
    (``crawl.sites.Site``): ``seeds`` (every site's URLs), ``settings`` (site names of
    every host and alias, ``NEWSCRAWL_SITE_NAMES``; sites' ``delay`` as their hosts'
    interval, ``NEWSCRAWL_HOST_INTERVALS``; every alias in ``NEWSCRAWL_HOST_ALIASES``; and
    concurrency, autothrottle, profile and settings, which must be the same for every
    site: one worker crawls them all in one Scrapy process). ValueError otherwise."""
    from newscrawl.extract.urls import host_key

    seeds: list[str] = []
    names: dict[str, str] = {}
    intervals: dict[str, float] = {}
    aliases: list[str] = []
    first: tuple[str, dict[str, Any]] | None = None  # the first site and what it gives
    for site in sites:
        seeds.extend(site.urls)
        aliases.extend(site.aliases)
        for url in (*site.urls, *site.aliases):
            host = host_key(url)
            if names.setdefault(host, site.name) != site.name:
                raise ValueError(f"{source}: the host {host} is in sites {names[host]!r} and"
                                 f" {site.name!r}")
            if "delay" in site.politeness:
                intervals[host] = float(site.politeness["delay"])
        given = {k: v for k, v in site.politeness.items() if k != "delay"}
        if site.profile:
            given["profile"] = site.profile
        given["settings"] = site.settings
        if first is None:
            first = (site.name, given)
        for key in sorted({*given, *first[1]}):
            if first[1].get(key) != given.get(key):
                raise ValueError(
                    f"{source}: sites {first[0]!r} and {site.name!r} differ in {key}; a"
                    " distributed crawl runs every site in each worker's one Scrapy process,"
                    " so only delay may differ between sites (each site's own host"
                    " interval): give them the same value, or crawl with `newscrawl crawl"
                    " --sites`")
    given = first[1] if first else {}
    settings: dict[str, Any] = dict(given.get("settings") or {})
    for key, setting in _CRAWL_WIDE.items():
        if given.get(key) is not None:
            settings[setting] = given[key]
    settings["NEWSCRAWL_SITE_NAMES"] = names
    if intervals:
        settings["NEWSCRAWL_HOST_INTERVALS"] = intervals
    if aliases:
        settings["NEWSCRAWL_HOST_ALIASES"] = ",".join(aliases)
    return {"seeds": seeds, "settings": settings}


class DistributedNewsSpider(NewsSpider):
    """The news spider as a worker: one worker seeds (REST listing, home pages, feeds)
    while the others wait in ``start()`` and crawl what the frontier holds; if the seeder
    dies before it has seeded everything, a waiting worker takes over. The end-of-frontier
    step (sitemap guesses for sites whose robots.txt never answered) runs only when the
    whole crawl is idle (``WorkerLifecycle``), not whenever this worker is."""

    async def start(self) -> AsyncIterator[Any]:
        lifecycle = self.crawler.get_extension(WorkerLifecycle)
        assert lifecycle is not None, "a distributed worker needs WorkerLifecycle"
        coordinator = lifecycle.coordinator
        seeds = self.seeds
        if coordinator.claim_seeding():
            async for out in super().start():
                yield out
            coordinator.mark_seeded()
            log.info("seeded %d sites", len(seeds))
            return
        # Open the run's helpers (store, policy, extraction) without seeding anything.
        self.seeds = []
        try:
            async for out in super().start():
                yield out
        finally:
            self.seeds = seeds
        while not coordinator.seeded():
            await _sleep(SEED_POLL)
            if coordinator.claim_seeding():
                log.warning("the seeding worker died before it finished: seeding again"
                            " (the shared seen-set drops what was already requested)")
                async for out in super().start():
                    yield out
                coordinator.mark_seeded()
                return

    def _on_idle(self, spider: Any) -> None:
        return  # see frontier_empty

    def frontier_empty(self) -> None:
        """The single-process spider's end-of-frontier step (may raise DontCloseSpider)."""
        NewsSpider._on_idle(self, self)


async def _sleep(seconds: float) -> None:
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class WorkerSession(CrawlSession):
    """The crawl session on the worker's scratch archive, its REST facts read from Redis
    (the seeding worker's pipeline puts them there, ``StreamPipeline``)."""

    def open(self) -> Any:
        if self.store is not None:
            return self.store
        store = super().open()
        lifecycle = self.crawler.get_extension(WorkerLifecycle)
        assert lifecycle is not None
        client, key = lifecycle.coordinator.client, lifecycle.coordinator.keys.rest

        def rest_post(url: str) -> dict[str, Any] | None:
            raw = client.hget(key, url)
            return json.loads(raw) if raw else None

        store.rest_post = rest_post
        return store


class WorkerTemplates(SiteTemplates):
    """The template learner of a worker; also keeps, for each article it observes, the
    page features and the template version used, which the pipeline sends to the writer
    (it learns the crawl's final template from every worker's pages)."""

    def __init__(self, crawler: Any, **kwargs: Any) -> None:
        super().__init__(crawler, **kwargs)
        self.shipped: dict[str, tuple[Any, str]] = {}

    def wants_features(self, url: str) -> bool:
        return True  # the writer learns from every worker's pages, up to its own limit

    def observe(self, url: str, fetched_url: str, features: Any, used: Any) -> None:
        self.shipped[url] = (features, used.version if used else "")
        super().observe(url, fetched_url, features, used)


def worker_settings(
    *, redis: str, prefix: str, worker_id: str, scratch: Path, idle_timeout: float,
    host_interval: float | None, heartbeat: float, backlog: int,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The Scrapy settings of a worker: the project's, the user's, and the parts swapped
    for the distributed mode (see the module docstring)."""
    from newscrawl.crawl import settings as project

    pkg = "newscrawl.distributed"
    extensions = dict(project.EXTENSIONS)
    extensions.pop("newscrawl.crawl.session.CrawlSession")
    extensions.pop("newscrawl.crawl.templates.SiteTemplates")
    extensions.update({f"{pkg}.worker.WorkerSession": 200, f"{pkg}.worker.WorkerTemplates": 500,
                       f"{pkg}.lifecycle.WorkerLifecycle": 150})
    middlewares = dict(project.DOWNLOADER_MIDDLEWARES)
    middlewares.pop("newscrawl.archive.scrapy_ext.WarcMiddleware")
    middlewares.pop("newscrawl.crawl.middlewares.ConditionalRequestMiddleware")
    middlewares[f"{pkg}.stream.CaptureMiddleware"] = 950
    out: dict[str, Any] = dict(overrides or {})
    out.update({
        "SCHEDULER": f"{pkg}.frontier.Frontier",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the frontier and seen-set are the crawl's, not ours
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_QUEUE_KEY": Keys(prefix).requests,
        "SCHEDULER_DUPEFILTER_KEY": Keys(prefix).dupefilter,
        "REDIS_URL": redis,
        "EXTENSIONS": extensions,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "ITEM_PIPELINES": {f"{pkg}.stream.StreamPipeline": 500},
        "DOWNLOAD_HANDLERS": {"http": f"{pkg}.politeness.GatedDownloadHandler",
                              "https": f"{pkg}.politeness.GatedDownloadHandler"},
        "NEWSCRAWL_DB": str(scratch / "worker.db"),
        "NEWSCRAWL_WARC_DIR": "",
        "NEWSCRAWL_CONDITIONAL": False,
        "NEWSCRAWL_LOCK_HELD": False,
        "NEWSCRAWL_REDIS_PREFIX": prefix,
        "NEWSCRAWL_WORKER_ID": worker_id,
        "NEWSCRAWL_IDLE_TIMEOUT": idle_timeout,
        "NEWSCRAWL_HEARTBEAT": heartbeat,
        "NEWSCRAWL_STREAM_BACKLOG": backlog,
    })
    if host_interval is not None:
        out["NEWSCRAWL_HOST_INTERVAL"] = host_interval
    # The single-process progress line counts archived articles: a worker archives none
    # (WorkerLifecycle logs its own line).
    out["NEWSCRAWL_PROGRESS"] = "off"
    return out


def _chosen_sites(sites_file: str | Path, only: list[str] | None) -> list[Any]:
    """The sites `newscrawl crawl --sites` would crawl (``crawl.sites.choose_sites``);
    ValueError (SitesFileError) otherwise."""
    from newscrawl.crawl.sites import choose_sites

    return choose_sites(sites_file, only)


@dataclass
class WorkerResult:
    """How a worker ended."""

    worker_id: str
    finish_reason: str = "finished"
    exhausted: bool = False  # the crawl ran out of work (the normal end)
    requeued: int = 0  # requests of dead workers this worker put back in the frontier
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 0 if self.exhausted and self.finish_reason == "finished" else EXIT_FAILED


def run_worker(
    urls: list[str] | None = None, *, redis: str | None = None, prefix: str = "newscrawl",
    idle_timeout: float = 30.0, host_interval: float | None = None, heartbeat: float = 10.0,
    backlog: int = 2000, settings: dict[str, Any] | None = None,
    log_file: str | None = None, sites_file: str | Path | None = None,
    only: list[str] | None = None,
) -> WorkerResult:
    """Run one worker until the crawl has been idle for ``idle_timeout`` seconds (or it is
    stopped: SIGINT/SIGTERM give its requests in flight back to the frontier).

    ``urls``: the sites (every worker of a crawl is given the same ones); ``redis``: the
    Redis URL (default $NEWSCRAWL_REDIS_URL or redis://127.0.0.1:6379/0); ``prefix``: the
    crawl's keys; ``host_interval``: seconds between requests to one host across all
    workers (default DOWNLOAD_DELAY); ``heartbeat``: seconds after which a silent worker
    counts as dead; ``backlog``: stream entries the writer may lag behind before workers
    wait; ``sites_file``: a sites file instead of ``urls`` (its enabled sites, or those
    named in ``only``; see ``sites_plan``): the writer names each site's crawl_runs row
    and articles after it. NewscrawlError for bad arguments or an unreachable Redis.
    """
    from scrapy.crawler import CrawlerProcess

    from newscrawl.crawl import logs
    from newscrawl.crawl.validate import SettingError, check_settings
    from newscrawl.extract.urls import check_seed

    url = redis_url(redis)
    try:
        check_settings({k: v for k, v in (settings or {}).items()
                        if k not in DISTRIBUTED_SETTINGS})
        if sites_file is not None:
            if urls:
                raise ValueError("give start URLs or a sites file, not both")
            plan = sites_plan(_chosen_sites(sites_file, only), str(sites_file))
            seeds = plan["seeds"]
            given = plan["settings"].get("NEWSCRAWL_HOST_ALIASES")
            mine = (settings or {}).get("NEWSCRAWL_HOST_ALIASES")
            settings = {**(settings or {}), **plan["settings"]}  # the file's own win
            if given and mine:
                settings["NEWSCRAWL_HOST_ALIASES"] = ",".join(
                    [*(mine if isinstance(mine, list) else str(mine).split(",")), given])
            check_settings({k: v for k, v in settings.items() if k not in DISTRIBUTED_SETTINGS})
        else:
            seeds = [check_seed(u) for u in (urls or [DEFAULT_URL])]
        keys = Keys(prefix)
    except (ValueError, SettingError) as exc:
        raise NewscrawlError(str(exc)) from exc
    if idle_timeout < 0 or heartbeat <= 0 or (host_interval is not None and host_interval < 0):
        raise NewscrawlError("--idle-timeout and --host-delay must be >= 0, --heartbeat > 0")
    try:
        client = connect(url)
    except RedisUnavailable as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    if client.exists(keys.done):
        raise NewscrawlError(
            f"the crawl {prefix!r} on {safe_url(url)} has already finished and waits for its"
            " writer, which clears it once everything is archived; start the writer, or"
            " use another --prefix for a new crawl")
    client.close()
    worker_id = new_worker_id()
    scratch = Path(tempfile.mkdtemp(prefix="newscrawl-worker-scratch-"))
    try:
        overrides = worker_settings(
            redis=url, prefix=prefix, worker_id=worker_id, scratch=scratch,
            idle_timeout=idle_timeout, host_interval=host_interval, heartbeat=heartbeat,
            backlog=backlog, overrides=settings)
        overrides["LOG_ENABLED"] = False
        overrides["NEWSCRAWL_LOG_FILE"] = log_file or ""
        try:
            logs.configure(log_file, (settings or {}).get("LOG_LEVEL", "WARNING"))
        except (ValueError, OSError) as exc:
            raise NewscrawlError(f"cannot log: {exc}") from exc
        log.info("worker %s: crawling %s through %s (prefix %s)", worker_id, ", ".join(seeds),
                 safe_url(url), prefix, extra={logs.CONSOLE: True})
        process = CrawlerProcess(project_settings(overrides))
        crawler = process.create_crawler(DistributedNewsSpider)
        process.crawl(crawler, url=",".join(seeds))
        process.start()
        lifecycle = crawler.get_extension(WorkerLifecycle)
        session = crawler.get_extension(CrawlSession)
        stats = crawler.stats.get_stats()
        result = WorkerResult(
            worker_id=worker_id,
            # No spider_closed: the reactor stopped (SIGTERM) before the engine started.
            finish_reason=(session.finish_reason if session else None) or (
                "shutdown" if lifecycle is not None and not lifecycle.closed else "finished"),
            exhausted=bool(lifecycle and lifecycle.exhausted),
            requeued=lifecycle.requeued if lifecycle else 0,
            stats={k: stats.get(k, 0) for k in (
                "downloader/request_count", "response_received_count",
                "newscrawl/captures_sent", "newscrawl/host_gate_waits")},
        )
        if session is not None and session.failure:
            raise NewscrawlError(session.failure, EXIT_ARCHIVE)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

"""A worker's life in the crawl (a Scrapy extension): join, beat, notice the dead, end.

* ``spider_opened``: register (heartbeat, worker set, the sites and which site each host
  belongs to: ``NEWSCRAWL_SITE_NAMES`` from a sites file, else each start URL's host is
  its own site), requeue the leases of
  workers that died, then beat every third of the heartbeat TTL (and requeue again).
* ``spider_idle`` (this worker has nothing to do): it ends only when the *whole* crawl has
  had nothing to do for ``NEWSCRAWL_IDLE_TIMEOUT`` seconds: seeding finished, the frontier
  empty and no request leased by any worker, live or dead. The clock is this worker's and
  restarts whenever work appears (scrapy-redis's idle clock is set once per process, so a
  busy worker could exit at its first idle moment). At that point the spider's own
  end-of-frontier step runs once more (``DistributedNewsSpider.frontier_empty``); if it
  schedules anything the clock restarts. The worker that ends this way marks the crawl
  done, which tells the writer no more work will come.
* ``spider_closed``: the requests it sent, in all and per host, are added to the crawl's
  counters (the writer's figures per site); leases still held go back to the frontier;
  the worker leaves.
* The reactor shutting down without ``spider_closed`` (a SIGTERM before the engine has
  started): the worker leaves all the same, so the crawl does not wait for its heartbeat
  to expire; ``closed`` stays False (`newscrawl worker` reports "shutdown").
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from newscrawl.crawl.logs import CONSOLE
from newscrawl.distributed.state import Coordinator, Keys, connect
from newscrawl.extract.urls import host_key

log = logging.getLogger(__name__)

# Settings kept with the crawl (crawl_runs.settings), as a single-process crawl keeps its own.
RECORDED = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES",
    "NEWSCRAWL_PROFILE", "NEWSCRAWL_TEMPLATE_LIMIT", "NEWSCRAWL_MAX_PAGINATION",
    "NEWSCRAWL_PROFILES", "NEWSCRAWL_HOST_INTERVAL", "NEWSCRAWL_HOST_INTERVALS",
    "NEWSCRAWL_IDLE_TIMEOUT",
)
# Stats key prefix of the requests a worker sent to each host (politeness.py counts them).
HOST_REQUESTS = "newscrawl/requests_to/"


def site_names(settings: Any, seeds: list[str]) -> dict[str, str]:
    """host -> site name: ``NEWSCRAWL_SITE_NAMES`` (a sites file), else every start URL's
    host is a site of its own, named by it (as `newscrawl crawl URL` names its run)."""
    names = settings.getdict("NEWSCRAWL_SITE_NAMES") if settings.get("NEWSCRAWL_SITE_NAMES") \
        else {}
    return {str(k): str(v) for k, v in names.items()} or {host_key(u): host_key(u) for u in seeds}


class WorkerLifecycle:
    """See the module docstring. Other worker components reach Redis through
    ``crawler.get_extension(WorkerLifecycle).coordinator``."""

    def __init__(self, crawler: Any, coordinator: Coordinator, idle_timeout: float) -> None:
        self.crawler = crawler
        self.coordinator = coordinator
        self.idle_timeout = idle_timeout
        self.idle_since: float | None = None
        self.exhausted = False  # ended because the crawl ran out of work
        self.requeued = 0  # requests of dead workers this worker put back
        self._loop: Any = None
        self.joined = False  # registered in the crawl (spider_opened ran)
        self.closed = False  # spider_closed ran
        self.progress_every = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 30.0)
        self._last_line = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerLifecycle:
        settings = crawler.settings
        worker_id = settings.get("NEWSCRAWL_WORKER_ID")
        if not worker_id:
            raise RuntimeError("NEWSCRAWL_WORKER_ID is not set: start workers with"
                               " `newscrawl worker` (newscrawl.distributed.worker.run_worker)")
        coordinator = Coordinator(
            connect(settings.get("REDIS_URL")), Keys(settings.get("NEWSCRAWL_REDIS_PREFIX")),
            worker_id, heartbeat=settings.getfloat("NEWSCRAWL_HEARTBEAT", 10.0),
        )
        ext = cls(crawler, coordinator, settings.getfloat("NEWSCRAWL_IDLE_TIMEOUT", 30.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        from twisted.internet import reactor

        reactor.addSystemEventTrigger("during", "shutdown", ext._shutdown)
        return ext

    def spider_opened(self, spider: Any) -> None:
        settings = self.crawler.settings
        recorded = {k: settings.get(k) for k in RECORDED}
        seeds = list(getattr(spider, "seeds", []))
        self.coordinator.register(seeds, recorded, site_names(settings, seeds))
        self.joined = True
        self.requeued += self.coordinator.reclaim_dead()
        log.info("worker %s joined the crawl %s", self.coordinator.worker_id,
                 self.coordinator.keys.prefix, extra={CONSOLE: True})
        from twisted.internet.task import LoopingCall

        self._loop = LoopingCall(self._tick)
        self._loop.start(self.coordinator.heartbeat_ms / 3000, now=False)

    def _tick(self) -> None:
        try:
            self.coordinator.beat()
            self.requeued += self.coordinator.reclaim_dead()
            self._progress()
        except Exception as exc:  # Redis away for a moment: leases may be redone, never lost
            log.warning("heartbeat failed: %r", exc)

    def _progress(self) -> None:
        """A progress line every NEWSCRAWL_PROGRESS_INTERVAL seconds (this worker's figures
        and the crawl's frontier; the articles archived are the writer's to count)."""
        now = time.monotonic()
        if now - self._last_line < self.progress_every:
            return
        self._last_line = now
        stats = self.crawler.stats
        client, keys = self.coordinator.client, self.coordinator.keys
        log.info("progress: %d pages fetched, %d articles sent | crawl: %d requests queued,"
                 " %d workers, %d entries for the writer",
                 stats.get_value("response_received_count", 0),
                 stats.get_value("newscrawl/items_sent/ArticleItem", 0),
                 client.zcard(keys.requests), client.scard(keys.workers), client.xlen(keys.stream),
                 extra={CONSOLE: True})

    def spider_idle(self, spider: Any) -> None:
        if self.exhausted:
            return
        coordinator = self.coordinator
        reclaimed = coordinator.reclaim_dead()
        self.requeued += reclaimed  # counted wherever it happens: the summary reports it
        if reclaimed or not coordinator.frontier_idle():
            self.idle_since = None
            raise DontCloseSpider
        try:
            spider.frontier_empty()
        except DontCloseSpider:
            self.idle_since = None
            raise
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        self.exhausted = True
        coordinator.mark_done()
        log.info("the frontier has been empty for %.0f s: worker %s ends", self.idle_timeout,
                 coordinator.worker_id, extra={CONSOLE: True})

    def _stop_beating(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()

    def _shutdown(self) -> None:
        """The reactor stops: leave the crawl if spider_closed never came."""
        if self.closed or not self.joined:
            return
        self._stop_beating()
        try:
            returned = self.coordinator.leave()
        except Exception as exc:
            log.error("could not leave the crawl cleanly (%r): the other workers requeue"
                      " this worker's requests when its heartbeat expires", exc)
            return
        log.info("stopped before the crawl started here: left it (%d requests went back to"
                 " the frontier)", returned, extra={CONSOLE: True})

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.closed = True
        self._stop_beating()
        stats = self.crawler.stats
        client, counters = self.coordinator.client, self.coordinator.keys.counters
        try:
            pipe = client.pipeline()
            pipe.hincrby(counters, "requests", stats.get_value("downloader/request_count", 0))
            for key, n in stats.get_stats().items():
                if key.startswith(HOST_REQUESTS) and n:
                    pipe.hincrby(counters, "requests:" + key[len(HOST_REQUESTS):], n)
            pipe.execute()
            returned = self.coordinator.leave()
        except Exception as exc:
            log.error("could not leave the crawl cleanly (%r): the other workers requeue"
                      " this worker's requests when its heartbeat expires", exc)
            return
        if returned:
            log.info("%d requests in flight went back to the frontier", returned,
                     extra={CONSOLE: True})

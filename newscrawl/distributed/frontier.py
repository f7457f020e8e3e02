"""The shared frontier: scrapy-redis's Scheduler, with a lease on every request in flight.

scrapy-redis keeps the frontier in a Redis sorted set (``PriorityQueue``) and the seen-set
in a Redis set (``RFPDupeFilter``), and pops destructively: a worker killed with requests
in its downloader loses them, and since they are already in the seen-set nobody fetches
them again (nor the pages only they link to). Here a pop moves the request, atomically,
from the frontier into this worker's lease set (``state.POP_LEASE``); the lease is
dropped only when Scrapy is completely done with the request: downloaded (or failed),
its callback run, every item and capture it produced sent to the writer's stream, every
request it produced in the frontier. Once the worker has failed to send something to
Redis (the session's ``failure``), no lease is dropped any more: what completes after
that may not have reached the writer. A worker whose heartbeat expires has its leases put
back in the frontier by the others (``Coordinator.reclaim_dead``); a worker that stops
cleanly gives them back itself. Work is therefore done at least once: a page whose worker
died after fetching it is fetched again, and the writer drops the duplicate article.

"Completely done" is the moment Scrapy's engine removes the request from its slot (after
``Scraper.enqueue_scrape`` has finished every output). Scrapy has no public signal for
it, so ``open()`` wraps the engine slot's ``remove_request`` and fails loudly if a Scrapy
version no longer has it (tested with Scrapy 2.19).

Also adapted from scrapy-redis 0.9.1: stats calls without the deprecated ``spider``
argument, no ``Spider.log`` (deprecated), and the engine's heartbeat (how often an idle worker looks at the frontier
again) shortened from 5 s to ``NEWSCRAWL_FRONTIER_POLL`` seconds.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.crawl.session import CrawlSession
from newscrawl.distributed.lifecycle import WorkerLifecycle

log = logging.getLogger(__name__)


class Frontier(Scheduler):
    """scrapy-redis's Scheduler with leases (see the module docstring)."""

    crawler: Any

    @classmethod
    def from_crawler(cls, crawler: Any) -> Frontier:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        lifecycle = crawler.get_extension(WorkerLifecycle)
        if lifecycle is None:
            raise RuntimeError("the distributed frontier needs the WorkerLifecycle extension")
        instance.coordinator = lifecycle.coordinator
        instance.leases = {}
        engine = crawler.engine
        poll = crawler.settings.getfloat("NEWSCRAWL_FRONTIER_POLL", 1.0)
        if poll > 0 and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = poll
        return instance

    def open(self, spider: Any) -> None:
        # scrapy-redis's open(), but logging through the logger (Spider.log is deprecated)
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        if pending := len(self.queue):
            log.info("joining a crawl with %d requests in the frontier", pending)
        if not isinstance(self.queue, PriorityQueue):
            raise ValueError("the distributed frontier needs SCHEDULER_QUEUE_CLASS ="
                             " scrapy_redis.queue.PriorityQueue (leases are sorted sets)")
        slot = getattr(self.crawler.engine, "_slot", None)
        remove = getattr(slot, "remove_request", None)
        if not callable(remove):
            raise RuntimeError(
                "this Scrapy version has no engine slot remove_request(): newscrawl worker"
                " cannot tell when a request is done, so it cannot requeue the work of a"
                " worker that dies (tested with Scrapy 2.19)")

        def remove_request(request: Any) -> None:
            self._done(request)
            remove(request)

        slot.remove_request = remove_request

    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        while True:
            popped = self.coordinator.pop()
            if popped is None:
                return None
            member, _score = popped
            try:
                request = self.queue._decode_request(member)
            except Exception as exc:  # a request this spider cannot rebuild: drop it, loudly
                log.error("dropping a frontier entry that cannot be decoded: %r", exc)
                self.coordinator.finished(member)
                continue
            self.leases[request] = member
            self.stats.inc_value("scheduler/dequeued/redis")
            return request

    def _done(self, request: Any) -> None:
        member = self.leases.pop(request, None)
        if member is None:
            return
        session = self.crawler.get_extension(CrawlSession)
        if session is not None and session.failure is not None:
            return  # its outcome may not have reached Redis: the lease stays, it is redone
        try:
            self.coordinator.finished(member)
        except Exception as exc:  # Redis away: the lease stays, the request is redone later
            log.warning("could not release the lease of %s: %r", request.url, exc)

    def close(self, reason: str) -> None:
        # Leases still held (a shutdown mid-download) go back when the worker leaves
        # (WorkerLifecycle.spider_closed); nothing shared is flushed (SCHEDULER_PERSIST).
        super().close(reason)

"""The stream from the workers to the writer: every item and every raw capture.

One Redis stream (``Keys.stream``) read by the writer through a consumer group: an entry
stays pending until the writer has committed it to SQLite and WARC and acknowledges it
(``XACK``); a writer killed before that gets it again when it restarts (``XREADGROUP``
from 0, ``XAUTOCLAIM``). Workers add entries with ``XADD`` and never trim the stream;
they pause while it holds more than ``NEWSCRAWL_STREAM_BACKLOG`` entries (a writer that
is down must not fill Redis's memory with page bodies).

Entry fields: ``t`` (``capture`` or ``item``), ``w`` (the worker id), ``x`` (JSON) and,
for captures, ``body`` (the response body as received, raw bytes). A capture's ``x`` is
the ``Exchange`` without its body; an item's is its type name and dataclass fields, plus
for an article the page features and the template version it was extracted with (the
writer learns the final site template from them, as a single-process crawl does).

Worker side: ``CaptureMiddleware`` (downloader middleware at WarcMiddleware's place) and
``StreamPipeline`` (item pipeline at StorePipeline's place).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from typing import Any

from newscrawl.archive.scrapy_ext import Exchange, scrapy_exchange
from newscrawl.crawl.items import (
    ArticleItem,
    ErrorItem,
    GoneItem,
    ListingItem,
    RestPostItem,
    SeenItem,
)
from newscrawl.crawl.session import CrawlSession
from newscrawl.crawl.templates import SiteTemplates
from newscrawl.distributed.lifecycle import WorkerLifecycle
from newscrawl.extract.template import PageFeatures
from newscrawl.store.clock import utcnow

log = logging.getLogger(__name__)

ITEM_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (ArticleItem, SeenItem, ListingItem, RestPostItem, GoneItem, ErrorItem)
}


# --- messages ---------------------------------------------------------------------------
def capture_message(exchange: Exchange, worker: str) -> dict[str, Any]:
    head = dataclasses.asdict(exchange)
    body = head.pop("body")
    return {"t": "capture", "w": worker, "x": json.dumps(head), "body": body}


def read_capture(fields: dict[bytes, bytes]) -> Exchange:
    head = json.loads(fields[b"x"])
    head["request_headers"] = [tuple(p) for p in head["request_headers"]]
    head["response_headers"] = [tuple(p) for p in head["response_headers"]]
    return Exchange(body=fields.get(b"body", b""), **head)


def features_json(features: PageFeatures | None) -> dict[str, Any] | None:
    if features is None:
        return None
    out: dict[str, Any] = {}
    for f in dataclasses.fields(features):
        value = getattr(features, f.name)
        out[f.name] = sorted(value) if isinstance(value, frozenset) else (
            list(value) if isinstance(value, tuple) else value)
    return out


def read_features(data: dict[str, Any]) -> PageFeatures:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(PageFeatures):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(f.default, frozenset):
            value = frozenset(value)
        elif isinstance(f.default, tuple):
            value = tuple(value)
        kwargs[f.name] = value
    return PageFeatures(**kwargs)


def item_message(item: Any, worker: str, *, features: PageFeatures | None = None,
                 template: str | None = None) -> dict[str, Any]:
    name = type(item).__name__
    if ITEM_TYPES.get(name) is not type(item):
        raise TypeError(f"not a newscrawl item: {item!r}")
    payload: dict[str, Any] = {"type": name, "data": dataclasses.asdict(item)}
    if features is not None:
        payload["features"] = features_json(features)
        payload["template"] = template or ""
    return {"t": "item", "w": worker, "x": json.dumps(payload, ensure_ascii=False)}


def read_item(fields: dict[bytes, bytes]) -> tuple[Any, dict[str, Any]]:
    """The item, and what came with it (``features``, ``template`` for an article)."""
    payload = json.loads(fields[b"x"])
    cls = ITEM_TYPES[payload["type"]]
    return cls(**payload["data"]), payload


# --- worker side ------------------------------------------------------------------------
class _Sender:
    """XADD to the crawl's stream, pausing while the writer is far behind."""

    def __init__(self, crawler: Any) -> None:
        lifecycle = crawler.get_extension(WorkerLifecycle)
        if lifecycle is None:
            raise RuntimeError("the distributed worker needs the WorkerLifecycle extension")
        self.coordinator = lifecycle.coordinator
        self.client = lifecycle.coordinator.client
        self.key = lifecycle.coordinator.keys.stream
        self.worker = lifecycle.coordinator.worker_id
        self.backlog = crawler.settings.getint("NEWSCRAWL_STREAM_BACKLOG", 2000)
        self.stats = crawler.stats
        self.session = crawler.get_extension(CrawlSession)

    def wait_for_writer(self) -> None:
        """Block (a worker thread) while the stream holds more than the backlog allows."""
        waited = False
        while self.backlog > 0 and self.client.xlen(self.key) > self.backlog:
            if not waited:
                log.info("the writer is %d entries behind: waiting", self.backlog)
                waited = True
            time.sleep(0.5)

    def add(self, fields: dict[str, Any]) -> None:
        self.client.xadd(self.key, fields)

    def failed(self, exc: BaseException, what: str) -> None:
        message = f"cannot send {what} to the writer's stream: {exc!r}"
        if self.session is not None:
            self.session.fail(message)
        else:
            log.error("%s", message)


class CaptureMiddleware:
    """Downloader middleware (at 950, where WarcMiddleware sits in a single-process crawl):
    every response as received goes to the stream, from one thread so the reactor keeps
    downloading; the response moves on to the spider only once it is in Redis."""

    def __init__(self, crawler: Any) -> None:
        self.sender = _Sender(crawler)
        from twisted.python.threadpool import ThreadPool

        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="newscrawl-capture")
        self._pool.start()
        self.failed = False
        from scrapy import signals
        from twisted.internet import reactor

        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # Also when the reactor stops without spider_closed (a SIGTERM before the engine
        # has started): the pool's thread would otherwise keep the process from exiting.
        reactor.addSystemEventTrigger("during", "shutdown", self._stop_pool)

    def _stop_pool(self) -> None:
        if not self._pool.joined:
            self._pool.stop()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CaptureMiddleware:
        return cls(crawler)

    def _send(self, request: Any, response: Any) -> None:
        exchange = scrapy_exchange(request, response, utcnow("microseconds"))
        exchange.metadata["worker"] = self.sender.worker
        self.sender.wait_for_writer()
        self.sender.add(capture_message(exchange, self.sender.worker))

    async def process_response(self, request: Any, response: Any) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThreadPool

        if "cached" in response.flags or self.failed:
            return response
        try:
            await maybe_deferred_to_future(
                deferToThreadPool(reactor, self._pool, self._send, request, response))
        except Exception as exc:
            self.failed = True
            self.sender.failed(exc, "a capture")
            return response
        self.sender.stats.inc_value("newscrawl/captures_sent")
        return response

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        self._stop_pool()


class StreamPipeline:
    """Item pipeline (StorePipeline's place): items go to the writer's stream. REST facts
    are also put in a Redis hash every worker reads (``WorkerSession``), so an article
    page parsed by any worker is merged with them, as in a single-process crawl."""

    def __init__(self, crawler: Any) -> None:
        self.sender = _Sender(crawler)
        self.templates = crawler.get_extension(SiteTemplates)
        self.rest_key = self.sender.coordinator.keys.rest

    @classmethod
    def from_crawler(cls, crawler: Any) -> StreamPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        session = self.sender.session
        if session is not None and session.failure is not None:
            return item  # the stream failed: the worker is stopping
        features = template = None
        if isinstance(item, ArticleItem) and self.templates is not None:
            shipped = getattr(self.templates, "shipped", {}).pop(item.record["url"], None)
            if shipped is not None:
                features, template = shipped
        try:
            if isinstance(item, RestPostItem):
                self.sender.client.hset(self.rest_key, item.url,
                                        json.dumps(item.data, ensure_ascii=False, sort_keys=True))
            self.sender.add(item_message(item, self.sender.worker, features=features,
                                         template=template))
        except Exception as exc:
            self.sender.failed(exc, "an item")
            return item
        self.sender.stats.inc_value(f"newscrawl/items_sent/{type(item).__name__}")
        return item

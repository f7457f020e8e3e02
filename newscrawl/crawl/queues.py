"""Scrapy's pickle FIFO disk queue, with a cheaper way to name a request's callback.

Scrapy's queue turns each request into a dict with ``Request.to_dict(spider=...)``, which
names the callback and errback by walking ``inspect.getmembers(spider)`` (every attribute
of the spider, twice a request): about a third of a millisecond a request on the reactor
thread. Here the walk is over the spider's bound methods only, collected once when the
queue opens; the names found, and the files written, are the same.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.squeues import PickleFifoDiskQueue as ScrapyPickleFifoDiskQueue


class PickleFifoDiskQueue(ScrapyPickleFifoDiskQueue):  # type: ignore[misc,valid-type]
    """``SCHEDULER_DISK_QUEUE``: Scrapy's ``PickleFifoDiskQueue`` (same format on disk)."""

    def __init__(self, crawler: Any, key: str) -> None:
        super().__init__(crawler, key)
        # The spider's methods do not change during a crawl.
        self.methods = SimpleNamespace(**dict(inspect.getmembers(self.spider, inspect.ismethod)))

    def push(self, request: Request) -> None:
        # Scrapy's own push, but to_dict looks for the methods among the spider's only.
        super(ScrapyPickleFifoDiskQueue, self).push(request.to_dict(spider=self.methods))

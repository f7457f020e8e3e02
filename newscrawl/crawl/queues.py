"""Scrapy's pickle FIFO disk queue, with a cheaper way to name a request's callback.

Scrapy's queue turns each request into a dict with ``Request.to_dict(spider=...)``, which
names the callback and errback by walking ``inspect.getmembers(spider)`` (every attribute
of the spider, twice a request): about a third of a millisecond a request on the reactor
thread. Here the spider's methods are looked up once, when the queue opens, in a dict from
function to name (the first name in ``getmembers`` order, the one Scrapy's walk finds);
``to_dict`` is then given a stand-in holding only the request's own callback and errback,
so its walk is over those two. The names found, and the files written, are the same.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.squeues import PickleFifoDiskQueue as ScrapyPickleFifoDiskQueue


class _Members:
    """A stand-in for the spider whose only members (to ``inspect.getmembers``) are the
    given methods."""

    __slots__ = ("_members",)

    def __init__(self, members: dict[str, Any]) -> None:
        self._members = members

    def __dir__(self) -> list[str]:
        return list(self._members)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._members[name]
        except KeyError:
            raise AttributeError(name) from None


class PickleFifoDiskQueue(ScrapyPickleFifoDiskQueue):  # type: ignore[misc,valid-type]
    """``SCHEDULER_DISK_QUEUE``: Scrapy's ``PickleFifoDiskQueue`` (same format on disk)."""

    def __init__(self, crawler: Any, key: str) -> None:
        super().__init__(crawler, key)
        # The spider's methods do not change during a crawl.
        members = inspect.getmembers(self.spider, inspect.ismethod)
        self.methods = SimpleNamespace(**dict(members))
        self.names: dict[Callable[..., Any], str] = {}
        for name, method in members:  # sorted by name, as Scrapy's walk sees them
            self.names.setdefault(method.__func__, name)

    def _named(self, request: Request) -> Any:
        """What ``to_dict`` is given as the spider: the request's callback and errback
        under their names, or all the spider's methods when one is not a method of it
        (Scrapy's walk then raises its own error)."""
        members: dict[str, Any] = {}
        for func in (request.callback, request.errback):
            if callable(func):
                name = self.names.get(getattr(func, "__func__", None))  # type: ignore[arg-type]
                if name is None:
                    return self.methods
                members[name] = func
        return _Members(members)

    def push(self, request: Request) -> None:
        # Scrapy's own push, but to_dict looks for the methods among the request's only.
        super(ScrapyPickleFifoDiskQueue, self).push(request.to_dict(spider=self._named(request)))

"""Scrapy's pickle FIFO disk queue, with a cheaper way to name a request's callback.

Scrapy's queue turns each request into a dict with ``Request.to_dict(spider=...)``, which
names the callback and errback by walking ``inspect.getmembers(spider)`` (every attribute
of the spider, twice a request): about a third of a millisecond a request on the reactor
thread. Here the spider's methods are looked up once, when the queue opens, in a dict from
function to name (the first name in ``getmembers`` order, the one Scrapy's walk finds);
``to_dict`` is then given a stand-in holding only the request's own callback and errback,
so its walk is over those two. The names found, and the files written, are the same.

Scrapy closes a priority's queue as soon as it is empty and opens a new one for the next
request of that priority (with DEPTH_PRIORITY, a depth level empties and refills many
times: ~400 times in a 2,000-article crawl). queuelib then removes the queue's folder and
makes it again; removing a folder took ~1.7 ms of the reactor thread's wall time here
(waiting on the file system, not CPU). An emptied queue here removes its files but keeps
its folder for the next queue of that priority; the job folder's Scrapy files are cleared
when a crawl starts and when it finishes (``seen.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
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

    def close(self) -> None:
        if len(self):
            super().close()  # requests left: queuelib saves them (info.json) for a restart
            return
        # Empty: what queuelib's cleanup removes, but the folder, reused by the next queue
        # of this priority (a new queue in it starts empty: no chunk, no info.json).
        self.headf.close()
        self.tailf.close()
        for chunk in Path(self.path).glob("q*"):
            chunk.unlink()
        Path(self.path, "info.json").unlink(missing_ok=True)

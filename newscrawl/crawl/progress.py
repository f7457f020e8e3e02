"""Progress a person can follow: a live line on a terminal, periodic log lines under cron."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

log = logging.getLogger(__name__)


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """One line: pages, rate, articles new/updated/unchanged, errors."""
    pages = stats.get("response_received_count", 0)
    rate = pages / elapsed if elapsed > 0 else 0.0
    return (
        f"pages {pages} ({rate:.1f}/s) | articles new {stats.get('newscrawl/articles_new', 0)}"
        f" updated {stats.get('newscrawl/articles_updated', 0)}"
        f" unchanged {stats.get('newscrawl/articles_unchanged', 0)}"
        f" | errors {stats.get('newscrawl/errors', 0)}"
    )


class Progress:
    """Scrapy extension; mode from NEWSCRAWL_PROGRESS: auto, bar, log or off."""

    def __init__(self, crawler: Any, mode: str) -> None:
        self.crawler = crawler
        self.live = mode == "bar" or (mode == "auto" and sys.stderr.isatty())
        self.interval = 0.5 if self.live else 30.0
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        mode = crawler.settings.get("NEWSCRAWL_PROGRESS", "auto")
        if mode == "off":
            raise NotConfigured
        ext = cls(crawler, mode)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        line = progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        if self.live:
            sys.stderr.write("\r\x1b[2K" + line)
            sys.stderr.flush()
        else:
            log.info("progress: %s", line)

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()

"""Progress a person can follow: a live display on a terminal, plain lines otherwise.

One mechanism (rich, through `newscrawl.console`). On a terminal: a live display of the
pages listed by sitemaps and the REST API fetched so far, out of the known total
(``newscrawl/articles_expected``, counted by the spider, which grows as sitemaps and the
REST listing are read), time elapsed and left, then pages, rate,
articles new/updated/unchanged/gone and errors; log records are printed above it, never
on its line. Under cron or a pipe: no live display and no ANSI codes, a plain
``progress:`` line every NEWSCRAWL_PROGRESS_INTERVAL seconds (30) on the console and in
the log. The log file gets the progress lines in every mode.

NEWSCRAWL_PROGRESS: ``auto`` (live on a terminal, lines otherwise), ``bar``, ``log``
or ``off``.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.crawl.logs import CONSOLE, console_handlers

log = logging.getLogger(__name__)

EXPECTED = "newscrawl/articles_expected"  # URLs listed by sitemaps and the REST API
LISTED_SOURCES = ("sitemap", "rest")


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-:--:--"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def counts(stats: dict[str, Any], elapsed: float) -> str:
    """Pages, rate, articles new/updated/unchanged/gone, errors."""
    pages = stats.get("response_received_count", 0)
    rate = pages / elapsed if elapsed > 0 else 0.0
    return (
        f"pages {pages} ({rate:.1f}/s) | articles new {stats.get('newscrawl/articles_new', 0)}"
        f" updated {stats.get('newscrawl/articles_updated', 0)}"
        f" unchanged {stats.get('newscrawl/articles_unchanged', 0)}"
        f" gone {stats.get('newscrawl/articles_gone', 0)}"
        f" | errors {stats.get('newscrawl/errors', 0)}"
    )


def progress_line(stats: dict[str, Any], elapsed: float, done: int = 0,
                  left: float | None = None) -> str:
    """One plain line: the counts, then listed URLs done of the known total and time left."""
    line = counts(stats, elapsed)
    total = stats.get(EXPECTED)
    if total:
        line += f" | listed pages fetched {done}/{total}, {format_seconds(elapsed)} elapsed"
        if left is not None:
            line += f", about {format_seconds(left)} left"
    return line


class Progress:
    """Scrapy extension; mode from NEWSCRAWL_PROGRESS: auto, bar, log or off."""

    def __init__(self, crawler: Any, mode: str, interval: float = 30.0) -> None:
        from newscrawl.console import is_terminal, progress_columns, stderr_console

        self.crawler = crawler
        self.console = stderr_console()
        self.live = mode == "bar" or (mode == "auto" and is_terminal(self.console))
        self.interval = interval
        self.started = self.last_line = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.display: Any = None  # rich Live while the crawl runs on a terminal
        self.rerouted: list[tuple[logging.StreamHandler, Any]] = []
        self.done = 0  # responses to listed URLs
        from rich.progress import Progress as Bar

        # The estimator of time left (rich's, from the last 30 s), drawn only when live.
        self.bar = Bar(*progress_columns("listed pages"), console=self.console,
                       auto_refresh=False)
        self.task = self.bar.add_task("fetched", total=None)
        self.counts = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        mode = crawler.settings.get("NEWSCRAWL_PROGRESS", "auto")
        if mode == "off":
            raise NotConfigured
        ext = cls(crawler, mode, crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 30.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    # --- signals ---------------------------------------------------------------------------
    def opened(self, spider: Any) -> None:
        self.started = self.last_line = time.monotonic()
        settings = self.crawler.settings
        seeds = ", ".join(getattr(spider, "seeds", None) or [spider.name])
        where = settings.get("NEWSCRAWL_DB") or "?"
        log_file = settings.get("NEWSCRAWL_LOG_FILE")
        log.info("crawling %s into %s%s", seeds, where,
                 f"; log: {log_file}" if log_file else "", extra={CONSOLE: True})
        if self.live:
            self._start_display()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(0.25 if self.live else 1.0, now=False)

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        meta = request.meta
        if meta.get("source") in LISTED_SOURCES and not meta.get("_progress_done") and \
                getattr(request.callback, "__name__", None) == "parse_page":
            meta["_progress_done"] = True  # a refetch of the same page counts once
            self.done += 1

    def tick(self) -> None:
        stats = self.crawler.stats.get_stats()
        now = time.monotonic()
        elapsed = now - self.started
        total = stats.get(EXPECTED) or None
        self.bar.update(self.task, completed=self.done,
                        total=max(total, self.done) if total else None)
        self.counts = counts(stats, elapsed).replace(" | ", "  ·  ")
        if self.display is not None:
            self.display.refresh()
        if now - self.last_line >= self.interval:
            self.last_line = now
            self._log_line(stats, elapsed)

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self._stop_display()
        stats = self.crawler.stats.get_stats()
        log.info("progress: %s (%s)", progress_line(stats, time.monotonic() - self.started,
                                                    self.done), reason)

    # --- output ----------------------------------------------------------------------------
    def _log_line(self, stats: dict[str, Any], elapsed: float) -> None:
        left = self.bar.tasks[0].time_remaining if stats.get(EXPECTED) else None
        log.info("progress: %s", progress_line(stats, elapsed, self.done, left),
                 extra={CONSOLE: not self.live})

    def render(self) -> Any:
        from rich.console import Group
        from rich.text import Text

        return Group(self.bar, Text("  " + self.counts, style="dim"))

    def _start_display(self) -> None:
        from rich.live import Live

        self.display = Live(get_renderable=self.render, console=self.console,
                            refresh_per_second=4, transient=True,
                            redirect_stdout=True, redirect_stderr=True)
        handlers = console_handlers()
        streams = {id(sys.stderr): "stderr", id(sys.__stderr__): "stderr",
                   id(sys.stdout): "stdout", id(sys.__stdout__): "stdout"}
        self.display.start()
        # Log handlers keep the stream they were made with: point those on the terminal
        # at rich's proxy (now sys.stderr/stdout), which prints above the live display.
        for handler in handlers:
            self.rerouted.append((handler, handler.stream))
            handler.setStream(getattr(sys, streams.get(id(handler.stream), "stderr")))

    def _stop_display(self) -> None:
        if self.display is None:
            return
        for handler, stream in self.rerouted:
            handler.flush()
            handler.setStream(stream)
        self.rerouted.clear()
        self.display.stop()
        self.display = None

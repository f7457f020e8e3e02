"""Logs people read from cron: one line per network fault instead of a traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from newscrawl.crawl.failures import is_network_error


class NetworkFaultFilter(logging.Filter):
    """Drop the traceback of expected network faults; keep their one-line message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and is_network_error(record.exc_info[1]):
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()} [{type(exc).__name__}: {exc}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def install(log_file: str | Path | None = None, *, max_bytes: int = 5_000_000,
            backups: int = 5) -> None:
    """Add the filter to every root handler; with ``log_file``, also write a rotated log."""
    root = logging.getLogger()
    if log_file:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        # Scrapy leaves the root logger at NOTSET: without a level the file gets DEBUG.
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
    for handler in root.handlers:
        if not any(isinstance(f, NetworkFaultFilter) for f in handler.filters):
            handler.addFilter(NetworkFaultFilter())


class LogSetup:
    """Scrapy extension: applies ``install()`` once Scrapy's own handlers are in place.

    NEWSCRAWL_LOG_FILE adds a size-rotated log file (for cron)."""

    def __init__(self, log_file: str | None) -> None:
        self.log_file = log_file

    @classmethod
    def from_crawler(cls, crawler) -> LogSetup:  # type: ignore[no-untyped-def]
        from scrapy import signals

        ext = cls(crawler.settings.get("NEWSCRAWL_LOG_FILE") or None)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        return ext

    def engine_started(self) -> None:
        install(self.log_file)

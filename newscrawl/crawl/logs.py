"""Logs: complete in a file, short on the console, one line per network fault.

`newscrawl crawl` (``configure``, called by `api.crawl` with Scrapy's own root handler
off) writes everything at INFO to a rotated log file (by default ``logs/crawl.log``
beside the archive: Scrapy's start-up lists, every warning, the progress lines, the
final stats dump), and to the console only warnings and errors, plus the records marked
for it (``extra={CONSOLE: True}``: the line saying what is crawled where, and the
periodic progress lines when no live display is drawn). ``-s LOG_LEVEL=...`` given by
the user sets the console's level instead. `scrapy crawl news` keeps Scrapy's own
handler; ``LogSetup`` adds the file and the network-fault filter to it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from newscrawl.crawl.failures import is_network_error

FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
DATEFMT = "%Y-%m-%d %H:%M:%S"  # as Scrapy's LOG_DATEFORMAT
# A record with this attribute set (``extra={CONSOLE: True}``) reaches the console at
# any level, printed as "time message".
CONSOLE = "newscrawl_console"
_OURS = "_newscrawl_handler"


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


class ConsoleFilter(logging.Filter):
    """Records at ``level`` and above, and those marked for the console."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or bool(getattr(record, CONSOLE, False))


class ConsoleFormatter(logging.Formatter):
    """Log records as in the file; the lines marked for the console as "time message"."""

    def __init__(self) -> None:
        super().__init__(FORMAT, DATEFMT)
        self.plain = logging.Formatter("%(asctime)s %(message)s", DATEFMT)

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, CONSOLE, False) and record.levelno < logging.WARNING:
            return self.plain.format(record)
        if not (record.exc_info or record.exc_text or record.stack_info):
            return super().format(record)
        # Tracebacks go to the log file only: the console gets the message and the
        # exception's last line.
        saved = record.exc_info, record.exc_text, record.stack_info
        exc = record.exc_info[1] if record.exc_info else None
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            line = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        first = (str(exc).strip().splitlines() or [""])[0] if exc is not None else ""
        cause = f"{type(exc).__name__}: {first}; " if exc is not None else ""
        return f"{line} ({cause}traceback in the log file)"


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotated log file. When it cannot be written (the disk is full) one line on
    stderr says so, instead of a "Logging error" traceback for every record."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not self.failed:
            self.failed = True
            exc = sys.exc_info()[1]
            sys.stderr.write(f"newscrawl: cannot write the log file {self.baseFilename}: {exc}\n")


def default_log_file(db: str | Path) -> Path:
    """Where a crawl of the archive ``db`` logs: ``logs/crawl.log`` beside it (as cron's)."""
    return Path(db).expanduser().resolve().parent / "logs" / "crawl.log"


def install(log_file: str | Path | None = None, *, max_bytes: int = 5_000_000,
            backups: int = 5) -> None:
    """Add the filter to every root handler; with ``log_file``, also write a rotated log.

    The log file gets every record at INFO and above, whatever the console shows. Adding
    the same file twice is a no-op."""
    root = logging.getLogger()
    if log_file:
        path = Path(log_file).expanduser().resolve()
        if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path
                   for h in root.handlers):
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = LogFileHandler(
                path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter(FORMAT, DATEFMT))
            # Scrapy leaves the root logger at NOTSET: without a level the file gets DEBUG.
            handler.setLevel(logging.INFO)
            setattr(handler, _OURS, True)
            root.addHandler(handler)
    for handler in root.handlers:
        if not any(isinstance(f, NetworkFaultFilter) for f in handler.filters):
            handler.addFilter(NetworkFaultFilter())


def configure(log_file: str | Path | None, console_level: int | str = logging.WARNING) -> None:
    """newscrawl's handlers on the root logger (replacing those of an earlier call): a
    console handler on stderr at ``console_level`` (plus marked records) and the file."""
    level: object = console_level
    if isinstance(level, str):
        level = int(level) if level.isdigit() else logging.getLevelName(level.upper())
    if not isinstance(level, int):
        raise ValueError(f"unknown LOG_LEVEL {console_level!r}")
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(ConsoleFormatter())
    console.addFilter(ConsoleFilter(level))
    setattr(console, _OURS, True)
    root.addHandler(console)
    install(log_file)
    root.setLevel(min(level, logging.INFO))


def console_handlers() -> list[logging.StreamHandler]:
    """The root handlers that write to the terminal (stderr or stdout), not to a file."""
    streams = {sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__}
    return [h for h in logging.getLogger().handlers
            if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
            and h.stream in streams]


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

"""What a person sees on a terminal: rich on stderr, live displays only on a real terminal.

The one progress mechanism of the project (rich): the crawl's live display
(`newscrawl.crawl.progress`) and the progress bars of long commands (`bar`, used by
reparse) are drawn here. Under cron or a pipe nothing animated is drawn and no ANSI code
is written: callers print plain lines instead.

Belongs to no import layer (like the root package): the crawl and archive layers both
use it, and it imports nothing of newscrawl.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def stderr_console() -> Console:
    """A rich Console on stderr (where progress and logs go; stdout stays for data)."""
    return Console(stderr=True)


def is_terminal(console: Console | None = None) -> bool:
    """Whether a live display can be drawn: stderr is a terminal that moves its cursor.

    Asks the stream itself: FORCE_COLOR (set by some CI) asks for colour, not for a
    display that moves the cursor in a log."""
    console = console or stderr_console()
    try:
        tty = console.file.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
    return tty and console.is_terminal and not console.is_dumb_terminal


def progress_columns(unit: str) -> list[Any]:
    """Spinner, description, bar, done/total, percent, elapsed and time left."""
    return [
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
    ]


class Bar:
    """A progress bar on a terminal, nothing otherwise; ``update(n)`` and ``close()``.

    ``Bar(total, desc, unit=..., enabled=...)``; also a context manager.
    """

    def __init__(self, total: int | None, desc: str, *, unit: str = "page",
                 enabled: bool = True) -> None:
        self.progress: Progress | None = None
        console = stderr_console()
        if enabled and is_terminal(console):
            self.progress = Progress(*progress_columns(unit + "s"), console=console,
                                     transient=True)
            self.task = self.progress.add_task(desc, total=total)
            self.progress.start()

    def update(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

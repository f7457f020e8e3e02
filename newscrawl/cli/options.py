"""What every command shares, defined once: the ``--db`` option and the error exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from newscrawl.api import DEFAULT_DB

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite archive (relative paths are relative to the current directory).",
)


def fail(message: str, code: int = 2) -> NoReturn:
    """One clear line on stderr and a non-zero exit: no tracebacks for users."""
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def format_summary(summary: dict, title: str = "crawl finished") -> str:
    """The end-of-crawl summary, a few aligned lines."""
    lines = [
        f"{title} in {summary.get('duration_s', 0):.1f}s",
        f"  pages fetched   {summary.get('pages_fetched', 0)}"
        f"  (requests {summary.get('requests', 0)})",
        f"  articles        new {summary.get('articles_new', 0)}"
        f", updated {summary.get('articles_updated', 0)}"
        f", unchanged {summary.get('articles_unchanged', 0)}"
        f", gone {summary.get('articles_gone', 0)}",
        f"  errors          {summary.get('errors', 0)} {summary.get('errors_by_kind', '')}",
    ]
    return "\n".join(lines)

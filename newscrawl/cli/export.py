"""`newscrawl export`: all articles as CSV, JSON or JSON lines, streamed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail


@click.command()
@DB_OPTION
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]),
              default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--status", type=click.Choice(["live", "gone"]), default=None,
              help="Only live or only gone articles.")
def export(db: Path, fmt: str, output: Path | None, status: str | None) -> None:
    """Export all articles as CSV, JSON or JSON lines, streamed.

    \b
    Examples:
        newscrawl export --format csv -o articles.csv
        newscrawl export --format jsonl | jq .title
    """
    try:
        if output is None:
            count = api.export(db, fmt, sys.stdout, status=status)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8", newline="") as fh:
                count = api.export(db, fmt, fh, status=status)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    click.echo(f"exported {count} articles", err=True)

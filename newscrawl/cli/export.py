"""`newscrawl export`: a subset of the articles (or of their versions) as CSV, JSON, JSON
lines or Parquet, streamed, optionally with a Frictionless ``datapackage.json``."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?)?)?$")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not DATE.match(value):
        raise click.BadParameter(f"{value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _fields(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [f.strip() for f in value.split(",") if f.strip()]
    if not names:
        raise click.BadParameter("give column names separated by commas")
    return names


@click.command()
@DB_OPTION
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "parquet"]),
              default="jsonl", show_default=True,
              help="Output format (parquet needs -o FILE).")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="File to write; '-' or none: standard output (not for parquet).")
@click.option("--since", callback=_date, metavar="DATE",
              help="Only articles published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", callback=_date, metavar="DATE",
              help="Only articles published on or before DATE (inclusive: 2024-06 keeps June).")
@click.option("--section", multiple=True, metavar="NAME",
              help="Only this section (repeat for any of several).")
@click.option("--author", multiple=True, metavar="NAME",
              help="Only articles crediting this author (repeat for any of several).")
@click.option("--tag", multiple=True, metavar="TAG",
              help="Only articles with this tag (repeat for any of several).")
@click.option("--search", metavar="QUERY",
              help="Full-text search of title, standfirst and body, read as the search page reads it: "
                   "words, \"phrases\", prefix*, AND/OR/NOT; anything else is taken as text.")
@click.option("--raw-fts", is_flag=True,
              help="Pass --search to SQLite FTS5 unescaped (NEAR, column filters, ^; a syntax "
                   "error is an error).")
@click.option("--status", type=click.Choice(["live", "gone", "protected"]), multiple=True,
              help="Only articles with this status (repeat for several).")
@click.option("--fields", callback=_fields, metavar="A,B,C",
              help="Only these columns, in this order (default: all).")
@click.option("--versions", is_flag=True,
              help="Every stored version of the matching articles (article_versions), "
                   "not just the latest.")
@click.option("--bom", is_flag=True, help="Start a CSV with a UTF-8 BOM (for Excel).")
@click.option("--datapackage", is_flag=True,
              help="Also write datapackage.json (Frictionless Data) beside the file.")
def export(db: Path, fmt: str, output: str | None, since: str | None, until: str | None,
           section: tuple[str, ...], author: tuple[str, ...], tag: tuple[str, ...],
           search: str | None, raw_fts: bool, status: tuple[str, ...],
           fields: list[str] | None, versions: bool, bom: bool, datapackage: bool) -> None:
    """Export articles (or all their versions), filtered, as CSV, JSON, JSON lines or
    Parquet, streamed: memory stays flat however large the archive.

    Filters combine (AND); a filter given several times matches any of its values.
    Writing to a file, a progress bar is drawn on a terminal only, never in a pipe
    or under cron.

    \b
    Examples:
        newscrawl export --format csv -o articles.csv
        newscrawl export --format jsonl | jq .title
        newscrawl export --since 2024-01-01 --until 2024-06 --section News -o news.jsonl
        newscrawl export --search "police station" --fields url,title,published --format csv
        newscrawl export --author Editor --tag Southend --format parquet -o data/editor.parquet --datapackage
        newscrawl export --versions --status gone --format csv --bom -o gone-versions.csv
    """
    from newscrawl.store import ExportFilters

    if bom and fmt != "csv":
        fail("--bom is for --format csv")
    if raw_fts and search is None:
        fail("--raw-fts needs --search")
    path = None if output in (None, "-") else Path(output)
    filters = ExportFilters(
        since=since, until=until, sections=section, authors=author, tags=tag,
        search=search, raw_fts=raw_fts, statuses=status, versions=versions)
    command = shlex.join(["newscrawl", *sys.argv[1:]]) if sys.argv[1:2] == ["export"] else None
    try:
        count = api.export(
            db, fmt, sys.stdout, filters=filters, fields=fields, output=path, bom=bom,
            datapackage=datapackage, command=command,
            progress=path is not None)  # drawn only when stderr is a terminal
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    what = "versions" if versions else "articles"
    click.echo(f"exported {count} {what}" + (f" to {path}" if path else ""), err=True)

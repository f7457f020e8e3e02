"""The `newscrawl` command: a thin click layer over newscrawl.api."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newscrawl import __version__, api

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=api.DEFAULT_DB,
    show_default=True,
    help="SQLite archive (relative paths are relative to the current directory).",
)


def fail(message: str, code: int = 2) -> None:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newscrawl")
def cli() -> None:
    """Crawl a WordPress news site into a searchable SQLite archive.

    \b
    Quick start:
        newscrawl demo                     # offline demo on the bundled replica site
        newscrawl crawl                    # crawl https://leigh-on-sea.news/ politely
        newscrawl serve                    # browse data/news.db in Datasette
        newscrawl export --format csv -o articles.csv
    """


@cli.command()
@click.argument("urls", nargs=-1)
@DB_OPTION
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="Scrapy or newscrawl setting, as `scrapy crawl -s` (repeatable).",
)
@click.option("--fast", is_flag=True, help="No politeness delays: only for servers you run yourself.")
@click.option("--profile", default=None, help="Site profile name from newscrawl/sites/ (default: by host/site name).")
@click.option("-q", "--quiet", is_flag=True, help="Log warnings only (the summary is still printed).")
def crawl(urls: tuple[str, ...], db: Path, settings: tuple[str, ...], fast: bool,
          profile: str | None, quiet: bool) -> None:
    """Crawl site(s) into the archive (default: https://leigh-on-sea.news/).

    Discovers articles from robots.txt, sitemaps, the RSS feed and archive pages;
    obeys robots.txt and throttles itself. Prints progress, then a summary.

    \b
    Examples:
        newscrawl crawl
        newscrawl crawl https://leigh-on-sea.news/ --db data/news.db
        newscrawl crawl http://127.0.0.1:8765/ --fast -s CLOSESPIDER_PAGECOUNT=100
        newscrawl crawl -s JOBDIR=data/job -s LOG_LEVEL=WARNING
    """
    try:
        overrides: dict = dict(api.FAST_SETTINGS) if fast else {}
        overrides.update(api.parse_setting_args(settings))
    except ValueError as exc:
        fail(str(exc))
    if profile:
        overrides["NEWSCRAWL_PROFILE"] = profile
    if quiet:
        overrides.setdefault("LOG_LEVEL", "WARNING")
    try:
        result = api.crawl(list(urls) or None, db=db, settings=overrides)
    except api.NewscrawlError as exc:
        fail(str(exc))
    click.echo(format_summary(result.summary), err=True)
    if result.fatal:
        fail(result.fatal)
    if result.finish_reason != "finished":
        fail(f"crawl stopped early: {result.finish_reason}", code=1)


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
def serve(db: Path, host: str, port: int) -> None:
    """Browse and search the archive in Datasette.

    \b
    Examples:
        newscrawl serve
        newscrawl serve --db data/demo.db --port 8002
    Then open http://127.0.0.1:8001/ ; every table also answers as .json and .csv.
    """
    click.echo(f"Serving {db} at http://{host}:{port}/", err=True)
    try:
        api.serve(db, host=host, port=port)
    except api.NewscrawlError as exc:
        fail(str(exc))


@cli.command()
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
        fail(str(exc))
    click.echo(f"exported {count} articles", err=True)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Archive to write [default: data/demo.db, or data/news.db with --live].")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Datasette port.")
@click.option("--site-port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the local replica site.")
@click.option("--articles", default=48, show_default=True, type=click.IntRange(1, 100000),
              help="Articles in the replica site.")
@click.option("--theme", type=click.Choice(["classic", "builder"]), default="classic", show_default=True)
@click.option("--live", is_flag=True, help="Crawl the real https://leigh-on-sea.news/ (politely) instead.")
@click.option("--no-serve", is_flag=True, help="Crawl and stop; do not start Datasette.")
def demo(db: Path | None, port: int, site_port: int, articles: int, theme: str, live: bool,
         no_serve: bool) -> None:
    """Offline demo: serve the bundled replica site on loopback, crawl it, browse it.

    \b
    Examples:
        newscrawl demo                   # replica -> data/demo.db -> http://127.0.0.1:8001/
        newscrawl demo --no-serve
        newscrawl demo --live            # the real site -> data/news.db (polite, slow)
    """
    from newscrawl import demo as demo_mod

    try:
        demo_mod.run(db=db, port=port, site_port=site_port, articles=articles, theme=theme,
                     live=live, serve=not no_serve, echo=lambda m: click.echo(m, err=True),
                     summary=format_summary)
    except api.NewscrawlError as exc:
        fail(str(exc))


# Archive commands (reparse, schedule, status) live in their own module.
from newscrawl.cli_archive import register  # noqa: E402

register(cli)


def main() -> None:  # pragma: no cover - console entry point
    cli()

"""Archive commands: `newscrawl reparse`, `newscrawl schedule`, `newscrawl status`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newscrawl import DEFAULT_URL, api
from newscrawl.cli.options import DB_OPTION, fail


@click.command()
@DB_OPTION
@click.option("--since", default=None, metavar="ISO",
              help="Only pages whose latest capture is at or after this time (UTC if no zone).")
@click.option("-w", "--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes [default: all cores].")
@click.option("--no-progress", is_flag=True, help="No progress bar (e.g. under cron).")
def reparse(db: Path, since: str | None, workers: int | None, no_progress: bool) -> None:
    """Rebuild `articles` from the WARC captures alone, with no network.

    Re-extracts every article from its latest archived page, e.g. after an extractor
    improvement. Content that changes becomes a new version; nothing is deleted.
    Prints how many records changed and which fields. Holds the archive's lock, so it
    never runs at the same time as a crawl.

    \b
    Examples:
        newscrawl reparse
        newscrawl reparse --db data/demo.db --workers 2
        newscrawl reparse --since 2024-06-01 --no-progress
        newscrawl reparse --db copy/news.db   # copy/warc/ only: rebuilds the database
    """
    try:
        report = api.reparse(db, since=since, workers=workers, progress=not no_progress)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    click.echo(report.summary())
    if report.errors:
        for url, error in report.errors[:10]:
            click.echo(f"  failed: {url}: {error}", err=True)
        if len(report.errors) > 10:
            click.echo(f"  ... and {len(report.errors) - 10} more (table errors)", err=True)


@click.command()
@click.option("--every", default="daily", show_default=True, metavar="WHEN",
              help='hourly, daily, weekly, or a cron expression such as "30 4 * * 1-5".')
@click.option("--url", default=DEFAULT_URL, show_default=True, help="Site to crawl.")
@DB_OPTION
@click.option("--install", is_flag=True, help="Add (or replace) the line in your crontab.")
@click.option("--remove", is_flag=True, help="Remove this archive's line from your crontab.")
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="Setting passed to the scheduled crawl, as `newscrawl crawl -s` (repeatable).",
)
def schedule(every: str, url: str, db: Path, install: bool, remove: bool,
             settings: tuple[str, ...]) -> None:
    """Print, install or remove a crontab line that recrawls on a schedule.

    The line runs the crawl with this virtualenv's Python, in the database's folder,
    logging to <db folder>/logs/crawl.log (rotated) and appending warnings and the
    summary to logs/cron.out. The crawl holds the archive's lock, so runs never overlap.
    hourly, daily (01:00-05:59) and weekly pick a fixed minute from the database path,
    so several archives do not all start at once. The line ends with the marker
    "# newscrawl:<db path>", which --install replaces and --remove deletes.

    \b
    Examples:
        newscrawl schedule                         # print the daily line
        newscrawl schedule --every hourly --install
        newscrawl schedule --every "15 6 * * 1-5" --db data/news.db --install
        newscrawl schedule --every weekly -s CLOSESPIDER_TIMEOUT=7200
        newscrawl schedule --remove
    """
    from newscrawl import schedule as sched
    from newscrawl.crawl.validate import check_settings
    from newscrawl.extract.urls import check_seed

    if install and remove:
        fail("--install and --remove exclude each other")
    try:  # a bad setting fails now, not every night under cron
        check_settings(api.parse_setting_args(settings))
        check_seed(url)
    except ValueError as exc:
        fail(str(exc))
    path = db.expanduser().absolute()
    try:
        if remove:
            removed = sched.remove(path)
            click.echo(f"removed the schedule of {path}" if removed
                       else f"no schedule for {path} in your crontab")
            return
        new = sched.entry(every, url, path, settings=settings)
        if not install:
            click.echo(new.line)
            return
        changed = sched.install(new)
    except sched.ScheduleError as exc:
        fail(str(exc))
    click.echo(new.line)
    due = sched.next_run(new.expression).isoformat(timespec="minutes")
    click.echo(("installed in your crontab" if changed else "already in your crontab")
               + f"; next run {due}", err=True)


@click.command()
@DB_OPTION
@click.option("-n", "--runs", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="How many recent runs to list.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(db: Path, runs: int, as_json: bool) -> None:
    """Show recent runs, archive totals, a running crawl and the next scheduled one.

    \b
    Examples:
        newscrawl status
        newscrawl status --db data/demo.db --runs 20
        newscrawl status --json | jq .totals
    """
    # newscrawl.status sits beside newscrawl.api (.importlinter): called directly.
    from newscrawl.crawl.failures import EXIT_ARCHIVE
    from newscrawl.status import archive_status, format_status
    from newscrawl.store import StoreError

    path = db.expanduser()
    if not path.is_file():
        fail(f"no archive at {path}: run `newscrawl crawl` first")
    try:
        st = archive_status(path, runs=runs)
    except StoreError as exc:
        fail(str(exc), EXIT_ARCHIVE)
    if as_json:
        click.echo(json.dumps(st.to_dict(), indent=2, default=str))
    else:
        click.echo(format_status(st))

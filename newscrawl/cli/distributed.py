"""`newscrawl worker` and `newscrawl writer`: a crawl shared by many processes through Redis
(``newscrawl.distributed``; needs the ``distributed`` extra: scrapy-redis and redis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail, format_summary

REDIS_OPTION = click.option(
    "--redis", "redis_url", default=None, metavar="URL",
    help="Redis server shared by the workers and the writer [default: $NEWSCRAWL_REDIS_URL,"
         " else redis://127.0.0.1:6379/0].")
PREFIX_OPTION = click.option(
    "--prefix", default="newscrawl", show_default=True,
    help="Name of this crawl's keys in Redis (one crawl per prefix).")
SETTINGS_OPTION = click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="Scrapy or newscrawl setting, as `scrapy crawl -s` (repeatable).")
LOG_OPTION = click.option("--log-file", default=None, type=click.Path(dir_okay=False),
                          help="Also log everything at INFO to this file.")


def _distributed() -> Any:
    """newscrawl.distributed with its worker and writer, or a clear error without the extra."""
    try:
        import redis  # noqa: F401
        import scrapy_redis  # noqa: F401
    except ImportError as exc:
        fail(f"distributed mode needs the `distributed` extra ({exc.name} is missing):"
             " pip install 'newscrawl[distributed]'")
    import newscrawl.distributed.worker
    import newscrawl.distributed.writer

    return newscrawl.distributed


def _settings(pairs: tuple[str, ...], fast: bool = False) -> dict[str, Any]:
    try:
        overrides: dict[str, Any] = dict(api.FAST_SETTINGS) if fast else {}
        overrides.update(api.parse_setting_args(pairs))
    except ValueError as exc:
        fail(str(exc))
    return overrides


@click.command()
@click.argument("urls", nargs=-1)
@REDIS_OPTION
@PREFIX_OPTION
@click.option("--idle-timeout", default=30.0, show_default=True, type=float, metavar="SECONDS",
              help="Exit once the shared frontier has been empty (nothing queued, nothing in"
                   " flight at any worker) for this long.")
@click.option("--host-delay", default=None, type=float, metavar="SECONDS",
              help="Least time between two requests to one host, across all workers"
                   " [default: DOWNLOAD_DELAY, 1.0; 0 with --fast].")
@click.option("--heartbeat", default=10.0, show_default=True, type=float, metavar="SECONDS",
              help="A worker silent this long counts as dead: its requests go back to the"
                   " frontier.")
@click.option("--backlog", default=2000, show_default=True, type=click.IntRange(0),
              help="Entries the writer may lag behind before workers wait (0: no limit).")
@click.option("--fast", is_flag=True,
              help="No Scrapy delays or AutoThrottle: only for servers you run yourself"
                   " (--host-delay still applies).")
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="A TOML sites file (as `newscrawl crawl --sites`) instead of URLs: its"
                   " names name each site's crawl run and articles; a site's delay is its"
                   " hosts' --host-delay.")
@click.option("--only", default=None, metavar="NAME,...",
              help="With --sites: crawl only these sites (disabled ones too).")
@SETTINGS_OPTION
@LOG_OPTION
def worker(urls: tuple[str, ...], redis_url: str | None, prefix: str, idle_timeout: float,
           host_delay: float | None, heartbeat: float, backlog: int, fast: bool,
           sites_file: Path | None, only: str | None, settings: tuple[str, ...],
           log_file: str | None) -> None:
    """One crawl worker of a distributed crawl (start as many as you like, anywhere).

    Every worker of a crawl is given the same site URLs (or sites file) and the same
    Redis. They share
    scrapy-redis's frontier and seen-set, keep to one request per --host-delay per host
    between them, and send items and raw captures to the writer (`newscrawl writer`),
    which owns the archive. A killed worker's requests go back to the frontier after
    --heartbeat seconds. Exits 0 once the crawl has run out of work. The writer records
    one crawl run per site.

    \b
    Examples:
        newscrawl worker https://leigh-on-sea.news/ --redis redis://10.0.0.5:6379/0
        newscrawl worker http://127.0.0.1:8765/ --fast --host-delay 0.1 --idle-timeout 5
        newscrawl worker --sites sites.toml --redis redis://10.0.0.5:6379/0
    """
    if only is not None and sites_file is None:
        fail("--only needs --sites")
    if sites_file is not None and urls:
        fail("give start URLs or --sites, not both")
    dist = _distributed()
    overrides = _settings(settings, fast)
    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    try:
        result = dist.worker.run_worker(
            list(urls) or None, redis=redis_url, prefix=prefix, idle_timeout=idle_timeout,
            host_interval=host_delay, heartbeat=heartbeat, backlog=backlog, settings=overrides,
            log_file=log_file, sites_file=sites_file, only=names)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    stats = result.stats
    click.echo(
        f"worker {result.worker_id} {'done' if result.exhausted else 'stopped'}"
        f" ({result.finish_reason}): {stats.get('downloader/request_count', 0)} requests,"
        f" {stats.get('newscrawl/captures_sent', 0)} captures sent,"
        f" {result.requeued} requests of dead workers requeued", err=True)
    if result.exit_code:
        fail(f"worker stopped before the crawl ended: {result.finish_reason}", result.exit_code)


@click.command()
@DB_OPTION
@REDIS_OPTION
@PREFIX_OPTION
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1),
              help="Stream entries written per transaction.")
@SETTINGS_OPTION
@LOG_OPTION
def writer(db: Path, redis_url: str | None, prefix: str, batch: int,
           settings: tuple[str, ...], log_file: str | None) -> None:
    """The archive writer of a distributed crawl (one, on the machine with the archive).

    Writes what the workers (`newscrawl worker`) send: raw captures to WARC files beside
    the archive, items to the SQLite archive, as `newscrawl crawl` would, each under its
    site's crawl run (one per site, named as the workers name the sites); then, once the
    workers are done, learns the site templates, closes the runs and clears the crawl
    from Redis. Killed, it loses nothing: start it again. SIGINT/SIGTERM stop it
    after the batch in hand (exit 1; a later writer resumes the run).

    \b
    Example:
        newscrawl writer --db data/news.db --redis redis://10.0.0.5:6379/0
    """
    dist = _distributed()
    overrides = _settings(settings)
    try:
        result = dist.writer.run_writer(db, redis=redis_url, prefix=prefix, batch=batch,
                                        settings=overrides, log_file=log_file)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    if result.run_id is None:
        fail("writer stopped before anything was archived", result.exit_code)
    title = "crawl finished" if result.status == "finished" else "writer stopped early"
    click.echo(format_summary(result.summary, title), err=True)
    if len(result.sites) > 1:
        click.echo(f"sites: {len(result.sites)}, one crawl run each", err=True)
    for name, site in result.sites.items():
        click.echo(f"  {name:<24} run {result.runs[name]:<5} {site['status']:<12}"
                   f" new {site['articles_new']}, updated {site['articles_updated']},"
                   f" pages {site['pages_fetched']}, errors {site['errors']}", err=True)
    again = sum(result.counts[k] for k in ("captures_again", "articles_again", "errors_again"))
    if again:
        click.echo(f"  sent twice      {again} (archived once: a worker or writer was"
                   " restarted, or two workers found one article)", err=True)
    if result.exit_code:
        fail("writer stopped before the crawl ended (start it again to go on)", result.exit_code)

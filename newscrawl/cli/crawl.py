"""`newscrawl crawl` and `newscrawl demo`: fill an archive."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail, format_summary


@click.command()
@click.argument("urls", nargs=-1)
@DB_OPTION
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="Scrapy or newscrawl setting, as `scrapy crawl -s` (repeatable).",
)
@click.option("--fast", is_flag=True, help="No politeness delays: only for servers you run yourself.")
@click.option("--profile", default=None, help="Site profile name from newscrawl/sites/ (default: by host/site name).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress display: warnings, errors and the summary only.")
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A TOML file of sites to crawl into the archive, one after another (see README).")
@click.option("--only", default=None, metavar="NAME,...",
              help="With --sites: crawl only these sites (disabled ones too).")
def crawl(urls: tuple[str, ...], db: Path, settings: tuple[str, ...], fast: bool,
          profile: str | None, quiet: bool, sites_file: Path | None, only: str | None) -> None:
    """Crawl site(s) into the archive (default: https://leigh-on-sea.news/).

    Discovers articles from robots.txt, sitemaps, the RSS feed and archive pages;
    obeys robots.txt and throttles itself. Prints progress (a live display on a
    terminal, a line every 30 s otherwise), warnings and errors, then a summary; the
    complete log goes to logs/crawl.log beside the archive.

    \b
    Examples:
        newscrawl crawl
        newscrawl crawl https://leigh-on-sea.news/ --db data/news.db
        newscrawl crawl http://127.0.0.1:8765/ --fast -s CLOSESPIDER_PAGECOUNT=100
        newscrawl crawl -s JOBDIR=data/job -s LOG_LEVEL=WARNING
        newscrawl crawl --sites sites.toml --db data/local-news.db
    """
    try:
        overrides: dict = dict(api.FAST_SETTINGS) if fast else {}
        overrides.update(api.parse_setting_args(settings))
    except ValueError as exc:
        fail(str(exc))
    if profile:
        overrides["NEWSCRAWL_PROFILE"] = profile
    if quiet:
        overrides.setdefault("NEWSCRAWL_PROGRESS", "off")
    if sites_file is not None or only is not None:
        if sites_file is None:
            fail("--only needs --sites")
        if urls or profile:
            fail("give start URLs (and --profile) or --sites, not both")
        _crawl_sites(sites_file, db, overrides, only)
        return
    try:
        result = api.crawl(list(urls) or None, db=db, settings=overrides)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    title = ("crawl finished" if not result.exit_code
             else "crawl failed" if result.fatal else "crawl stopped early")
    click.echo(format_summary(result.summary, title), err=True)
    if result.fatal:
        fail(result.fatal, result.exit_code)
    if result.exit_code:
        fail(f"crawl stopped early: {result.finish_reason}", result.exit_code)


def _crawl_sites(sites_file: Path, db: Path, overrides: dict, only: str | None) -> None:
    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    try:
        results = api.crawl_sites(sites_file, db=db, settings=overrides, only=names)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    worst = 0
    lines = []
    for site in results:
        code = site.exit_code
        worst = max(worst, code)
        if site.result is not None:
            title = ("crawl finished" if not code
                     else "crawl failed" if site.result.fatal else "crawl stopped early")
            click.echo(format_summary(site.result.summary, f"{site.name}: {title}"), err=True)
            summary = site.result.summary
            outcome = (site.result.fatal or summary.get("status") or site.result.finish_reason)
            lines.append(f"  {site.name:<24} {outcome:<12} new {summary.get('articles_new', 0)},"
                         f" updated {summary.get('articles_updated', 0)},"
                         f" gone {summary.get('articles_gone', 0)},"
                         f" errors {summary.get('errors', 0)}")
        else:
            click.echo(f"{site.name}: not crawled: {site.error}", err=True)
            lines.append(f"  {site.name:<24} not crawled: {site.error}")
    ok = sum(1 for site in results if not site.exit_code)
    click.echo(f"sites: {ok} of {len(results)} crawled without failure", err=True)
    click.echo("\n".join(lines), err=True)
    if worst:
        raise SystemExit(worst)


@click.command()
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
        fail(str(exc), exc.exit_code)

"""`newscrawl publish`: a folder to serve the archive elsewhere with plain Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail


@click.command()
@DB_OPTION
@click.option("-o", "--out", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (new or empty; --overwrite replaces an earlier publish).")
@click.option("--allow-sql", is_flag=True,
              help="Allow arbitrary read-only SQL (default: off, ?sql= answers 403).")
@click.option("--slim", is_flag=True,
              help="Leave out the crawler's working tables (rest_posts, listings, site_templates).")
@click.option("--name", default=None, metavar="NAME",
              help="Service/app name in the deploy commands [default: newscrawl-<db name>].")
@click.option("--overwrite", is_flag=True, help="Replace DIR if an earlier publish wrote it.")
def publish(db: Path, out: Path, allow_sql: bool, slim: bool, name: str | None,
            overwrite: bool) -> None:
    """Prepare the archive for serving elsewhere: a folder for `datasette serve`,
    `datasette package` and `datasette publish`.

    The folder holds a consistent copy of the database (safe while a crawl writes; WARC
    files are not copied), metadata.json (column docs, facets, search, canned queries;
    no arbitrary SQL unless --allow-sql), the templates, plugins and stylesheet of
    `newscrawl serve`, the newscrawl wheel the plugins import, and commands.txt and
    README.md with the exact commands, run from inside the folder. Nothing is deployed.

    \b
    Examples:
        newscrawl publish --out publish/news
        newscrawl publish --db data/demo.db -o publish/demo --slim --name leigh-news
        newscrawl publish -o publish/news --overwrite --allow-sql
    """
    try:
        result = api.publish(db, out, allow_sql=allow_sql, slim=slim, name=name,
                             overwrite=overwrite)
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)
    articles = result.counts.get("articles", 0)
    click.echo(f"published {db} ({articles:,} articles) to {result.out}/", err=True)
    click.echo(f"cd {result.out}")
    for target in ("install", "serve", "package", "cloudrun", "heroku", "vercel", "fly"):
        click.echo(f"# {target}\n{result.commands[target]}")
    click.echo(f"(all of them, with what each needs: {result.out / 'commands.txt'})", err=True)

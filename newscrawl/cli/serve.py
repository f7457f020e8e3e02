"""`newscrawl serve`: browse the archive in Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; another than loopback needs --password or --public.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--public", is_flag=True,
              help="Serve to anyone who can reach --host: pages and canned queries, no arbitrary SQL.")
@click.option("--allow-sql", is_flag=True, help="With --public, allow arbitrary (read-only) SQL too.")
@click.option("--password", is_flag=True,
              help=f"Ask for a password (HTTP basic auth); ${api.PASSWORD_ENV} holds its hash "
                   "from `datasette hash-password`.")
@click.option("--user", default="researcher", show_default=True, help="User name for --password.")
def serve(db: Path, host: str, port: int, public: bool, allow_sql: bool, password: bool,
          user: str) -> None:
    """Browse and search the archive in Datasette.

    Listens on 127.0.0.1 only unless told otherwise; robots are always asked to keep out.

    \b
    Examples:
        newscrawl serve
        newscrawl serve --db data/demo.db --port 8002
        newscrawl serve --host 0.0.0.0 --public
        newscrawl serve --host 0.0.0.0 --password   # with $NEWSCRAWL_PASSWORD_HASH set
    Then open http://127.0.0.1:8001/ ; every table also answers as .json and .csv.
    """
    options = api.ServeOptions(host=host, port=port, public=public, allow_sql=allow_sql,
                               password=password, user=user)
    try:
        api.serve(db, options=options,
                  on_ready=lambda: click.echo(f"Serving {db} at http://{host}:{port}/", err=True))
    except api.NewscrawlError as exc:
        fail(str(exc), exc.exit_code)

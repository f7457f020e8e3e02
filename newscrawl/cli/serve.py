"""`newscrawl serve`: browse the archive in Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawl import api
from newscrawl.cli.options import DB_OPTION, fail


@click.command()
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
        fail(str(exc), exc.exit_code)

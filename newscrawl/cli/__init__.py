"""The `newscrawl` command: a click group of thin commands over newscrawl.api.

Commands live by job in this package (``crawl.py``: crawl and demo, ``serve.py``,
``export.py``, ``archive.py``: reparse, schedule and status); what they share (``--db``,
``fail``, the crawl summary) is defined once in ``options.py``.
"""

from __future__ import annotations

import click

from newscrawl import __version__
from newscrawl.cli.archive import reparse, schedule, status
from newscrawl.cli.crawl import crawl, demo
from newscrawl.cli.distributed import worker, writer
from newscrawl.cli.export import export
from newscrawl.cli.options import DB_OPTION, fail, format_summary
from newscrawl.cli.publish import publish
from newscrawl.cli.serve import serve

__all__ = ["DB_OPTION", "cli", "fail", "format_summary", "main"]


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


for _command in (crawl, serve, export, demo, reparse, schedule, status, publish, worker, writer):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console entry point
    cli()

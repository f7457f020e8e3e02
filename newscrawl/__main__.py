"""`python -m newscrawl` runs the CLI."""

from newscrawl.cli import cli

if __name__ == "__main__":
    cli()

"""The docs pinned to the code, as sqlite-utils' own tests/test_docs.py does.

- every command of the click group is in README.md's command table, has help text, and
  its ``--help`` ends with examples that are valid invocations of that command;
- every option a README row names is a real option of its command;
- every table the store's migrations create is described in docs/archive.md, and every
  table described there exists;
- every column of ``articles`` (the fresh archive's and ``ARTICLE_COLUMNS``) has a row in
  docs/fields.md's ``articles`` section, and every column of the other tables is named
  in its section of docs/fields.md or docs/archive.md.
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newscrawl.cli import cli
from newscrawl.extract.model import ARTICLE_COLUMNS
from newscrawl.store import Store

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHIVE_MD = (ROOT / "docs" / "archive.md").read_text(encoding="utf-8")
FIELDS_MD = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")

COMMANDS = sorted(cli.commands)


# --- helpers ----------------------------------------------------------------------------
def section(markdown: str, heading: str) -> str:
    """The text under the first heading that contains ``heading``, up to the next heading
    of the same or a higher level."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"(#+) ", line)
        if match and heading in line:
            level = len(match.group(1))
            body = []
            for following in lines[i + 1:]:
                other = re.match(r"(#+) ", following)
                if other and len(other.group(1)) <= level:
                    break
                body.append(following)
            return "\n".join(body)
    raise AssertionError(f"no heading containing {heading!r}")


def first_cells(markdown: str) -> list[str]:
    """The first cell of every Markdown table row (header and rule rows included)."""
    return [line.split("|")[1].strip() for line in markdown.splitlines()
            if line.startswith("|") and line.count("|") >= 3]


def code_names(text: str) -> set[str]:
    """Names written as `code` in ``text``."""
    return set(re.findall(r"`([^`]+)`", text))


def readme_rows() -> dict[str, str]:
    """README's command table: command name -> the whole row."""
    table = section(README, "## Commands")
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\| `newscrawl ([a-z-]+)[^`]*` \|", line)
        if match:
            rows[match.group(1)] = line
    return rows


@pytest.fixture(scope="module")
def fresh_archive(tmp_path_factory) -> Path:
    """An empty archive as the store's migrations create it."""
    path = tmp_path_factory.mktemp("docs") / "fresh.db"
    Store(path).close()
    return path


def archive_tables(path: Path) -> dict[str, list[str]]:
    """Table -> columns (generated ones included) of an archive, leaving out SQLite's own
    tables, the migrations ledger and the shadow tables of FTS indexes."""
    conn = sqlite3.connect(path)
    try:
        master = conn.execute("select name, sql from sqlite_master where type = 'table'").fetchall()
        fts = [name for name, sql in master if re.match(r"CREATE VIRTUAL TABLE .* USING FTS",
                                                        sql or "", re.I)]
        shadow = {f"{name}_{suffix}" for name in fts
                  for suffix in ("data", "idx", "docsize", "config", "content")}
        tables = {}
        for name, _ in master:
            if name.startswith("sqlite_") or name == "_sqlite_migrations" or name in shadow:
                continue
            # table_xinfo lists generated columns too (hidden 2, 3); 1 marks the hidden
            # columns of a virtual table (an FTS index's own name and rank).
            tables[name] = [row[1] for row in conn.execute(f"pragma table_xinfo([{name}])")
                            if row[6] != 1]
        return tables
    finally:
        conn.close()


# --- the CLI ----------------------------------------------------------------------------
def test_the_group_has_commands():
    assert {"crawl", "serve", "export", "reparse", "status"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme_table(name):
    rows = readme_rows()
    assert name in rows, f"`newscrawl {name}` has no row in README.md's command table"
    description = rows[name].rstrip("|").split(" | ", 1)[1].strip()
    assert len(description) > 10, f"README row of {name} has no description"


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_row_names_only_real_options(name):
    row = readme_rows().get(name, "")
    command = cli.commands[name]
    real = {opt for param in command.params for opt in param.opts + param.secondary_opts}
    written = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", row.split(" | ")[0]))
    written |= {opt for opt in re.findall(r"`(--?[a-zA-Z][\w-]*)", row)}
    assert written <= real, f"README row of {name} names options it does not have: {written - real}"


def test_every_readme_row_is_a_command():
    assert set(readme_rows()) <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    command = cli.commands[name]
    assert command.help and command.help.strip(), f"{name} has no help text"
    assert command.get_short_help_str().strip(), f"{name} has no short help"


def help_examples(name: str) -> list[str]:
    result = CliRunner().invoke(cli, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    match = re.search(r"^ *Examples?:\n((?: {4,}.*\n)+)", result.output, re.M)
    assert match, f"`newscrawl {name} --help` has no Examples section:\n{result.output}"
    return [line.strip() for line in match.group(1).splitlines()]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_examples_are_valid_invocations(name, tmp_path):
    """Each example line runs `newscrawl NAME ...` with arguments the command accepts."""
    examples = help_examples(name)
    assert examples
    command = cli.commands[name]
    for example in examples:
        line = example.split(" | ")[0]  # a pipe into another tool
        words = shlex.split(line, comments=True)
        assert words[:2] == ["newscrawl", name], f"example is not `newscrawl {name}`: {example}"
        # make_context parses and converts every argument without running the command.
        with click.Context(cli, info_name="newscrawl"):
            command.make_context(name, words[2:])


# --- the tables -------------------------------------------------------------------------
def documented_tables() -> set[str]:
    database = section(ARCHIVE_MD, "## The database")
    return {name for cell in first_cells(database) for name in code_names(cell)}


def test_every_table_is_described_in_archive_md(fresh_archive):
    tables = set(archive_tables(fresh_archive))
    assert {"articles", "article_versions", "crawl_runs", "captures"} <= tables
    missing = tables - documented_tables()
    assert not missing, f"tables missing from docs/archive.md's table list: {sorted(missing)}"


def test_every_table_archive_md_describes_exists(fresh_archive):
    stale = documented_tables() - set(archive_tables(fresh_archive))
    assert not stale, f"docs/archive.md describes tables the store does not create: {sorted(stale)}"


# --- the columns ------------------------------------------------------------------------
def documented_article_columns() -> set[str]:
    articles = section(FIELDS_MD, "## `articles`")
    return {name for cell in first_cells(articles) for name in code_names(cell)}


def test_every_articles_column_has_a_row_in_fields_md(fresh_archive):
    columns = set(archive_tables(fresh_archive)["articles"]) | set(ARTICLE_COLUMNS)
    missing = columns - documented_article_columns()
    assert not missing, f"articles columns missing from docs/fields.md: {sorted(missing)}"


def test_fields_md_articles_rows_are_real_columns(fresh_archive):
    stale = documented_article_columns() - set(archive_tables(fresh_archive)["articles"])
    assert not stale, f"docs/fields.md describes articles columns that do not exist: {sorted(stale)}"


def other_tables() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.db"
        Store(path).close()
        return sorted(set(archive_tables(path)) - {"articles"})


@pytest.mark.parametrize("table", other_tables())
def test_every_column_of_other_tables_is_described(fresh_archive, table):
    columns = set(archive_tables(fresh_archive)[table])
    if table.endswith("_fts"):
        # The full-text index: its columns are articles columns, described there.
        columns -= documented_article_columns()
    named = set()
    for doc in (FIELDS_MD, ARCHIVE_MD):
        try:
            named |= code_names(section(doc, f"`{table}`"))
        except AssertionError:
            continue
    missing = columns - named
    assert not missing, (f"columns of {table} described in neither docs/fields.md nor "
                         f"docs/archive.md (a section whose heading names `{table}`): "
                         f"{sorted(missing)}")

"""Read-only helpers for export, status and Datasette: they never create, migrate or lock
the database, so they are safe beside a running crawl (WAL)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.store import month_index
from newscrawl.store.schema import (
    LEGACY_RUN_KIND_SQL,
    SEARCH_INDEX_BY_DATE,
    SEARCH_INDEX_BY_ID,
)
from newscrawl.store.store import StoreError


def connect_readonly(db_path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection; StoreError (naming the file) if it is missing or unusable."""
    path = Path(db_path).expanduser().absolute()
    if not path.is_file():
        raise StoreError(f"{path}: no such database file")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    return conn


def _where(status: str | None) -> tuple[str, list[Any]]:
    return ("WHERE status = ?", [status]) if status else ("", [])


def iter_articles(
    db_path: str | os.PathLike[str], status: str | None = None, *, chunk: int = 200,
) -> Iterator[dict[str, Any]]:
    """Every article row (optionally only 'live' or 'gone'), newest published first,
    streamed ``chunk`` rows at a time: memory does not grow with the archive."""
    where, params = _where(status)
    with closing(connect_readonly(db_path)) as conn:
        try:
            cur = conn.execute(
                f"SELECT * FROM articles {where} ORDER BY published DESC, id", params
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: {exc}") from exc
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            for row in rows:
                yield dict(zip(names, row, strict=True))


def article_count(db_path: str | os.PathLike[str], status: str | None = None) -> int:
    """Number of article rows (optionally with that status)."""
    where, params = _where(status)
    with closing(connect_readonly(db_path)) as conn:
        try:
            return conn.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: {exc}") from exc


def _dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def versions(db_path: str | os.PathLike[str], url: str) -> list[dict[str, Any]]:
    """The stored versions of one article, oldest first."""
    with closing(connect_readonly(db_path)) as conn:
        return article_versions(conn, url)


# --- on a connection someone else opened (Datasette's, via ``db.execute_fn``) ----------
def article_versions(conn: sqlite3.Connection, url: str) -> list[dict[str, Any]]:
    """The stored versions of the article at ``url``, oldest first."""
    return _dicts(conn.execute(
        "SELECT * FROM article_versions WHERE url = ? ORDER BY version", [url]))


def article_url(conn: sqlite3.Connection, article_id: int | str) -> str | None:
    """The URL of the article with this id, or None."""
    row = conn.execute("SELECT url FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def article_history(
    conn: sqlite3.Connection, url: str,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The article's row (id, url, title, status, gone_since, version_count, first and
    last seen), or None, and its versions oldest first: the edit-history page."""
    rows = _dicts(conn.execute(
        "SELECT id, url, title, status, gone_since, version_count, first_seen, last_seen"
        " FROM articles WHERE url = ?", [url]))
    return (rows[0] if rows else None), article_versions(conn, url)


# --- newscrawl status ------------------------------------------------------------------
RUN_FIELDS = (
    "id", "kind", "started", "finished", "status", "duration_s", "pages_fetched", "requests",
    "articles_new", "articles_updated", "articles_unchanged", "articles_gone", "errors",
    "error", "targets",
)


def recent_runs(db_path: str | os.PathLike[str], limit: int) -> list[dict[str, Any]]:
    """The last ``limit`` crawl_runs rows, newest first, as stored (``targets`` JSON text).

    An archive not yet migrated to ``crawl_runs.kind`` (read-only here, so never migrated)
    gets the kind its older rows encode. StoreError if it is no newscrawl archive."""
    with closing(connect_readonly(db_path)) as conn:
        try:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(crawl_runs)")}
            fields = [f if f != "kind" or "kind" in columns else f"{LEGACY_RUN_KIND_SQL} AS kind"
                      for f in RUN_FIELDS]
            cur = conn.execute(
                f"SELECT {', '.join(fields)} FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]
        except sqlite3.Error as exc:
            raise StoreError(f"{Path(db_path)}: not a newscrawl archive ({exc})") from exc


_TOTALS = {
    "articles": "SELECT count(*) FROM articles",
    "articles_live": "SELECT count(*) FROM articles WHERE status = 'live'",
    "articles_gone": "SELECT count(*) FROM articles WHERE status = 'gone'",
    "articles_protected": "SELECT count(*) FROM articles WHERE status = 'protected'",
    "articles_edited": "SELECT count(*) FROM articles WHERE version_count > 1",
    "versions": "SELECT count(*) FROM article_versions",
    "captures": "SELECT count(*) FROM captures",
    "captures_revisit": "SELECT count(*) FROM captures WHERE record_type = 'revisit'",
    "captures_not_modified": "SELECT count(*) FROM captures WHERE status = 304",
    "errors": "SELECT count(*) FROM errors",
}


def archive_totals(db_path: str | os.PathLike[str]) -> dict[str, int]:
    """Counts of articles (by status, edited), versions, captures (revisits, 304s) and
    errors; a table an older archive lacks counts 0."""
    out: dict[str, int] = {}
    with closing(connect_readonly(db_path)) as conn:
        for name, sql in _TOTALS.items():
            try:
                out[name] = int(conn.execute(sql).fetchone()[0] or 0)
            except sqlite3.OperationalError:  # an archive made before the table existed
                out[name] = 0
    return out


def warc_filenames(db_path: str | os.PathLike[str]) -> set[str]:
    """The WARC file names the archive's captures index names (its own files)."""
    with closing(connect_readonly(db_path)) as conn:
        try:
            return {r[0] for r in conn.execute("SELECT DISTINCT warc_filename FROM captures")}
        except sqlite3.OperationalError:
            return set()


# --- Datasette's home page and search (run via ``db.execute_fn``) ----------------------
def _one(conn: sqlite3.Connection, sql: str, params: list[Any] | None = None) -> Any:
    row = conn.execute(sql, params or []).fetchone()
    return row[0] if row else None


def home_summary(conn: sqlite3.Connection, sections: int = 10) -> dict[str, Any]:
    """What the archive holds, from indexed queries only: article count (and by status),
    first and last published (MIN/MAX on the published index), the ``sections`` largest
    sections (GROUP BY on the section index) and the last crawl_runs row."""
    out: dict[str, Any] = {
        "articles": _one(conn, "SELECT count(*) FROM articles") or 0,
        "first_published": _one(
            conn, "SELECT min(published) FROM articles WHERE published IS NOT NULL"),
        "last_published": _one(
            conn, "SELECT max(published) FROM articles WHERE published IS NOT NULL"),
    }
    out["by_status"] = dict(conn.execute(
        "SELECT status, count(*) FROM articles GROUP BY status ORDER BY count(*) DESC"
    ).fetchall())
    rows = conn.execute(
        "SELECT section, count(*) AS n FROM articles WHERE section IS NOT NULL"
        " GROUP BY section ORDER BY n DESC, section"
    ).fetchall()
    out["section_count"] = len(rows)
    out["sections"] = [{"section": s, "count": n} for s, n in rows[:sections]]
    runs = _dicts(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))
    out["last_run"] = runs[0] if runs else None
    return out


SEARCH_MAX_CHARS = 500
# bm25 weights of articles_fts' columns (schema.FTS_COLUMNS: title, standfirst, body).
SEARCH_WEIGHTS = (10.0, 4.0, 1.0)
# Facets count at most this many matching articles (said on the page when cut short).
FACET_ROWS = 10_000
MARK_START, MARK_END = "\ue000", "\ue001"  # snippet() markers, made <mark> after escaping
# The covering indexes the search page, its facets and the trends read instead of the
# article rows (schema m012: SEARCH_INDEX_COLUMNS keyed by id, and by published).
SEARCH_INDEXES = (SEARCH_INDEX_BY_ID, SEARCH_INDEX_BY_DATE)


class SearchError(ValueError):
    """A search the archive cannot run (a malformed raw FTS5 query): the message says why."""


_FTS_TOKEN = re.compile(r'"([^"]*)"?(\*?)|(\S+)')
_FTS_OPERATORS = ("AND", "OR", "NOT")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(text: str) -> str:
    """A user's search as a safe FTS5 expression: every word and "phrase" quoted, as
    Datasette's ``escape_fts`` does (so no character is FTS5 syntax), keeping what people
    type on purpose: a trailing ``*`` (prefix), "exact phrases", and AND / OR / NOT (in
    capitals) between two terms. Dangling operators are dropped, an unclosed quote is
    closed. '' when nothing searchable is left."""
    items: list[tuple[str, str]] = []
    for phrase, star, word in _FTS_TOKEN.findall(text):
        if word:
            if word in _FTS_OPERATORS:
                items.append(("op", word))
                continue
            core = word.rstrip("*")
            if not any(ch.isalnum() for ch in core):
                continue
            items.append(("term", _quote(core) + ("*" if word.endswith("*") else "")))
        elif any(ch.isalnum() for ch in phrase):
            items.append(("term", _quote(phrase) + star))
    out: list[str] = []
    pending: str | None = None
    for kind, value in items:
        if kind == "op":
            pending = value if out else None
            continue
        if pending:
            out.append(pending)
            pending = None
        out.append(value)
    return " ".join(out)


def _indexed_by(conn: sqlite3.Connection, name: str) -> str:
    """`` INDEXED BY name`` when the archive has that index (schema m012), else '': an
    archive not yet migrated is searched the slow way, never refused."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                       [name]).fetchone()
    return f" INDEXED BY {name}" if row else ""


def _search_filters(
    since: str | None, until: str | None, section: str | None, author: str | None,
    tag: str | None, site: str | None = None,
) -> tuple[list[str], list[Any]]:
    """The filters of a search as conditions on ``articles a`` (columns the search
    indexes cover) and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append(f"substr(a.published, 1, {len(until)}) <= ?")
        params.append(until)
    if section:
        where.append("a.section = ?")
        params.append(section)
    if site:
        where.append("a.site = ?")
        params.append(site)
    for column, value in (("authors", author), ("tags", tag)):
        if value:
            # A value JSON writes as itself (ASCII, no quote, backslash or control
            # character) is in the array's text wherever it is in the array: instr()
            # skips the other rows before json_each parses one.
            if json.dumps(value)[1:-1] == value:
                where.append(f"instr(a.{column}, ?) > 0")
                params.append(value)
            where.append(
                f"EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(a.{column})"
                f" THEN a.{column} ELSE '[]' END) AS j WHERE j.value = ?)")
            params.append(value)
    return where, params


def _and(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def search_articles(
    conn: sqlite3.Connection, match: str | None, *, sort: str = "rank",
    since: str | None = None, until: str | None = None, section: str | None = None,
    author: str | None = None, tag: str | None = None, limit: int = 20, offset: int = 0,
    facet_size: int = 10, site: str | None = None,
) -> dict[str, Any]:
    """Articles matching the FTS5 expression ``match`` (None: every article) and the
    filters, ranked by bm25 (title weighted above standfirst above body; ties newest
    published first) or, with ``sort='date'``, newest published first; each with a
    snippet whose matches are wrapped in MARK_START/MARK_END. Also the total and facet
    counts (site, section, authors, tags, year) over at most FACET_ROWS matching articles.
    SearchError on a malformed FTS5 expression.

    Fast at 100,000 articles: the ranking, the total and the facets read the search
    indexes (SEARCH_INDEXES), never the article rows, and the snippets and row fields
    are read for the page's rows only."""
    by_id = _indexed_by(conn, SEARCH_INDEX_BY_ID)
    by_date = _indexed_by(conn, SEARCH_INDEX_BY_DATE)
    filters, fparams = _search_filters(since, until, section, author, tag, site)
    w = ", ".join(str(x) for x in SEARCH_WEIGHTS)
    if match:
        source = f"articles_fts JOIN articles a{by_id} ON a.id = articles_fts.rowid"
        where, params = _and(["articles_fts MATCH ?", *filters]), [match, *fparams]
    else:
        source, where, params = f"articles a{by_date}", _and(filters), fparams
    try:
        if match and sort != "date":
            page = conn.execute(
                f"SELECT a.id FROM {source}{where}"
                f" ORDER BY bm25(articles_fts, {w}), a.published DESC, a.id DESC"
                " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        else:  # newest first: the date index in order, each row checked (stops early)
            clauses = list(filters)
            if match:
                clauses.append("a.id IN (SELECT rowid FROM articles_fts"
                               " WHERE articles_fts MATCH ?)")
            page = conn.execute(
                f"SELECT a.id FROM articles a{by_date}{_and(clauses)}"
                " ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
                [*fparams, *([match] if match else []), limit, offset]).fetchall()
        ids = [r[0] for r in page]
        rows = _page_rows(conn, match, ids, w)
        if match and not filters:  # the FTS index alone (its triggers keep it in step)
            total = _one(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                         [match]) or 0
        else:
            total = _one(conn, f"SELECT count(*) FROM {source}{where}", params) or 0
        facet_rows = conn.execute(
            f"WITH m AS MATERIALIZED (SELECT a.site, a.section, a.authors, a.tags,"
            f" substr(a.published, 1, 4) AS year FROM {source}{where}"
            f" LIMIT {int(FACET_ROWS)})"
            " SELECT 'site', site, count(*) FROM m WHERE site IS NOT NULL GROUP BY site"
            " UNION ALL SELECT 'section', section, count(*) FROM m WHERE section IS NOT NULL"
            " GROUP BY section"
            " UNION ALL SELECT 'year', year, count(*) FROM m WHERE year IS NOT NULL"
            " GROUP BY year"
            " UNION ALL SELECT 'authors', j.value, count(*) FROM m, json_each(CASE WHEN"
            " json_valid(m.authors) THEN m.authors ELSE '[]' END) AS j GROUP BY j.value"
            " UNION ALL SELECT 'tags', j.value, count(*) FROM m, json_each(CASE WHEN"
            " json_valid(m.tags) THEN m.tags ELSE '[]' END) AS j GROUP BY j.value",
            params).fetchall()
    except sqlite3.OperationalError as exc:
        if match:  # the expression (a raw one: fts_expression's are always valid)
            raise SearchError(str(exc)) from exc
        raise
    facets: dict[str, list[dict[str, Any]]] = {"site": [], "section": [], "authors": [],
                                               "tags": [], "year": []}
    for name, value, count in facet_rows:
        facets[name].append({"value": value, "count": count})
    for name, values in facets.items():
        if name == "year":  # every year, newest first
            facets[name] = sorted(values, key=lambda v: v["value"], reverse=True)
        else:
            facets[name] = sorted(values, key=lambda v: (-v["count"], str(v["value"])))[
                :facet_size]
    return {"rows": rows, "total": total, "facets": facets,
            "facets_truncated": total > FACET_ROWS}


def _page_rows(conn: sqlite3.Connection, match: str | None, ids: list[int],
               weights: str) -> list[dict[str, Any]]:
    """The result rows of one page (``ids`` in page order): fields, score and snippet,
    computed for these rows only."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    fields = ("a.id, a.url, a.title, a.published, a.section, a.authors, a.tags, a.status,"
              " a.site")
    if match:
        # One pass over the matches between the page's first and last rowid; the unary
        # + keeps the IN list away from FTS5, which would run the query once per id.
        found = _dicts(conn.execute(
            f"SELECT {fields}, bm25(articles_fts, {weights}) AS score,"
            f" snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '…', 32) AS snippet"
            " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ?"
            f" AND +articles_fts.rowid IN ({marks})", [match, min(ids), max(ids), *ids]))
    else:
        found = _dicts(conn.execute(
            f"SELECT {fields}, NULL AS score,"
            " substr(coalesce(a.standfirst, a.body, ''), 1, 240) AS snippet"
            f" FROM articles a WHERE a.id IN ({marks})", ids))
    by_id = {r["id"]: r for r in found}
    return [by_id[i] for i in ids if i in by_id]


# --- newscrawl export: filtered, streamed -----------------------------------------------
class ExportQueryError(StoreError):
    """A filter the archive cannot run (a malformed full-text query, an unknown field)."""


@dataclass(frozen=True)
class ExportFilters:
    """What `newscrawl export` selects: articles matching every given filter (values of
    one filter are alternatives); with ``versions`` every stored version of them."""

    since: str | None = None
    until: str | None = None
    sections: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    search: str | None = None
    raw_fts: bool = False
    statuses: tuple[str, ...] = ()
    versions: bool = False


def export_columns(
    db_path: str | os.PathLike[str], versions: bool = False,
) -> list[tuple[str, str]]:
    """(name, declared SQLite type) of every column an export can hold, in table order:
    ``articles`` (generated columns such as ``year`` included) or ``article_versions``."""
    table = "article_versions" if versions else "articles"
    with closing(connect_readonly(db_path)) as conn:
        try:
            rows = conn.execute(
                "SELECT name, type, hidden FROM pragma_table_xinfo(?)", [table]).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: {exc}") from exc
    if not rows:
        raise StoreError(f"{db_path}: not a newscrawl archive (no {table} table)")
    return [(name, (decl or "").upper()) for name, decl, hidden in rows if hidden != 1]


def _in(expr: str, values: tuple[str, ...], params: list[Any], nocase: bool = True) -> str:
    params.extend(values)
    marks = ", ".join("?" * len(values))
    return f"{expr}{' COLLATE NOCASE' if nocase else ''} IN ({marks})"


def _export_where(filters: ExportFilters) -> tuple[str, list[Any]]:
    """The WHERE clause on ``articles a`` and its parameters (user values only as ?).
    ``filters.search`` is read as the search page reads it (``fts_expression``) unless
    ``raw_fts``; ExportQueryError when it leaves nothing to search for."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.since:
        clauses.append("a.published >= ?")
        params.append(filters.since)
    if filters.until:  # inclusive: 2024-06 keeps all of June
        clauses.append("substr(a.published, 1, ?) <= ?")
        params += [len(filters.until), filters.until]
    if filters.sections:
        clauses.append(_in("a.section", filters.sections, params))
    if filters.authors:
        clauses.append("EXISTS (SELECT 1 FROM json_each(a.authors) j WHERE "
                       + _in("j.value", filters.authors, params) + ")")
    if filters.tags:
        clauses.append("EXISTS (SELECT 1 FROM json_each(a.tags) j WHERE "
                       + _in("j.value", filters.tags, params) + ")")
    if filters.statuses:
        clauses.append(_in("a.status", filters.statuses, params, nocase=False))
    if filters.search is not None:
        query = filters.search if filters.raw_fts else fts_expression(filters.search)
        if not query.strip():
            raise ExportQueryError(
                f"nothing to search for in {filters.search!r}: use words, \"an exact phrase\","
                " a prefix like pol* or police AND fire")
        clauses.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(query)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _export_sql(filters: ExportFilters, fields: list[str]) -> tuple[str, list[Any]]:
    where, params = _export_where(filters)
    alias = "v" if filters.versions else "a"
    cols = ", ".join(f'{alias}."{f}"' for f in fields)  # names checked against the table
    if filters.versions:
        return (f"SELECT {cols} FROM article_versions v JOIN articles a ON a.id = v.article_id"
                f" {where} ORDER BY a.published DESC, a.id, v.version"), params
    return f"SELECT {cols} FROM articles a {where} ORDER BY a.published DESC, a.id", params


def _check_fields(db_path: str | os.PathLike[str], filters: ExportFilters,
                  fields: list[str] | None) -> list[str]:
    known = [name for name, _ in export_columns(db_path, filters.versions)]
    if not fields:
        return known
    unknown = [f for f in fields if f not in known]
    if unknown:
        raise ExportQueryError(
            f"unknown field(s) {', '.join(unknown)}; the columns are: {', '.join(known)}")
    return list(fields)


def _run(conn: sqlite3.Connection, sql: str, params: list[Any],
         filters: ExportFilters) -> sqlite3.Cursor:
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as exc:
        if filters.search is not None and _fts_error(conn, filters):
            raise ExportQueryError(
                f"malformed full-text query {filters.search!r}: {exc}"
                + (" (drop --raw-fts to search the words as typed)" if filters.raw_fts else "")
            ) from exc
        raise StoreError(str(exc)) from exc


def _fts_error(conn: sqlite3.Connection, filters: ExportFilters) -> bool:
    """Whether the full-text query alone fails (FTS5 syntax: 'unterminated string',
    'fts5: syntax error near ...', 'no such column' for a column filter)."""
    query = filters.search if filters.raw_fts else fts_expression(filters.search or "")
    try:
        conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1",
                     [query]).fetchall()
    except sqlite3.OperationalError as exc:
        return "locked" not in str(exc) and "busy" not in str(exc)
    return False


def export_count(db_path: str | os.PathLike[str], filters: ExportFilters) -> int:
    """How many rows an export with these filters writes (for the progress bar); also
    checks the query, so a malformed search fails before any file is written."""
    where, params = _export_where(filters)
    sql = (f"SELECT count(*) FROM article_versions v JOIN articles a ON a.id = v.article_id "
           f"{where}" if filters.versions else f"SELECT count(*) FROM articles a {where}")
    with closing(connect_readonly(db_path)) as conn:
        return int(_run(conn, sql, params, filters).fetchone()[0])


def iter_export(
    db_path: str | os.PathLike[str], filters: ExportFilters, fields: list[str] | None = None,
    *, chunk: int = 500,
) -> Iterator[dict[str, Any]]:
    """The rows an export writes, newest published first (versions oldest first within
    an article), only ``fields`` (default all), streamed ``chunk`` rows at a time.

    ExportQueryError for an unknown field or a malformed full-text query."""
    names = _check_fields(db_path, filters, fields)
    sql, params = _export_sql(filters, names)
    with closing(connect_readonly(db_path)) as conn:
        cur = _run(conn, sql, params, filters)
        while True:
            try:
                rows = cur.fetchmany(chunk)
            except sqlite3.OperationalError as exc:
                raise ExportQueryError(f"export query failed: {exc}") from exc
            if not rows:
                break
            for row in rows:
                yield dict(zip(names, row, strict=True))


def check_export_fields(db_path: str | os.PathLike[str], filters: ExportFilters,
                        fields: list[str] | None) -> list[str]:
    """The exported column names (``fields`` checked against the table, default all)."""
    return _check_fields(db_path, filters, fields)


def crawl_window(db_path: str | os.PathLike[str]) -> dict[str, Any]:
    """First crawl start and last crawl end (crawl_runs), their count, and one article URL
    (the source site); None values when there are none."""
    with closing(connect_readonly(db_path)) as conn:
        try:
            first, last, n = conn.execute(
                "SELECT min(started), max(coalesce(finished, started)), count(*)"
                " FROM crawl_runs").fetchone()
        except sqlite3.OperationalError:
            first, last, n = None, None, 0
        try:
            row = conn.execute("SELECT url FROM articles ORDER BY id LIMIT 1").fetchone()
        except sqlite3.OperationalError:
            row = None
    return {"first_crawl": first, "last_crawl": last, "crawl_runs": n,
            "sample_url": row[0] if row else None}

# --- Datasette's trends page: attention over time (run via ``db.execute_fn``) -----------
TRENDS_TOP = 10


def month_totals(conn: sqlite3.Connection) -> dict[str, int]:
    """Articles per month ('YYYY-MM' of published), from the published index (or the
    month index in memory, ``month_index``); articles without a published date are left
    out."""
    index = _month_index(conn, _indexed_by(conn, SEARCH_INDEX_BY_ID))
    if index is not None:
        return dict(index.totals)
    return dict(conn.execute(
        "SELECT substr(published, 1, 7) AS month, count(*) FROM articles"
        " WHERE published IS NOT NULL GROUP BY month ORDER BY month").fetchall())


def trend_counts(conn: sqlite3.Connection, match: str, *,
                 by_section: bool = False) -> list[tuple[str, str | None, int]]:
    """(month, section or None, count) of the articles matching the FTS5 expression
    ``match``, grouped by month (and by section with ``by_section``). SearchError on a
    malformed expression."""
    section = "a.section" if by_section else "NULL"
    try:
        by_id = _indexed_by(conn, SEARCH_INDEX_BY_ID)
        index = _month_index(conn, by_id)
        if index is not None:  # FTS5 lists the matches; their months are in memory
            ids = [r[0] for r in conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [match])]
            return index.counts(ids, by_section=by_section)
        return [tuple(r) for r in conn.execute(
            f"SELECT substr(a.published, 1, 7) AS month, {section} AS sec, count(*)"
            f" FROM articles_fts JOIN articles a{by_id} ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? AND a.published IS NOT NULL"
            " GROUP BY month, sec ORDER BY month, sec", [match]).fetchall()]
    except sqlite3.OperationalError as exc:
        raise SearchError(str(exc)) from exc


def _month_index(conn: sqlite3.Connection, hint: str) -> month_index.MonthIndex | None:
    """The connection's month index while the archive is unchanged; only on archives
    with the covering index it is read from (``hint``, schema m012), else None: SQL."""
    return month_index.cached(conn, hint) if hint else None


def trend_top(conn: sqlite3.Connection, match: str,
              size: int = TRENDS_TOP) -> dict[str, Any]:
    """Total matching articles and the ``size`` most frequent sections and authors among
    (at most FACET_ROWS of) them. SearchError on a malformed expression."""
    try:
        source = (f"articles_fts JOIN articles a{_indexed_by(conn, SEARCH_INDEX_BY_ID)}"
                  " ON a.id = articles_fts.rowid")
        total = _one(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                     [match]) or 0
        rows = conn.execute(
            f"WITH m AS MATERIALIZED (SELECT a.section, a.authors FROM {source}"
            f" WHERE articles_fts MATCH ? LIMIT {int(FACET_ROWS)})"
            " SELECT 'section', section, count(*) AS n FROM m WHERE section IS NOT NULL"
            " GROUP BY section"
            " UNION ALL SELECT 'authors', j.value, count(*) FROM m, json_each(CASE WHEN"
            " json_valid(m.authors) THEN m.authors ELSE '[]' END) AS j GROUP BY j.value",
            [match]).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchError(str(exc)) from exc
    out: dict[str, list[dict[str, Any]]] = {"section": [], "authors": []}
    for name, value, count in rows:
        out[name].append({"value": value, "count": count})
    for name in out:
        out[name] = sorted(out[name], key=lambda v: (-v["count"], str(v["value"])))[:size]
    return {"total": total, "truncated": total > FACET_ROWS, **out}


# --- the article page and canned queries (Datasette, via ``db.execute_fn``) -------------
def article_page(conn: sqlite3.Connection, article_id: int | str) -> dict[str, Any] | None:
    """One article for its reading page: the row, its captures (WARC file and offset,
    newest first) and its versions (number, fetched_at, title), or None."""
    rows = _dicts(conn.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        return None
    art = rows[0]
    urls = [u for u in {art.get("url"), art.get("canonical_url")} if u]
    marks = ", ".join("?" for _ in urls)
    captures = _dicts(conn.execute(
        "SELECT id, url, fetched_at, status, record_type, warc_filename, warc_offset,"
        f" warc_length FROM captures WHERE url IN ({marks})"
        " ORDER BY fetched_at DESC, id DESC LIMIT 100", urls))
    versions = _dicts(conn.execute(
        "SELECT version, fetched_at, title FROM article_versions WHERE url = ?"
        " ORDER BY version", [art["url"]]))
    return {"article": art, "captures": captures, "versions": versions}


# Canned queries for Datasette's metadata (newscrawl.datasette): name -> title,
# description and SQL. ``:q`` is an FTS5 expression escaped by the ``fts_escape`` SQL
# function the plugin registers (the same rules as ``fts_expression``).
CANNED_QUERIES: dict[str, dict[str, str]] = {
    "articles_per_month": {
        "title": "Articles per month",
        "description": "How many articles were published each month (live, protected and gone).",
        "sql": "SELECT substr(published, 1, 7) AS month, count(*) AS articles"
               " FROM articles WHERE published IS NOT NULL"
               " GROUP BY month ORDER BY month",
    },
    "edits_per_month": {
        "title": "Edits per month",
        "description": "Changed versions archived each month: every version after an"
                       " article's first is an edit the crawler saw.",
        "sql": "SELECT substr(fetched_at, 1, 7) AS month, count(*) AS edits,"
               " count(DISTINCT url) AS articles_edited"
               " FROM article_versions WHERE version > 1 GROUP BY month ORDER BY month",
    },
    "most_edited": {
        "title": "Most-edited articles",
        "description": "Articles with the most archived versions; open one's history for"
                       " the word diff between versions.",
        "sql": "SELECT id, title, url, version_count, published, last_changed"
               " FROM articles WHERE version_count > 1"
               " ORDER BY version_count DESC, last_changed DESC LIMIT 100",
    },
    "disappeared": {
        "title": "Articles that disappeared",
        "description": "Articles whose pages now answer 404/410 or left the site"
                       " (status gone), and when the crawler first saw them gone.",
        "sql": "SELECT id, title, url, section, published, last_seen, gone_since"
               " FROM articles WHERE status = 'gone' ORDER BY gone_since DESC",
    },
    "who_wrote_most_about": {
        "title": "Who wrote most about…",
        "description": "Authors ranked by how many articles match a search (words,"
                       " \"a phrase\", pol* prefixes, AND / OR / NOT; quotes and other"
                       " characters are escaped, so any text is safe).",
        "sql": "SELECT a.value AS author, count(*) AS articles,"
               " min(articles.published) AS first, max(articles.published) AS last"
               " FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid,"
               " json_each(articles.authors) AS a"
               " WHERE articles_fts MATCH fts_escape(:q)"
               " GROUP BY a.value ORDER BY articles DESC, author LIMIT 50",
    },
}

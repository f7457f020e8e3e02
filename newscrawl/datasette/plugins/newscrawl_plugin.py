"""Datasette plugin: article text as paragraphs, JSON lists as plain lists, edit history.

Datasette 0.65's render_cell does not say which page it renders, so the same markup is
used everywhere and newscrawl.css shows it whole on row pages, clamped in tables.

The page ``/-/newscrawl/history?db=NAME&url=URL`` lists an article's versions with a
word-level diff (``newscrawl.datasette.diff``) between each consecutive pair; the article's
``version_count`` cell links to it and to its rows in ``article_versions``.
"""

from __future__ import annotations

import html
import json
import urllib.parse

from datasette import hookimpl
from markupsafe import Markup

TEXT_TABLES = ("articles", "article_versions")


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraph breaks as escaped <p> elements."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return Markup(f'<div class="nc-body">{inner}</div>')


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table in TEXT_TABLES and column in ("version_count", "version"):
        return _history_cell(row, value, column, table, database, datasette)
    if table not in TEXT_TABLES or not isinstance(value, str):
        return None
    if column == "body":
        return paragraphs(value)
    if column in ("authors", "tags") and value.startswith("["):
        try:
            return ", ".join(str(v) for v in json.loads(value))
        except (ValueError, TypeError):
            return None
    if column == "body_html":
        return f"{len(value):,} characters of HTML (see the JSON or CSV export)"
    return None


@hookimpl
def extra_css_urls(database, table, columns, view_name, datasette):
    return ["/newscrawl-static/newscrawl.css"]


# --- edit history ------------------------------------------------------------------------
HISTORY_PATH = "/-/newscrawl/history"
# Shown as "old → new" when they differ; title, standfirst and body get a word diff.
DIFF_FIELDS = ("title", "standfirst", "body")
PLAIN_FIELDS = ("authors", "published", "modified", "section", "tags")


def _cell(row, name):
    try:
        return row[name]
    except (IndexError, KeyError):  # the column was not selected (?_col=...)
        return None


def history_url(datasette, database: str, url: str) -> str:
    """Path of the history page of one article."""
    query = urllib.parse.urlencode({"db": database, "url": url})
    return datasette.urls.path(f"{HISTORY_PATH}?{query}")


def versions_table_url(datasette, database: str, url: str) -> str:
    """The article_versions table filtered to one article, oldest first."""
    query = urllib.parse.urlencode({"url": url, "_sort": "version"})
    return datasette.urls.table(database, "article_versions") + "?" + query


def _history_links(datasette, database: str, url: str, count) -> Markup:
    n = count if isinstance(count, int) else 0
    label = f"{n} version{'s' if n != 1 else ''}"
    return Markup(
        f'<span class="nc-history-links"><a class="nc-history" href="{html.escape(history_url(datasette, database, url))}">'
        f"{label}: history and word diff</a> · "
        f'<a href="{html.escape(versions_table_url(datasette, database, url))}">rows in article_versions</a></span>'
    )


def _history_cell(row, value, column, table, database, datasette):
    """Links to the edit history from articles.version_count and article_versions.version."""
    url = _cell(row, "url")
    if not isinstance(url, str) or not database:
        return None
    if table == "articles" and column == "version_count":
        return _history_links(datasette, database, url, value)
    if table == "article_versions" and column == "version" and isinstance(value, int):
        href = html.escape(history_url(datasette, database, url) + f"#v{value}")
        return Markup(f'<a href="{href}" title="history and diff">{value}</a>')
    return None


def _json_list(value) -> str:
    if isinstance(value, str) and value.startswith("["):
        try:
            return ", ".join(str(v) for v in json.loads(value))
        except ValueError:
            pass
    return "" if value is None else str(value)


def version_changes(old: dict, new: dict) -> dict:
    """What changed from one version row to the next, ready for the template."""
    from newscrawl.datasette.diff import diff_counts, diff_html, word_diff

    diffs = []
    for name in DIFF_FIELDS:
        if (old.get(name) or "") == (new.get(name) or ""):
            continue
        ops = word_diff(old.get(name), new.get(name))
        counts = diff_counts(ops)
        if not counts["delete"] and not counts["insert"] and name != "body":
            continue
        diffs.append({
            "field": name,
            "html": Markup(diff_html(ops, paragraphs=name == "body")),
            "deleted": counts["delete"],
            "inserted": counts["insert"],
        })
    plain = [
        {"field": name, "old": _json_list(old.get(name)), "new": _json_list(new.get(name))}
        for name in PLAIN_FIELDS
        if _json_list(old.get(name)) != _json_list(new.get(name))
    ]
    return {"old": old, "new": new, "diffs": diffs, "plain": plain}


async def history_view(request, datasette):
    """/-/newscrawl/history?db=NAME&url=URL: versions of one article with word diffs."""
    from datasette.utils.asgi import Response

    names = [n for n in datasette.databases if not n.startswith("_")]
    name = request.args.get("db") or (names[0] if names else None)
    url = request.args.get("url")
    article_id = request.args.get("id")

    async def error(message: str, status: int = 404):
        page = await datasette.render_template(
            "newscrawl_history.html",
            {"error": message, "database": name if name in names else None}, request=request,
        )
        return Response.html(page, status=status)

    if name not in names:
        return await error(f"No database called {name!r}.")
    # The SQL is newscrawl.store.read's; Datasette runs it on its own read connection.
    from newscrawl.store import read

    db = datasette.get_database(name)
    if not url and article_id:
        url = await db.execute_fn(lambda conn: read.article_url(conn, article_id))
    if not url:
        return await error("Say which article: ?url=... (or ?id=...).", 400)
    art, versions = await db.execute_fn(lambda conn: read.article_history(conn, url))
    if not art and not versions:
        return await error(f"No article with url {url!r} in {name}.")
    article = art or {"url": url, "title": versions[-1].get("title")}
    for v in versions:
        body = v.get("body") or ""
        v["words"] = len(body.split())
    changes = [version_changes(a, b) for a, b in zip(versions, versions[1:], strict=False)]
    context = {
        "database": name,
        "article": article,
        "article_url": datasette.urls.row(name, "articles", str(article["id"]))
        if article.get("id") is not None else None,
        "versions": versions,
        "changes": list(reversed(changes)),  # newest change first: what people ask about
        "versions_table_url": versions_table_url(datasette, name, url),
        "error": None,
    }
    page = await datasette.render_template("newscrawl_history.html", context, request=request)
    return Response.html(page)


@hookimpl
def register_routes(datasette):
    return [(r"^/-/newscrawl/history$", history_view)]

"""Datasette plugin: the articles table's search box leads to the archive's search page.

Datasette's own table search (``/DB/articles?_search=police``) sorts every match by
``published`` before it shows the first page: on a 100,000-article archive a common word
matches most rows and each page costs about half a second, ranked by nothing, with no
snippet. ``/-/search`` answers the same question ranked by relevance (or by date), with
snippets, filters and facets, from indexes. So an HTML table search whose parameters the
search page understands is redirected there (302), carrying the words, the sort and the
filters. Anything else (JSON and CSV, column searches ``_search_COL``, other filters) is
Datasette's as before: the API keeps Datasette's meaning.
"""

from __future__ import annotations

import urllib.parse

from datasette import hookimpl

TABLE = "articles"
SEARCH_PATH = "/-/search"
# Datasette table arguments -> the search page's. A table search with any argument not
# listed here stays Datasette's.
SAME = {"_search": "q", "section": "section", "section__exact": "section", "site": "site",
        "site__exact": "site", "authors__arraycontains": "author",
        "tags__arraycontains": "tag"}
DATE_SORTS = {("_sort_desc", "published"), ("_sort", "published")}


def search_redirect(query: str, db: str, databases: list[str]) -> str | None:
    """The ``/-/search`` query string for a table search ``query`` on ``db``'s articles
    (None: not a plain table search, or one the search page cannot answer alike)."""
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    keys = [k for k, _ in pairs]
    if not pairs or len(set(keys)) != len(keys) or not dict(pairs).get("_search", "").strip():
        return None
    out: dict[str, str] = {}
    for key, value in pairs:
        if key in SAME:
            out[SAME[key]] = value
        elif (key, value) in DATE_SORTS:
            out["sort"] = "date"  # newest first: Datasette's order for this table
        elif key == "year" and value.isdigit():
            out["since"] = out["until"] = value
        elif key == "_searchmode" and value == "raw":
            out["raw"] = "1"
        else:
            return None
    if len(databases) > 1:
        out["db"] = db
    return urllib.parse.urlencode(out)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def redirect_table_search(scope, receive, send):
            if scope["type"] == "http" and scope.get("method") == "GET":
                location = _location(datasette, scope)
                if location:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", location.encode("latin-1")),
                                            (b"content-type", b"text/plain; charset=utf-8")]})
                    await send({"type": "http.response.body",
                                "body": b"The archive's search page: " + location.encode("latin-1")})
                    return
            await app(scope, receive, send)
        return redirect_table_search
    return wrap


def _location(datasette, scope) -> str | None:
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    if "_search=" not in query:
        return None
    names = [n for n in datasette.databases if not n.startswith("_")]
    path = scope.get("path", "")
    for db in names:
        if path in (f"/{db}/{TABLE}", datasette.urls.table(db, TABLE)):
            found = search_redirect(query, db, names)
            return datasette.urls.path(SEARCH_PATH) + "?" + found if found else None
    return None

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
import re
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


# --- home page and search -----------------------------------------------------------------
SEARCH_PATH = "/-/search"
GUIDE_URL = "https://github.com/newscrawl/newscrawl/blob/main/docs/researchers.md"
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_SIZE = 100
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


def _int_arg(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value))) if value else default
    except ValueError:
        return default


def _archive_names(datasette) -> list[str]:
    return [n for n in datasette.databases if not n.startswith("_")]


def marked(snippet) -> Markup:
    """A snippet() result as HTML: everything escaped, the match markers made <mark>."""
    from newscrawl.store.read import MARK_END, MARK_START

    out, open_ = [], False
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet or ""):
        if part == MARK_START and not open_:
            out.append("<mark>")
            open_ = True
        elif part == MARK_END and open_:
            out.append("</mark>")
            open_ = False
        elif part not in (MARK_START, MARK_END):
            out.append(html.escape(part))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


def search_url(datasette, params: dict, **changes) -> str:
    """The search page with ``params`` changed (None drops one; page resets)."""
    merged = {k: v for k, v in {**params, "page": None, **changes}.items() if v}
    return datasette.urls.path(SEARCH_PATH) + "?" + urllib.parse.urlencode(merged)


async def search_view(request, datasette):
    """/-/search?q=...: ranked full-text search with snippets, filters and facets."""
    from datasette.utils.asgi import Response

    from newscrawl.store import read

    names = _archive_names(datasette)
    args = request.args
    name = args.get("db") or (names[0] if names else None)
    raw_q = args.get("q") or ""
    params = {k: _CONTROL.sub(" ", args.get(k) or "").strip()[:read.SEARCH_MAX_CHARS]
              for k in ("since", "until", "site", "section", "author", "tag", "sort", "raw")}
    params["size"] = ""
    q = _CONTROL.sub(" ", raw_q).strip()
    params["q"] = q[:read.SEARCH_MAX_CHARS]
    if name and len(names) > 1:
        params["db"] = name
    context = {
        "database": name if name in names else None, "params": params, "error": None,
        "results": None, "total": 0, "facets": {}, "facet_links": {},
        "max_chars": read.SEARCH_MAX_CHARS, "guide_url": GUIDE_URL,
        "search_path": datasette.urls.path(SEARCH_PATH),
        "trends_path": datasette.urls.path("/-/trends"),
    }

    async def page(status: int = 200):
        body = await datasette.render_template("newscrawl_search.html", context,
                                               request=request)
        return Response.html(body, status=status)

    if name not in names:
        context["error"] = f"No database called {name!r}."
        return await page(404)
    if len(q) > read.SEARCH_MAX_CHARS:
        context["error"] = (f"That search is {len(q):,} characters long; searches are "
                            f"limited to {read.SEARCH_MAX_CHARS:,}. Try a few words or a phrase.")
        return await page(400)
    for key in ("since", "until"):
        if params[key] and not _DATE.match(params[key]):
            context["error"] = f"{key} must be a date: YYYY, YYYY-MM or YYYY-MM-DD."
            return await page(400)
    filters = any(params[k] for k in ("since", "until", "site", "section", "author", "tag"))
    raw = params["raw"] in ("1", "on", "true")
    match = q if raw else read.fts_expression(q)
    if q and not match:
        context["error"] = ("Nothing to search for in that query: use words, "
                            '"an exact phrase", a prefix like pol* or police AND fire.')
        return await page(400)
    if not q and not filters:
        return await page()  # the form and how to use it
    pageno = _int_arg(args.get("page"), 1, 1, MAX_PAGE)
    size = _int_arg(args.get("size"), PAGE_SIZE, 1, MAX_SIZE)
    if size != PAGE_SIZE:
        params["size"] = str(size)
    db = datasette.get_database(name)
    try:
        found = await db.execute_fn(lambda conn: read.search_articles(
            conn, match or None, sort=params["sort"] or "rank",
            since=params["since"] or None, until=params["until"] or None,
            section=params["section"] or None, author=params["author"] or None,
            tag=params["tag"] or None, site=params["site"] or None, limit=size,
            offset=(pageno - 1) * size))
    except read.SearchError as exc:
        context["error"] = (f"The search could not be read as FTS5 syntax ({exc}). "
                            "Check quotes and operators, or search without raw syntax.")
        return await page(400)
    results = []
    for row in found["rows"]:
        results.append({
            **row,
            "row_url": datasette.urls.row(name, "articles", str(row["id"])),
            "article_url": article_page_url(datasette, row["id"]),
            "authors_list": _json_list(row.get("authors")),
            "tags_list": _json_list(row.get("tags")),
            "snippet_html": marked(row.get("snippet")),
        })
    facet_links = {}
    # Sites only in an archive of several (one site's name on every result says nothing).
    multi_site = len(found["facets"].get("site", ())) > 1 or bool(params["site"])
    for facet, values in found["facets"].items():
        if facet == "site" and not multi_site:
            continue
        key = {"authors": "author", "tags": "tag"}.get(facet, facet)
        links = []
        for v in values:
            if facet == "year":
                url = search_url(datasette, params, since=str(v["value"]),
                                 until=str(v["value"]))
            else:
                url = search_url(datasette, params, **{key: str(v["value"])})
            links.append({**v, "url": url})
        facet_links[facet] = links
    total = found["total"]
    context.update({
        "results": results, "total": total, "facet_links": facet_links,
        "facets_truncated": found["facets_truncated"], "facet_rows": read.FACET_ROWS,
        "page": pageno, "first": (pageno - 1) * size + 1,
        "last": (pageno - 1) * size + len(results),
        "prev_url": search_url(datasette, params, page=str(pageno - 1)) if pageno > 1 else None,
        "next_url": search_url(datasette, params, page=str(pageno + 1))
        if pageno * size < total and pageno < MAX_PAGE else None,
        "sort_links": {
            "rank": search_url(datasette, params, sort=None),
            "date": search_url(datasette, params, sort="date"),
        },
        "clear_links": {k: search_url(datasette, params, **{k: None})
                        for k in ("since", "until", "site", "section", "author", "tag")
                        if params[k]},
        "multi_site": multi_site,
        "ranked": bool(match) and params["sort"] != "date",
    })
    return await page()


async def _home_vars(datasette, request) -> dict:
    from newscrawl.store import read

    names = _archive_names(datasette)
    if not names:
        return {}
    name = names[0]
    db = datasette.get_database(name)
    try:
        summary = await db.execute_fn(read.home_summary)
    except Exception:  # not a newscrawl archive: the plain Datasette index
        return {}
    actor = request.actor if request is not None else None
    try:
        canned = await datasette.get_canned_queries(name, actor)
    except Exception:
        canned = {}
    return {"nc_home": {
        "database": name, "summary": summary, "search_path": datasette.urls.path(SEARCH_PATH),
        "trends_path": datasette.urls.path("/-/trends"),
        "guide_url": GUIDE_URL, "canned": sorted(canned or {}),
        "sections": [{**s, "url": search_url(datasette, {}, section=s["section"])}
                     for s in summary["sections"]],
    }}


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if template != "index.html":
        return {}

    async def inner():
        return await _home_vars(datasette, request)

    return inner


@hookimpl
def register_routes(datasette):
    return [(r"^/-/newscrawl/history$", history_view), (r"^/-/search$", search_view),
            (r"^/-/article/(?P<id>\d+)$", article_view)]


# --- the article page ---------------------------------------------------------------------
ARTICLE_PATH = "/-/article/"
# The allow-list for body_html (nh3, a maintained sanitiser): nothing else survives, and
# links keep only http(s) targets.
BODY_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a",
             "strong", "em", "figure", "img", "figcaption", "br"}
BODY_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https"}


def sanitise_body(body_html: str | None) -> Markup:
    """The stored article HTML through nh3's allow-list: safe to show as HTML."""
    import nh3

    clean = nh3.clean(body_html or "", tags=BODY_TAGS, attributes=BODY_ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel="nofollow noopener noreferrer",
                      strip_comments=True)
    return Markup(clean)


def safe_url(value) -> str | None:
    """An http(s) URL or None (never javascript: or data:)."""
    if isinstance(value, str) and re.match(r"^https?://", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


def article_page_url(datasette, article_id) -> str:
    return datasette.urls.path(f"{ARTICLE_PATH}{article_id}")


def _list(value) -> list[str]:
    if isinstance(value, str) and value.startswith("["):
        try:
            return [str(v) for v in json.loads(value) if v]
        except ValueError:
            return []
    return []


async def article_view(request, datasette):
    """/-/article/<id>: one article to read: headline, byline, dates, image, clean body,
    its captures (to cite and replay), versions and edit history."""
    from datasette.utils.asgi import Response

    from newscrawl.store import read

    names = _archive_names(datasette)
    name = request.args.get("db") or (names[0] if names else None)
    article_id = request.url_vars["id"]

    async def render(context, status=200):
        page = await datasette.render_template("newscrawl_article.html", context,
                                               request=request)
        return Response.html(page, status=status)

    if name not in names:
        return await render({"error": f"No database called {name!r}.", "database": None}, 404)
    db = datasette.get_database(name)
    found = await db.execute_fn(lambda conn: read.article_page(conn, article_id))
    if not found:
        return await render({"error": f"No article with id {article_id} in {name}.",
                             "database": name}, 404)
    art = found["article"]
    params = {"db": name} if len(names) > 1 else {}
    authors = [{"name": a, "url": search_url(datasette, params, author=a)}
               for a in _list(art.get("authors"))]
    tags = [{"name": t, "url": search_url(datasette, params, tag=t)}
            for t in _list(art.get("tags"))]
    captures = [{**c, "row_url": datasette.urls.row(name, "captures", str(c["id"]))}
                for c in found["captures"]]
    versions = [{**v, "url": history_url(datasette, name, art["url"]) + f"#v{v['version']}"}
                for v in found["versions"]]
    context = {
        "error": None, "database": name, "article": art,
        "link": safe_url(art.get("url")),
        "image": safe_url(art.get("image_url")),
        "body": sanitise_body(art.get("body_html")) if art.get("body_html") else None,
        "text": paragraphs(art["body"]) if not art.get("body_html") and art.get("body") else None,
        "authors": authors, "tags": tags,
        "section_url": search_url(datasette, params, section=art["section"])
        if art.get("section") else None,
        "captures": captures, "versions": versions,
        "history_url": history_url(datasette, name, art["url"]),
        "versions_table_url": versions_table_url(datasette, name, art["url"]),
        "row_url": datasette.urls.row(name, "articles", str(art["id"])),
    }
    return await render(context)


@hookimpl
def prepare_connection(conn):
    """``fts_escape(text)``: a user's search as a safe FTS5 expression (canned queries)."""
    from newscrawl.store.read import fts_expression

    conn.create_function(
        "fts_escape", 1, lambda text: fts_expression(text or "") or '""', deterministic=True)

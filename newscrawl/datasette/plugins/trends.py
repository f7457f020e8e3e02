"""Datasette plugin: attention over time (issue 10).

``/-/trends?q=police&q=fire`` charts, for up to three searches, the matching articles per
month as a share of all articles that month and as a count; ``&by=section`` splits one
search by section. The charts are SVG drawn on the server by pygal (no JavaScript; pygal's
own tooltip script is removed), labels escaped by pygal. ``/-/trends.csv`` has the
numbers behind the chart: month, query, (section,) count, total, share.

Each search is escaped with ``read.fts_expression``, as on the search page; the SQL is
``newscrawl.store.read``'s, run on Datasette's read connection via ``db.execute_fn``.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.parse

from datasette import hookimpl
from markupsafe import Markup

TRENDS_PATH = "/-/trends"
MAX_QUERIES = 3
MAX_SECTIONS = 6  # series on a by-section chart: the largest sections, the rest "other"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)


class TrendsError(ValueError):
    """A request the page answers with a message (and its HTTP status)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _queries(request) -> list[str]:
    from newscrawl.store.read import SEARCH_MAX_CHARS

    raw = [_CONTROL.sub(" ", q).strip() for q in request.args.getlist("q")]
    queries = [q for q in raw if q]
    if len(queries) > MAX_QUERIES:
        raise TrendsError(f"Up to {MAX_QUERIES} searches fit on one chart; "
                          f"this asked for {len(queries)}.")
    for q in queries:
        if len(q) > SEARCH_MAX_CHARS:
            raise TrendsError(f"A search of {len(q):,} characters is too long; searches "
                              f"are limited to {SEARCH_MAX_CHARS:,}. Try a few words.")
    return queries


async def trends_data(datasette, request, *, top: bool = True) -> dict:
    """Everything the page (and, without ``top``, the CSV) shows; TrendsError for a
    message instead."""
    from newscrawl.store import read

    names = [n for n in datasette.databases if not n.startswith("_")]
    name = request.args.get("db") or (names[0] if names else None)
    if name not in names:
        raise TrendsError(f"No database called {name!r}.", 404)
    queries = _queries(request)
    by_section = request.args.get("by") == "section"
    if by_section and len(queries) > 1:
        raise TrendsError("Split by section works for one search at a time: "
                          "remove the other searches or the by=section option.")
    matches = []
    for q in queries:
        match = read.fts_expression(q)
        if not match:
            raise TrendsError(f"Nothing to search for in {q!r}: use words, "
                              '"an exact phrase", a prefix like pol* or police AND fire.')
        matches.append(match)
    data = {"database": name, "queries": queries, "by_section": by_section,
            "months": [], "rows": [], "series": [], "top": []}
    if not queries:
        return data
    db = datasette.get_database(name)
    try:
        totals = await db.execute_fn(read.month_totals)
        counts = [await db.execute_fn(
            lambda conn, m=m: read.trend_counts(conn, m, by_section=by_section))
            for m in matches]
        tops = [await db.execute_fn(lambda conn, m=m: read.trend_top(conn, m))
                for m in matches] if top else []
    except read.SearchError as exc:  # fts_expression's are valid: a damaged index
        raise TrendsError(f"The archive could not run that search ({exc}).") from exc
    months = sorted(totals)
    data["months"] = months
    rows = []
    for q, found in zip(queries, counts, strict=True):
        if by_section:
            keys = sorted({s for _, s, _ in found}, key=lambda s: (s is None, str(s)))
        else:
            keys = [None]
        per: dict = {(m, s): n for m, s, n in found}
        for key in keys:
            for m in months:
                n = per.get((m, key), 0)
                rows.append({"month": m, "query": q, "section": key, "count": n,
                             "total": totals[m],
                             "share": round(n / totals[m], 6) if totals[m] else 0.0})
    data["rows"] = rows
    data["top"] = [{"query": q, **t} for q, t in zip(queries, tops, strict=False)]
    return data


def _series(data: dict, field: str) -> list[tuple[str, list[float]]]:
    """(label, values per month) of each line on a chart of ``field``."""
    months = data["months"]
    index = {m: i for i, m in enumerate(months)}
    lines: dict[str, list[float]] = {}
    for r in data["rows"]:
        label = r["query"] if not data["by_section"] else (r["section"] or "(no section)")
        values = lines.setdefault(label, [0.0] * len(months))
        values[index[r["month"]]] += r[field] * (100 if field == "share" else 1)
    if data["by_section"] and len(lines) > MAX_SECTIONS:
        biggest = sorted(lines, key=lambda k: -sum(lines[k]))[:MAX_SECTIONS - 1]
        other = [0.0] * len(months)
        for k in list(lines):
            if k not in biggest:
                other = [a + b for a, b in zip(other, lines.pop(k), strict=True)]
        lines["other sections"] = other
    return list(lines.items())


def chart_svg(data: dict, field: str, title: str) -> Markup:
    """An SVG line chart (pygal), one series per query (or section); no script in it."""
    import pygal
    from pygal.style import DefaultStyle

    chart = pygal.Line(
        js=[], disable_xml_declaration=True, width=900, height=360, title=title,
        x_label_rotation=30, show_minor_x_labels=len(data["months"]) <= 24,
        x_labels_major_count=12, legend_at_bottom=True, truncate_legend=40,
        style=DefaultStyle, include_x_axis=True, show_dots=len(data["months"]) <= 60,
        value_formatter=(lambda v: f"{v:.2f}%") if field == "share" else (lambda v: f"{v:g}"),
    )
    chart.x_labels = data["months"]
    for label, values in _series(data, field):
        chart.add(label, values)
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    return Markup(svg)


def _url(datasette, path: str, data: dict, **extra) -> str:
    pairs = [("q", q) for q in data["queries"]]
    if data["by_section"]:
        pairs.append(("by", "section"))
    pairs += [(k, v) for k, v in extra.items() if v]
    return datasette.urls.path(path) + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


async def trends_view(request, datasette):
    """/-/trends?q=...&q=...: matching articles per month, as a share and a count."""
    from datasette.utils.asgi import Response

    from newscrawl.store.read import FACET_ROWS, SEARCH_MAX_CHARS

    context = {"error": None, "queries": [], "inputs": ["", "", ""], "by_section": False,
               "trends_path": datasette.urls.path(TRENDS_PATH),
               "search_path": datasette.urls.path("/-/search"),
               "max_chars": SEARCH_MAX_CHARS, "facet_rows": FACET_ROWS, "database": None}
    status = 200
    try:
        data = await trends_data(datasette, request)
    except TrendsError as exc:
        context["error"] = str(exc)
        status = exc.status
        data = None
    if data is not None:
        inputs = (data["queries"] + ["", "", ""])[:MAX_QUERIES]
        context.update({"queries": data["queries"], "inputs": inputs,
                        "by_section": data["by_section"], "database": data["database"],
                        "months": data["months"], "top": data["top"]})
        if data["queries"]:
            what = "section" if data["by_section"] else "search"
            context.update({
                "share_svg": chart_svg(data, "share",
                                       f"Share of all articles each month, by {what} (%)"),
                "count_svg": chart_svg(data, "count",
                                       f"Matching articles each month, by {what}"),
                "csv_url": _url(datasette, TRENDS_PATH + ".csv", data),
                "by_section_url": _url(datasette, TRENDS_PATH, {**data, "by_section": True})
                if len(data["queries"]) == 1 and not data["by_section"] else None,
                "overall_url": _url(datasette, TRENDS_PATH, {**data, "by_section": False})
                if data["by_section"] else None,
                "search_urls": {q: datasette.urls.path("/-/search") + "?"
                                + urllib.parse.urlencode({"q": q}) for q in data["queries"]},
            })
    else:
        context["inputs"] = ([q[:SEARCH_MAX_CHARS] for q in request.args.getlist("q")]
                             + ["", "", ""])[:MAX_QUERIES]
    body = await datasette.render_template("newscrawl_trends.html", context, request=request)
    return Response.html(body, status=status)


async def trends_csv_view(request, datasette):
    """/-/trends.csv?q=...: month, query, (section,) count, total, share."""
    from datasette.utils.asgi import Response

    try:
        data = await trends_data(datasette, request, top=False)
    except TrendsError as exc:
        return Response.text(str(exc) + "\n", status=exc.status)
    if not data["queries"]:
        return Response.text("Say what to chart: /-/trends.csv?q=police&q=fire\n", status=400)
    out = io.StringIO()
    fields = ["month", "query"] + (["section"] if data["by_section"] else []) + [
        "count", "total", "share"]
    writer = csv.DictWriter(out, fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(data["rows"])
    return Response(out.getvalue(), status=200, content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="trends.csv"'})


@hookimpl
def register_routes(datasette):
    return [(r"^/-/trends$", trends_view), (r"^/-/trends\.csv$", trends_csv_view)]

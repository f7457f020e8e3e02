"""Datasette plugin: article text as paragraphs, JSON lists as plain lists.

Datasette 0.65's render_cell does not say which page it renders, so the same markup is
used everywhere and newscrawl.css shows it whole on row pages, clamped in tables.
"""

from __future__ import annotations

import html
import json

from datasette import hookimpl
from markupsafe import Markup

TEXT_TABLES = ("articles", "article_versions")


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraph breaks as escaped <p> elements."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return Markup(f'<div class="nc-body">{inner}</div>')


@hookimpl
def render_cell(value, column, table, database, datasette):
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

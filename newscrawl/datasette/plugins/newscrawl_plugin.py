"""Datasette plugin: readable article text on row pages, short previews in tables."""

from __future__ import annotations

import html
import json

from datasette import hookimpl
from markupsafe import Markup

PREVIEW_CHARS = 280


def _paragraphs(text: str) -> Markup:
    paras = [p for p in text.split("\n\n") if p.strip()]
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return Markup(f'<div class="nc-body" style="max-width:42em;line-height:1.5">{inner}</div>')


@hookimpl
def render_cell(value, column, table, database, request):
    if table not in ("articles", "article_versions") or not isinstance(value, str):
        return None
    on_row_page = request is not None and "pks" in (request.url_vars or {})
    if column == "body":
        if on_row_page:
            return _paragraphs(value)
        preview = value[:PREVIEW_CHARS] + ("…" if len(value) > PREVIEW_CHARS else "")
        return preview
    if column in ("authors", "tags") and value.startswith("["):
        try:
            return ", ".join(str(v) for v in json.loads(value))
        except (ValueError, TypeError):
            return None
    if column == "body_html" and not on_row_page:
        return f"{len(value):,} characters of HTML"
    return None

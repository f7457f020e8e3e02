"""Datasette configuration for an archive: metadata, templates and the small plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawl import PROJECT_URL

HERE = Path(__file__).resolve().parent

ARTICLE_COLUMNS: dict[str, str] = {
    "id": "Row id",
    "url": "Canonical URL of the article (unique)",
    "canonical_url": "rel=canonical of the page as published",
    "title": "Headline as the site gives it, without site name or excerpt",
    "standfirst": "The excerpt / summary under the headline",
    "body": "Article text only, paragraphs separated by a blank line; no share boxes, footers, comments or related posts",
    "body_html": "The article content as clean minimal HTML (paragraphs, headings, lists, quotes, links, figures)",
    "authors": "JSON array of credited authors",
    "published": "First publication, ISO 8601 with UTC offset (a date shown without zone is Europe/London)",
    "modified": "Last modification the site declares, ISO 8601 with UTC offset",
    "published_raw": "The published date exactly as the source gave it",
    "modified_raw": "The modified date exactly as the source gave it",
    "updated": "1 when modified is later than published",
    "section": "Primary category",
    "tags": "JSON array of tags",
    "image_url": "Featured image URL",
    "image_caption": "Featured image caption",
    "images": "JSON array of {url, caption, credit, alt} for images in the article",
    "links": "JSON array of {href, text, internal} for links in the body",
    "language": "Language of the page (e.g. en-GB)",
    "word_count": "Words in body",
    "reading_time": "Minutes to read body at 230 words a minute",
    "wp_id": "WordPress post id, when known",
    "sources": "JSON object: which source each field came from (rest, jsonld, meta, visible, url)",
    "problems": "JSON array of what could not be read cleanly from the page",
    "first_seen": "When the crawler first archived this article (UTC)",
    "last_seen": "When a crawl last saw this article (UTC)",
    "status": "live; protected for a password-protected post (public metadata only, empty body); or gone when the page answers 404/410 or left the site",
    "gone_since": "When the article was first seen gone (UTC)",
    "version_count": "Distinct versions of the content archived; links to the article's edit history (word-level diff between consecutive versions, /-/newscrawl/history) and to its rows in article_versions",
    "last_changed": "When the content last changed in the archive (UTC)",
    "content_hash": "SHA-256 of the normalised content fields",
    "run_id": "crawl_runs row that last changed this article",
    "site": "The site the article belongs to: its name in the sites file it was crawled from (newscrawl crawl --sites), else its host",
    "year": "Year of publication (from published)",
}

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per article (canonical URL), holding its latest version.",
        "sort_desc": "published",
        "facets": ["site", "section", {"array": "authors"}, {"array": "tags"}, "year", "status"],
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "label_column": "title",
        "columns": ARTICLE_COLUMNS,
    },
    "article_versions": {
        "description": "Every distinct content of every article, oldest first: the edit history. Each article's history page (/-/newscrawl/history?db=DB&url=URL, linked from its version_count) shows a word-level diff between consecutive versions.",
        "sort_desc": "fetched_at",
        "facets": ["url"],
        "columns": {
            "article_id": "articles row", "url": "Canonical URL of the article",
            "version": "1 for the first content seen, then 2, 3, ...; links to the word-level diff on the history page",
            "fetched_at": "When this content was captured (UTC)",
            "run_id": "crawl_runs row that captured it",
            "title": "Headline in this version",
            "standfirst": "Excerpt in this version",
            "body": "Article text in this version, paragraphs separated by a blank line",
            "authors": "JSON array of credited authors in this version",
            "published": "Publication date this version declares",
            "modified": "Modification date this version declares",
            "section": "Primary category in this version",
            "tags": "JSON array of tags in this version",
            "content_hash": "SHA-256 of the normalised content fields",
        },
    },
    "crawl_runs": {
        "description": "One row per crawl (or reparse): when, what it found, and how it ended. `newscrawl status` shows the latest.",
        "sort_desc": "id",
        "columns": {
            "started": "Start (UTC)", "finished": "End (UTC)", "targets": "Sites crawled",
            "kind": "crawl, or reparse (rebuilt from the WARCs, no network)", "settings": "Settings that shaped the run", "status": "running, finished, interrupted or failed",
            "pages_fetched": "Responses received", "requests": "Requests sent (retries and 304s included)",
            "articles_new": "Articles archived for the first time",
            "articles_updated": "Articles whose content changed (a new version)",
            "articles_unchanged": "Articles seen again unchanged",
            "articles_gone": "Articles newly marked gone",
            "errors": "Pages that failed", "errors_by_kind": "JSON: errors per kind",
            "error": "Why the crawl stopped early, if it did", "duration_s": "Seconds taken",
        },
    },
    "captures": {
        "description": "Index of the raw HTTP captures in the WARC files (like a CDX index).",
        "sort_desc": "fetched_at",
        "facets": ["status", "content_type", "record_type"],
        "columns": {
            "url": "URL requested", "fetched_at": "When the response arrived (UTC)",
            "status": "HTTP status as received (301, 304, 500... included)",
            "content_type": "Content-Type of the response",
            "payload_digest": "WARC-Payload-Digest (sha1, base32) of the body",
            "warc_filename": "WARC file in warc/ beside the database",
            "warc_offset": "Byte offset of the record in that file",
            "warc_length": "Length in bytes of the (gzip) record",
            "record_type": "response, or revisit when the payload equals an earlier capture",
            "etag": "ETag sent by the server (used for If-None-Match)",
            "last_modified": "Last-Modified sent by the server (used for If-Modified-Since)",
            "run_id": "crawl_runs row that captured it",
        },
    },
    "errors": {
        "description": "Pages that failed during crawls, with the kind of failure.",
        "sort_desc": "at",
        "facets": ["kind", "run_id"],
        "columns": {
            "run_id": "crawl_runs row", "url": "URL that failed",
            "kind": "dns, timeout, connection_refused, http_404, http_500, bad_sitemap, ...",
            "message": "What went wrong, in one line", "at": "When (UTC)",
        },
    },
    "links": {
        "description": "Links in article bodies, one row each (from articles.links).",
        "facets": ["internal"],
        "columns": {
            "article_id": "articles row", "article_url": "URL of the article",
            "href": "Absolute link target", "text": "Anchor text",
            "internal": "1 when the link points to the same site",
        },
    },
    "listings": {
        "description": "Sitemap lastmod recorded with each URL's last fetch; recrawls compare it.",
        "sort_desc": "fetched_at",
        "columns": {
            "url": "URL listed in a sitemap", "lastmod": "Its <lastmod> at the last fetch",
            "fetched_at": "When that fetch (or the check that it was unchanged) happened (UTC)",
        },
    },
    "rest_posts": {
        "description": "Facts from the site's WordPress REST API, per article URL, merged into articles.",
        "columns": {
            "url": "Article URL (the post's link)", "wp_id": "WordPress post id",
            "data": "JSON of the normalised REST facts (GMT dates, terms, author, caption)",
            "fetched_at": "When the REST listing was read (UTC)",
        },
    },
    "_sqlite_migrations": {"hidden": True},
}


# Above this many articles the articles table page has no default facets and Datasette
# suggests none. Its facets are computed over every row the page's filters select, on
# every request, reading the rows themselves: at 100,000 articles an array facet
# (authors, tags) deduplicates whole rows, bodies included (31 s for tags), each column
# facet of a filtered page reads ~200 ms of rows, and each suggestion scans up to 50 ms
# per column. Facet counts stay on the search page (/-/search), computed there on the
# result set from an index (newscrawl.store.read.search_articles); ?_facet=section
# still adds one here, bounded by facet_time_limit_ms.
LARGE_ARCHIVE = 1_000


def tables_metadata(articles: int | None = None) -> dict[str, dict[str, Any]]:
    """TABLES for an archive of ``articles`` articles (None: unknown, taken as small)."""
    if articles is None or articles <= LARGE_ARCHIVE:
        return TABLES
    table = {**TABLES["articles"], "facets": []}
    table["description"] += (
        f" This archive holds more than {LARGE_ARCHIVE:,} articles, so this page shows no"
        " facets by default: the search page (/-/search) counts matching articles by"
        " section, author, tag and year; ?_facet=section adds a facet here.")
    return {**TABLES, "articles": table}


def canned_queries() -> dict[str, dict[str, Any]]:
    """The researchers' questions as Datasette canned queries (SQL in newscrawl.store.read).
    They stay allowed when arbitrary SQL is off (``allow_sql``)."""
    from newscrawl.store.read import CANNED_QUERIES

    return {name: dict(query) for name, query in CANNED_QUERIES.items()}


def metadata(db_name: str, *, allow_sql: bool = True, password_user: str | None = None,
             password_env: str = "NEWSCRAWL_PASSWORD_HASH",
             articles: int | None = None) -> dict[str, Any]:
    """Datasette metadata for an archive whose database is called ``db_name``; with
    ``allow_sql=False`` nobody may run arbitrary SQL (canned queries still answer); with
    ``password_user`` every request needs that user's password (HTTP basic auth by
    datasette-auth-passwords; the hash is read from $``password_env``, never written).
    ``articles``: how many the archive holds; above LARGE_ARCHIVE the table pages keep
    their indexed facets only and suggest none (``tables_metadata``)."""
    meta: dict[str, Any] = {
        "title": "newscrawl archive",
        "description": "Articles of a news site archived by newscrawl: search, facet, browse, export as CSV or JSON.",
        "source": "newscrawl",
        "source_url": PROJECT_URL,
        "databases": {db_name: {"tables": tables_metadata(articles),
                                "queries": canned_queries()}},
    }
    plugins: dict[str, Any] = {}
    if not allow_sql:
        meta["allow_sql"] = False
    if password_user:
        meta["allow"] = {"id": password_user}
        plugins["datasette-auth-passwords"] = {
            f"{password_user}_password_hash": {"$env": password_env},
            "http_basic_auth": True,
        }
    if plugins:
        meta["plugins"] = plugins
    return meta


def metadata_file(db_path: Path, **options: Any) -> Path:
    """Write the metadata JSON for ``db_path`` beside it (``options`` as ``metadata``'s;
    ``articles`` counted in the archive unless given) and return its path."""
    if "articles" not in options:
        options["articles"] = archive_size(db_path)
    path = db_path.parent / f".{db_path.stem}.datasette.json"
    path.write_text(json.dumps(metadata(db_path.stem, **options), indent=2),
                    encoding="utf-8")
    return path


def archive_size(db_path: Path) -> int | None:
    """Articles in the archive (read-only), or None when it cannot be read."""
    from newscrawl.store import StoreError
    from newscrawl.store.read import article_count

    try:
        return article_count(db_path)
    except StoreError:
        return None


def templates_dir() -> Path:
    return HERE / "templates"


def static_dir() -> Path:
    return HERE / "static"


def plugins_dir() -> Path:
    return HERE / "plugins"


# What `newscrawl serve` and a published copy pass to Datasette as --setting.
SETTINGS: tuple[tuple[str, str], ...] = (
    ("default_page_size", "50"),
    ("facet_time_limit_ms", "1000"),
    ("sql_time_limit_ms", "3000"),
)


def serve_settings(articles: int | None) -> list[tuple[str, str]]:
    """The --setting pairs for serving an archive of ``articles`` articles: above
    ``LARGE_ARCHIVE`` no facet suggestions (each reads a whole column of the table, and
    Datasette 0.65 has no per-table switch; the search page counts facets itself)."""
    out = list(SETTINGS)
    if articles is not None and articles > LARGE_ARCHIVE:
        out.append(("suggest_facets", "off"))
    return out

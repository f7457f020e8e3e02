"""The archive's SQLite schema, created and migrated with sqlite-utils.

Migrations are named functions in one ``sqlite_utils.migrations.Migrations`` set; each
runs once, in a transaction, and is recorded in ``_sqlite_migrations``. The number of
applied migrations is mirrored in ``PRAGMA user_version`` so any SQLite tool can see the
schema version. Article columns that the extraction contract (``ARTICLE_COLUMNS``) gains
later are added on open by :func:`sync_article_columns`, so a new field never needs a
hand-written migration.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from newscrawl.extract.model import ARTICLE_COLUMNS

# Extraction columns stored as INTEGER; every other extraction column is TEXT (JSON
# columns hold JSON text, dates hold ISO 8601 text).
INTEGER_COLUMNS = frozenset({"updated", "word_count", "reading_time", "wp_id"})

# The fields whose change makes a new version (and a new content_hash).
CONTENT_FIELDS: tuple[str, ...] = (
    "title", "standfirst", "body", "authors", "published", "modified", "section", "tags",
)

# Bookkeeping columns of `articles`, after the extraction columns.
TRACKING_COLUMNS: dict[str, type] = {
    "first_seen": str,
    "last_seen": str,
    "status": str,  # live | protected (password-protected post) | gone
    "gone_since": str,
    "version_count": int,
    "last_changed": str,
    "content_hash": str,
    "run_id": int,  # the crawl run of the last content change
    "site": str,  # the site the article belongs to: its name in a sites file, else its host
}

RUN_COUNTERS: tuple[str, ...] = (
    "pages_fetched", "requests", "articles_new", "articles_updated", "articles_unchanged",
    "articles_gone", "errors",
)
RUN_COLUMNS: dict[str, type] = {
    "id": int,
    "started": str,
    "finished": str,
    "targets": str,  # JSON array
    "settings": str,  # JSON object
    "status": str,  # running | finished | failed | interrupted
    "site": str,  # the site crawled (its name in a sites file, else the first seed's host)
    **{name: int for name in RUN_COUNTERS},
    "errors_by_kind": str,  # JSON object kind -> count
    "error": str,
    "duration_s": float,
    "extra": str,  # JSON object: stats keys that have no column
}

CAPTURE_COLUMNS: dict[str, type] = {
    "id": int,
    "url": str,
    "fetched_at": str,
    "status": int,
    "content_type": str,
    "payload_digest": str,  # "sha1:BASE32", as in WARC-Payload-Digest
    "warc_filename": str,  # file name inside the warc/ directory
    "warc_offset": int,
    "warc_length": int,
    "record_type": str,  # response | revisit
    "etag": str,
    "last_modified": str,
    "run_id": int,
}

ERROR_COLUMNS: dict[str, type] = {
    "id": int,
    "run_id": int,
    "url": str,
    "kind": str,
    "message": str,
    "at": str,
}

VERSION_COLUMNS: dict[str, type] = {
    "id": int,
    "article_id": int,
    "url": str,
    "version": int,
    "fetched_at": str,
    "run_id": int,
    **{name: (int if name in INTEGER_COLUMNS else str) for name in CONTENT_FIELDS},
    "content_hash": str,
}

FTS_COLUMNS = ["title", "standfirst", "body"]

migrations = Migrations("newscrawl")


def article_column_types() -> dict[str, type]:
    """Column -> Python type for the whole `articles` table."""
    columns: dict[str, type] = {"id": int}
    for name in ARTICLE_COLUMNS:
        columns[name] = int if name in INTEGER_COLUMNS else str
    columns.update(TRACKING_COLUMNS)
    return columns


@migrations()
def m001_initial(db: Database) -> None:
    """articles (+FTS, indexes), article_versions, crawl_runs, captures, errors."""
    articles = db.table("articles")
    articles.create(
        article_column_types(),
        pk="id",
        not_null={"url"},
        defaults={"status": "live", "version_count": 0},
    )
    articles.create_index(["url"], unique=True)
    for column in ("published", "section", "status", "modified"):
        articles.create_index([column])
    articles.enable_fts(FTS_COLUMNS, create_triggers=True)

    versions = db.table("article_versions")
    versions.create(VERSION_COLUMNS, pk="id", foreign_keys=[("article_id", "articles", "id")])
    versions.create_index(["article_id", "version"], unique=True)
    versions.create_index(["url"])

    db.table("crawl_runs").create(RUN_COLUMNS, pk="id")

    captures = db.table("captures")
    captures.create(CAPTURE_COLUMNS, pk="id")
    captures.create_index(["url", "fetched_at"])
    captures.create_index(["payload_digest"])

    errors = db.table("errors")
    errors.create(ERROR_COLUMNS, pk="id")
    errors.create_index(["run_id"])


@migrations()
def m002_fts_update_of_text(db: Database) -> None:
    """Refresh FTS only when title/standfirst/body change.

    sqlite-utils' update trigger fires on any column, so every recrawl that just moves
    last_seen rewrote the article's search index entry; same trigger name and body,
    narrowed with UPDATE OF.
    """
    cols = ", ".join(FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute(
        f"CREATE TRIGGER [articles_au] AFTER UPDATE OF {cols} ON [articles] BEGIN\n"
        f"  INSERT INTO [articles_fts] ([articles_fts], rowid, {cols})"
        f" VALUES('delete', old.rowid, {old});\n"
        f"  INSERT INTO [articles_fts] (rowid, {cols}) VALUES (new.rowid, {new});\n"
        "END"
    )


@migrations()
def m003_year_column(db: Database) -> None:
    """A generated `year` column, for Datasette's year facet (never written by hand)."""
    db.execute(
        "ALTER TABLE articles ADD COLUMN year TEXT "
        "GENERATED ALWAYS AS (substr(published, 1, 4)) VIRTUAL"
    )


@migrations()
def m004_listings(db: Database) -> None:
    """The sitemap lastmod seen with each URL's last successful fetch: a recrawl refetches
    a page when its lastmod differs, whatever the two clocks say."""
    db.table("listings").create(
        {"url": str, "lastmod": str, "fetched_at": str}, pk="url", if_not_exists=True
    )


@migrations()
def m005_wp_id_index(db: Database) -> None:
    """Recrawls look articles up by WordPress id (``?p=ID`` links)."""
    db.table("articles").create_index(["wp_id"], if_not_exists=True)


@migrations()
def m006_links(db: Database) -> None:
    """Outbound links of article bodies, one row each, for link analysis in SQL."""
    links = db.table("links")
    links.create(
        {"id": int, "article_id": int, "article_url": str, "href": str, "text": str,
         "internal": int},
        pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    links.create_index(["article_id"], if_not_exists=True)
    links.create_index(["href"], if_not_exists=True)
    # Archives made before this table existed get their links from the articles rows.
    db.execute(
        "INSERT INTO links (article_id, article_url, href, text, internal) "
        "SELECT a.id, a.url, json_extract(j.value, '$.href'), json_extract(j.value, '$.text'), "
        "coalesce(json_extract(j.value, '$.internal'), 0) "
        "FROM articles a, json_each(CASE WHEN json_valid(a.links) THEN a.links ELSE '[]' END) j "
        "WHERE json_extract(j.value, '$.href') IS NOT NULL"
    )


@migrations()
def m007_rest_posts(db: Database) -> None:
    """WordPress REST API facts per canonical link (``newscrawl.extract.rest``): the
    lookup a page is merged with, kept in the database so a 50,000-post listing never
    sits in the crawler's memory."""
    db.table("rest_posts").create(
        {"url": str, "wp_id": int, "data": str, "fetched_at": str}, pk="url", if_not_exists=True
    )


@migrations()
def m008_site_templates(db: Database) -> None:
    """Each site's learned template (``newscrawl.extract.template.SiteTemplate`` as JSON),
    one row per host: a recrawl or reparse starts from it."""
    db.table("site_templates").create(
        {"host": str, "pages": int, "template": str, "built_at": str, "version": str},
        pk="host", if_not_exists=True,
    )


# What a crawl_runs row records: a crawl of sites, or a reparse of the WARC captures.
RUN_KINDS: tuple[str, ...] = ("crawl", "reparse")

# How a run's kind was told before the column existed (a reparse wrote targets
# ["reparse"] and settings {"kind": "reparse", ...}): used once by m009, and to read
# an archive not yet migrated (``newscrawl status`` opens it read-only).
LEGACY_RUN_KIND_SQL = (
    "CASE WHEN targets = '[\"reparse\"]' OR (json_valid(settings)"
    " AND json_extract(settings, '$.kind') = 'reparse') THEN 'reparse' ELSE 'crawl' END"
)


@migrations()
def m009_run_kind(db: Database) -> None:
    """``crawl_runs.kind`` ('crawl' | 'reparse'): what the run was, said once.

    Existing reparse runs are recognised by their old encoding, which is then dropped
    (targets ``[]``, no ``kind`` key in settings), so the column is the only place."""
    db.table("crawl_runs").add_column("kind", str, not_null_default="crawl")
    db.execute(f"UPDATE crawl_runs SET kind = {LEGACY_RUN_KIND_SQL}")
    db.execute(
        "UPDATE crawl_runs SET targets = '[]', settings = CASE WHEN json_valid(settings)"
        " THEN json_remove(settings, '$.kind') ELSE settings END WHERE kind = 'reparse'"
    )


@migrations()
def m010_archive_meta(db: Database) -> None:
    """``archive_meta`` (key, value): the archive's own facts. ``archive_id``, a UUID made
    once, is written into the warcinfo record of every WARC file the archive writes, so
    its captures are never mixed with another archive's (``newscrawl.archive.index``)."""
    import uuid

    from newscrawl.store.clock import utcnow

    db.table("archive_meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.execute("INSERT OR IGNORE INTO archive_meta (key, value) VALUES ('archive_id', ?)",
               [str(uuid.uuid4())])
    db.execute("INSERT OR IGNORE INTO archive_meta (key, value) VALUES ('created', ?)",
               [utcnow()])


# The host of an article's URL as ``extract.urls.host_key`` gives it (lower case, no
# ``www.``; the port kept), in SQL: used once by m011 for rows written before the column.
_HOST_SQL = (
    "lower(substr(substr({col}, instr({col}, '://') + 3), 1,"
    " instr(substr({col}, instr({col}, '://') + 3) || '/', '/') - 1))"
)


@migrations()
def m011_sites(db: Database) -> None:
    """``articles.site`` and ``crawl_runs.site``: one archive can hold many sites.

    Existing articles get their URL's host, existing crawls their first target's host;
    a crawl of a sites file names each site itself (``newscrawl crawl --sites``)."""
    articles = db.table("articles")
    if "site" not in articles.columns_dict:
        articles.add_column("site", str)
    host = _HOST_SQL.format(col="url")
    db.execute(f"UPDATE articles SET site = CASE WHEN {host} LIKE 'www.%'"
               f" THEN substr({host}, 5) ELSE {host} END WHERE site IS NULL")
    articles.create_index(["site"], if_not_exists=True)
    runs = db.table("crawl_runs")
    if "site" not in runs.columns_dict:
        runs.add_column("site", str)
    first = "json_extract(targets, '$[0]')"
    host = _HOST_SQL.format(col=first)
    db.execute(f"UPDATE crawl_runs SET site = CASE WHEN {host} LIKE 'www.%'"
               f" THEN substr({host}, 5) ELSE {host} END"
               f" WHERE site IS NULL AND kind = 'crawl' AND json_valid(targets)"
               f" AND {first} IS NOT NULL")


# Covering indexes of the columns a search, its facets and the trends read (schema
# m012): SQLite reads them instead of the article rows, whose body and body_html come
# first and make every row several pages long. One is keyed by id (an FTS match joined
# on rowid: ranking ties, filters, facets, counts per month), one by published (newest
# first, with filters, stopping at the page's last row).
SEARCH_INDEX_BY_ID = "idx_articles_search_by_id"
SEARCH_INDEX_BY_DATE = "idx_articles_search_by_date"
SEARCH_INDEX_COLUMNS = ("published", "section", "status", "authors", "tags", "site")


@migrations()
def m012_search_indexes(db: Database) -> None:
    """The search indexes (``SEARCH_INDEX_BY_ID``, ``SEARCH_INDEX_BY_DATE``) and an index
    on the generated ``year`` column (Datasette's year facet): at 100,000 articles a
    search with its facet counts reads a few MB of index instead of the whole table."""
    cols = "published, section, status, authors, tags"  # as m012 made them (m013 adds site)
    db.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX_BY_ID} ON articles (id, {cols})")
    db.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX_BY_DATE} ON articles ({cols})")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_year ON articles (year)")


@migrations()
def m013_search_indexes_site(db: Database) -> None:
    """The search indexes cover ``site`` too: an archive of many sites is searched,
    filtered and faceted by site without reading the article rows."""
    cols = ", ".join(SEARCH_INDEX_COLUMNS)
    for name, key in ((SEARCH_INDEX_BY_ID, "id, "), (SEARCH_INDEX_BY_DATE, "")):
        db.execute(f"DROP INDEX IF EXISTS {name}")
        db.execute(f"CREATE INDEX {name} ON articles ({key}{cols})")


def sync_article_columns(db: Database) -> list[str]:
    """Add any extraction column the table lacks (the contract grew); returns their names."""
    articles = db.table("articles")
    existing = set(articles.columns_dict)
    added = []
    for name in ARTICLE_COLUMNS:
        if name not in existing:
            articles.add_column(name, int if name in INTEGER_COLUMNS else str)
            added.append(name)
    return added


def migrate(db: Database) -> int:
    """Apply pending migrations; returns the schema version (also in PRAGMA user_version)."""
    migrations.apply(db)
    sync_article_columns(db)
    version = len(migrations.applied(db))
    if db.execute("PRAGMA user_version").fetchone()[0] != version:
        db.execute(f"PRAGMA user_version = {int(version)}")
    return version

"""docs/researchers.md's citing recipe, run as written: its SQL finds, for each version of
an article, the capture that version came from (not a later revisit, not another URL's)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from newscrawl.store import Store

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "researchers.md").read_text(encoding="utf-8")
SITE = "https://leigh-on-sea.news"


def recipe_sql() -> str:
    """The SQL block of the guide's citing section."""
    start = GUIDE.index("## Citing an article, a version and its capture")
    section = GUIDE[start:GUIDE.index("\n## ", start + 3)]
    (block,) = re.findall(r"```sql\n(.*?)```", section, re.S)
    return block


def capture(store: Store, url: str, at: str, offset: int, *, status: int = 200,
            record_type: str = "response") -> None:
    store.add_capture({"url": url, "fetched_at": at, "status": status,
                       "content_type": "text/html", "payload_digest": f"sha1:D{offset}",
                       "warc_filename": "newscrawl-20240612093000-00001.warc.gz",
                       "warc_offset": offset, "warc_length": 500,
                       "record_type": record_type, "run_id": 1})


def record(url: str, title: str) -> dict:
    return {"url": url, "title": title, "standfirst": "", "body": title + " body.",
            "authors": ["Jo Bloggs"], "published": "2024-06-12T09:00:00+01:00",
            "modified": None, "section": "News", "tags": []}


def test_the_citing_sql_finds_each_versions_capture(tmp_path):
    db = tmp_path / "news.db"
    url = f"{SITE}/pier-closure/"
    other = f"{SITE}/other-story/"
    with Store(db) as store:
        run = store.start_run([SITE + "/"], {})
        # version 1: its response arrives a fraction of a second before it is written
        capture(store, url, "2024-06-12T09:30:00.250000+00:00", 1000)
        store.save_article(record(url, "Pier closure"), fetched_at="2024-06-12T09:30:00+00:00",
                           run_id=run)
        capture(store, other, "2024-06-12T09:30:01.100000+00:00", 2000)  # another URL
        # the next day: a 304 and a revisit (same body): no new version
        capture(store, url, "2024-06-13T09:30:00.100000+00:00", 3000, status=304)
        capture(store, url, "2024-06-13T10:00:00.100000+00:00", 4000, record_type="revisit")
        # version 2: a changed page
        capture(store, url, "2024-06-14T09:30:02.500000+00:00", 5000)
        store.save_article(record(url, "Pier closure extended"),
                           fetched_at="2024-06-14T09:30:02+00:00", run_id=run)
        capture(store, url, "2024-06-15T09:30:00.500000+00:00", 6000)  # later, unchanged
        store.finish_run(run, {})
        store.flush()
    conn = sqlite3.connect(db)
    try:
        (article_id,) = conn.execute("select id from articles where url = ?", [url]).fetchone()
        sql = recipe_sql().replace("v.article_id = 42", "v.article_id = ?")
        assert "?" in sql
        rows = conn.execute(sql, [article_id]).fetchall()
    finally:
        conn.close()
    got = [(r[0], r[6]) for r in rows]  # version, warc_offset
    assert got == [(1, 1000), (2, 5000)]
    assert [r[8] for r in rows] == ["sha1:D1000", "sha1:D5000"]  # payload_digest

"""Store: real SQLite files in tmp_path."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import datetime

import pytest

from newscrawl.extract.model import ARTICLE_COLUMNS, Article
from newscrawl.store import (
    Store,
    StoreError,
    article_count,
    content_hash,
    iter_articles,
    versions,
)

T1 = "2024-06-12T10:00:00+00:00"
T2 = "2024-06-13T10:00:00+00:00"
T3 = "2024-06-14T10:00:00+00:00"


def record(url: str = "https://leigh-on-sea.news/2024/06/story/", **fields: object) -> dict:
    art = Article(
        url=url,
        canonical_url=url,
        is_article=True,
        title="Improved Public Confidence",
        standfirst="Police figures out today.",
        body="SOUTHEND\u2019S District Commander said.\n\nCall if they need help.",
        authors=["Editor"],
        published="2024-06-12T09:30:00+01:00",
        modified="2024-06-12T09:30:00+01:00",
        section="News",
        tags=["Police", "Southend"],
        word_count=11,
    )
    for key, value in fields.items():
        setattr(art, key, value)
    return art.to_record()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "data" / "news.db")
    yield s
    s.close()


def search(store: Store, word: str) -> list[str]:
    store.flush()
    return [
        r["url"]
        for r in store.db.query(
            "SELECT a.url FROM articles a JOIN articles_fts f ON f.rowid = a.rowid"
            " WHERE articles_fts MATCH ?",
            [word],
        )
    ]


def test_creates_dirs_schema_wal(tmp_path):
    path = tmp_path / "a" / "b" / "news.db"
    with Store(path) as s:
        assert s.db.journal_mode == "wal"
        assert s.schema_version >= 1
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == s.schema_version
        tables = set(s.db.table_names())
        assert {"articles", "article_versions", "crawl_runs", "captures", "errors",
                "articles_fts"} <= tables
        columns = set(s.db.table("articles").columns_dict)
        assert set(ARTICLE_COLUMNS) <= columns
        assert {"first_seen", "last_seen", "status", "gone_since", "version_count",
                "last_changed", "content_hash", "run_id"} <= columns
        indexed = {tuple(i.columns) for i in s.db.table("articles").indexes}
        assert {("url",), ("published",), ("section",), ("status",), ("modified",)} <= indexed
        assert s.db.table("articles").detect_fts() == "articles_fts"
    # Opening again is idempotent.
    with Store(path) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == s.schema_version


def test_new_updated_unchanged_and_versions(store):
    run = store.start_run(["https://leigh-on-sea.news/"], {"X": 1})
    rec = record()
    assert store.save_article(rec, fetched_at=T1, run_id=run) == "new"
    assert store.save_article(rec, fetched_at=T2, run_id=run) == "unchanged"
    row = store.article(rec["url"])
    assert row["first_seen"] == T1 and row["last_seen"] == T2
    assert row["version_count"] == 1 and row["last_changed"] == T1
    assert row["content_hash"] == content_hash(rec)
    assert len(store.versions(rec["url"])) == 1

    edited = record(body=rec["body"] + "\n\nA correction was added.", modified="2024-06-13T08:00:00+01:00")
    assert store.save_article(edited, fetched_at=T3, run_id=run) == "updated"
    row = store.article(rec["url"])
    assert row["version_count"] == 2 and row["last_changed"] == T3 and row["run_id"] == run
    assert row["body"].endswith("A correction was added.")
    vers = store.versions(rec["url"])
    assert [v["version"] for v in vers] == [1, 2]
    assert vers[0]["body"] == rec["body"] and vers[1]["body"] == edited["body"]
    assert vers[0]["fetched_at"] == T1 and vers[1]["fetched_at"] == T3
    assert vers[1]["article_id"] == row["id"]
    assert json.loads(vers[0]["authors"]) == ["Editor"]


def test_hash_ignores_noise_and_non_content_fields(store):
    rec = record()
    assert store.save_article(rec, fetched_at=T1, run_id=None) == "new"
    # Whitespace, tag order and non-content fields are not a new version.
    same = record(body=rec["body"].replace(" said.", "  said. "), tags=["Southend", "Police"],
                  word_count=99, image_url="https://x/y.jpg")
    assert content_hash(same) == content_hash(rec)
    assert store.save_article(same, fetched_at=T2, run_id=None) == "unchanged"
    assert store.article(rec["url"])["version_count"] == 1
    for field, value in [("title", "New title"), ("authors", ["A", "B"]), ("section", "Sport"),
                         ("published", "2024-06-11T09:00:00+01:00"), ("standfirst", "Other")]:
        assert content_hash(record(**{field: value})) != content_hash(rec), field


def test_gone_and_back(store):
    run = store.start_run([], {})
    rec = record()
    store.save_article(rec, fetched_at=T1, run_id=run)
    assert store.mark_gone(rec["url"], seen_at=T2, run_id=run) is True
    assert store.mark_gone(rec["url"], seen_at=T3, run_id=run) is False  # already gone
    row = store.article(rec["url"])
    assert row["status"] == "gone" and row["gone_since"] == T2
    assert store.mark_gone("https://nowhere/", seen_at=T2, run_id=run) is False
    assert store.save_article(rec, fetched_at=T3, run_id=run) == "unchanged"
    row = store.article(rec["url"])
    assert row["status"] == "live" and row["gone_since"] is None and row["last_seen"] == T3
    store.flush()
    assert article_count(store.path) == 1  # never deleted


def test_touch_for_304(store):
    rec = record()
    store.save_article(rec, fetched_at=T1, run_id=None)
    assert store.touch(rec["url"], seen_at=T2) is True
    assert store.article(rec["url"])["last_seen"] == T2
    assert store.touch("https://nowhere/", seen_at=T2) is False


def test_crawl_runs(store):
    run = store.start_run(["https://a/"], {"DOWNLOAD_DELAY": 1})
    row = store.db.table("crawl_runs").get(run)
    assert row["status"] == "running" and json.loads(row["targets"]) == ["https://a/"]
    store.save_article(record(url="https://a/1/"), fetched_at=T1, run_id=run)
    store.save_article(record(url="https://a/2/"), fetched_at=T1, run_id=run)
    store.save_article(record(url="https://a/2/"), fetched_at=T2, run_id=run)
    store.mark_gone("https://a/1/", seen_at=T2, run_id=run)
    store.add_error(run_id=run, url="https://a/3/", kind="http_500", message="HTTP 500", at=T2)
    store.finish_run(run, {"pages_fetched": 7, "requests": 9,
                           "errors_by_kind": {"http_500": 1}, "peak_rss_mb": 80})
    row = store.db.table("crawl_runs").get(run)
    assert row["status"] == "finished" and row["finished"]
    assert (row["articles_new"], row["articles_unchanged"], row["articles_gone"]) == (2, 1, 1)
    assert row["errors"] == 1 and json.loads(row["errors_by_kind"]) == {"http_500": 1}
    assert json.loads(row["extra"]) == {"peak_rss_mb": 80}
    # The run's length, from its own start and finish stamps (2 decimals).
    span = datetime.fromisoformat(row["finished"]) - datetime.fromisoformat(row["started"])
    assert row["duration_s"] == round(span.total_seconds(), 2) and 0 <= row["duration_s"] < 60
    failed = store.start_run([], {})
    store.finish_run(failed, {}, error="DNS lookup failed")
    row = store.db.table("crawl_runs").get(failed)
    assert row["status"] == "failed" and row["error"] == "DNS lookup failed"


def test_captures_and_validators(store):
    base = {"url": "https://a/1/", "content_type": "text/html", "warc_filename": "f.warc.gz",
            "warc_length": 10, "run_id": 1}
    store.add_capture({**base, "fetched_at": T1, "status": 200, "payload_digest": "sha1:AAA",
                       "warc_offset": 0, "record_type": "response", "etag": '"e1"',
                       "last_modified": "Wed, 12 Jun 2024 09:00:00 GMT"})
    store.add_capture({**base, "fetched_at": T2, "status": 304, "payload_digest": None,
                       "warc_offset": 10, "record_type": "response", "etag": '"e1"'})
    store.add_capture({**base, "fetched_at": T3, "status": 200, "payload_digest": "sha1:BBB",
                       "warc_offset": 20, "record_type": "response", "etag": '"e2"',
                       "unknown_key": "ignored"})
    assert store.validators("https://a/1/") == ('"e2"', None)
    assert store.validators("https://none/") == (None, None)
    assert store.last_capture_digest("https://a/1/") == "sha1:BBB"
    assert store.last_capture("https://a/1/")["fetched_at"] == T3


def test_fts_follows_insert_and_update(store):
    rec = record(title="Operation Raker returns")
    store.save_article(rec, fetched_at=T1, run_id=None)
    assert search(store, "Raker") == [rec["url"]]
    store.save_article(record(title="Operation Sceptre begins"), fetched_at=T2, run_id=None)
    assert search(store, "Raker") == []
    assert search(store, "Sceptre") == [rec["url"]]
    # last_seen-only updates leave the index as it is.
    store.save_article(record(title="Operation Sceptre begins"), fetched_at=T3, run_id=None)
    assert search(store, "Sceptre") == [rec["url"]]


def test_batch_of_2000_rows_is_fast_and_committed(tmp_path):
    path = tmp_path / "news.db"
    store = Store(path)
    run = store.start_run([], {})
    start = time.monotonic()
    with store.batch():
        for i in range(2000):
            store.save_article(record(url=f"https://a/{i}/", body=f"Story number {i}. " * 200),
                               fetched_at=T1, run_id=run)
    elapsed = time.monotonic() - start
    # Visible to another connection without close(): the batch committed.
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 2000
    assert other.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 2000
    other.close()
    store.close()
    assert elapsed < 5, elapsed


def test_auto_batches_commit_on_close_and_by_timer(tmp_path):
    path = tmp_path / "news.db"
    store = Store(path, commit_every=10_000, commit_seconds=0.2)
    store.save_article(record(url="https://a/1/"), fetched_at=T1, run_id=None)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the timer thread commits an idle batch
        if article_count(path) == 1:
            break
        time.sleep(0.05)
    assert article_count(path) == 1
    store.save_article(record(url="https://a/2/"), fetched_at=T1, run_id=None)
    store.close()
    assert article_count(path) == 2
    store.close()  # twice is fine


def test_streaming_readers(store):
    for i in range(5):
        store.save_article(record(url=f"https://a/{i}/", published=f"2024-06-1{i}T00:00:00+00:00"),
                           fetched_at=T1, run_id=None)
    store.mark_gone("https://a/0/", seen_at=T2)
    store.flush()
    rows = iter_articles(store.path, chunk=2)
    assert not isinstance(rows, list)
    urls = [r["url"] for r in rows]
    assert urls[0] == "https://a/4/" and len(urls) == 5
    assert [r["url"] for r in iter_articles(store.path, status="gone")] == ["https://a/0/"]
    assert article_count(store.path, status="live") == 4
    assert len(versions(store.path, "https://a/1/")) == 1


def test_corrupt_file_names_the_file(tmp_path):
    path = tmp_path / "news.db"
    path.write_bytes(b"this is not a database at all, just some text" * 100)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    assert "not a usable SQLite database" in message


def test_truncated_database_is_store_error(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as s:
        for i in range(50):
            s.save_article(record(url=f"https://a/{i}/"), fetched_at=T1, run_id=None)
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50 + data[150 : len(data) // 2])
    with pytest.raises(StoreError, match=str(path)):
        s = Store(path)
        s.save_article(record(url="https://a/x/"), fetched_at=T1, run_id=None)
        s.close()


def test_unwritable_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="file"):
        Store(blocker / "sub" / "news.db")
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StoreError, match=str(ro)):
            Store(ro / "news.db")
    finally:
        ro.chmod(0o700)


def test_directory_in_place_of_file(tmp_path):
    (tmp_path / "news.db").mkdir()
    with pytest.raises(StoreError, match="news.db"):
        Store(tmp_path / "news.db")


def test_locked_too_long(tmp_path):
    path = tmp_path / "news.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = Store(path, timeout=0.2)
        with pytest.raises(StoreError, match="locked"):
            store.save_article(record(), fetched_at=T1, run_id=None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.save_article(record(), fetched_at=T1, run_id=None)
    store.close()


def test_new_article_column_is_migrated(tmp_path, monkeypatch):
    path = tmp_path / "news.db"
    Store(path).close()
    from newscrawl.store import schema

    monkeypatch.setattr(schema, "ARTICLE_COLUMNS", (*ARTICLE_COLUMNS, "paywall"))
    with Store(path) as s:
        assert "paywall" in s.db.table("articles").columns_dict


def test_run_kind_migration_reads_the_old_reparse_encoding(tmp_path):
    """m009: existing runs get kind 'crawl', reparse runs (targets ["reparse"], settings
    kind=reparse) get 'reparse' and lose the old encoding; status reads both."""
    from sqlite_utils import Database

    from newscrawl.status import archive_status
    from newscrawl.store import schema

    path = tmp_path / "news.db"
    db = Database(path)
    schema.migrations.apply(db, stop_before="m009_run_kind")
    db.execute("INSERT INTO crawl_runs (started, targets, settings, status) VALUES"
               " (?, '[\"https://a/\"]', '{\"DOWNLOAD_DELAY\": 1}', 'finished'),"
               " (?, '[\"reparse\"]', '{\"kind\": \"reparse\", \"workers\": 2}', 'finished'),"
               " (?, '[\"https://a/\"]', '{}', 'running')", [T1, T2, T3])
    db.conn.commit()
    db.close()
    # Read-only before migrating (status never migrates): the kind the rows encode.
    before = [r["kind"] for r in archive_status(path, crontab="").runs]
    assert before == ["crawl", "reparse", "crawl"]
    with Store(path) as s:
        rows = list(s.db.query("SELECT kind, targets, settings FROM crawl_runs ORDER BY id"))
        assert [r["kind"] for r in rows] == ["crawl", "reparse", "crawl"]
        assert rows[1]["targets"] == "[]" and json.loads(rows[1]["settings"]) == {"workers": 2}
        assert json.loads(rows[0]["settings"]) == {"DOWNLOAD_DELAY": 1}
        assert s.last_run_status() == "running"
        s.finish_run(3, {"status": "finished"})
        reparse = s.start_run([], {"workers": 1}, kind="reparse")
        s.finish_run(reparse, {}, error="boom")
        assert s.last_run_status() == "finished"  # the reparse's failure is not a crawl's
        assert s.db.table("crawl_runs").get(reparse)["kind"] == "reparse"
        with pytest.raises(ValueError, match="unknown run kind"):
            s.start_run([], {}, kind="replay")
    assert [r["kind"] for r in archive_status(path, crontab="").runs][:2] == ["reparse", "crawl"]


def test_failed_write_leaves_no_half_article(store):
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON article_versions WHEN new.url LIKE '%bad%'"
        " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    with store.batch():
        store.save_article(record(url="https://a/good/"), fetched_at=T1, run_id=None)
        with pytest.raises(StoreError, match="disk trouble"):
            store.save_article(record(url="https://a/bad/"), fetched_at=T1, run_id=None)
        store.save_article(record(url="https://a/good2/"), fetched_at=T1, run_id=None)
    assert article_count(store.path) == 2
    assert store.article("https://a/bad/") is None


def capture(url: str, at: str, status: int = 200, *, offset: int = 0, kind: str = "response",
            content_type: str = "text/html") -> dict:
    return {"url": url, "fetched_at": at, "status": status, "content_type": content_type,
            "payload_digest": f"sha1:{url}{at}", "warc_filename": "a.warc.gz",
            "warc_offset": offset, "warc_length": 10, "record_type": kind}


def test_what_the_warc_index_and_reparse_ask_of_the_store(store):
    a, b, feed = "https://a/1/", "https://a/2/", "https://a/feed/"
    for i, row in enumerate([
        capture(a, T1), capture(a, T2, kind="revisit"), capture(b, T1), capture(b, T2),
        capture(feed, T2, content_type="application/rss+xml"), capture(b, T3, 404),
    ]):
        store.add_capture({**row, "warc_offset": i * 100})
    store.flush()
    assert store.indexed_warc_files() == {"a.warc.gz"}
    assert store.indexed_offsets("a.warc.gz") == {0, 100, 200, 300, 400, 500}
    assert store.indexed_offsets("b.warc.gz") == set()
    # Each URL's latest full 200 response of HTML, oldest first (revisits and feeds aside).
    assert store.latest_html_responses() == [(a, T1, "a.warc.gz", 0), (b, T2, "a.warc.gz", 300)]
    assert store.latest_html_responses(since=T2) == [(b, T2, "a.warc.gz", 300)]
    store.refresh_article(record(url=b), fetched_at=T2, run_id=None)
    store.seen_from_captures(b, "https://a/2/?p=2")
    row = store.article(b)
    assert (row["first_seen"], row["last_seen"]) == (T1, T2)
    assert (row["status"], row["gone_since"]) == ("gone", T3)  # its latest capture: 404


def test_mark_run_failed(store):
    run = store.start_run(["https://a/"], {})
    store.finish_run(run, {"pages_fetched": 0})
    store.mark_run_failed(run, "could not reach https://a/: DNS lookup failed")
    row = store.db.table("crawl_runs").get(run)
    assert (row["status"], row["error"], row["kind"]) == (
        "failed", "could not reach https://a/: DNS lookup failed", "crawl")


def test_pages_captured_since(store):
    """A resumed crawl's pages captured by its killed run: HTML and XML answers (200, 304)
    at or after the job's start, in capture order, and none written while it reads."""
    def add(url, at, status=200, ctype="text/html; charset=UTF-8"):
        store.add_capture({"url": url, "fetched_at": at, "status": status, "content_type": ctype,
                           "warc_filename": "a.warc.gz", "warc_offset": 0, "warc_length": 1})

    add("https://x.test/before/", "2026-11-27T10:00:00+00:00")
    add("https://x.test/a/", "2026-11-27T10:00:01.5+00:00")
    add("https://x.test/sitemap.xml", "2026-11-27T10:00:02+00:00", ctype="application/xml")
    add("https://x.test/img.jpg", "2026-11-27T10:00:03+00:00", ctype="image/jpeg")
    add("https://x.test/missing/", "2026-11-27T10:00:04+00:00", status=404)
    add("https://x.test/b/", "2026-11-27T10:00:05Z", status=304)
    found = []
    for url in store.pages_captured_since("2026-11-27T10:00:01+00:00", chunk=1):
        found.append(url)
        add("https://x.test/later/", "2026-11-27T10:00:09+00:00")  # this run's own
    assert found == ["https://x.test/a/", "https://x.test/sitemap.xml", "https://x.test/b/"]

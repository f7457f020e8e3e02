"""The single writer of the archive database.

Schema creation uses sqlite-utils; the per-article hot path uses plain parameterised SQL
on the same connection, because sqlite-utils' table helpers introspect the schema on
every call and that dominated the cost of a 2,000-article crawl.

Writes are grouped into transactions: one is opened on the first write and committed
after ``commit_every`` rows or ``commit_seconds`` seconds (a background timer commits an
idle batch too), on ``flush()``, at the end of ``with store.batch():`` and on
``close()``. A process killed mid-batch therefore loses at most ``commit_seconds`` of
database rows; the WARC files, written and flushed per record, still hold the pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

from sqlite_utils import Database

from newscrawl.extract.model import ARTICLE_COLUMNS
from newscrawl.extract.protected import PROBLEM as PROTECTED_PROBLEM
from newscrawl.extract.urls import host_key
from newscrawl.store import schema
from newscrawl.store.clock import utcnow

Outcome = Literal["new", "updated", "unchanged"]

P = ParamSpec("P")
R = TypeVar("R")

_CAPTURE_FIELDS = tuple(c for c in schema.CAPTURE_COLUMNS if c != "id")
_VERSION_FIELDS = tuple(c for c in schema.VERSION_COLUMNS if c != "id")


class StoreError(Exception):
    """The database cannot be used; the message is one line and names the file."""


def _norm_text(value: Any) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    # Whitespace inside a line and blank-line runs carry no content; paragraph breaks do.
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def _norm_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if not isinstance(value, list):
        value = [value]
    return [_norm_text(v) for v in value if _norm_text(v)]


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the normalised content fields (``schema.CONTENT_FIELDS``) of a record.

    Whitespace runs, Unicode normal form and the order of tags do not count as changes;
    the order of authors does.
    """
    parts: dict[str, Any] = {}
    for name in schema.CONTENT_FIELDS:
        value = record.get(name)
        if name == "authors":
            parts[name] = _norm_list(value)
        elif name == "tags":
            parts[name] = sorted(_norm_list(value))
        else:
            parts[name] = _norm_text(value)
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _describe(path: Path, exc: BaseException, timeout: float) -> str:
    msg = str(exc).strip() or type(exc).__name__
    low = msg.lower()
    if "not a database" in low or "malformed" in low or "encrypted" in low:
        why = "not a usable SQLite database (corrupt, or another kind of file)"
    elif "locked" in low or "busy" in low:
        why = f"database is locked by another process (waited {timeout:g}s)"
    elif "readonly" in low or "read-only" in low:
        why = "database is read-only (check the file's and its directory's permissions)"
    elif "unable to open" in low or isinstance(exc, PermissionError):
        why = "cannot open or create the database file (check the directory exists and is writable)"
    elif "disk is full" in low or "disk i/o" in low:
        why = f"disk error ({msg})"
    else:
        why = msg
    return f"{path}: {why}"


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn sqlite3/OS errors inside a Store method into a StoreError naming the file."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(_describe(self.path, exc, self.timeout)) from exc  # type: ignore[attr-defined]

    return wrapper


class Store:
    """The archive database: articles, versions, crawl runs, captures, errors.

    One Store is the one writer; its methods are thread-safe (one lock), so a crawl may
    call it from the reactor and from worker threads. Readers (Datasette, export) open
    the file themselves; WAL mode lets them read while a crawl writes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        commit_every: int = 500,
        commit_seconds: float = 1.0,
    ) -> None:
        """Open (creating dirs, file and schema as needed) the database at ``path``.

        ``timeout``: seconds to wait for a lock held by another process before
        StoreError. ``commit_every``/``commit_seconds``: batch size and age limit;
        ``commit_seconds=0`` commits every write.
        """
        self.path = Path(path).expanduser().absolute()
        self.timeout = timeout
        self.commit_every = max(1, int(commit_every))
        self.commit_seconds = commit_seconds
        self._lock = threading.RLock()
        self._run_sites: dict[int, str] = {}  # run id -> site name, for runs started here
        self._pending = 0  # rows written in the open transaction
        self._tx_started = 0.0
        self._batch_depth = 0
        self._closed = False
        self._timer: threading.Thread | None = None
        self._wake = threading.Event()
        self.run_counts: dict[int, Counter[str]] = {}
        self.schema_version = 0
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():
                raise StoreError(f"{self.path}: not a file")
            # SQLite would open these read-only and fail at the first write; say so now.
            if self.path.exists() and not os.access(self.path, os.W_OK):
                raise StoreError(f"{self.path}: database file is read-only")
            if not os.access(self.path.parent, os.W_OK | os.X_OK):
                raise StoreError(
                    f"{self.path}: directory {self.path.parent} is not writable"
                    " (SQLite needs it for the -wal and -shm files)"
                )
            # check_same_thread=False: the lock above serialises use across threads.
            conn = sqlite3.connect(str(self.path), timeout=timeout, check_same_thread=False)
            self.db = Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.db.enable_wal()
            # NORMAL is durable across application crashes in WAL mode, and skips an
            # fsync per commit.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.schema_version = schema.migrate(self.db)
            if self.db.journal_mode != "wal":
                raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            raise StoreError(_describe(self.path, exc, timeout)) from exc

    # --- transactions ---------------------------------------------------------------
    def _begin(self) -> None:
        if not self.db.conn.in_transaction:
            # IMMEDIATE takes the write lock now, so waiting for another writer happens
            # here (bounded by busy_timeout) rather than as a deadlock on upgrade.
            self.db.conn.execute("BEGIN IMMEDIATE")
            self._tx_started = time.monotonic()
            self._pending = 0
            self._start_timer()

    def _wrote(self, rows: int = 1) -> None:
        self._pending += rows
        if self._batch_depth:
            return
        if (
            self.commit_seconds <= 0
            or self._pending >= self.commit_every
            or time.monotonic() - self._tx_started >= self.commit_seconds
        ):
            self._commit()

    def _commit(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.execute("COMMIT")
        self._pending = 0

    def _start_timer(self) -> None:
        if self._timer is not None or self.commit_seconds <= 0:
            return
        self._timer = threading.Thread(target=self._timer_loop, name="store-commit", daemon=True)
        self._timer.start()

    def _timer_loop(self) -> None:
        # Commits a batch that went quiet, so readers see it and a kill cannot lose it.
        interval = max(0.05, self.commit_seconds / 2)
        while not self._closed:
            self._wake.wait(interval)
            if self._closed:
                return
            with self._lock:
                if (
                    not self._closed
                    and not self._batch_depth
                    and self.db.conn.in_transaction
                    and time.monotonic() - self._tx_started >= self.commit_seconds
                ):
                    try:
                        self._commit()
                    except sqlite3.Error:
                        pass  # the next write or close() reports it

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Group writes into one transaction, committed when the block ends."""
        with self._lock:
            try:
                self._begin()
            except sqlite3.Error as exc:
                raise StoreError(_describe(self.path, exc, self.timeout)) from exc
            self._batch_depth += 1
            try:
                yield self
            except BaseException:
                self._batch_depth -= 1
                if not self._batch_depth and self.db.conn.in_transaction:
                    # Rows written before the batch belong to the same transaction;
                    # keeping them is better than losing them to one bad row.
                    self._commit()
                raise
            self._batch_depth -= 1
            if not self._batch_depth:
                self._commit()

    @_guarded
    def flush(self) -> None:
        """Commit whatever is pending now."""
        with self._lock:
            if not self._batch_depth:
                self._commit()

    @_guarded
    def close(self) -> None:
        """Commit and close; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._wake.set()
            try:
                # SQLite folds the WAL back into the file when the last connection closes;
                # an explicit TRUNCATE checkpoint could wait on a Datasette reader.
                self._commit()
            finally:
                self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _row_savepoint(self) -> Iterator[None]:
        # One article's rows (article + version) land together or not at all, without
        # throwing away the rest of the open batch.
        self.db.conn.execute("SAVEPOINT newscrawl_row")
        try:
            yield
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK TO newscrawl_row")
                self.db.conn.execute("RELEASE newscrawl_row")
            raise
        self.db.conn.execute("RELEASE newscrawl_row")

    # --- articles -------------------------------------------------------------------
    def _row(self, url: str) -> dict[str, Any] | None:
        cur = self.db.conn.execute("SELECT * FROM articles WHERE url = ?", (url,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def _clean_record(self, record: dict[str, Any]) -> dict[str, Any]:
        if not record.get("url"):
            raise ValueError("an article record needs a url")
        clean: dict[str, Any] = {}
        for name in ARTICLE_COLUMNS:
            value = record.get(name)
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, bool):
                value = int(value)
            clean[name] = value
        return clean

    def _insert_version(
        self, article_id: int, version: int, rec: dict[str, Any], fetched_at: str,
        run_id: int | None, chash: str,
    ) -> None:
        values = {
            "article_id": article_id, "url": rec["url"], "version": version,
            "fetched_at": fetched_at, "run_id": run_id, "content_hash": chash,
            **{f: rec.get(f) for f in schema.CONTENT_FIELDS},
        }
        cols = ", ".join(_VERSION_FIELDS)
        marks = ", ".join("?" for _ in _VERSION_FIELDS)
        self.db.conn.execute(
            f"INSERT INTO article_versions ({cols}) VALUES ({marks})",
            [values[c] for c in _VERSION_FIELDS],
        )

    def _count(self, run_id: int | None, key: str) -> int:
        """Count one article outcome of a run in its crawl_runs row, in the same
        transaction as the write it counts: a row that is rolled back (disk full) is not
        counted, so the run's figures are what the database holds. Returns rows written."""
        if run_id is None:
            return 0
        self.run_counts.setdefault(run_id, Counter())[key] += 1
        column = f"articles_{key}"
        assert column in schema.RUN_COLUMNS
        self.db.conn.execute(
            f"UPDATE crawl_runs SET {column} = coalesce({column}, 0) + 1 WHERE id = ?", (run_id,)
        )
        return 1

    def _save(
        self, record: dict[str, Any], fetched_at: str, run_id: int | None, refresh: bool,
        count: bool = False,
    ) -> tuple[Outcome, list[str]]:
        rec = self._clean_record(record)
        # 'live' or 'protected' (a password-protected post), as the record says (None:
        # the record does not say; a new or recrawled row is then 'live').
        status = None if "status" not in record else (
            "protected" if record["status"] == "protected" else "live")
        self._begin()
        with self._row_savepoint():
            result = self._save_rows(rec, fetched_at, run_id, refresh, status)
            counted = self._count(run_id, result[0]) if count else 0
        self._wrote(result[2] + counted)
        return result[0], result[1]

    def _save_rows(
        self, rec: dict[str, Any], fetched_at: str, run_id: int | None, refresh: bool,
        status: str | None = None,
    ) -> tuple[Outcome, list[str], int]:
        """Write one cleaned record; returns (outcome, changed columns, rows written)."""
        chash = content_hash(rec)
        conn = self.db.conn
        old = self._row(rec["url"])
        if old is None:
            row = {
                **rec, "first_seen": fetched_at, "last_seen": fetched_at, "status": status or "live",
                "gone_since": None, "version_count": 1, "last_changed": fetched_at,
                "content_hash": chash, "run_id": run_id,
                "site": self._article_site(run_id, rec["url"]),
            }
            cols = list(row)
            cur = conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [row[c] for c in cols],
            )
            assert cur.lastrowid is not None
            self._insert_version(cur.lastrowid, 1, rec, fetched_at, run_id, chash)
            self._write_links(cur.lastrowid, rec)
            return "new", list(ARTICLE_COLUMNS), 2

        changed = [c for c in ARTICLE_COLUMNS if old.get(c) != rec[c]]
        # A reparse must not move last_seen or undo 'gone': it saw nothing new on the site.
        # Protected or not is read from the content, so a reparse may change it.
        seen: dict[str, Any] = {}
        if refresh and status and old["status"] != "gone":
            seen = {"status": status}
        elif not refresh:
            seen = {"last_seen": max(fetched_at, old["last_seen"] or ""),
                    "status": status or "live", "gone_since": None}
        # Recomputed from the stored fields rather than trusting the column, so that a
        # change in hash normalisation never shows up as a new version of every article.
        if content_hash(old) != chash:
            version = (old["version_count"] or 0) + 1
            updates = {
                **rec, **seen, "version_count": version, "last_changed": fetched_at,
                "content_hash": chash, "run_id": run_id,
            }
            self._insert_version(old["id"], version, rec, fetched_at, run_id, chash)
            outcome: Outcome = "updated"
        else:
            # Same content, no new version; fields outside the content hash (image,
            # links, body_html, sources...) still follow the latest capture.
            updates = {**rec, **seen}
            outcome = "unchanged"
        updates = {k: v for k, v in updates.items() if old.get(k) != v}
        if "links" in updates:
            self._write_links(old["id"], rec)
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*updates.values(), old["id"]])
        return outcome, changed, bool(updates) + (outcome == "updated")

    def _write_links(self, article_id: int, rec: dict[str, Any]) -> None:
        """The `links` table mirrors the article's body links (one row per link)."""
        try:
            links = json.loads(rec.get("links") or "[]")
        except (TypeError, ValueError):
            links = []
        conn = self.db.conn
        conn.execute("DELETE FROM links WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO links (article_id, article_url, href, text, internal)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (article_id, rec["url"], link.get("href"), link.get("text"),
                 int(bool(link.get("internal"))))
                for link in links if isinstance(link, dict) and link.get("href")
            ],
        )

    @_guarded
    def save_article(self, record: dict[str, Any], *, fetched_at: str, run_id: int | None) -> Outcome:
        """Upsert one article row (by url); version it when its content changed.

        Returns "new", "updated" (content_hash changed: a new article_versions row) or
        "unchanged" (only last_seen/status touched). ``record["status"] == "protected"``
        (a password-protected post) sets status 'protected', else 'live' (a 'gone'
        article comes back).
        """
        with self._lock:
            outcome, _ = self._save(record, fetched_at, run_id, refresh=False, count=True)
            return outcome

    @_guarded
    def refresh_article(
        self, record: dict[str, Any], *, fetched_at: str, run_id: int | None,
    ) -> tuple[Outcome, list[str]]:
        """Reparse write: replace the extracted fields in place, keep last_seen and 'gone'
        (live/protected follows the record).

        A new version is written only if the content hash changed (``fetched_at`` is
        then the capture's time). Returns the outcome and the columns that differed.
        """
        with self._lock:
            return self._save(record, fetched_at, run_id, refresh=True)

    @_guarded
    def touch(self, url: str, *, seen_at: str, run_id: int | None = None) -> bool:
        """Note an article as seen unchanged without its content (an HTTP 304)."""
        with self._lock:
            self._begin()
            # Unchanged content, so protected or not as its stored problems say.
            cur = self.db.conn.execute(
                "UPDATE articles SET last_seen = max(coalesce(last_seen, ''), ?),"
                " status = CASE WHEN instr(coalesce(problems, ''), ?) THEN 'protected'"
                " ELSE 'live' END, gone_since = NULL WHERE url = ?",
                (seen_at, PROTECTED_PROBLEM, url),
            )
            counted = self._count(run_id, "unchanged") if cur.rowcount else 0
            self._wrote(cur.rowcount + counted)
            return cur.rowcount > 0

    @_guarded
    def mark_gone(self, url: str, *, seen_at: str, run_id: int | None = None) -> bool:
        """Mark an article 'gone' (never deleted); True if it was live until now."""
        with self._lock:
            self._begin()
            cur = self.db.conn.execute(
                "UPDATE articles SET status = 'gone', gone_since = coalesce(gone_since, ?)"
                " WHERE url = ? AND status IS NOT 'gone'",
                (seen_at, url),
            )
            counted = self._count(run_id, "gone") if cur.rowcount else 0
            self._wrote(cur.rowcount + counted)
            return cur.rowcount > 0

    @_guarded
    def versions(self, url: str) -> list[dict[str, Any]]:
        """All versions of an article, oldest first."""
        with self._lock:
            return list(self.db.query(
                "SELECT * FROM article_versions WHERE url = ? ORDER BY version", [url]
            ))

    @_guarded
    def article(self, url: str) -> dict[str, Any] | None:
        """The stored row for a URL, or None."""
        with self._lock:
            return self._row(url)

    # --- crawl runs -----------------------------------------------------------------
    @_guarded
    def start_run(self, targets: list[str], settings: dict[str, Any], *,
                  kind: str = "crawl", site: str | None = None) -> int:
        """Open a crawl_runs row (status 'running', committed at once); returns its id.

        ``kind``: 'crawl' (``targets`` are the sites) or 'reparse' (from the WARCs).
        ``site``: the site's name (a crawl of a sites file); else a crawl is named by its
        first target's host. Articles a crawl stores first are given its site."""
        if kind not in schema.RUN_KINDS:
            raise ValueError(f"unknown run kind {kind!r} (one of {', '.join(schema.RUN_KINDS)})")
        named = site
        if site is None and kind == "crawl" and targets:
            site = host_key(targets[0])
        with self._lock:
            self._begin()
            cur = self.db.conn.execute(
                "INSERT INTO crawl_runs (started, kind, targets, settings, status, site)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (utcnow(), kind, json.dumps(list(targets)),
                 json.dumps(settings, default=str, sort_keys=True), "running", site),
            )
            # The ledger row must survive a crash even if nothing else does.
            self._commit()
            assert cur.lastrowid is not None
            if named:
                self._run_sites[cur.lastrowid] = named
            return cur.lastrowid

    @_guarded
    def finish_run(self, run_id: int, stats: dict[str, Any], error: str | None = None) -> None:
        """Close a crawl_runs row with its figures.

        ``stats`` keys named like columns fill them (a ``status`` key overrides the
        default 'finished'/'failed'); other keys go into the JSON ``extra`` column.
        Article counters not given are those the row holds (counted with each write, so
        they are what the database holds); ``errors`` and ``errors_by_kind`` not given
        are counted from the run's ``errors`` rows.
        """
        with self._lock:
            row = dict(stats)
            counts = self.db.conn.execute(
                "SELECT articles_new, articles_updated, articles_unchanged, articles_gone"
                " FROM crawl_runs WHERE id = ?", (run_id,)
            ).fetchone() or (0, 0, 0, 0)
            for key, n in zip(("new", "updated", "unchanged", "gone"), counts, strict=True):
                row.setdefault(f"articles_{key}", n or 0)
            if "errors" not in row or "errors_by_kind" not in row:
                by_kind = self.error_kinds(run_id)
                row.setdefault("errors", sum(by_kind.values()))
                row.setdefault("errors_by_kind", json.dumps(by_kind, sort_keys=True))
            values: dict[str, Any] = {}
            extra: dict[str, Any] = {}
            for key, value in row.items():
                if key in schema.RUN_COLUMNS and key not in ("id", "started"):
                    if isinstance(value, (dict, list)):
                        value = json.dumps(value, sort_keys=True, default=str)
                    values[key] = value
                else:
                    extra[key] = value
            if extra:
                values["extra"] = json.dumps(extra, sort_keys=True, default=str)
            values.setdefault("status", "failed" if error else "finished")
            values["error"] = error if error is not None else values.get("error")
            values.setdefault("finished", utcnow())
            if "duration_s" not in values:
                started = self.db.conn.execute(
                    "SELECT started FROM crawl_runs WHERE id = ?", (run_id,)
                ).fetchone()
                if started and started[0]:
                    begun = datetime.fromisoformat(started[0])
                    values["duration_s"] = round(
                        (datetime.fromisoformat(values["finished"]) - begun).total_seconds(), 2
                    )
            self._begin()
            sets = ", ".join(f"{k} = ?" for k in values)
            self.db.conn.execute(
                f"UPDATE crawl_runs SET {sets} WHERE id = ?", [*values.values(), run_id]
            )
            self._commit()

    # --- captures and errors --------------------------------------------------------
    @_guarded
    def add_capture(self, capture: dict[str, Any]) -> None:
        """Index one WARC record (keys as the captures columns; others are ignored)."""
        with self._lock:
            self._begin()
            cols = [c for c in _CAPTURE_FIELDS if c in capture]
            self.db.conn.execute(
                f"INSERT INTO captures ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [capture[c] for c in cols],
            )
            self._wrote()

    @_guarded
    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the latest 200 capture of ``url``, for a conditional GET."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT etag, last_modified FROM captures WHERE url = ? AND status = 200"
                " ORDER BY fetched_at DESC, id DESC LIMIT 1",
                (url,),
            ).fetchone()
            return (row[0], row[1]) if row else (None, None)

    @_guarded
    def last_capture(self, url: str) -> dict[str, Any] | None:
        """The latest capture of ``url`` that has a payload digest, as a dict."""
        with self._lock:
            cur = self.db.conn.execute(
                "SELECT * FROM captures WHERE url = ? AND payload_digest IS NOT NULL"
                " ORDER BY fetched_at DESC, id DESC LIMIT 1",
                (url,),
            )
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    @_guarded
    def listing(self, url: str) -> str | None:
        """The sitemap lastmod recorded with the last successful fetch of ``url``."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT lastmod FROM listings WHERE url = ?", (url,)
            ).fetchone()
            return row[0] if row else None

    @_guarded
    def set_listing(self, url: str, lastmod: str, fetched_at: str) -> None:
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "INSERT INTO listings (url, lastmod, fetched_at) VALUES (?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET lastmod = excluded.lastmod,"
                " fetched_at = excluded.fetched_at",
                (url, lastmod, fetched_at),
            )
            self._wrote()

    @_guarded
    def rest_post(self, url: str) -> dict[str, Any] | None:
        """The WordPress REST facts stored for a canonical URL (a dict), or None."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT data FROM rest_posts WHERE url = ?", (url,)
            ).fetchone()
            return json.loads(row[0]) if row else None

    @_guarded
    def put_rest_post(self, url: str, wp_id: int | None, data: dict[str, Any]) -> None:
        """Store (replace) the WordPress REST facts of a canonical URL."""
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "INSERT INTO rest_posts (url, wp_id, data, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET wp_id = excluded.wp_id, data = excluded.data,"
                " fetched_at = excluded.fetched_at",
                (url, wp_id, json.dumps(data, ensure_ascii=False, sort_keys=True), utcnow()),
            )
            self._wrote()

    # --- site templates (newscrawl.extract.template) ---------------------------------
    @_guarded
    def site_template(self, host: str) -> dict[str, Any] | None:
        """The stored template row of ``host`` (host, pages, template JSON, built_at,
        version), or None."""
        with self._lock:
            cur = self.db.conn.execute("SELECT * FROM site_templates WHERE host = ?", (host,))
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    @_guarded
    def put_site_template(self, host: str, *, pages: int, template: str, version: str) -> None:
        """Store (replace) the learned template of ``host``; committed at once, so a crawl
        killed later keeps it."""
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "INSERT INTO site_templates (host, pages, template, built_at, version)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(host) DO UPDATE SET pages = excluded.pages,"
                " template = excluded.template, built_at = excluded.built_at,"
                " version = excluded.version",
                (host, pages, template, utcnow(), version),
            )
            self._wrote()
            if not self._batch_depth:
                self._commit()

    @_guarded
    def amend_article(
        self, record: dict[str, Any], *, fetched_at: str, run_id: int | None,
    ) -> list[str]:
        """Re-extraction of an article this run already stored (with a better template at
        the end of a crawl): the row and the version this run wrote are corrected in place,
        so a first crawl keeps one version per article. When the latest version is an
        earlier run's, this is ``refresh_article``. Returns the columns that changed."""
        with self._lock:
            rec = self._clean_record(record)
            old = self._row(rec["url"])
            latest = None if old is None else self.db.conn.execute(
                "SELECT id, run_id, version FROM article_versions WHERE article_id = ?"
                " ORDER BY version DESC LIMIT 1", (old["id"],),
            ).fetchone()
            if old is None or latest is None or run_id is None or latest[1] != run_id:
                return self._save(record, fetched_at, run_id, refresh=True)[1]
            changed = [c for c in ARTICLE_COLUMNS if old.get(c) != rec[c]]
            if not changed:
                return []
            chash = content_hash(rec)
            self._begin()
            with self._row_savepoint():
                updates = {c: rec[c] for c in changed}
                updates["content_hash"] = chash
                sets = ", ".join(f"{k} = ?" for k in updates)
                self.db.conn.execute(
                    f"UPDATE articles SET {sets} WHERE id = ?", [*updates.values(), old["id"]]
                )
                fields = {f: rec.get(f) for f in schema.CONTENT_FIELDS}
                sets = ", ".join(f"{k} = ?" for k in fields)
                self.db.conn.execute(
                    f"UPDATE article_versions SET {sets}, content_hash = ? WHERE id = ?",
                    [*fields.values(), chash, latest[0]],
                )
                if "links" in changed:
                    self._write_links(old["id"], rec)
                # Amended back to the previous version's content (a resumed crawl that
                # first read a page with an immature template): that version stands alone.
                prev = self.db.conn.execute(
                    "SELECT fetched_at, run_id, content_hash FROM article_versions"
                    " WHERE article_id = ? AND version = ?", (old["id"], latest[2] - 1),
                ).fetchone()
                if prev is not None and prev[2] == chash:
                    self.db.conn.execute("DELETE FROM article_versions WHERE id = ?", (latest[0],))
                    self.db.conn.execute(
                        "UPDATE articles SET version_count = ?, last_changed = ?, run_id = ?"
                        " WHERE id = ?", (latest[2] - 1, prev[0], prev[1], old["id"]),
                    )
            self._wrote(2)
            return changed

    @_guarded
    def has_wp_id(self, wp_id: int) -> bool:
        """Whether an archived article has this WordPress post id."""
        with self._lock:
            return self.db.conn.execute(
                "SELECT 1 FROM articles WHERE wp_id = ? LIMIT 1", (wp_id,)
            ).fetchone() is not None

    @_guarded
    def captured(self, url: str) -> bool:
        """Whether the archive holds any capture of ``url`` (any status)."""
        with self._lock:
            return self.db.conn.execute(
                "SELECT 1 FROM captures WHERE url = ? LIMIT 1", (url,)
            ).fetchone() is not None

    @_guarded
    def pages_captured_since(self, instant: str, chunk: int = 1000) -> Iterator[str]:
        """URLs of the HTML and XML pages captured (200 or 304) at or after ``instant``
        (UTC ISO) and before this call, in capture order, read in chunks; a URL captured
        twice comes twice. (Captures written while it is read are not its business.)"""
        last = 0
        with self._lock:
            end = self.db.conn.execute("SELECT coalesce(max(id), 0) FROM captures").fetchone()[0]
        while True:
            with self._lock:
                rows = self.db.conn.execute(
                    "SELECT id, url FROM captures WHERE id > ? AND id <= ? AND fetched_at >= ?"
                    " AND status IN (200, 304) AND (content_type LIKE '%html%'"
                    " OR content_type LIKE '%xml%') ORDER BY id LIMIT ?",
                    (last, end, instant, chunk),
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _id, url in rows:
                yield url

    @_guarded
    def last_fetched(self, url: str) -> str | None:
        """When ``url`` last answered 200 or 304 (UTC ISO), for recrawl freshness."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT max(fetched_at) FROM captures WHERE url = ? AND status IN (200, 304)",
                (url,),
            ).fetchone()
            return row[0] if row else None

    @_guarded
    def last_response(self, url: str) -> dict[str, Any] | None:
        """The latest full 200 response record of ``url`` (not a revisit), to replay a 304."""
        with self._lock:
            cur = self.db.conn.execute(
                "SELECT * FROM captures WHERE url = ? AND status = 200"
                " AND record_type = 'response' ORDER BY fetched_at DESC, id DESC LIMIT 1",
                (url,),
            )
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    @_guarded
    def live_urls(self) -> Iterator[str]:
        """URLs of every live or protected article, streamed (for spotting the ones that
        left the site)."""
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT url FROM articles WHERE status IN ('live', 'protected')"
            ).fetchall()
        for (url,) in rows:
            yield url

    @_guarded
    def interrupt_stale_runs(self) -> int:
        """Runs still 'running' belong to a dead process (the caller holds the lock)."""
        with self._lock:
            self._begin()
            cur = self.db.conn.execute(
                "UPDATE crawl_runs SET status = 'interrupted',"
                " error = coalesce(error, 'process ended without finishing') WHERE status = 'running'"
            )
            self._wrote(cur.rowcount)
            self._commit()
            return cur.rowcount

    @_guarded
    def last_run_status(self, site: str | None = None) -> str | None:
        """Status of the most recent crawl (runs of another kind, e.g. reparse, aside), of
        ``site`` when given (an archive of many sites: each has its own runs)."""
        with self._lock:
            where, params = ("AND site = ?", [site]) if site else ("", [])
            row = self.db.conn.execute(
                f"SELECT status FROM crawl_runs WHERE kind = 'crawl' {where}"
                " ORDER BY id DESC LIMIT 1", params,
            ).fetchone()
            return row[0] if row else None

    def name_run(self, run_id: int, site: str) -> None:
        """Articles first stored by run ``run_id`` belong to ``site`` (a run this Store
        did not start, e.g. one a restarted distributed writer carries on)."""
        with self._lock:
            self._run_sites[run_id] = site

    def _article_site(self, run_id: int | None, url: str) -> str:
        """The site of an article first stored by ``run_id``: the run's named site (a
        crawl of a sites file, started by this Store), else the article's own host."""
        named = self._run_sites.get(run_id) if run_id is not None else None
        return named or host_key(url)

    @_guarded
    def error_kinds(self, run_id: int) -> dict[str, int]:
        """The run's ``errors`` rows counted by kind."""
        with self._lock:
            return dict(self.db.conn.execute(
                "SELECT kind, count(*) FROM errors WHERE run_id = ? GROUP BY kind ORDER BY kind",
                (run_id,),
            ).fetchall())

    @_guarded
    def run(self, run_id: int) -> dict[str, Any] | None:
        """The crawl_runs row ``run_id`` as the database holds it (committed or pending in
        this connection), or None."""
        with self._lock:
            cur = self.db.conn.execute("SELECT * FROM crawl_runs WHERE id = ?", (run_id,))
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    def abandon(self) -> None:
        """Roll back the open transaction (after a write failed: disk full, I/O error),
        so the connection can still record the run's end; never raises."""
        with self._lock:
            try:
                if self.db.conn.in_transaction:
                    self.db.conn.rollback()
            except sqlite3.Error:
                pass
            self._pending = 0

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and empty it (after a failed write,
        before recording the run's end): when the WAL file is what ran out of room (a
        file-size limit, a quota), the run's end then fits at its start; never raises."""
        with self._lock:
            try:
                self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlite3.Error:
                pass

    # --- the archive's identity ----------------------------------------------------------
    @_guarded
    def archive_id(self) -> str:
        """This archive's id (a UUID made with the database), written into each of its WARC
        files' warcinfo record: a WARC naming another id is not this archive's."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT value FROM archive_meta WHERE key = 'archive_id'").fetchone()
            return row[0]

    @_guarded
    def adopt_archive_id(self, archive_id: str) -> None:
        """Take the id of the WARC files a new database is rebuilt from (committed)."""
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "UPDATE archive_meta SET value = ? WHERE key = 'archive_id'", (archive_id,))
            self._commit()

    @_guarded
    def mark_run_failed(self, run_id: int, error: str) -> None:
        """Set a closed run's status to 'failed' with ``error`` (a crawl that reached
        nothing at all); committed at once."""
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "UPDATE crawl_runs SET status = 'failed', error = ? WHERE id = ?", (error, run_id)
            )
            self._commit()

    # --- the WARC index (archive.index) and reparse (archive.reparse) ------------------
    @_guarded
    def indexed_warc_files(self) -> set[str]:
        """Names of the WARC files that have at least one captures row."""
        with self._lock:
            return {r[0] for r in self.db.conn.execute(
                "SELECT DISTINCT warc_filename FROM captures").fetchall()}

    @_guarded
    def indexed_offsets(self, warc_filename: str) -> set[int]:
        """Offsets of the records of one WARC file that have a captures row."""
        with self._lock:
            return {r[0] for r in self.db.conn.execute(
                "SELECT warc_offset FROM captures WHERE warc_filename = ?", (warc_filename,)
            ).fetchall()}

    @_guarded
    def latest_html_responses(self, since: str | None = None) -> list[tuple[str, str, str, int]]:
        """(url, fetched_at, warc_filename, warc_offset) of every URL's latest full 200
        response record (no revisit) whose content type is HTML or unknown, oldest first;
        ``since``: only those fetched at or after it (UTC ISO). What a reparse re-extracts."""
        sql = """
            SELECT c.url, c.fetched_at, c.warc_filename, c.warc_offset FROM captures c
            WHERE c.id = (
                SELECT c2.id FROM captures c2
                WHERE c2.url = c.url AND c2.status = 200 AND c2.record_type = 'response'
                ORDER BY c2.fetched_at DESC, c2.id DESC LIMIT 1)
              AND (c.content_type IS NULL OR c.content_type = '' OR c.content_type LIKE '%html%')
        """
        params: list[Any] = []
        if since:
            sql += " AND c.fetched_at >= ?"
            params.append(since)
        sql += " ORDER BY c.fetched_at, c.id"
        with self._lock:
            return [(r[0], r[1], r[2], r[3]) for r in self.db.conn.execute(sql, params)]

    @_guarded
    def seen_from_captures(self, article_url: str, *fetched_urls: str) -> None:
        """For an article row rebuilt from the WARCs: ``first_seen``/``last_seen`` from the
        200/304 captures of its URLs (``article_url`` and the URLs it was fetched at), and
        'gone' when the latest of those captures answered 404/410."""
        urls = [article_url, *fetched_urls]
        marks = ", ".join("?" for _ in urls)
        with self._lock:
            conn = self.db.conn
            row = conn.execute(
                f"SELECT min(fetched_at), max(fetched_at) FROM captures WHERE url IN ({marks})"
                " AND status IN (200, 304)", urls,
            ).fetchone()
            if row and row[0]:
                self._begin()
                conn.execute("UPDATE articles SET first_seen = ?, last_seen = ? WHERE url = ?",
                             (row[0], row[1], article_url))
                self._wrote()
            last = conn.execute(
                f"SELECT status, fetched_at FROM captures WHERE url IN ({marks})"
                " ORDER BY fetched_at DESC, id DESC LIMIT 1", urls,
            ).fetchone()
            if last and last[0] in (404, 410):
                self.mark_gone(article_url, seen_at=last[1])

    def last_capture_digest(self, url: str) -> str | None:
        """Payload digest of the latest capture of ``url`` (to write a revisit)."""
        row = self.last_capture(url)
        return row["payload_digest"] if row else None

    @_guarded
    def add_error(
        self, run_id: int | None, url: str | None, kind: str, message: str = "",
        at: str | None = None,
    ) -> None:
        """Record a failed request/page of a run."""
        with self._lock:
            self._begin()
            self.db.conn.execute(
                "INSERT INTO errors (run_id, url, kind, message, at) VALUES (?, ?, ?, ?, ?)",
                (run_id, url, kind, message, at or utcnow()),
            )
            self._wrote()

"""`newscrawl writer`: the one process that owns the archive in a distributed crawl.

It holds the archive's lock (as `newscrawl crawl` does) and a writer lock in Redis, reads
the workers' stream through the consumer group ``writers`` and, for each batch of entries,
in one SQLite transaction: writes captures to WARC and indexes them
(``archive.scrapy_ext.write_exchange``/``capture_row``, the single-process crawl's code)
and items to the tables (``crawl.pipeline.write_item``); then commits, and only then
acknowledges and deletes the entries. Killed at any point, it loses nothing: on restart
the WARC files are repaired and their unindexed records indexed
(``open_warc_directory``), and the entries it had not acknowledged are delivered again;
a capture already indexed (same URL and fetch time) is skipped, an article already
archived by this crawl is not saved twice (``Keys.stored``), and the crawl keeps one
``crawl_runs`` row across writer restarts (``Keys.run``).

The crawl ends when a worker has marked it done (the frontier stayed empty), no worker
is alive and the stream is empty. The writer then does what a single-process crawl does
at its end: builds each site's template from the features of every archived article
page, stores it, and re-extracts from the WARC files the articles a worker extracted with
another template (``archive.reparse.reextract``); closes the run with its figures; and
deletes the crawl's keys from Redis.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.api import DEFAULT_DB, NewscrawlError, project_settings
from newscrawl.archive.reparse import reextract
from newscrawl.archive.scrapy_ext import (
    Exchange,
    capture_row,
    open_warc_directory,
    warc_writer,
    write_exchange,
)
from newscrawl.archive.warc import archive_warc_dir, iso_from_warc_date, warc_date, write_failure
from newscrawl.crawl.failures import EXIT_ARCHIVE, EXIT_FAILED
from newscrawl.crawl.items import ArticleItem
from newscrawl.crawl.logs import CONSOLE
from newscrawl.crawl.pipeline import write_item
from newscrawl.crawl.templates import profiles_enabled
from newscrawl.distributed.state import Keys, RedisUnavailable, connect, redis_url, safe_url
from newscrawl.distributed.stream import read_capture, read_features, read_item
from newscrawl.extract.template import SiteTemplate, TemplateLearner
from newscrawl.extract.urls import host_key
from newscrawl.store import Store, StoreError
from newscrawl.store.lock import ArchiveLock, LockedError

log = logging.getLogger(__name__)

CONSUMER = "writer"  # one writer: a restarted writer reads its own pending entries again
LOCK_TTL_MS = 15_000
PROGRESS_EVERY = 10.0

# Take the writer lock when it is free or held by ARGV[2] (a dead writer of this machine).
TAKE_LOCK = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] and holder ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
"""


def same_instant(a: str | None, b: str | None) -> bool:
    """Two ISO times naming the same microsecond (as stored, or read back from a WARC)."""
    if not a or not b:
        return False
    try:
        return iso_from_warc_date(warc_date(a)) == iso_from_warc_date(warc_date(b))
    except ValueError:
        return a == b


@dataclass
class WriterResult:
    """How the writer ended: the run it recorded, its figures, and whether the crawl was
    complete (``finished``) or the writer was stopped first (``interrupted``)."""

    run_id: int | None
    status: str = "finished"
    summary: dict[str, Any] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "finished" else EXIT_FAILED


class Writer:
    """See the module docstring; ``run_writer`` builds and runs one."""

    def __init__(self, db: Path, client: Any, keys: Keys, settings: Any, *, batch: int = 200,
                 block_ms: int = 1000) -> None:
        self.db = db
        self.client = client
        self.keys = keys
        self.settings = settings
        self.batch = max(1, batch)
        self.block_ms = block_ms
        self.id = json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "db": str(db)},
                             sort_keys=True)
        self.store: Store | None = None
        self.warc: Any = None
        self.warc_dir = archive_warc_dir(db)
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.stopping = False
        self._take_lock = client.register_script(TAKE_LOCK)
        self._last_progress = time.monotonic()

    # --- locks -----------------------------------------------------------------------
    def _dead_local_holder(self) -> str:
        """The lock's value when it names a writer of this machine that is not running."""
        raw = self.client.get(self.keys.writer)
        if not raw:
            return ""
        try:
            holder = json.loads(raw)
            if holder.get("host") != socket.gethostname():
                return ""
            os.kill(int(holder["pid"]), 0)
        except ProcessLookupError:
            return raw.decode()
        except (ValueError, KeyError, TypeError, PermissionError, OSError):
            return ""
        return ""

    def acquire_redis_lock(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        while True:
            if self._take_lock(keys=[self.keys.writer],
                               args=[self.id, self._dead_local_holder(), LOCK_TTL_MS]):
                return
            if time.monotonic() >= deadline:
                holder = self.client.get(self.keys.writer)
                raise NewscrawlError(
                    f"another writer is archiving the crawl {self.keys.prefix!r}:"
                    f" {holder.decode() if holder else '?'}", EXIT_ARCHIVE)
            time.sleep(0.5)

    def _refresh_lock(self) -> None:
        if not self._take_lock(keys=[self.keys.writer], args=[self.id, "", LOCK_TTL_MS]):
            raise NewscrawlError("lost the writer lock to another writer", EXIT_ARCHIVE)

    # --- the run -----------------------------------------------------------------------
    def open(self) -> None:
        self.store = Store(self.db)
        self.warc = warc_writer(self.settings, self.warc_dir)
        open_warc_directory(self.warc, self.warc_dir, self.store)
        try:
            self.client.xgroup_create(self.keys.stream, self.keys.group, id="0", mkstream=True)
        except Exception as exc:  # BUSYGROUP: it exists (an earlier writer made it)
            if "BUSYGROUP" not in str(exc):
                raise

    def _run(self) -> int:
        """The crawl's crawl_runs id: the one an earlier writer of this crawl opened in this
        archive, or a new one (opened when the first entry arrives, so the workers have
        said which sites they crawl)."""
        if self.run_id is not None:
            return self.run_id
        store = self.store
        assert store is not None
        archive = store.archive_id()
        raw = self.client.get(self.keys.run)
        if raw:
            owner, _, rid = raw.decode().partition(" ")
            if owner == archive and rid.isdigit() and store.run(int(rid)) is not None:
                self.run_id = int(rid)
                log.info("resuming crawl run %d", self.run_id, extra={CONSOLE: True})
                return self.run_id
        store.interrupt_stale_runs()
        targets = sorted(s.decode() for s in self.client.smembers(self.keys.sites))
        recorded = json.loads(self.client.get(self.keys.settings) or "{}")
        recorded["NEWSCRAWL_DISTRIBUTED"] = self.keys.prefix
        self.run_id = store.start_run(targets, recorded)
        self.client.set(self.keys.run, f"{archive} {self.run_id}")
        return self.run_id

    # --- reading the stream ------------------------------------------------------------
    def read(self, start: str, block: int | None = None) -> list[tuple[bytes, dict]]:
        got = self.client.xreadgroup(self.keys.group, CONSUMER, {self.keys.stream: start},
                                     count=self.batch, block=block)
        return list(got[0][1]) if got else []

    def _claim_others(self) -> list[tuple[bytes, dict]]:
        """Entries delivered to another consumer name and never acknowledged."""
        got = self.client.xautoclaim(self.keys.stream, self.keys.group, CONSUMER,
                                     min_idle_time=0, start_id="0-0", count=self.batch)
        return list(got[1]) if got else []

    def _finished(self) -> bool:
        """Done, no worker alive, nothing left in the stream."""
        if not self.client.exists(self.keys.done):
            return False
        workers = [w.decode() for w in self.client.smembers(self.keys.workers)]
        if workers:
            pipe = self.client.pipeline()
            for worker in workers:
                pipe.exists(self.keys.heartbeat(worker))
            if any(pipe.execute()):
                return False
        return self.client.xlen(self.keys.stream) == 0

    def loop(self) -> bool:
        """Archive entries until the crawl is finished (True) or a stop is asked (False)."""
        pending = True  # first what an earlier writer was given and never acknowledged
        while not self.stopping:
            self._refresh_lock()
            if pending:
                entries = self.read("0") or self._claim_others()
                pending = bool(entries)
            else:
                entries = self.read(">", block=self.block_ms)
            if entries:
                self.apply(entries)
            elif not pending and self._finished():
                return True
            self._progress()
        return False

    def _progress(self) -> None:
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        log.info("archived %d captures, %d articles; %d entries waiting in the stream",
                 self.counts["captures"], self.counts["articles"],
                 self.client.xlen(self.keys.stream), extra={CONSOLE: True})

    # --- writing -------------------------------------------------------------------------
    def apply(self, entries: list[tuple[bytes, dict]]) -> None:
        """One batch: written and committed, then acknowledged and deleted."""
        store = self.store
        assert store is not None
        run_id = self._run()
        stored: dict[str, str] = {}
        features: dict[str, dict[str, str]] = {}
        captures = 0
        with store.batch():
            for _id, fields in entries:
                if not fields:
                    continue  # deleted after delivery: nothing to write
                kind = fields.get(b"t")
                if kind == b"capture":
                    captures += self._capture(read_capture(fields), run_id)
                elif kind == b"item":
                    item, extra = read_item(fields)
                    self._item(item, extra, run_id, stored, features)
                else:
                    log.warning("unknown stream entry %r: skipped", kind)
        ids = [entry_id for entry_id, _ in entries]
        pipe = self.client.pipeline()
        if stored:
            pipe.hset(self.keys.stored, mapping=stored)
        max_pages = self.settings.getint("NEWSCRAWL_SITE_TEMPLATE_PAGES", 1000)
        for host, pages in features.items():
            # the learner counts at most max_pages pages a host: keep no more
            if self.client.hlen(self.keys.features(host)) < max_pages:
                pipe.hset(self.keys.features(host), mapping=pages)
        if captures:
            pipe.hincrby(self.keys.counters, "captures", captures)
        pipe.xack(self.keys.stream, self.keys.group, *ids)
        pipe.xdel(self.keys.stream, *ids)
        pipe.execute()

    def _capture(self, exchange: Exchange, run_id: int) -> int:
        store = self.store
        assert store is not None
        previous = store.last_capture(exchange.url)
        if previous and same_instant(previous["fetched_at"], exchange.fetched_at):
            self.counts["captures_again"] += 1  # archived before a writer restart
            return 0
        info = write_exchange(self.warc, store, exchange, run_id)
        store.add_capture(capture_row(exchange, info, run_id))
        self.counts["captures"] += 1
        return 1

    def _item(self, item: Any, extra: dict[str, Any], run_id: int, stored: dict[str, str],
              features: dict[str, dict[str, str]]) -> None:
        store = self.store
        assert store is not None
        if isinstance(item, ArticleItem):
            url = item.record["url"]
            if url in stored or self.client.hexists(self.keys.stored, url):
                self.counts["articles_again"] += 1  # another worker, or before a restart
                return
            stored[url] = json.dumps({"fetched": item.fetched_url,
                                      "template": extra.get("template")})
            if extra.get("features") is not None:
                features.setdefault(host_key(url), {})[url] = json.dumps(extra["features"])
            self.counts["articles"] += 1
        stat = write_item(store, item, run_id)
        if stat:
            self.counts[stat] += 1

    # --- the end ---------------------------------------------------------------------------
    def final_templates(self, run_id: int) -> int:
        """Each site's template from every archived article page (as SiteTemplates does at
        the end of a single-process crawl); the articles extracted with another template
        re-extracted from the WARC files. Returns how many were re-extracted."""
        settings = self.settings
        store = self.store
        assert store is not None
        if not settings.getbool("NEWSCRAWL_SITE_TEMPLATE", True):
            return 0
        stored = {url.decode(): json.loads(raw)
                  for url, raw in self.client.hgetall(self.keys.stored).items()}
        learner = TemplateLearner(max_pages=settings.getint("NEWSCRAWL_SITE_TEMPLATE_PAGES", 1000))
        current: dict[str, SiteTemplate | None] = {}
        for host in sorted({host_key(u) for u in stored}):
            for raw in self.client.hgetall(self.keys.features(host)).values():
                learner.add(host, read_features(json.loads(raw)))
            current[host] = self._template(host, learner)
        stale = [(url, info["fetched"]) for url, info in stored.items()
                 if info.get("template") is not None
                 and (tpl := current.get(host_key(url))) is not None
                 and info["template"] != tpl.version]
        if not stale:
            return 0
        templates = {h: t for h, t in current.items() if t is not None}
        profiles = profiles_enabled(settings.get("NEWSCRAWL_PROFILES", "on"))
        changed = reextract(store, self.warc_dir, stale, templates, run_id=run_id,
                            profiles=profiles)
        log.info("re-extracted %d articles with the final site templates (%d changed)",
                 len(stale), changed)
        self.counts["template_reextracted"] = len(stale)
        return len(stale)

    def _template(self, host: str, learner: TemplateLearner) -> SiteTemplate | None:
        store = self.store
        assert store is not None
        row = store.site_template(host)
        stored = None
        if row:
            try:
                stored = SiteTemplate.from_json(row["template"])
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("stored template of %s not usable (%s)", host, exc)
        pages = learner.pages(host)
        if not pages or (stored is not None and pages < int(row["pages"] or 0)):
            return stored  # a few pages do not replace a template learned from more
        built = learner.build(host)
        if stored is None or built.version != stored.version:
            store.put_site_template(host, pages=built.pages, template=built.to_json(),
                                    version=built.version)
            log.info("site template of %s built from %d pages", host, built.pages)
        return built

    def finish(self, complete: bool) -> WriterResult:
        store = self.store
        assert store is not None
        if self.run_id is None and not complete:
            return WriterResult(None, "interrupted", counts=self.counts)
        run_id = self._run()
        if complete:
            self.final_templates(run_id)
        counters = {k.decode(): int(v) for k, v in self.client.hgetall(self.keys.counters).items()}
        figures: dict[str, Any] = {
            "pages_fetched": counters.get("captures", 0),
            "requests": counters.get("requests", 0),
            "status": "finished" if complete else "interrupted",
        }
        store.finish_run(run_id, figures,
                         None if complete else "writer stopped before the crawl ended")
        store.flush()
        row = store.run(run_id) or {}
        summary = {k: row.get(k) or 0 for k in (
            "duration_s", "pages_fetched", "requests", "articles_new", "articles_updated",
            "articles_unchanged", "articles_gone", "errors")}
        summary["errors_by_kind"] = row.get("errors_by_kind") or "{}"
        summary["status"] = figures["status"]
        if complete:
            self._clear_redis()
        return WriterResult(run_id, figures["status"], summary, self.counts)

    def _clear_redis(self) -> None:
        """The crawl is archived: delete its keys (one DEL: all or none)."""
        keys = [k for k in self.client.scan_iter(match=self.keys.pattern, count=1000)
                if k.decode() != self.keys.writer]
        if keys:
            self.client.delete(*keys)

    def close(self) -> None:
        if self.warc is not None:
            try:
                self.warc.close()
            except OSError as exc:
                log.error("cannot close the WARC file: %s", exc)
        if self.store is not None:
            self.store.close()
            self.store = None
        try:
            if self.client.get(self.keys.writer) == self.id.encode():
                self.client.delete(self.keys.writer)
        except Exception:  # it expires anyway
            pass


def run_writer(
    db: str | Path = DEFAULT_DB, *, redis: str | None = None, prefix: str = "newscrawl",
    batch: int = 200, settings: dict[str, Any] | None = None, log_file: str | None = None,
    lock_wait: float = LOCK_TTL_MS / 1000 + 2,
) -> WriterResult:
    """Archive a distributed crawl into ``db`` until it is finished (or SIGINT/SIGTERM:
    the batch in hand is committed and acknowledged, the run is marked interrupted, and
    a writer started later carries on with the same run).

    ``redis``: the Redis URL (default $NEWSCRAWL_REDIS_URL or redis://127.0.0.1:6379/0);
    ``prefix``: the crawl's keys; ``batch``: stream entries per transaction;
    ``settings``: newscrawl settings (site templates, WARC file size and prefix).
    NewscrawlError: Redis unreachable, archive locked or unwritable.
    """
    from newscrawl.crawl import logs
    from newscrawl.crawl.validate import SettingError, check_settings

    url = redis_url(redis)
    path = Path(db).expanduser().absolute()
    try:
        keys = Keys(prefix)
        check_settings(settings or {})
    except (ValueError, SettingError) as exc:
        raise NewscrawlError(str(exc)) from exc
    try:
        logs.configure(log_file or logs.default_log_file(path).with_name("writer.log"),
                       (settings or {}).get("LOG_LEVEL", "WARNING"))
    except (ValueError, OSError) as exc:
        raise NewscrawlError(f"cannot log: {exc}") from exc
    try:
        client = connect(url)
    except RedisUnavailable as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    lock = ArchiveLock(path)
    try:
        lock.acquire()
    except LockedError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    writer = Writer(path, client, keys, project_settings(settings), batch=batch)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def stop(signum: int, frame: Any) -> None:
        log.warning("stopping after the batch in hand (signal %d)", signum)
        writer.stopping = True

    import redis

    try:
        writer.acquire_redis_lock(lock_wait)
        for sig in previous:
            signal.signal(sig, stop)
        log.info("writer: archiving the crawl %r from %s into %s", prefix, safe_url(url), path,
                 extra={CONSOLE: True})
        try:
            writer.open()
            complete = writer.loop()
            return writer.finish(complete)
        except StoreError as exc:
            raise NewscrawlError(f"archive write failed ({write_failure(exc)}): {exc}",
                                 EXIT_ARCHIVE) from exc
        except OSError as exc:
            raise NewscrawlError(f"archive write failed ({write_failure(exc)}): {exc}",
                                 EXIT_ARCHIVE) from exc
        except redis.RedisError as exc:  # nothing unacknowledged is lost: start it again
            raise NewscrawlError(f"Redis at {safe_url(url)} failed: {exc}", EXIT_FAILED) from exc
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        writer.close()
        lock.release()
        client.close()

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
archived by this crawl is not saved twice (``Keys.stored``), nor an error recorded twice
(``Keys.errors``), and the crawl keeps its
``crawl_runs`` rows across writer restarts (``Keys.runs``).

One ``crawl_runs`` row per site, as `newscrawl crawl --sites` gives: a site is a name the
workers registered for its hosts (``Keys.site_names``: a sites file's names, else each
start URL's host), its row lists that site's start URLs, and every capture and item is
written under the run of its URL's site (so each row counts its own articles and errors,
and each article's ``site`` is its site's name). The rows are opened together when the
first entry arrives (the workers have registered the sites by then).

The crawl ends when a worker has marked it done (the frontier stayed empty), no worker
is alive and the stream is empty. The writer then does what a single-process crawl does
at its end: builds each site's template from the features of every archived article
page, stores it, and re-extracts from the WARC files the articles a worker extracted with
another template (``archive.reparse.reextract``); closes each site's run with its own
figures (captures archived, requests the workers sent to its hosts); and deletes the
crawl's keys from Redis.
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
from newscrawl.crawl.items import ArticleItem, ErrorItem
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


SUMMED = ("pages_fetched", "requests", "articles_new", "articles_updated",
          "articles_unchanged", "articles_gone", "errors")


@dataclass
class WriterResult:
    """How the writer ended: the runs it recorded (site -> crawl_runs id), each site's
    figures (``sites``) and the crawl's (``summary``: summed, the longest duration), and
    whether the crawl was complete (``finished``) or the writer stopped first
    (``interrupted``)."""

    runs: dict[str, int] = field(default_factory=dict)
    status: str = "finished"
    summary: dict[str, Any] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def run_id(self) -> int | None:
        """The first site's run (None: nothing was recorded)."""
        return min(self.runs.values()) if self.runs else None

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
        self.runs: dict[str, int] = {}  # site name -> its crawl_runs id
        self.hosts: dict[str, str] = {}  # host -> site name (Keys.site_names)
        self._unnamed: set[str] = set()  # hosts no worker named
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

    @property
    def run_id(self) -> int | None:
        """The first site's run (None until the runs are open)."""
        return min(self.runs.values()) if self.runs else None

    def _load_sites(self) -> None:
        """The hosts the workers named (``Keys.site_names``); a start URL whose host is
        not named there (a worker of an earlier version) is a site of its own."""
        self.hosts = {h.decode(): n.decode()
                      for h, n in self.client.hgetall(self.keys.site_names).items()}
        for url in self.client.smembers(self.keys.sites):
            host = host_key(url.decode())
            self.hosts.setdefault(host, host)

    def site_of(self, url: str) -> str:
        """The site ``url`` belongs to: its host's site; a host no worker named (workers
        only fetch the sites' hosts and aliases, so rarely) is the crawl's one site, or
        else a site of its own."""
        host = host_key(url)
        if host not in self.hosts and host not in self._unnamed:
            self._load_sites()  # a worker that joined later may have named it
            if host not in self.hosts:
                self._unnamed.add(host)  # looked up once
        if host in self.hosts:
            return self.hosts[host]
        names = set(self.hosts.values())
        return next(iter(names)) if len(names) == 1 else host

    def open_runs(self) -> dict[str, int]:
        """One crawl_runs row per site: those an earlier writer of this crawl opened in
        this archive, and new ones for the others (opened when the first entry arrives,
        so the workers have said which sites they crawl)."""
        store = self.store
        assert store is not None
        if not self.hosts:
            self._load_sites()
        archive = store.archive_id()
        saved = {k.decode(): v.decode() for k, v in self.client.hgetall(self.keys.runs).items()}
        if saved.get("archive") == archive:
            for key, rid in saved.items():
                name = key.removeprefix("site:")
                if key.startswith("site:") and rid.isdigit() and name not in self.runs \
                        and store.run(int(rid)) is not None:
                    self.runs[name] = int(rid)
                    _name_run(store, int(rid), name)
                    log.info("resuming crawl run %d (%s)", int(rid), name,
                             extra={CONSOLE: True})
        for name in sorted(set(self.hosts.values()) - set(self.runs)):
            self._start_run(name)
        return self.runs

    def _start_run(self, name: str) -> int:
        store = self.store
        assert store is not None
        if not self.runs:
            store.interrupt_stale_runs()  # a fresh crawl: 'running' rows are dead crawls'
        seeds = sorted(s.decode() for s in self.client.smembers(self.keys.sites))
        targets = [u for u in seeds if self.site_of(u) == name]
        recorded = json.loads(self.client.get(self.keys.settings) or "{}")
        recorded["NEWSCRAWL_DISTRIBUTED"] = self.keys.prefix
        intervals = recorded.pop("NEWSCRAWL_HOST_INTERVALS", None) or {}
        if isinstance(intervals, dict):  # this site's own interval (a sites file's delay)
            mine = {v for h, v in intervals.items() if self.hosts.get(h) == name}
            if len(mine) == 1:
                recorded["NEWSCRAWL_HOST_INTERVAL"] = mine.pop()
        rid = store.start_run(targets, recorded, site=name)
        self.runs[name] = rid
        self.client.hset(self.keys.runs, mapping={"archive": store.archive_id(),
                                                  f"site:{name}": rid})
        return rid

    def run_of(self, url: str) -> int:
        """The crawl_runs id of ``url``'s site (a site met only now gets its run now)."""
        if not self.runs:
            self.open_runs()
        name = self.site_of(url)
        return self.runs.get(name) or self._start_run(name)

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
        if not self.runs:
            self.open_runs()
        stored: dict[str, str] = {}
        errors: set[str] = set()
        features: dict[str, dict[str, str]] = {}
        captures: Counter[str] = Counter()  # site -> captures archived
        with store.batch():
            for _id, fields in entries:
                if not fields:
                    continue  # deleted after delivery: nothing to write
                kind = fields.get(b"t")
                if kind == b"capture":
                    exchange = read_capture(fields)
                    site = self.site_of(exchange.url)
                    captures[site] += self._capture(exchange, self.run_of(exchange.url))
                elif kind == b"item":
                    item, extra = read_item(fields)
                    self._item(item, extra, self.run_of(_item_url(item)), stored, features,
                               errors)
                else:
                    log.warning("unknown stream entry %r: skipped", kind)
        ids = [entry_id for entry_id, _ in entries]
        pipe = self.client.pipeline()
        if stored:
            pipe.hset(self.keys.stored, mapping=stored)
        if errors:
            pipe.sadd(self.keys.errors, *errors)
        max_pages = self.settings.getint("NEWSCRAWL_SITE_TEMPLATE_PAGES", 1000)
        for host, pages in features.items():
            # the learner counts at most max_pages pages a host: keep no more
            if self.client.hlen(self.keys.features(host)) < max_pages:
                pipe.hset(self.keys.features(host), mapping=pages)
        for site, n in captures.items():
            if n:
                pipe.hincrby(self.keys.counters, f"captures:{site}", n)
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
              features: dict[str, dict[str, str]], errors: set[str]) -> None:
        store = self.store
        assert store is not None
        if isinstance(item, ErrorItem):
            key = json.dumps([item.url, item.kind, item.at])
            if key in errors or self.client.sismember(self.keys.errors, key):
                self.counts["errors_again"] += 1  # recorded before a writer restart
                return
            errors.add(key)
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
    def final_templates(self) -> int:
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
        by_run: dict[int, list[tuple[str, str]]] = {}
        for url, fetched in stale:  # each amends its own site's run
            by_run.setdefault(self.run_of(fetched), []).append((url, fetched))
        changed = sum(reextract(store, self.warc_dir, items, templates, run_id=run_id,
                                profiles=profiles) for run_id, items in sorted(by_run.items()))
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
        """Close every site's run with its own figures (pages fetched: the captures
        archived from its hosts; requests: those the workers that exited sent to them)."""
        store = self.store
        assert store is not None
        if not self.runs and not complete:
            return WriterResult({}, "interrupted", counts=self.counts)
        self.open_runs()
        if complete:
            self.final_templates()
        counters = {k.decode(): int(v) for k, v in self.client.hgetall(self.keys.counters).items()}
        pages: Counter[str] = Counter()
        requests: Counter[str] = Counter()
        for key, n in counters.items():
            kind, _, where = key.partition(":")
            if kind == "captures" and where:
                pages[where] += n
            elif kind == "requests" and where:
                requests[self.site_of(f"http://{where}/")] += n
        status = "finished" if complete else "interrupted"
        sites: dict[str, dict[str, Any]] = {}
        for name, run_id in sorted(self.runs.items()):
            figures: dict[str, Any] = {"pages_fetched": pages[name],
                                       "requests": requests[name], "status": status}
            store.finish_run(run_id, figures,
                             None if complete else "writer stopped before the crawl ended")
            store.flush()
            row = store.run(run_id) or {}
            summary = {k: row.get(k) or 0 for k in ("duration_s", *SUMMED)}
            summary["errors_by_kind"] = row.get("errors_by_kind") or "{}"
            summary["status"] = status
            sites[name] = summary
        total: dict[str, Any] = {k: sum(s[k] for s in sites.values()) for k in SUMMED}
        total["duration_s"] = max((s["duration_s"] for s in sites.values()), default=0)
        kinds: Counter[str] = Counter()
        for summary in sites.values():
            kinds.update(json.loads(summary["errors_by_kind"] or "{}"))
        total["errors_by_kind"] = json.dumps(dict(sorted(kinds.items())))
        total["status"] = status
        if complete:
            self._clear_redis()
        return WriterResult(dict(self.runs), status, total, self.counts, sites)

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


def _item_url(item: Any) -> str:
    """The URL an item is about (an article: the page fetched), which names its site."""
    if isinstance(item, ArticleItem):
        return item.fetched_url or item.record["url"]
    return item.url


def _name_run(store: Store, run_id: int, name: str) -> None:
    """Tell a Store that did not start ``run_id`` (a writer started again) the site name
    the run gives the articles it stores first, as ``Store.start_run(site=...)`` does."""
    store.name_run(run_id, name)


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

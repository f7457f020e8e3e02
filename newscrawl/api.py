"""The Python API behind the CLI: crawl (one site or a sites file), reparse, serve, export
and publish.

Each function does one job and returns a result; printing and exit codes are the CLI's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newscrawl import DEFAULT_URL
from newscrawl.crawl.failures import EXIT_ARCHIVE, EXIT_FAILED, EXIT_USAGE, crawl_outcome

if TYPE_CHECKING:
    from newscrawl.archive.reparse import ReparseResult
    from newscrawl.datasette.publish import Published

DEFAULT_DB = "data/news.db"

# Opt-in settings for crawling a server on this machine: no politeness delays.
FAST_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


# Seconds to wait for a database another process has locked before giving up (a crawl
# takes the write lock before it starts: -s NEWSCRAWL_DB_TIMEOUT=N).
DB_TIMEOUT = 5.0


class NewscrawlError(Exception):
    """A failure with a message meant for the user (no traceback), and the exit code it
    deserves (``crawl/failures.py``: 2 bad arguments or settings, 3 archive unusable)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CrawlResult:
    """What a crawl did: its crawl_runs id, the summary figures, and how it ended."""

    run_id: int | None
    summary: dict[str, Any] = field(default_factory=dict)
    finish_reason: str = "finished"
    fatal: str | None = None  # set when nothing could be crawled at all
    fatal_code: int = EXIT_FAILED

    @property
    def ok(self) -> bool:
        return self.fatal is None and self.finish_reason == "finished"

    @property
    def exit_code(self) -> int:
        """0 when the crawl finished; else 1 (or ``fatal_code``), as the CLI exits."""
        if self.fatal:
            return self.fatal_code
        return 0 if self.finish_reason == "finished" else EXIT_FAILED


def project_settings(overrides: dict[str, Any] | None = None) -> Any:
    """newscrawl's Scrapy settings (independent of the working directory) plus overrides."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawl.crawl.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def parse_setting_args(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``-s NAME=VALUE`` pairs as a dict; ValueError names a malformed one."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"invalid -s value {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


def check_db(db: str | Path, *, write: bool = False, timeout: float = DB_TIMEOUT) -> Path:
    """Open (and create) the archive once, so a bad path fails before any crawling; with
    ``write``, also take and release the write lock, so a database another process holds
    locked fails within ``timeout`` seconds (NewscrawlError, exit code 3)."""
    from newscrawl.store import Store, StoreError

    path = Path(db).expanduser().resolve()
    try:
        store = Store(path, timeout=timeout)
        try:
            if write:
                with store.batch():
                    pass
        finally:
            store.close()
    except StoreError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    return path


def crawl(
    urls: list[str] | None = None,
    *,
    db: str | Path = DEFAULT_DB,
    settings: dict[str, Any] | None = None,
) -> CrawlResult:
    """Crawl the given sites into the SQLite archive ``db``; blocks until done.

    Holds the archive's lock throughout: a second crawl of the same archive fails at once.
    Checked before anything is crawled (NewscrawlError, one line): the URLs (http(s)
    only), the settings (names and value types, ``crawl/validate.py``), the archive
    (openable, and not locked by another process for more than NEWSCRAWL_DB_TIMEOUT s).
    A refused URL or setting is recorded as a failed run in an archive that exists.
    """
    from newscrawl.crawl.validate import SettingError, check_settings
    from newscrawl.extract.urls import check_seed
    from newscrawl.store.lock import ArchiveLock, LockedError

    seeds = list(urls or [DEFAULT_URL])
    try:
        urls = [check_seed(u) for u in seeds]
        check_settings(settings or {})
    except (ValueError, SettingError) as exc:
        _record_refused(db, seeds, settings, str(exc))
        raise NewscrawlError(str(exc)) from exc
    timeout = float((settings or {}).get("NEWSCRAWL_DB_TIMEOUT", DB_TIMEOUT))
    path = check_db(db, timeout=timeout)
    lock = ArchiveLock(path)
    try:
        lock.acquire()
    except LockedError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    try:
        check_db(path, write=True, timeout=timeout)
        return _crawl_locked(urls, path, settings)
    finally:
        lock.release()


@dataclass
class SiteResult:
    """One site's crawl of a sites file: its name and what its crawl did (``result`` is
    None when it was not crawled: disabled, or the run stopped before it)."""

    name: str
    result: CrawlResult | None
    error: str | None = None  # the crawl was refused (bad settings, archive unusable)
    error_code: int = EXIT_FAILED

    @property
    def exit_code(self) -> int:
        if self.error:
            return self.error_code
        return self.result.exit_code if self.result is not None else 0


def crawl_sites(
    sites_file: str | Path,
    *,
    db: str | Path = DEFAULT_DB,
    settings: dict[str, Any] | None = None,
    only: list[str] | None = None,
) -> list[SiteResult]:
    """Crawl every enabled site of a sites file (``crawl/sites.py``) into one archive,
    one after another; blocks until done.

    Each site is an ordinary crawl (its own crawl_runs row, named after it, its own
    status and recrawl state) in its own process (Scrapy's reactor runs once per
    process), with ``settings`` and then the site's own. One site failing does not stop
    the others. ``only``: crawl just these names. The file is checked before anything is
    crawled (NewscrawlError, exit code 2)."""
    import multiprocessing

    from newscrawl.crawl.sites import SitesFileError, choose_sites

    try:
        chosen = choose_sites(sites_file, only)
    except SitesFileError as exc:
        raise NewscrawlError(str(exc)) from exc
    check_db(db)
    ctx = multiprocessing.get_context("spawn")
    results: list[SiteResult] = []
    for site in chosen:
        merged = {**(settings or {}), **site.crawl_settings()}
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_crawl_site_child, args=(send, list(site.urls), str(db), merged),
                           name=f"newscrawl-{site.name}")
        proc.start()
        send.close()
        try:
            outcome = receive.recv() if receive.poll(None) else None
        except EOFError:
            outcome = None
        except KeyboardInterrupt:  # the child got the same Ctrl-C and stops cleanly
            proc.join()
            results.append(SiteResult(site.name, None, "interrupted", EXIT_FAILED))
            break
        proc.join()
        if outcome is None:
            results.append(SiteResult(site.name, None,
                                      f"the crawl process ended without a result "
                                      f"(exit code {proc.exitcode})", EXIT_FAILED))
        elif isinstance(outcome, CrawlResult):
            results.append(SiteResult(site.name, outcome))
        else:
            message, code = outcome
            results.append(SiteResult(site.name, None, message, code))
    return results


def _crawl_site_child(conn: Any, urls: list[str], db: str, settings: dict[str, Any]) -> None:
    """A sites-file crawl of one site, in its own process: sends back the CrawlResult,
    or (message, exit code) when the crawl was refused."""
    try:
        outcome: Any = crawl(urls, db=db, settings=settings)
    except NewscrawlError as exc:
        outcome = (str(exc), exc.exit_code)
    except KeyboardInterrupt:
        outcome = ("interrupted", EXIT_FAILED)
    conn.send(outcome)
    conn.close()


def _record_refused(db: str | Path, urls: list[str], settings: dict[str, Any] | None,
                    reason: str) -> None:
    """A crawl refused before it started leaves a failed crawl_runs row saying why, in an
    archive that already exists and is free (never creates one; best effort)."""
    from newscrawl.store import Store, StoreError
    from newscrawl.store.lock import ArchiveLock, LockedError

    path = Path(db).expanduser().absolute()
    if not path.is_file():
        return
    try:
        with ArchiveLock(path):
            store = Store(path, timeout=1.0)
            try:
                run_id = store.start_run(urls, {k: str(v) for k, v in (settings or {}).items()})
                store.finish_run(run_id, {}, reason)
            finally:
                store.close()
    except (LockedError, StoreError, OSError):
        pass


def _crawl_locked(urls: list[str], path: Path, settings: dict[str, Any] | None) -> CrawlResult:
    from scrapy.crawler import CrawlerProcess

    from newscrawl.archive.warc import archive_warc_dir
    from newscrawl.crawl.seen import crawl_site, default_job_dir
    from newscrawl.crawl.session import CrawlSession
    from newscrawl.crawl.spider import NewsSpider

    overrides = {"NEWSCRAWL_WARC_DIR": str(archive_warc_dir(path)), **(settings or {}),
                 "NEWSCRAWL_DB": str(path), "NEWSCRAWL_LOCK_HELD": True}
    if not overrides.get("JOBDIR"):
        # Scrapy's disk queues and the crawl's state (crawl/seen.py) for this archive and
        # site: a killed crawl is resumed from there by the next one; a finished one
        # clears it.
        site = crawl_site(project_settings(overrides), urls)
        overrides["JOBDIR"] = str(default_job_dir(path, site))
    _setup_logging(path, overrides, settings)
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(NewsSpider)
    try:
        process.crawl(crawler, url=",".join(urls))
    except ValueError as exc:
        raise NewscrawlError(str(exc)) from exc
    process.start()
    session = crawler.get_extension(CrawlSession)  # what the run recorded
    result = CrawlResult(
        run_id=session.run_id if session else None,
        summary=dict(session.summary) if session else {},
        finish_reason=(session.finish_reason if session else None) or "finished",
    )
    if result.run_id is None:
        # The session never opened its run (its error, with the traceback, is in the log).
        timeout = float(overrides.get("NEWSCRAWL_DB_TIMEOUT", DB_TIMEOUT))
        check_db(path, write=True, timeout=timeout)  # names a locked or unwritable archive
        result.fatal = "the crawl could not open its archive (see the log file)"
        result.fatal_code = EXIT_ARCHIVE
        return result
    if session is not None and session.failure:
        # The archive could not be written (disk full, I/O error): the crawl stopped and
        # its run's row already says failed, and why.
        result.fatal, result.fatal_code = session.failure, EXIT_ARCHIVE
        return result
    result.fatal = crawl_outcome(crawler.stats.get_stats(), urls)
    if result.fatal:
        _mark_run_failed(path, result.run_id, result.fatal)
    return result


def _setup_logging(path: Path, overrides: dict[str, Any], settings: dict[str, Any] | None) -> None:
    """Everything at INFO in the log file (default logs/crawl.log beside the archive); on
    the console warnings, errors and progress, or the LOG_LEVEL the caller gave
    (crawl/logs.py). Scrapy's own console handler is off."""
    from newscrawl.crawl import logs

    overrides.setdefault("NEWSCRAWL_LOG_FILE", str(logs.default_log_file(path)))
    overrides["LOG_ENABLED"] = False
    try:
        logs.configure(overrides["NEWSCRAWL_LOG_FILE"] or None,
                       (settings or {}).get("LOG_LEVEL", "WARNING"))
    except (ValueError, OSError) as exc:
        raise NewscrawlError(f"cannot log: {exc}") from exc


def _mark_run_failed(db: Path, run_id: int, message: str) -> None:
    from newscrawl.store import Store, StoreError

    try:
        store = Store(db)
        try:
            store.mark_run_failed(run_id, message)
        finally:
            store.close()
    except StoreError as exc:  # the outcome is still reported; the row stays as it was
        raise NewscrawlError(f"{message}; and the run could not be marked failed: {exc}",
                             EXIT_ARCHIVE) from exc


# --- reparse --------------------------------------------------------------------------

def parse_since(value: str | None) -> str | None:
    """An ISO 8601 date or time as the UTC ISO text the captures table holds (a time
    without zone is UTC); NewscrawlError if it is not one."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise NewscrawlError(
            f"--since {value!r} is not an ISO 8601 date or time (e.g. 2024-06-12 or"
            " 2024-06-12T09:30:00+01:00)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def reparse(
    db: str | Path = DEFAULT_DB,
    *,
    since: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    profiles: bool | None = None,
) -> ReparseResult:
    """Rebuild `articles` from the archive's WARC captures (no network): those its captures
    index names, and unindexed files of its own folder ``warc/<db name>/``.

    ``since``: only pages whose latest capture is at or after this ISO date/time (UTC if
    no zone); ``workers``: processes (default all cores); ``progress``: a progress bar on
    stderr; ``profiles``: use site profiles (default: ``NEWSCRAWL_PROFILES`` in the
    environment, as a crawl). The database may be missing: the WARCs alone rebuild it.
    Holds the archive's lock throughout, so it never writes while a crawl does.
    """
    from newscrawl.archive.reparse import reparse as run_reparse
    from newscrawl.archive.warc import archive_warc_dir, legacy_warc_dir
    from newscrawl.crawl.templates import profiles_enabled
    from newscrawl.store import StoreError
    from newscrawl.store.lock import ArchiveLock, LockedError

    path = Path(db).expanduser()
    warc_dir = archive_warc_dir(path)
    if not warc_dir.is_dir():
        if not path.is_file():
            raise NewscrawlError(f"no archive at {path}: run `newscrawl crawl` first")
        if not legacy_warc_dir(path).is_dir():  # an archive from before warc/<name>/
            raise NewscrawlError(f"no WARC folder at {warc_dir}: reparse rebuilds from the"
                                 " captures a crawl writes there")
    since_iso = parse_since(since)
    if profiles is None:
        profiles = profiles_enabled(os.environ.get("NEWSCRAWL_PROFILES", "on"))
    lock = ArchiveLock(path.absolute())
    try:
        # A crawl writing at the same time would interleave versions with the reparse.
        lock.acquire()
    except LockedError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    try:
        return run_reparse(path, since=since_iso, workers=workers, progress=progress,
                           profiles=profiles)
    except StoreError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    finally:
        lock.release()


# --- export ---------------------------------------------------------------------------

def export(
    db: str | Path, fmt: str, out: IO[str] | None = None, *, status: str | None = None,
    filters: Any = None, fields: list[str] | None = None, output: Path | None = None,
    bom: bool = False, datapackage: bool = False, command: str | None = None,
    progress: bool = False,
) -> int:
    """Export articles (or, with ``filters.versions``, all their versions) as csv, json,
    jsonl or parquet, streamed by ``newscrawl.store.iter_export``; returns the row count.

    ``filters`` is a ``newscrawl.store.ExportFilters`` (``status`` alone is a shortcut);
    ``fields`` the columns (default all, checked against the table). Written to ``output``
    (a file; required for parquet) or else ``out`` (default stdout). ``bom`` starts a CSV
    with a UTF-8 BOM (Excel); ``datapackage`` writes ``datapackage.json`` beside
    ``output``, describing the columns (the Datasette column docs), the crawl window, the
    command and query; ``progress`` draws a bar on a terminal (never in a pipe or cron)."""
    from dataclasses import asdict, replace

    from newscrawl.console import Bar
    from newscrawl.datasette import ARTICLE_COLUMNS, TABLES
    from newscrawl.export import FORMATS, write_datapackage, write_parquet, write_rows
    from newscrawl.export import datapackage as make_package
    from newscrawl.store import (
        ExportFilters,
        ExportQueryError,
        StoreError,
        check_export_fields,
        crawl_window,
        export_columns,
        export_count,
        iter_export,
    )

    path = Path(db)
    if not path.exists():
        raise NewscrawlError(f"no archive at {path}")
    if fmt not in FORMATS:
        raise NewscrawlError(f"unknown export format {fmt!r} ({', '.join(FORMATS)})")
    if fmt == "parquet" and output is None:
        raise NewscrawlError("parquet needs a file: give -o FILE.parquet")
    if datapackage and output is None:
        raise NewscrawlError("--datapackage needs a file (-o FILE): it is written beside it")
    filters = filters or ExportFilters()
    if status:
        filters = replace(filters, statuses=(status,))
    if filters.search is not None and not filters.search.strip():
        raise NewscrawlError("--search needs some words")
    try:
        names = check_export_fields(path, filters, fields)
        types = dict(export_columns(path, filters.versions))
        columns = [(n, types[n]) for n in names]
        # counted first for the bar, and so a malformed search fails before any output
        counted = progress or datapackage or filters.search is not None
        total = export_count(path, filters) if counted else None
        unit = "version" if filters.versions else "article"
        with Bar(total, "exporting", unit=unit, enabled=progress) as bar:
            rows = iter_export(path, filters, names)
            if fmt == "parquet":
                assert output is not None
                output.parent.mkdir(parents=True, exist_ok=True)
                count = write_parquet(rows, output, columns, on_row=bar.update)
            elif output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
                with output.open("w", encoding="utf-8", newline="") as fh:
                    count = write_rows(rows, fmt, fh, names, bom=bom, on_row=bar.update)
            else:
                count = write_rows(rows, fmt, out or sys.stdout, names, bom=bom,
                                   on_row=bar.update)
        if datapackage:
            assert output is not None
            table = "article_versions" if filters.versions else "articles"
            docs = TABLES[table]["columns"] if filters.versions else ARTICLE_COLUMNS
            query = {k: (list(v) if isinstance(v, tuple) else v)
                     for k, v in asdict(filters).items() if v not in (None, (), False)}
            if fields:
                query["fields"] = list(names)
            package = make_package(
                data_path=output, fmt=fmt, columns=columns, descriptions=docs, rows=count,
                table=table, window=crawl_window(path), query=query, bom=bom,
                command=command or f"newscrawl export --format {fmt} -o {output.name}")
            write_datapackage(package, output.parent)
        return count
    except ExportQueryError as exc:
        raise NewscrawlError(str(exc), EXIT_USAGE) from exc
    except StoreError as exc:
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc


# --- serve ------------------------------------------------------------------------------

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
# The hash (`datasette hash-password`) that protects an archive served with --password.
PASSWORD_ENV = "NEWSCRAWL_PASSWORD_HASH"


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class ServeOptions:
    """How an archive is served: where, and who may do what.

    On loopback everything is allowed. Any other address needs ``password`` (HTTP basic
    auth through datasette-auth-passwords, the hash read from $NEWSCRAWL_PASSWORD_HASH) or
    ``public``; a public archive answers its pages and canned queries, not arbitrary SQL,
    unless ``allow_sql``. Crawlers are always asked to keep out (datasette-block-robots)."""

    host: str = "127.0.0.1"
    port: int = 8001
    public: bool = False
    allow_sql: bool = False
    password: bool = False
    user: str = "researcher"

    def check(self) -> None:
        """A clear error (exit 2) for an unsafe or incomplete combination."""
        if not is_loopback(self.host) and not (self.public or self.password):
            raise NewscrawlError(
                f"--host {self.host} would let other machines read the archive: add "
                f"--password (set ${PASSWORD_ENV} to a hash from `datasette hash-password`) "
                "or --public (read-only, no arbitrary SQL unless --allow-sql)", EXIT_USAGE)
        if self.password and not os.environ.get(PASSWORD_ENV):
            raise NewscrawlError(
                f"--password needs ${PASSWORD_ENV}: the hash printed by "
                "`datasette hash-password` (.venv/bin/datasette)", EXIT_USAGE)
        if self.password and not self.user.replace("-", "").replace("_", "").isalnum():
            raise NewscrawlError("--user: letters, digits, - and _ only", EXIT_USAGE)

    @property
    def sql_allowed(self) -> bool:
        return self.allow_sql or not self.public


def serve_args(db: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
               options: ServeOptions | None = None) -> list[str]:
    """The `datasette serve` arguments for an archive, with the project's metadata."""
    from newscrawl.datasette import (
        archive_size,
        metadata_file,
        plugins_dir,
        serve_settings,
        static_dir,
        templates_dir,
    )

    opts = options or ServeOptions(host=host, port=port)
    opts.check()
    path = Path(db).resolve()
    meta = metadata_file(path, allow_sql=opts.sql_allowed,
                         password_user=opts.user if opts.password else None,
                         password_env=PASSWORD_ENV)
    settings = serve_settings(archive_size(path))
    return [
        "serve", str(path),
        "--host", opts.host, "--port", str(opts.port),
        "--metadata", str(meta),
        "--template-dir", str(templates_dir()),
        "--plugins-dir", str(plugins_dir()),
        "--static", f"newscrawl-static:{static_dir()}",
        *(w for key, value in settings for w in ("--setting", key, value)),
    ]


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
          options: ServeOptions | None = None,
          on_ready: Callable[[], None] | None = None) -> None:
    """Run Datasette on the archive until interrupted. ``on_ready`` is called once the
    archive has been checked, just before Datasette starts (to announce it)."""
    from datasette.cli import cli as datasette_cli

    opts = options or ServeOptions(host=host, port=port)
    opts.check()
    path = Path(db)
    if not path.exists():
        raise NewscrawlError(f"no archive at {path}: run `newscrawl crawl` first")
    check_db(path)  # migrations and a clear error for a corrupt file, before serving
    if on_ready is not None:
        on_ready()
    datasette_cli.main(args=serve_args(path, options=opts), prog_name="datasette")


# --- publish ----------------------------------------------------------------------------

def publish(db: str | Path, out: str | Path, *, allow_sql: bool = False, slim: bool = False,
            name: str | None = None, overwrite: bool = False) -> Published:
    """Write a folder ``out`` that serves the archive elsewhere with plain Datasette: a
    consistent copy of the database (``VACUUM INTO``, safe while a crawl writes), the
    metadata, templates, plugins and stylesheet ``newscrawl serve`` uses, the newscrawl
    wheel the plugins import, and the exact `datasette serve` / `package` / `publish`
    commands (``commands.txt``, ``README.md``). Nothing is deployed.

    Arbitrary SQL is off unless ``allow_sql``; ``slim`` leaves out the crawler's working
    tables (``store.snapshot.WORKING_TABLES``); ``name`` is the service/app name in the
    commands (default ``newscrawl-<db name>``). ``out`` must be new or empty, or, with
    ``overwrite``, a folder an earlier publish wrote."""
    import shutil
    import tempfile

    from newscrawl.datasette.publish import MANIFEST, NAME, default_name, write_folder
    from newscrawl.store import StoreError
    from newscrawl.store.snapshot import WORKING_TABLES, snapshot

    path = Path(db).expanduser()
    if not path.is_file():
        raise NewscrawlError(f"no archive at {path}: run `newscrawl crawl` first")
    target = Path(out).expanduser()
    name = name or default_name(path.stem)
    if not NAME.match(name):
        raise NewscrawlError(f"--name {name!r}: 2-48 lowercase letters, digits and hyphens, "
                             "starting with a letter (a Cloud Run, Heroku, Fly and Vercel name)")
    if path.resolve().is_relative_to(target.resolve()):
        raise NewscrawlError(f"--out {target} holds the archive itself: choose another folder")
    if target.exists():
        if not target.is_dir():
            raise NewscrawlError(f"--out {target} is a file, not a folder")
        if any(target.iterdir()):
            if not overwrite:
                raise NewscrawlError(f"--out {target} is not empty: choose a new folder, or "
                                     "--overwrite to replace an earlier publish")
            if not (target / MANIFEST).is_file():
                raise NewscrawlError(f"--out {target} was not written by newscrawl publish "
                                     f"(no {MANIFEST}): not replacing it")
    check_db(path)  # migrations and a clear error for a corrupt file, as serve does
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    work.chmod(0o755)  # mkdtemp's is 0700; the folder is meant to be shared and deployed
    try:
        copy = work / path.name
        dropped = WORKING_TABLES if slim else ()
        counts = snapshot(path, copy, drop=dropped)
        result = write_folder(work, db_copy=copy, source=path.resolve(), counts=counts,
                              allow_sql=allow_sql, name=name, dropped=dropped)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    except StoreError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise NewscrawlError(str(exc), EXIT_ARCHIVE) from exc
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise NewscrawlError(f"could not write {target}: {exc}", EXIT_FAILED) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.out = target
    result.database = target / copy.name
    result.wheel = target / "plugins" / result.wheel.name
    return result

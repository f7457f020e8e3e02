"""What an archive holds, whether a crawl is running, and when the next one is due.

Read-only: the database is read through ``newscrawl.store.read`` (``mode=ro``) and the
lock is only probed, so ``newscrawl status`` is safe to run while a crawl writes.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl import schedule
from newscrawl.archive.warc import (
    OPEN_SUFFIX,
    archive_warc_dir,
    final_name,
    legacy_warc_dir,
    warc_files,
)
from newscrawl.store.lock import lock_holder
from newscrawl.store.read import archive_totals, recent_runs, warc_filenames


@dataclass
class ArchiveStatus:
    """Everything ``newscrawl status`` shows."""

    db: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    running_pid: int | None = None  # the pid holding the lock, when a crawl runs now
    running: bool = False
    schedule_line: str | None = None
    schedule_expression: str | None = None
    next_run: str | None = None  # ISO 8601, local time as cron uses
    cron_available: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _runs(db: Path, limit: int, running: bool) -> list[dict[str, Any]]:
    rows = recent_runs(db, limit)
    latest_running = next((r["id"] for r in rows if r["status"] == "running"), None)
    for row in rows:
        try:
            row["targets"] = json.loads(row["targets"] or "[]")
        except ValueError:
            pass
        if row["status"] == "running" and (not running or row["id"] != latest_running):
            # The process died without closing its row (SIGKILL, power cut).
            row["status"] = "interrupted (process gone)"
        if row["duration_s"] is None and row["started"]:
            end = datetime.fromisoformat(row["finished"]) if row["finished"] else datetime.now(UTC)
            row["duration_s"] = round((end - datetime.fromisoformat(row["started"])).total_seconds(), 1)
    return rows


def _totals(db: Path) -> dict[str, int]:
    """Totals of the database, and of the archive's WARC files: its own folder's, plus
    those of the shared warc/ its captures index names (archives from before warc/<name>/)."""
    own, legacy = archive_warc_dir(db), legacy_warc_dir(db)
    files = warc_files(own) if own.is_dir() else []
    if legacy.is_dir():
        indexed = warc_filenames(db)
        files += [f for f in warc_files(legacy) if final_name(f).name in indexed]
    return {
        **archive_totals(db),
        "warc_files": len(files),
        "warc_files_open": sum(1 for f in files if f.name.endswith(OPEN_SUFFIX)),
        "warc_bytes": sum(f.stat().st_size for f in files),
    }


def archive_status(db: str | os.PathLike[str], runs: int = 5,
                   crontab: str | None = None) -> ArchiveStatus:
    """Status of the archive at ``db``; StoreError if it is missing or unreadable.

    ``crontab``: the crontab text to look in (default: ``crontab -l``, if cron exists).
    """
    path = Path(db).expanduser().absolute()
    locked, pid = lock_holder(path)
    status = ArchiveStatus(db=str(path), running=locked, running_pid=pid)
    status.runs = _runs(path, runs, locked)
    status.totals = _totals(path)
    status.cron_available = crontab is not None or schedule.cron_available()
    line = schedule.find_entry(path, crontab)
    if line:
        status.schedule_line = line
        status.schedule_expression = schedule.expression_of(line)
        try:
            status.next_run = schedule.next_run(status.schedule_expression).isoformat()
        except Exception:  # a line edited by hand into something cronsim rejects
            status.next_run = None
    return status


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def format_status(st: ArchiveStatus) -> str:
    """The status as aligned lines for a terminal."""
    t = st.totals
    lines = [f"archive  {st.db}"]
    if st.running:
        who = f" (pid {st.running_pid})" if st.running_pid else ""
        lines.append(f"now      a crawl is running{who}")
    else:
        lines.append("now      no crawl running")
    lines += [
        f"articles {t.get('articles', 0)} ({t.get('articles_live', 0)} live,"
        + (f" {t['articles_protected']} password-protected," if t.get("articles_protected") else "")
        + f" {t.get('articles_gone', 0)} gone, {t.get('articles_edited', 0)} edited)",
        f"versions {t.get('versions', 0)}",
        f"captures {t.get('captures', 0)} ({t.get('captures_revisit', 0)} revisits,"
        f" {t.get('captures_not_modified', 0)} not modified)",
        f"warc     {t.get('warc_files', 0)} files, {_size(t.get('warc_bytes', 0))}"
        + (f" ({t['warc_files_open']} unfinished .open)" if t.get("warc_files_open") else ""),
        f"errors   {t.get('errors', 0)}",
    ]
    if st.schedule_line:
        due = st.next_run or "unknown (check the expression)"
        lines.append(f"schedule {st.schedule_expression}  next run {due}")
    else:
        why = "" if st.cron_available else "; cron is not installed"
        lines.append(f"schedule not scheduled (see `newscrawl schedule --help`{why})")
    lines.append("")
    if not st.runs:
        lines.append("no runs yet")
        return "\n".join(lines)
    lines.append(f"last {len(st.runs)} run(s):")
    header = (f"{'id':>4}  {'kind':7} {'started':25} {'took':>8}  {'status':12} {'pages':>6}"
              f" {'new':>5} {'upd':>5} {'same':>5} {'gone':>5} {'err':>4}")
    lines.append(header)
    for r in st.runs:
        took = f"{r['duration_s']:.0f}s" if r.get("duration_s") is not None else "-"
        lines.append(
            f"{r['id']:>4}  {r['kind']:7} {(r['started'] or '-'):25} {took:>8}  {r['status'] or '-':12}"
            f" {r['pages_fetched'] or 0:>6} {r['articles_new'] or 0:>5}"
            f" {r['articles_updated'] or 0:>5} {r['articles_unchanged'] or 0:>5}"
            f" {r['articles_gone'] or 0:>5} {r['errors'] or 0:>4}"
        )
        if r.get("error"):
            lines.append(f"        error: {r['error']}")
    return "\n".join(lines)

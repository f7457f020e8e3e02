"""Scheduled recrawls with cron: the crontab line for an archive, installing and removing it.

Each archive's line ends with the marker ``# newscrawl:<absolute db path>`` so it can be
found, replaced and removed again without touching the user's other entries. Cron
expressions are validated with cronsim (the parser Healthchecks.io uses for user input),
which also computes the next run for ``newscrawl status``.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

MARKER = "# newscrawl:"
EVERY_NAMES = ("hourly", "daily", "weekly")


class ScheduleError(Exception):
    """A bad schedule or an unusable crontab; the message is one line for the user."""


def _spread(db: Path) -> int:
    """A stable number from the db path, so many archives do not all crawl at :00."""
    return int.from_bytes(hashlib.sha256(str(db).encode("utf-8")).digest()[:4], "big")


def cron_expression(every: str, db: str | os.PathLike[str]) -> str:
    """A validated five-field cron expression for ``--every``.

    ``hourly``, ``daily`` (between 01:00 and 05:59, off-peak for a news site) and
    ``weekly`` (the same hour, one fixed weekday) pick their minute, hour and weekday
    from a hash of the database path: fixed for one archive, spread across many.
    Anything else must be a standard five-field expression (``"30 4 * * 1-5"``).
    """
    h = _spread(Path(db).expanduser().absolute())
    minute, hour, weekday = h % 60, 1 + (h // 60) % 5, (h // 300) % 7
    named = every.strip().lower().lstrip("@")
    if named == "hourly":
        return f"{minute} * * * *"
    if named == "daily":
        return f"{minute} {hour} * * *"
    if named == "weekly":
        return f"{minute} {hour} * * {weekday}"
    return validate(every)


def validate(expr: str) -> str:
    """``expr`` normalised to single spaces; ScheduleError says what is wrong with it."""
    from cronsim import CronSim, CronSimError

    fields = expr.split()
    if expr.strip().startswith("@"):
        raise ScheduleError(
            f"unsupported schedule {expr!r}: use hourly, daily, weekly or five cron fields"
        )
    # cronsim also accepts a six-field form with seconds; cron itself does not.
    if len(fields) != 5:
        raise ScheduleError(
            f"bad cron expression {expr!r}: expected 5 fields (minute hour day month weekday),"
            f" got {len(fields)}; or use hourly, daily, weekly"
        )
    norm = " ".join(fields)
    try:
        CronSim(norm, datetime.now().astimezone())
    except CronSimError as exc:
        raise ScheduleError(f"bad cron expression {expr!r}: {exc}") from exc
    return norm


def next_run(expr: str, after: datetime | None = None) -> datetime:
    """When cron next runs ``expr`` after ``after`` (default now), in local time as cron does."""
    from cronsim import CronSim

    start = (after or datetime.now()).astimezone()
    return next(CronSim(expr, start))


def marker(db: str | os.PathLike[str]) -> str:
    """The comment that ends this archive's crontab line."""
    return MARKER + _cron_escape(str(Path(db).expanduser().absolute()))


def _cron_escape(text: str) -> str:
    # cron turns an unescaped % into a newline (the rest becomes stdin).
    return text.replace("%", r"\%")


@dataclass
class CronEntry:
    """One archive's crontab entry."""

    expression: str
    command: str
    db: Path

    @property
    def line(self) -> str:
        return f"{self.expression} {_cron_escape(self.command)} {marker(self.db)}"


def crawl_command(url: str, db: str | os.PathLike[str], python: str | None = None,
                  settings: Sequence[str] = ()) -> str:
    """The shell command cron runs: the crawl from this virtualenv, logs in <db dir>/logs/.

    ``settings``: extra ``NAME=VALUE`` pairs passed on as ``-s`` to the crawl.

    The crawl takes the archive lock itself, so an overlong run and the next one never
    overlap. Its log goes to a rotated ``logs/crawl.log``; stdout/stderr (warnings and
    the end-of-crawl summary) are appended to ``logs/cron.out``.
    """
    path = Path(db).expanduser().absolute()
    data = path.parent
    logs = data / "logs"
    q = shlex.quote
    return (
        f"mkdir -p {q(str(logs))} && cd {q(str(data))} && {q(python or sys.executable)} -m newscrawl crawl"
        f" {q(url)} --db {q(str(path))}"
        f" -s NEWSCRAWL_LOG_FILE={q(str(logs / 'crawl.log'))} -s NEWSCRAWL_PROGRESS=log"
        f" -s LOG_LEVEL=WARNING"
        + "".join(f" -s {q(pair)}" for pair in settings)
        + f" >> {q(str(logs / 'cron.out'))} 2>&1"
    )


def entry(every: str, url: str, db: str | os.PathLike[str], python: str | None = None,
          settings: Sequence[str] = ()) -> CronEntry:
    """The crontab entry for crawling ``url`` into ``db`` on schedule ``every``."""
    path = Path(db).expanduser().absolute()
    for pair in settings:
        if "=" not in pair or not pair.partition("=")[0].strip():
            raise ScheduleError(f"invalid -s value {pair!r}: expected NAME=VALUE")
    return CronEntry(cron_expression(every, path), crawl_command(url, path, python, settings),
                     path)


def cron_available() -> bool:
    """Whether a ``crontab`` command is on PATH."""
    return shutil.which("crontab") is not None


# --- the user's crontab -----------------------------------------------------------------
def _crontab_bin() -> str:
    found = shutil.which("crontab")
    if not found:
        raise ScheduleError(
            "`crontab` is not installed (Debian: apt install cron); print the line with"
            " `newscrawl schedule` and add it to your scheduler by hand"
        )
    return found


def read_crontab() -> str:
    """The current user's crontab ("" when they have none)."""
    proc = subprocess.run([_crontab_bin(), "-l"], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        # "no crontab for USER" is the normal state of a user who never used cron.
        if "no crontab" in proc.stderr.lower():
            return ""
        raise ScheduleError(f"`crontab -l` failed: {proc.stderr.strip() or proc.returncode}")
    return proc.stdout


def write_crontab(text: str) -> None:
    """Replace the user's crontab with ``text``."""
    if text and not text.endswith("\n"):
        text += "\n"  # cron ignores a last line without a newline
    proc = subprocess.run([_crontab_bin(), "-"], input=text, capture_output=True, text=True,
                          timeout=30)
    if proc.returncode != 0:
        raise ScheduleError(f"`crontab -` refused the new table: {proc.stderr.strip()}")


def _is_ours(line: str, db: str | os.PathLike[str]) -> bool:
    return line.rstrip().endswith(marker(db))


def find_entry(db: str | os.PathLike[str], crontab: str | None = None) -> str | None:
    """This archive's line in the crontab, or None (also None when there is no crontab)."""
    try:
        text = read_crontab() if crontab is None else crontab
    except ScheduleError:
        return None
    for line in text.splitlines():
        if _is_ours(line, db) and not line.lstrip().startswith("#"):
            return line
    return None


def install(new: CronEntry) -> bool:
    """Add or replace this archive's line; False if the identical line was already there."""
    lines = read_crontab().splitlines()
    kept = [line for line in lines if not _is_ours(line, new.db)]
    if len(kept) == len(lines) - 1 and new.line in lines:
        return False
    write_crontab("\n".join([*kept, new.line]))
    return True


def remove(db: str | os.PathLike[str]) -> bool:
    """Remove this archive's line; False if there was none."""
    lines = read_crontab().splitlines()
    kept = [line for line in lines if not _is_ours(line, db)]
    if len(kept) == len(lines):
        return False
    write_crontab("\n".join(kept))
    return True


def expression_of(line: str) -> str:
    """The five schedule fields of a crontab line."""
    return " ".join(line.split()[:5])

"""One crawl per archive: an exclusive lock beside the database file.

An OS-level ``flock`` is released by the kernel when its process dies, even by SIGKILL,
so a dead crawl never holds the archive forever.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The archive's lock file: ``<db>.lock`` beside the database."""
    db = Path(db_path)
    return db.with_name(db.name + ".lock")


class LockedError(Exception):
    """Another process holds the archive's lock."""


class ArchiveLock:
    """``with ArchiveLock(db_path): ...`` or acquire()/release()."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LockedError(
                f"another crawl (pid {holder}) is using {self.path.with_suffix('')}; "
                "try again when it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ArchiveLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_holder(db: str | os.PathLike[str]) -> tuple[bool, int | None]:
    """(locked, pid) for the archive's ``<db>.lock``: a non-blocking flock probe.

    The lock file is never created here; a file left by a dead crawl is not held (the
    kernel drops a flock with its process), so it reads as not running.
    """
    lock = lock_path(Path(db).expanduser().absolute())
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False, None
    try:
        try:
            # Shared and released at once: the probe holds it for microseconds.
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 64).decode(errors="replace").strip()
            return True, int(text) if text.isdigit() else None
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False, None
    finally:
        os.close(fd)

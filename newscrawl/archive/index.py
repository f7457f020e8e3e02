"""Bring the captures table in line with the WARC files (after a kill, or a lost database)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from newscrawl.archive.warc import OPEN_SUFFIX, index_records, warc_files


class CaptureStore(Protocol):
    """What indexing needs of newscrawl.store.Store."""

    def indexed_warc_files(self) -> set[str]: ...

    def indexed_offsets(self, warc_filename: str) -> set[int]: ...

    def add_capture(self, capture: dict[str, Any]) -> None: ...

    def batch(self) -> AbstractContextManager[Any]: ...


def index_missing_captures(
    store: CaptureStore,
    warc_dir: str | os.PathLike[str],
    *,
    files: Iterable[str | os.PathLike[str]] | None = None,
    all_files: bool = False,
) -> int:
    """Add captures rows for WARC records the table lacks; returns how many were added.

    Records are matched by file name and offset. By default only files with no captures
    row at all are read (a database rebuilt from the WARCs); ``files`` names files to
    check record by record (e.g. those :func:`repair` just fixed: their last rows may not
    have been committed before the kill); ``all_files`` checks every file.
    """
    directory = Path(warc_dir)
    known_files = store.indexed_warc_files()
    wanted = {Path(f).name.removesuffix(OPEN_SUFFIX) for f in files or ()}
    added = 0
    with store.batch():
        for path in warc_files(directory):
            name = path.name.removesuffix(OPEN_SUFFIX)
            if name in known_files and not all_files and name not in wanted:
                continue
            known = store.indexed_offsets(name)
            for row in index_records(path):
                if row["warc_offset"] not in known:
                    store.add_capture(row)
                    added += 1
    return added

"""Bring the captures table in line with the WARC files (after a kill, or a lost database).

Only the archive's own WARC files are indexed: a file whose warcinfo names another
archive id is refused (logged), whatever folder it is in. A database rebuilt from its
WARC folder alone (no captures yet) takes the id those files carry.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from newscrawl.archive.warc import OPEN_SUFFIX, index_records, warc_files, warcinfo_fields

log = logging.getLogger(__name__)


class CaptureStore(Protocol):
    """What indexing needs of newscrawl.store.Store."""

    def indexed_warc_files(self) -> set[str]: ...

    def indexed_offsets(self, warc_filename: str) -> set[int]: ...

    def add_capture(self, capture: dict[str, Any]) -> None: ...

    def batch(self) -> AbstractContextManager[Any]: ...

    def archive_id(self) -> str: ...

    def adopt_archive_id(self, archive_id: str) -> None: ...


def index_missing_captures(
    store: CaptureStore,
    warc_dir: str | os.PathLike[str],
    *,
    files: Iterable[str | os.PathLike[str]] | None = None,
    all_files: bool = False,
    tails: bool = False,
) -> int:
    """Add captures rows for WARC records the table lacks; returns how many were added.

    Records are matched by file name and offset. By default only files with no captures
    row at all are read (a database rebuilt from the WARCs); ``files`` names files to
    check record by record (e.g. those :func:`repair` just fixed: their last rows may not
    have been committed before the kill); ``all_files`` checks every file; ``tails`` also
    reads, in every other indexed file, the records after its last indexed one (cheap:
    the rows a crawl lost with an uncommitted batch, when it was killed or its disk
    filled, are those at the end of its last file).
    """
    directory = Path(warc_dir)
    known_files = store.indexed_warc_files()
    wanted = {Path(f).name.removesuffix(OPEN_SUFFIX) for f in files or ()}
    todo = [p for p in warc_files(directory)
            if all_files or p.name.removesuffix(OPEN_SUFFIX) not in known_files
            or p.name.removesuffix(OPEN_SUFFIX) in wanted]
    owners = {p: warcinfo_fields(p).get("archive-id") for p in todo}
    ours = store.archive_id()
    if not known_files:
        # A database rebuilt from a WARC folder: it is the archive those files belong to.
        ids = {i for i in owners.values() if i}
        if len(ids) == 1 and ours not in ids:
            ours = ids.pop()
            store.adopt_archive_id(ours)
    added = 0
    with store.batch():
        for path in todo:
            name = path.name.removesuffix(OPEN_SUFFIX)
            if owners[path] and owners[path] != ours:
                log.warning("%s belongs to another archive (id %s, this one is %s):"
                            " not indexed", path, owners[path], ours)
                continue
            known = store.indexed_offsets(name)
            for row in index_records(path):
                if row["warc_offset"] not in known:
                    store.add_capture(row)
                    added += 1
        for path in warc_files(directory) if tails else ():
            if path in owners:
                continue  # read whole above
            known = store.indexed_offsets(path.name.removesuffix(OPEN_SUFFIX))
            if not known:
                continue
            for row in index_records(path, start=max(known)):
                if row["warc_offset"] not in known:
                    store.add_capture(row)
                    added += 1
    return added

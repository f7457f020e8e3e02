"""Export throughput and peak memory: `newscrawl export` in each format against
sqlite-utils' own CSV export of the same table, in the same run, at two archive sizes.

Builds an archive of ``--seed`` varied articles with the Store API (bodies of a few
thousand characters, some edited twice), grows it to ``--articles`` rows by copying
rows (new URLs), then, for the small size (a tenth) and the full size, runs each
exporter in a fresh process and reads its peak RSS from ``wait4``. Memory is flat when
the peak at the full size is close to the peak at a tenth of it.

    .venv/bin/python benchmarks/export.py [--articles 100000] [--seed 500] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import copy_articles, copy_versions  # noqa: E402

from newscrawl.extract.model import Article  # noqa: E402
from newscrawl.store import Store  # noqa: E402

BIN = Path(sys.executable).parent
WORDS = ("police council pier train budget festival station school road harbour "
         "residents Southend Leigh cliffs seafront market library election").split()


def seed_archive(db: Path, n: int) -> None:
    """``n`` articles with the Store API; every tenth one edited (two versions)."""
    with Store(db) as store:
        run = store.start_run(["https://leigh-on-sea.news/"], {})
        for i in range(n):
            words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(600)]
            body = "\n\n".join(" ".join(words[p:p + 60]) + "." for p in range(0, 600, 60))
            url = f"https://leigh-on-sea.news/{2020 + i % 5}/{i % 12 + 1:02d}/story-{i}/"
            art = Article(
                url=url, canonical_url=url, is_article=True,
                title=f"Story {i}: {WORDS[i % len(WORDS)]} news", standfirst=body[:200],
                body=body, body_html="<p>" + body.replace("\n\n", "</p><p>") + "</p>",
                authors=[f"Author {i % 9}"], section=("News", "Sport", "Politics")[i % 3],
                tags=[WORDS[i % len(WORDS)], WORDS[(i + 3) % len(WORDS)]],
                published=f"{2020 + i % 5}-{i % 12 + 1:02d}-{i % 28 + 1:02d}T09:00:00+00:00",
                word_count=600,
            )
            store.save_article(art.to_record(), fetched_at="2024-06-12T10:00:00+00:00",
                               run_id=run)
            if i % 10 == 0:
                art.title += " (updated)"
                store.save_article(art.to_record(), fetched_at="2024-06-13T10:00:00+00:00",
                                   run_id=run)
        store.finish_run(run, {"pages_fetched": n})


def grow(db: Path, target: int) -> int:
    """Copy article rows (new URLs) until ``target``; the FTS triggers index the copies."""
    conn = sqlite3.connect(db)
    cols = [r[1] for r in conn.execute("PRAGMA table_xinfo(articles)")
            if r[1] != "id" and r[6] == 0]
    names = ", ".join(f'"{c}"' for c in cols)
    picks = ", ".join("url || 'copy-' || ? || '/'" if c in ("url", "canonical_url")
                      else f'"{c}"' for c in cols)
    count, copies = copy_articles(conn, target, names, picks)
    copy_versions(conn, copies)  # the copies' edit history
    conn.close()
    return count


def versions_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    finally:
        conn.close()


def measure(cmd: list[str], stdout_path: Path | None) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``cmd`` run in a fresh process."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if stdout_path:
        out.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def exporters(db: Path, out: Path) -> dict[str, tuple[list[str], Path | None]]:
    nc = [sys.executable, "-m", "newscrawl", "export", "--db", str(db)]
    return {
        "newscrawl csv": (nc + ["--format", "csv", "-o", str(out / "a.csv")], None),
        "newscrawl jsonl": (nc + ["--format", "jsonl", "-o", str(out / "a.jsonl")], None),
        "newscrawl json": (nc + ["--format", "json", "-o", str(out / "a.json")], None),
        "newscrawl parquet": (nc + ["--format", "parquet", "-o", str(out / "a.parquet")], None),
        "newscrawl csv --versions": (nc + ["--versions", "--format", "csv",
                                           "-o", str(out / "v.csv")], None),
        "sqlite-utils rows --csv": ([str(BIN / "sqlite-utils"), "rows", str(db), "articles",
                                     "--csv"], out / "su.csv"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=500)
    parser.add_argument("--keep", type=Path, default=None, help="keep the archives here")
    args = parser.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="newscrawl-export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [max(args.articles // 10, args.seed), args.articles]
    results: dict[str, dict[int, tuple[float, float]]] = {}
    try:
        base = work / "seed.db"
        if not base.exists():
            seed_archive(base, args.seed)
        for size in sizes:
            db = work / f"news-{size}.db"
            if not db.exists():
                shutil.copy(base, db)
                grow(db, size)
            out = work / f"out-{size}"
            out.mkdir(exist_ok=True)
            print(f"archive of {size} articles: {db.stat().st_size / 1e6:.0f} MB", flush=True)
            for name, (cmd, stdout_path) in exporters(db, out).items():
                results.setdefault(name, {})[size] = measure(cmd, stdout_path)
        small, big = sizes
        print(f"\n| exporter | rows/s at {big} | peak MB at {small} | peak MB at {big} |")
        print("| --- | ---: | ---: | ---: |")
        for name, by_size in results.items():
            seconds, peak = by_size[big]
            rows = versions_count(work / f"news-{big}.db") if "--versions" in name else big
            print(f"| {name} | {rows / seconds:,.0f} | {by_size[small][1]:.0f} | {peak:.0f} |")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Serving latency at scale: `newscrawl serve` on a grown archive, a written-down query
mix over HTTP, median and p95 per page kind (issue 10, "fast at scale").

Builds an archive of ``--seed`` varied articles with the Store API (as
``benchmarks/export.py`` does, but with 12 sections of unequal size, 150 authors, 300
tags, dates over ten years and bodies drawn from a Zipf-like vocabulary, so searches
have realistic result sets), grows it to ``--articles`` rows by copying rows in SQL
(new URLs, each copy moved in time, re-credited and re-tagged, with a place name in its
title and a rare word in its standfirst; the FTS triggers index the copies), adds one
WARC capture row per article and a few crawl runs, then starts the real
``newscrawl serve`` on 127.0.0.1 (a free port) and times each request of the query mix
below, warm-up first, then ``--rounds`` rounds in a shuffled order (one client, one
request at a time, so each time is one page's latency).

    .venv/bin/python benchmarks/serve_latency.py [--articles 100000] [--seed 3000]
        [--rounds 5] [--article-pages 20] [--keep DIR | --reuse DB] [--json FILE]
        [--detail]

``--keep DIR`` keeps the archive (``DIR/news-N.db``, ~1.5 GB at 100,000 articles);
``--reuse DB`` serves an archive kept earlier instead of building one. ``--detail``
also prints each URL of the mix; ``--json FILE`` writes every timing.

The query mix (each URL once per round; article pages are ``--article-pages`` random
ids per round, the same ids every run):

    home      /                                   the archive's home page
    search    /-/search?q=council                 common word (most articles), by rank
              /-/search?q=council&sort=date       the same, newest first
              /-/search?q=council&page=5          page 5 of it
              /-/search?q=police                  common word
              /-/search?q=lifeboat                mid-frequency word (a few thousand)
              /-/search?q=<rare word>             a word in ~10 articles
              /-/search?q=<place name>            a word in ~100 articles (copies' titles)
              /-/search?q="town council"          a phrase
              /-/search?q="high street" closure   a phrase and a word
              /-/search?q=pol*                    a prefix
              /-/search?q=police OR fire          OR of two common words
              /-/search?q=council NOT budget      NOT
              /-/search?q=council&section=Sport   with a section filter
              /-/search?q=police&author=<top author>
              /-/search?q=council&tag=<common tag>&sort=date
              /-/search?q=police&since=2019&until=2020-06
              /-/search?q=lifeboat&section=News&since=2021
              /-/search?section=News&sort=date    a filter without words (browse)
              /-/search?author=<author>           an author's articles
              /-/search?tag=<tag>&since=2022      a tag within dates
    article   /-/article/<id>                     random ids
    trends    /-/trends?q=council                 one search over ten years
              /-/trends?q=police&q=fire&q=pier    three searches
              /-/trends?q=election&by=section     one search split by section
    table     /news/articles                      Datasette's unfiltered articles table
    table search
              /news/articles?_search=police       the search box of that table: redirected
                                                  (302) to /-/search?q=police, timed to
                                                  the last byte of the search page
    API search
              /news/articles.json?_search=police  Datasette's own table search, JSON (the
                                                  API keeps Datasette's meaning: every
                                                  match sorted by date; for comparison,
                                                  not a page, not a target)

Every search page computes its facet counts (section, authors, tags, year) on its result
set. The target is p95 <= 300 ms for every page kind (all but "API search") at 100,000
articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import copy_articles, copy_versions  # noqa: E402

from newscrawl.extract.model import Article  # noqa: E402
from newscrawl.store import Store  # noqa: E402

TARGET_MS = 300.0
SITE = "https://leigh-on-sea.news"

SECTIONS = ("News", "Sport", "Politics", "Business", "Opinion", "Lifestyle", "Education",
            "Health", "Transport", "Environment", "Arts", "Community")
TOPICAL = ("council police fire school election budget pier train station road harbour "
           "residents market library festival hospital housing planning flood beach "
           "football cricket museum church park bus parking shop business family court "
           "crime charity volunteers theatre music teacher pupils nurse doctor ambulance "
           "lifeboat coastguard cliffs seafront estuary marina airport ferry bridge "
           "policy polling politics pollution police").split()
FIRST = ("Alex Sam Jo Chris Pat Jamie Kim Lee Robin Charlie Ashley Morgan Taylor Jordan "
         "Casey Riley Avery Quinn Rowan Sasha").split()
LAST = ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis "
        "Harris Martin Cooper King Baker Hill Ward").split()
PHRASES = ("town council", "high street", "planning application", "borough council",
           "road closure", "public meeting", "air ambulance", "sea wall")
SYLLABLES = ("ka ro mi tel var sen do lu pa qui zor bel fen gar hol ish jun kem nor "
             "pel rab sut tov ux wil yem").split()


def _pseudo_words(rng: random.Random, n: int, syllables: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYLLABLES) for _ in range(syllables)))
    return sorted(out)


class Corpus:
    """The made-up news site: vocabulary, people, tags, all from one seeded RNG."""

    def __init__(self, seed: int = 10) -> None:
        rng = random.Random(seed)
        self.rng = rng
        filler = _pseudo_words(rng, 4000, 3)
        rng.shuffle(filler)
        # A Zipf-like vocabulary of invented words, the topical ones placed from rank 60
        # on, 25 ranks apart: "council" is in about two articles of three, "lifeboat"
        # in one of twenty.
        self.vocab = filler
        for i, word in enumerate(dict.fromkeys(TOPICAL)):
            self.vocab.insert(60 + 25 * i, word)
        self.weights = [1.0 / (rank + 8) ** 1.05 for rank in range(len(self.vocab))]
        self.authors = sorted({f"{f} {last}" for f in FIRST for last in LAST})
        rng.shuffle(self.authors)
        self.authors = self.authors[:150]
        self.author_weights = [1.0 / (r + 2) for r in range(len(self.authors))]
        self.tags = [w.capitalize() for w in dict.fromkeys(TOPICAL)] + [
            w.capitalize() for w in _pseudo_words(rng, 300 - len(set(TOPICAL)), 2)]
        self.tag_weights = [1.0 / (r + 3) for r in range(len(self.tags))]
        self.section_weights = [1.0 / (r + 1) ** 0.8 for r in range(len(SECTIONS))]
        # Words only the copies carry: a place in each title (~1 in 1,000 articles)
        # and a rare word in each standfirst (~1 in 10,000).
        self.places = [w.capitalize() + "ton" for w in _pseudo_words(rng, 1000, 3)]
        self.rare = [w + "ium" for w in _pseudo_words(rng, 10_000, 4)]

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, self.weights, k=n)

    def body(self) -> str:
        paras = []
        for _ in range(self.rng.randint(5, 12)):
            words = self.words(self.rng.randint(40, 90))
            if self.rng.random() < 0.3:
                at = self.rng.randrange(len(words))
                words[at:at] = self.rng.choice(PHRASES).split()
            paras.append(" ".join(words).capitalize() + ".")
        return "\n\n".join(paras)

    def article(self, i: int) -> Article:
        rng = self.rng
        body = self.body()
        title = " ".join(self.words(rng.randint(4, 9))).capitalize()
        day = rng.randrange(3650)
        published = time.strftime("%Y-%m-%dT%H:%M:00+00:00",
                                  time.gmtime(1420070400 + day * 86400 + rng.randrange(86400)))
        authors = list(dict.fromkeys(rng.choices(self.authors, self.author_weights,
                                                 k=rng.choice((1, 1, 1, 2)))))
        tags = list(dict.fromkeys(rng.choices(self.tags, self.tag_weights,
                                              k=rng.randint(0, 4))))
        url = f"{SITE}/{published[:4]}/{published[5:7]}/story-{i}/"
        return Article(
            url=url, canonical_url=url, is_article=True, title=title,
            standfirst=" ".join(self.words(25)).capitalize() + ".", body=body,
            body_html="<p>" + body.replace("\n\n", "</p><p>") + "</p>",
            authors=authors, section=rng.choices(SECTIONS, self.section_weights)[0],
            tags=tags, published=published, modified=published,
            word_count=len(body.split()), language="en-GB",
            image_url=f"{SITE}/wp-content/uploads/{i}.jpg", image_caption=title,
        )


def seed_archive(db: Path, n: int, corpus: Corpus) -> None:
    """``n`` articles with the Store API; every tenth one edited (two versions)."""
    with Store(db) as store:
        run = store.start_run([SITE + "/"], {})
        for i in range(n):
            art = corpus.article(i)
            store.save_article(art.to_record(), fetched_at="2025-01-10T10:00:00+00:00",
                               run_id=run)
            if i % 10 == 0:
                art.title += " (updated)"
                store.save_article(art.to_record(), fetched_at="2025-01-17T10:00:00+00:00",
                                   run_id=run)
        store.finish_run(run, {"pages_fetched": n})


def _pick(values: list[str], expr: str) -> str:
    """SQL choosing one of ``values`` (a JSON array literal) by the integer ``expr``."""
    array = json.dumps(values).replace("'", "''")
    return f"json_extract('{array}', '$[' || (({expr}) % {len(values)}) || ']')"


def _weighted(values: list[str], weights: list[float], size: int, rng: random.Random) -> list[str]:
    return rng.choices(values, weights, k=size)


def grow(db: Path, target: int, corpus: Corpus) -> int:
    """Copy article rows (new URLs) until ``target``, as benchmarks/export.py does, each
    copy moved by up to a few years, its author and first tag re-drawn, a place name
    appended to its title and a rare word to its standfirst. The FTS triggers index the
    copies; their versions are copied too."""
    rng = random.Random(11)
    conn = sqlite3.connect(db)
    cols = [r[1] for r in conn.execute("PRAGMA table_xinfo(articles)")
            if r[1] != "id" and r[6] == 0]
    authors = _weighted(corpus.authors, corpus.author_weights, 997, rng)
    tags = _weighted(corpus.tags, corpus.tag_weights, 997, rng)
    h = "(id * 2654435761 + ? * 40503)"  # a per-row, per-copy number
    new_tag = _pick(tags, h + " / 3")
    moved = (f"strftime('%Y-%m-%dT%H:%M:00+00:00', published, "
             f"'-' || ({h} % 1460) || ' days')")
    changes = {
        "url": "url || 'copy-' || ? || '/'",
        "canonical_url": "canonical_url || 'copy-' || ? || '/'",
        "title": f"title || ' in ' || {_pick(corpus.places, h)}",
        "standfirst": f"standfirst || ' ' || {_pick(corpus.rare, h + ' / 7')}",
        "authors": f"json_array({_pick(authors, h)})",
        "tags": f"CASE WHEN json_array_length(tags) > 0 AND NOT EXISTS (SELECT 1 FROM"
                f" json_each(tags) WHERE value = {new_tag}) THEN json_set(tags, '$[0]',"
                f" {new_tag}) ELSE tags END",
        "published": moved, "modified": moved,
    }
    names = ", ".join(f'"{c}"' for c in cols)
    picks = ", ".join(changes.get(c, f'"{c}"') for c in cols)
    count, copy = copy_articles(conn, target, names, picks)
    copy_versions(conn, copy)  # the copies' edit history
    with conn:  # one WARC capture per article, a crawl run per 10,000 articles
        conn.execute(
            "INSERT INTO captures (url, fetched_at, status, content_type, payload_digest,"
            " warc_filename, warc_offset, warc_length, record_type, run_id)"
            " SELECT url, coalesce(first_seen, '2025-01-10T10:00:00+00:00'), 200,"
            " 'text/html; charset=utf-8', 'sha1:' || hex(randomblob(20)),"
            " 'newscrawl-' || (id / 5000) || '.warc.gz', (id % 5000) * 9000, 9000,"
            " 'response', run_id FROM articles")
        for k in range(max(1, count // 10_000)):
            conn.execute(
                "INSERT INTO crawl_runs (started, finished, targets, settings, status, kind,"
                " pages_fetched, requests, articles_new, errors, duration_s)"
                " VALUES (?, ?, ?, '{}', 'finished', 'crawl', 10000, 10400, 10000, 0, 3600)",
                [f"2025-02-{k % 28 + 1:02d}T01:00:00+00:00",
                 f"2025-02-{k % 28 + 1:02d}T02:00:00+00:00", json.dumps([SITE + "/"])])
    conn.close()
    return count


def build(db: Path, articles: int, seed: int) -> None:
    corpus = Corpus()
    start = time.perf_counter()
    seed_archive(db, min(seed, articles), corpus)
    print(f"seeded {min(seed, articles):,} articles with the Store API in "
          f"{time.perf_counter() - start:.0f} s", flush=True)
    start = time.perf_counter()
    grow(db, articles, corpus)
    print(f"grew to {articles:,} articles in {time.perf_counter() - start:.0f} s", flush=True)


# --- the query mix ---------------------------------------------------------------------
def _common(conn: sqlite3.Connection, sql: str) -> str:
    row = conn.execute(sql).fetchone()
    return row[0] if row else ""


def query_mix(db: Path) -> list[tuple[str, str, str]]:
    """(page kind, label, path) of every request of one round, except article pages.
    The words and people come from the archive built above (the same on every run)."""
    corpus = Corpus()
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        author = _common(conn, "SELECT j.value FROM articles, json_each(authors) j"
                               " WHERE articles.id <= 5000 GROUP BY j.value ORDER BY count(*) DESC")
        other = _common(conn, "SELECT j.value FROM articles, json_each(authors) j"
                              " WHERE articles.id <= 5000 GROUP BY j.value ORDER BY count(*) DESC"
                              " LIMIT 1 OFFSET 20")
        tag = _common(conn, "SELECT j.value FROM articles, json_each(tags) j"
                            " WHERE articles.id <= 5000 GROUP BY j.value ORDER BY count(*) DESC")
        rare_tag = _common(conn, "SELECT j.value FROM articles, json_each(tags) j"
                                 " WHERE articles.id <= 5000 GROUP BY j.value ORDER BY count(*) DESC"
                                 " LIMIT 1 OFFSET 40")
    finally:
        conn.close()
    rare, place = corpus.rare[4321], corpus.places[123]
    search = [
        ("common word, ranked", {"q": "council"}),
        ("common word, by date", {"q": "council", "sort": "date"}),
        ("common word, page 5", {"q": "council", "page": "5"}),
        ("common word 2", {"q": "police"}),
        ("mid-frequency word", {"q": "lifeboat"}),
        ("rare word", {"q": rare}),
        ("place name", {"q": place}),
        ("phrase", {"q": '"town council"'}),
        ("phrase and word", {"q": '"high street" closure'}),
        ("prefix", {"q": "pol*"}),
        ("OR", {"q": "police OR fire"}),
        ("NOT", {"q": "council NOT budget"}),
        ("word + section", {"q": "council", "section": "Sport"}),
        ("word + author", {"q": "police", "author": author}),
        ("word + tag, by date", {"q": "council", "tag": tag, "sort": "date"}),
        ("word + date range", {"q": "police", "since": "2019", "until": "2020-06"}),
        ("word + section + since", {"q": "lifeboat", "section": "News", "since": "2021"}),
        ("section only, by date", {"section": "News", "sort": "date"}),
        ("author only", {"author": other}),
        ("tag + since", {"tag": rare_tag, "since": "2022"}),
    ]
    name = db.stem
    mix = [("home", "home", "/")]
    mix += [("search", label, "/-/search?" + urllib.parse.urlencode(p)) for label, p in search]
    mix += [
        ("trends", "one search", "/-/trends?q=council"),
        ("trends", "three searches", "/-/trends?" + urllib.parse.urlencode(
            [("q", "police"), ("q", "fire"), ("q", "pier")])),
        ("trends", "by section", "/-/trends?q=election&by=section"),
        ("table", "articles table", f"/{name}/articles"),
        ("table search", "articles table, _search", f"/{name}/articles?_search=police"),
        ("API search", "articles.json, _search", f"/{name}/articles.json?_search=police"),
    ]
    return mix


def article_ids(db: Path, n: int, rounds: int) -> list[list[int]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 1
    finally:
        conn.close()
    rng = random.Random(12)
    return [[rng.randint(1, top) for _ in range(n)] for _ in range(rounds + 1)]


# --- the server ------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`newscrawl serve --db DB --port PORT` as a user runs it, in a subprocess."""

    def __init__(self, db: Path, log: Path) -> None:
        self.db, self.log_path = db, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def __enter__(self) -> Server:
        for _ in range(3):  # a free port can be taken before the server binds it
            port = free_port()
            self.log = open(self.log_path, "wb")  # noqa: SIM115
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "newscrawl", "serve", "--db", str(self.db),
                 "--port", str(port)], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
            self.base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 600  # the first start may migrate the archive
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    with urllib.request.urlopen(self.base + "/-/versions.json", timeout=5):
                        return self
                except OSError:
                    time.sleep(0.3)
            self.__exit__()
        sys.exit(f"newscrawl serve did not start; see {self.log_path}:\n"
                 + self.log_path.read_text(errors="replace")[-3000:])

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def fetch(base: str, path: str) -> tuple[float, int, int]:
    """(milliseconds to the last byte, HTTP status, bytes) of one GET."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=120) as resp:
            body = resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return (time.perf_counter() - start) * 1000, status, len(body)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def run_mix(base: str, db: Path, rounds: int, article_pages: int) -> list[dict]:
    mix = query_mix(db)
    ids = article_ids(db, article_pages, rounds)
    warm = mix + [("article", "article", f"/-/article/{i}") for i in ids[0]]
    for _, _, path in warm:  # warm-up: every page once, untimed
        fetch(base, path)
    rng = random.Random(13)
    timings = []
    for r in range(rounds):
        batch = mix + [("article", "article", f"/-/article/{i}") for i in ids[r + 1]]
        rng.shuffle(batch)
        for kind, label, path in batch:
            ms, status, size = fetch(base, path)
            if status != 200:
                print(f"  {status} for {path}", file=sys.stderr)
            timings.append({"kind": kind, "label": label, "path": path, "ms": round(ms, 2),
                            "status": status, "bytes": size, "round": r + 1})
    return timings


def summarise(timings: list[dict], key: str) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for t in timings:
        groups.setdefault(t[key], []).append(t)
    out = []
    for name, rows in groups.items():
        ms = [t["ms"] for t in rows]
        p95 = percentile(ms, 95)
        out.append({key: name, "kind": rows[0]["kind"], "requests": len(ms),
                    "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1),
                    "max_ms": round(max(ms), 1), "ok": p95 <= TARGET_MS,
                    "errors": sum(t["status"] != 200 for t in rows)})
    return out


KIND_ORDER = ("home", "search", "article", "trends", "table", "table search", "API search")
NOT_TARGETS = {"API search"}  # not a page: printed for comparison


def print_table(rows: list[dict], key: str) -> None:
    head = "page kind" if key == "kind" else "request"
    print(f"\n| {head} | requests | median ms | p95 ms | max ms | p95 <= {TARGET_MS:.0f} ms |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        flag = "n/a (API)" if r.get("kind") in NOT_TARGETS else "yes" if r["ok"] else "NO"
        err = f" ({r['errors']} not 200)" if r["errors"] else ""
        print(f"| {r[key]} | {r['requests']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} |"
              f" {r['max_ms']:.0f} | {flag}{err} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3000,
                        help="articles written with the Store API before copying")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--article-pages", type=int, default=20,
                        help="random article pages per round")
    parser.add_argument("--keep", type=Path, default=None, help="keep the archive in DIR")
    parser.add_argument("--reuse", type=Path, default=None,
                        help="serve this archive (kept earlier) instead of building one")
    parser.add_argument("--json", type=Path, default=None, help="write every timing here")
    parser.add_argument("--detail", action="store_true", help="also a row per request")
    args = parser.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="newscrawl-serve-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.reuse:
            db = args.reuse.resolve()
            if not db.is_file():
                sys.exit(f"--reuse {db}: no such archive")
        else:
            db = work / f"news-{args.articles}.db"
            if db.exists():
                sys.exit(f"{db} exists: pass --reuse {db} to serve it again")
            build(db, args.articles, args.seed)
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        print(f"archive: {db} ({count:,} articles, {db.stat().st_size / 1e6:,.0f} MB); "
              f"{args.rounds} rounds, load average {os.getloadavg()[0]:.2f}", flush=True)
        with Server(db, work / "serve.log") as server:
            start = time.perf_counter()
            timings = run_mix(server.base, db, args.rounds, args.article_pages)
            seconds = time.perf_counter() - start
        kinds = sorted(summarise(timings, "kind"), key=lambda r: KIND_ORDER.index(r["kind"]))
        print(f"{len(timings)} timed requests in {seconds:.0f} s (after one warm-up round); "
              f"load average {os.getloadavg()[0]:.2f}")
        print_table(kinds, "kind")
        labels = summarise(timings, "label")
        if args.detail:
            labels.sort(key=lambda r: (KIND_ORDER.index(r["kind"]), -r["p95_ms"]))
            print_table(labels, "label")
        if args.json:
            args.json.write_text(json.dumps(
                {"articles": count, "rounds": args.rounds, "target_ms": TARGET_MS,
                 "by_kind": kinds, "by_request": labels, "timings": timings}, indent=1),
                encoding="utf-8")
        if any(r["errors"] for r in kinds):
            sys.exit("some requests did not answer 200 (see above)")
    finally:
        if args.keep is None and args.reuse is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

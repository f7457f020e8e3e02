"""Recrawl cost: requests of a recrawl against the first crawl's, on the replica site.

In one run: crawl the replica (N articles) into a fresh archive, recrawl the unchanged
site, then switch the replica to its "week later" state (edits, new articles, removals)
and recrawl again. Prints requests and 304s of each crawl, the ratios against the first
crawl (target: unchanged recrawl <= 10 %), versions written and articles gone.

    .venv/bin/python benchmarks/recrawl.py [--articles 300]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import crawl  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()

    from newscrawl.replica import ReplicaServer, ReplicaSite

    site = ReplicaSite(articles=args.articles)
    rows = []
    with ReplicaServer(site, host="127.0.0.1", port=0) as server, \
            tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.db"
        for label, state in (("first crawl", "initial"), ("unchanged recrawl", "initial"),
                             ("a week later", "later")):
            site.set_state(state)
            server.reset_log()
            seconds = crawl(server.base_url + "/", db)
            log = list(server.requests)
            conn = sqlite3.connect(db)
            versions = conn.execute("select count(*) from article_versions").fetchone()[0]
            gone = conn.execute("select count(*) from articles where status='gone'").fetchone()[0]
            run = conn.execute("select articles_new, articles_updated, articles_unchanged "
                               "from crawl_runs order by id desc limit 1").fetchone()
            conn.close()
            rows.append({
                "crawl": label, "requests": len(log),
                "not_modified": sum(e.status == 304 for e in log),
                "full_bodies": sum(e.status == 200 for e in log),
                "seconds": round(seconds, 1), "versions_total": versions, "gone_total": gone,
                "new": run[0], "updated": run[1], "unchanged": run[2],
            })
    first = rows[0]["requests"]
    print(f"replica with {args.articles} articles")
    print(f"{'crawl':<18} {'requests':>8} {'ratio':>6} {'304s':>5} {'200s':>5} {'new':>5} "
          f"{'upd':>4} {'same':>5} {'versions':>8} {'gone':>4}")
    for r in rows:
        print(f"{r['crawl']:<18} {r['requests']:>8} {r['requests'] / first:>6.1%} "
              f"{r['not_modified']:>5} {r['full_bodies']:>5} {r['new']:>5} {r['updated']:>4} "
              f"{r['unchanged']:>5} {r['versions_total']:>8} {r['gone_total']:>4}")
    print("target: unchanged recrawl <= 10% of the first crawl's requests, no new version")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()

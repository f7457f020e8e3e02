"""End to end without site profiles: the template learned from the crawl does their work.

Each test crawls a small replica (30 articles) over HTTP with ``NEWSCRAWL_PROFILES=off``
and compares the archive with the replica's ground truth.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from newscrawl.extract.template import SiteTemplate
from tests.conftest import FAST, run_cli
from tests.test_e2e_crawl import BOILERPLATE, compare, rows

pytestmark = pytest.mark.e2e

ARTICLES = 30
OFF = ["-s", "NEWSCRAWL_PROFILES=off"]


def crawl(tmp_path, theme: str, *extra: str) -> tuple[object, dict, object]:
    from newscrawl.replica import ReplicaServer, ReplicaSite

    db = tmp_path / f"{theme}.db"
    with ReplicaServer(ReplicaSite(articles=ARTICLES, theme=theme), host="127.0.0.1", port=0) as server:
        proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST, *OFF, *extra)
        assert proc.returncode == 0, proc.stderr[-3000:]
        truth = server.site.ground_truth(server.base_url)
    return db, truth, proc


@pytest.fixture(scope="module")
def pagebuilder2(tmp_path_factory) -> tuple[object, dict]:
    """One profile-free crawl of the pagebuilder2 replica, shared by the tests below."""
    db, truth, _proc = crawl(tmp_path_factory.mktemp("pb2"), "pagebuilder2")
    return db, truth


def stored_template(db) -> SiteTemplate:
    conn = sqlite3.connect(db)
    (raw,) = conn.execute("select template from site_templates").fetchone()
    conn.close()
    return SiteTemplate.from_json(raw)


@pytest.mark.parametrize("theme", ["classic", "builder"])
def test_profiles_off_matches_ground_truth(tmp_path, theme):
    db, truth, proc = crawl(tmp_path, theme)
    problems = compare(db, truth)
    assert not problems, "\n".join(problems[:40])
    tpl = stored_template(db)
    assert tpl.title_prefixes == ("Leigh On Sea News: ",) and tpl.excerpt_tail
    assert tpl.is_boilerplate("Read more.") and tpl.pages == len(truth)
    assert '"NEWSCRAWL_PROFILES": "off"' in sqlite3.connect(db).execute(
        "select settings from crawl_runs").fetchone()[0]


def test_pagebuilder2_profiles_off(pagebuilder2):
    from newscrawl.replica.pagebuilder2 import SUPPORT_BLURB

    db, truth = pagebuilder2
    got = rows(db)
    assert set(got) == set(truth)
    problems = []
    for url, want in truth.items():
        row = got[url]
        if row["title"] != want["title"]:
            problems.append(f"{url} title {row['title']!r} != {want['title']!r}")
        for field in ("standfirst", "wp_id", "image_url"):
            if row[field] != want[field]:
                problems.append(f"{url} {field} {row[field]!r} != {want[field]!r}")
        if json.loads(row["authors"]) != want["authors"]:
            problems.append(f"{url} authors {row['authors']}")
        body = row["body"] or ""
        if body != want["body"]:
            problems.append(f"{url} body differs")
        # The lines a no-JSON-LD variant of the real site leaked: none may stay.
        if body.startswith(want["title"]):
            problems.append(f"{url} body starts with the title line")
        for phrase in (*BOILERPLATE, "Advertisement", SUPPORT_BLURB[:40]):
            if phrase in body:
                problems.append(f"{url} body has {phrase!r}")
    assert not problems, "\n".join(problems[:40])
    # The "support us" blurb is a whole sentence inside the post content: only the learned
    # template removes it, also from the pages extracted before it was learned.
    assert stored_template(db).is_boilerplate(SUPPORT_BLURB)


def test_pagebuilder2_every_field(pagebuilder2):
    db, truth = pagebuilder2
    problems = compare(db, truth)
    assert not problems, "\n".join(problems[:40])
    # The co-written post's two one-line bios are learned as their authors' blocks.
    co_written = [t for t in truth.values() if len(t["authors"]) > 1]
    assert co_written
    tpl = stored_template(db)
    from newscrawl.replica.bank import AUTHORS

    bios = {name: bio for name, _slug, bio in AUTHORS}
    for name in co_written[0]["authors"]:
        assert tpl.is_boilerplate(bios[name]) and bios[name] not in co_written[0]["body"]


def test_reparse_learns_templates_from_the_archive(tmp_path):
    """A crawl without templates keeps the blurb; reparse learns the template from the
    captures (pass 1), stores it and re-extracts (pass 2), and reports the change."""
    from newscrawl.archive.reparse import reparse
    from newscrawl.replica.pagebuilder2 import SUPPORT_BLURB

    db, truth, _proc = crawl(tmp_path, "pagebuilder2", "-s", "NEWSCRAWL_SITE_TEMPLATE=False")
    before = rows(db)
    assert any(SUPPORT_BLURB in (r["body"] or "") for r in before.values())
    versions = sqlite3.connect(db).execute("select count(*) from article_versions").fetchone()[0]
    report = reparse(db, workers=1, progress=False, profiles=False)
    assert report.templates_learned and report.template_pages == len(truth)
    assert report.template_changes["body"] >= len(truth) - 1
    assert "site templates learned" in report.summary()
    after = rows(db)
    assert not any(SUPPORT_BLURB in (r["body"] or "") for r in after.values())
    assert stored_template(db).is_boilerplate(SUPPORT_BLURB)
    conn = sqlite3.connect(db)
    # Pass 2 amends pass 1's versions: one new version per changed article, not two.
    added = conn.execute("select count(*) from article_versions").fetchone()[0] - versions
    assert added == report.versions_added <= len(truth)
    # A second reparse finds the same template: one pass, nothing changes.
    again = reparse(db, workers=1, progress=False, profiles=False)
    assert again.changed == 0 and not again.templates_learned


def test_pages_extracted_with_the_final_template_are_not_remembered(tmp_path):
    """With the learner full after 12 pages, the pages extracted after that with the
    final template get no entry for the end-of-crawl re-extraction (the map stays
    bounded by the learner's quota), and the archive still matches the ground truth."""
    import re

    db, truth, proc = crawl(tmp_path, "classic", "-s", "NEWSCRAWL_SITE_TEMPLATE_PAGES=12")
    problems = compare(db, truth)
    assert not problems, "\n".join(problems[:40])
    stats = {k: int(v) for k, v in re.findall(r"'newscrawl/(template_\w+)': (\d+)", proc.stderr)}
    assert stats["template_final_pages"] > 0
    assert stats["template_final_pages"] + stats["template_entries"] == len(truth)
    assert stats["template_entries"] < len(truth)
    assert stats.get("template_reextracted", 0) <= stats["template_entries"]
    # Built from at most the learner's 12 pages (stored again only when its version
    # changed: a rebuild at 12 like the one at 10 leaves the row of 10).
    assert stored_template(db).pages <= 12

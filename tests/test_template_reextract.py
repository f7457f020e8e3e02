"""The end-of-crawl re-extraction skips a page only when the final template would extract
it alike (newscrawl/crawl/templates.py ``changed_blocks``/``unaffected``, fed by
``extract_worker.AskedTemplate``): checked by extracting real replica pages with both
templates, no Scrapy, no network."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newscrawl.crawl.extract_worker import AskedTemplate, block_hash, extract_asking
from newscrawl.crawl.templates import changed_blocks, unaffected
from newscrawl.extract import extract_article
from newscrawl.extract.decode import decode_html
from newscrawl.extract.template import SiteTemplate, TemplateLearner, norm_block

BASE = "http://127.0.0.1:8765"
HOST = "127.0.0.1:8765"


def replica_pages(theme: str, n: int) -> list[tuple[str, str]]:
    from newscrawl.replica import ReplicaSite

    site = ReplicaSite(articles=n, theme=theme)
    out = []
    for post in site.live_posts()[:n]:
        resp = site.render(f"/{post.slug}/", BASE)
        if resp.status == 200:
            out.append((f"{BASE}/{post.slug}/",
                        decode_html(resp.body, resp.headers["Content-Type"])))
    return out


def templates_as_learned(pages: list[tuple[str, str]], at: tuple[int, ...]) -> list[SiteTemplate]:
    """The templates a crawl's learner builds after ``at`` pages (distinct versions)."""
    learner = TemplateLearner()
    out: dict[str, SiteTemplate] = {}
    for n, (url, html) in enumerate(pages, 1):
        learner.add(HOST, extract_article(html, url, features=True).features)
        if n in at:
            built = learner.build(HOST)
            out.setdefault(built.version, built)
    return list(out.values())


def test_an_asked_template_extracts_as_the_template_does():
    pages = replica_pages("classic", 12)
    site = templates_as_learned(pages, (12,))[0]
    assert site.boilerplate
    for url, html in pages[:4]:
        article, asked = extract_asking(html, url, None, site)
        assert article.to_record() == extract_article(html, url, site=site).to_record()
        assert asked  # the blocks it was asked about
    article, asked = extract_asking(*reversed(pages[0]), None, None)
    assert asked is None and article.to_record() == extract_article(pages[0][1], pages[0][0]).to_record()


def test_reading_anything_else_of_the_template_makes_the_record_unusable():
    asked = AskedTemplate(SiteTemplate(host=HOST))
    asked.is_boilerplate("Read more.")
    assert asked.record()
    assert asked.content_areas == frozenset()  # accounted for: compared whole
    assert asked.record()
    assert asked.host == HOST  # not one of the reads the record accounts for
    assert asked.record() is None


def test_is_boilerplate_depends_only_on_the_block_sets():
    """What ``unaffected`` relies on: two templates that differ only in their block sets
    answer a text differently only when its block is one of the differing ones."""
    one = SiteTemplate(host=HOST, boilerplate=frozenset({norm_block("Read more."),
                                                         norm_block("12 Comments")}))
    two = replace(one, boilerplate=frozenset({norm_block("Read more.")}),
                  author_blocks=frozenset({norm_block("Jo writes about the pier.")}), version="")
    # The same author block, learned as Jo's, then as Jo's and Al's.
    three = replace(two, author_owners={norm_block("Jo writes about the pier."): frozenset({"jo roe"})},
                    version="")
    four = replace(three, author_owners={norm_block("Jo writes about the pier."): frozenset({"jo roe", "al doe"})},
                   version="")
    empty = SiteTemplate(host=HOST)
    texts = ["Read more.", " READ   more. ", "3 Comments", "12 comments", "Jo writes about the pier.",
             "jo writes about THE pier.", "", "x", "Another paragraph entirely.",
             "Read more." * 70, "Read more. " + "word " * 200]
    credits = [None, (), ("Jo Roe",), ("Al Doe",), ("Kim Li",)]
    pairs = [(one, two), (one, empty), (two, empty), (two, three), (three, four), (four, empty)]
    for a, b in pairs:
        changed = changed_blocks(a, b)
        assert changed is not None
        for text in texts:
            for authors in credits:
                if a.is_boilerplate(text, authors) != b.is_boilerplate(text, authors):
                    assert block_hash(norm_block(text)) in changed, (text, authors)
    # A different site name or title rule: every page is extracted again.
    assert changed_blocks(one, replace(one, title_prefixes=("Site: ",), version="")) is None
    assert changed_blocks(one, replace(one, site_name="Site", version="")) is None
    # Other trusted content areas: a short page may skip (or take) the second opinions.
    assert changed_blocks(one, replace(one, content_areas=frozenset({"div.entry-content"}),
                                       version="")) is None
    assert not unaffected(None, set())  # nothing noted: extract again


@pytest.mark.parametrize("theme", ["classic", "pagebuilder2"])
def test_a_page_the_change_does_not_touch_extracts_alike(theme):
    """Every page ``unaffected`` lets through comes out of the final template exactly as
    it came out of the older one; and the check lets some through and stops others."""
    pages = replica_pages(theme, 30)
    learned = templates_as_learned(pages, (5, 10, 15, 30))
    final = learned[-1]
    # A template that also counts one page's own paragraph as boilerplate: that page
    # (and only pages holding it) must be extracted again.
    body = extract_article(pages[3][1], pages[3][0], site=final).body
    paragraph = next(p for p in body.split("\n\n") if 40 < len(p) < 300)
    marked = replace(final, boilerplate=final.boilerplate | {norm_block(paragraph)}, version="")
    skipped = extracted_again = 0
    for old, new in [(t, final) for t in learned[:-1]] + [(final, marked), (marked, final)]:
        changed = changed_blocks(old, new)
        for url, html in pages:
            before, asked = extract_asking(html, url, None, old)
            after = extract_article(html, url, site=new).to_record()
            if unaffected(asked, changed):
                skipped += 1
                assert after == before.to_record(), (theme, url)
            else:
                extracted_again += 1
    assert skipped and extracted_again

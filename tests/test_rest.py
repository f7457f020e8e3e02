"""The WordPress REST API as the most authoritative source: parsing, merging, crawling."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newscrawl.extract.model import Article
from newscrawl.extract.rest import (
    RestMaps,
    media_captions,
    merge_rest,
    name_map,
    parse_posts,
)
from newscrawl.store import Store
from newscrawl.store.rest_facts import apply_rest_facts
from tests.conftest import FAST, run_cli
from tests.test_e2e_crawl import compare, rows

TZ = "Europe/London"


def wp_post(wp_id: int = 101, **over) -> dict:
    """A /wp/v2/posts entry as WordPress 6 sends it (naive local and GMT dates)."""
    post = {
        "id": wp_id, "date": "2024-06-12T10:14:31", "date_gmt": "2024-06-12T09:14:31",
        "modified": "2024-06-13T08:00:00", "modified_gmt": "2024-06-13T07:00:00",
        "slug": "pier-reopens", "link": "https://leigh-on-sea.news/pier-reopens/",
        "title": {"rendered": "Pier &#8216;reopens&#8217; &amp; <em>more</em>"},
        "excerpt": {"rendered": "<p>The pier is open again&nbsp;[&hellip;]</p>\n"},
        "author": 3, "categories": [2, 4], "tags": [100, 101], "featured_media": 55,
    }
    post.update(over)
    return post


def embedded() -> dict:
    return {
        "author": [{"id": 3, "name": "Jane Smith"}],
        "wp:featuredmedia": [{"id": 55, "caption": {"rendered": "<p>The pier at dusk. Photo: J. Smith</p>\n"}}],
        "wp:term": [
            [{"id": 2, "name": "News", "taxonomy": "category"},
             {"id": 4, "name": "Police &amp; Crime", "taxonomy": "category"}],
            [{"id": 100, "name": "Leigh Pier", "taxonomy": "post_tag"},
             {"id": 101, "name": "Old Leigh", "taxonomy": "post_tag"}],
        ],
    }


def page_article(**over) -> Article:
    """What the page said (JSON-LD dates in UTC, presented in London time)."""
    art = Article(
        url="https://leigh-on-sea.news/pier-reopens/", is_article=True, page_type="article",
        title="Pier ‘reopens’ & more", authors=["Jane Smith"],
        published="2024-06-12T10:14:31+01:00", modified="2024-06-13T08:00:00+01:00",
        section="Police & Crime", tags=["Old Leigh", "Leigh Pier"],
        image_caption="The pier at dusk. Photo: J. Smith", wp_id=101,
        sources={"published": "jsonld", "modified": "jsonld", "section": "jsonld",
                 "tags": "jsonld", "wp_id": "meta", "authors": "jsonld"},
    )
    for key, value in over.items():
        setattr(art, key, value)
    return art


def facts_of(**over) -> dict:
    post = parse_posts([{**wp_post(**over), "_embedded": embedded()}])[0]
    return post.facts()


# --- parsing ------------------------------------------------------------------------------

def test_parse_posts_with_embed():
    [post] = parse_posts([{**wp_post(), "_embedded": embedded()}])
    assert post.wp_id == 101
    assert post.published == "2024-06-12T09:14:31Z"
    assert post.modified == "2024-06-13T07:00:00Z"
    assert post.title == "Pier ‘reopens’ & more"
    assert post.excerpt == "The pier is open again […]"
    assert not post.needs_maps and not post.needs_caption
    facts = post.facts()
    assert facts["author"] == "Jane Smith"
    assert facts["categories"] == ["News", "Police & Crime"]
    assert facts["tags"] == ["Leigh Pier", "Old Leigh"]
    assert facts["image_caption"] == "The pier at dusk. Photo: J. Smith"
    assert json.loads(json.dumps(facts)) == facts


def test_parse_posts_without_embed_resolves_from_listings():
    [post] = parse_posts([wp_post()])
    assert post.needs_maps and post.needs_caption
    assert post.facts()["categories"] is None  # unknown, not "none"
    assert post.facts()["author"] is None
    maps = RestMaps(
        categories=name_map([{"id": 2, "name": "News"}, {"id": 4, "name": "Police &amp; Crime"}]),
        tags=name_map([{"id": 100, "name": "Leigh Pier"}, {"id": 101, "name": "Old Leigh"}]),
        users=name_map([{"id": 3, "name": "Jane Smith"}]),
        captions=media_captions([{"id": 55, "caption": {"rendered": "<p>A &amp; B</p>"}}]),
    )
    post.resolve(maps)
    facts = post.facts()
    assert facts["categories"] == ["News", "Police & Crime"]
    assert facts["author"] == "Jane Smith"
    assert facts["image_caption"] == "A & B"
    # A tag missing from the listing leaves the tag names unknown.
    [other] = parse_posts([wp_post(tags=[100, 999])])
    other.resolve(maps)
    assert other.facts()["tags"] is None


def test_parse_posts_is_tolerant():
    assert parse_posts({"code": "rest_forbidden"}) == []
    assert parse_posts(None) == []
    posts = parse_posts([
        "junk", {"id": 5}, {"link": "https://x/"},  # no link / no id: skipped
        {"id": "7", "link": "https://x/a/", "featured_media": 0, "date_gmt": None,
         "categories": "nope", "_embedded": {"author": [{"code": "rest_user_cannot_view"}]}},
    ])
    assert len(posts) == 1
    post = posts[0]
    assert post.wp_id == 7 and post.featured_media is None and post.published is None
    assert post.category_ids == [] and post.author is None and post.title == ""
    assert name_map("x") == {} and media_captions([{"caption": "x"}]) == {}


@pytest.mark.parametrize(("gmt", "london"), [
    ("2024-03-31T00:40:00", "2024-03-31T00:40:00+00:00"),  # just before the spring switch
    ("2024-03-31T02:10:00", "2024-03-31T03:10:00+01:00"),  # just after it
    ("2024-10-27T00:20:00", "2024-10-27T01:20:00+01:00"),  # first 01:20 of the repeated hour
    ("2024-10-27T01:45:00", "2024-10-27T01:45:00+00:00"),  # the repeated hour, in GMT
])
def test_gmt_dates_around_the_clock_changes(gmt, london):
    facts = parse_posts([wp_post(date_gmt=gmt, modified_gmt=gmt)])[0].facts()
    art = merge_rest(page_article(published=None, modified=None, sources={}), facts, TZ)
    assert art.published == london
    assert art.modified == london
    assert art.published_raw == gmt + "Z"
    assert art.sources["published"] == art.sources["modified"] == "rest"
    assert not art.problems


# --- merging ------------------------------------------------------------------------------

def test_merge_agreeing_page_sets_sources_without_problems():
    page = page_article()
    art = merge_rest(page, facts_of(), TZ)
    assert art.problems == []
    for name in ("wp_id", "published", "modified", "section", "tags", "image_caption"):
        assert art.sources[name] == "rest", name
    assert art.section == "Police & Crime"  # the page's primary, confirmed by REST
    assert art.tags == ["Old Leigh", "Leigh Pier"]  # same set: the page's order kept
    assert art.authors == ["Jane Smith"] and art.sources["authors"] == "jsonld"
    assert page.sources["published"] == "jsonld"  # the input is not modified


def test_merge_disagreement_is_a_problem_and_rest_wins():
    art = merge_rest(page_article(published="2024-06-12T09:14:31+01:00"), facts_of(), TZ)
    assert art.published == "2024-06-12T10:14:31+01:00"
    assert art.problems == [
        "rest/page disagree on published: 2024-06-12T10:14:31+01:00 vs 2024-06-12T09:14:31+01:00"
    ]


def test_merge_formatting_differences_are_not_problems():
    page = page_article(
        published="2024-06-12T09:14:31+00:00",  # same instant, other offset
        tags=["old leigh", "Leigh  Pier"], section="Police &amp; Crime",
        image_caption="The pier at dusk.  Photo: J. Smith", title="Pier 'reopens' & more",
    )
    art = merge_rest(page, facts_of(), TZ)
    assert art.problems == []
    assert art.published == "2024-06-12T10:14:31+01:00"


def test_merge_visible_dates_compared_at_their_precision():
    page = page_article(published="2024-06-12T10:14:00+01:00",
                        sources={"published": "visible"})
    assert merge_rest(page, facts_of(), TZ).problems == []
    note = "published: only the day was known (midnight local time assumed)"
    page = page_article(published="2024-06-12T00:00:00+01:00", sources={"published": "url"},
                        problems=[note])
    art = merge_rest(page, facts_of(), TZ)
    assert art.problems == []  # REST gave the time: the day-only note is gone too
    assert art.published == "2024-06-12T10:14:31+01:00"


def test_merge_section_skips_uncategorized_and_prefers_page_primary():
    facts = facts_of()
    facts["categories"] = ["Uncategorized", "Council", "News"]
    art = merge_rest(page_article(section=None), facts, TZ)
    assert art.section == "Council" and art.problems == []
    art = merge_rest(page_article(section="News"), facts, TZ)
    assert art.section == "News" and art.problems == []  # REST order is by id, not primacy
    art = merge_rest(page_article(section="Sport"), facts, TZ)
    assert art.section == "Council"
    assert art.problems == ["rest/page disagree on section: Council vs Sport"]
    facts["categories"] = ["Uncategorized"]
    assert merge_rest(page_article(section=None), facts, TZ).section == "Uncategorized"


def test_merge_unknown_names_leave_the_page_alone():
    facts = parse_posts([wp_post()])[0].facts()  # no _embedded, no listings
    art = merge_rest(page_article(), facts, TZ)
    assert art.section == "Police & Crime" and art.sources["section"] == "jsonld"
    assert art.tags == ["Old Leigh", "Leigh Pier"] and art.sources["tags"] == "jsonld"
    assert art.image_caption == "The pier at dusk. Photo: J. Smith"
    assert art.sources["published"] == "rest" and art.problems == []


def test_merge_tags_and_caption_disagreements():
    art = merge_rest(page_article(tags=["Sidebar Tag"], image_caption="Other"), facts_of(), TZ)
    assert art.tags == ["Leigh Pier", "Old Leigh"]
    assert art.image_caption == "The pier at dusk. Photo: J. Smith"
    assert "rest/page disagree on tags: Leigh Pier, Old Leigh vs Sidebar Tag" in art.problems
    assert "rest/page disagree on image_caption: The pier at dusk. Photo: J. Smith vs Other" in art.problems


def test_merge_authors():
    # Several bylines including the REST user: kept (co-author plugins).
    art = merge_rest(page_article(authors=["Jane Smith", "Tom Jones"]), facts_of(), TZ)
    assert art.authors == ["Jane Smith", "Tom Jones"] and art.problems == []
    # No byline on the page: the REST user.
    art = merge_rest(page_article(authors=[], problems=["no authors found"]), facts_of(), TZ)
    assert art.authors == ["Jane Smith"] and art.sources["authors"] == "rest"
    assert art.problems == []
    # A guest byline that is not the WordPress user: kept, difference recorded.
    art = merge_rest(page_article(authors=["Guest Writer"]), facts_of(), TZ)
    assert art.authors == ["Guest Writer"]
    assert art.problems == ["rest/page disagree on authors: Jane Smith vs Guest Writer"]


def test_merge_title_is_only_a_cross_check():
    art = merge_rest(page_article(title="Something else"), facts_of(), TZ)
    assert art.title == "Something else"
    assert art.problems == ["rest/page disagree on title: Pier ‘reopens’ & more vs Something else"]


def test_merge_ignores_modified_before_published_and_is_idempotent():
    facts = facts_of(modified_gmt="2024-06-01T00:00:00")  # scheduled post edited earlier
    art = merge_rest(page_article(modified=None), facts, TZ)
    assert art.modified is None
    assert art.problems == ["rest modified 2024-06-01T01:00:00+01:00 earlier than published: ignored"]
    once = merge_rest(page_article(published="2024-06-12T09:14:31+01:00"), facts_of(), TZ)
    twice = merge_rest(once, facts_of(), TZ)
    assert twice == once  # values from REST are not re-checked against themselves


def test_merge_wp_id_disagreement():
    art = merge_rest(page_article(wp_id=99), facts_of(), TZ)
    assert art.wp_id == 101
    assert art.problems == ["rest/page disagree on wp_id: 101 vs 99"]


# --- store --------------------------------------------------------------------------------

def test_store_rest_posts_and_apply_in_place(tmp_path):
    url = "https://leigh-on-sea.news/pier-reopens/"
    with Store(tmp_path / "a.db", commit_seconds=0) as store:
        assert store.rest_post(url) is None
        store.put_rest_post(url, 101, {"wp_id": 100})
        store.put_rest_post(url, 101, facts_of())  # replaced
        assert store.rest_post(url) == facts_of()
        assert apply_rest_facts(store, url, facts_of(), TZ, fetched_at="2024-07-01T00:00:00+00:00",
                                run_id=None) is False  # no article row yet
        store.save_article(page_article(standfirst="The pier is open again […]").to_record(),
                           fetched_at="2024-06-20T00:00:00+00:00", run_id=None)
        # Same values: the sources change in place, no new version.
        assert apply_rest_facts(store, url, facts_of(), TZ,
                                fetched_at="2024-07-01T00:00:00+00:00", run_id=None)
        row = store.article(url)
        assert json.loads(row["sources"])["section"] == "rest"
        assert row["version_count"] == 1 and row["last_seen"] == "2024-06-20T00:00:00+00:00"
        assert not apply_rest_facts(store, url, facts_of(), TZ,
                                    fetched_at="2024-07-02T00:00:00+00:00", run_id=None)
        # A REST change of content (a category moved) is a new version.
        moved = {**facts_of(), "categories": ["Council"]}
        assert apply_rest_facts(store, url, moved, TZ, fetched_at="2024-07-03T00:00:00+00:00",
                                run_id=None)
        assert store.article(url)["section"] == "Council"
        assert len(store.versions(url)) == 2
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("select wp_id from rest_posts").fetchall() == [(101,)]
    conn.close()


# --- crawls of the replica ----------------------------------------------------------------

REST_FIELDS = ("wp_id", "published", "modified", "section", "tags")


def _rest_errors(db) -> list:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select url, kind from errors where url like '%/wp-json/%'").fetchall()
    finally:
        conn.close()


@pytest.mark.e2e
def test_crawl_with_rest_api_matches_ground_truth(tmp_path):
    from newscrawl.replica import ReplicaServer, ReplicaSite

    site = ReplicaSite(rest_api=True)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "rest.db"
        proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST)
        assert proc.returncode == 0, proc.stderr[-3000:]
        truth = site.ground_truth(server.base_url)
        log = list(server.requests)
    problems = compare(db, truth)
    assert not problems, "\n".join(problems[:40])
    got = rows(db)
    # With the API on, posts without JSON-LD get their modified date from it.
    assert all(truth[u]["modified"] for u in truth)
    for url, row in got.items():
        sources = json.loads(row["sources"])
        for name in REST_FIELDS:
            assert sources.get(name) == "rest", (url, name, sources)
        assert row["status"] == truth[url]["status"], url
        if truth[url]["status"] == "live":  # the excerpt, auto-generated ones included
            assert sources.get("standfirst") == "rest", (url, sources)
        if truth[url]["image_caption"]:
            assert sources.get("image_caption") == "rest", url
        assert not [p for p in json.loads(row["problems"]) if p.startswith("rest")], url
    assert _rest_errors(db) == []
    assert "REST API not available" not in proc.stderr
    listing = [e.path for e in log if e.path.startswith("/wp-json/wp/v2/posts")]
    assert len(listing) == 1  # 48 posts: one page of 100
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from rest_posts").fetchone()[0] == len(truth)
    # Facts came before the pages: one version per article, nothing "updated".
    assert conn.execute("select count(*) from article_versions").fetchone()[0] == len(truth)
    conn.close()


@pytest.mark.e2e
def test_crawl_without_rest_api_uses_html_only(crawled_classic):
    proc = crawled_classic["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "REST API not available (401): using HTML only" in proc.stderr
    server = crawled_classic["server"]
    assert not compare(crawled_classic["db"], server.site.ground_truth(server.base_url))
    for url, row in rows(crawled_classic["db"]).items():
        assert "rest" not in json.loads(row["sources"]).values(), url
    assert _rest_errors(crawled_classic["db"]) == []
    wp_json = [e for e in crawled_classic["requests"] if e.path.startswith("/wp-json/")]
    assert len(wp_json) == 1 and wp_json[0].status == 401


@pytest.mark.e2e
def test_recrawl_with_rest_api_unchanged_then_a_week_later(tmp_path):
    from newscrawl.replica import ReplicaServer, ReplicaSite

    site = ReplicaSite(rest_api=True)
    with ReplicaServer(site, host="127.0.0.1", port=0) as server:
        db = tmp_path / "news.db"

        def crawl() -> None:
            proc = run_cli("crawl", server.base_url + "/", "--db", str(db), *FAST)
            assert proc.returncode == 0, proc.stderr[-3000:]

        crawl()
        first = len(server.requests)
        server.reset_log()
        crawl()
        # Unchanged: REST pages answer 304, no article page is fetched, no new version.
        assert len(server.requests) <= 0.10 * first, (len(server.requests), first)
        conn = sqlite3.connect(db)
        n = conn.execute("select count(*) from articles").fetchone()[0]
        assert conn.execute("select count(*) from article_versions").fetchone()[0] == n
        conn.close()

        site.set_state("later")
        truth = site.ground_truth(server.base_url)
        crawl()
    live = {u: r for u, r in rows(db).items() if r["status"] in ("live", "protected")}
    assert set(live) == set(truth)
    problems = [p for p in compare(db, truth) if "non-articles" not in p]  # the gone ones
    assert not problems, "\n".join(problems[:40])
    conn = sqlite3.connect(db)
    edited = conn.execute(
        "select url, group_concat(version) from article_versions group by url"
        " having count(*) > 1").fetchall()
    conn.close()
    assert len(edited) == len(site.roles()["edited"])
    assert all(v == "1,2" for _, v in edited)
    assert _rest_errors(db) == []


def test_with_stored_facts_for_rebuilt_records(tmp_path):
    from newscrawl.store.rest_facts import with_stored_facts

    record = page_article(section="Sport").to_record()
    with Store(tmp_path / "b.db", commit_seconds=0) as store:
        assert with_stored_facts(store, record) == record
        store.put_rest_post(record["url"], 101, facts_of())
        merged = with_stored_facts(store, record)
    assert merged["section"] == "News"  # the page's "Sport" is not among its categories
    assert json.loads(merged["sources"])["section"] == "rest"
    assert json.loads(merged["problems"]) == ["rest/page disagree on section: News vs Sport"]

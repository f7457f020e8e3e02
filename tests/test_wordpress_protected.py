"""WordPress specifics: password-protected posts and the REST excerpt as standfirst."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newscrawl.archive import archive_warc_dir
from newscrawl.extract import extract_article
from newscrawl.extract.model import Article
from newscrawl.extract.protected import PROBLEM, is_prompt, strip_protected_prefix
from newscrawl.extract.rest import excerpt_text, merge_rest, parse_posts
from newscrawl.store import Store
from tests.test_e2e_crawl import rows

URL = "https://example.org/council-budget-vote/"
PROMPT = "This content is password protected. To view it please enter your password below:"


def block_theme_page(*, protected: bool = True, body_class: bool = True, form_class: bool = True,
                     description: str | None = None, summary: str | None = None) -> str:
    """A post in a default block theme (no SEO plugin), as WordPress 6.1 prints it."""
    classes = "single single-post postid-77" + (" post-password-required" if protected and body_class else "")
    if protected:
        form_cls = ' class="post-password-form"' if form_class else ""
        content = (f'<form action="https://example.org/wp-login.php?action=postpass"{form_cls} method="post">'
                   f"<p>{PROMPT}</p><p><label for=\"pwbox-77\">Password: <input name=\"post_password\" "
                   'id="pwbox-77" type="password" size="20" /></label> <input type="submit" name="Submit" '
                   'value="Enter" /></p></form>')
        h1 = "Protected: Council budget vote"
    else:
        content = ("<p>Councillors voted on Tuesday night to freeze parking charges on the seafront "
                   "for another year, after a petition signed by 2,000 residents.</p>"
                   "<p>The decision will be reviewed in the spring, when the new budget is set.</p>")
        h1 = "Council budget vote"
    meta = f'<meta name="description" content="{description}">' if description else ""
    summ = f'<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">{summary}</p></div>' if summary else ""
    return (f'<!DOCTYPE html><html lang="en-GB"><head><title>Council budget vote &#8211; My Town News</title>{meta}'
            "<link rel='shortlink' href='https://example.org/?p=77' /></head>"
            f'<body class="{classes}"><header><p class="wp-block-site-title"><a href="/">My Town News</a></p></header>'
            '<main><h1 class="wp-block-post-title">' + h1 + '</h1>' + summ +
            '<div class="wp-block-post-author-name">Jane Smith</div>'
            '<div class="wp-block-post-date"><time datetime="2024-06-12T09:30:00+01:00">12 June 2024</time></div>'
            f'<div class="entry-content wp-block-post-content">{content}</div>'
            '<div class="taxonomy-category wp-block-post-terms"><a href="/category/council/" rel="tag">Council</a></div>'
            "</main></body></html>")


# --- detection (pure) ---------------------------------------------------------------------

@pytest.mark.parametrize("signal", ["body_class", "form_class", "postpass_action"])
def test_protected_post_detected_from_each_signal(signal):
    html = block_theme_page(body_class=signal == "body_class",
                            form_class=signal == "form_class")
    art = extract_article(html, URL)
    assert art.is_article and art.page_type == "protected"
    assert art.title == "Council budget vote"  # no "Protected: ", not the site name
    assert art.body == "" and art.body_html == "" and art.word_count == 0 and art.links == []
    assert art.standfirst is None
    assert art.published == "2024-06-12T09:30:00+01:00" and art.wp_id == 77
    assert PROBLEM in art.problems and "no body text found" not in art.problems
    assert art.to_record()["status"] == "protected"
    assert "password" not in json.dumps(art.to_record()["body"]).lower()


def test_public_post_is_not_protected():
    art = extract_article(block_theme_page(protected=False), URL)
    assert art.page_type == "article" and art.body.startswith("Councillors voted")
    assert art.to_record()["status"] == "live"


def test_prompt_and_no_excerpt_notice_are_never_the_standfirst():
    notice = "There is no excerpt because this is a protected post."
    art = extract_article(block_theme_page(description=notice), URL)
    assert art.standfirst is None and "standfirst" not in art.sources
    assert is_prompt(PROMPT) and is_prompt(notice) and not is_prompt("Councillors voted")
    assert strip_protected_prefix("Protected: A: B") == "A: B"
    assert strip_protected_prefix("Points of View: Parking") == "Points of View: Parking"


def test_standfirst_meta_then_visible_excerpt():
    page = block_theme_page(protected=False, summary="Parking charges frozen for a year.")
    art = extract_article(page, URL)
    assert (art.standfirst, art.sources["standfirst"]) == ("Parking charges frozen for a year.", "visible")
    with_meta = block_theme_page(protected=False, summary="Parking charges frozen for a year.",
                                 description="Seafront parking charges stay the same.")
    art = extract_article(with_meta, URL)
    assert (art.standfirst, art.sources["standfirst"]) == ("Seafront parking charges stay the same.", "meta")


# --- REST excerpt and protection (pure) ----------------------------------------------------

def rest_post(**over) -> dict:
    post = {"id": 77, "link": URL, "date_gmt": "2024-06-12T08:30:00",
            "title": {"rendered": "Council budget vote"},
            "content": {"rendered": "<p>Councillors voted…</p>", "protected": False},
            "excerpt": {"rendered": "<p>Parking charges frozen.</p>\n", "protected": False}}
    post.update(over)
    return post


def page(**over) -> Article:
    art = extract_article(block_theme_page(protected=False), URL)
    for key, value in over.items():
        setattr(art, key, value)
    return art


def test_excerpt_text_drops_theme_continue_reading_link():
    twenty = ('<p>Councillors voted on Tuesday night &hellip; <a href="https://example.org/x/" '
              'class="more-link">Continue reading<span class="screen-reader-text"> '
              '&#8220;Council budget vote&#8221;</span></a></p>\n')
    assert excerpt_text({"rendered": twenty}) == "Councillors voted on Tuesday night …"
    assert excerpt_text({"rendered": "<p>Two words [&hellip;]</p>\n"}) == "Two words […]"
    assert excerpt_text({"rendered": ""}) == "" and excerpt_text(None) == ""


def test_rest_excerpt_is_the_standfirst():
    [post] = parse_posts([rest_post()])
    merged = merge_rest(page(), post.facts())
    assert (merged.standfirst, merged.sources["standfirst"]) == ("Parking charges frozen.", "rest")


def test_auto_excerpt_tail_kept_unless_the_page_shows_the_whole_text():
    first = ("Councillors voted on Tuesday night to freeze parking charges on the seafront for "
             "another year, after a petition signed by 2,000 residents.")
    # The page's paragraph goes on after the cut: the excerpt stays as published.
    cut = " ".join(first.split()[:8])
    [post] = parse_posts([rest_post(excerpt={"rendered": f"<p>{cut} [&hellip;]</p>\n"})])
    assert merge_rest(page(), post.facts()).standfirst == cut + " […]"
    # The text without the tail is the page's whole first paragraph: the tail goes.
    [post] = parse_posts([rest_post(excerpt={"rendered": f"<p>{first} [&hellip;]</p>\n"})])
    merged = merge_rest(page(), post.facts())
    assert (merged.standfirst, merged.sources["standfirst"]) == (first, "rest")
    # Merging again (an archived row) gives the same.
    assert merge_rest(merged, post.facts()).standfirst == first


def test_rest_protected_marks_a_page_the_html_did_not():
    facts = parse_posts([rest_post(content={"rendered": "", "protected": True},
                                   excerpt={"rendered": "", "protected": True},
                                   title={"rendered": "Council budget vote"})])[0].facts()
    assert facts["protected"] is True and facts["excerpt"] == ""
    merged = merge_rest(page(title="Protected: Council budget vote"), facts)
    assert merged.page_type == "protected" and merged.body == "" and merged.title == "Council budget vote"
    assert merged.to_record()["status"] == "protected"
    assert not [p for p in merged.problems if p.startswith("rest/page disagree on title")]


# --- store: status and versions -------------------------------------------------------------

def test_store_protected_then_public_then_protected(tmp_path):
    public = page().to_record()
    locked = extract_article(block_theme_page(), URL).to_record()
    assert public["url"] == locked["url"] == URL
    with Store(tmp_path / "a.db", commit_seconds=0) as store:
        assert store.save_article(locked, fetched_at="2024-06-12T10:00:00+00:00", run_id=None) == "new"
        assert store.article(URL)["status"] == "protected"
        # An unchanged protected page (304) stays protected; it is still checked for removal.
        assert store.touch(URL, seen_at="2024-06-13T10:00:00+00:00")
        assert store.article(URL)["status"] == "protected"
        assert list(store.live_urls()) == [URL]
        # Made public: live, with its body, as a new version.
        assert store.save_article(public, fetched_at="2024-06-14T10:00:00+00:00", run_id=None) == "updated"
        row = store.article(URL)
        assert row["status"] == "live" and row["body"].startswith("Councillors") and row["version_count"] == 2
        # Protected again: earlier versions kept, status protected, body empty.
        assert store.save_article(locked, fetched_at="2024-06-15T10:00:00+00:00", run_id=None) == "updated"
        row = store.article(URL)
        assert row["status"] == "protected" and row["body"] == ""
        assert [v["body"] != "" for v in store.versions(URL)] == [False, True, False]
        # Gone is the store's verdict: a reparse (refresh) never undoes it.
        store.mark_gone(URL, seen_at="2024-06-16T10:00:00+00:00")
        store.refresh_article(locked, fetched_at="2024-06-15T10:00:00+00:00", run_id=None)
        assert store.article(URL)["status"] == "gone"
        # Back on the site unchanged (a 304): protected again, from its stored content.
        store.touch(URL, seen_at="2024-06-17T10:00:00+00:00")
        assert store.article(URL)["status"] == "protected"


def test_status_counts_protected(tmp_path):
    from newscrawl.status import archive_status, format_status

    db = tmp_path / "a.db"
    with Store(db, commit_seconds=0) as store:
        store.save_article(extract_article(block_theme_page(), URL).to_record(),
                           fetched_at="2024-06-12T10:00:00+00:00", run_id=None)
    st = archive_status(db, crontab="")
    assert st.totals["articles_protected"] == 1 and st.totals["articles_live"] == 0
    assert "1 password-protected" in format_status(st)


# --- crawls of the replica (HTML only: the shared classic crawl) --------------------------------

@pytest.mark.e2e
def test_crawl_html_only_detects_the_protected_post(crawled_classic):
    site = crawled_classic["server"].site
    truth = site.ground_truth(crawled_classic["server"].base_url)
    got = rows(crawled_classic["db"])
    [url] = [u for u, r in truth.items() if r["status"] == "protected"]
    row = got[url]
    assert row["status"] == "protected"
    assert row["title"] == truth[url]["title"] and not row["title"].startswith("Protected")
    assert row["body"] == "" and row["body_html"] == "" and row["standfirst"] is None
    assert json.loads(row["authors"]) == truth[url]["authors"] and row["published"] == truth[url]["published"]
    assert row["section"] == truth[url]["section"] and row["wp_id"] == truth[url]["wp_id"]
    assert PROBLEM in json.loads(row["problems"])
    for other in got.values():
        assert "password protected" not in (other["body"] or "").lower()
        assert "password protected" not in (other["standfirst"] or "").lower()
    statuses = {r["status"] for r in got.values()}
    assert statuses == {"live", "protected"}
    conn = sqlite3.connect(crawled_classic["db"])
    assert conn.execute("select count(*) from articles where status = 'protected'").fetchone()[0] == 1
    conn.close()


def test_reparse_and_rebuild_from_warc_keep_protected(tmp_path):
    import shutil

    from newscrawl.archive.reparse import reparse
    from tests.test_reparse import articles, content, crawl_into

    other = "https://example.org/parking-charges/"
    pages = {URL: (block_theme_page().encode(), "text/html; charset=UTF-8"),
             other: (block_theme_page(protected=False).replace(URL, other).encode(), "text/html; charset=UTF-8")}
    db = tmp_path / "data" / "news.db"
    crawl_into(db, pages, "2024-06-12T10:00:00+00:00")
    before = articles(db)
    assert before[URL]["status"] == "protected" and before[URL]["body"] == ""
    assert reparse(db, workers=1, progress=False).changed == 0
    assert articles(db) == before
    fresh = tmp_path / "rebuilt" / "news.db"
    fresh.parent.mkdir()
    shutil.copytree(archive_warc_dir(db), archive_warc_dir(fresh))
    reparse(fresh, workers=1, progress=False)
    after = articles(fresh)
    assert content(after) == content(before)
    assert {u: r["status"] for u, r in after.items()} == {u: r["status"] for u, r in before.items()}

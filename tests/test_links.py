"""Discovery links read from a parsed page (newscrawl.crawl.links)."""

from __future__ import annotations

import subprocess
import sys

import lxml.html

from newscrawl.crawl.links import is_download, page_links
from newscrawl.extract.urls import canonical_url, url_template


def links(html: str, base: str = "https://news.example/a/b/") -> list[tuple[str, bool]]:
    return list(page_links(lxml.html.fromstring(html), base))


def test_absolute_distinct_in_order_and_nofollow():
    got = links('<a href="/x/">1</a><a href="y">2</a><a href="/x/">dup</a>'
                '<a rel="nofollow ugc" href="https://other.example/z">3</a>')
    assert got == [("https://news.example/x/", False), ("https://news.example/a/b/y", False),
                   ("https://other.example/z", True)]


def test_schemes_fragments_and_unjoinable_hrefs_are_left_out():
    got = links('<a href="#top">t</a><a href="mailto:a@b.c">m</a><a href="javascript:void(0)">j</a>'
                '<a href="http://[broken/x">b</a><a href="/story/">s</a>')
    assert got == [("https://news.example/story/", False)]


def test_a_base_urllib_refuses_is_no_base():
    """A refused <base href> leaves the page's own URL as the base; a refused page URL
    joins nothing (no relative link is handed on as if it were absolute)."""
    page = '<head><base href="http://[bad/"></head><a href="/story/">s</a><a href="https://o.example/">o</a>'
    assert links(page) == [("https://news.example/story/", False), ("https://o.example/", False)]
    assert links('<a href="/story/">s</a>', base="http://[bad/") == []


def test_file_downloads_are_told_by_their_extension():
    got = links('<a href="/img/p.JPG">i</a><a href="/doc.pdf?dl=1">d</a><a href="/story/">s</a>')
    assert [url for url, _ in got if not is_download(url)] == ["https://news.example/story/"]
    assert is_download("https://news.example/a.tar.gz#x") and not is_download("https://n.example/pdf/")


def test_the_workers_read_links_without_importing_scrapy():
    code = ("import sys, newscrawl.crawl.extract_worker, newscrawl.crawl.links; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_link_elements_only_for_pagination_and_aliases_and_base_href():
    got = links('<head><base href="https://news.example/root/">'
                '<link rel="stylesheet" href="s.css"><link rel="next" href="page/2/">'
                '<link rel="alternate" type="application/rss+xml" href="feed/"></head>')
    assert got == [("https://news.example/root/page/2/", False)]


def test_canonical_url_collapses_tracking_fragments_and_slash_variants():
    a = canonical_url("HTTPS://News.Example:443/story?utm_source=x&fbclid=1#respond",
                      trailing_slash=True)
    assert a == canonical_url("https://news.example/story/") == "https://news.example/story/"
    assert canonical_url("https://news.example/?p=12&utm_medium=s") == "https://news.example/?p=12"
    assert canonical_url("https://news.example/img.png", trailing_slash=True).endswith(".png")


def test_url_template_groups_calendar_pages():
    assert url_template("https://h/events/?month=2024-01") == url_template(
        "https://h/events/?month=1999-12")

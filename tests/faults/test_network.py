"""Network faults (issue 9): a hostile site on loopback, crawled by real `newscrawl crawl`
processes. Each case asserts its outcome and that the site's ordinary articles are all
archived despite the fault. Unit tests of the pieces (scope, Retry-After, calendars) first.
"""

from __future__ import annotations

import resource
import time
from datetime import UTC, datetime

import pytest

from newscrawl.crawl.retry_after import retry_after_seconds
from newscrawl.crawl.traps import TrapGuard, calendar_key
from newscrawl.extract import extract_article
from newscrawl.extract.urls import host_key, same_site, site_hosts
from tests.faults.conftest import archived_urls, crawl_hostile, error_rows
from tests.faults.hostile import HostileServer, article_html

e2e = pytest.mark.e2e


def articles_of(site: HostileServer) -> set[str]:
    return {f"{site.base_url}/a/{n}/" for n in range(1, site.articles + 1)}


def errors_of(db, kind: str) -> list[dict]:
    return [row for row in error_rows(db) if row["kind"] == kind]


# --- units ---------------------------------------------------------------------------------

def test_scope_hosts_ports_schemes_and_aliases():
    hosts = site_hosts(["https://www.example.org/", "http://127.0.0.1:8080/"], ["example.net"])
    assert same_site("http://example.org/a/", hosts)  # http and https, www. and bare
    assert same_site("https://example.org:443/a/", hosts)  # the default port is no port
    assert same_site("https://www.example.net/a/", hosts)  # an alias
    assert same_site("http://127.0.0.1:8080/x", hosts)
    assert not same_site("http://127.0.0.1:8081/x", hosts)  # another port, another site
    assert not same_site("http://127.0.0.2:8080/x", hosts)
    assert not same_site("https://sub.example.org/", hosts)
    assert not same_site("javascript:alert(1)", hosts)
    assert host_key("example.org:8080") == "example.org:8080"


def test_retry_after_seconds_and_http_dates():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(b"3600") == 3600
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30
    # Measured from the response's Date header when it has one (clock skew does not count).
    assert retry_after_seconds("Thu, 01 Jan 2026 13:00:00 GMT",
                               "Thu, 01 Jan 2026 12:59:58 GMT", now=now) == 2
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize("url, key", [
    ("https://s.example/events/month/2024-05/", "/events"),
    ("https://s.example/events/2024-05-12/", "/events"),
    ("https://s.example/events/week/2024-W20/", "/events"),
    ("https://s.example/diary/?view=day&date=20240512", "/diary"),
    ("https://s.example/calendar/?month=5&year=2024", "/calendar"),
    ("https://s.example/2024/05/", "/"),
    ("https://s.example/2024/05/12/council-meets/", None),  # an article permalink
    ("https://s.example/news/page/3/", None),  # pagination has its own bound
    ("https://s.example/category/news/", None),
    ("https://s.example/?p=123", None),
])
def test_calendar_keys(url, key):
    assert calendar_key(url) == key


def test_a_calendar_never_seen_is_bounded_in_requests():
    guard = TrapGuard(calendar_limit=25)
    month = [f"https://s.example/events/month/{2000 + i // 12}-{i % 12 + 1:02d}/" for i in range(60)]
    days = [f"https://s.example/events/2024-05-{d:02d}/" for d in range(1, 29)]
    admitted = [u for u in month + days if guard.admit(u)]
    assert len(admitted) == 25
    assert guard.traps == {"/events"}
    # Articles are never held back, dated or not.
    assert guard.admit("https://s.example/2024/05/12/council-meets/")
    assert guard.admit("https://s.example/news/some-story/")


def test_non_http_canonicals_are_ignored():
    url = "https://s.example/a/1/"
    for canon in ("javascript:void(0)", "data:text/html,hello", "mailto:x@s.example"):
        art = extract_article(article_html(1, canonical=canon), url)
        assert art.canonical_url == url, canon
    art = extract_article(article_html(1, canonical="https://s.example/a/one/"), url)
    assert art.canonical_url == "https://s.example/a/one/"


# --- crawls of the hostile site ------------------------------------------------------------

@e2e
def test_redirect_to_another_host_is_recorded_not_followed(hostile, other_host, tmp_path):
    from newscrawl.store.read import iter_articles

    hostile.other_base = other_host.base_url
    hostile.offsite_links = True
    hostile.link("/off/9/")
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db)
    assert proc.returncode == 0, proc.stderr
    assert other_host.requests == []  # not its robots.txt, not its sitemaps, not the page
    assert archived_urls(db) == articles_of(hostile)
    for row in iter_articles(db):  # off-site links are kept as links, never requested
        n = row["url"].rstrip("/").rsplit("/", 1)[1]
        assert f"{other_host.base_url}/elsewhere/{n}/" in row["links"], row["links"]
    [row] = errors_of(db, "offsite_redirect")
    assert row["url"] == f"{hostile.base_url}/off/9/"
    assert "301" in row["message"] and f"{other_host.base_url}/a/9/" in row["message"]


@e2e
def test_a_start_url_moved_to_another_host_says_so(hostile, other_host, tmp_path):
    hostile.other_base = other_host.base_url
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db, start="/off/1/")
    assert other_host.requests == []
    assert "redirects to another host" in proc.stderr
    assert "NEWSCRAWL_HOST_ALIASES" in proc.stderr
    [row] = errors_of(db, "offsite_redirect")
    assert row["url"] == f"{hostile.base_url}/off/1/"
    assert not archived_urls(db)


@e2e
def test_an_alias_host_is_the_same_site(hostile, other_host, tmp_path):
    hostile.other_base = other_host.base_url
    hostile.link("/off/2/")
    db = tmp_path / "news.db"
    alias = other_host.base_url.split("//", 1)[1]
    proc = crawl_hostile(hostile, db, f"NEWSCRAWL_HOST_ALIASES={alias}")
    assert proc.returncode == 0, proc.stderr
    assert [h.path for h in other_host.hits("/a/")] == ["/a/2/"]
    assert f"{other_host.base_url}/a/2/" in archived_urls(db)
    assert articles_of(hostile) <= archived_urls(db)
    assert not errors_of(db, "offsite_redirect")


@e2e
def test_retry_after_pauses_the_host_in_fast_mode(hostile, tmp_path):
    """429 with Retry-After: 2 (seconds) and 503 with an HTTP date 2 s ahead: nothing is
    sent to the host until then, even with --fast; then the pages are fetched."""
    hostile.articles, hostile.articles_later = 3, True
    hostile.link("/ra/429/2/1/", "/ra/503/d2/2/", first=True)
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db)
    assert proc.returncode == 0, proc.stderr
    for path in ("/ra/429/2/1/", "/ra/503/d2/2/"):
        first, retry = hostile.hits(path)
        assert retry.at - first.at >= 1.9, path
    refused = min(h.at for h in hostile.hits("/ra/"))
    later = [h for h in hostile.requests if h.at > refused + 0.3]
    assert later and all(h.at >= refused + 1.9 for h in later)  # the articles waited too
    assert archived_urls(db) == articles_of(hostile) | {
        f"{hostile.base_url}/ra/429/2/1/", f"{hostile.base_url}/ra/503/d2/2/"}
    assert not errors_of(db, "rate_limited")


@e2e
def test_retry_after_beyond_the_cap_is_recorded_and_not_waited_for(hostile, tmp_path):
    hostile.link("/ra/429/3600/1/")
    db = tmp_path / "news.db"
    started = time.monotonic()
    proc = crawl_hostile(hostile, db)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 30
    assert len(hostile.hits("/ra/")) == 1  # asked once: left for the next run
    [row] = errors_of(db, "rate_limited")
    assert row["url"] == f"{hostile.base_url}/ra/429/3600/1/"
    assert "Retry-After: 3600" in row["message"] and "429" in row["message"]
    assert archived_urls(db) == articles_of(hostile)


@e2e
def test_retry_after_beyond_the_cap_in_polite_mode(hostile, tmp_path):
    """The default (polite) settings: still asked once, recorded, not waited for."""
    hostile.articles = 1
    hostile.link("/ra/503/3600/1/")
    db = tmp_path / "news.db"
    started = time.monotonic()
    proc = crawl_hostile(hostile, db, fast=False)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 40
    assert len(hostile.hits("/ra/")) == 1
    [row] = errors_of(db, "rate_limited")
    assert "Retry-After: 3600" in row["message"] and "503" in row["message"]
    assert archived_urls(db) == articles_of(hostile)


@e2e
def test_repeated_403_slows_the_host_down(hostile, tmp_path):
    hostile.articles, hostile.articles_later = 3, True
    hostile.link("/forbid/1/", "/forbid/2/", "/forbid/3/", first=True)
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db, "NEWSCRAWL_BACKOFF_DELAY=0.5",
                         "RANDOMIZE_DOWNLOAD_DELAY=False")
    assert proc.returncode == 0, proc.stderr
    times = sorted(h.at for h in hostile.hits("/a/"))
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(g >= 0.9 for g in gaps), gaps  # 0.5 s after the 2nd 403, 1 s after the 3rd
    assert archived_urls(db) == articles_of(hostile)
    assert len(errors_of(db, "http_403")) == 3


@e2e
def test_endless_calendars_never_seen_stop_within_50_requests(hostile, tmp_path):
    hostile.link("/events/month/2024-05/", "/diary/?view=month&date=20240501")
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db)
    assert proc.returncode == 0, proc.stderr
    events, diary = len(hostile.hits("/events/")), len(hostile.hits("/diary/"))
    assert 5 < events <= 50 and 5 < diary <= 50, (events, diary)
    assert archived_urls(db) == articles_of(hostile)


@e2e
def test_bombs_huge_and_endless_pages_are_cut_and_recorded(hostile, tmp_path):
    hostile.robots = "User-agent: *\nAllow: /\nSitemap: {base}/bomb-sitemap.xml\n"
    hostile.link("/bomb/gzip/", "/huge/", "/endless/")
    db = tmp_path / "news.db"
    started = time.monotonic()
    proc = crawl_hostile(hostile, db, "DOWNLOAD_TIMEOUT=3", "RETRY_TIMES=1")
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 40
    # The largest child process so far (every crawl of this suite): memory stayed bounded.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 600 * 1024
    assert hostile.hits("/bomb-sitemap.xml")
    assert archived_urls(db) == articles_of(hostile)
    kinds = {row["url"].removeprefix(hostile.base_url): row["kind"] for row in error_rows(db)}
    assert kinds == {"/bomb/gzip/": "too_large", "/huge/": "too_large", "/endless/": "timeout"}


@e2e
def test_wrong_encodings_binary_and_bad_canonicals_are_stored_sanely(hostile, tmp_path):
    from newscrawl.store.read import iter_articles

    hostile.link("/enc/cp1252/", "/enc/latin1/", "/enc/rot13/", "/enc/zlib/", "/binary/", "/canon/js/",
                 "/canon/data/", "/refresh/bad/")
    db = tmp_path / "news.db"
    proc = crawl_hostile(hostile, db)
    assert proc.returncode == 0, proc.stderr
    rows = {row["url"].removeprefix(hostile.base_url): row for row in iter_articles(db)}
    assert {f"/a/{n}/" for n in range(1, hostile.articles + 1)} <= set(rows)
    # Decoded as declared (as a browser does), never a crash or a NUL in the text ...
    assert rows["/enc/cp1252/"]["title"].startswith("Caf")
    # ... except UTF-8 bytes labelled latin-1, which read as the UTF-8 they are.
    assert rows["/enc/latin1/"]["title"] == "Naïve résumé – UTF-8 declared latin-1"
    # A declared codec no page can be in is passed over, as browsers pass over labels
    # they do not know (Scrapy's response.text raised, or decoded rot13).
    assert rows["/enc/rot13/"]["title"] == "Café society – declared in rot13"
    assert rows["/enc/zlib/"]["title"] == "Naïve zlib – declared in the header"
    # A meta refresh to a URL urllib refuses is no refresh (Scrapy's middleware raised).
    assert rows["/refresh/bad/"]["title"] == "Refresh to nowhere"
    assert all("\x00" not in (r["body"] or "") for r in rows.values())
    assert "/binary/" not in rows  # bytes that are not HTML are no article
    for path in ("/canon/js/", "/canon/data/"):  # the fetched URL, not javascript:/data:
        assert rows[path]["canonical_url"] == hostile.base_url + path
    assert not error_rows(db)

"""RecrawlPolicy on plain inputs: a fake store, no Scrapy, no network."""

from __future__ import annotations

from typing import Any

from newscrawl.crawl.recrawl import RecrawlPolicy


class FakeStore:
    """The Store reads RecrawlPolicy makes, from dicts."""

    def __init__(self, *, captured: set[str] = frozenset(), wp_ids: set[int] = frozenset(),
                 listings: dict[str, str] | None = None,
                 articles: dict[str, dict[str, Any]] | None = None,
                 fetched: dict[str, str] | None = None) -> None:
        self._captured, self._wp_ids = set(captured), set(wp_ids)
        self._listings, self._articles = listings or {}, articles or {}
        self._fetched = fetched or {}

    def captured(self, url: str) -> bool:
        return url in self._captured

    def has_wp_id(self, wp_id: int) -> bool:
        return wp_id in self._wp_ids

    def listing(self, url: str) -> str | None:
        return self._listings.get(url)

    def article(self, url: str) -> dict[str, Any] | None:
        return self._articles.get(url)

    def last_fetched(self, url: str) -> str | None:
        return self._fetched.get(url)


A = "https://news.example/2024/06/a/"


def test_known_only_in_a_recrawl():
    store = FakeStore(captured={A})
    assert RecrawlPolicy(store, full=False).known(A)
    assert not RecrawlPolicy(store, full=False).known(A + "x/")
    assert not RecrawlPolicy(store, full=True).known(A)  # a full walk fetches everything


def test_coverage_and_skip_link():
    policy = RecrawlPolicy(FakeStore(captured={A}), full=False)
    other = "https://news.example/2024/06/b/"
    assert not policy.covered(other) and not policy.skip_link(other)
    policy.cover(other)
    assert policy.covered(other) and policy.skip_link(other)
    assert policy.skip_link(A)  # archived: re-checked through sitemaps and the end check
    assert not RecrawlPolicy(FakeStore(captured={A}), full=True).skip_link(A)


def test_shortlinks_of_known_posts():
    policy = RecrawlPolicy(FakeStore(wp_ids={7}), full=False)
    assert policy.known_shortlink("https://news.example/?p=7")
    assert not policy.known_shortlink("https://news.example/?p=8")
    assert not policy.known_shortlink("https://news.example/page/?p=7")  # not a shortlink
    policy.cover(A, wp_id=8)  # stored this run
    assert policy.known_shortlink("https://news.example/?p=8")
    full = RecrawlPolicy(FakeStore(wp_ids={7}), full=True)
    assert not full.known_shortlink("https://news.example/?p=7")
    full.cover(A, wp_id=7)
    assert full.known_shortlink("https://news.example/?p=7")


def test_fresh_by_recorded_lastmod_first():
    store = FakeStore(listings={A: "2024-06-01T10:00:00+00:00"},
                      articles={A: {"modified": "2030-01-01T00:00:00+00:00"}})
    policy = RecrawlPolicy(store, full=False)
    assert policy.fresh(A, " 2024-06-01T10:00:00+00:00 ")  # same string, whatever the clocks
    assert not policy.fresh(A, "2024-06-01T10:00:01+00:00")


def test_fresh_by_article_dates_then_last_fetch():
    by_modified = FakeStore(articles={A: {"modified": "2024-06-01T12:00:00+01:00",
                                          "published": "2024-05-01T00:00:00+00:00"}})
    policy = RecrawlPolicy(by_modified, full=False)
    assert policy.fresh(A, "2024-06-01T11:00:00+00:00")  # same instant
    assert not policy.fresh(A, "2024-06-01T11:00:01+00:00")
    by_published = FakeStore(articles={A: {"modified": None, "published": "2024-05-01"}})
    assert RecrawlPolicy(by_published, full=False).fresh(A, "2024-04-30")
    by_fetch = FakeStore(fetched={A: "2024-06-02T00:00:00+00:00"})
    assert RecrawlPolicy(by_fetch, full=False).fresh(A, "2024-06-01T23:00:00Z")
    assert not RecrawlPolicy(by_fetch, full=False).fresh(A, "2024-06-03")
    assert not RecrawlPolicy(FakeStore(), full=False).fresh(A, "2024-06-01")  # nothing to compare
    assert not RecrawlPolicy(by_fetch, full=False).fresh(A, "not a date")


def test_rest_fresh():
    stored = {A: {"title": "t"}}
    facts = {"modified": "2024-06-01T10:00:00"}
    policy = RecrawlPolicy(FakeStore(articles=stored, fetched={A: "2024-06-02T00:00:00+00:00"}),
                           full=False)
    assert policy.rest_fresh(A, {"modified": "2024-06-01T10:00:00"}, facts)
    assert not policy.rest_fresh(A, {"modified": "2024-05-01T10:00:00"}, facts)
    assert policy.rest_fresh(A, None, facts)  # no earlier facts: modified vs the last fetch
    assert not policy.rest_fresh(A, None, {"modified": "2024-06-03T00:00:00"})
    assert not policy.rest_fresh(A, None, {})
    # Captured but never stored (a crawl killed in between): fetch it.
    assert not RecrawlPolicy(FakeStore(), full=False).rest_fresh(A, facts, facts)

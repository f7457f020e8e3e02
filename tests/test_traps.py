"""TrapGuard on plain URLs: no Scrapy, no network."""

from __future__ import annotations

from newscrawl.crawl.traps import TrapGuard


def test_articles_and_named_pages_always_expand():
    guard = TrapGuard(limit=1)
    for _ in range(5):
        assert guard.expand("https://s.example/2024/06/01/story/", is_article=True)
        assert guard.expand("https://s.example/about/", is_article=False)
        assert guard.expand("https://s.example/category/news/", is_article=False)
    assert not guard.traps


def test_a_family_stops_after_the_limit_and_is_reported_once():
    found: list[str] = []
    guard = TrapGuard(limit=3, on_trap=found.append)
    days = [f"https://s.example/events/?day=2024-06-{d:02d}" for d in range(1, 8)]
    assert [guard.expand(u, is_article=False) for u in days] == [True] * 3 + [False] * 4
    assert len(found) == 1 and guard.traps == set(found)
    # Another family has its own count.
    assert guard.expand("https://s.example/calendar/2024/06/", is_article=False)


def test_pagination_is_bounded_by_depth_not_counted():
    guard = TrapGuard(limit=1, max_pagination=10)
    assert all(guard.expand(f"https://s.example/news/page/{n}/", is_article=False)
               for n in range(1, 11))
    assert not guard.expand("https://s.example/news/page/11/", is_article=False)
    assert guard.expand("https://s.example/?paged=10", is_article=False)
    assert not guard.expand("https://s.example/?paged=11", is_article=False)
    assert not guard.traps

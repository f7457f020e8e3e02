"""The crawl's disk queue writes what Scrapy's writes, and reads it back alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.squeues import PickleFifoDiskQueue as ScrapyQueue
from scrapy.utils.test import get_crawler

from newscrawl.crawl.queues import PickleFifoDiskQueue


class _Spider(Spider):
    name = "q"

    def parse_page(self, response):  # type: ignore[no-untyped-def]
        return None

    def on_error(self, failure):  # type: ignore[no-untyped-def]
        return None


def test_same_records_as_scrapy(tmp_path: Path) -> None:
    crawler = get_crawler(_Spider)
    crawler.spider = _Spider()
    spider = crawler.spider
    requests = [Request("https://example.org/a", callback=spider.parse_page,
                        errback=spider.on_error, meta={"source": "link"}),
                Request("https://example.org/b", priority=3)]
    ours = PickleFifoDiskQueue(crawler, str(tmp_path / "ours"))
    theirs = ScrapyQueue(crawler, str(tmp_path / "theirs"))
    for request in requests:
        ours.push(request)
        theirs.push(request)
    for _ in requests:
        a, b = ours.pop(), theirs.pop()
        assert a.to_dict(spider=spider) == b.to_dict(spider=spider)
        assert a.callback == b.callback and a.errback == b.errback
    ours.close()
    theirs.close()


class _AliasSpider(_Spider):
    name = "aliases"
    zz_alias = _Spider.parse_page  # the same function under a later name


def test_names_found_as_scrapy_finds_them(tmp_path: Path) -> None:
    # Aliases: Scrapy names the first in sorted order. A callback that is not a method of
    # the spider: Scrapy's own error.
    crawler = get_crawler(_AliasSpider)
    crawler.spider = spider = _AliasSpider()
    ours = PickleFifoDiskQueue(crawler, str(tmp_path / "ours"))
    request = Request("https://example.org/a", callback=spider.zz_alias, errback=spider.on_error)
    record = request.to_dict(spider=ours._named(request))
    assert record == request.to_dict(spider=spider)
    assert (record["callback"], record["errback"]) == ("parse_page", "on_error")
    with pytest.raises(ValueError, match="not an instance method"):
        ours.push(Request("https://example.org/b", callback=lambda r: None))
    ours.close()


def test_an_emptied_queue_keeps_its_folder_and_a_new_one_there_starts_empty(tmp_path: Path) -> None:
    crawler = get_crawler(_Spider)
    crawler.spider = spider = _Spider()
    path = tmp_path / "q" / "-1"
    first = PickleFifoDiskQueue(crawler, str(path))
    first.push(Request("https://example.org/a", callback=spider.parse_page))
    assert first.pop().url == "https://example.org/a"
    first.close()
    assert path.is_dir() and not list(path.iterdir())
    again = PickleFifoDiskQueue(crawler, str(path))
    assert len(again) == 0 and again.pop() is None
    again.push(Request("https://example.org/b", callback=spider.parse_page))
    assert [again.pop().url, again.pop()] == ["https://example.org/b", None]
    again.push(Request("https://example.org/c", callback=spider.parse_page))
    again.close()  # not empty: saved as queuelib saves it
    kept = PickleFifoDiskQueue(crawler, str(path))
    assert len(kept) == 1 and kept.pop().url == "https://example.org/c"
    kept.close()

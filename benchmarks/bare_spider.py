"""Baseline for benchmarks/crawl.py: a bare Scrapy spider that follows same-host links and
parses nothing. Run with `scrapy runspider benchmarks/bare_spider.py -a url=...`."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.linkextractors import LinkExtractor


class BareSpider(Spider):
    name = "bare"

    def __init__(self, url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = url
        self.host = urlsplit(url).netloc
        self.links = LinkExtractor()

    async def start(self):
        yield Request(self.start_url)

    def parse(self, response):
        if not hasattr(response, "text"):
            return
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc == self.host:
                yield Request(link.url)

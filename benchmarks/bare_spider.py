"""Baseline for benchmarks/crawl.py: a bare Scrapy spider that fetches a site and follows
its same-host links, and does nothing else (no extraction, no archive, no database).

Links are the page's ``a/@href``s read with Scrapy's own selector (one XPath query on the
tree Scrapy parses anyway), joined to the page URL, and requested once each: a set of
the URLs already requested drops the rest before a Request is made (a news page links
to a few hundred URLs, nearly all seen before, and making a Request and fingerprinting
it for Scrapy's duplicate filter costs more per link than the check). Scrapy's
``LinkExtractor`` is not used either: it costs more than fetching the page (it tests
every link against ~90 file extensions and canonicalises it), and a baseline measures
how fast Scrapy fetches. Run with
``scrapy runspider benchmarks/bare_spider.py -a url=...``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.http import TextResponse


class BareSpider(Spider):
    name = "bare"

    def __init__(self, url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = url
        self.host = urlsplit(url).netloc
        self.seen: set[str] = {url}

    async def start(self):
        yield Request(self.start_url)

    def parse(self, response):
        if not isinstance(response, TextResponse):
            return
        base = response.url
        for href in response.xpath("//a/@href").getall():
            url = urljoin(base, href.strip()).partition("#")[0]
            if url not in self.seen and urlsplit(url).netloc == self.host:
                self.seen.add(url)
                yield Request(url)

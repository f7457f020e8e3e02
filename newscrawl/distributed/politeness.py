"""Politeness across workers: one shared minimum interval between requests to a host.

Scrapy's delays and per-domain concurrency are per process, so N workers would hit a
host N times as often. Here every request, just before it goes on the wire, reserves the
host's next free moment in Redis (``HOST_GATE``: one atomic script, the clock is Redis's
``TIME`` so workers on machines with skewed clocks agree) and waits for it: requests to
one host, from all workers together, are at least ``NEWSCRAWL_HOST_INTERVAL`` seconds
apart (default: ``DOWNLOAD_DELAY``). Reservations are first come, first served, and a
worker that dies after reserving only leaves a gap.

The wait happens in the download handler, after Scrapy's own slot (its per-process delay,
AutoThrottle and concurrency) has let the request go, so nothing can bunch requests up
after the reservation. robots.txt and the REST listing are fetched through the same
handler and count too. The host is ``newscrawl.extract.urls.host_key`` (host and port).
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.distributed.state import Keys, connect
from newscrawl.extract.urls import host_key

HOST_GATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = now
if nxt > now then at = nxt end
local ttl = math.floor((at + interval - now) / 1000) + 60000
redis.call('SET', KEYS[1], string.format('%.0f', at + interval), 'PX', ttl)
return at - now
"""


class HostGate:
    """Reserve each host's next fetch time in Redis (see the module docstring)."""

    def __init__(self, client: Any, keys: Keys, interval: float) -> None:
        self.client = client
        self.keys = keys
        self.interval_us = max(0, int(interval * 1_000_000))
        self._script = client.register_script(HOST_GATE)

    def reserve(self, url: str) -> float:
        """Seconds to wait before fetching ``url`` (0: now). Always 0 with no interval."""
        if not self.interval_us:
            return 0.0
        waited = self._script(keys=[self.keys.host(host_key(url))], args=[self.interval_us])
        return max(0, int(waited)) / 1_000_000


class GatedDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, each request first waiting for its host's turn."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        interval = settings.get("NEWSCRAWL_HOST_INTERVAL")
        interval = settings.getfloat("DOWNLOAD_DELAY") if interval in (None, "") else float(interval)
        self.stats = crawler.stats
        self.gate = HostGate(connect(settings.get("REDIS_URL")),
                             Keys(settings.get("NEWSCRAWL_REDIS_PREFIX")), interval)

    async def download_request(self, request: Any) -> Any:
        wait = self.gate.reserve(request.url)
        if wait > 0:
            from twisted.internet import reactor
            from twisted.internet.task import deferLater

            self.stats.inc_value("newscrawl/host_gate_waits")
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return await super().download_request(request)

"""Politeness across workers: one shared minimum interval between requests to a host.

Scrapy's delays and per-domain concurrency are per process, so N workers would hit a
host N times as often. Here every request, just before it goes on the wire, takes the
host's turn in Redis, in two atomic steps (one Lua script; the clock is Redis's ``TIME``,
so workers on machines with skewed clocks agree):

1. *reserve* the host's next free moment (first come, first served) and sleep until it,
   so the requests waiting for a host are spread out instead of all polling;
2. *confirm* at that moment: go only if no request to the host was confirmed in the
   last ``NEWSCRAWL_HOST_INTERVAL`` seconds (default: ``DOWNLOAD_DELAY``; a host of
   ``NEWSCRAWL_HOST_INTERVALS``, host -> seconds, has its own: a sites file's ``delay``),
   else sleep the rest and confirm again. A worker whose reactor woke late therefore cannot send
   right behind another worker's punctual request: confirmed requests to one host, from
   all workers together, are at least the interval apart.

The wait happens in the download handler, after Scrapy's own slot (its per-process delay,
AutoThrottle and concurrency) has let the request go, so nothing can bunch requests up
after the turn is taken. robots.txt and the REST listing go through the same handler and
count too. The host is ``newscrawl.extract.urls.host_key`` (host and port). A worker that
dies while holding a reservation only leaves a gap.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.crawl.session import CrawlSession
from newscrawl.distributed.lifecycle import HOST_REQUESTS
from newscrawl.distributed.state import Keys, connect
from newscrawl.extract.urls import host_key

# KEYS[1]: the host's next free moment, KEYS[2]: its last confirmed request (µs, Redis
# clock); ARGV[1]: the interval (µs), ARGV[2]: 'reserve' or 'confirm'.
# reserve -> {µs to wait, the reserved moment}; confirm -> {µs still to wait (0: go), now}.
HOST_GATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
if ARGV[2] == 'confirm' then
  local last = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now < last + interval then return {last + interval - now, string.format('%.0f', now)} end
  redis.call('SET', KEYS[2], string.format('%.0f', now), 'PX', math.floor(interval / 1000) + 60000)
  return {0, string.format('%.0f', now)}
end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = now
if nxt > now then at = nxt end
local ttl = math.floor((at + interval - now) / 1000) + 60000
redis.call('SET', KEYS[1], string.format('%.0f', at + interval), 'PX', ttl)
return {at - now, string.format('%.0f', at)}
"""


class HostGate:
    """Each host's turn, shared in Redis (see the module docstring)."""

    def __init__(self, client: Any, keys: Keys, interval: float,
                 intervals: dict[str, float] | None = None) -> None:
        self.client = client
        self.keys = keys
        self.interval_us = max(0, int(interval * 1_000_000))
        # hosts with an interval of their own (host_key -> seconds)
        self.intervals_us = {host_key(h): max(0, int(float(v) * 1_000_000))
                             for h, v in (intervals or {}).items()}
        self._script = client.register_script(HOST_GATE)

    def interval_of(self, url: str) -> int:
        """The least time between two requests to ``url``'s host, in µs."""
        return self.intervals_us.get(host_key(url), self.interval_us)

    def _call(self, url: str, mode: str) -> tuple[float, float]:
        key = self.keys.host(host_key(url))
        wait, at = self._script(keys=[key, key + ":sent"], args=[self.interval_of(url), mode])
        return max(0, int(wait)) / 1_000_000, int(at) / 1_000_000

    def reserve(self, url: str) -> tuple[float, float]:
        """(seconds to wait, the reserved moment in Redis's clock, epoch seconds)."""
        return self._call(url, "reserve") if self.interval_of(url) else (0.0, 0.0)

    def confirm(self, url: str) -> tuple[float, float]:
        """(0, now) when ``url`` may be fetched now, which is recorded as the host's last
        request; else (seconds still to wait, now)."""
        return self._call(url, "confirm") if self.interval_of(url) else (0.0, 0.0)

    async def turn(self, url: str) -> int:
        """Wait for the host's turn (see the module docstring); how many sleeps it took.
        Redis errors are retried for a few seconds, then raised."""
        if not self.interval_of(url):
            return 0
        sleeps = 0
        wait = await self._retried(self.reserve, url)
        while True:
            if wait > 0:
                sleeps += 1
                await _sleep(wait)
            wait = await self._retried(self.confirm, url)
            if not wait:
                return sleeps

    @staticmethod
    async def _retried(step: Any, url: str, attempts: int = 5) -> float:
        import redis

        for attempt in range(attempts):
            try:
                return step(url)[0]
            except redis.RedisError:
                if attempt == attempts - 1:
                    raise
                await _sleep(0.2 * 2 ** attempt)
        raise AssertionError("unreachable")


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class GatedDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, each request first waiting for its host's turn."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        interval = settings.get("NEWSCRAWL_HOST_INTERVAL")
        interval = settings.getfloat("DOWNLOAD_DELAY") if interval in (None, "") else float(interval)
        self.crawler = crawler
        self.stats = crawler.stats
        intervals = settings.getdict("NEWSCRAWL_HOST_INTERVALS") \
            if settings.get("NEWSCRAWL_HOST_INTERVALS") else {}
        self.gate = HostGate(connect(settings.get("REDIS_URL")),
                             Keys(settings.get("NEWSCRAWL_REDIS_PREFIX")), interval, intervals)

    async def download_request(self, request: Any) -> Any:
        import redis

        try:
            waited = await self.gate.turn(request.url)
        except redis.RedisError as exc:
            # Not the page's fault: stop the worker; its leases go back to the frontier.
            session = self.crawler.get_extension(CrawlSession)
            if session is not None:
                session.fail(f"cannot take turns in Redis: {exc!r}")
            raise IgnoreRequest(f"no turn for {request.url}: Redis unreachable") from exc
        if waited:
            self.stats.inc_value("newscrawl/host_gate_waits")
        self.stats.inc_value(HOST_REQUESTS + host_key(request.url))  # the writer's per-site figures
        return await super().download_request(request)

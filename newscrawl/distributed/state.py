"""Crawl-wide state in Redis: the key names, the connection, the atomic scripts, and the
coordination of workers (registry, heartbeats, leases of dead workers, seeding, the end).

Every key of one crawl starts with its prefix (``--prefix``, default ``newscrawl``), so
several crawls can share one Redis. Liveness is a heartbeat key per worker with a TTL
(``SET ... PX``), refreshed every third of it: a worker whose key expired is dead, and
the requests it had taken from the frontier (its lease set) go back to the frontier.
Every multi-key decision is one Lua script, so two workers can never both take the same
dead worker's leases, or both become the seeder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_ENV = "NEWSCRAWL_REDIS_URL"
DEFAULT_PREFIX = "newscrawl"
# No ':' (a prefix must not be the start of another crawl's keys) and no glob characters.
_PREFIX_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class RedisUnavailable(Exception):
    """Redis cannot be reached (or answered with an error) at start-up."""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one distributed crawl."""

    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        if not _PREFIX_RE.match(self.prefix):
            raise ValueError(f"prefix {self.prefix!r}: 1-64 letters, digits and _ . - only")

    def _k(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    # scrapy-redis: the frontier (sorted set, PriorityQueue) and the seen-set (set)
    @property
    def requests(self) -> str:
        return self._k("requests")

    @property
    def dupefilter(self) -> str:
        return self._k("dupefilter")

    # workers
    @property
    def workers(self) -> str:
        return self._k("workers")  # set of worker ids

    def heartbeat(self, worker: str) -> str:
        return self._k(f"worker:{worker}")  # expires when the worker stops beating

    @property
    def heartbeat_prefix(self) -> str:
        return self._k("worker:")

    def inflight(self, worker: str) -> str:
        return self._k(f"inflight:{worker}")  # the worker's leases (sorted set, as the frontier)

    @property
    def seeder(self) -> str:
        return self._k("seeder")  # the worker reading the sites' seeds and REST listing

    @property
    def seeded(self) -> str:
        return self._k("seeded")  # set once every seed is in the frontier

    @property
    def done(self) -> str:
        return self._k("done")  # set by a worker that saw the frontier empty long enough

    @property
    def sites(self) -> str:
        return self._k("sites")  # the start URLs (set), for the crawl_runs rows

    @property
    def site_names(self) -> str:
        return self._k("site-names")  # hash: host (host_key) -> the site it belongs to

    @property
    def settings(self) -> str:
        return self._k("settings")  # the first worker's recorded settings (JSON)

    @property
    def rest(self) -> str:
        return self._k("rest")  # hash: canonical URL -> REST facts (JSON), for every worker

    def host(self, host: str) -> str:
        return self._k(f"host:{host}")  # the next free fetch time of a host (µs)

    @property
    def counters(self) -> str:
        return self._k("counters")  # hash: captures archived, requests the workers sent

    # the stream and the writer
    @property
    def stream(self) -> str:
        return self._k("stream")

    @property
    def group(self) -> str:
        return "writers"  # the stream's consumer group

    @property
    def writer(self) -> str:
        return self._k("writer")  # the running writer's id (expires)

    @property
    def runs(self) -> str:
        # hash: "archive" -> the archive's id, "site:<name>" -> that site's crawl_runs id
        return self._k("runs")

    @property
    def stored(self) -> str:
        return self._k("stored")  # hash: article URL -> {fetched, template} archived

    @property
    def errors(self) -> str:
        return self._k("errors")  # set: the errors archived ([url, kind, at] as JSON)

    def features(self, host: str) -> str:
        return self._k(f"features:{host}")  # hash: article URL -> page features (JSON)

    @property
    def pattern(self) -> str:
        return self._k("*")


def redis_url(url: str | None) -> str:
    """The Redis URL to use: ``url``, else $NEWSCRAWL_REDIS_URL, else the local default."""
    return url or os.environ.get(REDIS_ENV) or DEFAULT_REDIS_URL


def safe_url(url: str) -> str:
    """A Redis URL without its password, for logs and the crawl_runs row."""
    return re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)


def connect(url: str) -> Any:
    """A redis-py client for ``url``, checked with PING (RedisUnavailable if not)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=60,
                                      health_check_interval=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"cannot use Redis at {safe_url(url)}: {exc}") from exc
    return client


def new_worker_id() -> str:
    """A worker id unique across machines and restarts: host, pid, random."""
    return f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"


# --- atomic scripts ---------------------------------------------------------------------

# Take the best request of the frontier and hold it in the worker's lease set, atomically:
# a request is always in exactly one of the two (scrapy-redis pops destructively).
POP_LEASE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if r[1] == nil then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('ZADD', KEYS[2], r[2], r[1])
return r
"""

# Give a worker's leases back to the frontier and forget the worker. ARGV[2] == '1': only
# if its heartbeat has expired (returns -1 when it is alive after all).
RELEASE = """
if ARGV[2] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local items = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #items, 2 do redis.call('ZADD', KEYS[1], items[i + 1], items[i]) end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return #items / 2
"""

# Become the seeder unless seeding is done or a live worker holds it.
CLAIM_SEEDING = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then return 1 end
if owner and redis.call('EXISTS', ARGV[2] .. owner) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
"""


class Coordinator:
    """One worker's view of the crawl-wide state (see the module docstring)."""

    def __init__(self, client: Any, keys: Keys, worker_id: str, *, heartbeat: float = 10.0) -> None:
        self.client = client
        self.keys = keys
        self.worker_id = worker_id
        self.heartbeat_ms = max(1000, int(heartbeat * 1000))
        self._pop = client.register_script(POP_LEASE)
        self._release = client.register_script(RELEASE)
        self._claim = client.register_script(CLAIM_SEEDING)

    @property
    def inflight_key(self) -> str:
        return self.keys.inflight(self.worker_id)

    # --- registry and liveness -------------------------------------------------------
    def register(self, sites: list[str], settings: dict[str, Any],
                 names: dict[str, str] | None = None) -> None:
        """Join the crawl: heartbeat first (a registered worker without one is dead).
        ``sites``: the start URLs; ``names``: host -> the site it belongs to (the first
        worker to name a host names it for the crawl)."""
        self.beat()
        pipe = self.client.pipeline()
        pipe.sadd(self.keys.workers, self.worker_id)
        if sites:
            pipe.sadd(self.keys.sites, *sites)
        for host, name in sorted((names or {}).items()):
            pipe.hsetnx(self.keys.site_names, host, name)
        pipe.set(self.keys.settings, json.dumps(settings, sort_keys=True, default=str), nx=True)
        pipe.execute()

    def beat(self) -> None:
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()})
        self.client.set(self.keys.heartbeat(self.worker_id), info, px=self.heartbeat_ms)

    def live_workers(self) -> list[str]:
        workers = sorted(w.decode() for w in self.client.smembers(self.keys.workers))
        if not workers:
            return []
        pipe = self.client.pipeline()
        for worker in workers:
            pipe.exists(self.keys.heartbeat(worker))
        return [w for w, alive in zip(workers, pipe.execute(), strict=True) if alive]

    def reclaim_dead(self) -> int:
        """Requeue the leases of every registered worker whose heartbeat expired; the
        number of requests given back."""
        total = 0
        for raw in self.client.smembers(self.keys.workers):
            worker = raw.decode()
            if worker == self.worker_id:
                continue
            n = release(self.client, self.keys, worker, only_if_dead=True, script=self._release)
            if n > 0:
                log.warning("worker %s stopped beating: %d requests it held went back to the"
                            " frontier", worker, n)
            total += max(n, 0)
        return total

    def leave(self) -> int:
        """Leave the crawl: this worker's leases back to the frontier, heartbeat gone."""
        n = release(self.client, self.keys, self.worker_id, only_if_dead=False,
                    script=self._release)
        self.client.delete(self.keys.heartbeat(self.worker_id))
        return n

    # --- the frontier ----------------------------------------------------------------
    def pop(self) -> tuple[bytes, float] | None:
        """The frontier's best request (encoded) and its score, now leased to this worker."""
        got = self._pop(keys=[self.keys.requests, self.inflight_key])
        if not got:
            return None
        return got[0], float(got[1])

    def finished(self, member: bytes) -> None:
        """A leased request is done: its outcome (items, captures, new requests) is in Redis."""
        self.client.zrem(self.inflight_key, member)

    def frontier_idle(self) -> bool:
        """Nothing left anywhere: seeding done, the frontier empty, no request leased by
        any registered worker (dead ones' leases count until they are requeued)."""
        if not self.client.exists(self.keys.seeded):
            return False
        workers = [w.decode() for w in self.client.smembers(self.keys.workers)]
        pipe = self.client.pipeline()
        pipe.zcard(self.keys.requests)
        for worker in workers:
            pipe.zcard(self.keys.inflight(worker))
        return not any(pipe.execute())

    # --- seeding and the end -----------------------------------------------------------
    def claim_seeding(self) -> bool:
        return bool(self._claim(keys=[self.keys.seeder, self.keys.seeded],
                                args=[self.worker_id, self.keys.heartbeat_prefix]))

    def seeded(self) -> bool:
        return bool(self.client.exists(self.keys.seeded))

    def mark_seeded(self) -> None:
        self.client.set(self.keys.seeded, self.worker_id)

    def done(self) -> bool:
        return bool(self.client.exists(self.keys.done))

    def mark_done(self) -> None:
        self.client.set(self.keys.done, self.worker_id)


def release(client: Any, keys: Keys, worker: str, *, only_if_dead: bool,
            script: Any = None) -> int:
    """Give ``worker``'s leases back to the frontier and unregister it (see RELEASE);
    -1 when ``only_if_dead`` and it is alive."""
    script = script or client.register_script(RELEASE)
    return int(script(
        keys=[keys.requests, keys.inflight(worker), keys.heartbeat(worker), keys.workers],
        args=[worker, "1" if only_if_dead else "0"],
    ))

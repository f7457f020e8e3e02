"""Distributed mode: N crawl workers on scrapy-redis, one writer that owns the archive.

Who does what::

    newscrawl worker URL... --redis R      (any number, on any machine that reaches R)
        the news spider under Scrapy, with scrapy-redis's Scheduler (frontier: a sorted
        set) and RFPDupeFilter (seen-set) shared through Redis; fetches, extracts, and
        sends every item and every raw capture (response bytes + headers) to a Redis
        stream. No SQLite, no WARC.
    newscrawl writer --redis R --db news.db  (one, beside the archive)
        reads the stream through a consumer group, writes captures to WARC and items to
        SQLite with the code a single-process crawl uses, acknowledges after the commit;
        ends the crawl (site templates, one crawl_runs row per site) when the workers
        are done.

What Redis holds for one crawl (every key under one prefix, ``Keys``): the frontier, the
seen-set, each worker's requests in flight (``frontier.py``), worker heartbeats, the
seeding claim, REST facts the workers share, the per-host politeness budget
(``politeness.py``), the stream of items and captures (``stream.py``), and what the
writer has archived. The writer deletes them all once the crawl is archived.

Modules: ``state`` (keys, connection, Lua scripts, worker coordination), ``frontier``
(the scheduler with leases), ``politeness`` (the shared per-host interval), ``stream``
(messages, the workers' pipeline and capture middleware), ``worker`` (the spider, session
and extension of a worker; ``run_worker``), ``writer`` (``run_writer``).
"""

from newscrawl.distributed.state import DEFAULT_PREFIX, DEFAULT_REDIS_URL, REDIS_ENV, Keys

__all__ = ["DEFAULT_PREFIX", "DEFAULT_REDIS_URL", "REDIS_ENV", "Keys"]

"""A Scrapy stats collector for benchmarks/crawl.py: the crawl's stats, written to a JSON
file when the spider closes (after every spider_closed handler: the end-of-crawl
re-extraction and the extraction pool's shutdown included), with the crawl process's own
CPU seconds when the spider opened (``bench/main_cpu_at_open_s``: start-up) and closed
(``bench/main_cpu_s``): every thread of it, no child process.

    newscrawl crawl URL -s STATS_CLASS=benchmarks.crawl_stats.JsonFileStats \\
        -s BENCH_STATS_FILE=/tmp/stats.json

(`benchmarks` is importable when the crawl runs from the project root.)
"""

from __future__ import annotations

import json
import resource
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class JsonFileStats(MemoryStatsCollector):
    def open_spider(self, *args: Any, **kwargs: Any) -> None:
        super().open_spider(*args, **kwargs)
        # Start-up (imports, settings, opening the archive) is not the crawl's work.
        self.set_value("bench/main_cpu_at_open_s", _cpu())

    def _persist_stats(self, stats: dict[str, Any], *args: Any) -> None:
        super()._persist_stats(stats, *args)
        path = self._crawler.settings.get("BENCH_STATS_FILE")
        if not path:
            return
        out = dict(stats)
        out["bench/main_cpu_s"] = _cpu()
        out["bench/main_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(out, fh, default=str, indent=1, sort_keys=True)

"""Settings checked before a crawl starts: a bad ``-s`` value is one line, not a traceback.

Each known setting has a type, taken from its default (Scrapy's
``scrapy.settings.default_settings``, then newscrawl's ``crawl/settings.py``), corrected
where Scrapy reads an integer default as a float. A value is accepted when Scrapy's own
reader for that type (``getbool``, ``getint``, ``getfloat``, ``getlist``, ``getdict``)
accepts it, so the check and the crawl never disagree. ``NEWSCRAWL_*`` names are all
known here, so an unknown one is a typo: refused, with the closest names as suggestions.
Other unknown names pass (extensions have their own settings).
"""

from __future__ import annotations

import difflib
import logging
from functools import lru_cache
from typing import Any

# Integer defaults that Scrapy reads with getfloat (fractions of a second are fine).
FLOAT_SETTINGS = frozenset({
    "AUTOTHROTTLE_MAX_DELAY", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "CLOSESPIDER_TIMEOUT", "CLOSESPIDER_TIMEOUT_NO_ITEM", "DNS_TIMEOUT", "DOWNLOAD_DELAY",
    "DOWNLOAD_DELAY_JITTER", "DOWNLOAD_TIMEOUT", "LOGSTATS_INTERVAL",
    "MEMUSAGE_CHECK_INTERVAL_SECONDS", "NEWSCRAWL_RETRY_AFTER_MAX",
})

# newscrawl settings read in code but without a default in crawl/settings.py.
EXTRA_SETTINGS: dict[str, type] = {
    "NEWSCRAWL_LOCK_HELD": bool,
    "NEWSCRAWL_PROGRESS_INTERVAL": float,
    "NEWSCRAWL_DB_TIMEOUT": float,
    "NEWSCRAWL_WARC_COLLECTION": str,
    "NEWSCRAWL_WARC_PREFIX": str,
    # Set by `newscrawl worker` for the distributed mode (newscrawl/distributed/).
    "NEWSCRAWL_REDIS_PREFIX": str,
    "NEWSCRAWL_WORKER_ID": str,
    "NEWSCRAWL_HOST_INTERVAL": float,
    "NEWSCRAWL_HOST_INTERVALS": dict,
    "NEWSCRAWL_IDLE_TIMEOUT": float,
    "NEWSCRAWL_HEARTBEAT": float,
    "NEWSCRAWL_STREAM_BACKLOG": int,
    "NEWSCRAWL_FRONTIER_POLL": float,
    "NEWSCRAWL_SITE_NAMES": dict,
}

# Settings whose value is one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "LOG_LEVEL": ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"),
    "NEWSCRAWL_PROGRESS": ("auto", "bar", "log", "off"),
}

_EXPECTED = {
    bool: "true or false (1/0, True/False)",
    int: "an integer",
    float: "a number",
    list: "a comma-separated list or a JSON list",
    dict: "a JSON object",
}

log = logging.getLogger(__name__)


class SettingError(ValueError):
    """A setting value or name that cannot work; the message is one line."""


@lru_cache(maxsize=1)
def known_types() -> dict[str, type | None]:
    """Every known setting name → the type its value must have (None: any text)."""
    from scrapy.settings import default_settings

    from newscrawl.crawl import settings as ours

    table: dict[str, type | None] = {}
    for module in (default_settings, ours):
        for name in dir(module):
            if name.isupper() and not name.startswith("_"):
                table[name] = _type_of(getattr(module, name))
    table.update(EXTRA_SETTINGS)
    for name in FLOAT_SETTINGS:
        if table.get(name) is int:
            table[name] = float
    return table


def _type_of(value: Any) -> type | None:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, (list, tuple)):
        return list
    if isinstance(value, dict):
        return dict
    return None  # text, a path, None: anything goes


def _check_value(name: str, value: Any, kind: type | None) -> None:
    from scrapy.settings import BaseSettings

    shown = f"-s {name}={value}"
    if name in CHOICES and str(value).upper() not in {c.upper() for c in CHOICES[name]} \
            and not (name == "LOG_LEVEL" and str(value).isdigit()):
        raise SettingError(f"{shown}: expected one of {', '.join(CHOICES[name])}")
    if kind is None:
        return
    probe = BaseSettings({name: value})
    getter = {bool: probe.getbool, int: probe.getint, float: probe.getfloat,
              list: probe.getlist, dict: probe.getdict}[kind]
    try:
        getter(name)
    except (ValueError, TypeError):
        raise SettingError(f"{shown}: expected {_EXPECTED[kind]}") from None
    if kind in (int, float) and isinstance(value, str) and value.strip().lower() in (
            "nan", "inf", "-inf", "infinity"):
        raise SettingError(f"{shown}: expected {_EXPECTED[kind]}")


def check_settings(settings: dict[str, Any]) -> None:
    """Raise SettingError naming the first setting that cannot work: a value of the wrong
    type ("-s DOWNLOAD_TIMEOUT=abc: expected a number") or an unknown ``NEWSCRAWL_*``
    name, with the closest known names."""
    table = known_types()
    for name, value in settings.items():
        if name not in table:
            if name.upper().startswith("NEWSCRAWL_"):
                raise SettingError(f"-s {name}: unknown newscrawl setting{_suggest(name, table)}")
            close = difflib.get_close_matches(name, list(table), n=1, cutoff=0.85)
            if close:
                log.warning("-s %s: not a Scrapy or newscrawl setting (did you mean %s?)",
                            name, close[0])
            continue
        _check_value(name, value, table[name])


def _suggest(name: str, table: dict[str, Any]) -> str:
    names = [n for n in table if n.startswith("NEWSCRAWL_")]
    close = difflib.get_close_matches(name.upper(), names, n=1, cutoff=0.6)
    return f" (did you mean {' or '.join(close)}?)" if close else \
        f" (known: {', '.join(sorted(names))})"

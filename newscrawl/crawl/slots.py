"""Pausing and slowing one host's downloader slot (Scrapy keeps one slot per host name).

Used by ``RetryAfterMiddleware`` (a 429/503 with ``Retry-After``: nothing more is sent to
that host until the time has passed) and ``HostBackoff`` (repeated 429/403: a longer
delay between requests to that host for the rest of the run). Scrapy's downloader
processes a slot's queue only when no ``latercall`` is pending, so a pause is a pending
call that resumes the queue when it fires; it works with ``DOWNLOAD_DELAY = 0``
(``--fast``) too. Requests already on the wire are not recalled.
"""

from __future__ import annotations

from time import monotonic
from typing import Any
from weakref import WeakKeyDictionary

from scrapy.utils.asyncio import call_later

# downloader -> {slot key: monotonic time its pause ends}
_PAUSED_UNTIL: WeakKeyDictionary[Any, dict[str, float]] = WeakKeyDictionary()


def _slot(crawler: Any, request: Any) -> tuple[str, Any | None]:
    engine = getattr(crawler, "engine", None)
    downloader = getattr(engine, "downloader", None)
    if downloader is None:
        return "", None
    key = request.meta.get("download_slot") or downloader.get_slot_key(request)
    return key, downloader.slots.get(key)


def pause(crawler: Any, request: Any, seconds: float) -> bool:
    """Send nothing more to ``request``'s host for ``seconds`` (a longer pause already
    running wins). False when the host has no slot (nothing was queued for it)."""
    key, slot = _slot(crawler, request)
    if slot is None or seconds <= 0:
        return slot is not None
    downloader = crawler.engine.downloader
    until = monotonic() + seconds
    paused = _PAUSED_UNTIL.setdefault(downloader, {})
    if paused.get(key, 0.0) >= until:
        return True
    paused[key] = until
    if slot.latercall is not None:
        slot.latercall.cancel()
    # The slot's delay counts from lastseen: the first request after the pause still
    # waits the host's usual delay.
    slot.lastseen = max(slot.lastseen, until)

    def resume() -> None:
        slot.latercall = None
        downloader._process_queue(slot)  # what Scrapy's own latercall does

    slot.latercall = call_later(seconds, resume)
    return True


def raise_delay(crawler: Any, request: Any, delay: float) -> float | None:
    """The host's delay between requests raised to at least ``delay`` seconds; the delay
    now in force, or None when the host has no slot."""
    _, slot = _slot(crawler, request)
    if slot is None:
        return None
    slot.delay = max(slot.delay, delay)
    return float(slot.delay)

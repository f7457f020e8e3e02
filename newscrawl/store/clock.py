"""The one clock: now, in UTC, as the ISO 8601 text the archive stores (``+00:00``).

Lives in ``store/`` (the lowest layer that keeps times) so the crawl, the archive and the
store all import it without an upward import.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow(timespec: str = "seconds") -> str:
    """Now, UTC, ISO 8601 with ``+00:00``, to the second (or ``timespec``, as isoformat)."""
    return datetime.now(UTC).isoformat(timespec=timespec)

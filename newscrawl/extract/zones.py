"""The time zone of a page's country, for local times the page prints without an offset.

A page names its country in its language tag ("it-IT", og:locale "it_IT") or, failing
that, its country-code domain (".it"). A country with a single zone in the IANA table
(``zone.tab``, read once from the system's time zone data or the ``tzdata`` package)
gives that zone, and so does one whose zones all keep the same time (Germany's Berlin and
Busingen) or that CLDR gives a primary zone (China: Shanghai, not Urumqi's clock; Spain:
Madrid, not the Canaries'; `vocabulary.PRIMARY_ZONES`); a country of several times (US,
CA, AU, BR, RU, MX...) gives none, and the profile's zone stays.
"""

from __future__ import annotations

import importlib.resources
import zoneinfo
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from .profiles import GENERIC, Profile
from .urls import split_url
from .vocabulary import GENERIC_COUNTRY_TLDS, PRIMARY_ZONES, TLD_COUNTRY

__all__ = ["NO_ZONE", "dates_zone", "page_zone", "profile_zone"]

# The zone of a page nobody knows the zone of: its local times are kept on its own clock,
# without an offset (`dates.PAGE_CLOCK`), and UTC stamps stay UTC.
NO_ZONE = ""


def _zone_tab() -> str:
    """The text of zone.tab: the system's copy first (as `zoneinfo` looks), then tzdata's."""
    for base in zoneinfo.TZPATH:
        path = Path(base) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""


def _offsets(name: str) -> tuple[timedelta | None, ...] | None:
    """A zone's UTC offsets in mid-January and mid-July (one winter, one summer) of 2025:
    the clocks as countries keep them now (Kazakhstan's zones became one in March 2024),
    fixed so that a page reads the same on any day."""
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return tuple(datetime(2025, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7))


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Country code → its zones, in zone.tab's order."""
    zones: dict[str, list[str]] = {}
    for line in _zone_tab().splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            zones.setdefault(parts[0].upper(), []).append(parts[2])
    return {cc: tuple(found) for cc, found in zones.items()}


@lru_cache(maxsize=256)
def _country_zone(country: str) -> str | None:
    """The country's zone when all its zones keep the same time ("DE": Europe/Berlin and
    Europe/Busingen do) or it has a primary zone (CLDR: "ES" is Madrid, whatever the
    Canaries' clock), else None."""
    if country in PRIMARY_ZONES:
        return PRIMARY_ZONES[country]
    found = _country_zones().get(country, ())
    offsets = {_offsets(z) for z in found}
    return found[0] if len(offsets) == 1 and None not in offsets else None


def _country(language: str | None, url: str) -> str | None:
    """The page's country: the region of its language tag, else its country-code domain."""
    if language:
        for part in language.replace("_", "-").split("-")[1:]:
            if len(part) == 2 and part.isalpha():
                return part.upper()
    host = (split_url(url).hostname or "").rstrip(".").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) == 2 and tld.isalpha() and tld not in GENERIC_COUNTRY_TLDS:
        return TLD_COUNTRY.get(tld, tld.upper())
    return None


def page_zone(language: str | None, url: str) -> str | None:
    """The IANA zone of the page's country when it keeps one time, else None."""
    country = _country(language, url)
    return _country_zone(country) if country else None


def profile_zone(profile: Profile) -> str | None:
    """The zone a site profile sets; None for the generic profile (no site known)."""
    return None if profile is GENERIC or profile.name == GENERIC.name else profile.timezone


def dates_zone(url: str, language: str | None, site_zone: str | None = None) -> str:
    """The zone a page's local dates are read and shown in: its site profile's
    (``site_zone``, from `profile_zone`), else its country's (`page_zone`), else
    `NO_ZONE` (a guess such as London's would put a Los Angeles paper's "7:32 p.m." eight
    hours early)."""
    return site_zone or page_zone(language, url) or NO_ZONE

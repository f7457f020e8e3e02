"""Site profiles: a site's known boilerplate and quirks, kept as data in newscrawl/sites/*.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .urls import split_url

SITES_DIR = Path(__file__).resolve().parent.parent / "sites"


@dataclass(frozen=True)
class Profile:
    """Rules for one site. Every rule is optional; the generic extractor works without any.

    - ``hosts``: host names the profile applies to (``www.`` is ignored when matching).
    - ``site_name``: the publication's name, as it prefixes titles ("Leigh On Sea News: ...").
    - ``remove_selectors``: CSS selectors of boilerplate dropped before body extraction.
    - ``content_selectors``: CSS selectors where the body is known to live (tried first).
    - ``drop_text``: regular expressions; a body paragraph matching one (fully) is dropped.
    - ``stop_text``: regular expressions; a paragraph matching one ends the body (it and
      everything after it are dropped), e.g. a footer that starts "Read more."
    - ``timezone``: IANA zone for dates printed without one.
    """

    name: str = "generic"
    hosts: tuple[str, ...] = ()
    site_name: str | None = None
    remove_selectors: tuple[str, ...] = ()
    content_selectors: tuple[str, ...] = ()
    drop_text: tuple[str, ...] = ()
    stop_text: tuple[str, ...] = ()
    timezone: str = "Europe/London"
    extra: dict = field(default_factory=dict, hash=False, compare=False)


GENERIC = Profile()


def _from_toml(path: Path) -> Profile:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f for f in Profile.__dataclass_fields__ if f != "extra"}
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    extra = {k: v for k, v in data.items() if k not in known}
    kwargs.setdefault("name", path.stem)
    return Profile(**kwargs, extra=extra)


@lru_cache(maxsize=1)
def all_profiles() -> tuple[Profile, ...]:
    """Every profile under newscrawl/sites/, loaded once."""
    return tuple(_from_toml(p) for p in sorted(SITES_DIR.glob("*.toml")))


def _bare(host: str) -> str:
    host = host.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def profile_for(url: str, name: str | None = None) -> Profile:
    """The profile for a URL's host, or the named profile, or the generic one."""
    profiles = all_profiles()
    if name:
        for p in profiles:
            if p.name == name:
                return p
        raise KeyError(f"no site profile named {name!r} in {SITES_DIR}")
    host = _bare(split_url(url).netloc)
    for p in profiles:
        if host in {_bare(h) for h in p.hosts}:
            return p
    return GENERIC

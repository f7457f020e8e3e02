"""Sites files: the list of sites one archive crawls, as data (TOML).

::

    # sites.toml
    [defaults]                       # optional: for every site below
    delay = 2.0

    [[site]]
    name = "leigh-on-sea"            # the site's name in the archive (articles.site)
    urls = ["https://leigh-on-sea.news/"]
    aliases = ["leigh-on-sea.co.uk"] # other hosts of the same site (optional)
    profile = "leigh-on-sea"         # a newscrawl/sites/*.toml profile (optional)
    delay = 1.0                      # politeness (optional): DOWNLOAD_DELAY seconds,
    concurrency = 2                  #   CONCURRENT_REQUESTS_PER_DOMAIN,
    autothrottle = true              #   AUTOTHROTTLE_ENABLED
    settings = { NEWSCRAWL_MAX_PAGINATION = 500 }  # any other crawl setting (optional)
    enabled = true                   # false: listed, not crawled

``load_sites(path)`` reads and checks a file, ``choose_sites(path, only)`` picks the sites
to crawl (``SitesFileError`` names the problem and
where); ``Site.crawl_settings()`` gives the settings its crawl runs with.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.extract.urls import check_seed

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Politeness keys of a site entry -> the Scrapy setting each sets.
POLITENESS = {"delay": "DOWNLOAD_DELAY", "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
              "autothrottle": "AUTOTHROTTLE_ENABLED"}
_TYPES: dict[str, tuple[type, ...]] = {"delay": (int, float), "concurrency": (int,),
                                       "autothrottle": (bool,)}
_SITE_KEYS = {"name", "urls", "url", "aliases", "profile", "settings", "enabled", *POLITENESS}
_DEFAULT_KEYS = {"aliases", "profile", "settings", *POLITENESS}


class SitesFileError(ValueError):
    """A sites file that cannot be used; the message says what and where."""


@dataclass(frozen=True)
class Site:
    """One site of a sites file."""

    name: str
    urls: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    profile: str | None = None
    politeness: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True

    def crawl_settings(self) -> dict[str, Any]:
        """The settings this site's crawl adds to the caller's (its own win)."""
        out: dict[str, Any] = {POLITENESS[k]: v for k, v in self.politeness.items()}
        out.update(self.settings)
        out["NEWSCRAWL_SITE"] = self.name
        if self.aliases:
            out["NEWSCRAWL_HOST_ALIASES"] = ",".join(self.aliases)
        if self.profile:
            out["NEWSCRAWL_PROFILE"] = self.profile
        return out


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SitesFileError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _politeness(entry: dict[str, Any], where: str) -> dict[str, Any]:
    out = {}
    for key in POLITENESS:
        if key in entry:
            value = entry[key]
            if not isinstance(value, _TYPES[key]) or (key != "autothrottle" and isinstance(value, bool)):
                raise SitesFileError(f"{where}: {key} must be {_TYPES[key][0].__name__}, got {value!r}")
            if key in ("delay", "concurrency") and value < (0 if key == "delay" else 1):
                raise SitesFileError(f"{where}: {key} out of range: {value!r}")
            out[key] = value
    return out


def _settings(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SitesFileError(f"{where}: settings must be a table, got {value!r}")
    for key in value:
        if key in ("NEWSCRAWL_DB", "NEWSCRAWL_SITE"):
            raise SitesFileError(f"{where}: {key} cannot be set per site")
    return dict(value)


def parse_sites(data: dict[str, Any], source: str = "sites file") -> list[Site]:
    """The sites of an already-parsed TOML document (see the module docstring)."""
    unknown = set(data) - {"defaults", "site"}
    if unknown:
        raise SitesFileError(f"{source}: unknown top-level key(s) {sorted(unknown)}; "
                             "expected [defaults] and [[site]] entries")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SitesFileError(f"{source}: [defaults] must be a table")
    bad = set(defaults) - _DEFAULT_KEYS
    if bad:
        raise SitesFileError(f"{source} [defaults]: unknown key(s) {sorted(bad)} "
                             f"(allowed: {', '.join(sorted(_DEFAULT_KEYS))})")
    entries = data.get("site", [])
    if not isinstance(entries, list) or not entries:
        raise SitesFileError(f"{source}: no [[site]] entries")
    sites: list[Site] = []
    names: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"{source} [[site]] #{n}"
        if not isinstance(entry, dict):
            raise SitesFileError(f"{where}: not a table")
        bad = set(entry) - _SITE_KEYS
        if bad:
            raise SitesFileError(f"{where}: unknown key(s) {sorted(bad)} "
                                 f"(allowed: {', '.join(sorted(_SITE_KEYS))})")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise SitesFileError(f"{where}: name must be 1-64 letters, digits, '.', '_' or '-', "
                                 f"got {name!r}")
        where = f"{source} site {name!r}"
        if name in names:
            raise SitesFileError(f"{where}: the name is used twice")
        names.add(name)
        if "urls" in entry and "url" in entry:
            raise SitesFileError(f"{where}: give urls or url, not both")
        raw = entry.get("urls", entry.get("url"))
        if raw is None:
            raise SitesFileError(f"{where}: no urls")
        try:
            urls = tuple(check_seed(u) for u in _strings(raw, f"{where} urls"))
        except ValueError as exc:
            raise SitesFileError(f"{where}: {exc}") from exc
        merged = {**defaults, **entry}
        settings = {**_settings(defaults.get("settings", {}), f"{source} [defaults]"),
                    **_settings(entry.get("settings", {}), where)}
        profile = merged.get("profile")
        if profile is not None and not isinstance(profile, str):
            raise SitesFileError(f"{where}: profile must be a string")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise SitesFileError(f"{where}: enabled must be true or false")
        sites.append(Site(
            name=name, urls=urls,
            aliases=_strings(merged["aliases"], f"{where} aliases") if "aliases" in merged else (),
            profile=profile or None, politeness=_politeness(merged, where),
            settings=settings, enabled=enabled,
        ))
    return sites


def load_sites(path: str | Path) -> list[Site]:
    """The sites of a TOML sites file; SitesFileError when it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitesFileError(f"cannot read sites file {path}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{path}: not valid TOML: {exc}") from exc
    return parse_sites(data, str(path))


def choose_sites(path: str | Path, only: list[str] | None = None) -> list[Site]:
    """The enabled sites of a sites file, or those named in ``only`` (disabled ones
    too); SitesFileError when the file cannot be used, names an unknown site, or leaves
    nothing to crawl."""
    sites = load_sites(path)
    names = {s.name for s in sites}
    missing = sorted(set(only or ()) - names)
    if missing:
        raise SitesFileError(f"no site named {', '.join(missing)} in {path} "
                             f"(it has: {', '.join(sorted(names))})")
    chosen = [s for s in sites if (s.name in only if only else s.enabled)]
    if not chosen:
        raise SitesFileError(f"{path}: no enabled site to crawl")
    return chosen

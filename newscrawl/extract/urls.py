"""URL canonicalisation and crawl scope, in one place (built on w3lib)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import (
    SplitResult,
    parse_qsl,
    urljoin,
    urlparse,
    urlsplit,
    urlunparse,
    urlunsplit,
    uses_netloc,
    uses_relative,
)

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that identify a campaign or a click, never a different page.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "ref_src", "ref_url", "s_cid",
        "share", "amp", "replytocom", "spref", "ito", "cmpid",
    }
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_")

# Extensionless paths get a trailing slash only where the site's permalinks use one.
_HAS_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def join_url(base: str, url: str) -> str:
    """``urljoin(base, url)``, with what urllib refuses ("http://[bad": a bracket that is
    no IPv6 address) made harmless: such a ``url`` gives "", such a ``base`` is read as
    no base. A page's malformed link is no link, never a failed extraction.

    An absolute URL's join depends on ``base`` only through its scheme (the first steps
    of ``urljoin``, `_join_absolute`), and is remembered: a site's pages link the same
    absolute URLs (home, feeds, stylesheets, social pages)."""
    try:
        if base and url:
            joined = _join_absolute(urlsplit(base).scheme, url)  # (urlsplit is cached)
            if joined is not None:
                return joined
        joined = urljoin(base, url)
        if not base or not url:
            urlsplit(joined)  # urljoin hands back the other one unread
        return joined
    except ValueError:
        if base and url and split_url(base) is _NO_URL:  # the base is what urllib refused
            return join_url("", url)
        return ""


_NO_URL = SplitResult("", "", "", "", "")


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, or an empty result when urllib refuses the URL ("http://[bad"):
    for URLs read from a page, which may be anything."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NO_URL


@lru_cache(maxsize=8192)
def _join_absolute(base_scheme: str, url: str) -> str | None:
    """What ``urljoin`` makes of ``url`` against any base of scheme ``base_scheme``, when
    that is all it reads of the base (its own first steps); None when it reads more."""
    scheme, netloc, path, params, query, fragment = urlparse(url, base_scheme)
    if scheme != base_scheme or scheme not in uses_relative:
        return url
    if scheme in uses_netloc and netloc:
        return urlunparse((scheme, netloc, path, params, query, fragment))
    return None


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


# 16,384 entries (~5 MB): a site's navigation links, the URLs asked for most, stay in it;
# at 65,536 the cache of a big site's one-off article URLs was ~20 MB of the crawl's RSS.
@lru_cache(maxsize=16384)
def canonical_url(url: str, *, trailing_slash: bool | None = None) -> str:
    """One spelling per page: no fragment, no tracking parameters, sorted query,
    lower-case scheme and host, default port dropped, and (when ``trailing_slash`` is
    True) a trailing slash on extensionless paths, as WordPress permalinks have.

    Cached: the same navigation links recur on every page of a site."""
    parts = urlsplit(url.strip())
    keep = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query_cleaned = url_query_cleaner(
        urlunsplit(parts._replace(fragment="")), keep, keep_fragments=False
    ) if parts.query else urlunsplit(parts._replace(fragment=""))
    canon = canonicalize_url(query_cleaned, keep_fragments=False)
    parts = urlsplit(canon)
    netloc = parts.netloc.lower()
    if parts.scheme == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    elif parts.scheme == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    path = parts.path or "/"
    if trailing_slash and not path.endswith("/") and not _HAS_EXTENSION.search(path):
        path += "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def host_key(url: str) -> str:
    """The host (with its port when the URL names one other than the scheme's default) a
    URL belongs to, ``www.`` ignored: the unit of scope. http and https of one host are one
    site. A bare host (``example.org``, ``example.org:8080``) is read as ``http://`` it;
    "" for a URL urllib refuses."""
    parts = split_url(url if "//" in url else f"http://{url}")
    netloc = parts.netloc.lower().rpartition("@")[2]
    if (parts.scheme == "http" and netloc.endswith(":80")) or \
            (parts.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    return netloc[4:] if netloc.startswith("www.") else netloc


def site_hosts(seeds: list[str] | tuple[str, ...], aliases: list[str] | tuple[str, ...] = ()
               ) -> frozenset[str]:
    """A crawl's scope: the hosts of its start URLs (``www.`` and bare alike) plus explicit
    aliases (hosts or URLs, e.g. the site's other domain), as ``host_key`` gives them."""
    return frozenset(host_key(u) for u in [*seeds, *aliases] if u and u.strip())


def same_site(url: str, hosts: set[str] | frozenset[str]) -> bool:
    """True when ``url`` is http(s) on one of ``hosts`` (as given by host_key); False for
    a URL urllib refuses."""
    parts = split_url(url)
    return parts.scheme in ("http", "https") and host_key(url) in hosts


def url_template(url: str) -> str:
    """The URL with every run of digits replaced by '#', for spotting endless URL families
    (calendars, numbered query pages) whatever their names."""
    parts = urlsplit(url)
    query = "&".join(sorted(f"{k}=" for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
    return re.sub(r"\d+", "#", f"{parts.path}?{query}" if query else parts.path)


def site_root(url: str) -> str:
    """scheme://host/ of a URL."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def check_seed(url: str) -> str:
    """A start URL, stripped; ValueError with a readable message if it is not http(s)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    if parts.scheme in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r} (no host)")
    scheme = _SCHEME.match(url)
    if scheme and ("://" in url or scheme.group(1).lower() in _OTHER_SCHEMES):
        raise ValueError(f"not an http(s) URL: {url!r} (scheme {scheme.group(1).lower()}:"
                         " is not crawled; newscrawl fetches http:// and https:// only)")
    return _no_scheme(url)


# A URL's scheme; and schemes written without "//" (mailto:x, not a host:port).
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_OTHER_SCHEMES = frozenset({"mailto", "javascript", "data", "tel", "file", "about", "news",
                            "urn", "sms", "blob", "ftp", "sftp", "ws", "wss"})


def _no_scheme(url: str) -> str:
    bare = url.lstrip("/")
    hint = f" (try https://{bare})" if bare and " " not in bare else ""
    raise ValueError(f"not an http(s) URL: {url!r}{hint}")


def article_url(canonical: str | None, fetched_url: str) -> str:
    """The key of an article in the archive: its rel=canonical when that is on the same
    site, else the URL it was fetched from; canonicalised. Crawl and reparse share it."""
    canon = canonical if canonical and host_key(canonical) == host_key(fetched_url) else fetched_url
    return canonical_url(canon, trailing_slash=urlsplit(canon).path.endswith("/"))

"""The links a page offers for discovery, read from its already-parsed tree.

Scrapy's LinkExtractor did the same job at ~18 ms a page (it re-canonicalises and tests
every link against 90 file extensions one by one). ``page_links`` reads the tree the
crawl's extraction worker parsed (before extraction rewrites it), so a page is parsed
once; it imports nothing of Scrapy, as the workers do not. ``is_download`` (Scrapy's list
of file extensions, one regex) is asked in the crawl process, once per distinct URL;
scope and canonicalisation are newscrawl.extract.urls'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from newscrawl.extract.urls import join_url

_SKIP_SCHEMES = ("#", "javascript:", "mailto:", "tel:", "data:", "sms:", "whatsapp:", "fax:")
# <link> elements worth following: pagination and the page's own aliases.
_LINK_RELS = frozenset({"next", "prev", "previous", "canonical", "shortlink"})


@lru_cache(maxsize=1)
def _file_pattern() -> re.Pattern[str]:
    from scrapy.linkextractors import IGNORED_EXTENSIONS  # the crawl process only

    return re.compile(
        r"\.(?:" + "|".join(re.escape(e) for e in sorted(IGNORED_EXTENSIONS, key=len, reverse=True))
        + r")(?:[?#]|$)",
        re.IGNORECASE,
    )


def is_download(url: str) -> bool:
    """True when ``url`` names a file download (an image, a PDF, an archive...) by its
    extension, as Scrapy's LinkExtractor would skip it."""
    return _file_pattern().search(url) is not None


# An href that starts with "/" (root-relative, or "//host/...") or names its scheme joins
# the same against every page of a site: those joins are kept, per base origin, in a
# bounded dict (emptied when full), as a site's pages repeat their navigation.
_JOINED_MAX = 20_000
_joined: dict[tuple[str, str], str] = {}


def _join(base: str, origin: str, href: str) -> str:
    """``join_url(base, href)``: "" when urllib refuses it ("http://[bad")."""
    if not href.startswith(("/", "http://", "https://")):
        return join_url(base, href)
    key = (origin, href)
    try:
        return _joined[key]
    except KeyError:
        pass
    url = join_url(base, href)
    if len(_joined) >= _JOINED_MAX:
        _joined.clear()
    _joined[key] = url
    return url


def page_links(root, base_url: str) -> Iterator[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(absolute URL, nofollow) of each distinct <a>/<area> href and useful <link>, in
    document order; non-web schemes and hrefs urllib cannot join left out (file
    downloads are not: see ``is_download``)."""
    bases = root.xpath("//base/@href")
    # A <base> urllib cannot read is none: the page's own URL is the base.
    base = (join_url(base_url, bases[0].strip()) if bases else "") or base_url
    try:
        parts = urlsplit(base)
    except ValueError:  # urllib refuses the page's own URL ("http://[bad"): nothing joins
        return
    origin = f"{parts.scheme}://{parts.netloc}"
    seen: set[str] = set()
    for el in root.iter("a", "area", "link"):
        href = el.get("href")
        if not href:
            continue
        href = href.strip()
        if not href or href.startswith(_SKIP_SCHEMES):
            continue
        rel = (el.get("rel") or "").lower()
        if el.tag == "link" and not (_LINK_RELS & set(rel.split())):
            continue
        url = _join(base, origin, href)
        if not url or url in seen:
            continue
        seen.add(url)
        yield url, "nofollow" in rel

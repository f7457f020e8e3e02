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
from urllib.parse import urljoin, urlsplit

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


# urljoin of an href that starts with "/" (root-relative, or "//host/...") or names its
# scheme depends only on the base's scheme and host (urllib.parse.urljoin), and a site's
# pages repeat the same navigation hrefs: those joins are kept, per base origin, in a
# bounded dict (emptied when full).
_JOINED_MAX = 20_000
_joined: dict[tuple[str, str], str] = {}


def _join(base: str, origin: str, href: str) -> str | None:
    """``urljoin(base, href)``; None when urllib refuses it (``http://[bad``)."""
    if not (href.startswith("/") or href.startswith(("http://", "https://"))):
        try:
            return urljoin(base, href)
        except ValueError:
            return None
    key = (origin, href)
    try:
        return _joined[key]
    except KeyError:
        pass
    try:
        url = urljoin(base, href)
    except ValueError:
        return None
    if len(_joined) >= _JOINED_MAX:
        _joined.clear()
    _joined[key] = url
    return url


def page_links(root, base_url: str) -> Iterator[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(absolute URL, nofollow) of each distinct <a>/<area> href and useful <link>, in
    document order; non-web schemes and hrefs urllib cannot join left out (file
    downloads are not: see ``is_download``)."""
    bases = root.xpath("//base/@href")
    base = base_url
    if bases:
        try:
            base = urljoin(base_url, bases[0].strip())
        except ValueError:  # a <base> urllib cannot read: the page's own URL
            pass
    try:
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}"
    except ValueError:  # urljoin will say what it makes of it; the whole base is a key too
        origin = base
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
        if url is None or url in seen:
            continue
        seen.add(url)
        yield url, "nofollow" in rel

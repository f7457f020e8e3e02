"""The links a page offers for discovery, read from its already-parsed tree.

Scrapy's LinkExtractor did the same job at ~18 ms a page (it re-canonicalises and tests
every link against 90 file extensions one by one); this reads the tree Scrapy's Selector
parsed (the spider's, made once a page), skips the obvious non-pages with one regex, and
leaves scope and canonicalisation to newscrawl.extract.urls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

_SKIP_SCHEMES = ("#", "javascript:", "mailto:", "tel:", "data:", "sms:", "whatsapp:", "fax:")
_FILE = re.compile(
    r"\.(?:" + "|".join(re.escape(e) for e in sorted(IGNORED_EXTENSIONS, key=len, reverse=True))
    + r")(?:[?#]|$)",
    re.IGNORECASE,
)
# <link> elements worth following: pagination and the page's own aliases.
_LINK_RELS = frozenset({"next", "prev", "previous", "canonical", "shortlink"})


# urljoin of an href that starts with "/" (root-relative, or "//host/...") or names its
# scheme depends only on the base's scheme and host (urllib.parse.urljoin), and a site's
# pages repeat the same navigation hrefs: those joins are kept, per base origin, in a
# bounded dict (emptied when full), with None for a file download.
_JOINED_MAX = 20_000
_joined: dict[tuple[str, str], str | None] = {}


def _join(base: str, origin: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None when it names a file download."""
    if not (href.startswith("/") or href.startswith(("http://", "https://"))):
        url = urljoin(base, href)
        return None if _FILE.search(url) else url
    key = (origin, href)
    try:
        return _joined[key]
    except KeyError:
        pass
    url = urljoin(base, href)
    joined = None if _FILE.search(url) else url
    if len(_joined) >= _JOINED_MAX:
        _joined.clear()
    _joined[key] = joined
    return joined


def page_links(root, base_url: str) -> Iterator[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(absolute URL, nofollow) of each distinct <a>/<area> href and useful <link>, in
    document order; file downloads (images, PDFs, archives...) and non-web schemes left out."""
    bases = root.xpath("//base/@href")
    base = urljoin(base_url, bases[0].strip()) if bases else base_url
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

"""The links a page offers for discovery, read from its already-parsed tree.

Scrapy's LinkExtractor did the same job at ~18 ms a page (it re-canonicalises and tests
every link against 90 file extensions one by one); this reads the tree Scrapy already
parsed, skips the obvious non-pages with one regex, and leaves scope and
canonicalisation to newscrawl.extract.urls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.linkextractors import IGNORED_EXTENSIONS

_SKIP_SCHEMES = ("#", "javascript:", "mailto:", "tel:", "data:", "sms:", "whatsapp:", "fax:")
_FILE = re.compile(
    r"\.(?:" + "|".join(re.escape(e) for e in sorted(IGNORED_EXTENSIONS, key=len, reverse=True))
    + r")(?:[?#]|$)",
    re.IGNORECASE,
)
# <link> elements worth following: pagination and the page's own aliases.
_LINK_RELS = frozenset({"next", "prev", "previous", "canonical", "shortlink"})


def page_links(root, base_url: str) -> Iterator[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(absolute URL, nofollow) of each distinct <a>/<area> href and useful <link>, in
    document order; file downloads (images, PDFs, archives...) and non-web schemes left out."""
    bases = root.xpath("//base/@href")
    base = urljoin(base_url, bases[0].strip()) if bases else base_url
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
        url = urljoin(base, href)
        if url in seen or _FILE.search(url):
            continue
        seen.add(url)
        yield url, "nofollow" in rel

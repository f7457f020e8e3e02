"""Is the page an article? (archives, static pages, home and search pages are not)."""

from __future__ import annotations

from lxml import etree

from .metadata import Metadata, types_of
from .parse import find_content, text_of
from .vocabulary import (
    ARCHIVE_BODY_CLASSES,
    ARTICLE_TYPES,
    HOME_BODY_CLASSES,
    LISTING_TYPES,
    PAGE_BODY_CLASSES,
    SEARCH_BODY_CLASSES,
)


def classify(md: Metadata, root: etree._Element, container: etree._Element,
             *, has_title: bool, has_date: bool) -> tuple[bool, str]:
    """(is_article, page_type) with page_type one of article/archive/page/home/search/unknown."""
    bc = set(md.body_classes)
    page_types = types_of(md.webpage) if md.webpage else set()
    og_type = (md.get("og:type") or "").lower()

    if root.get("data-newscrawl-xml") or bc & {"error404"}:
        return False, "unknown"  # a feed/sitemap, or the theme's "not found" page
    # Listing pages first: their JSON-LD may still list Article teasers.
    if bc & SEARCH_BODY_CLASSES or "searchresultspage" in page_types:
        return False, "search"
    if bc & HOME_BODY_CLASSES and not bc & {"single", "single-post"}:
        return False, "home"
    if bc & ARCHIVE_BODY_CLASSES and not bc & {"single", "single-post"} or page_types & LISTING_TYPES:
        return False, "archive"
    if md.article is not None and not (page_types & LISTING_TYPES):
        return True, "article"
    if md.microdata is not None:
        return True, "article"
    if bc & {"single-post"} or (bc & {"single"} and not bc & PAGE_BODY_CLASSES):
        return True, "article"
    if any(c.startswith("postid-") for c in bc):
        return True, "article"
    # Static pages before og:type: Yoast says og:type=article on pages too. WordPress
    # marks them "page page-id-N"; a bare "page" class is any theme's word for a page.
    if any(c.startswith(("page-id-", "page-template")) for c in bc):
        return False, "page"
    if og_type == "article":
        return True, "article"
    if og_type == "website" or (page_types and not _any_article_type(md)):
        return False, "page"
    # No markup hints: several <article> teasers mean a listing; one with headline, date
    # and real text means an article.
    arts = list(root.iter("article"))
    if len(arts) >= 3:
        return False, "archive"
    content = find_content(container)
    text_len = len(text_of(content if content is not None else container))
    if has_title and has_date and text_len >= 500:
        return True, "article"
    return False, "unknown"


def _any_article_type(md: Metadata) -> bool:
    """Whether a JSON-LD node of the page has an article type (read only when asked:
    most pages are settled before)."""
    return any(types_of(n) & ARTICLE_TYPES for n in md.nodes)

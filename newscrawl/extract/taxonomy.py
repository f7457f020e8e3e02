"""Section (primary category) and tags."""

from __future__ import annotations

from urllib.parse import unquote

from lxml import etree

from .metadata import Metadata, as_list, as_text
from .parse import Selectors, clean_text, css, header_region, text_of
from .urls import split_url
from .vocabulary import (
    BREADCRUMB_SELECTORS,
    CATEGORY_PATH,
    TAG_PATH,
)


def _names(value: object) -> list[str]:
    """JSON-LD articleSection/keywords as a list (a comma string is split)."""
    out: list[str] = []
    for item in as_list(value):
        text = as_text(item)
        if not text:
            continue
        if isinstance(item, str) and "," in text:
            out.extend(clean_text(p) for p in text.split(",") if clean_text(p))
        else:
            out.append(text)
    return out


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out




def _visible_terms(container: etree._Element) -> tuple[list[str], list[str]]:
    """Category and tag links of the article's own header/footer (not the sidebar)."""
    region = header_region(container, keep_footer=True)
    cats: list[str] = []
    tags: list[str] = []
    for a in css(region, "a[href]"):
        name = text_of(a)
        if not name or len(name) > 80:
            continue
        rel = (a.get("rel") or "").lower().split()
        href = a.get("href") or ""
        parts = split_url(href)
        path = unquote(parts.path)
        if "category" in rel or CATEGORY_PATH.search(path) or "cat" in parts.query.split("=")[0:1]:
            cats.append(name)
        elif "tag" in rel or TAG_PATH.search(path):
            tags.append(name)
    return _dedupe(cats), _dedupe(tags)


def _jsonld_crumbs(md: Metadata) -> list[str]:
    """Names of the middle items of the page's BreadcrumbList (no Home, no post)."""
    for node in md.of_type("breadcrumblist"):
        items = [md.resolve(i) for i in as_list(node.get("itemListElement"))]
        items = [i for i in items if isinstance(i, dict)]
        items.sort(key=lambda i: i.get("position") if isinstance(i.get("position"), int) else 0)
        names = [as_text(i.get("name")) or as_text(md.resolve(i.get("item"))) for i in items]
        return [n for n in names[1:-1] if n]
    return []


_CRUMBS = Selectors(BREADCRUMB_SELECTORS)


def _visible_crumbs(root: etree._Element) -> list[str]:
    """Link texts of the visible breadcrumb trail, without the first (Home)."""
    for _sel, els in _CRUMBS.each(root):
        for el in els:
            names = [text_of(a) for a in el.iter("a")]
            names = [n for n in names if n]
            if names:
                return names[1:]
    return []


def _primary(cats: list[str], crumbs: list[str]) -> str | None:
    """The category the breadcrumb trail goes through (Yoast's primary category)."""
    keys = {c.casefold(): c for c in cats}
    for name in reversed(crumbs):
        if name.casefold() in keys:
            return keys[name.casefold()]
    return None


def find_taxonomy(md: Metadata, container: etree._Element,
                  root: etree._Element | None = None) -> tuple[str | None, list[str], dict[str, str]]:
    """(section, tags, sources).

    The section is the primary category: the one the breadcrumb trail passes through when
    the page has one (Yoast lists articleSection alphabetically, not primary first), else
    the first category given.
    """
    sources: dict[str, str] = {}
    section: str | None = None
    tags: list[str] = []
    crumbs = _jsonld_crumbs(md)
    if not crumbs and root is not None:
        crumbs = _visible_crumbs(root)
    for node, src in ((md.article, "jsonld"), (md.microdata, "meta")):
        if node and section is None:
            secs = _names(node.get("articleSection"))
            if secs:
                section, sources["section"] = _primary(secs, crumbs) or secs[0], src
        if node and not tags:
            kws = _names(node.get("keywords"))
            if kws:
                tags, sources["tags"] = _dedupe(kws), src
    if section is None:
        v = md.get("article:section", "section", "parsely-section", "dc.subject.section")
        if v:
            section, sources["section"] = v, "meta"
    if not tags:
        mt = md.get_all("article:tag", "og:article:tag")
        if len(mt) == 1 and "," in mt[0]:
            mt = [clean_text(p) for p in mt[0].split(",")]
        if mt:
            tags, sources["tags"] = _dedupe(mt), "meta"
    if section is None or not tags:
        try:
            cats, vtags = _visible_terms(container)
        except Exception:  # noqa: BLE001
            cats, vtags = [], []
        if section is None and cats:
            section, sources["section"] = _primary(cats, crumbs) or cats[0], "visible"
        if not tags and vtags:
            tags, sources["tags"] = vtags, "visible"
    if not tags:
        kw = md.get("news_keywords", "keywords")
        if kw and (md.article is not None or md.microdata is not None or md.get("og:type") == "article"):
            tags = _dedupe([clean_text(p) for p in kw.split(",") if clean_text(p)])
            if tags:
                sources["tags"] = "meta"
    return section, tags, sources

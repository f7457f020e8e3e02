"""Author names: JSON-LD, the visible byline, rel=author links and author meta tags."""

from __future__ import annotations

import re

from lxml import etree

from .metadata import ORG_TYPES, Metadata, as_list, as_text, types_of
from .parse import Selectors, clean_text, css, elements, header_region, text_lines, text_of

_PREFIX = re.compile(
    r"^(?:(?:posted|written|words|reported|published|story|text|article|compiled)\s*(?:by|:)|by\b|words\b|"
    r"author\s*:|authors?\b|reporter\s*:|from\s*:)\s*:?\s*",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_JOB_WORDS = re.compile(
    r"\b(?:reporter|correspondent|writer|journalist|editor|columnist|contributor|photographer|"
    r"chief|senior|staff|political|news|sports?|business|health|education|crime|local|"
    r"democracy|head|director|manager|producer|analyst|intern|freelance|community|features?|"
    r"digital|deputy|assistant|associate|reader|letter|agency|press|desk|team)\b",
    re.I,
)
_TRAIL_DATE = re.compile(
    r"\s*(?:[-–—|,]|\bon\b|\bat\b|\bpublished\b|\bposted\b|\bupdated\b)\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}|\w+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d\d-\d\d).*$",
    re.I,
)
_SPLIT_AND = re.compile(r"\s+(?:and|&)\s+|\s*&\s*|\s*;\s*", re.I)
_NOT_NAME = re.compile(r"^(?:admin|administrator|unknown|anonymous|staff|guest|none|null|"
                       r"share|comments?|leave a comment|\d+ comments?)$", re.I)


def _looks_like_job(part: str) -> bool:
    """True for 'Chief Reporter', 'Local Democracy Reporter', 'political editor'…"""
    if not part:
        return True
    if part[0].islower():
        return True
    return bool(_JOB_WORDS.search(part))


def clean_author(raw: str, site_names: list[str] | None = None) -> list[str]:
    """Names from one byline string: 'By A and B', 'By A, B and C', 'By A, Chief Reporter'."""
    text = clean_text(raw[:300])  # bylines are short; bounding keeps the regexes cheap
    if not text:
        return []
    text = _EMAIL.sub(" ", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = clean_text(text)
    # Anything after a bar is usually the site or a section: "Jane Doe | Leigh News".
    text = re.split(r"\s+[|•·]\s+", text)[0]
    text = _TRAIL_DATE.sub("", text)
    for _ in range(2):
        text = _PREFIX.sub("", text).strip(" :-–—,")
    if not text:
        return []
    names: list[str] = []
    for chunk in _SPLIT_AND.split(text):
        parts = [p.strip() for p in chunk.split(",") if p.strip()]
        if not parts:
            continue
        names.append(parts[0])
        for extra in parts[1:]:
            if _looks_like_job(extra) or len(extra.split()) > 4:
                break  # a job title ends the name list of this chunk
            names.append(extra)
    out = []
    for name in names:
        name = clean_text(re.sub(r"^(?:by)\s+", "", name, flags=re.I)).strip(" .:-–—")
        if not name or len(name) > 60 or _NOT_NAME.match(name) or re.search(r"https?:|www\.|\d{3,}", name):
            continue
        if len(name.split()) > 6:
            continue
        out.append(name)
    return out


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        key = n.casefold()
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def _jsonld_authors(md: Metadata) -> tuple[list[str], list[str]]:
    """(people, organisations) credited in the JSON-LD / microdata Article."""
    people: list[str] = []
    orgs: list[str] = []
    for node in (md.article, md.microdata):
        if not node:
            continue
        for item in as_list(node.get("author")) + as_list(node.get("creator")):
            item = md.resolve(item)
            if isinstance(item, str):
                people.extend(clean_author(item))
                continue
            if not isinstance(item, dict):
                continue
            name = as_text(item.get("name"))
            if not name:
                continue
            if types_of(item) & ORG_TYPES:
                orgs.append(name)
            else:
                people.extend(clean_author(name))
        if people or orgs:
            break
    return _dedupe(people), _dedupe(orgs)


_BYLINE_SELECTORS = (
    "[itemprop=author]", "[rel~=author]", ".byline", "#byline", "#author", ".author", ".by-author", ".post-author",
    ".entry-author", ".author-name", ".vcard .fn", ".fn", ".article-author", ".story-byline",
    ".elementor-post-info__item--type-author", ".meta-author", ".posted-by", ".written-by",
    ".wp-block-post-author__name", ".wp-block-post-author-name", ".wp-block-post-author",
    ".td-post-author-name", ".tdb-author-name", ".jeg_meta_author", ".post-author-name",
    ".entry-author-name", ".author-link", ".c-byline", ".article-byline",
)
_BYLINES = Selectors(_BYLINE_SELECTORS)


_BY_LINE = re.compile(r"^(?:by|words:?|written by|posted by|author\s*:)\s*[A-Z]", re.I)
_BY_START = re.compile(r"\s*(?:by|words|written|posted|author)", re.I)


def _visible_authors(container: etree._Element) -> list[str]:
    region = header_region(container)
    for sel, els in _BYLINES.each(region):
        found: list[str] = []
        for el in els:
            if sel == "[itemprop=author]":
                name_el = css(el, "[itemprop=name]")
                raw = (name_el[0].get("content") or text_of(name_el[0])) if name_el else (el.get("content") or text_of(el))
            else:
                # Lines after the first are job titles or dates ("Staff Writer").
                raw = ", ".join(text_lines(el))
            if len(raw) > 120:
                continue
            found.extend(clean_author(raw))
        if found:
            return _dedupe(found)
    # A plain "By A and B" line in the header.
    for el in elements(region):
        if el.tag in {"p", "span", "div", "li", "em", "strong", "small"}:
            # The line starts where the element's text starts (the region has no scripts
            # or styles): most elements are ruled out without splitting their text.
            try:
                if not _BY_START.match(el.text_content()):
                    continue
            except (ValueError, AttributeError):
                pass
            t = ", ".join(text_lines(el))
            if 3 < len(t) < 120 and _BY_LINE.match(t):
                names = clean_author(t)
                if names:
                    return names
    return []


def find_authors(md: Metadata, container: etree._Element, site_names: list[str]) -> tuple[list[str], str | None]:
    """The article's authors and the source they came from ('jsonld', 'visible', 'meta')."""
    site_keys = {s.casefold() for s in site_names if s}

    def without_site(names: list[str]) -> list[str]:
        return [n for n in names if n.casefold() not in site_keys]

    people, orgs = _jsonld_authors(md)
    src = "jsonld" if md.article and (people or orgs) else "meta"
    if without_site(people):
        return without_site(people), src
    try:
        visible = _visible_authors(container)
    except Exception:  # noqa: BLE001
        visible = []
    if without_site(visible):
        return without_site(visible), "visible"
    meta_names: list[str] = []
    for raw in md.get_all("author", "article:author", "twitter:creator:name", "dc.creator",
                          "dcterms.creator", "parsely-author", "sailthru.author", "byl"):
        if raw.startswith(("http://", "https://", "@")):
            continue  # a profile URL or a Twitter handle, not a name
        meta_names.extend(clean_author(raw))
    # Yoast: <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" ...>
    for i in range(1, 5):
        label = md.get(f"twitter:label{i}") or ""
        if label.lower().startswith(("written by", "author")):
            data = md.get(f"twitter:data{i}")
            if data:
                meta_names.extend(clean_author(data))
    meta_names = _dedupe(meta_names)
    if without_site(meta_names):
        return without_site(meta_names), "meta"
    # Only the site or an organisation is credited: keep it, it is the only credit.
    for names, source in ((people, src), (orgs, src), (visible, "visible"), (meta_names, "meta")):
        if names:
            return names, source
    return [], None


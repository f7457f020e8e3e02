"""The post's own title, cleaned of site names and Yoast-style appended excerpts."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from .metadata import Metadata, as_text
from .parse import classes, clean_text, css, text_of

_SEPS = r"(?:\s*[:|»·•]\s*|\s+[-–—~/]\s+|\s*::\s*)"
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[(?:…|\.\.\.|&hellip;)\])\s*$")


def _norm(s: str) -> str:
    """Comparison form: casefolded, quotes/dashes unified, punctuation-light."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "}))
    s = _ELLIPSIS.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Remove a site name prefix or suffix together with its separator."""
    t = title
    for name in sorted({n for n in site_names if n}, key=len, reverse=True):
        esc = re.escape(name)
        prefix = re.match(rf"^\s*{esc}{_SEPS}(?P<rest>.+)$", t, re.I)
        if prefix and prefix.group("rest").strip():
            t = prefix.group("rest").strip()
        suffix = re.match(rf"^(?P<rest>.+?){_SEPS}{esc}\s*$", t, re.I)
        if suffix and suffix.group("rest").strip():
            t = suffix.group("rest").strip()
    return t


def strip_excerpt(title: str, excerpts: list[str]) -> str:
    """Drop a trailing ' - EXCERPT' (Yoast's "TITLE - %%excerpt%%") when it starts the excerpt.

    Only cut at a dash separator and only when the text after it is (a prefix of) the
    description or first paragraph, so titles like "Parking - a view from Elm Road" stay.
    """
    keys = [_norm(e) for e in excerpts if e and len(e) >= 15]
    if not keys:
        return title
    for m in re.finditer(r"\s*[:|]\s+|\s+[-–—]\s+", title):
        tail = _norm(title[m.end():])
        # Appended excerpts are long; a short tail is a subtitle the standfirst may repeat
        # ("Parking - a view from Elm Road"), more so after a colon or bar.
        if len(tail) < (40 if m.group().strip() in {":", "|"} else 30) and tail != keys[0]:
            continue
        for key in keys:
            if key.startswith(tail) or (len(key) >= 40 and tail.startswith(key)):
                return title[: m.start()].strip()
    return title


def clean_title(raw: str, site_names: list[str], excerpts: list[str]) -> str:
    """A candidate title without site name and appended excerpt."""
    t = clean_text(raw)
    t = strip_site_name(t, site_names)
    t = strip_excerpt(t, excerpts)
    t = strip_site_name(t, site_names)
    return t


_SITE_TITLE_CLASSES = {"site-title", "site-name", "logo", "site-logo", "brand", "navbar-brand"}


def visible_headline(container: etree._Element, root: etree._Element) -> str:
    """The h1 of the article area (not the site logo's h1)."""
    for scope in (container, root):
        for h in css(scope, "h1"):
            if any(c in _SITE_TITLE_CLASSES for c in classes(h)) or any(
                any(c in _SITE_TITLE_CLASSES for c in classes(a)) or a.tag in {"header"} and "site-header" in classes(a)
                for a in h.iterancestors()
            ):
                continue
            t = text_of(h)
            if t:
                return t
    for h in css(container, ".entry-title, .post-title, [itemprop=headline], h2"):
        t = text_of(h)
        if t:
            return t
    return ""


def find_title(md: Metadata, container: etree._Element, root: etree._Element,
               site_names: list[str], excerpts: list[str]) -> tuple[str | None, str | None]:
    """The title and its source ('jsonld', 'meta', 'visible')."""
    meta_cands: list[tuple[str, str]] = []
    for node, source in ((md.article, "jsonld"), (md.microdata, "meta")):
        if node:
            v = as_text(node.get("headline")) or as_text(node.get("name"))
            if v:
                meta_cands.append((v, source))
    for key in ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "headline"):
        v = md.get(key)
        if v:
            meta_cands.append((v, "meta"))
    if md.webpage and md.webpage.get("name"):
        meta_cands.append((as_text(md.webpage.get("name")), "jsonld"))
    title_el = root.find(".//head/title")
    if title_el is None:
        title_el = root.find(".//title")
    if title_el is not None and text_of(title_el):
        meta_cands.append((text_of(title_el), "meta"))

    # A <title> swallowing the page (unclosed tag) is no title.
    meta_cands = [(raw, src) for raw, src in meta_cands if len(raw) <= 400]
    cleaned = [(clean_title(raw, site_names, excerpts), src) for raw, src in meta_cands]
    cleaned = [(t, s) for t, s in cleaned if t and _norm(t) not in {_norm(n) for n in site_names}]
    h1 = visible_headline(container, root)
    h1 = clean_title(h1, site_names, excerpts) if len(h1) <= 400 else ""

    if h1:
        nh = _norm(h1)
        for t, _src in cleaned:
            nt = _norm(t)
            if nh == nt or (nh in nt and len(nh) >= 8) or (nt in nh and len(nt) >= 0.6 * len(nh)):
                # Agreeing: prefer the visible headline (full, unescaped, not truncated).
                return h1, "visible"
    if cleaned:
        best, src = cleaned[0]
        if not site_names or src == "meta":
            # Unknown site name: the headline is usually a piece of the <title> that is
            # also shown on the page ("Site :: Headline", "Headline - Section - Site").
            shown = _shown_part(best, container, root)
            if shown:
                return shown, "visible"
        # Yoast truncates JSON-LD headlines at 110 characters: take a longer metadata
        # title that starts with the truncated one.
        nb = _norm(best)
        for t, s in cleaned[1:]:
            if len(t) > len(best) and _norm(t).startswith(nb) and len(best) >= 60:
                best, src = t, s
        best = _ELLIPSIS.sub("", best) if len(best) >= 100 else best
        return best, src
    if h1:
        return h1, "visible"
    return None, None


def _shown_part(title: str, container: etree._Element, root: etree._Element) -> str:
    """The longest short element text of the page that is a proper part of the title."""
    nt = _norm(title)
    if len(nt) < 12 or not re.search(_SEPS, title):
        return ""
    best = ""
    body = root.find("body")
    for t in _short_texts(body if body is not None else root):
        if len(t.split()) < 3:
            continue
        n = _norm(t)
        if n != nt and n in nt and len(t) > len(best):
            # Must be a whole segment between separators, not any substring.
            pos = nt.find(n)
            before, after = nt[:pos], nt[pos + len(n):]
            if (not before or re.search(r"[:|»>\-–—/]\s*$", before)) and (
                not after or re.match(r"^\s*[:|»>\-–—/]", after)
            ):
                best = t
    return best


def _short_texts(top: etree._Element) -> list[str]:
    """Texts (`text_of`) of 12 to 250 characters of ``top`` and its descendants, in
    document order, skipping script/style/title/option/a elements.

    Children come before their parent: once an element's text is over 250 characters,
    so is every ancestor's (its text contains the child's), and the costly texts of big
    containers are never built.
    """
    els = [el for el in top.iter() if isinstance(el.tag, str)]
    long: set[etree._Element] = set()
    texts: list[str | None] = [None] * len(els)
    for i in range(len(els) - 1, -1, -1):
        el = els[i]
        if el in long:
            parent = el.getparent()
            if parent is not None:
                long.add(parent)
            continue
        try:  # text_of(el), in two steps
            raw = el.text_content()
        except (ValueError, AttributeError):
            raw = "".join(el.itertext())
        if len(raw) < 12:
            continue  # whitespace collapsing only shortens a text
        t = clean_text(raw)
        if len(t) > 250:
            parent = el.getparent()
            if parent is not None:
                long.add(parent)
        elif len(t) >= 12 and el.tag not in {"script", "style", "title", "option", "a"}:
            texts[i] = t
    return [t for t in texts if t is not None]

"""Structured metadata of a page: JSON-LD (with Yoast ``@graph`` and ``@id`` references),
OpenGraph / ``article:*`` / twitter / Dublin Core ``<meta>`` tags, ``<link>`` relations and
schema.org microdata.

`read_metadata` collects it all once from the parsed tree; the field modules pick from it.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .clean import attr_words, class_tokens
from .parse import clean_text, css, text_of
from .urls import join_url
from .vocabulary import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    ORG_TYPES,
)


def types_of(node: Any) -> set[str]:
    """The lowercased schema.org type names of a JSON-LD node (URL prefixes removed)."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type") or node.get("type") or []
    if isinstance(raw, str):
        raw = [raw]
    out = set()
    for t in raw if isinstance(raw, list) else []:
        if isinstance(t, str):
            out.add(t.rsplit("/", 1)[-1].rsplit("#", 1)[-1].strip().lower())
    return out


def as_text(value: Any) -> str:
    """A JSON-LD value as clean text: strings unescaped (entities decoded), @value/name used."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        # JSON-LD from WordPress often carries HTML entities (&amp;, &#8217;) inside strings.
        return clean_text(htmllib.unescape(htmllib.unescape(value)))
    if isinstance(value, dict):
        for key in ("@value", "name", "text"):
            if key in value:
                return as_text(value[key])
        return ""
    if isinstance(value, list):
        for v in value:
            t = as_text(v)
            if t:
                return t
    return ""


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value as a list (None → [])."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass
class Metadata:
    """Everything machine-readable found on one page."""

    url: str
    nodes: list[dict] = field(default_factory=list)  # every JSON-LD node, flattened
    by_id: dict[str, dict] = field(default_factory=dict)
    article: dict | None = None  # the page's own Article node (JSON-LD)
    webpage: dict | None = None
    website: dict | None = None
    microdata: dict | None = None  # the page's Article item in microdata, as a JSON-LD-like dict
    hentry: dict | None = None  # the page's one hAtom/h-entry: {"published": str}
    meta: dict[str, list[str]] = field(default_factory=dict)  # name/property → contents
    links: dict[str, list[str]] = field(default_factory=dict)  # rel → absolute hrefs
    link_tags: list[dict[str, str]] = field(default_factory=list)
    body_classes: list[str] = field(default_factory=list)
    html_lang: str | None = None
    problems: list[str] = field(default_factory=list)

    def get(self, *keys: str) -> str | None:
        """The first non-empty <meta> content among the keys (lowercased names)."""
        for key in keys:
            for v in self.meta.get(key.lower(), []):
                v = clean_text(htmllib.unescape(v))
                if v:
                    return v
        return None

    def get_all(self, *keys: str) -> list[str]:
        """All non-empty <meta> contents for the keys, in order."""
        out = []
        for key in keys:
            for v in self.meta.get(key.lower(), []):
                v = clean_text(htmllib.unescape(v))
                if v:
                    out.append(v)
        return out

    def resolve(self, node: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference to the full node when the graph has it."""
        if isinstance(node, dict) and "@id" in node and len(node) <= 2:
            full = self.by_id.get(str(node["@id"]))
            if full is not None:
                return full
        if isinstance(node, str) and node in self.by_id:
            return self.by_id[node]
        return node

    def of_type(self, *names: str) -> list[dict]:
        """JSON-LD nodes having one of the (lowercase) types."""
        wanted = set(names)
        return [n for n in self.nodes if types_of(n) & wanted]

    def site_names(self) -> list[str]:
        """Names the site goes by: og:site_name, JSON-LD WebSite and publisher names."""
        names: list[str] = []
        for cand in (
            self.get("og:site_name", "application-name", "apple-mobile-web-app-title"),
            as_text(self.website.get("name")) if self.website else "",
            as_text(self.website.get("alternateName")) if self.website else "",
        ):
            if cand and cand not in names:
                names.append(cand)
        pubs = []
        if self.article:
            pubs.append(self.resolve(self.article.get("publisher")))
        if self.website:
            pubs.append(self.resolve(self.website.get("publisher")))
        for pub in pubs:
            if isinstance(pub, dict) and types_of(pub) & ORG_TYPES:
                n = as_text(pub.get("name"))
                if n and n not in names:
                    names.append(n)
        return names


# --- JSON-LD -------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--|-->|/\*.*?\*/|<!\[CDATA\[|\]\]>", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_json(text: str) -> list[Any] | None:
    """Parse a JSON-LD script, tolerating the usual breakage; None when hopeless."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        return []
    try:
        return [json.loads(text, strict=False)]
    except ValueError:
        pass
    except RecursionError:
        return None  # nested deeper than any metadata (a hostile or broken script)
    # Repaired only when needed (two substitutions over the whole script otherwise).
    fixed = _COMMENT.sub("", text).strip().rstrip(";")
    fixed = _TRAILING_COMMA.sub(r"\1", fixed)
    try:
        return [json.loads(fixed, strict=False)]
    except ValueError:
        pass
    # Several objects one after another, or junk after the first object.
    dec = json.JSONDecoder(strict=False)
    out: list[Any] = []
    pos = 0
    fixed = fixed.strip()
    while pos < len(fixed):
        while pos < len(fixed) and fixed[pos] not in "{[":
            pos += 1
        if pos >= len(fixed):
            break
        try:
            obj, end = dec.raw_decode(fixed, pos)
        except ValueError:
            break
        out.append(obj)
        pos = end
    return out or None


def _flatten(obj: Any, out: list[dict], depth: int = 0) -> None:
    """Collect every dict node with a type or id, depth-first."""
    if depth > 30:
        return
    if isinstance(obj, list):
        for item in obj:
            _flatten(item, out, depth + 1)
    elif isinstance(obj, dict):
        if "@graph" in obj:
            _flatten(obj["@graph"], out, depth + 1)
        if "@id" in obj or types_of(obj):  # (the cheap test first)
            out.append(obj)
        for key, value in obj.items():
            if key != "@graph" and isinstance(value, (dict, list)):
                _flatten(value, out, depth + 1)


def _read_jsonld(root: etree._Element, md: Metadata) -> None:
    broken = 0
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower().strip()
        if kind != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        if data is None:
            broken += 1
            continue
        _flatten(data, md.nodes)
    if broken:
        md.problems.append(f"broken JSON-LD ({broken} block{'s' if broken > 1 else ''} skipped)")
    for node in md.nodes:
        nid = node.get("@id")
        if isinstance(nid, str) and nid:
            if nid in md.by_id and len(node) <= 2:
                continue  # a bare reference; keep the full node
            if nid in md.by_id:
                merged = dict(md.by_id[nid])
                merged.update(node)
                md.by_id[nid] = merged
            else:
                md.by_id[nid] = node
    # Replace bare references in the node list by full nodes so type checks see them.
    md.nodes = [md.by_id.get(n.get("@id"), n) if len(n) <= 2 and "@id" in n else n for n in md.nodes]
    typed = [(n, types_of(n)) for n in md.nodes]  # each node's types read once
    arts = [n for n, types in typed if types & ARTICLE_TYPES]
    if arts:
        md.article = _pick_article(arts, md)
    pages = [n for n, types in typed if types & _PAGE_TYPES]
    if pages:
        md.webpage = pages[0]
    sites = [n for n, types in typed if "website" in types]
    if sites:
        md.website = sites[0]


_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "contactpage"} | LISTING_TYPES)


def _pick_article(arts: list[dict], md: Metadata) -> dict:
    """The Article node describing this page (pages can embed teasers of other articles)."""
    # The entries of a live blog (LiveBlogPosting.liveBlogUpdate) or an article's parts
    # are articles too, with their own headline, date and text: never the page's.
    parts = {id(c) for n in arts for key in ("liveBlogUpdate", "hasPart")
             for c in (n.get(key) if isinstance(n.get(key), list) else [n.get(key)]) if isinstance(c, dict)}

    def score(n: dict) -> int:
        s = -5 if id(n) in parts else 0
        if n.get("headline") or n.get("name"):
            s += 2
        if n.get("datePublished"):
            s += 2
        if n.get("articleBody"):
            s += 1
        ref = n.get("mainEntityOfPage")
        ref_id = ref.get("@id") if isinstance(ref, dict) else ref
        if ref_id and isinstance(ref_id, str) and md.url and ref_id.rstrip("/").split("#")[0] == md.url.rstrip("/"):
            s += 3
        return s

    best = max(arts, key=score)  # max keeps the first of equals
    return best


# --- meta / link tags ----------------------------------------------------------------------

def _read_head(root: etree._Element, md: Metadata) -> None:
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                # Microdata <meta itemprop> inside the body belongs to microdata items,
                # except when no item scopes it.
                if attr == "itemprop" and _in_itemscope(el):
                    continue
                md.meta.setdefault(key.strip().lower(), []).append(content)
    for el in root.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        href = (el.get("href") or "").strip()
        if not href:
            continue
        absolute = join_url(md.url, href)
        md.link_tags.append({"rel": " ".join(rels), "href": absolute,
                             "type": (el.get("type") or "").lower()})
        for rel in rels:
            md.links.setdefault(rel, []).append(absolute)
    body = root.find("body")
    if body is not None:
        md.body_classes = (body.get("class") or "").lower().split()
    lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    md.html_lang = lang.strip() if lang else None


def _in_itemscope(el: etree._Element) -> bool:
    return any(a.get("itemscope") is not None for a in el.iterancestors())


# --- microdata -----------------------------------------------------------------------------

def _prop_value(el: etree._Element, base: str) -> Any:
    if el.get("itemscope") is not None:
        return _item(el, base)
    if el.get("content") is not None:
        return el.get("content")
    if el.tag in {"a", "link", "area"} and el.get("href"):
        return join_url(base, el.get("href"))
    if el.tag in {"img", "audio", "video", "source", "embed", "iframe"} and el.get("src"):
        return join_url(base, el.get("src"))
    if el.tag == "time" and el.get("datetime"):
        return el.get("datetime")
    if el.tag in {"data", "meter"} and el.get("value"):
        return el.get("value")
    return text_of(el)


_ITEMPROPS = etree.XPath("descendant::*[@itemprop]")


def _in_inner_scope(el: etree._Element, scope: etree._Element) -> bool:
    """Whether an element between ``scope`` and ``el`` starts another item."""
    anc = el.getparent()
    while anc is not None and anc is not scope:
        if anc.get("itemscope") is not None:
            return True
        anc = anc.getparent()
    return False


_PICTURE_WORDS = frozenset({"credit", "caption", "photo", "image", "picture", "figure", "media"})


def _in_picture(el: etree._Element, scope: etree._Element) -> bool:
    """Whether ``el`` is (in) a figure, its caption or a photo credit, below ``scope``."""
    node: etree._Element | None = el
    while node is not None and node is not scope:
        if node.tag in ("figure", "figcaption") or attr_words(node) & _PICTURE_WORDS:
            return True
        node = node.getparent()
    return False


def _item(scope: etree._Element, base: str, depth: int = 0) -> dict:
    item: dict[str, Any] = {}
    itemtype = scope.get("itemtype") or ""
    if itemtype:
        item["@type"] = [t for t in itemtype.split()]
    if depth > 8:
        return item
    # The item's properties, in document order: the elements with an itemprop below the
    # scope but not below an inner scope (an element that is itself an inner scope is a
    # property holding an item). Found by XPath rather than by walking every element.
    for child in _ITEMPROPS(scope):
        prop = child.get("itemprop")
        if not prop or _in_inner_scope(child, scope):
            continue
        names = prop.split()
        if {"author", "creator"} & set(names) and _in_picture(child, scope):
            # A photo's credit marked as a creator inside the article's item (WSJ's
            # "Photo: A/Bloomberg News") credits the photo, not the article.
            names = [n for n in names if n not in ("author", "creator")]
            if not names:
                continue
        value = _prop_value(child, base) if child.get("itemscope") is None else _item(child, base, depth + 1)
        for name in names:
            item.setdefault(name, []).append(value)
    # Single values unwrapped, as JSON-LD usually has them.
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 and k != "@type" else v) for k, v in item.items()}


def _read_microdata(root: etree._Element, md: Metadata) -> None:
    for scope in css(root, "[itemscope][itemtype]"):
        item_types = {t.rsplit("/", 1)[-1].lower() for t in (scope.get("itemtype") or "").split()}
        if item_types & ARTICLE_TYPES:
            md.microdata = _item(scope, md.url)
            return


# --- microformats (hAtom / h-entry: Blogger, older WordPress themes) ------------------------

# A substring test first (cheap, in libxml2); the class tokens are checked after: a
# whitespace-normalising XPath per element cost about a millisecond per page.
_MAYBE_ENTRIES = etree.XPath("//*[contains(@class, 'entry')]")
_ENTRY_CLASSES = frozenset({"hentry", "h-entry"})


def _mf_value(el: etree._Element) -> str:
    """A microformat date's value: <abbr title>, <time datetime>, else the text."""
    return clean_text(el.get("title") if el.tag == "abbr" else el.get("datetime") or text_of(el))


def _in_comment(el: etree._Element, entry: etree._Element) -> bool:
    """Whether an element between ``entry`` and ``el`` is a comment's."""
    for anc in el.iterancestors():
        if anc is entry:
            return False
        if "comment" in (anc.get("class") or ""):
            return True
    return False


def _read_hatom(root: etree._Element, md: Metadata) -> None:
    """The publication time of the page's hAtom entry, when it has exactly one (a listing
    has several), outside any comment. (Its author card is not read: team blogs post
    under the blog's account.)"""
    entries = [el for el in _MAYBE_ENTRIES(root) if class_tokens(el.get("class") or "") & _ENTRY_CLASSES]
    if len(entries) != 1:
        return
    entry = entries[0]
    for el in entry.iter(etree.Element):
        if not class_tokens(el.get("class") or "") & {"published", "dt-published"}:
            continue
        if _in_comment(el, entry):
            continue
        value = _mf_value(el)
        if value:
            md.hentry = {"published": value}
            return


def read_metadata(root: etree._Element, url: str) -> Metadata:
    """Collect JSON-LD, meta/link tags, microdata and hAtom of a parsed page. Never raises."""
    md = Metadata(url=url)
    for step in (_read_head, _read_jsonld, _read_microdata, _read_hatom):
        try:
            step(root, md)
        except Exception as exc:  # noqa: BLE001 - one broken source must not lose the others
            md.problems.append(f"metadata: {step.__name__.strip('_')} failed: {exc}")
    return md

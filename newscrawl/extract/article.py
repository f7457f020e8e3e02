"""The article orchestrator: every metadata field from the parsed tree first, then the
body (which may modify the tree), then word count, reading time, images and links.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import lxml.html
from lxml import etree

from .authors import find_authors
from .body import PageHeadlines, page_headlines
from .body import extract_body as _extract_body
from .body.container import body_from_container
from .body.headlines import PageBylines, page_titles
from .cfemail import decode_cfemails
from .classify import classify
from .clean import class_id_words, drop_tree, text_content
from .consensus import MAX_ELEMENTS, declared_body, second_opinions
from .dates import find_dates
from .media import body_images, body_links, featured_record, find_featured
from .metadata import Metadata, as_text, read_metadata
from .model import Article
from .parse import (
    Selectors,
    clean_text,
    css,
    find_container,
    find_content,
    first_paragraph,
    is_noise,
    keep_body_fragment,
    page_scope,
    paragraph_block,
    parse_html,
    text_of,
)
from .profiles import GENERIC, Profile, all_profiles, profile_for
from .protected import is_password_form_page, is_prompt, mark_protected, strip_protected_prefix
from .taxonomy import find_taxonomy
from .template import PageTemplate, SiteTemplate, area_signature, page_features
from .titles import find_title
from .urls import join_url, split_url
from .vocabulary import BOILERPLATE_LINE, EXCERPT_SELECTORS, STANDFIRST_CLASS_WORDS
from .zones import dates_zone, profile_zone

__all__ = ["extract_article", "extract_parsed"]

WORDS_PER_MINUTE = 230


@dataclass
class _FallbackBody:
    text: str
    html: str


def _fallback_body(container: etree._Element) -> _FallbackBody:
    """Text of the <p> elements of the content area: the safety net when the body
    extractor is missing or finds nothing on an article."""
    content = find_content(container)
    area = content if content is not None else container
    # Script and style text is no paragraph text, even inside a <p> (``container`` is
    # the caller's copy: stripping in place is fine).
    etree.strip_elements(area, "script", "style", "noscript", "template", with_tail=False)
    paras = [text_of(p) for p in area.iter("p") if not is_noise(p)]
    # (A share box's or a "Read more" button's label is no paragraph of the story.)
    paras = [p for p in paras if p and not (len(p) < 120 and BOILERPLATE_LINE.match(p))]
    html = "".join(f"<p>{_escape(p)}</p>" for p in paras)
    return _FallbackBody("\n\n".join(paras), html)


def _child_path(el: etree._Element, root: etree._Element) -> tuple[int, ...] | None:
    """Child indexes from ``root`` down to ``el`` (None when ``el`` is not under ``root``):
    the same element in a copy of ``root``."""
    path: list[int] = []
    while el is not root:
        parent = el.getparent()
        if parent is None:
            return None
        path.append(parent.index(el))
        el = parent
    return tuple(reversed(path))


def _at_path(root: etree._Element, path: tuple[int, ...]) -> etree._Element:
    for i in path:
        root = root[i]
    return root


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _match_profile(url: str, md: Metadata) -> Profile:
    """The host's profile, else one whose site_name equals the page's own site name."""
    prof = profile_for(url)
    if prof is not GENERIC and prof.name != GENERIC.name:
        return prof
    names = {n.casefold() for n in md.site_names()}
    for p in all_profiles():
        if p.site_name and p.site_name.casefold() in names:
            return p
    return prof


def _apply_site_titles(site: SiteTemplate, md: Metadata, root: etree._Element,
                       site_names: list[str]) -> None:
    """Remove the site's learned title affixes from the <title>/og:title candidates, and
    add its name to the names no title or author may be."""
    for name in site.site_names():
        if name not in site_names:
            site_names.append(name)
    description = md.get("description", "og:description") or ""
    for key in ("og:title", "twitter:title"):
        if md.meta.get(key):
            md.meta[key] = [site.strip_title(v, description) for v in md.meta[key]]
    title_el = root.find(".//head/title")
    if title_el is None:
        title_el = root.find(".//title")
    if title_el is not None and len(title_el) == 0 and title_el.text:
        title_el.text = site.strip_title(title_el.text, description)


def _reconcile(body: Any, pristine: etree._Element, url: str, profile: Profile, art: Article,
               site: PageTemplate | None, md: Metadata,
               headlines: PageHeadlines | None = None) -> tuple[Any, str]:
    """Our body, or another extractor's when the vote says ours picked the wrong text
    (consensus.py); the winner's container goes through our own stages 5-8.
    ``headlines``: `page_headlines` of ``pristine`` with ``art.title``, when read before;
    then ``pristine`` itself goes to the second opinions (it is not read again)."""
    declared = declared_body(pristine, as_text(md.article.get("articleBody")) if md.article else None)
    winner, _asked = second_opinions(pristine, url, body.text or "", art.standfirst, declared,
                                     spare=headlines is not None)
    if winner.name == "newscrawl" or winner.container is None:
        return body, "newscrawl"
    alt = body_from_container(winner.container, pristine, url, profile, title=art.title,
                              standfirst=art.standfirst, site=site, headlines=headlines)
    art.problems.extend(f"{winner.name}'s body: {p}" for p in alt.problems)
    if site is not None:
        alt = _drop_site_boilerplate(alt, site)
    if not (alt.text or "").strip():
        return body, "newscrawl"
    return alt, winner.name


_BLOCK_XPATH = "//p|//li|//h2|//h3|//h4|//h5|//h6|//blockquote|//pre"
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_TEXT_XPATH = "self::p|self::li|self::h2|self::h3|self::h4|self::h5|self::h6|self::pre|.//p|.//li|.//pre"


def content_area_state(body: Any, content: etree._Element | None) -> tuple[str, bool]:
    """What our body made of the page's marked-up content area (a WordPress
    ``.entry-content``, an ``itemprop=articleBody``...), and whether it is most of it.

    "kept": a body of at least KEPT_MIN_WORDS that is most of the area: the page says
    where its article is and we kept it, so there is nothing for a second opinion to
    settle. "left": a long area our body is not most of. "short": too short to tell (a
    short body that is most of its area is trusted only where the site's template
    trusts the area). "": no area, or no body."""
    if content is None or body is None or not (body.text or "").strip():
        return "", False
    ours = len((body.text or "").split())
    area = sum(len((text_content(el) or "").split()) for el in content.iter(*_AREA_BLOCKS))
    if area <= 0:
        return "", False
    most = ours >= KEPT_SHARE * area
    if ours >= KEPT_MIN_WORDS and most:
        return "kept", True
    return ("left" if area >= KEPT_MIN_WORDS and not most else "short"), most


KEPT_MIN_WORDS = 150
KEPT_SHARE = 0.8
_AREA_BLOCKS = ("p", "li", "h2", "h3", "h4", "blockquote", "pre")


def _drop_site_boilerplate(body: Any, site: PageTemplate) -> Any:
    """The body without the site's boilerplate blocks, and without the sections such a
    block heads: a heading the site repeats on many pages ("about author", "You may also
    like") and the short blocks under it, up to the next heading, are furniture. (The
    blocks alone are also dropped by the body extractor's ``site=`` hook.)"""
    html = body.html or ""
    try:
        frag = lxml.html.fragment_fromstring(html, create_parent="div") if html else None
    except (etree.ParserError, ValueError):
        frag = None
    if frag is None:
        paras = [p for p in (body.text or "").split("\n\n") if p]
        keep = [p for p in paras if not site.is_boilerplate(p)]
        return body if len(keep) == len(paras) else _FallbackBody("\n\n".join(keep), html)
    dropped: list[str] = []
    changed = False
    in_section = False
    for el in list(frag):
        if not isinstance(el.tag, str):
            continue
        text = text_of(el)
        if el.tag in _HEADING_TAGS:
            in_section = site.is_boilerplate(text)
            drop = in_section
        else:
            drop = (in_section and len(text) <= 300) or site.is_boilerplate(text)
        if drop:
            dropped += [text_of(t) for t in el.xpath(_TEXT_XPATH)]
            drop_tree(el)
            changed = True
            continue
        # Boilerplate inside a kept list or quote (``.//p|.//li``, found without an XPath
        # per block: most blocks are a paragraph holding none).
        for inner in [x for x in el.iter("p", "li") if x is not el]:
            if inner.getparent() is not None and site.is_boilerplate(text_of(inner)):
                dropped.append(text_of(inner))
                drop_tree(inner)
                changed = True
    if not changed and html.strip():
        # The body's HTML as parsed, untouched: its images and links are read from it.
        keep_body_fragment(html, frag)
    if not dropped:
        return body
    for el in frag.xpath("//ul|//ol|//blockquote"):  # left empty
        if not len(el) and not (el.text or "").strip() and el.getparent() is not None:
            drop_tree(el)
    paras = [p for p in (body.text or "").split("\n\n") if p]
    for text in dropped:  # the same blocks, out of the text
        if text in paras:
            paras.remove(text)
    html = "".join(etree.tostring(c, encoding="unicode", method="html") for c in frag)
    return _FallbackBody("\n\n".join(paras), html)


def _with_headline(container: etree._Element, root: etree._Element) -> etree._Element:
    """The container, or, when it lacks the page's only <h1> (a page builder that wraps
    related-post teasers in <article> but not the post itself) or is the whole <body>
    (no known container at all), the nearest element holding both that headline and the
    page's main run of paragraphs."""
    if container.tag not in ("body", "html") and container.find(".//h1") is not None:
        return container
    body = root.find("body")
    h1s = list((body if body is not None else root).iter("h1"))
    if len(h1s) != 1:
        return container
    block = paragraph_block(root)
    if block is None:
        if container.tag in ("body", "html"):
            return container
        # No run of paragraphs (a password-protected post): the headline's nearest
        # ancestor with some text besides it, for its byline, terms and image.
        for el in h1s[0].iterancestors():
            if el.tag in ("body", "html") or is_noise(el):
                break
            if len(text_content(el)) >= 500:
                return el
        return container
    ancestors = set(h1s[0].iterancestors())
    for el in (block, *block.iterancestors()):
        if el in ancestors:
            return el if el.tag not in ("body", "html") else container
    return container


def _language(md: Metadata) -> str | None:
    raw = (md.html_lang or md.get("og:locale") or md.get("content-language", "dc.language", "language")
           or (as_text(md.article.get("inLanguage")) if md.article else "")
           or (as_text(md.webpage.get("inLanguage")) if md.webpage else ""))
    if not raw:
        return None
    raw = raw.split(",")[0].strip().replace("_", "-")
    parts = [p for p in raw.split("-") if p]
    if not parts or not re.match(r"^[A-Za-z]{2,3}$", parts[0]):
        return None
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 2 and p.isalpha():
            out.append(p.upper())
        elif len(p) == 4 and p.isalpha():
            out.append(p.title())
        else:
            out.append(p)
    return "-".join(out)


def _wp_id(md: Metadata, root: etree._Element, container: etree._Element) -> tuple[int | None, str | None]:
    for href in md.links.get("shortlink", []):
        q = parse_qs(split_url(href).query)
        if q.get("p", [""])[0].isdigit():
            return int(q["p"][0]), "meta"
    for tag in md.link_tags:
        m = re.search(r"/wp-json/wp/v2/posts/(\d+)", tag["href"])
        if m and "alternate" in tag["rel"]:
            return int(m.group(1)), "rest"
    for cls in md.body_classes:
        m = re.match(r"^postid-(\d+)$", cls)
        if m:
            return int(m.group(1)), "visible"
    for el in _post_elements(root, container):
        m = re.match(r"^post-(\d+)$", el.get("id") or "")
        if m:
            return int(m.group(1)), "visible"
    return None, None


def _post_elements(root: etree._Element, container: etree._Element) -> Iterator[etree._Element]:
    """The container, its <article>s, then the page's ``article[id^=post-]``: lazily, as
    the first with a post id ends the search (most often the container itself)."""
    yield container
    yield from container.iter("article")
    yield from css(root, "article[id^=post-]")


def _protected_title(title: str | None, container: etree._Element,
                     site_names: list[str]) -> str | None:
    """The real title of a protected post: without "Protected: ", never the site name
    (the theme's ``<h1>`` carries the prefix, so it rarely agrees with metadata)."""
    names = {n.casefold() for n in site_names}
    headings = [(text_of(h1), strip_protected_prefix(text_of(h1))) for h1 in container.iter("h1")]
    # The theme's own "Protected: TITLE" heading is this post's title, whatever <title> says.
    for raw, text in headings:
        if text and text != raw and text.casefold() not in names:
            return text
    title = strip_protected_prefix(title)
    if title and title.casefold() not in names:
        return title
    return next((t for _, t in headings if t and t.casefold() not in names), title)


def _canonical(md: Metadata, url: str) -> str:
    """The page's rel=canonical, else og:url, else ``url``: the first one that is an
    http(s) URL (``javascript:``, ``data:`` and other schemes are ignored)."""
    for href in [*md.links.get("canonical", []), md.get("og:url") or ""]:
        absolute = join_url(url, href.strip()) if href and href.strip() else ""
        if split_url(absolute).scheme in ("http", "https"):
            return absolute
    return url


_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…|\[(?:…|\.\.\.)\]|&hellip;|\[&hellip;\])\s*$")


# The excerpt the page shows, used only when the head has no description: a WordPress
# excerpt block (one pass over the container for all four: `Selectors`), else a block
# the template names a standfirst ("dek", "standfirst").
_VISIBLE_EXCERPT = Selectors(EXCERPT_SELECTORS)


def _visible_excerpt(container: etree._Element) -> str:
    for _sel, found in _VISIBLE_EXCERPT.each(container):
        if len(found) == 1:  # several: a listing of teasers, not this post's excerpt
            text = text_of(found[0])
            if text and not is_prompt(text):
                return text
    for el in container.iter():
        if isinstance(el.tag, str) and el.get("class") and class_id_words(el) & STANDFIRST_CLASS_WORDS:
            text = text_of(el)
            if 20 <= len(text) <= 600 and not is_prompt(text):
                return text
    return ""


def _standfirst(md: Metadata, first_para: str, container: etree._Element) -> tuple[str | None, str | None]:
    """The excerpt: the longest untruncated of the description candidates, else the
    excerpt the page shows (`_visible_excerpt`, looked for only then)."""
    cands: list[tuple[str, str]] = []
    for key in ("description", "og:description", "twitter:description", "dc.description"):
        v = md.get(key)
        if v and not is_prompt(v):
            cands.append((v, "meta"))
    for node in (md.article, md.webpage, md.microdata):
        if node:
            v = as_text(node.get("description"))
            if v and not is_prompt(v):
                cands.append((v, "jsonld" if node is not md.microdata else "meta"))
    if not cands:
        visible = _visible_excerpt(container)
        return (clean_text(visible), "visible") if visible else (None, None)
    best, src = cands[0]
    for text, s in cands[1:]:
        core = _TRUNCATED.sub("", best)
        if len(text) > len(best) and _TRUNCATED.search(best) and text.startswith(core):
            best, src = text, s
    if _TRUNCATED.search(best) and first_para:
        core = _TRUNCATED.sub("", best)
        # A cut excerpt that starts the first paragraph: the paragraph is the excerpt when
        # it is excerpt-sized (WordPress auto-excerpts cut a short first paragraph).
        if len(core) >= 30 and first_para.startswith(core) and len(first_para) <= max(400, 2 * len(core)):
            best, src = first_para, "visible"
    return clean_text(best), src


def extract_article(html: str | bytes, url: str | None, profile: Profile | None = None, *,
                    content_type: str | None = None, site: SiteTemplate | None = None,
                    features: bool = False) -> Article:
    """Parse one page into an `Article`. Never raises: problems are listed in `.problems`.

    Byte input is decoded as Scrapy's ``response.text`` (``decode.decode_html``): BOM,
    ``content_type`` (the HTTP header, optional), the page's <meta charset>, detection.
    ``site``: the site's learned template (``newscrawl.extract.template``): its title
    affixes, boilerplate blocks and excerpt-tail rule are applied. With ``features``,
    ``art.features`` holds the page's template features, for a template learner (not
    stored; a pass over the whole page that a single page does not need). ``url`` may be
    None or "" for a page read without its address (relative links then stay relative).
    """
    root, problems = parse_html(html, content_type)
    return extract_parsed(root, url or "", profile, problems=problems, site=site, features=features)


def extract_parsed(root: lxml.html.HtmlElement, url: str, profile: Profile | None = None, *,
                   problems: Iterable[str] = (), site: SiteTemplate | None = None,
                   features: bool = False) -> Article:
    """`extract_article` of a page already parsed by ``parse.parse_html`` (``problems``:
    what that parse reported). The tree is modified: parse a page once per extraction.
    For a caller that reads the tree as parsed first (the crawl's links)."""
    art = Article(url=url)
    art.problems.extend(problems)
    with page_scope():  # shared lookups for this page only; the tree is not kept alive
        try:
            _extract(root, url, profile, art, site, features)
        except Exception as exc:  # noqa: BLE001 - the contract is to always return a record
            art.problems.append(f"extraction failed: {type(exc).__name__}: {exc}")
    return art


def _extract(root: lxml.html.HtmlElement, url: str, profile: Profile | None, art: Article,
             site: SiteTemplate | None = None, features: bool = False) -> None:
    is_xml = bool(root.get("data-newscrawl-xml"))
    md = read_metadata(root, url)
    art.problems.extend(md.problems)
    if profile is None:
        profile = _match_profile(url, md)
    site_names = md.site_names()
    if profile.site_name and profile.site_name not in site_names:
        site_names.append(profile.site_name)

    # Decode protected addresses first so that every field and the body see real ones.
    decode_cfemails(root)
    # Template features from the whole page, before the body stage rewrites the tree.
    art.features = page_features(root) if features else None
    if site is not None:
        _apply_site_titles(site, md, root, site_names)
    container = _with_headline(find_container(root), root)
    art.canonical_url = _canonical(md, url)
    first_para = first_paragraph(container)
    if is_prompt(first_para):  # a password-protected post: the prompt is no paragraph
        first_para = ""

    sources: dict[str, str] = {}
    standfirst, src = _standfirst(md, first_para, container)
    if standfirst and site is not None and site.is_boilerplate(standfirst):
        standfirst, src = None, None  # the site's stock text, not this article's excerpt
    art.standfirst = standfirst
    if src:
        sources["standfirst"] = src
    excerpts = [e for e in (standfirst, md.get("description"), md.get("og:description"), first_para) if e]
    art.title, src = find_title(md, container, root, site_names, excerpts)
    if src:
        sources["title"] = src

    # Local times printed without an offset: the profile's zone, or for a site without a
    # profile the zone of the page's country when it has one (else the generic default).
    tz = dates_zone(url, _language(md), profile_zone(profile))
    dates = find_dates(md, container, url, tz)
    art.problems.extend(dates.problems)
    sources.update(dates.sources)
    if dates.published:
        art.published, art.published_raw = dates.published.iso, dates.published.raw
    if dates.modified:
        art.modified, art.modified_raw = dates.modified.iso, dates.modified.raw

    art.authors, src = find_authors(md, container, site_names, root)
    # The body consults the template with the page's credit: an author's bio box is
    # boilerplate on that author's pages only.
    page_site = PageTemplate(site, tuple(art.authors)) if site is not None else None
    # Who the page credits, for learning the authors' bio boxes (template.py).
    if art.features is not None:
        art.features.authors = tuple(art.authors)
    if src:
        sources["authors"] = src
    art.section, art.tags, tax_sources = find_taxonomy(md, container, root)
    sources.update(tax_sources)

    featured = find_featured(md, container, url)
    art.image_url = featured["url"]
    # The caption as published (credit included); images[] has it split into caption/credit.
    art.image_caption = clean_text(featured["caption"]) or None
    if featured["source"]:
        sources["image_url"] = featured["source"]

    art.wp_id, src = _wp_id(md, root, container)
    if src:
        sources["wp_id"] = src
    art.language = _language(md)
    art.is_article, art.page_type = classify(
        md, root, container, has_title=bool(art.title), has_date=bool(art.published)
    )
    # A post behind WordPress' password form: public metadata only, never the prompt.
    protected = art.is_article and is_password_form_page(root, md.body_classes)
    if protected:
        art.title = _protected_title(art.title, container, site_names)

    # Body last: the extractor may rewrite the tree, so keep a copy of the known content
    # area as a safety net for articles where it finds nothing.
    content = find_content(container)
    area = area_signature(content) if content is not None else ""
    keep = art.is_article and not protected
    # The page as parsed, for the second opinions on the body (consensus.py); listing
    # pages and protected posts do not need them.
    wants_body = (keep or art.page_type == "unknown") and not protected and not is_xml
    if wants_body:
        size = int(root.xpath("count(//*)"))
        if size > MAX_ELEMENTS:
            wants_body = False
            art.problems.append(f"second opinions skipped: a page of {size} elements (over {MAX_ELEMENTS})")
    area_el = content if content is not None else container
    # The backup is the area's copy within ``pristine`` when there is one (copied only if
    # the fallback runs, which leaves ``pristine`` untouched): one copy of the page, not two.
    backup_path = _child_path(area_el, root) if keep and wants_body else None
    backup = copy.deepcopy(area_el) if keep and backup_path is None else None
    pristine = copy.deepcopy(root) if wants_body else None
    body: Any = None
    headlines: PageHeadlines | None = None
    if not protected:
        # What the page says about its headline and byline, for our body and, read from
        # the same page as ``pristine``, for another extractor's container.
        try:
            if pristine is not None:
                # The bylines are read from ``pristine`` (the page as it is now) only if a
                # "By ..." line asks for them, and before the second opinions change it.
                headlines = (*page_titles(root, art.title), PageBylines(pristine))
            else:
                headlines = page_headlines(root, art.title)
        except Exception:  # noqa: BLE001 - extract_body reads them again and reports it
            headlines = None
        # extract_body never raises: its failures come back in body.problems.
        body = _extract_body(root, url, profile, title=art.title, standfirst=art.standfirst,
                             site=page_site, headlines=headlines)
        if page_site is not None:
            body = _drop_site_boilerplate(body, page_site)
    if body is not None:  # failures inside the body extractor, which does not raise
        art.problems.extend(getattr(body, "problems", None) or ())
    if backup is None and backup_path is not None and (body is None or not (body.text or "").strip()):
        backup = copy.deepcopy(_at_path(pristine, backup_path))
    if (body is None or not (body.text or "").strip()) and backup is not None:
        fallback = _fallback_body(backup)
        if fallback.text and page_site is not None:
            # Plain paragraphs still hold the site's furniture ("Advertisement").
            fallback = _drop_site_boilerplate(fallback, page_site)
        if fallback.text:
            if body is not None:
                art.problems.append("body extractor found no text: plain paragraphs used")
            body = fallback
    if body is None:
        body = _FallbackBody("", "")
    if pristine is not None or art.features is not None:  # else nobody reads it
        state, most = content_area_state(body, content)
        if art.features is not None and state:
            art.features.content_area, art.features.area_state = area, state
        trusted = state == "kept" or (most and site is not None and area in site.content_areas)
        if pristine is not None and trusted:
            pristine = None  # see content_area_state
            sources["body_extractor"] = "newscrawl"
    if pristine is not None:
        if headlines is not None and isinstance(headlines[2], PageBylines):
            headlines[2].read()  # the second opinions may change ``pristine``
        body, sources["body_extractor"] = _reconcile(body, pristine, url, profile, art, page_site, md,
                                                     headlines)
    art.body, art.body_html = body.text or "", body.html or ""
    if (art.page_type == "unknown" and art.title and len(art.body.split()) >= 150
            and not is_xml and "error404" not in md.body_classes):
        # No markup says what the page is, but it has a headline and a real body of text.
        art.is_article, art.page_type = True, "article"
    sources["body"] = "visible"
    art.word_count = len(re.findall(r"\w+(?:[-'’]\w+)*", art.body))
    art.reading_time = math.ceil(art.word_count / WORDS_PER_MINUTE) if art.word_count else 0
    if art.body.strip() and art.reading_time < 1:
        art.reading_time = 1

    images = body_images(art.body_html, url)
    feat = featured_record(featured)
    if feat is not None:
        same = [im for im in images if im["url"] == feat["url"]]
        if same:
            for key in ("caption", "credit"):
                same[0][key] = same[0][key] or feat[key]
        else:
            images.insert(0, feat)
    art.images = images
    hosts = [split_url(url).netloc, split_url(art.canonical_url or url).netloc]
    art.links = body_links(art.body_html, url, hosts)
    art.sources = sources
    if art.is_article:
        for name in ("title", "published", "authors"):
            if not getattr(art, name):
                art.problems.append(f"no {name} found")
        if not art.body.strip():
            art.problems.append("no body text found")
    if protected:
        mark_protected(art)
    art.title = clean_text(art.title) or None

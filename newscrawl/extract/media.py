"""Images and links: the featured image with caption and credit, body images, body links."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .clean import class_id_words, holds
from .metadata import Metadata, as_text
from .parse import body_fragment, classes, clean_text, css, find_content, text_of
from .urls import join_url, split_url
from .vocabulary import (
    AD_WORDS,
    CHROME_IMAGE_SRC,
    CREDIT_LABEL,
    SITE_HEADER_WORDS,
)


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """('A crowd at the pier', 'Jane Doe') from 'A crowd at the pier. Photo: Jane Doe'."""
    text = clean_text(caption)
    if not text:
        return None, None
    m = CREDIT_LABEL.search(text)
    if m and (":" in m.group(0) or "©" in m.group(0) or re.search(r"credit|\bby\b", m.group(0), re.I)):
        who = clean_text(m.group("who")).strip(" .,;")
        rest = clean_text(text[: m.start()]).rstrip(" ,;(|–—-").strip()
        if who:
            return (rest or None), who
    return text, None


def _image_url(md: Metadata, node: Any) -> tuple[str | None, str | None]:
    node = md.resolve(node)
    if isinstance(node, list):
        for item in node:
            url, cap = _image_url(md, item)
            if url:
                return url, cap
        return None, None
    if isinstance(node, str):
        return node, None
    if isinstance(node, dict):
        url = as_text(node.get("url")) or as_text(node.get("contentUrl"))
        cap = as_text(node.get("caption")) or None
        return (url or None), cap
    return None, None


def _normal_src(url: str) -> str:
    """Image URL without WordPress size suffix and query, to match the same picture."""
    path = split_url(url).path
    return re.sub(r"-\d+x\d+(?=\.\w+$)", "", path).lower()


def _is_page_chrome(img: etree._Element, url: str, wrappers: set[etree._Element]) -> bool:
    """An image of the site, not of the story: an avatar, logo, icon or spacer, an ad, or
    one inside the site's masthead or a link to its home page (``wrappers``: elements
    around the text too, not looked at)."""
    if any(c in {"avatar", "logo"} or "avatar" in c for c in classes(img)) or "logo" in (img.get("id") or "").lower():
        return True
    if CHROME_IMAGE_SRC.search(_img_src(img)):
        return True
    for dim in (img.get("width"), img.get("height")):
        if dim and dim.strip().isdigit() and int(dim) < 100:
            return True  # an icon, a button, a spacer
    home = split_url(url)
    for anc in img.iterancestors():
        if anc.tag in ("body", "html") or anc in wrappers:
            break
        if anc.get("role") == "banner" or class_id_words(anc) & (SITE_HEADER_WORDS | AD_WORDS):
            return True
        if anc.tag == "a" and home.hostname:
            there = split_url(join_url(url, (anc.get("href") or "").strip()))
            if there.hostname == home.hostname and there.path in {"", "/"} and not there.query:
                return True
    return False


def _img_src(img: etree._Element) -> str:
    for attr in ("data-src", "data-lazy-src", "data-original", "src"):
        v = (img.get(attr) or "").strip()
        if v and not v.startswith("data:"):
            return v
    srcset = img.get("srcset") or img.get("data-srcset") or ""
    if srcset:
        return srcset.split(",")[0].split()[0]
    return ""


def _figcaption(img: etree._Element) -> str:
    for anc in img.iterancestors():
        if anc.tag == "figure" or any(c in {"wp-caption", "wp-block-image", "post-thumbnail"} for c in classes(anc)):
            caps = css(anc, "figcaption, .wp-caption-text, .wp-element-caption, .caption, .widget-image-caption")
            if caps:
                return text_of(caps[0])
            if anc.tag == "figure":
                return ""
        if anc.tag in {"article", "body", "main"}:
            break
    return ""


def find_featured(md: Metadata, container: etree._Element, url: str) -> dict[str, Any]:
    """{url, caption, source} of the featured image."""
    out: dict[str, Any] = {"url": None, "caption": None, "source": None}
    nodes = [(md.article, "jsonld"), (md.webpage, "jsonld"), (md.microdata, "meta")]
    for node, src in nodes:
        if not node:
            continue
        for key in ("primaryImageOfPage", "image", "thumbnailUrl"):
            if node.get(key):
                u, cap = _image_url(md, node.get(key))
                joined = join_url(url, u) if u else ""  # ("" for a URL urllib refuses)
                if joined:
                    out.update(url=joined, caption=cap, source=src)
                    break
        if out["url"]:
            break
    if not out["url"]:
        og = md.get("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")
        joined = join_url(url, og) if og else ""
        if joined:
            out.update(url=joined, source="meta")
    # The first figure before the content: the theme's featured image block.
    fig_img = None
    content = find_content(container)
    # The page's wrappers (around the text too) say nothing about one image in them.
    wrappers = set(content.iterancestors()) if content is not None else set()
    for img in container.iter("img"):
        if content is not None and holds(content, img):
            break
        if _is_page_chrome(img, url, wrappers):
            continue
        fig_img = img
        break
    if fig_img is None and content is not None:
        # Page builders put the featured image first in the content; only a figure counts.
        for fig in content.iter("figure"):
            imgs = list(fig.iter("img"))
            if imgs and out["url"] and _normal_src(join_url(url, _img_src(imgs[0]))) == _normal_src(out["url"]):
                fig_img = imgs[0]
            break
    if fig_img is not None:
        src = join_url(url, _img_src(fig_img))
        if not out["url"] and src:
            out.update(url=src, source="visible")
        if src and not out["caption"] and _normal_src(src) == _normal_src(out["url"] or ""):
            cap = _figcaption(fig_img)
            if cap:
                out["caption"] = cap
    return out


def _fragment(body_html: str) -> etree._Element | None:
    """The body HTML as one element (None when empty or unparseable; read only)."""
    return body_fragment(body_html)


def body_images(body_html: str, base: str) -> list[dict[str, Any]]:
    """[{url, caption, credit, alt}] of the images in the body HTML."""
    frag = _fragment(body_html)
    if frag is None:
        return []
    out = []
    for img in frag.iter("img"):
        src = _img_src(img)
        url = join_url(base, src) if src else ""
        if not url:
            continue  # none, or one urllib refuses
        caption, credit = split_credit(_figcaption(img))
        out.append({"url": url, "caption": caption, "credit": credit,
                    "alt": clean_text(img.get("alt")) or None})
    return out


_TLD_EXTRACT: Any = None


def _tld_extract() -> Any:
    """tldextract with its bundled Public Suffix List snapshot: no network, no cache
    files (created once, on first use)."""
    global _TLD_EXTRACT
    if _TLD_EXTRACT is None:
        import tldextract

        _TLD_EXTRACT = tldextract.TLDExtract(
            cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
        )
    return _TLD_EXTRACT


def registrable_host(host: str) -> str:
    """The registrable domain of a host (Public Suffix List, private suffixes included):
    bbc.co.uk for news.bbc.co.uk, b.github.io for a.b.github.io. IP addresses, localhost
    and other single-label hosts are returned as they are (without the port); a host under
    a suffix the list does not know keeps its last two labels."""
    host = (host or "").lower().strip()
    if host.startswith("["):  # [IPv6]:port
        return host[1:].split("]")[0]
    host = host.split(":")[0].strip(".")
    if not host or re.match(r"^[\d.]+$", host) or "." not in host:
        return host
    top = _tld_extract()(host).top_domain_under_public_suffix
    return top or ".".join(host.split(".")[-2:])


def body_links(body_html: str, base: str, own_hosts: list[str]) -> list[dict[str, Any]]:
    """[{href, text, internal}] of the links in the body HTML (absolute hrefs)."""
    frag = _fragment(body_html)
    if frag is None:
        return []
    mine = {registrable_host(h) for h in own_hosts if h}
    out = []
    for a in frag.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        absolute = join_url(base, href)
        if not absolute:
            continue  # a link urllib refuses ("http://[bad")
        parts = split_url(absolute)
        internal = parts.scheme in {"http", "https"} and registrable_host(parts.netloc) in mine
        out.append({"href": absolute, "text": text_of(a), "internal": internal})
    return out


def featured_record(featured: dict[str, Any]) -> dict[str, Any] | None:
    """The featured image as an images[] entry, credit split from the caption."""
    if not featured.get("url"):
        return None
    caption, credit = split_credit(featured.get("caption"))
    return {"url": featured["url"], "caption": caption, "credit": credit, "alt": None}


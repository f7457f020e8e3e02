"""Cloudflare email-protection decoding.

Cloudflare replaces addresses with ``[email protected]`` and puts the address, XOR-ed
with the first byte of a hex string, in ``data-cfemail`` or in an
``/cdn-cgi/l/email-protection#HEX`` link.
"""

from __future__ import annotations

import re

from lxml import etree

from .clean import replace_with_text, text_content

_HEX = re.compile(r"^[0-9a-fA-F]{4,}$")
_PLACEHOLDER = re.compile(r"\[\s*email(?:\s|\xa0)*protected\s*\]", re.IGNORECASE)


def decode_cfemail(hexstr: str) -> str:
    """Decode one Cloudflare-protected address; '' when the hex string is not valid."""
    hexstr = (hexstr or "").strip()
    if len(hexstr) % 2 or not _HEX.match(hexstr):
        return ""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return ""
    key = data[0]
    decoded = bytes(b ^ key for b in data[1:])
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        text = decoded.decode("latin-1")
    # A real address is printable; anything else is a wrong key or junk.
    return text if text and text.isprintable() else ""


def _hex_from_href(href: str) -> str:
    if "/cdn-cgi/l/email-protection" not in href:
        return ""
    return href.split("#", 1)[1] if "#" in href else ""


# (A union of two steps: libxml2 reads the href of the <a> elements alone, not the
# string value of every element's missing href; the union is in document order.)
_PROTECTED = etree.XPath(
    "descendant-or-self::*[@data-cfemail]"
    " | descendant-or-self::a[contains(@href, '/cdn-cgi/l/email-protection')]"
)


def decode_cfemails(root: etree._Element) -> int:
    """Decode every protected address in the tree in place; returns how many were decoded.

    Spans become plain text, links become ``mailto:`` links showing the address, and the
    Cloudflare decoder script is removed.
    """
    count = 0
    for el in _PROTECTED(root):  # only these can hold an address (the tests below)
        cf = el.get("data-cfemail")
        href = el.get("href") or ""
        if el.tag == "a" and (hx := _hex_from_href(href) or (cf or "")):
            email = decode_cfemail(hx)
            if not email:
                continue
            el.set("href", "mailto:" + email)
            el.attrib.pop("data-cfemail", None)
            inner = text_content(el) if hasattr(el, "text_content") else "".join(el.itertext())
            if not inner.strip() or _PLACEHOLDER.search(inner) or cf:
                for child in list(el):
                    el.remove(child)
                el.text = email
            count += 1
        elif cf:
            email = decode_cfemail(cf)
            if not email:
                continue
            if replace_with_text(el, email):
                count += 1
    for script in list(root.iter("script")):
        if "email-decode" in (script.get("src") or ""):
            script.getparent().remove(script)
    return count

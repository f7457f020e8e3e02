"""Small HTML helpers shared by the replica's pages: escaping, dates, Cloudflare email."""

from __future__ import annotations

import hashlib
import html
from datetime import UTC, datetime

# wptexturize output: WordPress writes typographic characters as numeric references.
_WP_ENTITIES = {
    "’": "&#8217;", "‘": "&#8216;", "“": "&#8220;", "”": "&#8221;",
    "–": "&#8211;", "—": "&#8212;", "…": "&#8230;",
}


def esc(text: str, *, literal: bool = False) -> str:
    """Escape text for HTML content the way WordPress prints post text.

    ``literal`` keeps typographic characters as characters (the windows-1252 page).
    """
    out = html.escape(text, quote=False)
    if not literal:
        for ch, ent in _WP_ENTITIES.items():
            out = out.replace(ch, ent)
    return out


def esc_title(text: str, *, literal: bool = False) -> str:
    """A post title as the_title() prints it (ampersand as &#038;)."""
    return esc(text, literal=literal).replace("&amp;", "&#038;")


def attr(text: str) -> str:
    """Escape an attribute value (esc_attr)."""
    return html.escape(text, quote=True)


def cf_hex(email: str) -> str:
    """Cloudflare's data-cfemail encoding: key byte, then each byte XOR key, as hex."""
    key = 0x20 + int(hashlib.md5(email.encode()).hexdigest()[:2], 16) % 0xC0
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in email.encode())


def cf_decode(hexstr: str) -> str:
    """Inverse of :func:`cf_hex`."""
    key = int(hexstr[:2], 16)
    return bytes(int(hexstr[i:i + 2], 16) ^ key for i in range(2, len(hexstr), 2)).decode()


def cf_span(email: str) -> str:
    """A bare address as Cloudflare rewrites it."""
    return f'<span class="__cf_email__" data-cfemail="{cf_hex(email)}">[email&#160;protected]</span>'


def cf_link(email: str) -> str:
    """A mailto link as Cloudflare rewrites it."""
    return f'<a href="/cdn-cgi/l/email-protection#{cf_hex(email)}">[email&#160;protected]</a>'


def utc_iso(dt: datetime) -> str:
    """Yoast's form: UTC with +00:00."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def http_date(dt: datetime) -> str:
    """RFC 7231 IMF-fixdate."""
    return dt.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def rfc822(dt: datetime) -> str:
    """RSS pubDate as WordPress writes it."""
    return dt.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def person_id(base: str, slug: str) -> str:
    """Yoast's Person @id."""
    return f"{base}/#/schema/person/{hashlib.md5(slug.encode()).hexdigest()}"


def gravatar(name: str) -> str:
    """A gravatar URL (never fetched)."""
    return f"https://secure.gravatar.com/avatar/{hashlib.md5(name.encode()).hexdigest()}?s=96&d=mm&r=g"

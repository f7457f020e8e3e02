"""WordPress REST API facts (``/wp-json/wp/v2/posts``) and their merge into an `Article`.

Pure: JSON payloads in, plain dicts and Articles out (no Scrapy, no I/O).

Where a site offers the REST API it is the most authoritative source for the post id,
the GMT dates, the taxonomy and the featured image's caption: it reads the database
rather than a theme's markup. Its excerpt is the standfirst (``excerpt.rendered``, the
site's own excerpt, auto-generated or not). The page stays the source of the title, body
and byline (REST's title only cross-checks it, except on a password-protected post, whose
page title carries the theme's "Protected: " prefix), and every REST value is compared
with what the page said, so that a disagreement is recorded in ``problems``.

``facts`` (what ``RestPost.facts()`` returns and the store keeps per canonical link)::

    {"wp_id": 123, "link": "https://site/slug/", "published": "2024-06-12T09:14:31Z",
     "modified": "...Z", "title": "...", "excerpt": "...", "protected": False,
     "author_id": 2,
     "author": "Name" | None, "category_ids": [...], "categories": [...] | None,
     "tag_ids": [...], "tags": [...] | None, "featured_media": 45 | None,
     "image_caption": "..." | None}

A name list is None when some id could not be resolved (a locked ``/users`` route, a
term missing from the listing): unknown, as opposed to known to be empty.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from .clean import char_pairs, replace_chars
from .dates import _present, parse_date
from .model import Article
from .parse import clean_text
from .protected import mark_protected
from .zones import dates_zone

__all__ = [
    "RestMaps", "RestPost", "excerpt_text", "media_captions", "merge_rest", "name_map",
    "parse_posts",
]

_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|h[1-6]|figcaption|blockquote)\b[^>]*>", re.I)
_UNCATEGORIZED = {"uncategorized", "uncategorised"}
# A theme's `excerpt_more` link ("Continue reading<span> "Title"</span>"), not excerpt text.
_MORE_LINK = re.compile(
    r"<a\b[^>]*>\s*(?:Continue reading|Read more)\b.*?</a>|<a\b[^>]*class=[\"'][^\"']*more-link.*?</a>",
    re.I | re.S,
)
# WordPress' auto-excerpt tail (" [&hellip;]") or a theme's "&hellip;" before its link.
_EXCERPT_TAIL = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                         "″": '"', "–": "-", "—": "-", "…": "..."})
_QUOTES_PAIRS = char_pairs(_QUOTES)


def plain(rendered: Any) -> str:
    """Text of a REST ``rendered`` HTML string: tags dropped, entities decoded."""
    if isinstance(rendered, dict):
        rendered = rendered.get("rendered")
    if not isinstance(rendered, str):
        return ""
    text = _BLOCK_TAG.sub(" ", rendered)
    return clean_text(html.unescape(_TAG.sub("", text)))


def excerpt_text(rendered: Any) -> str:
    """Plain text of ``excerpt.rendered`` without a theme's "Continue reading …" link;
    WordPress' " […]" tail is kept (whether it goes is decided against the page)."""
    if isinstance(rendered, dict):
        rendered = rendered.get("rendered")
    if not isinstance(rendered, str):
        return ""
    return plain(_MORE_LINK.sub("", rendered))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _ids(value: Any) -> list[int]:
    if not isinstance(value, list):
        return []
    return [i for i in (_int(v) for v in value) if i is not None]


def _gmt(value: Any) -> str | None:
    """WordPress' naive GMT string as an explicit UTC instant (``...Z``)."""
    if not isinstance(value, str) or not value.strip() or value.startswith("0000"):
        return None
    value = value.strip()
    if re.search(r"(?:Z|[+-]\d\d:?\d\d)$", value):
        return value
    return value + "Z"


@dataclass
class RestMaps:
    """id -> name lookups from the ``categories``, ``tags``, ``users`` and ``media`` routes
    (only needed where the site ignores ``_embed``)."""

    categories: dict[int, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    captions: dict[int, str] = field(default_factory=dict)


@dataclass
class RestPost:
    """One post of a ``/wp/v2/posts`` payload, normalised."""

    wp_id: int
    link: str
    published: str | None = None  # UTC, ``...Z``
    modified: str | None = None
    title: str = ""
    excerpt: str = ""
    protected: bool = False  # content.protected: the post needs a password
    author_id: int | None = None
    author: str | None = None
    category_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    featured_media: int | None = None
    embedded: bool = False  # the payload had ``_embedded`` (``?_embed``)
    categories: dict[int, str] = field(default_factory=dict)  # names known so far
    tags: dict[int, str] = field(default_factory=dict)
    image_caption: str | None = None

    @property
    def needs_maps(self) -> bool:
        """Whether names must come from the term/user listings (no ``_embedded``)."""
        return (not self.embedded or any(i not in self.categories for i in self.category_ids)
                or any(i not in self.tags for i in self.tag_ids))

    @property
    def needs_caption(self) -> bool:
        """Whether the featured image's caption must come from ``/wp/v2/media``."""
        return self.featured_media is not None and self.image_caption is None

    def resolve(self, maps: RestMaps) -> None:
        """Fill names the payload did not embed from the listings."""
        for i in self.category_ids:
            if i not in self.categories and i in maps.categories:
                self.categories[i] = maps.categories[i]
        for i in self.tag_ids:
            if i not in self.tags and i in maps.tags:
                self.tags[i] = maps.tags[i]
        if self.author is None and self.author_id is not None:
            self.author = maps.users.get(self.author_id)
        if self.image_caption is None and self.featured_media is not None:
            self.image_caption = maps.captions.get(self.featured_media)

    def facts(self) -> dict[str, Any]:
        """The JSON-able record kept per canonical link (see the module docstring)."""
        cats = [self.categories.get(i) for i in self.category_ids]
        tags = [self.tags.get(i) for i in self.tag_ids]
        return {
            "wp_id": self.wp_id, "link": self.link,
            "published": self.published, "modified": self.modified,
            "title": self.title, "excerpt": self.excerpt, "protected": self.protected,
            "author_id": self.author_id, "author": self.author,
            "category_ids": list(self.category_ids),
            "categories": None if None in cats else cats,
            "tag_ids": list(self.tag_ids),
            "tags": None if None in tags else tags,
            "featured_media": self.featured_media,
            "image_caption": self.image_caption,
        }


def _embedded(post: RestPost, emb: Any) -> None:
    if not isinstance(emb, dict):
        return
    post.embedded = True
    authors = emb.get("author")
    if isinstance(authors, list):
        for a in authors:
            # A locked users route embeds an error object ({"code": ...}) instead.
            if isinstance(a, dict) and "code" not in a and a.get("name"):
                if _int(a.get("id")) in (None, post.author_id):
                    post.author = plain(a["name"]) or None
                    break
    terms = emb.get("wp:term")
    if isinstance(terms, list):
        for group in terms:
            for term in group if isinstance(group, list) else []:
                if not isinstance(term, dict) or "code" in term:
                    continue
                tid, name = _int(term.get("id")), plain(term.get("name"))
                if tid is None or not name:
                    continue
                if term.get("taxonomy") == "category":
                    post.categories[tid] = name
                elif term.get("taxonomy") == "post_tag":
                    post.tags[tid] = name
    media = emb.get("wp:featuredmedia")
    if isinstance(media, list):
        for m in media:
            if isinstance(m, dict) and "code" not in m and _int(m.get("id")) == post.featured_media:
                post.image_caption = plain(m.get("caption"))
                break


def parse_posts(payload: Any) -> list[RestPost]:
    """The posts of a ``/wp/v2/posts`` page; entries without an id or link are skipped."""
    out: list[RestPost] = []
    if not isinstance(payload, list):
        return out
    for item in payload:
        if not isinstance(item, dict):
            continue
        wp_id, link = _int(item.get("id")), item.get("link")
        if wp_id is None or not isinstance(link, str) or not link.strip():
            continue
        featured = _int(item.get("featured_media"))
        post = RestPost(
            wp_id=wp_id,
            link=link.strip(),
            published=_gmt(item.get("date_gmt")),
            modified=_gmt(item.get("modified_gmt")),
            title=plain(item.get("title")),
            excerpt=excerpt_text(item.get("excerpt")),
            protected=_protected(item),
            author_id=_int(item.get("author")) or None,
            category_ids=_ids(item.get("categories")),
            tag_ids=_ids(item.get("tags")),
            featured_media=featured or None,  # 0: no featured image
        )
        _embedded(post, item.get("_embedded"))
        out.append(post)
    return out


def _protected(item: dict[str, Any]) -> bool:
    content = item.get("content")
    return isinstance(content, dict) and content.get("protected") is True


def name_map(payload: Any) -> dict[int, str]:
    """id -> plain name from a ``categories``, ``tags`` or ``users`` payload."""
    out: dict[int, str] = {}
    if isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict):
                tid, name = _int(item.get("id")), plain(item.get("name"))
                if tid is not None and name:
                    out[tid] = name
    return out


def media_captions(payload: Any) -> dict[int, str]:
    """id -> plain caption ("" when the image has none) from a ``media`` payload."""
    out: dict[int, str] = {}
    if isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict) and _int(item.get("id")) is not None:
                out[_int(item.get("id"))] = plain(item.get("caption"))  # type: ignore[index]
    return out


# --- merge ------------------------------------------------------------------------------

def _norm(text: str | None) -> str:
    """A value with formatting differences removed (entities, quotes, case, spaces)."""
    if not text:
        return ""
    text = replace_chars(unicodedata.normalize("NFKC", html.unescape(text)), _QUOTES_PAIRS)
    return " ".join(text.split()).casefold()


_ZONED = re.compile(r"(?:[+-]\d\d:?\d\d|Z)$")


def _instant(iso: str | None) -> Any:
    parsed = parse_date(iso) if iso else None
    return parsed.dt if parsed else None


def _same_time(rest_iso: str, page_iso: str, page_source: str | None, day_only: bool) -> bool:
    """Same instant, at the precision the page gave (a day, or a minute for visible text)."""
    rest, page = _instant(rest_iso), _instant(page_iso)
    if rest is None or page is None:
        return True  # nothing comparable: no disagreement to report
    if _ZONED.search(page_iso) is None:
        # The page's clock without a known zone: the same instant (or day) in some zone
        # of the world.
        if day_only:
            return abs((rest.date() - page.date()).days) <= 1
        return abs(rest - page) <= timedelta(hours=14)
    if day_only:
        return rest.astimezone(page.tzinfo).date() == page.date()
    if page_source in ("visible", "url") and page.second == 0:
        return abs((rest - page).total_seconds()) < 60
    return rest == page


def _disagree(art: Article, name: str, rest: Any, page: Any) -> None:
    art.problems.append(f"rest/page disagree on {name}: {rest} vs {page}")


def _confirmable(art: Article, name: str) -> bool:
    # A value that already came from REST (an earlier merge) is not the page's word.
    return art.sources.get(name) != "rest"


def _merge_date(art: Article, name: str, rest_utc: str | None, tz: str) -> None:
    parsed = _present(parse_date(rest_utc, tz), tz) if rest_utc else None
    if parsed is None:
        return
    rest_iso = parsed.iso
    if name == "modified" and art.published and _instant(rest_iso) < _instant(art.published):
        # WordPress keeps the edit time of a post scheduled ahead: not a modification.
        art.problems.append(f"rest modified {rest_iso} earlier than published: ignored")
        return
    page = getattr(art, name)
    day_note = f"{name}: only the day was known (midnight local time assumed)"
    day_only = day_note in art.problems
    if page and _confirmable(art, name) and not _same_time(
        rest_iso, page, art.sources.get(name), day_only
    ):
        _disagree(art, name, rest_iso, page)
    setattr(art, name, rest_iso)
    setattr(art, f"{name}_raw", rest_utc)
    art.sources[name] = "rest"
    # The page's shortcomings on this field no longer apply.
    art.problems = [p for p in art.problems if p not in (day_note, f"no {name} found")]


def _merge_section(art: Article, categories: list[str]) -> None:
    if not categories:
        return
    page = _norm(art.section)
    if page and page in {_norm(c) for c in categories}:
        # WordPress lists categories by id, not primacy: the page's breadcrumb/JSON-LD
        # primary category is the better pick when REST confirms it.
        art.sources["section"] = "rest"
        return
    named = [c for c in categories if _norm(c) not in _UNCATEGORIZED] or categories
    if art.section and _confirmable(art, "section"):
        _disagree(art, "section", named[0], art.section)
    art.section = named[0]
    art.sources["section"] = "rest"


def _merge_tags(art: Article, tags: list[str]) -> None:
    if sorted(_norm(t) for t in tags) == sorted(_norm(t) for t in art.tags):
        if tags:  # same set: keep the page's order and spelling
            art.sources["tags"] = "rest"
        return
    if art.tags and _confirmable(art, "tags"):
        _disagree(art, "tags", ", ".join(tags) or "(none)", ", ".join(art.tags))
    art.tags = list(tags)
    art.sources["tags"] = "rest"


def _merge_caption(art: Article, caption: str | None) -> None:
    if not caption:
        return  # no caption in the media library says nothing about the page's figcaption
    if (art.image_caption and _norm(art.image_caption) != _norm(caption)
            and _confirmable(art, "image_caption")):
        _disagree(art, "image_caption", caption, art.image_caption)
    art.image_caption = caption
    art.sources["image_caption"] = "rest"


def _merge_authors(art: Article, name: str | None) -> None:
    if not name:
        return
    if not art.authors:
        art.authors = [name]
        art.sources["authors"] = "rest"
        art.problems = [p for p in art.problems if p != "no authors found"]
    elif _norm(name) not in {_norm(a) for a in art.authors}:
        # REST has one WordPress user; guest-author and co-author plugins credit others
        # on the page, so the byline stays and the difference is recorded.
        _disagree(art, "authors", name, " and ".join(art.authors))


def _shown(art: Article, text: str) -> bool:
    """Whether the page shows ``text`` as a whole: its standfirst or a body paragraph."""
    want = _norm(text)
    return any(want == _norm(t) for t in (art.standfirst, *art.body.split("\n\n")) if t)


def _merge_standfirst(art: Article, excerpt: Any) -> None:
    if not isinstance(excerpt, str) or not excerpt.strip() or art.page_type == "protected":
        return
    text = excerpt.strip()
    core = _EXCERPT_TAIL.sub("", text)
    if core != text and core and _shown(art, core):
        # The tail only marks a cut the page does not make: the page shows the whole text.
        text = core
    art.standfirst = text
    art.sources["standfirst"] = "rest"


def merge_rest(article: Article, facts: dict[str, Any], tz: str | None = None) -> Article:
    """A copy of ``article`` with the REST facts applied (see the module docstring).

    REST wins for wp_id, published/modified (GMT presented in ``tz`` as the page's dates
    are: the site profile's zone, or by default the zone the page's own dates were read
    in, `zones.dates_zone`), section, tags, image_caption and standfirst (the excerpt; ``sources[field] =
    "rest"``); each but the standfirst is checked against the page and a difference beyond
    formatting is recorded in ``problems`` as ``rest/page disagree on FIELD: REST vs
    PAGE``. ``protected`` marks a password-protected post (body emptied, REST title).
    Otherwise title and body stay from the page.
    """
    art = dataclasses.replace(
        article, authors=list(article.authors), tags=list(article.tags),
        sources=dict(article.sources), problems=list(article.problems),
    )
    if facts.get("protected") is True and art.page_type != "protected":
        mark_protected(art)
    wp_id = _int(facts.get("wp_id"))
    if wp_id is not None:
        if art.wp_id and art.wp_id != wp_id and _confirmable(art, "wp_id"):
            _disagree(art, "wp_id", wp_id, art.wp_id)
        art.wp_id = wp_id
        art.sources["wp_id"] = "rest"
    tz = tz or dates_zone(art.url or "", art.language)
    _merge_date(art, "published", facts.get("published"), tz)
    _merge_date(art, "modified", facts.get("modified"), tz)
    if isinstance(facts.get("categories"), list):
        _merge_section(art, [str(c) for c in facts["categories"]])
    if isinstance(facts.get("tags"), list):
        _merge_tags(art, [str(t) for t in facts["tags"]])
    _merge_caption(art, facts.get("image_caption"))
    _merge_authors(art, facts.get("author"))
    _merge_standfirst(art, facts.get("excerpt"))
    title = facts.get("title")
    if title and art.page_type == "protected":
        # REST drops the theme's "Protected: " prefix: the post's real title.
        if _norm(title) != _norm(art.title):
            art.title = title
            art.sources["title"] = "rest"
    elif title and art.title and _norm(title) != _norm(art.title):
        _disagree(art, "title", title, art.title)
    return art

"""The WordPress REST API of the replica (/wp-json/), or its 401 when switched off.

Shapes follow WordPress 6 (``wp/v2``): posts with ``date``/``date_gmt`` (no offset),
``title.rendered`` (texturized HTML), ``content.rendered`` (after the_content filters, so
plugin boxes included), term names HTML-escaped, JSON with escaped slashes and
``\\uXXXX`` escapes, paging through ``X-WP-Total``/``X-WP-TotalPages`` and ``Link``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from . import bank, pages
from .content import Post, auto_excerpt, block_texts
from .markup import esc, esc_title, gravatar

if TYPE_CHECKING:
    from .site import ReplicaSite, Response

MAX_PER_PAGE = 100


def _json(status: int, data: object, headers: dict[str, str] | None = None) -> Response:
    from .site import Response

    # WordPress' wp_json_encode escapes slashes and non-ASCII characters
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")
    h = {"Content-Type": "application/json; charset=UTF-8", "X-Content-Type-Options": "nosniff",
         "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link", "Allow": "GET"}
    h.update(headers or {})
    return Response(status, h, body.encode())


def _error(status: int, code: str, message: str, **extra: object) -> Response:
    return _json(status, {"code": code, "message": message, "data": {"status": status, **extra}})


def cat_id(slug: str) -> int:
    """Category term ID."""
    return 2 + [s for s, _ in bank.CATEGORIES].index(slug)


def user_id(i: int) -> int:
    """User ID of author ``i``."""
    return i + 1


def _local(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def _gmt(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class _Rest:
    def __init__(self, site: ReplicaSite, base: str) -> None:
        self.site = site
        self.base = base
        tags = sorted(site._tag_slugs.items(), key=lambda kv: kv[1])
        self.tag_ids = {name: 100 + k for k, (name, _slug) in enumerate(tags)}

    def excerpt(self, p: Post) -> str:
        """``excerpt.rendered``: the_excerpt of the custom excerpt, or of WordPress' auto
        excerpt (first 55 words, " [&hellip;]" when cut); empty behind a password."""
        if p.protected:
            return ""
        if not p.auto_excerpt:
            return f"<p>{esc(p.excerpt)}</p>\n"
        core, cut = auto_excerpt(block_texts(self.site.blocks(p)))
        return f"<p>{esc(core)}{' [&hellip;]' if cut else ''}</p>\n"

    def post(self, p: Post) -> dict:
        site, base = self.site, self.base
        mod = site.modified(p)
        content = pages.render_blocks(site, p, site.blocks(p), base, False) + "\n" + pages.footer_block(base)
        if p.protected:  # WordPress empties both for a request without the password
            content = ""
        url = f"{base}/{p.slug}/"
        return {
            "id": p.wp_id, "date": _local(p.published), "date_gmt": _gmt(p.published),
            "guid": {"rendered": f"{base}/?p={p.wp_id}"},
            "modified": _local(mod), "modified_gmt": _gmt(mod),
            "slug": p.slug, "status": "publish", "type": "post", "link": url,
            "title": {"rendered": esc_title(p.title)},
            "content": {"rendered": content + "\n" if content else "", "protected": p.protected},
            "excerpt": {"rendered": self.excerpt(p), "protected": p.protected},
            "author": user_id(p.authors[0]),
            "featured_media": p.wp_id + 1 if p.image else 0,
            "comment_status": "open", "ping_status": "open", "sticky": False, "template": "",
            "format": "standard", "meta": {"footnotes": ""},
            "categories": [cat_id(c) for c in p.categories],
            "tags": [self.tag_ids[t] for t in p.tags],
            "class_list": [f"post-{p.wp_id}", "post", "type-post", "status-publish", "format-standard", "hentry",
                           *(f"category-{c}" for c in p.categories)],
            "yoast_head_json": {
                "title": pages.long_title(p), "canonical": url,
                **({} if p.protected else {"description": p.excerpt}),
                "og_locale": "en_GB", "og_type": "article", "og_title": pages.long_title(p),
                **({} if p.protected else {"og_description": p.excerpt}),
                "og_url": url, "og_site_name": bank.SITE_NAME,
                **({"article_published_time": pages.utc_iso(p.published)} if p.jsonld else {}),
                **({"article_modified_time": pages.utc_iso(mod)} if p.jsonld and mod > p.published else {}),
                **({"og_image": [{"width": p.image.width, "height": p.image.height, "url": base + p.image.path, "type": "image/jpeg"}]} if p.image else {}),
                "author": " and ".join(pages.author_name(a) for a in p.authors),
            },
            "_links": {
                "self": [{"href": f"{base}/wp-json/wp/v2/posts/{p.wp_id}"}],
                "collection": [{"href": f"{base}/wp-json/wp/v2/posts"}],
                "author": [{"embeddable": True, "href": f"{base}/wp-json/wp/v2/users/{user_id(p.authors[0])}"}],
                "wp:featuredmedia": [{"embeddable": True, "href": f"{base}/wp-json/wp/v2/media/{p.wp_id + 1}"}] if p.image else [],
            },
        }

    def media(self, p: Post) -> dict:
        assert p.image is not None
        img, base = p.image, self.base
        cap = f"<p>{esc(img.caption)}</p>\n" if img.caption else ""
        name = img.path.rsplit("/", 1)[1].removesuffix(".jpg")
        return {
            "id": p.wp_id + 1, "date": _local(p.published), "date_gmt": _gmt(p.published),
            "slug": name, "status": "inherit", "type": "attachment", "link": f"{base}/{p.slug}/{name}/",
            "title": {"rendered": esc(name)}, "author": user_id(p.authors[0]),
            "caption": {"rendered": cap}, "alt_text": img.alt, "media_type": "image", "mime_type": "image/jpeg",
            "media_details": {"width": img.width, "height": img.height,
                              "file": img.path.removeprefix("/wp-content/uploads/"), "sizes": {}},
            "post": p.wp_id, "source_url": base + img.path,
        }

    def category(self, slug: str, name: str) -> dict:
        return {"id": cat_id(slug), "count": len(self.site.archive_posts("category", slug)), "description": "",
                "link": f"{self.base}/category/{slug}/", "name": esc(name, literal=True), "slug": slug,
                "taxonomy": "category", "parent": 0, "meta": []}

    def tag(self, name: str) -> dict:
        slug = self.site.tag_slug(name)
        return {"id": self.tag_ids[name], "count": len(self.site.archive_posts("tag", slug)), "description": "",
                "link": f"{self.base}/tag/{slug}/", "name": esc(name, literal=True), "slug": slug,
                "taxonomy": "post_tag", "meta": []}

    def user(self, i: int) -> dict:
        name, slug, bio = bank.AUTHORS[i]
        av = gravatar(name).split("?")[0]
        return {"id": user_id(i), "name": name, "url": "", "description": bio,
                "link": f"{self.base}/author/{slug}/", "slug": slug,
                "avatar_urls": {s: f"{av}?s={s}&d=mm&r=g" for s in ("24", "48", "96")}, "meta": []}


def _paged(items: list, query: dict[str, list[str]], route: str, base: str, convert=None) -> Response:
    def q(name: str, default: str) -> str:
        return query.get(name, [default])[0]

    try:
        per_page, page = int(q("per_page", "10")), int(q("page", "1"))
    except ValueError:
        return _error(400, "rest_invalid_param", "Invalid parameter(s): per_page, page", params={})
    if not 1 <= per_page <= MAX_PER_PAGE:
        return _error(400, "rest_invalid_param", "Invalid parameter(s): per_page",
                      params={"per_page": f"per_page must be between 1 (inclusive) and {MAX_PER_PAGE} (inclusive)"})
    total = len(items)
    pages_n = -(-total // per_page) if total else 0
    if page < 1 or (page > pages_n and page > 1):
        return _error(400, "rest_post_invalid_page_number",
                      "The page number requested is larger than the number of pages available.")
    chunk = items[(page - 1) * per_page:page * per_page]
    if convert is not None:  # only the page asked for is rendered
        chunk = [convert(x) for x in chunk]
    links = []
    keep = {k: v[0] for k, v in query.items() if k != "page"}
    if page > 1:
        links.append(f'<{base}/wp-json/{route}?{urlencode({**keep, "page": page - 1})}>; rel="prev"')
    if page < pages_n:
        links.append(f'<{base}/wp-json/{route}?{urlencode({**keep, "page": page + 1})}>; rel="next"')
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages_n)}
    if links:
        headers["Link"] = ", ".join(links)
    fields = q("_fields", "")
    if fields:
        wanted = fields.split(",")
        chunk = [{k: v for k, v in item.items() if k in wanted} for item in chunk]
    return _json(200, chunk, headers)


def _filter_posts(rest: _Rest, posts: list[Post], query: dict[str, list[str]]) -> list[Post] | Response:
    def q(name: str) -> str | None:
        return query[name][0] if name in query else None

    out = list(posts)
    if (v := q("slug")) is not None:
        slugs = set(v.split(","))
        out = [p for p in out if p.slug in slugs]
    if (v := q("include")) is not None:
        ids = {int(x) for x in v.split(",") if x.isdigit()}
        out = [p for p in out if p.wp_id in ids]
    if (v := q("categories")) is not None:
        ids = {int(x) for x in v.split(",") if x.isdigit()}
        out = [p for p in out if ids & {cat_id(c) for c in p.categories}]
    if (v := q("tags")) is not None:
        ids = {int(x) for x in v.split(",") if x.isdigit()}
        out = [p for p in out if ids & {rest.tag_ids[t] for t in p.tags}]
    if (v := q("author")) is not None:
        ids = {int(x) for x in v.split(",") if x.isdigit()}
        out = [p for p in out if user_id(p.authors[0]) in ids]
    if (v := q("search")) is not None:
        out = [p for p in out if v.lower() in p.title.lower() or v.lower() in p.excerpt.lower()]
    for name, attr_ in (("after", "published"), ("before", "published"), ("modified_after", "modified"), ("modified_before", "modified")):
        if (v := q(name)) is None:
            continue
        try:
            when = datetime.fromisoformat(v)
        except ValueError:
            return _error(400, "rest_invalid_param", f"Invalid parameter(s): {name}", params={name: "Invalid date."})
        if when.tzinfo is None:
            when = when.replace(tzinfo=pages_tz())

        def value(p: Post, a: str = attr_) -> datetime:
            return p.published if a == "published" else rest.site.modified(p)

        out = [p for p in out if (value(p) > when if name.endswith("after") else value(p) < when)]
    orderby, order = q("orderby") or "date", q("order") or "desc"
    if orderby not in ("date", "modified", "id", "title", "slug") or order not in ("asc", "desc"):
        return _error(400, "rest_invalid_param", "Invalid parameter(s): orderby, order", params={})
    keys = {"date": lambda p: (p.published, p.wp_id), "modified": lambda p: (rest.site.modified(p), p.wp_id),
            "id": lambda p: p.wp_id, "title": lambda p: p.title.lower(), "slug": lambda p: p.slug}
    out.sort(key=keys[orderby], reverse=order == "desc")
    return out


def pages_tz():
    """Europe/London: the site's time zone (WP reads offset-less query dates in it)."""
    from .content import LONDON

    return LONDON


def handle(site: ReplicaSite, base: str, path: str, query: dict[str, list[str]]) -> Response:
    """Answer a /wp-json/ request."""
    if not site.rest_api:
        return _error(401, "rest_forbidden", "Sorry, you are not allowed to do that.")
    route = path.removeprefix("/wp-json").strip("/")
    rest = _Rest(site, base)
    if route == "":
        return _json(200, {"name": bank.SITE_NAME, "description": bank.SITE_TAGLINE, "url": base, "home": base,
                           "gmt_offset": "0", "timezone_string": "Europe/London",
                           "namespaces": ["oembed/1.0", "yoast/v1", "wp/v2"],
                           "routes": {f"/wp/v2/{r}": {"methods": ["GET"]} for r in ("posts", "categories", "tags", "users", "media")}})
    parts = route.split("/")
    if parts[:2] != ["wp", "v2"] or len(parts) < 3:
        return _error(404, "rest_no_route", "No route was found matching the URL and request method.")
    kind, ident = parts[2], parts[3] if len(parts) > 3 else None
    live = site.live_posts()
    if kind == "posts":
        if ident is not None:
            p = site.post_by_id(int(ident)) if ident.isdigit() else None
            if p is None or not site.is_live(p) or len(parts) > 4:
                return _error(404, "rest_post_invalid_id", "Invalid post ID.")
            return _json(200, rest.post(p))
        filtered = _filter_posts(rest, live, query)
        if not isinstance(filtered, list):
            return filtered
        return _paged(filtered, query, "wp/v2/posts", base, rest.post)
    if kind == "media":
        with_images = [p for p in live if p.image]
        if ident is not None:
            match = [p for p in with_images if ident.isdigit() and p.wp_id + 1 == int(ident)]
            return _json(200, rest.media(match[0])) if match else _error(404, "rest_post_invalid_id", "Invalid post ID.")
        return _paged(with_images, query, "wp/v2/media", base, rest.media)
    if kind == "categories":
        cats = [rest.category(s, n) for s, n in bank.CATEGORIES]
        if ident is not None:
            match = [c for c in cats if ident.isdigit() and c["id"] == int(ident)]
            return _json(200, match[0]) if match else _error(404, "rest_term_invalid", "Term does not exist.")
        return _paged(cats, query, "wp/v2/categories", base)
    if kind == "tags":
        tags = [rest.tag(n) for n in sorted(rest.tag_ids, key=rest.tag_ids.get)]
        if ident is not None:
            match = [t for t in tags if ident.isdigit() and t["id"] == int(ident)]
            return _json(200, match[0]) if match else _error(404, "rest_term_invalid", "Term does not exist.")
        return _paged(tags, query, "wp/v2/tags", base)
    if kind == "users":
        users = [rest.user(i) for i in range(len(bank.AUTHORS))]
        if ident is not None:
            match = [u for u in users if ident.isdigit() and u["id"] == int(ident)]
            return _json(200, match[0]) if match else _error(404, "rest_user_invalid_id", "Invalid user ID.")
        return _paged(users, query, "wp/v2/users", base)
    return _error(404, "rest_no_route", "No route was found matching the URL and request method.")

"""ReplicaSite: routing, HTTP semantics, state and ground truth of the replica."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import bank, feeds, pages
from .content import (
    Block,
    Post,
    auto_excerpt,
    block_texts,
    build_blocks,
    build_catalogue,
    sanitize_title,
)
from .markup import http_date

THEMES = ("classic", "builder", "pagebuilder2")
STATES = ("initial", "later")
PER_PAGE = 10
FEED_SIZE = 10
GROUND_TRUTH_PATH = "/__replica__/ground-truth.json"
SLOW_SECONDS = 2.0
FLAKY_FAILURES = 2

# A tiny but valid JPEG, served for every upload (crawlers rarely fetch them).
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020202030202020303030304060404040404"
    "080606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b"
    "080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9"
)


@dataclass
class Response:
    """One HTTP answer. ``delay`` asks the server to wait before sending it."""

    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0


@dataclass
class _Lists:
    """Per-state listings, computed once per state."""

    live: list[Post]  # published desc
    listed: list[Post]  # on home and archives
    sitemap: list[Post]  # modified asc
    feed: list[Post]
    archives: dict[tuple[str, str], list[Post]] = field(default_factory=dict)


class ReplicaSite:
    """A deterministic WordPress + Yoast news site, rendered in memory.

    ``render()`` answers one request; ``ground_truth()`` says what a perfect crawl of
    the current state stores. Everything is a function of (articles, seed, theme,
    state), except the counter behind the page that fails twice before answering.
    """

    # slug, title, page ID, content paragraphs (raw HTML when starting with "<")
    STATIC_PAGES: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
        ("about", "About Us", 12, (
            "Leigh On Sea News is an independent, community-run news website covering Leigh-on-Sea, Hadleigh, Westcliff and the wider Southend area.",
            "We report on the council, the seafront, schools, police and the many clubs, charities and events that make Leigh such a special place to live.",
            "Our team is small and most of our contributors are volunteers. If you would like to write for us, please get in touch.",
        )),
        ("contact", "Contact", 14, (
            "Got a story? We would love to hear from you.",
            "<p>Email the newsdesk: " + '<a href="/cdn-cgi/l/email-protection#{hex}">[email&#160;protected]</a></p>',
            "Letters for Points of View should include your name, street and town. We may edit letters for length.",
        )),
        ("advertise", "Advertise With Us", 16, (
            "Reach thousands of local readers every week with display advertising on Leigh On Sea News.",
            "Rates start from £45 a week. Discounts are available for charities and community groups.",
        )),
        ("privacy-policy", "Privacy Policy", 3, (
            "This policy explains how we use any personal information we collect about you when you use this website.",
            "We use cookies for analytics and advertising. You can change your preferences at any time.",
        )),
    )

    def __init__(self, articles: int = 48, seed: int = 1, theme: str = "classic",
                 state: str = "initial", rest_api: bool = False) -> None:
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
        if articles < 0:
            raise ValueError("articles must be >= 0")
        self.articles = articles
        self.seed = seed
        self.theme = theme
        self.rest_api = rest_api
        self.cat = build_catalogue(articles, seed)
        self.state = "initial"
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        self._blocks: dict[tuple[int, bool], list[Block]] = {}
        self._lists: dict[str, _Lists] = {}
        self._cache: dict[tuple, Response] = {}
        posts = self.cat.posts
        self._by_slug = {p.slug: p for p in posts}
        self._by_id = {p.wp_id: p for p in posts}
        self._old_slugs = {p.old_slug: p for p in posts if p.old_slug}
        roles = self.cat.roles
        unstable = set(roles["deleted"]) | set(roles["sitemap_only"]) | set(roles["archive_only"])
        unstable |= set(roles.get("protected", []))  # its title would show "Protected: "
        # posts that appear in widgets and links on article pages: never deleted, added or
        # hidden, so that unchanged articles stay byte-identical between states
        self._stable = [p.index for p in posts[:articles] if p.index not in unstable]
        self._old_linker = next((i for i in self._stable if i not in roles["old_slug"]), None)
        # Ascending (posts are in index order), and by primary category: an article page
        # finds its related and older posts by bisection, not by a scan of every post
        # (which made a 50,000-article replica's article pages ~20x slower to render).
        assert self._stable == sorted(self._stable)
        self._stable_by_category: dict[str, list[int]] = {}
        for i in self._stable:
            self._stable_by_category.setdefault(posts[i].categories[0], []).append(i)
        self._tag_slugs: dict[str, str] = {}
        for p in posts:
            for t in p.tags:
                self._tag_slugs.setdefault(t, sanitize_title(t))
        self.set_state(state)

    # ------------------------------------------------------------ state & lists

    def set_state(self, state: str) -> None:
        """Switch between the "initial" site and the same site a week "later"."""
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        self.state = state

    def reset(self) -> None:
        """Forget per-request counters (the page that fails twice)."""
        with self._lock:
            self._hits.clear()

    def is_live(self, post: Post) -> bool:
        """Whether a post is published in the current state."""
        if "new" in post.roles:
            return self.state == "later"
        if "deleted" in post.roles:
            return self.state == "initial"
        return True

    def _state_lists(self) -> _Lists:
        lists = self._lists.get(self.state)
        if lists is None:
            live = sorted((p for p in self.cat.posts if self.is_live(p)), key=lambda p: p.published, reverse=True)
            listed = [p for p in live if "sitemap_only" not in p.roles]
            sitemap = sorted((p for p in live if "archive_only" not in p.roles), key=lambda p: (self.modified(p), p.wp_id))
            feed = [p for p in live if "archive_only" not in p.roles][:FEED_SIZE]
            lists = _Lists(live, listed, sitemap, feed)
            for p in listed:
                for c in p.categories:
                    lists.archives.setdefault(("category", c), []).append(p)
                for t in p.tags:
                    lists.archives.setdefault(("tag", self._tag_slugs[t]), []).append(p)
                for a in p.authors:
                    lists.archives.setdefault(("author", bank.AUTHORS[a][1]), []).append(p)
            self._lists[self.state] = lists
        return lists

    def live_posts(self) -> list[Post]:
        """Published posts, newest first."""
        return self._state_lists().live

    def listed_posts(self) -> list[Post]:
        """Posts shown on the home page and archives, newest first."""
        return self._state_lists().listed

    def sitemap_posts(self) -> list[Post]:
        """Posts in the sitemaps, oldest modification first."""
        return self._state_lists().sitemap

    def feed_posts(self) -> list[Post]:
        """The posts of /feed/."""
        return self._state_lists().feed

    def archive_posts(self, kind: str, slug: str) -> list[Post]:
        """Posts of a category, tag or author archive, newest first."""
        return self._state_lists().archives.get((kind, slug), [])

    def tag_slug(self, name: str) -> str:
        """Slug of a tag."""
        return self._tag_slugs[name]

    def tag_slugs(self) -> list[str]:
        """All tag slugs, sorted."""
        return sorted(set(self._tag_slugs.values()))

    def recent_widget(self) -> list[int]:
        """The sidebar's recent posts (stable ones, so article pages never change)."""
        return self._stable[-5:][::-1]

    def related(self, post: Post) -> list[int]:
        """Three stable posts of the same primary category, nearest first."""
        same = self._stable_by_category.get(post.categories[0], [])
        at = bisect.bisect_left(same, post.index)
        # The three nearest lie within three places on either side of the post's own.
        near = [i for i in same[max(0, at - 3):at + 4] if i != post.index]
        near.sort(key=lambda i: (abs(i - post.index), i))
        return near[:3]

    def modified(self, post: Post) -> datetime:
        """The post's modification time in the current state."""
        if self.state == "later" and post.later_modified is not None:
            return post.later_modified
        return post.modified

    def blocks(self, post: Post) -> list[Block]:
        """Content blocks of a post in the current state (cached)."""
        edited = self.state == "later" and "edited" in post.roles
        key = (post.index, edited)
        blocks = self._blocks.get(key)
        if blocks is None:
            older = (self._stable[:bisect.bisect_left(self._stable, post.index)]
                     or [i for i in self._stable if i != post.index])
            blocks = build_blocks(post, self.cat, self.seed, edited=edited, linkable=older,
                                  old_slug_linker=self._old_linker)
            if len(self._blocks) > 5000:  # ~4 KB a post: bound the memory of big sites
                self._blocks.clear()
            self._blocks[key] = blocks
        return blocks

    def post_by_id(self, wp_id: int) -> Post | None:
        """A post by its WordPress ID (live or not)."""
        return self._by_id.get(wp_id)

    def post_by_slug(self, slug: str) -> Post | None:
        """A post by its slug (live or not)."""
        return self._by_slug.get(slug)

    # ------------------------------------------------------------ ground truth

    def record(self, post: Post, base_url: str) -> dict:
        """The expected stored record of one post."""
        base = base_url.rstrip("/")
        # a modified date shown nowhere is no fact; the REST API, when on, shows it
        shows_modified = post.jsonld or post.shows_updated or self.rest_api
        if self.theme == "pagebuilder2" and not (post.shows_updated or self.rest_api):
            # No JSON-LD: only article:modified_time shows it, and Yoast writes that tag
            # only for a post edited after publication.
            shows_modified = post.jsonld and self.modified(post) > post.published
        texts = block_texts(self.blocks(post))
        standfirst: str | None = post.excerpt
        if post.protected:
            standfirst, texts = None, []  # nothing of the text is public, nor its excerpt
        elif post.auto_excerpt and self.rest_api:
            # REST's auto excerpt beats the page's meta description; its " […]" goes only
            # where the page shows the same text whole
            core, cut = auto_excerpt(texts)
            standfirst = core + " […]" if cut and core not in (post.excerpt, *texts) else core
        return {
            "url": f"{base}/{post.slug}/",
            "title": post.title,
            "standfirst": standfirst,
            "body": "\n\n".join(texts),
            "authors": [bank.AUTHORS[a][0] for a in post.authors],
            "published": post.published.isoformat(),
            "modified": self.modified(post).isoformat() if shows_modified else None,
            "section": pages.cat_name(post.categories[0]),
            "tags": list(post.tags),
            "image_url": base + post.image.path if post.image else None,
            "image_caption": post.image.caption if post.image else None,
            "wp_id": post.wp_id,
            "is_article": True,
            "status": "protected" if post.protected else "live",
        }

    def ground_truth(self, base_url: str) -> dict[str, dict]:
        """Canonical URL -> expected record, for every live post of the current state
        (the password-protected one too, with ``status`` 'protected')."""
        out = {}
        for p in sorted(self.live_posts(), key=lambda p: p.published):
            rec = self.record(p, base_url)
            out[rec["url"]] = rec
        return out

    def non_article_urls(self, base_url: str) -> list[str]:
        """Pages that must not be stored as articles."""
        base = base_url.rstrip("/")
        urls = [f"{base}/", f"{base}/page/2/"]
        urls += [f"{base}/{slug}/" for slug, *_ in self.STATIC_PAGES]
        for kind, slug in sorted(self._state_lists().archives):
            urls.append(f"{base}/{kind}/{slug}/")
        urls += [f"{base}/category/news/page/2/", f"{base}/events/?month=2024-11", f"{base}/cdn-cgi/l/email-protection"]
        return urls

    def roles(self) -> dict[str, list[str]]:
        """Role name -> slugs of the posts that have it (which post is which trap)."""
        return {role: [self.cat.posts[i].slug for i in idx] for role, idx in self.cat.roles.items()}

    # ------------------------------------------------------------ HTTP

    def render(self, path_with_query: str, base_url: str, headers: dict[str, str] | None = None) -> Response:
        """Answer one GET request for ``path_with_query`` as the site at ``base_url``."""
        base = base_url.rstrip("/")
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        resp = self._route(path_with_query or "/", base)
        if resp.status == 200:
            resp.headers.setdefault("ETag", '"' + hashlib.sha1(resp.body).hexdigest()[:32] + '"')
            if _not_modified(resp, hdrs):
                keep = {k: v for k, v in resp.headers.items() if k in ("ETag", "Last-Modified", "Link", "Vary", "Cache-Control")}
                return Response(304, keep, b"", resp.delay)
        return resp

    def _route(self, pq: str, base: str) -> Response:
        parts = urlsplit(pq)
        path = unquote(parts.path) or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        raw_q = parts.query

        if path == GROUND_TRUTH_PATH:
            return _ok(json.dumps(self.ground_truth(base), ensure_ascii=False, indent=1).encode(), "application/json; charset=UTF-8")
        if path == "/robots.txt":
            return _ok(feeds.robots(base).encode(), "text/plain; charset=utf-8")
        if path.startswith("/wp-json"):
            from . import rest  # the REST API is optional and rarely used

            return rest.handle(self, base, path, query)
        if path.startswith("/wp-content/uploads/"):
            if path.endswith(".jpg"):
                return Response(200, {"Content-Type": "image/jpeg", "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}, JPEG)
            return self._not_found(base)
        if path.startswith(("/wp-content/", "/wp-includes/", "/cdn-cgi/scripts/")):
            kind = "text/css" if path.endswith(".css") else "application/javascript"
            return Response(200, {"Content-Type": kind}, b"/* */\n")
        if path.startswith("/cdn-cgi/l/email-protection"):
            return self._html(pages.simple_page(self, base, "Email Protection",
                              "You are unable to access this email address. The website from which you got to this page is protected by Cloudflare.",
                              "cf-email-protection"), noindex=True)
        if path.startswith("/wp-admin"):
            if path == "/wp-admin/admin-ajax.php":
                return Response(400, {"Content-Type": "text/html; charset=UTF-8"}, b"0")
            return _redirect(f"{base}/wp-login.php?redirect_to={quote(base + path, safe='')}&reauth=1", 302)
        if path == "/wp-login.php":
            return self._html(pages.simple_page(self, base, "Log In", "Username or Email Address", "login"), noindex=True)
        if path == "/xmlrpc.php":
            return Response(405, {"Content-Type": "text/plain;charset=UTF-8", "Allow": "POST"}, b"XML-RPC server accepts POST requests only.")
        if path.endswith(".xml") or path.endswith(".xsl"):
            return self._sitemaps(path.lstrip("/"), base)
        if path.startswith("/private/"):
            return self._html(pages.simple_page(self, base, "Members Area", "This area is for Leigh On Sea News staff only.", "private"))
        if path == "/events" or path.startswith("/events/"):
            return self._events(query, base)

        if path == "/":
            if "p" in query:
                return self._by_query_id(query["p"][0], base)
            if "page_id" in query:
                for slug, _t, pid, _c in self.STATIC_PAGES:
                    if query["page_id"][0] == str(pid):
                        return _redirect(f"{base}/{slug}/")
                return self._not_found(base)
            if "s" in query:
                return self._search(query["s"][0], 1, base)
            if "feed" in query:
                return _redirect(f"{base}/feed/")
            return self._home(1, base)

        if not path.endswith("/"):
            # WordPress' redirect_canonical adds the trailing slash to pretty permalinks
            if self._resolves(path + "/"):
                return _redirect(base + path + "/" + (f"?{raw_q}" if raw_q else ""))
            return self._not_found(base)

        segs = [s for s in path.split("/") if s]
        return self._route_segments(segs, base, path)

    def _route_segments(self, segs: list[str], base: str, path: str) -> Response:
        if segs == ["feed"]:
            return self._feed(self.feed_posts(), "/feed/", bank.SITE_NAME, base)
        if segs == ["comments", "feed"]:
            return self._xml(feeds.comments_rss(self, base, None), rss=True)
        if segs[0] == "page" and len(segs) == 2 and segs[1].isdigit():
            return self._home(int(segs[1]), base)
        if segs[0] in ("category", "tag", "author") and len(segs) >= 2:
            return self._archive(segs[0], segs[1], segs[2:], base)
        if segs[0] == "search" and len(segs) >= 2:
            page = int(segs[3]) if len(segs) == 4 and segs[2] == "page" and segs[3].isdigit() else 1
            return self._search(segs[1], page, base)
        if segs[0] == "go" and len(segs) == 2 and segs[1].isdigit():
            # first hop of the redirect chain: /go/ID/ -> /YYYY/MM/DD/slug/ -> /?p=ID -> /slug/
            post = self.post_by_id(int(segs[1]))
            if post and "chain" in post.roles and self.is_live(post):
                return _redirect(f"{base}/{post.published:%Y/%m/%d}/{post.slug}/")
            return self._not_found(base)
        if len(segs) == 4 and all(s.isdigit() for s in segs[:3]):
            post = self.post_by_slug(segs[3])
            if post and self.is_live(post):
                return _redirect(f"{base}/?p={post.wp_id}")
            return self._not_found(base)
        for slug, title, pid, paras in self.STATIC_PAGES:
            if segs == [slug]:
                return self._static(slug, title, pid, paras, base)
        post = self.post_by_slug(segs[0])
        if post is not None and len(segs) <= 2:
            if not self.is_live(post):
                if "deleted" in post.roles:
                    return self._html(pages.gone_page(self, base), status=410)
                return self._not_found(base)
            if len(segs) == 2:
                if segs[1] == "feed":
                    return self._xml(feeds.comments_rss(self, base, post), rss=True)
                if segs[1] == "amp":
                    return _redirect(f"{base}/{post.slug}/")
                return self._not_found(base)
            return self._article(post, base)
        if len(segs) == 1 and segs[0] in self._old_slugs:
            target = self._old_slugs[segs[0]]
            if self.is_live(target):
                return _redirect(f"{base}/{target.slug}/")
        return self._not_found(base)

    def _resolves(self, path: str) -> bool:
        segs = [s for s in path.split("/") if s]
        if not segs:
            return True
        if segs[0] in ("category", "tag", "author", "page", "feed", "comments", "search", "go"):
            return True
        if segs[0] in {s for s, *_ in self.STATIC_PAGES}:
            return True
        return segs[0] in self._by_slug or segs[0] in self._old_slugs

    # ------------------------------------------------------------ handlers

    def _cached(self, key: tuple, make) -> Response:
        full = (self.state, self.theme, *key)
        resp = self._cache.get(full)
        if resp is None:
            resp = make()
            if len(self._cache) > 3000:  # ~30 KB a page: bound the memory of big sites
                self._cache.clear()
            self._cache[full] = resp
        # a copy: callers add headers
        return Response(resp.status, dict(resp.headers), resp.body, resp.delay)

    def _article(self, post: Post, base: str) -> Response:
        if "flaky" in post.roles:
            with self._lock:
                n = self._hits.get(post.slug, 0) + 1
                self._hits[post.slug] = n
            if n <= FLAKY_FAILURES:
                return Response(500, {"Content-Type": "text/html; charset=UTF-8"},
                                b"<!DOCTYPE html><html><head><title>Database Error</title></head><body><h1>Error establishing a database connection</h1></body></html>")

        def make() -> Response:
            html = pages.article_page(self, post, base)
            charset = post.charset
            body = html.encode("cp1252" if charset != "UTF-8" else "utf-8", errors="xmlcharrefreplace")
            headers = {
                "Content-Type": f"text/html; charset={charset}",
                "Last-Modified": http_date(self.modified(post)),
                "Link": f'<{base}/wp-json/>; rel="https://api.w.org/", <{base}/wp-json/wp/v2/posts/{post.wp_id}>; rel="alternate"; type="application/json", <{base}/?p={post.wp_id}>; rel=shortlink',
                "Vary": "Accept-Encoding",
            }
            return Response(200, headers, body)

        resp = self._cached(("article", post.index, base), make)
        if "slow" in post.roles:
            resp.delay = SLOW_SECONDS
        return resp

    def _by_query_id(self, value: str, base: str) -> Response:
        post = self.post_by_id(int(value)) if value.isdigit() else None
        if post is None:
            return self._not_found(base)
        if not self.is_live(post):
            if "deleted" in post.roles:
                return self._html(pages.gone_page(self, base), status=410)
            return self._not_found(base)
        return _redirect(f"{base}/{post.slug}/")

    def _home(self, page: int, base: str) -> Response:
        posts = self.listed_posts()
        pages_n = max(1, -(-len(posts) // PER_PAGE))
        if page < 1 or page > pages_n:
            return self._not_found(base)

        def make() -> Response:
            chunk = posts[(page - 1) * PER_PAGE:page * PER_PAGE]
            intro = ""
            if page == 1:
                intro = self._home_extras(base)
            title = f"{bank.SITE_NAME} - {bank.SITE_TAGLINE}" if page == 1 else f"{bank.SITE_NAME} - Page {page} of {pages_n} - {bank.SITE_TAGLINE}"
            html = pages.listing_page(self, base, posts=chunk, page=page, pages=pages_n, base_path="/", heading=None,
                                      title=title, body_class="home blog" + (" paged" if page > 1 else ""),
                                      description=bank.SITE_TAGLINE, intro=intro, page_kind="CollectionPage")
            return _ok(html.encode(), "text/html; charset=UTF-8")

        return self._cached(("home", page, base), make)

    def _home_extras(self, base: str) -> str:
        out = []
        chain = self.cat.by_role("chain")
        if chain:
            p = self.cat.posts[chain[0]]
            out.append(f'<div class="editors-pick"><h2 class="widget-title">Editor&#8217;s pick</h2><a href="{base}/go/{p.wp_id}/">{pages.esc_title(p.title)}</a></div>')
        out.append('<div class="from-the-archive"><h2 class="widget-title">From the archive</h2><ul>'
                   f'<li><a href="{base}/council-budget-2019-archive/">Council budget 2019: every cut listed</a></li>'
                   f'<li><a href="{base}/wp-content/uploads/2019/05/agenda-may-2019.pdf">May 2019 council agenda (PDF)</a></li>'
                   '<li><a href="http://example.org/leigh-town-council">Leigh Town Council</a></li>'
                   '<li><a href="https://www.facebook.com/leighonsea.news/posts/pfbid02xyz">Join the discussion on Facebook</a></li></ul></div>')
        return "".join(out)

    def _archive(self, kind: str, slug: str, rest: list[str], base: str) -> Response:
        posts = self.archive_posts(kind, slug)
        if kind == "author":
            names = {a[1]: a[0] for a in bank.AUTHORS}
            if slug not in names:
                return self._not_found(base)
            name = names[slug]
        elif kind == "category":
            cats = dict(bank.CATEGORIES)
            if slug not in cats or not posts:
                return self._not_found(base)
            name = cats[slug]
        else:
            names = {v: k for k, v in self._tag_slugs.items()}
            if slug not in names or not posts:
                return self._not_found(base)
            name = names[slug]
        base_path = f"/{kind}/{slug}/"
        if rest == ["feed"]:
            return self._feed([p for p in posts if "archive_only" not in p.roles][:FEED_SIZE], base_path + "feed/",
                              f"{bank.SITE_NAME} &#187; {name}", base)
        page = 1
        if rest:
            if len(rest) == 2 and rest[0] == "page" and rest[1].isdigit():
                page = int(rest[1])
            else:
                return self._not_found(base)
        pages_n = max(1, -(-len(posts) // PER_PAGE))
        if page < 1 or page > pages_n:
            return self._not_found(base)

        def make() -> Response:
            chunk = posts[(page - 1) * PER_PAGE:page * PER_PAGE]
            suffix = f" - Page {page} of {pages_n}" if page > 1 else ""
            if kind == "author":
                title, heading = f"{name}, Author at {bank.SITE_NAME}{suffix}", f'<span class="vcard">{pages.esc(name)}</span>'
                cls, pk = f"archive author author-{slug}", "ProfilePage"
            else:
                label = "Category" if kind == "category" else "Tag"
                title, heading = f"{name} Archives{suffix} - {bank.SITE_NAME}", f"{label}: <span>{pages.esc_title(name)}</span>"
                cls, pk = f"archive {kind if kind == 'category' else 'tag'} {kind}-{slug}", "CollectionPage"
            html = pages.listing_page(self, base, posts=chunk, page=page, pages=pages_n, base_path=base_path,
                                      heading=heading, title=title, body_class=cls + (" paged" if page > 1 else ""),
                                      feed=base_path + "feed/", page_kind=pk)
            return _ok(html.encode(), "text/html; charset=UTF-8")

        return self._cached(("archive", kind, slug, page, base), make)

    def _search(self, term: str, page: int, base: str) -> Response:
        needle = term.lower().replace("+", " ")
        posts = [p for p in self.listed_posts() if needle in p.title.lower() or needle in p.excerpt.lower()]
        pages_n = max(1, -(-len(posts) // PER_PAGE))
        chunk = posts[(page - 1) * PER_PAGE:page * PER_PAGE]
        html = pages.listing_page(self, base, posts=chunk, page=page, pages=pages_n, base_path=f"/search/{quote(term)}/",
                                  heading=f"Search Results for: <span>{pages.esc(term)}</span>",
                                  title=f"You searched for {term} - {bank.SITE_NAME}", body_class="search search-results",
                                  page_kind="SearchResultsPage", extra_meta=[pages.NOINDEX])
        return self._html(html, noindex=True)

    def _static(self, slug: str, title: str, pid: int, paras: tuple[str, ...], base: str) -> Response:
        def make() -> Response:
            from .markup import cf_hex

            filled = [p.replace("{hex}", cf_hex(pages.CONTACT_EMAIL)) for p in paras]
            return _ok(pages.static_page(self, base, slug, title, pid, filled).encode(), "text/html; charset=UTF-8")

        return self._cached(("static", slug, base), make)

    def _events(self, query: dict, base: str) -> Response:
        month = query.get("month", ["2024-11"])[0]
        m = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if not m or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(1)) <= 9999:
            return self._not_found(base)
        return self._html(pages.events_page(self, base, int(m.group(1)), int(m.group(2))))

    def _feed(self, posts: list[Post], self_path: str, title: str, base: str) -> Response:
        def make() -> Response:
            resp = self._xml(feeds.rss(self, base, posts, self_path=self_path, title=title), rss=True)
            if posts:
                resp.headers["Last-Modified"] = http_date(max(self.modified(p) for p in posts))
            return resp

        return self._cached(("feed", self_path, base), make)

    def _sitemaps(self, name: str, base: str) -> Response:
        if name == "sitemap.xml":
            return _redirect(f"{base}/sitemap_index.xml")
        if name == "main-sitemap.xsl":
            return Response(200, {"Content-Type": "text/xsl; charset=UTF-8"},
                            b'<?xml version="1.0" encoding="UTF-8"?><xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>\n')

        def make() -> Response:
            text: str | None
            if name == "sitemap_index.xml":
                text = feeds.sitemap_index(self, base)
            elif m := re.fullmatch(r"post-sitemap(\d*)\.xml", name):
                text = feeds.post_sitemap(self, base, int(m.group(1) or 1))
            elif name == "page-sitemap.xml":
                text = feeds.page_sitemap(self, base)
            elif name == "category-sitemap.xml":
                text = feeds.category_sitemap(self, base)
            elif name.startswith("wp-sitemap"):
                text = feeds.wp_sitemap(self, base, name)
            else:
                text = None
            if text is None:
                return self._not_found(base)
            resp = self._xml(text)
            resp.headers["X-Robots-Tag"] = "noindex, follow"
            return resp

        return self._cached(("sitemap", name, base), make)

    def _xml(self, text: str, *, rss: bool = False) -> Response:
        kind = "application/rss+xml" if rss else "text/xml"
        return _ok(text.encode(), f"{kind}; charset=UTF-8")

    def _html(self, html: str, status: int = 200, noindex: bool = False) -> Response:
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        if noindex:
            headers["X-Robots-Tag"] = "noindex"
        return Response(status, headers, html.encode())

    def _not_found(self, base: str) -> Response:
        return self._cached(("404", base), lambda: self._html(pages.not_found_page(self, base), status=404))


def _ok(body: bytes, content_type: str) -> Response:
    return Response(200, {"Content-Type": content_type}, body)


def _redirect(location: str, status: int = 301) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/html; charset=UTF-8",
                             "X-Redirect-By": "WordPress"}, b"")


def _not_modified(resp: Response, hdrs: dict[str, str]) -> bool:
    inm = hdrs.get("if-none-match")
    if inm is not None:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or resp.headers["ETag"].removeprefix("W/") in tags
    ims = hdrs.get("if-modified-since")
    lm = resp.headers.get("Last-Modified")
    if ims and lm:
        try:
            return parsedate_to_datetime(lm) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False

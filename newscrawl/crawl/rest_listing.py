"""The WordPress REST listing client: ``/wp-json/wp/v2/posts``, read before the HTML crawl.

Design (facts first, one merge): a site's REST listing is read before its home page,
feed and sitemaps are requested: the spider's ``start()`` awaits it, and the sitemaps
robots.txt names wait for it. Its facts go to the store (``rest_posts``) as
``RestPostItem``s, and the posts to fetch are requested only after the whole listing, so
every article page parsed later finds its facts there and is merged once
(``with_rest``): no second write, no extra version. Only one page of posts (100) and the
term/user names are in memory at a time. On a recrawl a post whose ``modified_gmt`` is
unchanged is not fetched (like a fresh sitemap entry); when only its REST facts changed
(terms, a caption, or an API that was locked before), the pipeline applies them to the
archived row in place. A 401/403/404, robots.txt or a non-JSON answer: HTML only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from scrapy import Request
from twisted.python.failure import Failure

from newscrawl.archive.replay import WarcReplay
from newscrawl.crawl.failures import classify_failure
from newscrawl.crawl.items import RestPostItem, SeenItem
from newscrawl.crawl.recrawl import RecrawlPolicy
from newscrawl.extract.profiles import profile_for
from newscrawl.extract.rest import RestMaps, media_captions, merge_rest, name_map, parse_posts
from newscrawl.extract.urls import same_site
from newscrawl.extract.zones import profile_zone

log = logging.getLogger(__name__)


def with_rest(store: Any, article: Any, url: str, profile_name: str | None) -> Any:
    """The article with its site's REST facts merged in, when the listing had it."""
    facts = store.rest_post(url)
    if facts is None:
        return article
    return merge_rest(article, facts, profile_zone(profile_for(url, profile_name)))


class RestListing:
    """Reads one site's REST listing through the crawl's engine (see the module docstring).

    ``canonical(link)`` turns a post's link into the crawl's canonical URL (and lets the
    spider learn the site's trailing-slash style from it)."""

    def __init__(self, crawler: Any, policy: RecrawlPolicy, replay: WarcReplay, *,
                 hosts: frozenset[str], canonical: Callable[[str], str],
                 profile_name: str | None = None, max_pages: int = 5000) -> None:
        self.crawler = crawler
        self.policy = policy
        self.store = policy.store
        self.replay = replay
        self.hosts = hosts
        self.canonical = canonical
        self.profile_name = profile_name
        self.max_pages = max_pages

    async def read(self, root: str, pending: list[str]) -> AsyncIterator[Any]:
        """RestPostItem/SeenItem items of every post; the URLs to fetch go to ``pending``.
        Never raises: the REST API is a bonus, the HTML crawl goes on without it."""
        try:
            async for item in self._posts(root, pending):
                yield item
        except Exception as exc:
            log.warning("REST API listing of %s stopped: %r", root, exc)

    async def _posts(self, root: str, pending: list[str]) -> AsyncIterator[Any]:
        # orderby=id: a post published during the listing lands on the last page instead
        # of shifting every page (and every page's ETag) by one.
        template = root + "wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=id&order=asc&page={}"
        # The profile's zone; "" for a site without one: each archived row's own then.
        tz = profile_zone(profile_for(root, self.profile_name)) or ""
        maps: RestMaps | None = None
        page = total = 1
        while page <= min(total, self.max_pages):
            got = await self._get(template.format(page), "posts" if page == 1 else "")
            if got is None:
                return
            payload, total = got
            posts = parse_posts(payload)
            if maps is None and any(p.needs_maps for p in posts):
                maps = await self._maps(root)  # the site ignores _embed
            for post in posts:
                post.resolve(maps or RestMaps())
            media = sorted({p.featured_media for p in posts if p.needs_caption and p.featured_media})
            if media:
                captions = await self._captions(root, media)
                for post in posts:
                    post.resolve(RestMaps(captions=captions))
            for post in posts:
                for item in self._post_items(post, tz, pending):
                    yield item
            page += 1

    def _post_items(self, post: Any, tz: str, pending: list[str]) -> Iterator[Any]:
        if not same_site(post.link, self.hosts):
            return
        url = self.canonical(post.link)
        facts = post.facts()
        old = self.store.rest_post(url)  # read before this run's facts replace it
        apply = False
        if not self.policy.covered(url):
            if self.policy.known(url) and self.policy.rest_fresh(url, old, facts):
                self.policy.cover(url)
                yield SeenItem(url)
                apply = old != facts
            else:
                pending.append(url)
        yield RestPostItem(url, post.wp_id, facts, tz, apply=apply)

    async def _maps(self, root: str) -> RestMaps:
        """Category, tag and user names, for a site whose posts do not embed them."""
        maps = RestMaps()
        for route, target in (("categories", maps.categories), ("tags", maps.tags),
                              ("users", maps.users)):
            page = total = 1
            while page <= min(total, self.max_pages):
                got = await self._get(
                    f"{root}wp-json/wp/v2/{route}?per_page=100&_fields=id,name&page={page}", route
                )
                if got is None:
                    break
                target.update(name_map(got[0]))
                total, page = got[1], page + 1
        return maps

    async def _captions(self, root: str, ids: list[int]) -> dict[int, str]:
        """Captions of one posts page's featured images (one request)."""
        include = ",".join(str(i) for i in ids)
        got = await self._get(
            f"{root}wp-json/wp/v2/media?include={include}&per_page=100&_fields=id,caption", "media"
        )
        return media_captions(got[0]) if got else {}

    async def _get(self, url: str, route: str, conditional: bool = True) -> tuple[Any, int] | None:
        """(JSON payload, X-WP-TotalPages) of a REST URL, or None (logged once, at INFO:
        a locked or missing API is the normal case, not an error)."""
        request = Request(url, dont_filter=True, meta={
            "source": "rest", "handle_httpstatus_list": [304, 400, 401, 403, 404, 410],
            **({} if conditional else {"conditional": False}),
        })
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            _unavailable(route, classify_failure(Failure(exc))[0])
            return None
        body, headers = response.body, response.headers
        if response.status == 304:  # unchanged since the last crawl: read it from the WARC
            capture = self.replay.capture(url)
            if capture is None:
                return await self._get(url, route, conditional=False)
            body = capture.body
            headers = {k.lower(): v for k, v in capture.headers}
        elif response.status != 200:
            _unavailable(route, str(response.status))
            return None
        try:
            payload = json.loads(body.decode("utf-8-sig", "replace"))
        except ValueError:
            payload = None
        if not isinstance(payload, list):
            _unavailable(route, "not JSON")
            return None
        raw = headers.get("x-wp-totalpages") or headers.get(b"X-WP-TotalPages") or b"1"
        raw = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        return payload, int(raw) if raw.strip().isdigit() else 1


def _unavailable(route: str, why: str) -> None:
    if route == "posts":
        log.info("REST API not available (%s): using HTML only", why)
    elif route:
        log.info("REST %s not available (%s): names and captions come from the page", route, why)
    else:
        log.info("REST API listing stopped (%s): the rest comes from the HTML", why)

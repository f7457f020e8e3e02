"""The replica site: HTTP server, discovery files, ground truth, traps and states (loopback only)."""

from __future__ import annotations

import http.client
import json
import re
import time
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest

from newscrawl.extract.decode import decode_html
from newscrawl.replica import GROUND_TRUTH_PATH, ReplicaServer, ReplicaSite
from newscrawl.replica.markup import cf_decode
from newscrawl.replica.pages import PASSWORD_PROMPT

BASE = "http://127.0.0.1:8765"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def render_ok(site: ReplicaSite, path: str):
    """Render, retrying the article that fails twice."""
    resp = site.render(path, BASE)
    while resp.status == 500:
        resp = site.render(path, BASE)
    return resp


def get(server: ReplicaServer, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """One GET over a fresh connection, redirects not followed."""
    u = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    resp.body = resp.read()  # type: ignore[attr-defined]
    conn.close()
    return resp


@pytest.fixture(scope="module")
def server():
    site = ReplicaSite()
    with ReplicaServer(site) as srv:
        yield srv


def visible_body(html: bytes | str, theme: str) -> str:
    """Body text the way the ground truth defines it, read from the page's content area."""
    root = lxml.html.fromstring(html)
    for el in root.xpath("//*[@data-cfemail]"):
        el.text = cf_decode(el.get("data-cfemail"))
    for el in root.xpath("//a[starts-with(@href, '/cdn-cgi/l/email-protection#')]"):
        if not el.xpath(".//*[@data-cfemail]"):
            el.text = cf_decode(el.get("href").split("#", 1)[1])
    if theme == "classic":
        (content,) = root.xpath("//div[contains(concat(' ', @class, ' '), ' entry-content ')]")
    else:
        (content,) = root.xpath("//div[contains(@class, 'elementor-widget-theme-post-content')]/div")
    for junk in content.xpath(".//div[contains(@class, 'code-block') or contains(@class, 'irp-wrap')] | .//figure"):
        junk.getparent().remove(junk)
    texts = [" ".join(el.text_content().split()) for el in content.xpath(".//p | .//h2 | .//h3 | .//h4 | .//li")]
    return "\n\n".join(t for t in texts if t)


# ------------------------------------------------------------------ server basics

@pytest.mark.e2e  # starts the replica server on loopback
def test_server_starts_serves_and_stops():
    site = ReplicaSite(articles=12)
    srv = ReplicaServer(site).start()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", srv.base_url)
        resp = get(srv, "/")
        assert resp.status == 200
        assert resp.getheader("Content-Type") == "text/html; charset=UTF-8"
        # absolute links follow the Host header, so they point at this port
        assert f'href="{srv.base_url}/feed/"'.encode() in resp.body
        assert [r.path for r in srv.requests] == ["/"]
        assert srv.requests[0].status == 200 and srv.requests[0].method == "GET"
        srv.reset_log()
        assert srv.requests == []
    finally:
        srv.stop()
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", srv.port, timeout=2).request("GET", "/")


@pytest.mark.e2e  # starts the replica server on loopback
def test_robots_txt(server):
    resp = get(server, "/robots.txt")
    text = resp.body.decode()
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/plain")
    for rule in ("User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php", "Disallow: /private/",
                 "Disallow: /?s=", "Disallow: /search/", "Disallow: /__replica__/"):
        assert rule in text.splitlines()
    assert f"Sitemap: {server.base_url}/sitemap_index.xml" in text


@pytest.mark.e2e  # starts the replica server on loopback
def test_sitemaps_list_sitemap_posts_with_lastmod(server):
    site: ReplicaSite = server.site
    index = lxml.etree.fromstring(get(server, "/sitemap_index.xml").body)
    locs = [e.text for e in index.iter(SM + "loc")]
    assert f"{server.base_url}/post-sitemap.xml" in locs and f"{server.base_url}/page-sitemap.xml" in locs
    assert all(e.text for e in index.iter(SM + "lastmod"))
    urlset = lxml.etree.fromstring(get(server, "/post-sitemap.xml").body)
    urls = [e.findtext(SM + "loc") for e in urlset.iter(SM + "url")]
    truth = site.ground_truth(server.base_url)
    roles = site.roles()
    expected = {u for u in truth if u.rsplit("/", 2)[1] not in roles["archive_only"]}
    assert set(urls) - {f"{server.base_url}/"} == expected
    for slug in roles["sitemap_only"]:
        assert f"{server.base_url}/{slug}/" in urls
    for e in urlset.iter(SM + "url"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", e.findtext(SM + "lastmod"))
    core = lxml.etree.fromstring(get(server, "/wp-sitemap.xml").body)
    assert any(e.text.endswith("/wp-sitemap-posts-post-1.xml") for e in core.iter(SM + "loc"))
    assert get(server, "/page-sitemap.xml").status == 200
    assert get(server, "/category-sitemap.xml").status == 200


def test_post_sitemap_splits_after_1000():
    site = ReplicaSite(articles=1100)
    index = site.render("/sitemap_index.xml", BASE).body.decode()
    assert f"{BASE}/post-sitemap2.xml" in index
    two = lxml.etree.fromstring(site.render("/post-sitemap2.xml", BASE).body)
    assert len(two.findall(SM + "url")) > 50


@pytest.mark.e2e  # starts the replica server on loopback
def test_feed(server):
    site: ReplicaSite = server.site
    rss = lxml.etree.fromstring(get(server, "/feed/").body)
    items = rss.findall("./channel/item")
    assert len(items) == 10
    roles = site.roles()
    dc = "{http://purl.org/dc/elements/1.1/}creator"
    for item in items:
        link = item.findtext("link")
        slug = link.rsplit("/", 2)[1]
        assert slug not in roles["archive_only"] and slug not in roles["sitemap_only"]
        assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000", item.findtext("pubDate"))
        assert re.fullmatch(rf"{re.escape(server.base_url)}/\?p=\d+", item.findtext("guid"))
        assert item.findtext(dc)
    assert get(server, "/comments/feed/").status == 200
    assert get(server, "/category/news/feed/").status == 200
    slug = items[0].findtext("link").rsplit("/", 2)[1]
    assert get(server, f"/{slug}/feed/").status == 200


# ------------------------------------------------------------------ ground truth and pages

@pytest.mark.parametrize("theme", ["classic", "builder"])
def test_every_article_renders_and_matches_ground_truth(theme):
    site = ReplicaSite(theme=theme)
    truth = site.ground_truth(BASE)
    assert len(truth) == 48
    for url, rec in truth.items():
        path = url[len(BASE):]
        resp = site.render(path, BASE)
        while resp.status == 500:  # the flaky article
            resp = site.render(path, BASE)
        assert resp.status == 200, url
        html = decode_html(resp.body, resp.headers["Content-Type"])
        if rec["status"] == "protected":  # the password form stands in for the text
            assert rec["body"] == "" and PASSWORD_PROMPT in visible_body(html, theme), url
            assert f"Protected: {rec['title']}" in lxml.html.fromstring(html).text_content()
        else:
            assert visible_body(html, theme) == rec["body"], url
        root = lxml.html.fromstring(html)
        assert root.xpath("//link[@rel='canonical']/@href") == [url]
        assert f"postid-{rec['wp_id']}" in root.xpath("//body/@class")[0]
        assert rec["title"] in root.text_content()
        for name in rec["authors"]:
            assert name in root.text_content()
    if theme == "builder":
        assert b"entry-content" not in site.render(next(iter(truth))[len(BASE):], BASE).body


def test_ground_truth_shapes_and_special_articles():
    site = ReplicaSite()
    truth = site.ground_truth(BASE)
    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00")
    for url, rec in truth.items():
        assert set(rec) == {"url", "title", "standfirst", "body", "authors", "published", "modified", "section",
                            "tags", "image_url", "image_caption", "wp_id", "is_article", "status"}
        assert rec["url"] == url and url.endswith("/") and rec["is_article"] is True
        assert iso.fullmatch(rec["published"])
        assert rec["modified"] is None or iso.fullmatch(rec["modified"])
        if rec["status"] == "protected":  # public metadata only
            assert rec["body"] == "" and rec["standfirst"] is None and rec["title"] and rec["authors"]
            continue
        assert rec["status"] == "live"
        assert rec["body"] and "Share this story" not in rec["body"] and "Read more." not in rec["body"]
        assert "Advertisement" not in rec["body"] and "[email" not in rec["body"]
    seed = truth[f"{BASE}/improved-public-confidence/"]
    assert seed["title"] == "Improved Public Confidence" and seed["authors"] == ["Editor"]
    assert seed["body"].startswith("SOUTHEND’S District Commander") and seed["body"].endswith("if they need help.”")
    assert "Operation Raker" in seed["body"] and seed["standfirst"] == seed["body"].split("\n\n")[0]
    assert any(len(r["authors"]) == 2 for r in truth.values())
    letters = [r for r in truth.values() if r["section"] == "Points of View"]
    assert letters and all(re.search(r"Letter from: [^,]+, [^,]+, Leigh\.", r["body"]) for r in letters)
    assert any(r["title"].startswith("Chief Inspector’s Update: ") for r in truth.values())
    assert {r["published"][-6:] for r in truth.values()} == {"+00:00", "+01:00"}
    published = {r["published"] for r in truth.values()}
    # either side of both 2024 clock changes, twice inside the repeated hour of 27 October
    assert {"2024-03-31T00:40:12+00:00", "2024-03-31T03:10:45+01:00",
            "2024-10-27T01:20:05+01:00", "2024-10-27T01:45:30+00:00"} <= published
    assert sum(r["modified"] is None for r in truth.values()) == 3  # no JSON-LD, no "Updated:" line
    assert sum("@" in r["body"] for r in truth.values()) >= 2  # decoded Cloudflare addresses


def test_no_jsonld_articles_have_no_time_meta():
    site = ReplicaSite()
    for slug in site.roles()["no_jsonld"]:
        html = site.render(f"/{slug}/", BASE).body
        assert b"application/ld+json" not in html and b"article:published_time" not in html
        assert re.search(rb"\d{1,2}:\d\d [ap]m", html)


def test_windows_1252_article():
    site = ReplicaSite()
    (slug,) = site.roles()["cp1252"]
    resp = site.render(f"/{slug}/", BASE)
    assert resp.headers["Content-Type"] == "text/html; charset=windows-1252"
    assert b'<meta charset="windows-1252">' in resp.body
    with pytest.raises(UnicodeDecodeError):
        resp.body.decode("utf-8")
    text = resp.body.decode("cp1252")
    assert "’" in text and "’".encode("cp1252") in resp.body


def test_non_article_pages_exist():
    site = ReplicaSite()
    for url in site.non_article_urls(BASE):
        assert site.render(url[len(BASE):], BASE).status == 200, url


# ------------------------------------------------------------------ traps

@pytest.mark.e2e  # starts the replica server on loopback
def test_redirects(server):
    site: ReplicaSite = server.site
    base = server.base_url
    rec = next(iter(site.ground_truth(base).values()))
    slug = rec["url"].rsplit("/", 2)[1]
    r = get(server, f"/?p={rec['wp_id']}")
    assert r.status == 301 and r.getheader("Location") == rec["url"]
    r = get(server, f"/{slug}")
    assert r.status == 301 and r.getheader("Location") == rec["url"]
    # old slug
    old = site.post_by_slug(site.roles()["old_slug"][0])
    r = get(server, f"/{old.old_slug}/")
    assert r.status == 301 and r.getheader("Location") == f"{base}/{old.slug}/"
    # a chain of three hops, linked from the home page
    chain = site.post_by_slug(site.roles()["chain"][0])
    assert f"/go/{chain.wp_id}/".encode() in get(server, "/").body
    path, hops = f"/go/{chain.wp_id}/", 0
    while True:
        r = get(server, path)
        if r.status != 301:
            break
        path, hops = r.getheader("Location")[len(base):], hops + 1
    assert hops == 3 and r.status == 200 and path == f"/{chain.slug}/"


@pytest.mark.e2e  # starts the replica server on loopback
def test_flaky_article_fails_twice_then_answers(server):
    (slug,) = server.site.roles()["flaky"]
    server.site.reset()
    assert [get(server, f"/{slug}/").status for _ in range(3)] == [500, 500, 200]
    assert get(server, f"/{slug}/").status == 200


@pytest.mark.e2e  # starts the replica server on loopback
def test_slow_page():
    site = ReplicaSite()
    (slug,) = site.roles()["slow"]
    assert site.render(f"/{slug}/", BASE).delay >= 2
    with ReplicaServer(site) as srv:
        t = time.monotonic()
        assert get(srv, f"/{slug}/").status == 200
        assert time.monotonic() - t >= 1.9


@pytest.mark.e2e  # starts the replica server on loopback
def test_other_traps(server):
    site: ReplicaSite = server.site
    home = get(server, "/").body
    assert b"/private/" in home and b"http://example.org/" in home and b"https://www.facebook.com/" in home
    assert b"utm_source=twitter&amp;utm_medium=social" in home and b"#comments" in home or b"#respond" in home
    assert get(server, "/council-budget-2019-archive/").status == 404
    assert get(server, "/no-such-story/").status == 404
    cal = get(server, "/events/?month=2024-01")
    assert cal.status == 200 and b"/events/?month=2024-02" in cal.body and b"/events/?month=2023-12" in cal.body
    assert get(server, "/events/?month=1999-12").status == 200
    (tracking,) = site.roles()["tracking_link"]
    assert b"?fbclid=" in get(server, f"/{tracking}/").body
    slug = next(iter(site.ground_truth(server.base_url))).rsplit("/", 2)[1]
    plain = get(server, f"/{slug}/")
    tracked = get(server, f"/{slug}/?utm_source=twitter&utm_medium=social")
    assert tracked.status == 200 and tracked.body == plain.body
    assert get(server, "/category/news/page/2/").status == 200
    assert get(server, "/category/news/page/99/").status == 404
    assert get(server, "/wp-json/wp/v2/posts").status == 401
    gt = json.loads(get(server, GROUND_TRUTH_PATH).body)
    assert gt == site.ground_truth(server.base_url)
    # discovery holes
    roles = site.roles()
    linked = b"".join(get(server, p).body for p in ["/", "/page/2/", "/page/3/", "/page/4/", "/page/5/"])
    for slug in roles["archive_only"]:
        assert f"/{slug}/".encode() in linked
    for slug in roles["sitemap_only"]:
        assert f"/{slug}/".encode() not in linked


def test_no_page_links_to_sitemap_only_articles():
    site = ReplicaSite()
    hidden = [f"/{s}/".encode() for s in site.roles()["sitemap_only"]]
    truth = site.ground_truth(BASE)
    pages = [*site.non_article_urls(BASE), *truth]
    for url in pages:
        resp = site.render(url[len(BASE):], BASE)
        while resp.status == 500:
            resp = site.render(url[len(BASE):], BASE)
        for h in hidden:
            if url.encode().endswith(h):
                continue
            assert h not in resp.body, (url, h)


# ------------------------------------------------------------------ HTTP caching and states

@pytest.mark.e2e  # starts the replica server on loopback
def test_conditional_requests(server):
    slug = next(iter(server.site.ground_truth(server.base_url))).rsplit("/", 2)[1]
    first = get(server, f"/{slug}/")
    etag, last_modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag) and last_modified
    assert get(server, f"/{slug}/", {"If-None-Match": etag}).status == 304
    assert get(server, f"/{slug}/", {"If-None-Match": '"other"'}).status == 200
    assert get(server, f"/{slug}/", {"If-Modified-Since": last_modified}).status == 304
    assert get(server, f"/{slug}/", {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200
    assert get(server, f"/{slug}/").getheader("ETag") == etag  # byte-deterministic


def test_later_state_changes_exactly_the_advertised_articles():
    site = ReplicaSite()
    roles = site.roles()
    before = {u: render_ok(site, u[len(BASE):]) for u in site.ground_truth(BASE)}
    truth_before = site.ground_truth(BASE)
    site.set_state("later")
    site.reset()
    truth_after = site.ground_truth(BASE)
    gone = {f"{BASE}/{s}/" for s in roles["deleted"]}
    new = {f"{BASE}/{s}/" for s in roles["new"]}
    edited = {f"{BASE}/{s}/" for s in roles["edited"]}
    assert len(gone) == 3 and len(new) == 4 and len(edited) == 5
    assert set(truth_after) == (set(truth_before) - gone) | new
    for url in gone:
        assert site.render(url[len(BASE):], BASE).status == 410
    for url, old in before.items():
        if url in gone:
            continue
        resp = render_ok(site, url[len(BASE):])
        if url in edited:
            assert resp.body != old.body and resp.headers["ETag"] != old.headers["ETag"]
            assert truth_after[url]["body"] != truth_before[url]["body"]
            assert truth_after[url]["modified"] > truth_before[url]["modified"]
        else:
            assert resp.headers["ETag"] == old.headers["ETag"], url
            assert truth_after[url] == truth_before[url]
    for url in new:
        assert truth_after[url]["published"] > max(r["published"] for r in truth_before.values())
    feed = site.render("/feed/", BASE).body
    sitemap = site.render("/post-sitemap.xml", BASE).body
    for url in new:
        assert url.encode() in sitemap
    assert any(url.encode() in feed for url in new)
    for url in gone:
        assert url.encode() not in sitemap and url.encode() not in feed


def test_large_site_is_fast():
    t = time.monotonic()
    site = ReplicaSite(articles=2000)
    built = time.monotonic() - t
    assert built < 5
    truth = site.ground_truth(BASE)
    assert len(truth) == 2000
    url = list(truth)[1234]
    t = time.monotonic()
    assert site.render(url[len(BASE):], BASE).status in (200, 500)
    assert site.render("/category/news/page/20/", BASE).status == 200
    assert time.monotonic() - t < 2


@pytest.mark.e2e  # starts the replica server on loopback
def test_search_pages_are_linked_but_disallowed(server):
    home = get(server, "/").body
    assert b"/?s=parking" in home and b"/search/pier/" in home
    assert get(server, "/?s=parking").status == 200


# ------------------------------------------------------------------ REST API

def test_rest_api_in_wordpress_shapes():
    site = ReplicaSite(rest_api=True)
    truth = site.ground_truth(BASE)
    resp = site.render("/wp-json/wp/v2/posts?per_page=100", BASE)
    assert resp.status == 200 and resp.headers["X-WP-Total"] == str(len(truth))
    assert resp.headers["X-WP-TotalPages"] == "1"
    posts = json.loads(resp.body)
    assert b"\\/" in resp.body  # WordPress escapes slashes
    by_link = {p["link"]: p for p in posts}
    assert set(by_link) == set(truth)
    for url, rec in truth.items():
        p = by_link[url]
        assert p["id"] == rec["wp_id"]
        assert p["date_gmt"] + "+00:00" == time_utc(rec["published"])
        assert p["modified_gmt"] + "+00:00" == time_utc(rec["modified"])  # shown by the API when it is on
        for key in ("title", "content", "excerpt"):
            assert "rendered" in p[key]
    page2 = site.render("/wp-json/wp/v2/posts?per_page=10&page=2", BASE)
    assert len(json.loads(page2.body)) == 10 and 'rel="next"' in page2.headers["Link"]
    assert site.render("/wp-json/wp/v2/posts?page=99", BASE).status == 400
    for route in ("categories", "tags", "users", "media"):
        r = site.render(f"/wp-json/wp/v2/{route}", BASE)
        assert r.status == 200 and int(r.headers["X-WP-Total"]) > 0, route
    cats = json.loads(site.render("/wp-json/wp/v2/categories?per_page=100", BASE).body)
    assert {"id", "count", "name", "slug", "taxonomy", "link"} <= set(cats[0])
    one = json.loads(site.render(f"/wp-json/wp/v2/posts/{posts[0]['id']}", BASE).body)
    assert one["id"] == posts[0]["id"]
    off = ReplicaSite()
    r = off.render("/wp-json/wp/v2/posts", BASE)
    assert r.status == 401 and json.loads(r.body)["code"] == "rest_forbidden"


def time_utc(iso: str) -> str:
    from datetime import UTC, datetime

    return datetime.fromisoformat(iso).astimezone(UTC).isoformat()


def test_cli_ground_truth():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "newscrawl.replica", "ground-truth", "--articles", "10",
                           "--base-url", BASE], capture_output=True, text=True, timeout=60, check=True)
    data = json.loads(proc.stdout)
    assert data == ReplicaSite(articles=10).ground_truth(BASE)


def test_rendering_is_identical_across_processes():
    import subprocess
    import sys

    code = ("import hashlib; from newscrawl.replica import ReplicaSite; s = ReplicaSite(theme='builder'); "
            "print(hashlib.sha1(b''.join(s.render(p, 'http://127.0.0.1:8765').body for p in "
            "['/', '/improved-public-confidence/', '/feed/', '/post-sitemap.xml', '/tag/essex-police/'])).hexdigest())")
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(out) == 1

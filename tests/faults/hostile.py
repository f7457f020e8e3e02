"""A hostile web site on loopback, for the fault suite (stdlib only, one thread per request).

``HostileServer`` serves a tiny WordPress-like news site (a home page linking to article
pages with ``og:type=article``, an ``h1`` and paragraphs) plus hostile routes, each linked
from the home page only when a test asks for it (``server.link(path)``):

* ``/more/``: the article links, answered after 0.5 s (``server.articles_later``: the home
  page links this instead of the articles, so they are requested after everything else)
* ``/off/N/``: 301 to ``server.other_base + /a/N/`` (another host)
* ``/ra/STATUS/VALUE/N/``: STATUS (429 or 503) with ``Retry-After: VALUE`` (seconds; ``dN``
  sends an HTTP date N seconds ahead) on the first hit, then article N; a VALUE above
  ``server.always_limited`` (default 600) answers STATUS every time
* ``/forbid/N/``: 403
* ``/robots.txt``: ``server.robots`` (default allows everything)
* ``/bomb/gzip/``: gzip-encoded HTML, about 100 KB on the wire, 100 MB decoded
* ``/bomb-sitemap.xml``: a billion-laughs XML sitemap
* ``/huge/``: a 60 MB HTML page, streamed; ``/endless/``: chunked, trickles until the
  client gives up (or the server stops)
* ``/enc/cp1252/``, ``/enc/latin1/``: cp1252 bytes declared UTF-8, UTF-8 declared latin-1
* ``/binary/``: random bytes as ``text/html``
* ``/events/...`` (path dates: month, day and week views) and ``/diary/?view=&date=``
  (query dates): endless calendars with next/prev links, never seen by the crawler before
* ``/canon/js/``, ``/canon/data/``: articles whose canonical is ``javascript:``/``data:``

Every request is logged (``server.requests``: method, host, path, monotonic and wall time).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARTICLES = 6  # /a/1/ .. /a/6/


@dataclass(frozen=True)
class Hit:
    """One request the server received."""

    method: str
    host: str  # the Host header
    path: str  # with query
    at: float  # time.monotonic() when it arrived
    wall: float  # time.time()


def article_html(n: int, title: str | None = None, canonical: str | None = None,
                 extra: str = "", charset: str = "utf-8") -> str:
    title = title or f"Hostile article number {n} about the seafront"
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    words = ("lifeboat", "cockle sheds", "library", "bus lane", "regatta", "market",
             "allotments", "bandstand", "school run", "pier", "foreshore", "station")
    paras = "".join(
        f"<p>On the {words[(n + i) % 12]}, the {words[(n * 5 + i) % 12]} and the"
        f" {words[(n * 7 + 2 * i) % 12]}: the council met on a {('wet', 'windy', 'bright')[i % 3]}"
        f" evening and {('residents', 'traders', 'fishermen')[(n + i) % 3]} spoke at length"
        f" about the {words[(3 * n + i) % 12]} (report {n}.{i}).</p>"
        for i in range(1, 7))
    return (f'<!doctype html><html lang="en"><head><meta charset="{charset}">'
            f"<title>{title}</title>{canon}"
            '<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="2024-05-0{1 + n % 9}T09:00:00+00:00">'
            f'</head><body class="post-template-default single single-post postid-{n}">'
            f'<article><h1 class="entry-title">{title}</h1>'
            f'<div class="entry-content">{paras}{extra}</div></article></body></html>')


@lru_cache(maxsize=1)
def gzip_bomb(size: int = 100 * 1024 * 1024) -> bytes:
    """gzip of ``size`` bytes of HTML-ish padding (spaces): about size/1000 on the wire."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        gz.write(b"<html><body><p>")
        chunk = b" " * (1024 * 1024)
        for _ in range(size // len(chunk)):
            gz.write(chunk)
    return buf.getvalue()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>&lol9;</loc></url>
</urlset>
"""


def _calendar_page(title: str, links: list[tuple[str, str]]) -> str:
    nav = " ".join(f'<a href="{href}" rel="{rel}">{rel} {href}</a>'
                   if rel in ("next", "prev") else f'<a href="{href}">{rel}</a>'
                   for rel, href in links)
    return (f"<!doctype html><html><head><title>{title}</title>"
            '<meta property="og:type" content="website"></head>'
            f'<body class="post-type-archive"><h1>{title}</h1>'
            f"<p>There are no events listed.</p><nav>{nav}</nav></body></html>")


def _month(d: date, step: int) -> date:
    m = d.month - 1 + step
    return date(d.year + m // 12, m % 12 + 1, 1)


def events_calendar(path: str) -> str | None:
    """/events/month/YYYY-MM/, /events/YYYY-MM-DD/, /events/week/YYYY-MM-DD/."""
    if m := re.fullmatch(r"/events/month/(\d{4})-(\d{2})/", path):
        d = date(int(m[1]), int(m[2]), 1)
        links = [("prev", f"/events/month/{_month(d, -1):%Y-%m}/"),
                 ("next", f"/events/month/{_month(d, 1):%Y-%m}/")]
        links += [("day", f"/events/{d.replace(day=i):%Y-%m-%d}/") for i in range(1, 29, 3)]
        links += [("week", f"/events/week/{d.replace(day=i):%Y-%m-%d}/") for i in (1, 8, 15, 22)]
        return _calendar_page(f"Events for {d:%B %Y}", links)
    if m := re.fullmatch(r"/events/(week/)?(\d{4})-(\d{2})-(\d{2})/", path):
        d = date(int(m[2]), int(m[3]), int(m[4]))
        step = timedelta(days=7 if m[1] else 1)
        kind = "week/" if m[1] else ""
        links = [("prev", f"/events/{kind}{d - step:%Y-%m-%d}/"),
                 ("next", f"/events/{kind}{d + step:%Y-%m-%d}/"),
                 ("month", f"/events/month/{d:%Y-%m}/")]
        return _calendar_page(f"Events {kind}{d:%d %B %Y}", links)
    return None


def diary_calendar(query: str) -> str | None:
    """/diary/?view=day|week|month&date=YYYYMMDD (query parameters only)."""
    q = parse_qs(query)
    view, raw = q.get("view", ["month"])[0], q.get("date", [""])[0]
    if not re.fullmatch(r"\d{8}", raw) or view not in ("day", "week", "month"):
        return None
    d = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    if view == "month":
        nxt, prv = _month(d, 1), _month(d, -1)
    else:
        step = timedelta(days=7 if view == "week" else 1)
        nxt, prv = d + step, d - step
    links = [("prev", f"/diary/?view={view}&date={prv:%Y%m%d}"),
             ("next", f"/diary/?view={view}&date={nxt:%Y%m%d}")]
    other = {"month": "day", "day": "week", "week": "month"}[view]
    links.append((other, f"/diary/?view={other}&date={d:%Y%m%d}"))
    return _calendar_page(f"Diary {view} {d:%Y-%m-%d}", links)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_ref: HostileServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server_ref
        srv.requests.append(Hit(self.command, self.headers.get("Host", ""), self.path,
                                time.monotonic(), time.time()))
        try:
            self._route(srv)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the crawler gave up (max size, timeout): that is the point

    def _route(self, srv: HostileServer) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/robots.txt":
            return self._send(200, srv.robots.format(base=srv.base_url).encode(), "text/plain")
        if path == "/":
            articles = [f"/a/{n}/" for n in range(1, srv.articles + 1)]
            if srv.articles_later:
                articles = ["/more/"]
            links = srv.first_links + articles + [p for p in srv.links if p not in srv.first_links]
            body = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
            return self._send(200, (
                '<!doctype html><html><head><title>Hostile News</title>'
                '<meta property="og:type" content="website"></head>'
                f'<body class="home blog"><h1>Hostile News</h1><ul>{body}</ul>'
                "</body></html>").encode())
        if path == "/more/":  # the articles, answered late: asked for after the rest
            time.sleep(0.5)
            body = "".join(f'<li><a href="/a/{n}/">{n}</a></li>' for n in range(1, srv.articles + 1))
            return self._send(200, (
                '<!doctype html><html><head><title>More</title></head>'
                f'<body class="archive category"><h1>More</h1><ul>{body}</ul></body></html>'
            ).encode())
        if m := re.fullmatch(r"/a/(\d+)/", path):
            n = int(m[1])
            topic = ("lifeboat", "cockles", "library", "bus lane", "regatta", "market",
                     "allotments", "bandstand", "school run")[n % 9]
            extra = (f'<p>The {topic} story goes on <a href="{srv.other_base}/elsewhere/{n}/">'
                     f"in the {topic} pages of the other paper</a>.</p>"
                     if srv.offsite_links else "")
            return self._send(200, article_html(int(m[1]), extra=extra).encode())
        if re.fullmatch(r"/forbid/\d+/", path):
            return self._send(403, b"<html><body>Forbidden</body></html>")
        if m := re.fullmatch(r"/off/(\d+)/", path):
            return self._send(301, b"", headers={"Location": f"{srv.other_base}/a/{m[1]}/"})
        if m := re.fullmatch(r"/ra/(\d{3})/(d?)(\d+)/(\d+)/", path):
            status, is_date, value, n = int(m[1]), m[2], int(m[3]), int(m[4])
            with srv.lock:
                first = path not in srv.limited_once
                srv.limited_once.add(path)
            if first or value > srv.always_limited:
                when = (format_datetime(datetime.now(UTC) + timedelta(seconds=value), usegmt=True)
                        if is_date else str(value))
                return self._send(status, b"<html><body>Slow down</body></html>",
                                  headers={"Retry-After": when})
            return self._send(200, article_html(100 + n, f"Rate limited article {n}").encode())
        if path == "/bomb/gzip/":
            return self._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
        if path == "/bomb-sitemap.xml":
            return self._send(200, XML_BOMB, "application/xml")
        if path == "/huge/":
            return self._stream(60 * 1024 * 1024)
        if path == "/endless/":
            return self._trickle(srv)
        if path == "/enc/cp1252/":
            html = article_html(201, "Café society – “quoted” in cp1252")
            return self._send(200, html.encode("cp1252"), "text/html; charset=utf-8")
        if path == "/enc/latin1/":
            html = article_html(202, "Naïve résumé – UTF-8 declared latin-1", charset="iso-8859-1")
            return self._send(200, html.encode("utf-8"), "text/html; charset=iso-8859-1")
        if path == "/enc/rot13/":  # a codec Python has and no browser does
            html = article_html(203, "Café society – declared in rot13", charset="rot13")
            return self._send(200, html.encode("utf-8"), "text/html")
        if path == "/enc/zlib/":
            html = article_html(204, "Naïve zlib – declared in the header")
            return self._send(200, html.encode("utf-8"), "text/html; charset=zlib")
        if path == "/refresh/bad/":  # a refresh URL urllib refuses
            html = article_html(205, "Refresh to nowhere").replace(
                "<title>", '<meta http-equiv="refresh" content="0; url=http://[bad/"><title>', 1)
            return self._send(200, html.encode("utf-8"))
        if path == "/binary/":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + os.urandom(200_000))
        if path.startswith("/events/") and (html := events_calendar(path)):
            return self._send(200, html.encode())
        if path == "/diary/" and (html := diary_calendar(parts.query)):
            return self._send(200, html.encode())
        if path == "/canon/js/":
            return self._send(200, article_html(301, "Canonical javascript article",
                                                "javascript:void(0)").encode())
        if path == "/canon/data/":
            return self._send(200, article_html(302, "Canonical data article",
                                                "data:text/html,hello").encode())
        return self._send(404, b"<html><body class=error404>Not found</body></html>")

    def _stream(self, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        sent = 0
        while sent < size and not self.server_ref.stopping.is_set():
            self.wfile.write(chunk[: size - sent])
            sent += len(chunk)

    def _trickle(self, srv: HostileServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        deadline = time.monotonic() + 120  # bounded even if the client never gives up
        data = b"<p>more</p>\n"
        while time.monotonic() < deadline and not srv.stopping.wait(0.2):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()


class HostileServer:
    """The hostile site on ``host``:port (port 0: a free one), in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.requested_host = host
        self.requested_port = port
        self.requests: list[Hit] = []
        self.links: list[str] = []  # extra paths the home page links to
        self.first_links: list[str] = []  # of those, the ones listed before the articles
        self.articles = ARTICLES
        self.articles_later = False  # True: the home page links /more/ (0.5 s late) instead
        self.robots = "User-agent: *\nAllow: /\n"  # {base}: the server's base URL
        self.other_base = "http://127.0.0.2:9"  # where /off/ redirects (set by the test)
        self.always_limited = 600
        self.offsite_links = False  # True: article N links to other_base/elsewhere/N/
        self.limited_once: set[str] = set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def link(self, *paths: str, first: bool = False) -> HostileServer:
        """Link ``paths`` from the home page (before its articles when ``first``)."""
        self.links.extend(paths)
        if first:
            self.first_links.extend(paths)
        return self

    @property
    def host(self) -> str:
        assert self._httpd is not None
        return self._httpd.server_address[0]

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def hits(self, prefix: str = "") -> list[Hit]:
        """Requests whose path starts with ``prefix``."""
        return [h for h in list(self.requests) if h.path.startswith(prefix)]

    def start(self) -> HostileServer:
        handler = type("Handler", (_Handler,), {"server_ref": self})
        httpd = ThreadingHTTPServer((self.requested_host, self.requested_port), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

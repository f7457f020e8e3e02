"""The replica site served fast, in its own process, for benchmarks/crawl.py.

``newscrawl.replica.ReplicaServer`` (stdlib ThreadingHTTPServer, a thread per connection,
header parsing in Python) costs more CPU per request than a bare Scrapy spider does, so a
crawler compared over it measures the server. This one:

* renders the site once before it listens: a breadth-first walk of the link graph in
  this process (hrefs, ``src``s and sitemap ``<loc>``s of every page rendered, robots.txt
  and the usual sitemap and feed locations first) up to ``--pages`` pages (default
  4 x articles + 1,000: more than the bare spider's cap of 3 x articles), each answer kept
  as the bytes sent on the wire;
* serves them from one asyncio event loop (HTTP/1.1 keep-alive, GET and HEAD), answering a
  page it did not render beforehand by rendering it then (and keeping it); conditional
  requests and 5xx answers (the replica's fail-twice page) are never kept; the replica's
  slow page still waits, without holding up the others;
* counts what it does: ``GET /__bench__/stats`` (unlinked, not counted) answers
  ``{"requests", "rendered_late", "cpu_s", "pid"}``, so a benchmark reads, for one run, the
  requests served and the CPU seconds this process spent serving them.

Started by the benchmark as a child process; prints one JSON line
``{"base_url", "pid", "pages", "prerender_s"}`` on stdout once it listens, and runs until
SIGTERM/SIGINT:

    .venv/bin/python benchmarks/fast_server.py --articles 2000 [--port 0] [--pages N]
"""

from __future__ import annotations

import argparse
import asyncio
import http
import json
import os
import re
import signal
import socket
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.replica import ReplicaSite  # noqa: E402

STATS_PATH = "/__bench__/stats"
_LINK = re.compile(rb"""(?:href|src)\s*=\s*["']([^"'#]+)|<loc>\s*([^<\s]+)\s*</loc>""", re.I)
_SEEDS = ("/robots.txt", "/", "/sitemap_index.xml", "/wp-sitemap.xml", "/sitemap.xml",
          "/feed/", "/rss/", "/atom.xml")
_CONDITIONAL = (b"if-none-match", b"if-modified-since")


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


class Answer:
    """One response as sent: the status line and headers (with Content-Length), the body."""

    __slots__ = ("status", "head", "body", "delay")

    def __init__(self, status: int, headers: dict[str, str], body: bytes, delay: float) -> None:
        lines = [f"HTTP/1.1 {status} {_reason(status)}", "Server: cloudflare"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if status != 304:
            lines.append(f"Content-Length: {len(body)}")
        self.status = status
        self.head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.body = body if status != 304 else b""
        self.delay = delay


class Pages:
    """The site's answers by path, rendered once for ``base``."""

    def __init__(self, site: ReplicaSite, base: str) -> None:
        self.site = site
        self.base = base
        self.host = urlsplit(base).netloc
        self.answers: dict[str, Answer] = {}
        self.rendered_late = 0

    def render(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        resp = self.site.render(path, self.base, headers or {})
        return Answer(resp.status, resp.headers, resp.body, resp.delay)

    def get(self, path: str, host: str, conditional: bool, headers: dict[str, str]) -> Answer:
        if conditional or host != self.host:
            return self._render_for(path, host, headers)
        answer = self.answers.get(path)
        if answer is None:
            answer = self.render(path)
            self.rendered_late += 1
            if answer.status < 500:
                self.answers[path] = answer
        return answer

    def _render_for(self, path: str, host: str, headers: dict[str, str]) -> Answer:
        resp = self.site.render(path, f"http://{host}", headers)
        return Answer(resp.status, resp.headers, resp.body, resp.delay)

    def prerender(self, limit: int) -> int:
        """Walk the site breadth-first from the usual entry points, keeping each answer."""
        queue: deque[str] = deque(_SEEDS)
        queued = set(_SEEDS)
        while queue and len(self.answers) < limit:
            path = queue.popleft()
            answer = self.render(path)
            if answer.status >= 500:
                continue
            self.answers[path] = answer
            if answer.status in (301, 302, 303, 307, 308):
                location = self._header(answer, "Location")
                links = [location.encode()] if location else []
            else:
                links = [m.group(1) or m.group(2) for m in _LINK.finditer(answer.body)]
            for raw in links:
                nxt = self._local(raw.decode("utf-8", "replace").replace("&amp;", "&"), path)
                if nxt is not None and nxt not in queued:
                    queued.add(nxt)
                    queue.append(nxt)
        return len(self.answers)

    def _local(self, href: str, current: str) -> str | None:
        url = urlsplit(urljoin(self.base + current, href.strip()))
        if url.scheme not in ("http", "https") or url.netloc != self.host:
            return None
        return (url.path or "/") + (f"?{url.query}" if url.query else "")

    @staticmethod
    def _header(answer: Answer, name: str) -> str | None:
        for line in answer.head.decode("latin-1").split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None


class Counters:
    def __init__(self) -> None:
        self.requests = 0


class HttpProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive; requests on one connection are answered in order."""

    def __init__(self, pages: Pages, counters: Counters) -> None:
        self.pages = pages
        self.counters = counters
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.busy = False  # a delayed answer is pending: later requests wait for it

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._serve()

    def _serve(self) -> None:
        while not self.busy and self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].split(b"\r\n")
            headers: dict[bytes, bytes] = {}
            for line in head[1:]:
                key, _, value = line.partition(b":")
                headers[key.strip().lower()] = value.strip()
            length = int(headers.get(b"content-length", b"0") or 0)
            if len(self.buffer) < end + 4 + length:
                return  # the body of a POST is still coming
            self.buffer = self.buffer[end + 4 + length:]
            try:
                method, target, _version = head[0].decode("latin-1").split(" ", 2)
            except ValueError:
                self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                self.transport.close()
                return
            close = headers.get(b"connection", b"").lower() == b"close"
            self._answer(method, target, headers, close)

    def _answer(self, method: str, target: str, headers: dict[bytes, bytes], close: bool) -> None:
        assert self.transport is not None
        if target == STATS_PATH:
            body = json.dumps({
                "requests": self.counters.requests, "rendered_late": self.pages.rendered_late,
                "cpu_s": time.process_time(), "pid": os.getpid(),
            }).encode()
            self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            return
        self.counters.requests += 1
        if method not in ("GET", "HEAD"):
            self.transport.write(b"HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n"
                                 b"Content-Length: 0\r\n\r\n")
            return
        conditional = any(h in headers for h in _CONDITIONAL)
        host = headers.get(b"host", b"").decode("latin-1")
        text_headers = ({k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items()}
                        if conditional else {})
        try:
            answer = self.pages.get(target, host, conditional, text_headers)
        except Exception:  # a replica bug shows as a 500, not a hung socket
            answer = Answer(500, {"Content-Type": "text/plain"}, b"replica error", 0.0)
        send_body = method == "GET"
        if answer.delay:
            self.busy = True
            asyncio.get_running_loop().call_later(
                answer.delay, self._send_later, answer, send_body, close)
            return
        self._send(answer, send_body, close)

    def _send(self, answer: Answer, send_body: bool, close: bool) -> None:
        if self.transport is None:
            return
        if send_body and answer.body:
            self.transport.writelines((answer.head, answer.body))
        else:
            self.transport.write(answer.head)
        if close:
            self.transport.close()

    def _send_later(self, answer: Answer, send_body: bool, close: bool) -> None:
        self.busy = False
        self._send(answer, send_body, close)
        self._serve()


async def serve(args: argparse.Namespace) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(1024)
    host, port = sock.getsockname()[:2]
    base = f"http://{host}:{port}"
    site = ReplicaSite(articles=args.articles, seed=args.seed)
    pages = Pages(site, base)
    started = time.perf_counter()
    limit = args.pages if args.pages is not None else 4 * args.articles + 1000
    count = pages.prerender(limit)
    prerender_s = time.perf_counter() - started
    counters = Counters()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(pages, counters), sock=sock)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(json.dumps({"base_url": base, "pid": os.getpid(), "pages": count,
                      "prerender_s": round(prerender_s, 2)}), flush=True)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--pages", type=int, default=None,
                        help="pages rendered before listening (default 4 x articles + 1000)")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()

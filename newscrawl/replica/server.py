"""ReplicaServer: the replica over real HTTP on loopback (stdlib ThreadingHTTPServer)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from .site import ReplicaSite


@dataclass(frozen=True)
class RequestLog:
    """One request the server received."""

    method: str
    path: str  # with query
    status: int
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    replica: ReplicaServer  # set on the subclass made per server

    def version_string(self) -> str:
        return "cloudflare"  # the real site sits behind Cloudflare

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # the replica keeps its own log

    def _answer(self, send_body: bool) -> None:
        host = self.headers.get("Host") or f"{self.replica.host}:{self.replica.port}"
        base = f"http://{host}"
        headers = {k: v for k, v in self.headers.items()}
        try:
            resp = self.replica.site.render(self.path, base, headers)
        except Exception:  # a bug in the replica must show as a 500, not a hung socket
            self.replica._log(self.command, self.path, 500, headers)
            self.send_error(500)
            return
        self.replica._log(self.command, self.path, resp.status, headers)
        if resp.delay:
            time.sleep(resp.delay)
        self.send_response(resp.status)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        if resp.status != 304:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if send_body and resp.status != 304:
            self.wfile.write(resp.body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._answer(True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(False)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        headers = {k: v for k, v in self.headers.items()}
        self.replica._log("POST", self.path, 405, headers)
        body = b"Method Not Allowed"
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ReplicaServer:
    """Serve a ReplicaSite on host:port (port 0 picks a free one) in a background thread.

    ``requests`` lists every request received, in order; ``base_url`` is where it listens.
    ``log_path``: also append one line a request to that file (``METHOD STATUS PATH``,
    tab-separated), for a server run in its own process; with ``keep_log=False`` the
    in-memory list stays empty, so a long benchmark's server does not grow with it.
    """

    def __init__(self, site: ReplicaSite, host: str = "127.0.0.1", port: int = 0, *,
                 log_path: str | Path | None = None, keep_log: bool = True) -> None:
        self.site = site
        self.host = host
        self.port = port
        self._requests: list[RequestLog] = []
        self._keep_log = keep_log
        self._log_file: IO[str] | None = (
            open(log_path, "a", encoding="utf-8", buffering=1) if log_path else None)  # noqa: SIM115
        self._log_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """e.g. http://127.0.0.1:43121"""
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[RequestLog]:
        """A snapshot of the request log."""
        with self._log_lock:
            return list(self._requests)

    def reset_log(self) -> None:
        """Empty the request log."""
        with self._log_lock:
            self._requests.clear()

    def _log(self, method: str, path: str, status: int, headers: dict[str, str]) -> None:
        with self._log_lock:
            if self._keep_log:
                self._requests.append(RequestLog(method, path, status, headers))
            if self._log_file is not None:
                self._log_file.write(f"{method}\t{status}\t{path}\n")

    def start(self) -> ReplicaServer:
        """Bind and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        handler = type("ReplicaHandler", (_Handler,), {"replica": self})
        httpd = ThreadingHTTPServer((self.host, self.port), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, name=f"replica:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None
        with self._log_lock:
            if self._log_file is not None:
                self._log_file.close()
                self._log_file = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

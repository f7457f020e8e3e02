"""CLI: ``python -m newscrawl.replica serve|ground-truth``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

from .server import ReplicaServer
from .site import STATES, THEMES, ReplicaSite


class _TimedLogServer(ReplicaServer):
    """``--log-times``: each log line starts with the time its request line was read
    (epoch seconds, before the page is rendered), for rates measured from outside."""

    def start(self) -> ReplicaServer:
        super().start()
        assert self._httpd is not None
        handler = self._httpd.RequestHandlerClass  # made for this server alone
        parse, arrival = handler.parse_request, threading.local()
        self._arrival = arrival

        def parse_request(request_handler: object) -> bool:
            arrival.at = time.time()
            return parse(request_handler)

        handler.parse_request = parse_request  # type: ignore[method-assign]
        return self

    def _log(self, method: str, path: str, status: int, headers: dict[str, str]) -> None:
        at = getattr(self._arrival, "at", None) or time.time()
        with self._log_lock:
            if self._log_file is not None:
                self._log_file.write(f"{at:.6f}\t{method}\t{status}\t{path}\n")


def main(argv: list[str] | None = None) -> int:
    """Run the replica CLI."""
    parser = argparse.ArgumentParser(prog="python -m newscrawl.replica", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--articles", type=int, default=48, help="number of initial articles (default 48)")
        p.add_argument("--seed", type=int, default=1, help="content seed (default 1)")
        p.add_argument("--theme", choices=THEMES, default="classic")
        p.add_argument("--state", choices=STATES, default="initial")
        p.add_argument("--rest-api", action="store_true", help="serve /wp-json/ (otherwise 401)")

    serve = sub.add_parser("serve", help="serve the replica on 127.0.0.1 until Ctrl-C")
    common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed)")
    serve.add_argument("--log", metavar="FILE",
                       help="append METHOD<tab>STATUS<tab>PATH per request to FILE, kept"
                            " nowhere else (a benchmark's server in its own process)")
    serve.add_argument("--log-times", action="store_true",
                       help="with --log: start each line with the time the request arrived"
                            " (epoch seconds) and a tab")
    truth = sub.add_parser("ground-truth", help="print the expected records as JSON")
    common(truth)
    truth.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8765")
    args = parser.parse_args(argv)

    site = ReplicaSite(articles=args.articles, seed=args.seed, theme=args.theme, state=args.state,
                       rest_api=args.rest_api)
    if args.command == "ground-truth":
        json.dump(site.ground_truth(args.base_url), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    server_class = _TimedLogServer if args.log and args.log_times else ReplicaServer
    server = server_class(site, host=args.host, port=args.port, log_path=args.log,
                          keep_log=not args.log).start()
    print(server.base_url, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly (log closed)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

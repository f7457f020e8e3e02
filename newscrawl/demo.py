"""The offline demo: replica site on loopback → crawl → Datasette."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from newscrawl import api


def run(*, db: Path | None, port: int, site_port: int, articles: int, theme: str, live: bool,
        serve: bool, echo: Callable[[str], None], summary: Callable[[dict], str]) -> None:
    """Crawl the replica (or, with ``live``, the real site) into ``db`` and serve it."""
    if live:
        db = db or Path(api.DEFAULT_DB)
        echo(f"Crawling {api.DEFAULT_URL} politely into {db} (this takes a while)...")
        result = api.crawl([api.DEFAULT_URL], db=db)
    else:
        from newscrawl.replica import ReplicaServer, ReplicaSite

        db = db or Path("data/demo.db")
        site = ReplicaSite(articles=articles, theme=theme)
        try:
            server = ReplicaServer(site, host="127.0.0.1", port=site_port)
            server.start()
        except OSError as exc:
            raise api.NewscrawlError(
                f"cannot start the replica site on 127.0.0.1:{site_port}: {exc}"
                " (choose another --site-port)"
            ) from exc
        try:
            echo(f"Replica site running at {server.base_url}/ ; crawling it into {db} ...")
            result = api.crawl([server.base_url + "/"], db=db,
                               settings={**api.FAST_SETTINGS, "LOG_LEVEL": "WARNING"})
        finally:
            server.stop()
    echo(summary(result.summary))
    if result.fatal:
        raise api.NewscrawlError(result.fatal)
    if not serve:
        return
    echo(f"Archive ready. Datasette: http://127.0.0.1:{port}/{db.stem}/articles  (Ctrl-C to stop)")
    cmd = [sys.executable, "-m", "datasette", *api.serve_args(db, port=port)]
    try:
        subprocess.run(cmd, check=False)
    except KeyboardInterrupt:
        pass

"""A crawl stopped by SIGTERM as it starts never reports success: its ``crawl_runs`` row
ends interrupted or failed (never finished, never left running) and the crawl exits
non-zero. (Where the spider never closes at all, CrawlSession closes the run as
interrupted when the reactor stops.)"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

EXTENSION = '''
import os
import signal

from scrapy import signals


class SigtermOnOpen:
    """SIGTERM to this very process as the spider opens, before the engine starts."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls()
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        return ext

    def opened(self, spider):
        os.kill(os.getpid(), signal.SIGTERM)
'''

SCRIPT = '''
import json, sys
from newscrawl import api
from newscrawl.crawl import settings as project

db = sys.argv[1]
extensions = {**project.EXTENSIONS, "sigterm_ext.SigtermOnOpen": 900}
result = api.crawl(["http://127.0.0.1:9/"], db=db,
                   settings={"EXTENSIONS": extensions, "NEWSCRAWL_PROGRESS": "off"})
print(json.dumps({"reason": result.finish_reason, "exit": result.exit_code,
                  "run": result.run_id}))
'''


@pytest.mark.e2e  # a real Scrapy crawl in a subprocess (its target never answers)
def test_a_crawl_stopped_as_it_starts_is_not_finished(tmp_path):
    (tmp_path / "sigterm_ext.py").write_text(textwrap.dedent(EXTENSION))
    db = tmp_path / "news.db"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={"PYTHONPATH": f"{ROOT}:{tmp_path}", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["reason"] != "finished" and out["exit"] != 0, (out, proc.stderr[-2000:])
    conn = sqlite3.connect(db)
    status, error = conn.execute("SELECT status, error FROM crawl_runs WHERE id = ?",
                                 [out["run"]]).fetchone()
    conn.close()
    assert status in ("interrupted", "failed") and error, (status, error)

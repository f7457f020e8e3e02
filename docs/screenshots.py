"""Take the screenshots in docs/screenshots/ again: the demo archive in headless Chromium.

    .venv/bin/python docs/screenshots.py [--out docs/screenshots]

Crawls the bundled replica into a temporary archive (``newscrawl demo --no-serve``), runs
``newscrawl serve`` on a free loopback port, and saves the home page, a search for
"police", attention over time for "police" against "council", and the page of the
article the search ranks first. Needs Debian ``chromium`` and ``chromium-driver``
(``make setup-system``); touches no other host.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import NoBrowser, headless_chromium  # noqa: E402 (after the path)

WIDTH, HEIGHT = 1280, 1400


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"newscrawl serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer in {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newscrawl-screenshots-"))
    db = work / "demo.db"
    newscrawl = [sys.executable, "-m", "newscrawl"]
    try:
        subprocess.run([*newscrawl, "demo", "--no-serve", "--db", str(db),
                        "--site-port", str(free_port())], check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*newscrawl, "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(base + "/-/versions.json", server)
            try:
                driver = headless_chromium(WIDTH, HEIGHT)
            except NoBrowser as exc:
                sys.exit(str(exc))
            try:
                from selenium.webdriver.common.by import By

                pages = [("home", "/"), ("search", "/-/search?q=police"),
                         ("trends", "/-/trends?q=police&q=council")]
                for name, path in pages:
                    driver.get(base + path)
                    driver.save_screenshot(str(args.out / f"{name}.png"))
                driver.get(base + "/-/search?q=police")
                first = driver.find_element(By.CSS_SELECTOR, ".nc-result .nc-result-title")
                driver.get(first.get_attribute("href"))
                driver.save_screenshot(str(args.out / "article.png"))
            finally:
                driver.quit()
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()

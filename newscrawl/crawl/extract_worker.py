"""The worker-process side of the crawl's extraction pool (``extract_pool.py``).

Kept apart from the pool so that a worker imports extraction and nothing of Scrapy or
Twisted: this module is what the fork server preloads, so every worker starts with the
extractor already imported, and warms it once (``init_worker``).

A task is ``extract_page(html, url, profile_name, profiles, template, features, links)``;
it returns ``(article, cpu_seconds, asked, links)``, ``asked`` being the blocks the
extraction asked the template about (``AskedTemplate.record``; None without a template),
``links`` the page's discovery links read from the same parse (``links.page_links``;
None unless asked for). ``template`` is
``None`` (no learned template yet) or
``(version, blob)``: the pickled ``SiteTemplate`` travels only when a worker asks for it.
A worker keeps the last few templates it was given by version; given a version it does not
hold and no blob, it answers ``(None, 0.0, None)`` and the pool sends the task again with the
blob. So a template crosses the pipe once per worker per version, not with every page.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import threading
import time
from array import array
from collections import OrderedDict
from typing import Any

from newscrawl.crawl.links import page_links
from newscrawl.extract import extract_article
from newscrawl.extract.article import extract_parsed
from newscrawl.extract.model import Article
from newscrawl.extract.parse import parse_html
from newscrawl.extract.profiles import GENERIC, profile_for
from newscrawl.extract.template import SiteTemplate, norm_block

# Templates this worker holds, by version (a few: one per host of the crawl, and the one
# just replaced while pages extracted with it are still queued).
_TEMPLATES: OrderedDict[str, SiteTemplate] = OrderedDict()
_KEEP_TEMPLATES = 16
_WARM_HTML = ("<html><head><title>Warm - Site</title></head><body><article><h1>Warm</h1>"
              "<p>A paragraph, long enough to count as the body of a story for once.</p>"
              "</article></body></html>")


def _watch(alive: Any) -> None:
    """Exit when the crawl that started this worker is gone. ``alive`` is the read end of
    a pipe whose write end only the crawl process holds: it reads as closed once the
    crawl closes it or dies (SIGKILL included), so a worker never outlives its crawl.
    (The parent process cannot tell: a worker's parent is the fork server, which stays
    up while any of its children does.)"""
    try:
        alive.poll(None)
    except (OSError, EOFError):
        pass
    os._exit(0)


def init_worker(alive: Any = None, nice: int = 0) -> None:
    """Run once in each worker before its first task; ``nice``: added to the worker's
    niceness (``NEWSCRAWL_EXTRACT_NICE``)."""
    if nice > 0:
        # Where the crawl process and its workers want more cores than there are, the
        # crawl process (downloads, WARC, database) goes first: the workers catch up
        # while it waits for the network.
        os.nice(nice)
    # Ctrl-C reaches the whole process group: the crawl finishes the pages in flight and
    # shuts the pool down; a worker that died of it would turn them into crash retries.
    # (SIGTERM keeps its default: the pool terminates the workers of a broken pool so.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if alive is not None:
        threading.Thread(target=_watch, args=(alive,), name="crawl-watch", daemon=True).start()
    try:  # the first call imports what extraction loads lazily; not in a timed task
        extract_article(_WARM_HTML, "http://warm.invalid/warm/")
    except Exception:  # noqa: S110 - warming is best effort; a real task reports errors
        pass


def ping() -> int:
    """A no-op task: makes the pool start its workers (and warm them) before any page."""
    return os.getpid()


def _template(ref: tuple[str, bytes | None] | None) -> SiteTemplate | None | bool:
    """The template ``ref`` names; False when this worker lacks it and no blob came."""
    if ref is None:
        return None
    version, blob = ref
    site = _TEMPLATES.get(version)
    if site is not None:
        _TEMPLATES.move_to_end(version)
        return site
    if blob is None:
        return False
    site = pickle.loads(blob)
    _TEMPLATES[version] = site
    while len(_TEMPLATES) > _KEEP_TEMPLATES:
        _TEMPLATES.popitem(last=False)
    return site


def profile_of(url: str, profile_name: str | None, profiles: bool) -> Any:
    """The profile ``ArticlePages`` extracts ``url`` with (None: chosen by host)."""
    if not profiles:
        return GENERIC  # NEWSCRAWL_PROFILES=off: the learned template only
    return profile_for(url, profile_name) if profile_name else None


def block_hash(key: str) -> int:
    """A ``norm_block`` key as 8 bytes (the same in every process, unlike ``hash``)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def block_hashes(record: bytes) -> array:
    """The hashes of an ``AskedTemplate.record``."""
    out = array("Q")
    out.frombytes(record)
    return out


class AskedTemplate:
    """``site`` as one extraction uses it, noting the blocks it is asked about.

    Extraction consults a template through ``is_boilerplate(text, authors)``, whose
    answer depends on the template only through whether ``norm_block(text)`` is in its
    ``boilerplate`` or ``author_blocks`` (and for an author block, whose it is:
    ``author_owners``, compared by `templates.changed_blocks`), through ``site_names()``
    and ``strip_title()``, which read only its site name, title affixes and
    ``excerpt_tail``, and through its ``content_areas``. So another template that has
    those five alike and agrees on every block noted here extracts the page alike, and
    ``SiteTemplates`` need not extract it again. Reading anything else (``__getattr__``)
    makes the record unusable: ``record()`` is then None (extract again)."""

    def __init__(self, site: SiteTemplate) -> None:
        self.site = site
        self.asked: set[int] = set()
        self.opaque = False

    def is_boilerplate(self, text: str, authors: list[str] | tuple[str, ...] | None = None) -> bool:
        if text:  # an empty text is no template's boilerplate
            self.asked.add(block_hash(norm_block(text)))
        return self.site.is_boilerplate(text, authors)

    def site_names(self) -> list[str]:
        return self.site.site_names()

    def strip_title(self, title: str, description: str | None = None) -> str:
        return self.site.strip_title(title, description)

    @property
    def content_areas(self) -> frozenset[str]:
        return self.site.content_areas  # compared whole by templates.changed_blocks

    def __getattr__(self, name: str) -> Any:
        self.opaque = True
        return getattr(self.site, name)

    def record(self) -> bytes | None:
        """The blocks asked about (``block_hash`` values, packed), or None."""
        return None if self.opaque else array("Q", sorted(self.asked)).tobytes()


def extract_asking(html: str, url: str, profile: Any, site: SiteTemplate | None,
                   features: bool = True, links: list[tuple[str, bool]] | None = None,
                   ) -> tuple[Article, bytes | None]:
    """``extract_article`` with ``site`` noting what it is asked (``AskedTemplate``), and,
    with ``features``, the page's template features (the crawl learns templates from
    them; they take ~14 % of a page's extraction, and do not change the record).
    ``links``, when given, receives the page's discovery links (``links.page_links``),
    read from the tree as parsed, before extraction rewrites it: the page is parsed once."""
    root, problems = parse_html(html)
    if links is not None:
        links.extend(page_links(root, url))
    if site is None:
        return extract_parsed(root, url, profile, problems=problems, site=None,
                              features=features), None
    asked = AskedTemplate(site)
    article = extract_parsed(root, url, profile, problems=problems, site=asked,  # type: ignore[arg-type]
                             features=features)
    return article, asked.record()


def extract_page(html: str, url: str, profile_name: str | None, profiles: bool,
                 template: tuple[str, bytes | None] | None, features: bool = True,
                 links: bool = False,
                 ) -> tuple[Article | None, float, bytes | None, list[tuple[str, bool]] | None]:
    """One page extracted (with its template features if ``features``, and its discovery
    links if ``links``: else None); (None, 0.0, None, None) when the template must be
    sent along."""
    started = time.process_time()
    site = _template(template)
    if site is False:
        return None, 0.0, None, None
    found: list[tuple[str, bool]] | None = [] if links else None
    article, asked = extract_asking(html, url, profile_of(url, profile_name, profiles), site,
                                    features, found)
    return article, time.process_time() - started, asked, found

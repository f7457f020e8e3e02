"""Rebuild `articles` from the WARC captures alone (no network), on all cores.

For every URL, its latest HTTP 200 ``response`` record is read from the archive's WARC
files, found through its ``captures`` index (its own folder ``warc/<db name>/``, or the
shared ``warc/`` for files indexed before each archive had its own folder; nothing is
globbed there, so another archive's captures are never read), decoded as Scrapy would decode it, run through ``extract_article`` and written
with :meth:`Store.refresh_article`: extracted fields are replaced in place, and a new
version is recorded only when the content hash changed (with the capture's time as
``fetched_at``). Rows the database lacks are created, with first/last seen and gone
status taken from the captures. A later identical capture is a ``revisit`` of the same
payload, so the latest ``response`` record is also the latest content.

Workers receive (file, offset) pairs and read the WARC themselves, so page bodies are
never pickled between processes; only the extracted records come back.

Site templates (``newscrawl.extract.template``) make it two passes: pass 1 extracts every
page with the templates stored in the archive and counts each article page's features;
the templates learned from them are stored, and the articles of every host whose
template changed are extracted again (pass 2), amending what pass 1 wrote, so no
intermediate version is recorded. An archive whose templates are stable costs one pass.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.archive.index import index_missing_captures
from newscrawl.archive.warc import archive_warc_dir, read_capture, repair_directory
from newscrawl.extract.template import SiteTemplate, TemplateLearner
from newscrawl.extract.urls import host_key
from newscrawl.store import CONTENT_FIELDS, Store
from newscrawl.store.rest_facts import with_stored_facts

# Pages per task sent to a worker: large enough to amortise the round trip, small enough
# to keep all cores busy to the end and the progress bar moving.
CHUNK = 16

Task = tuple[str, str, str, int]  # (url, fetched_at, warc_filename, warc_offset)
# url, fetched_at, record, error, the page's template features (articles only)
Result = tuple[str, str, dict[str, Any] | None, str | None, Any]

# Set before workers start (inherited on fork, or by _warm): the learned template of each
# host, and whether site profiles are used (NEWSCRAWL_PROFILES).
_SITES: dict[str, SiteTemplate] = {}
_PROFILES = True


@dataclass
class ReparseResult:
    """What a reparse did."""

    run_id: int | None = None
    pages: int = 0  # captures parsed
    articles: int = 0  # of which were articles
    new: int = 0  # rows that did not exist
    changed: int = 0  # existing rows with at least one field changed
    versions_added: int = 0  # of which the content (hash) changed: a new version
    unchanged: int = 0
    not_articles: int = 0
    captures_indexed: int = 0  # captures rows added from WARC files the index lacked
    field_changes: Counter[str] = field(default_factory=Counter)
    templates_learned: dict[str, int] = field(default_factory=dict)  # host -> pages, when changed
    template_pages: int = 0  # articles extracted again with a new template (pass 2)
    template_changes: Counter[str] = field(default_factory=Counter)  # fields pass 2 changed
    errors: list[tuple[str, str]] = field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        """A few lines for a person."""
        fields = ", ".join(f"{k} {v}" for k, v in self.field_changes.most_common()) or "none"
        return (
            f"reparsed {self.pages} pages ({self.articles} articles) in {self.seconds:.1f}s"
            f" on {self.workers} worker(s), {self.pages_per_second:.1f} pages/s\n"
            f"records changed: {self.changed} ({self.versions_added} with new content),"
            f" new: {self.new}, unchanged: {self.unchanged}, errors: {len(self.errors)}\n"
            f"fields changed: {fields}"
            + self._template_summary()
        )

    def _template_summary(self) -> str:
        if not self.templates_learned:
            return ""
        hosts = ", ".join(f"{h} ({n} pages)" for h, n in sorted(self.templates_learned.items()))
        fields = ", ".join(f"{k} {v}" for k, v in self.template_changes.most_common()) or "none"
        return (f"\nsite templates learned: {hosts}; {self.template_pages} articles"
                f" extracted again, fields the templates changed: {fields}")


# --- worker side (pure: no database) ---------------------------------------------------
def article_url(canonical: str | None, fetched_url: str) -> str:
    """The spider's rule for `articles.url` (kept here for callers of the old name)."""
    from newscrawl.extract.urls import article_url as rule

    return rule(canonical, fetched_url)


def parse_one(warc_dir: str, task: Task) -> Result:
    """Read one capture by offset and extract it; never raises."""
    url, fetched_at, filename, offset = task
    from newscrawl.extract.profiles import GENERIC

    try:
        from newscrawl.extract import extract_article
        from newscrawl.extract.decode import decode_html

        capture = read_capture(filename, offset, directory=warc_dir)
        article = extract_article(decode_html(capture.body, capture.content_type), url,
                                  None if _PROFILES else GENERIC, site=_SITES.get(host_key(url)),
                                  features=True)
        if not article.is_article:
            return url, fetched_at, None, None, None
        article.url = article_url(article.canonical_url, url)
        return url, fetched_at, article.to_record(), None, article.features
    except Exception as exc:  # one bad record must not stop the rebuild
        return url, fetched_at, None, f"{type(exc).__name__}: {exc}", None


def parse_chunk(warc_dir: str, tasks: list[Task]) -> list[Result]:
    """A worker's unit of work."""
    return [parse_one(warc_dir, task) for task in tasks]


def _warm(sites: dict[str, str] | None = None, profiles: bool = True) -> None:
    # Import extraction once per worker, not inside the first timed task.
    import newscrawl.extract  # noqa: F401

    global _PROFILES
    if sites is not None:  # start methods other than fork do not inherit the parent's
        _SITES.clear()
        _SITES.update({h: SiteTemplate.from_json(t) for h, t in sites.items()})
    _PROFILES = profiles


# --- main side ------------------------------------------------------------------------
__all__ = ["ReparseResult", "index_missing_captures", "reextract", "reparse"]


def _use_templates(templates: dict[str, SiteTemplate], profiles: bool) -> None:
    global _PROFILES
    _SITES.clear()
    _SITES.update(templates)
    _PROFILES = profiles


def _stored_templates(store: Store, tasks: list[Task]) -> dict[str, SiteTemplate]:
    """The archive's templates of the hosts ``tasks`` cover."""
    out: dict[str, SiteTemplate] = {}
    for host in {host_key(t[0]) for t in tasks}:
        row = store.site_template(host)
        if row:
            try:
                out[host] = SiteTemplate.from_json(row["template"])
            except (ValueError, KeyError, TypeError):
                pass  # another format: learned again in this reparse
    return out


def _second_pass(store: Store, warc_dir: Path, workers: int, learner: TemplateLearner,
                 article_tasks: dict[str, list[Task]], unchanged: set[str], versioned: set[str],
                 report: ReparseResult, run_id: int, progress: bool) -> None:
    """Store the templates learned in pass 1; re-extract the hosts whose template changed."""
    from newscrawl.console import Bar

    redo: list[Task] = []
    for host in sorted(article_tasks):
        built = learner.build(host)
        old = _SITES.get(host)
        row = store.site_template(host)
        if old is not None and built.version == old.version:
            continue
        if row and learner.pages(host) < int(row["pages"] or 0):
            continue  # a partial reparse (--since) saw fewer pages than the stored template
        store.put_site_template(host, pages=built.pages, template=built.to_json(),
                                version=built.version)
        _SITES[host] = built
        report.templates_learned[host] = built.pages
        redo += article_tasks[host]
    if not redo:
        return
    bar = Bar(len(redo), "templates", unit="page", enabled=progress)
    try:
        for done, results in _results(warc_dir, redo, workers):
            with store.batch():
                for _url, fetched_at, record, error, _features in results:
                    if record is None or error:
                        continue
                    report.template_pages += 1
                    record = with_stored_facts(store, record)
                    changed = store.amend_article(record, fetched_at=fetched_at, run_id=run_id)
                    if changed and record["url"] not in versioned and \
                            not set(changed).isdisjoint(CONTENT_FIELDS):
                        report.versions_added += 1  # amend_article recorded a new version
                    if changed:
                        report.template_changes.update(changed)
                        report.field_changes.update(changed)
                        if record["url"] in unchanged:
                            unchanged.discard(record["url"])
                            report.unchanged -= 1
                            report.changed += 1
            bar.update(done)
    finally:
        bar.close()


def reextract(store: Store, warc_dir: str | os.PathLike[str], items: list[tuple[str, str]],
              templates: dict[str, SiteTemplate], *, run_id: int | None,
              profiles: bool = True) -> int:
    """Extract again, with ``templates``, the articles ``items`` (article url, fetched url)
    from their latest 200 captures, in this process; amends the versions ``run_id``
    wrote. Returns how many records changed."""
    saved = dict(_SITES), _PROFILES
    _use_templates(templates, profiles)
    changed = 0
    try:
        with store.batch():
            for url, fetched in items:
                capture = store.last_response(fetched) or store.last_response(url)
                if capture is None:
                    continue
                task = (fetched, capture["fetched_at"], capture["warc_filename"],
                        capture["warc_offset"])
                _u, fetched_at, record, error, _f = parse_one(str(warc_dir), task)
                if record is None or error:
                    continue
                record = with_stored_facts(store, record)
                changed += bool(store.amend_article(record, fetched_at=fetched_at, run_id=run_id))
    finally:
        _use_templates(*saved)
    return changed


def _results(
    warc_dir: Path, tasks: list[Task], workers: int,
) -> Iterator[tuple[int, list[Result]]]:
    """(pages done, results) per chunk, from this process or a pool."""
    chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    if workers <= 1:
        for chunk in chunks:
            yield len(chunk), parse_chunk(str(warc_dir), chunk)
        return
    import multiprocessing

    # fork: workers start in milliseconds and inherit the imported extractor; the parent
    # holds no threads or open transactions at this point (the Store commits each write).
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    sites = {h: t.to_json() for h, t in _SITES.items()}
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm,
                             initargs=(sites, _PROFILES)) as pool:
        futures: dict[Future[list[Result]], int] = {
            pool.submit(parse_chunk, str(warc_dir), chunk): len(chunk) for chunk in chunks
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def reparse(
    db_path: str | os.PathLike[str],
    *,
    since: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    reindex: bool = False,
    profiles: bool = True,
) -> ReparseResult:
    """Re-extract every article from its latest 200 capture and update `articles`.

    ``since``: only URLs whose latest 200 capture was fetched at/after this ISO time.
    ``workers``: processes (default: all cores; 1 = this process only). ``reindex``:
    re-read every WARC record into `captures` first (files the index lacks entirely
    are always read). ``profiles=False``: no site profiles (the learned templates
    only). A `crawl_runs` row of kind 'reparse' records the run.
    """
    from newscrawl.console import Bar

    started = time.monotonic()
    n_workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = ReparseResult(workers=n_workers)
    warc_dir = archive_warc_dir(db_path)
    # commit_seconds=0: commit per write, so no timer thread exists when workers fork.
    store = Store(db_path, commit_seconds=0)
    try:
        # Files a killed or failed crawl left unfinished: cut back to their last whole
        # record (the caller holds the archive's lock, so no crawl is writing them).
        repaired = [r.path for r in repair_directory(warc_dir, store.archive_id())]
        report.captures_indexed = index_missing_captures(store, warc_dir, all_files=reindex,
                                                         files=repaired, tails=True)
        tasks = store.latest_html_responses(since)
        run_id = store.start_run(
            [], {"since": since, "workers": n_workers, "profiles": profiles}, kind="reparse"
        )
        _use_templates(_stored_templates(store, tasks), profiles)
        learner = TemplateLearner()
        article_tasks: dict[str, list[Task]] = {}  # host -> its article pages
        by_url = {t[0]: t for t in tasks}
        first_pass_unchanged: set[str] = set()
        versioned: set[str] = set()  # pass 1 wrote a new version: pass 2 amends it
        report.run_id = run_id
        latest: dict[str, str] = {}  # record url -> capture time written
        bar = Bar(len(tasks), "reparse", unit="page", enabled=progress)
        try:
            for done, results in _results(warc_dir, tasks, n_workers):
                with store.batch():
                    for url, fetched_at, record, error, features in results:
                        report.pages += 1
                        if error:
                            report.errors.append((url, error))
                            store.add_error(run_id, url, "reparse", error)
                            continue
                        if record is None:
                            report.not_articles += 1
                            continue
                        report.articles += 1
                        host = host_key(url)
                        if features is not None:
                            learner.add(host, features)
                        article_tasks.setdefault(host, []).append(by_url[url])
                        # Two captured URLs with one canonical URL: the newer capture wins.
                        if latest.get(record["url"], "") > fetched_at:
                            continue
                        latest[record["url"]] = fetched_at
                        # The crawl merged the site's REST API facts; so does a reparse.
                        record = with_stored_facts(store, record)
                        outcome, changed = store.refresh_article(
                            record, fetched_at=fetched_at, run_id=run_id
                        )
                        if outcome == "new":
                            report.new += 1
                            store.seen_from_captures(record["url"], url)
                        elif changed:
                            report.changed += 1
                            report.versions_added += outcome == "updated"
                            if outcome == "updated":
                                versioned.add(record["url"])
                            report.field_changes.update(changed)
                        else:
                            report.unchanged += 1
                            first_pass_unchanged.add(record["url"])
                bar.update(done)
        finally:
            bar.close()
        _second_pass(store, warc_dir, n_workers, learner, article_tasks, first_pass_unchanged,
                     versioned, report, run_id, progress)
        report.seconds = time.monotonic() - started
        store.finish_run(run_id, {
            "status": "finished",
            "pages_fetched": 0,
            "requests": 0,
            "articles_new": report.new,
            "articles_updated": report.changed,
            "articles_unchanged": report.unchanged,
            "articles_gone": 0,
            "errors": len(report.errors),
            "duration_s": round(report.seconds, 2),
            "pages_reparsed": report.pages,
            "versions_added": report.versions_added,
            "field_changes": dict(report.field_changes),
        })
    finally:
        store.close()
    return report

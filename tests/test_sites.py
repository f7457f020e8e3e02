"""Sites files: many sites in one archive, each with its own runs and status."""

from __future__ import annotations

import json
import sqlite3
import textwrap

import pytest

from newscrawl.crawl.sites import SitesFileError, load_sites, parse_sites
from newscrawl.replica import ReplicaServer, ReplicaSite
from tests.conftest import FAST, free_port, run_cli


def test_a_sites_file_gives_each_site_its_settings(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(textwrap.dedent("""
        [defaults]
        delay = 2.5
        settings = { NEWSCRAWL_MAX_PAGINATION = 50 }

        [[site]]
        name = "leigh"
        urls = ["https://leigh-on-sea.news/"]
        aliases = ["leigh-on-sea.co.uk"]
        profile = "leigh-on-sea"
        concurrency = 2

        [[site]]
        name = "echo"
        url = "https://echo.example/"
        delay = 0
        autothrottle = false
        enabled = false
        settings = { NEWSCRAWL_REST = false }
    """), encoding="utf-8")
    leigh, echo = load_sites(path)
    assert leigh.name == "leigh" and leigh.urls == ("https://leigh-on-sea.news/",)
    assert leigh.crawl_settings() == {
        "DOWNLOAD_DELAY": 2.5, "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "NEWSCRAWL_MAX_PAGINATION": 50, "NEWSCRAWL_SITE": "leigh",
        "NEWSCRAWL_HOST_ALIASES": "leigh-on-sea.co.uk", "NEWSCRAWL_PROFILE": "leigh-on-sea",
    }
    assert not echo.enabled
    assert echo.crawl_settings() == {
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_MAX_PAGINATION": 50,
        "NEWSCRAWL_REST": False, "NEWSCRAWL_SITE": "echo",
    }


@pytest.mark.parametrize(("doc", "message"), [
    ({}, "no [[site]] entries"),
    ({"sites": []}, "unknown top-level key"),
    ({"site": [{"urls": ["https://a.example/"]}]}, "name must be"),
    ({"site": [{"name": "a b", "urls": ["https://a.example/"]}]}, "name must be"),
    ({"site": [{"name": "a"}]}, "no urls"),
    ({"site": [{"name": "a", "urls": ["ftp://a.example/"]}]}, "site 'a'"),
    ({"site": [{"name": "a", "urls": "https://a.example/", "delay": "fast"}]}, "delay must be"),
    ({"site": [{"name": "a", "urls": "https://a.example/", "concurrency": 0}]}, "out of range"),
    ({"site": [{"name": "a", "urls": "https://a.example/", "speed": 3}]}, "unknown key(s) ['speed']"),
    ({"site": [{"name": "a", "urls": "https://a.example/"},
               {"name": "a", "urls": "https://b.example/"}]}, "used twice"),
    ({"site": [{"name": "a", "urls": "https://a.example/",
                "settings": {"NEWSCRAWL_DB": "x.db"}}]}, "cannot be set per site"),
])
def test_a_bad_sites_file_is_refused_with_where_and_why(doc, message):
    with pytest.raises(SitesFileError) as err:
        parse_sites(doc, "sites.toml")
    assert message in str(err.value)


def test_unreadable_or_broken_files_say_so(tmp_path):
    with pytest.raises(SitesFileError, match="cannot read sites file"):
        load_sites(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[site]\nname = 1", encoding="utf-8")
    with pytest.raises(SitesFileError, match="not valid TOML"):
        load_sites(bad)


@pytest.mark.e2e
def test_crawl_sites_into_one_archive_each_with_its_runs(tmp_path):
    """Two replica sites and one that is down: both archived under their names, three
    crawl_runs rows named after the sites, the dead one failed, the exit code says so."""
    one = ReplicaSite(articles=12, seed=1)
    two = ReplicaSite(articles=9, seed=2, theme="builder")
    with ReplicaServer(one, host="127.0.0.1", port=0) as a, \
            ReplicaServer(two, host="127.0.0.2", port=0) as b:
        sites = tmp_path / "sites.toml"
        sites.write_text(textwrap.dedent(f"""
            [[site]]
            name = "first-paper"
            urls = ["{a.base_url}/"]

            [[site]]
            name = "second-paper"
            urls = ["{b.base_url}/"]
            concurrency = 4

            [[site]]
            name = "gone-paper"
            urls = ["http://127.0.0.1:{free_port()}/"]
            settings = {{ RETRY_TIMES = 0 }}

            [[site]]
            name = "later-paper"
            urls = ["http://127.0.0.3:9/"]
            enabled = false
        """), encoding="utf-8")
        db = tmp_path / "local.db"
        proc = run_cli("crawl", "--sites", str(sites), "--db", str(db), *FAST, timeout=300)
        requests_b = list(b.requests)
        assert proc.returncode == 1, proc.stderr[-3000:]
        assert "sites: 2 of 3 crawled without failure" in proc.stderr
        assert "later-paper" not in proc.stderr  # disabled: not crawled, not reported
        conn = sqlite3.connect(db)
        by_site = dict(conn.execute("select site, count(*) from articles group by site"))
        runs = conn.execute("select site, status, targets, settings from crawl_runs"
                            " order by id").fetchall()
        conn.close()
        assert by_site == {"first-paper": len(one.live_posts()),
                           "second-paper": len(two.live_posts())}
        assert [(r[0], r[1]) for r in runs] == [
            ("first-paper", "finished"), ("second-paper", "finished"), ("gone-paper", "failed")]
        assert json.loads(runs[1][2]) == [f"{b.base_url}/"]
        assert json.loads(runs[1][3])["CONCURRENT_REQUESTS_PER_DOMAIN"] == 4
        assert requests_b  # the second site was crawled over HTTP on its own host

        # --only picks sites by name; crawling one site again is that site's recrawl
        # (its previous run finished: nothing unchanged is downloaded again).
        a.reset_log()
        proc = run_cli("crawl", "--sites", str(sites), "--only", "first-paper", "--db", str(db),
                       *FAST, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "sites: 1 of 1 crawled without failure" in proc.stderr
        assert len(a.requests) < len(one.live_posts())
        assert not b.requests[len(requests_b):]
    conn = sqlite3.connect(db)
    last = conn.execute("select site, status, articles_unchanged from crawl_runs"
                        " order by id desc limit 1").fetchone()
    conn.close()
    assert last == ("first-paper", "finished", len(one.live_posts()))
    proc = run_cli("crawl", "--sites", str(sites), "--only", "nobody", "--db", str(db))
    assert proc.returncode == 2 and "no site named nobody" in proc.stderr


def test_search_filters_and_counts_by_site(tmp_path):
    """An archive of two sites: the search page offers the site facet and filter, and
    reads them from the search index (read.search_articles), not the rows."""
    from newscrawl.extract.model import Article
    from newscrawl.store import Store, read
    from tests.conftest import datasette_in_process

    db = tmp_path / "two.db"
    with Store(db) as store:
        for site, n in (("first-paper", 3), ("second-paper", 2)):
            run = store.start_run([f"https://{site}.example/"], {}, site=site)
            for i in range(n):
                url = f"https://{site}.example/pier-story-{i}/"
                store.save_article(Article(
                    url=url, canonical_url=url, is_article=True, title=f"Pier story {i}",
                    body=f"The pier reopened on day {i}.", section="News",
                    published=f"2024-06-0{i + 1}T09:00:00+00:00").to_record(),
                    fetched_at="2024-06-12T10:00:00+00:00", run_id=run)
            store.finish_run(run, {})
        # An unnamed crawl's articles take their host.
        run = store.start_run(["https://www.third.example/"], {})
        url = "https://www.third.example/pier/"
        store.save_article(Article(url=url, canonical_url=url, is_article=True, title="Pier",
                                   body="The pier again.").to_record(),
                           fetched_at="2024-06-12T10:00:00+00:00", run_id=run)
    conn = sqlite3.connect(db)
    found = read.search_articles(conn, read.fts_expression("pier"))
    assert {f["value"]: f["count"] for f in found["facets"]["site"]} == {
        "first-paper": 3, "second-paper": 2, "third.example": 1}
    only = read.search_articles(conn, read.fts_expression("pier"), site="second-paper")
    assert only["total"] == 2 and {r["site"] for r in only["rows"]} == {"second-paper"}
    runs = conn.execute("select site from crawl_runs order by id").fetchall()
    conn.close()
    assert [r[0] for r in runs] == ["first-paper", "second-paper", "third.example"]
    with datasette_in_process(db) as client:
        page = client.get("/-/search?q=pier").text
        assert 'id="facet-site"' in page and 'data-value="first-paper">3<' in page
        page = client.get("/-/search?q=pier&site=first-paper").text
        assert "second-paper.example" not in page and "✕ site: first-paper" in page

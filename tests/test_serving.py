"""Safe serving: `newscrawl serve` listens on loopback by default; another address needs
--password or --public; --public turns arbitrary SQL off (unless --allow-sql) while pages
and canned queries still answer; robots.txt keeps crawlers out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl import api
from newscrawl.cli import cli
from newscrawl.store import Store

SITE = "https://leigh-on-sea.news"
ARTICLE = {
    "url": f"{SITE}/pier/", "title": "Pier reopens", "body": "The pier reopens.",
    "authors": ["Jo Bloggs"], "published": "2024-06-12T09:00:00+01:00", "section": "News",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serving") / "paper.db"
    store = Store(path)
    run = store.start_run([SITE + "/"], {})
    store.save_article(ARTICLE, fetched_at="2024-06-12T10:00:00+00:00", run_id=run)
    store.finish_run(run, {})
    store.close()
    return path


def _value(args: list[str], flag: str) -> str:
    return args[args.index(flag) + 1]


def _metadata(args: list[str]) -> dict:
    return json.loads(Path(_value(args, "--metadata")).read_text(encoding="utf-8"))


# --- argument building ----------------------------------------------------------------------
def test_default_is_loopback_with_sql(db):
    args = api.serve_args(db)
    assert _value(args, "--host") == "127.0.0.1"
    meta = _metadata(args)
    assert "allow_sql" not in meta and "allow" not in meta
    assert meta["databases"]["paper"]["queries"]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_need_nothing(db, host):
    assert _value(api.serve_args(db, host=host), "--host") == host


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_other_hosts_need_public_or_password(db, host):
    with pytest.raises(api.NewscrawlError) as caught:
        api.serve_args(db, host=host)
    assert caught.value.exit_code == 2
    assert "--password" in str(caught.value) and "--public" in str(caught.value)


def test_cli_refuses_a_public_address_without_a_flag(db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--public" in result.output and "--password" in result.output


def test_cli_password_without_hash_is_a_clear_error(db, monkeypatch):
    monkeypatch.delenv(api.PASSWORD_ENV, raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0",
                                      "--password"])
    assert result.exit_code == 2 and api.PASSWORD_ENV in result.output


def test_public_turns_sql_off_unless_allowed(db):
    public = api.ServeOptions(host="0.0.0.0", public=True)
    meta = _metadata(api.serve_args(db, options=public))
    assert meta["allow_sql"] is False
    assert meta["databases"]["paper"]["queries"]  # canned queries stay
    allowed = api.ServeOptions(host="0.0.0.0", public=True, allow_sql=True)
    assert "allow_sql" not in _metadata(api.serve_args(db, options=allowed))


def test_password_metadata_names_the_env_not_the_secret(db, monkeypatch):
    monkeypatch.setenv(api.PASSWORD_ENV, "pbkdf2_sha256$480000$salt$hash")
    opts = api.ServeOptions(host="0.0.0.0", password=True, user="ana")
    args = api.serve_args(db, options=opts)
    text = Path(_value(args, "--metadata")).read_text(encoding="utf-8")
    assert "pbkdf2" not in text
    meta = json.loads(text)
    assert meta["allow"] == {"id": "ana"}
    conf = meta["plugins"]["datasette-auth-passwords"]
    assert conf == {"ana_password_hash": {"$env": api.PASSWORD_ENV}, "http_basic_auth": True}


# --- the served instance ------------------------------------------------------------------
class Served:
    """`datasette serve` as `newscrawl serve` would run it with ``options``, in process."""

    def __init__(self, db: Path, options: api.ServeOptions) -> None:
        from datasette.cli import cli as datasette_cli

        serve = datasette_cli.commands["serve"]
        ctx = serve.make_context("serve", api.serve_args(db, options=options)[1:])
        with ctx:
            self.ds = serve.callback(**ctx.params, return_instance=True)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.get(path, **kwargs))

    def post(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.post(path, **kwargs))


@pytest.fixture(scope="module")
def public(db) -> Iterator[Served]:
    served = Served(db, api.ServeOptions(host="0.0.0.0", public=True))
    yield served
    served.loop.close()


@pytest.fixture(scope="module")
def local(db) -> Iterator[Served]:
    served = Served(db, api.ServeOptions())
    yield served
    served.loop.close()


def test_public_refuses_arbitrary_sql_but_serves_pages_and_canned_queries(public):
    assert public.get("/paper.json?sql=select+1").status_code == 403
    assert public.get("/paper.json?sql=delete+from+articles").status_code in (400, 403)
    assert public.get("/paper").status_code == 200
    assert public.get("/paper/articles.json").status_code == 200
    assert public.get("/-/article/1").status_code == 200
    rows = public.get("/paper/articles_per_month.json?_shape=array").json()
    assert rows == [{"month": "2024-06", "articles": 1}]
    rows = public.get("/paper/who_wrote_most_about.json?_shape=array&q=pier").json()
    assert rows[0]["author"] == "Jo Bloggs"


def test_write_sql_is_refused_even_on_loopback(local, db):
    assert local.get("/paper.json?sql=select+count(*)+from+articles").status_code == 200
    for sql in ("delete from articles", "update articles set title = 'x'",
                "drop table articles"):
        r = local.get("/paper.json", params={"sql": sql})
        assert r.status_code in (400, 403), (sql, r.status_code)
    r = local.post("/paper/-/query", data={"sql": "delete from articles"})
    assert r.status_code in (400, 403, 404, 405)
    store = Store(db)
    try:
        assert store.article(ARTICLE["url"])["title"] == "Pier reopens"
    finally:
        store.close()


@pytest.mark.parametrize("which", ["public", "local"])
def test_robots_txt_blocks_crawlers(which, request):
    served = request.getfixturevalue(which)
    r = served.get("/robots.txt")
    assert r.status_code == 200
    assert "User-agent: *" in r.text and "Disallow: /" in r.text.splitlines()


def test_password_protects_every_page(db, monkeypatch):
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv(api.PASSWORD_ENV, hash_password("s3cret"))
    served = Served(db, api.ServeOptions(host="0.0.0.0", password=True, user="ana"))
    try:
        assert served.get("/").status_code == 401
        assert served.get("/paper/articles.json").status_code == 401
        assert served.get("/", auth=("ana", "wrong")).status_code == 401
        assert served.get("/paper/articles.json", auth=("ana", "s3cret")).status_code == 200
    finally:
        served.loop.close()

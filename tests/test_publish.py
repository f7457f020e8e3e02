"""`newscrawl publish` (issue 10): a folder that plain Datasette serves as `newscrawl serve`
does, and that `datasette package` / `datasette publish` can take as it is.

The served test runs the very `datasette serve` line the folder's commands.txt prints, with
the venv's `datasette` executable (not newscrawl), the newscrawl code coming from the
wheel in the folder (installed offline into a directory of its own)."""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.cli import cli
from newscrawl.store import Store
from tests.conftest import start_datasette, stop_process

SITE = "https://leigh-on-sea.news"
FETCHED = "2024-06-20T10:00:00+00:00"
DATASETTE = Path(sys.executable).parent / "datasette"
WARC = "newscrawl-20240620100000-00001.warc.gz"

ARTICLES = [
    ("pier-closure", "Pier closure extended", "The pier closure will last until May.",
     "2024-01-05T09:00:00+00:00", "News"),
    ("police-patrols", "More police patrols", "Police patrols on the seafront.",
     "2024-02-02T09:00:00+00:00", "News"),
    ("cup-final", "Cup final tickets", "Fans queue for the cup final.",
     "2024-02-10T09:00:00+00:00", "Sport"),
]


def seed(path: Path) -> None:
    with Store(path) as store:
        run = store.start_run([SITE + "/"], {})
        for i, (slug, title, body, published, section) in enumerate(ARTICLES):
            url = f"{SITE}/{slug}/"
            store.save_article(
                {"url": url, "title": title, "standfirst": "", "body": body,
                 "authors": ["Jo Bloggs"], "published": published, "modified": published,
                 "section": section, "tags": []}, fetched_at=FETCHED, run_id=run)
            store.add_capture({"url": url, "fetched_at": FETCHED, "status": 200,
                               "content_type": "text/html", "payload_digest": f"sha1:X{i}",
                               "warc_filename": WARC, "warc_offset": 1000 * (i + 1),
                               "warc_length": 900, "record_type": "response", "run_id": run})
            store.set_listing(url, published, FETCHED)
            store.put_rest_post(url, 100 + i, {"link": url, "title": title})
        store.finish_run(run, {"pages_fetched": len(ARTICLES)})
        store.flush()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("publish") / "news.db"
    seed(path)
    return path


def publish(*args: str):
    return CliRunner().invoke(cli, ["publish", *args])


@pytest.fixture(scope="module")
def published(archive) -> Path:
    out = archive.parent / "site"
    result = publish("--db", str(archive), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def wheel_site(published, tmp_path_factory) -> Path:
    """The folder's newscrawl wheel installed (offline, no dependencies) on its own."""
    (wheel,) = (published / "plugins").glob("newscrawl-*-py3-none-any.whl")
    target = tmp_path_factory.mktemp("wheel-site")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                           "--quiet", "--target", str(target), str(wheel)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return target


def command(out: Path, target: str) -> list[str]:
    """The words of one command from the folder's publish.json (also in commands.txt)."""
    cmds = json.loads((out / "publish.json").read_text())["commands"]
    line = cmds[target]
    assert line in (out / "commands.txt").read_text()
    assert line in (out / "README.md").read_text()
    return shlex.split(line)


def sql(path: Path, query: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


# --- the folder ---------------------------------------------------------------------------
def test_the_folder_holds_everything(published, archive):
    names = {p.name for p in published.iterdir()}
    assert {"news.db", "metadata.json", "templates", "plugins", "newscrawl-static",
            "commands.txt", "README.md", "publish.json"} <= names
    assert {p.name for p in (published / "plugins").glob("*.py")} == {
        "newscrawl_plugin.py", "table_search.py", "trends.py"}
    assert (published / "templates" / "newscrawl_search.html").is_file()
    assert (published / "newscrawl-static" / "newscrawl.css").is_file()
    meta = json.loads((published / "metadata.json").read_text())
    assert meta["allow_sql"] is False
    db_meta = meta["databases"]["news"]
    assert "articles_per_month" in db_meta["queries"]
    assert db_meta["tables"]["articles"]["fts_table"] == "articles_fts"
    # the copy: the same rows, one file (no WAL), its own journal mode
    for table in ("articles", "article_versions", "captures", "crawl_runs", "rest_posts"):
        assert sql(published / "news.db", f"select count(*) from {table}") == \
            sql(archive, f"select count(*) from {table}")
    assert sql(published / "news.db", "pragma journal_mode") == [("delete",)]
    assert not (published / "news.db-wal").exists()
    manifest = json.loads((published / "publish.json").read_text())
    assert manifest["counts"]["articles"] == len(ARTICLES)
    assert manifest["source"] == str(archive.resolve()) and manifest["allow_sql"] is False


def test_commands_are_valid_datasette_invocations(published, monkeypatch):
    """serve, inspect, package, publish cloudrun and heroku parse with this Datasette's
    own commands (vercel and fly are plugins, not installed here: their commands are
    checked to name the same folder contents)."""
    from datasette.cli import cli as datasette_cli

    monkeypatch.chdir(published)
    for target in ("serve", "inspect", "package", "cloudrun", "heroku"):
        words = command(published, target)
        assert words[0] == "datasette"
        path = words[1:3] if words[1] == "publish" else words[1:2]
        group, cmd = datasette_cli, None
        for name in path:
            cmd = group.commands[name] if hasattr(group, "commands") else group.get_command(
                None, name)
            group = cmd
        ctx = cmd.make_context("datasette", words[1 + len(path):])
        with ctx:
            params = ctx.params
        if target == "serve":
            assert params["immutable"] == ("news.db",) and not params["files"]
        else:
            assert params["files"] == ("news.db",)
        if target != "inspect":
            assert Path(params["template_dir"]).resolve() == (published / "templates").resolve()
            assert Path(params["plugins_dir"]).resolve() == (published / "plugins").resolve()
            assert [(m, Path(d).resolve()) for m, d in params["static"]] == [
                ("newscrawl-static", (published / "newscrawl-static").resolve())]
            assert params["metadata"].name == "metadata.json"
            params["metadata"].close()
        if target in ("package", "cloudrun", "heroku"):
            assert params["install"] == ("plugins/" + next(
                (published / "plugins").glob("*.whl")).name,)
            assert "--setting default_page_size 50" in params["extra_options"]
    for target in ("vercel", "fly"):
        words = command(published, target)
        assert words[:3] == ["datasette", "publish", target] and words[3] == "news.db"
        assert {"--metadata", "--plugins-dir", "--template-dir", "--static",
                "--install"} <= set(words)


def test_datasette_package_context_builds_from_the_folder(published, monkeypatch):
    """What `datasette package` (and publish cloudrun) would hand to docker: made by
    Datasette's own temporary_docker_directory from the package command's arguments."""
    from datasette.cli import cli as datasette_cli
    from datasette.utils import temporary_docker_directory

    monkeypatch.chdir(published)
    words = command(published, "package")
    ctx = datasette_cli.commands["package"].make_context("datasette", words[2:])
    with ctx:
        p = ctx.params
        with temporary_docker_directory(
                p["files"], "newscrawl", p["metadata"], p["extra_options"], p["branch"],
                p["template_dir"], p["plugins_dir"], p["static"], p["install"],
                p["spatialite"], p["version_note"], "secret") as context_dir:
            context = Path(context_dir)
            dockerfile = (context / "Dockerfile").read_text()
            wheel = next((published / "plugins").glob("*.whl")).name
            assert f"RUN pip install -U datasette plugins/{wheel}" in dockerfile
            assert "--template-dir templates/ --plugins-dir plugins/" in dockerfile
            assert "--static newscrawl-static:newscrawl-static" in dockerfile
            assert "--setting default_page_size 50" in dockerfile
            assert (context / "plugins" / wheel).is_file()
            assert (context / "plugins" / "trends.py").is_file()
            assert (context / "templates" / "index.html").is_file()
            assert (context / "newscrawl-static" / "newscrawl.css").is_file()
            assert json.loads((context / "metadata.json").read_text())["allow_sql"] is False
    assert Path.cwd() == published.resolve()


def test_datasette_inspect_reads_the_copy(published, archive):
    """The folder's inspect command (what a Docker build of it runs) reads the copy."""
    words = command(published, "inspect")
    proc = subprocess.run([str(DATASETTE), *words[1:]], cwd=published, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = published / words[words.index("--inspect-file") + 1]
    try:
        data = json.loads(written.read_text())["news"]
    finally:
        written.unlink()
    for table in ("articles", "captures", "crawl_runs"):
        assert data["tables"][table]["count"] == sql(archive, f"select count(*) from {table}")[0][0]


def test_the_wheel_holds_the_code_the_plugins_import(wheel_site):
    proc = subprocess.run(
        [sys.executable, "-c", "import newscrawl, newscrawl.store.read, newscrawl.datasette.diff;"
         " print(newscrawl.__file__)"],
        env={**os.environ, "PYTHONPATH": str(wheel_site)}, capture_output=True, text=True,
        timeout=60, cwd=tempfile.gettempdir())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(wheel_site / "newscrawl" / "__init__.py")
    assert (wheel_site / "newscrawl" / "datasette" / "templates" / "index.html").is_file()


# --- plain `datasette serve` on the folder ------------------------------------------------
def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def titles_of(page: str) -> list[str]:
    return re.findall(r'<a class="nc-result-title" href="[^"]+">([^<]*)</a>', page)


def start_folder(out: Path, env: dict[str, str]) -> tuple[subprocess.Popen, int, object]:
    """The folder's serve command, run by the venv's datasette on a free port."""
    words = command(out, "serve")
    assert words[:2] == ["datasette", "serve"] and "127.0.0.1" in words

    def argv(port: int) -> list[str]:
        args = [str(DATASETTE), *words[1:]]
        args[args.index("--port") + 1] = str(port)
        return args

    return start_datasette(argv, f"datasette serve in {out}", cwd=out, env=env)


@pytest.mark.e2e
def test_plain_datasette_serves_the_published_folder(published, archive, wheel_site):
    env = {**os.environ, "PYTHONPATH": str(wheel_site)}
    proc, port, log = start_folder(published, env)
    base = f"http://127.0.0.1:{port}"
    try:
        status, page = get(base + "/")
        assert status == 200
        assert f'<strong id="nc-article-count">{len(ARTICLES):,}</strong>' in page

        status, page = get(base + "/-/search?" + urllib.parse.urlencode({"q": "pier closure"}))
        assert status == 200
        assert '<a class="nc-result-title"' in page
        assert page.index("Pier closure extended") < page.find("More police patrols") \
            or "More police patrols" not in page
        assert "<mark>" in page
        status, table = get(base + "/news/articles?" + urllib.parse.urlencode(
            {"_search": "pier closure"}))  # the table's search box: redirected there
        assert status == 200 and titles_of(table) == titles_of(page)

        ((article_id, offset),) = sql(
            archive, "select a.id, c.warc_offset from articles a join captures c"
            " on c.url = a.url where a.url = ?", [f"{SITE}/police-patrols/"])
        status, page = get(f"{base}/-/article/{article_id}")
        assert status == 200
        assert "More police patrols" in page and "Police patrols on the seafront." in page
        assert WARC in page and f">{offset}<" in page

        status, page = get(base + "/news?" + urllib.parse.urlencode({"sql": "select 1"}))
        assert status == 403  # arbitrary SQL is off by default
        status, page = get(base + "/news/articles_per_month.json?_shape=array")
        assert status == 200  # canned queries answer
        assert sum(r["articles"] for r in json.loads(page)) == len(ARTICLES)
        status, page = get(base + "/robots.txt")
        assert status == 200 and "Disallow: /" in page
        status, page = get(base + "/-/trends?q=police")
        assert status == 200 and "<svg" in page
        status, css = get(base + "/newscrawl-static/newscrawl.css")
        assert status == 200 and ".nc-" in css
    finally:
        stop_process(proc, log)
    assert proc.returncode is not None


# --- options and refusals -----------------------------------------------------------------
def in_process(out: Path, monkeypatch):
    """The Datasette the folder's serve command builds, in this process (no socket), run
    from inside the folder as commands.txt says (its paths are relative)."""
    import asyncio

    from datasette.cli import cli as datasette_cli

    words = command(out, "serve")
    monkeypatch.chdir(out)
    serve = datasette_cli.commands["serve"]
    ctx = serve.make_context("serve", words[2:])
    with ctx:
        ds = serve.callback(**ctx.params, return_instance=True)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())
    return ds, loop


def test_allow_sql_lets_read_only_sql_through(archive, tmp_path, monkeypatch):
    out = tmp_path / "open"
    result = publish("--db", str(archive), "-o", str(out), "--allow-sql")
    assert result.exit_code == 0, result.output
    assert "allow_sql" not in json.loads((out / "metadata.json").read_text())
    assert "Arbitrary SQL is allowed" in (out / "README.md").read_text()
    ds, loop = in_process(out, monkeypatch)
    try:
        query = urllib.parse.urlencode({"sql": "select count(*) as n from articles",
                                        "_shape": "array"})
        resp = loop.run_until_complete(ds.client.get("/news.json?" + query))
        assert resp.status_code == 200 and resp.json() == [{"n": len(ARTICLES)}]
    finally:
        loop.close()


def test_slim_leaves_out_the_crawlers_working_tables(archive, tmp_path):
    out = tmp_path / "slim"
    result = publish("--db", str(archive), "-o", str(out), "--slim", "--name", "leigh-news")
    assert result.exit_code == 0, result.output
    tables = {name for (name,) in sql(out / "news.db",
                                      "select name from sqlite_master where type = 'table'")}
    assert not {"rest_posts", "listings", "site_templates"} & tables
    assert {"articles", "article_versions", "captures", "crawl_runs", "articles_fts"} <= tables
    meta = json.loads((out / "metadata.json").read_text())
    assert "rest_posts" not in meta["databases"]["news"]["tables"]
    assert "--service leigh-news" in (out / "commands.txt").read_text()
    # the source keeps them
    assert sql(archive, "select count(*) from rest_posts") == [(len(ARTICLES),)]


def test_a_write_in_progress_stays_out_of_the_copy(archive, tmp_path):
    """A crawl's uncommitted batch neither blocks publish nor leaks into the copy."""
    writer = sqlite3.connect(archive, isolation_level=None, timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO articles (url, title, published) VALUES (?, ?, ?)",
                       [f"{SITE}/half-written/", "Half written", "2024-03-01T09:00:00+00:00"])
        out = tmp_path / "during"
        result = publish("--db", str(archive), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert sql(out / "news.db", "select count(*) from articles") == [(len(ARTICLES),)]
        assert sql(out / "news.db", "select count(*) from articles where title = 'Half written'"
                   ) == [(0,)]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_refusals(archive, tmp_path):
    result = publish("--db", str(tmp_path / "missing.db"), "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "no archive" in result.stderr

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    result = publish("--db", str(archive), "-o", str(busy))
    assert result.exit_code == 2 and "not empty" in result.stderr
    result = publish("--db", str(archive), "-o", str(busy), "--overwrite")
    assert result.exit_code == 2 and "not written by newscrawl publish" in result.stderr
    assert (busy / "notes.txt").read_text() == "mine"

    result = publish("--db", str(archive), "-o", str(archive.parent))
    assert result.exit_code == 2 and "holds the archive itself" in result.stderr

    result = publish("--db", str(archive), "-o", str(tmp_path / "y"), "--name", "Bad_Name")
    assert result.exit_code == 2 and "--name" in result.stderr
    assert not (tmp_path / "y").exists()


def test_overwrite_replaces_an_earlier_publish(archive, tmp_path):
    out = tmp_path / "again"
    assert publish("--db", str(archive), "-o", str(out)).exit_code == 0
    (out / "inspect-data.json").write_text("{}")  # something the deployer added
    result = publish("--db", str(archive), "-o", str(out), "--overwrite", "--allow-sql")
    assert result.exit_code == 0, result.output
    assert not (out / "inspect-data.json").exists()
    assert json.loads((out / "publish.json").read_text())["allow_sql"] is True
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".again.")]


def test_cli_prints_the_commands(archive, tmp_path):
    out = tmp_path / "printed"
    result = publish("--db", str(archive), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"cd {out}" in result.stdout
    for target in ("serve", "package", "cloudrun", "heroku", "vercel", "fly"):
        assert " ".join(command(out, target)[:3]) in result.stdout
    assert "3 articles" in result.stderr

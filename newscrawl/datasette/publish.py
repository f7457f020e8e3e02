"""A self-contained folder for serving an archive elsewhere (`newscrawl publish`).

The folder holds everything `datasette serve`, `datasette package` and `datasette publish`
need, with the same configuration `newscrawl serve` uses:

- ``<name>.db``: a consistent copy of the archive (``newscrawl.store.snapshot``);
- ``metadata.json``: the column docs, facets, full-text search, canned queries, and
  ``allow_sql: false`` unless asked (public serving: pages and canned queries only);
- ``templates/``, ``plugins/`` and ``newscrawl-static/``: the project's pages (home,
  search, trends, article, history) and its stylesheet;
- ``plugins/newscrawl-<version>-py3-none-any.whl``: the newscrawl package the plugins
  import, as a wheel built from the installed code (Datasette loads only ``*.py`` from
  the plugins folder, and every publisher copies the folder into what it builds, so
  ``--install plugins/…whl`` finds it there). Installing it also installs
  ``datasette-block-robots``, which keeps crawlers out;
- ``commands.txt`` and ``README.md``: the exact commands, run from inside the folder.

Nothing here touches the network: the deployer runs the commands.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shlex
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.datasette import metadata, plugins_dir, serve_settings, static_dir, templates_dir

STATIC_MOUNT = "newscrawl-static"  # the extra_css_urls and templates link /newscrawl-static/
MANIFEST = "publish.json"
# A name Cloud Run, Heroku, Fly and Vercel all accept: lowercase letters, digits, hyphens.
NAME = re.compile(r"^[a-z][a-z0-9-]{0,46}[a-z0-9]$")


def default_name(db_stem: str) -> str:
    """``newscrawl-<database name>`` made a valid service/app name."""
    slug = re.sub(r"[^a-z0-9]+", "-", db_stem.lower()).strip("-") or "archive"
    return f"newscrawl-{slug}"[:48].rstrip("-")


@dataclass
class Published:
    """What was written: the folder, the database copy, its row counts, the commands."""

    out: Path
    database: Path
    counts: dict[str, int]
    wheel: Path
    commands: dict[str, str] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()


def build_wheel(dest: Path) -> Path:
    """The installed newscrawl package as a pure-Python wheel in ``dest`` (its files, its
    metadata with the same dependencies, its console script), built offline."""
    import importlib.metadata

    import newscrawl

    dist = importlib.metadata.distribution("newscrawl")
    version = dist.version
    meta = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    if not meta:
        raise RuntimeError("the installed newscrawl has no package metadata")
    entry_points = dist.read_text("entry_points.txt") or ""
    root = Path(newscrawl.__file__).resolve().parent
    info = f"newscrawl-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root.parent)
        if not path.is_file() or any(p == "__pycache__" or p.startswith(".")
                                     for p in rel.parts) or path.suffix in (".pyc", ".pyo"):
            continue
        files.append((rel.as_posix(), path.read_bytes()))
    files.append((f"{info}/METADATA", meta.encode("utf-8")))
    files.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: newscrawl publish\n"
                  b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    if entry_points.strip():
        files.append((f"{info}/entry_points.txt", entry_points.encode("utf-8")))
    files.append((f"{info}/top_level.txt", b"newscrawl\n"))
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    wheel = dest / f"newscrawl-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, data)
    return wheel


def _serve_options(db_file: str) -> list[str]:
    """What every command shares: metadata, templates, plugins, static files."""
    return [db_file, "--metadata", "metadata.json", "--template-dir", "templates",
            "--plugins-dir", "plugins", "--static", f"{STATIC_MOUNT}:{STATIC_MOUNT}"]


def commands(db_file: str, wheel: str, name: str, port: int = 8001,
             articles: int | None = None) -> dict[str, str]:
    """The exact commands for the folder, run from inside it, by target (``articles``:
    how many the copy holds, for the settings of a large archive)."""
    base = _serve_options(db_file)
    settings = [w for key, value in serve_settings(articles) for w in ("--setting", key, value)]
    extra = ["--extra-options", " ".join(settings)]
    install = ["--install", f"plugins/{wheel}"]

    def line(words: list[str]) -> str:
        return shlex.join(words)

    serve = ["datasette", "serve", "-i", *base, *settings,
             "--host", "127.0.0.1", "--port", str(port)]
    return {
        "install": line(["pip", "install", f"plugins/{wheel}"]),
        "serve": line(serve),
        "inspect": line(["datasette", "inspect", db_file, "--inspect-file",
                         "inspect-data.json"]),
        "package": line(["datasette", "package", *base, *install, *extra, "--tag", name]),
        "cloudrun": line(["datasette", "publish", "cloudrun", *base, *install, *extra,
                          "--service", name]),
        "heroku": line(["datasette", "publish", "heroku", *base, *install, *extra,
                        "--name", name]),
        "vercel": line(["datasette", "publish", "vercel", *base, *install, *settings,
                        "--project", name]),
        "fly": line(["datasette", "publish", "fly", *base, *install, *extra, "--app", name]),
    }


COMMANDS_TXT = """\
# Serving {db_file} ({title}), published by newscrawl {version} at {when}.
# Run these from this folder. Nothing was deployed: the commands below do it.
# Arbitrary SQL is {sql}; canned queries, search, trends and article pages always answer.

# 1. An environment with newscrawl's plugins' code (and Datasette, datasette-block-robots):
{install}

# 2. Serve here, as `newscrawl serve` would (immutable copy, loopback only):
{serve}

# Check the copy (a Docker build runs this too):
{inspect}

# 3. A Docker image (needs docker):
{package}

# Google Cloud Run (needs gcloud, signed in):
{cloudrun}

# Heroku (needs the heroku CLI, signed in):
{heroku}

# Vercel (first: datasette install datasette-publish-vercel; needs the vercel CLI):
{vercel}

# Fly.io (first: datasette install datasette-publish-fly; needs flyctl, signed in):
{fly}
"""

README_MD = """\
# {title}: a published newscrawl archive

A copy of `{source}` made by `newscrawl publish` (newscrawl {version}) at {when} UTC,
ready to serve with [Datasette](https://datasette.io/) here or elsewhere.

| file | what it is |
| --- | --- |
| `{db_file}` | the archive as of {when} ({articles:,} articles): one SQLite file, consistent even if a crawl was writing{dropped_note} |
| `metadata.json` | Datasette metadata: column docs, facets, full-text search, canned queries; arbitrary SQL **{sql}** |
| `templates/`, `plugins/*.py`, `newscrawl-static/` | the home, search (`/-/search`), trends (`/-/trends`), article (`/-/article/ID`) and history pages and their stylesheet |
| `plugins/{wheel}` | the newscrawl package those plugins import (install it where Datasette runs; it brings `datasette-block-robots`, which answers `/robots.txt` with `Disallow: /`) |
| `commands.txt` | the exact commands below |
| `{manifest}` | what was published: source, time, row counts, options |

The WARC files (the raw captures) are not copied: the `captures` table still names each
capture's WARC file and offset, so an article can be cited and its capture replayed
from the original archive.

## Serve it here

```sh
{install}
{serve}
```

Then open http://127.0.0.1:8001/ . `{inspect}` checks the copy
(the table counts Datasette will show).

## Deploy it

Each command runs from this folder and builds an image or app holding the database, the
metadata, templates, plugins, stylesheet and the wheel (installed with `--install`).

```sh
# a Docker image
{package}

# Google Cloud Run
{cloudrun}

# Heroku
{heroku}

# Vercel (datasette install datasette-publish-vercel first)
{vercel}

# Fly.io (datasette install datasette-publish-fly first)
{fly}
```

The wheel installs newscrawl with its dependencies (Scrapy, pyarrow, lxml among them):
a few hundred MB, more than some serverless limits allow; a container target (Docker,
Cloud Run, Fly) has room.

## Safety

{safety}
"""


def write_folder(out: Path, *, db_copy: Path, source: Path, counts: dict[str, int],
                 allow_sql: bool, name: str, dropped: tuple[str, ...] = ()) -> Published:
    """Write the metadata, templates, plugins, static files, wheel, commands and README
    into ``out``, which already holds the database copy ``db_copy``."""
    from newscrawl import __version__

    stem = db_copy.stem
    meta: dict[str, Any] = metadata(stem, allow_sql=allow_sql, articles=counts.get("articles"))
    tables = {k: v for k, v in meta["databases"][stem]["tables"].items() if k not in dropped}
    meta["databases"][stem]["tables"] = tables
    (out / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    shutil.copytree(templates_dir(), out / "templates",
                    ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(static_dir(), out / STATIC_MOUNT, ignore=shutil.ignore_patterns(".*"))
    plugins = out / "plugins"
    plugins.mkdir()
    for path in sorted(plugins_dir().glob("*.py")):
        shutil.copy2(path, plugins / path.name)
    wheel = build_wheel(plugins)
    cmds = commands(db_copy.name, wheel.name, name, articles=counts.get("articles"))
    when = datetime.now(UTC).isoformat(timespec="seconds")
    sql = "allowed (read-only)" if allow_sql else "off (`?sql=` answers 403)"
    values = {
        **cmds, "db_file": db_copy.name, "title": meta["title"], "version": __version__,
        "when": when, "sql": sql, "source": source.name, "wheel": wheel.name,
        "manifest": MANIFEST, "articles": counts.get("articles", 0),
        "dropped_note": (f"; without the crawler's working tables ({', '.join(dropped)})"
                         if dropped else ""),
        "safety": (
            "Arbitrary SQL is allowed (published with `--allow-sql`): anyone who can reach "
            "the site can run read-only queries, limited to 3 s each."
            if allow_sql else
            "Arbitrary SQL is off (`allow_sql: false` in `metadata.json`): the pages, "
            "searches, trends, table views and canned queries answer; `?sql=` answers 403. "
            "Republish with `--allow-sql` to allow read-only queries."
        ) + " Datasette serves the database read-only (`-i`, immutable); no page writes "
        "to it. `/robots.txt` asks crawlers to keep out (datasette-block-robots, installed "
        "with the wheel). For an archive only some people may read, serve it with "
        "`newscrawl serve --password` instead (HTTP basic auth).",
    }
    (out / "commands.txt").write_text(COMMANDS_TXT.format(**values), encoding="utf-8")
    (out / "README.md").write_text(README_MD.format(**values), encoding="utf-8")
    manifest = {
        "source": str(source), "database": db_copy.name, "published_at": when,
        "newscrawl": __version__, "allow_sql": allow_sql, "dropped_tables": list(dropped),
        "name": name, "counts": counts, "wheel": wheel.name, "commands": cmds,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Published(out=out, database=db_copy, counts=counts, wheel=wheel, commands=cmds,
                     dropped=dropped)

"""Only newscrawl/store/ runs SQL on the archive (issue 8).

Every module outside ``newscrawl/store/`` reads and writes the archive through ``Store``
methods or the read-only helpers of ``newscrawl.store.read``. This test parses each of
them (AST, not grep: comments and docstrings do not count) and fails on anything that
executes SQL or opens the database itself:

- a call of ``.execute``, ``.executescript``, ``.executemany`` or ``.query`` (sqlite3
  connections and cursors, sqlite-utils' Database, Datasette's Database);
- ``sqlite3.connect(...)``, ``import sqlite3`` or any import of ``sqlite_utils``;
- ``Database(...)`` (sqlite-utils) and ``.table("name")`` (sqlite-utils' table objects);
- ``something.db`` on a store (``store.db``, ``self._store.db``: the Store's connection)
  and ``db["table"]`` subscripts;
- a string literal that is an SQL statement (``select ... from``, ``insert into``,
  ``update ... set``, ``delete from``, ``create table``, ``pragma`` ...).

Datasette's plugin (``newscrawl/datasette/``) is checked too: it runs the SQL of
``newscrawl.store.read`` on Datasette's own read-only connection with
``db.execute_fn(...)``, which is allowed (the function, not the SQL, crosses the line).
The test is pointed at ``newscrawl/store/`` as well and must find the store's own SQL
there, so it cannot pass because it sees nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import newscrawl

PACKAGE = Path(newscrawl.__file__).parent
STORE = PACKAGE / "store"

SQL_METHODS = {"execute", "executescript", "executemany", "query"}
_COLUMN = r"[\w.()\[\]*'{}]+(\s+as\s+\w+)?"
SQL_TEXT = re.compile(
    rf"^\s*(select\s+(distinct\s+)?{_COLUMN}(\s*,\s*{_COLUMN})*\s+from\s"
    r"|insert\s+(or\s+\w+\s+)?into\s|update\s+\[?\w+\]?\s+set\s|delete\s+from\s"
    r"|create\s+(unique\s+)?(table|index|trigger|view|virtual)\s|alter\s+table\s"
    r"|drop\s+(table|index|trigger|view)\s|pragma\s+\w"
    r"|(begin(\s+(immediate|exclusive|deferred|transaction))?|commit|rollback)\s*$)",
    re.IGNORECASE | re.DOTALL,
)


def _text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's with ``{}`` for each placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _name(node: ast.AST) -> str:
    """Dotted name of a Name/Attribute chain (``self._store.db`` -> that text), else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _name(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def sql_uses(source: str, filename: str = "<source>") -> list[str]:
    """Every place in ``source`` that runs SQL or opens the database, as 'line: what'."""
    tree = ast.parse(source, filename)
    docs = _docstrings(tree)  # and the parts of f-strings, read whole below
    docs |= {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found: list[str] = []

    def hit(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("sqlite3", "sqlite_utils"):
                    hit(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in ("sqlite3", "sqlite_utils"):
                hit(node, f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = _name(func)
            # A Redis pipeline's execute() (redis-py) sends Redis commands, not SQL.
            redis_pipe = (isinstance(func, ast.Attribute) and func.attr == "execute"
                          and _name(func.value).rsplit(".", 1)[-1].lower().endswith(("pipe", "pipeline")))
            if isinstance(func, ast.Attribute) and func.attr in SQL_METHODS and not redis_pipe:
                hit(node, f"{name or '...'}()")
            elif name in ("sqlite3.connect", "Database", "sqlite_utils.Database"):
                hit(node, f"{name}()")
            elif (isinstance(func, ast.Attribute) and func.attr == "table" and node.args
                  and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)):
                hit(node, f"{name}({node.args[0].value!r})")
        elif isinstance(node, ast.Attribute) and node.attr in ("db", "conn"):
            owner = _name(node.value).rsplit(".", 1)[-1].lower()
            if owner.lstrip("_").endswith("store"):
                hit(node, f"{_name(node)} (the Store's connection)")
        elif isinstance(node, ast.Subscript):
            owner = _name(node.value).rsplit(".", 1)[-1].lower()
            key = node.slice
            if (owner.lstrip("_") in ("db", "database") and isinstance(key, ast.Constant)
                    and isinstance(key.value, str)):
                hit(node, f"{_name(node.value)}[{key.value!r}]")
        elif (text := _text(node)) is not None and id(node) not in docs and SQL_TEXT.match(text):
            hit(node, f"SQL text {text.strip()[:40]!r}")
    return found


def sql_uses_under(folder: Path, skip: Path | None = None) -> list[str]:
    out: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        if skip is not None and path.is_relative_to(skip):
            continue
        out += sql_uses(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    return out


def test_no_module_outside_the_store_runs_sql():
    uses = sql_uses_under(PACKAGE, skip=STORE)
    assert not uses, (
        "SQL outside newscrawl/store/: add a Store method (writes, crawl/reparse reads) or a"
        " newscrawl.store.read helper (read-only) and call it:\n" + "\n".join(uses)
    )


def test_the_check_sees_the_store_own_sql():
    """Pointed at newscrawl/store/, the same check finds each kind of use it looks for."""
    uses = "\n".join(sql_uses_under(STORE))
    modules = len(list(PACKAGE.rglob("*.py"))) - len(list(STORE.rglob("*.py")))
    assert modules > 50  # the first test walked the package, not an empty folder
    for expected in (
        "store/store.py", "store/read.py", "store/schema.py",
        "self.db.conn.execute()", "conn.execute()", "sqlite3.connect()", "Database()",
        "import sqlite3", "from sqlite_utils import ...", ".table('articles')",
        "SQL text 'SELECT * FROM articles WHERE url = ?'",
        "SQL text 'INSERT INTO crawl_runs",
    ):
        assert expected in uses, expected


def test_each_pattern_is_caught():
    cases = {
        'store.db.execute("UPDATE articles SET title = 1")': "store.db",
        'cur.executemany("x", [])': "cur.executemany()",
        'db.executescript("x")': "db.executescript()",
        'rows = store.db.query("x")': "store.db.query()",
        'self._store.db["crawl_runs"].update(1, {})': "self._store.db",
        'db["articles"].insert({})': "db['articles']",
        'conn = sqlite3.connect("a.db")': "sqlite3.connect()",
        "import sqlite3": "import sqlite3",
        "from sqlite_utils import Database\nDatabase('x')": "Database()",
        'db.table("articles").count': "db.table('articles')",
        'q = "select url from articles where id = ?"': "SQL text",
        'q = "DELETE FROM links WHERE article_id = ?"': "SQL text",
        'q = "pragma user_version"': "SQL text",
        'q = f"SELECT {cols} FROM crawl_runs ORDER BY id DESC"': "SQL text",
        'q = "SELECT min(fetched_at), max(fetched_at) FROM captures"': "SQL text",
        'c.execute("BEGIN IMMEDIATE")': "SQL text",
        'await db.execute("select 1")': "db.execute()",
    }
    for source, expected in cases.items():
        assert any(expected in use for use in sql_uses(source)), source
    allowed = [
        'def f():\n    """Select the articles from the archive and update them."""',
        'await db.execute_fn(lambda conn: read.article_history(conn, url))',
        'status.db = "news.db"; print(st.db, new.db)',
        'headers["Last-Modified"]; data["articles"]',
        'label = "Update: council sets budget"; s = "select a theme from the list"',
        'msg = "Select the newest from the sitemaps"; t = f"commit {n} rows to {path}"',
        "executor.submit(job)",
    ]
    for source in allowed:
        assert sql_uses(source) == [], source

"""SQL only in store/: no module outside explorer/store runs SQL or holds an SQL statement.

Read with the ast module, so comments and docstrings that mention SQL do not count, while a statement
built with an f-string or passed as a variable to `execute` does.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "explorer"

#: Methods that run SQL on an sqlite3 connection or an sqlite_utils database, whatever their argument.
RUNS_SQL = {"execute", "executemany", "executescript"}
#: A string that opens with a statement keyword (upper case, as this code base writes SQL).
STATEMENT = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|REPLACE|VACUUM|BEGIN|COMMIT|ROLLBACK|WITH)\s"
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "store" not in p.relative_to(PACKAGE).parts[:1])


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (text for readers, not statements)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _leading_text(node: ast.AST) -> str | None:
    """The text a string expression starts with: a literal, an f-string's first part, or a + chain's left."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _leading_text(node.values[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _leading_text(node.left)
    return None


def sql_uses(source: str, filename: str = "<text>") -> list[tuple[int, str]]:
    """(line, what) for each SQL run or SQL statement written in a module's source."""
    tree = ast.parse(source, filename)
    docs = _docstrings(tree)
    found: list[tuple[int, str]] = []
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstring.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            first = node.args[0] if node.args else None
            if name in RUNS_SQL:
                found.append((node.lineno, f".{name}() runs SQL"))
            elif name == "query" and first is not None and STATEMENT.match(_leading_text(first) or ""):
                found.append((node.lineno, ".query() runs SQL"))
        elif (
            isinstance(node, ast.Constant | ast.JoinedStr)
            and id(node) not in docs
            and id(node) not in inside_fstring
            and STATEMENT.match(_leading_text(node) or "")
        ):
            text = (_leading_text(node) or "").strip().split()[0]
            found.append((node.lineno, f"an SQL statement ({text} …)"))
    return sorted(set(found))


def test_the_scanner_finds_sql_in_every_shape_it_is_written() -> None:
    source = '''
"""SELECT in a module docstring is prose."""
def f(db, conn, name):
    """INSERT in a docstring is prose too."""
    db.execute("SELECT 1")
    conn.executemany(sql, rows)
    q = f"UPDATE {name} SET x = 1"
    r = "DELETE FROM t WHERE " + name
    db.query("WITH a AS (SELECT 1) SELECT * FROM a")
    state.query()
    label = "Select the events"
'''
    lines = [line for line, _ in sql_uses(source)]
    assert lines == [5, 5, 6, 7, 8, 9, 9]


def test_no_module_outside_store_runs_or_writes_sql() -> None:
    problems = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        for line, what in sql_uses(path.read_text(encoding="utf-8"), str(path)):
            problems.append(f"explorer/{rel}:{line}: {what}")
    assert not problems, "SQL belongs in explorer/store; found outside it:\n" + "\n".join(problems)

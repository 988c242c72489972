"""docs/schema.md describes the live schema: every table and view, their columns and the version."""

from __future__ import annotations

import re
from pathlib import Path

from explorer.store import SCHEMA_VERSION, open_database
from explorer.store.reading_views import create_reading_views

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def live_schema(tmp_path: Path) -> dict[str, set[str]]:
    db = open_database(tmp_path / "fresh.db", create=True)
    try:
        with db.atomic():
            create_reading_views(db.conn)
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'events_fts_%'"
            )
        ]
        return {n: {r[1] for r in db.execute(f"PRAGMA table_info({n})")} for n in names}
    finally:
        db.close()


def documented(text: str) -> dict[str, set[str]]:
    """Columns per table as the document gives them: headed column tables, `name(a, b)` and table rows."""
    out: dict[str, set[str]] = {}
    for heading, body in re.findall(r"^### `(\w+)`[^\n]*\n((?:\|[^\n]*\n)+)", text, re.M):
        cells = [line.split("|")[1].strip() for line in body.splitlines()[2:]]
        out[heading] = {c.strip() for cell in cells for c in cell.split(",")}
    for name, cols in re.findall(r"`(\w+)\(([^)`]*)\)`?:?", text):
        out.setdefault(name, {c.split()[0] for c in cols.split(",") if c.strip()})
    # rows of "| table | columns |" tables; a later migration's "| `a`, `b` | new columns |" adds to them
    for names, cols in re.findall(r"^\| (`\w+`(?:, `\w+`)*) \| ([^|]+) \|$", text, re.M):
        plain = re.sub(r"\([^)]*\)", "", cols)  # "(ISO timestamps, UTC)" explains; it is not a column
        for name in re.findall(r"`(\w+)`", names):
            out.setdefault(name, set()).update(c.split()[0] for c in plain.split(",") if c.strip())
    return out


def test_the_schema_document_names_every_table_and_view_with_its_columns(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    live = live_schema(tmp_path)
    docs = documented(text)
    missing = sorted(set(live) - set(docs) - {"events_fts", "events_fts_config"})
    assert not missing, f"docs/schema.md does not describe {missing}"
    wrong = {t: (sorted(docs[t]), sorted(cols)) for t, cols in live.items() if t in docs and docs[t] != cols}
    assert not wrong, f"documented columns differ from the live ones (docs, live): {wrong}"
    assert "`events_fts`" in text


def test_the_schema_document_gives_the_current_version() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert re.search(r"\(currently (\d+)\)", text)[1] == str(SCHEMA_VERSION)

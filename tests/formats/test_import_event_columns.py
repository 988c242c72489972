"""The events' insert of an import binds only what varies, and writes the rest once into the statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.formats.importer import apply_import, plan_import
from explorer.model import parse_date
from explorer.store import open_database
from explorer.store.events import DATE_COLUMNS, date_columns
from explorer.store.imports import event_insert, sql_literal


def _import(tmp_path: Path, text: str) -> dict[str, dict[str, object]]:
    csv = tmp_path / "file.csv"
    csv.write_text(text, encoding="utf-8")
    db = open_database(tmp_path / "new.db", create=True)
    apply_import(db, plan_import(csv))
    cur = db.execute(
        f"SELECT id, date_text, section, origin, undated, position, {', '.join(DATE_COLUMNS)} FROM events"
    )
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur}


def test_columns_that_some_rows_give_are_stored_on_those_rows_only(tmp_path: Path) -> None:
    rows = _import(
        tmp_path,
        "id,title,date,date_text,section\n"
        "a,First,2015-11-03,early November,\n"
        "b,Second,2015-11-04,,2.1\n"
        "c,Third,2015-11-05,,\n",
    )
    assert [(r["date_text"], r["section"], r["position"]) for r in rows.values()] == [
        ("early November", None, 0),
        (None, "2.1", 1),
        (None, None, 2),
    ]
    assert {r["origin"] for r in rows.values()} == {"import:file"}
    assert {r["undated"] for r in rows.values()} == {0}


def test_date_columns_shared_by_every_date_of_a_file_are_still_stored(tmp_path: Path) -> None:
    """Precise days only: approximate, uncertain, open ends and kind agree for all and go in as constants."""
    rows = _import(tmp_path, "id,title,date\na,First,2015-11-03\nb,Second,2016-01-30\nc,Third,1994-07-10\n")
    for row in rows.values():
        date = {"a": "2015-11-03", "b": "2016-01-30", "c": "1994-07-10"}[str(row["id"])]
        assert tuple(row[c] for c in DATE_COLUMNS) == date_columns(parse_date(date))


def test_a_file_without_the_optional_columns_stores_them_empty(tmp_path: Path) -> None:
    rows = _import(tmp_path, "title,date\nOnly,2001~\n")
    (row,) = rows.values()
    assert (row["date_text"], row["section"], row["undated"]) == (None, None, 0)
    assert tuple(row[c] for c in DATE_COLUMNS) == date_columns(parse_date("2001~"))


def test_constants_are_quoted_and_only_event_columns_are_accepted() -> None:
    sql = event_insert(["num", "id"], {"origin": "import:o'brien", "section": None, "undated": 0})
    assert sql == (
        "INSERT INTO events (num, id, origin, section, undated) VALUES (?, ?, 'import:o''brien', NULL, 0)"
    )
    assert sql_literal("a'; DROP TABLE events; --") == "'a''; DROP TABLE events; --'"
    with pytest.raises(ValueError, match="not a set of event columns"):
        event_insert(["num", "id; DROP TABLE events"], {})
    with pytest.raises(ValueError, match="not a set of event columns"):
        event_insert(["num", "id"], {"id": "x"})


def test_an_empty_text_a_reader_gives_is_stored_as_given_not_as_null(tmp_path: Path) -> None:
    csv = tmp_path / "file.csv"
    csv.write_text("id,title,date\na,First,2015-11-03\nb,Second,2015-11-04\n", encoding="utf-8")
    plan = plan_import(csv)
    plan.events[0].date_text = ""
    plan.events[1].section = ""
    db = open_database(tmp_path / "new.db", create=True)
    apply_import(db, plan)
    assert db.execute("SELECT id, date_text, section FROM events ORDER BY num").fetchall() == [
        ("a", "", None),
        ("b", None, ""),
    ]

"""Imported events store the same date columns as corpus events, open starts included."""

from __future__ import annotations

from pathlib import Path

from explorer.formats.importer import apply_import, plan_import
from explorer.model import parse_date
from explorer.store import open_database
from explorer.store.events import DATE_COLUMNS, date_columns


def test_imported_dates_store_every_derived_column(tmp_path: Path) -> None:
    csv = tmp_path / "ends.csv"
    csv.write_text(
        "id,title,date\n"
        "until,Until the late 2000s,../2007~\n"
        "since,Since 2014,2014/..\n"
        "season,Autumn 2015,2015-23\n",
        encoding="utf-8",
    )
    db = open_database(tmp_path / "new.db", create=True)
    apply_import(db, plan_import(csv))
    cols = ", ".join(DATE_COLUMNS)
    rows = {r[0]: r[1:] for r in db.execute(f"SELECT date, {cols} FROM events")}
    for edtf in ("../2007~", "2014/..", "2015-23"):
        assert rows[edtf] == date_columns(parse_date(edtf)), edtf
    open_start = DATE_COLUMNS.index("open_start")
    assert rows["../2007~"][open_start] == 1
    assert rows["2014/.."][open_start] == 0

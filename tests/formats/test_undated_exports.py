"""Exports of undated records: CSV, JSON, xlsx and Markdown carry them with an empty date and their
date words; TimelineJS, which needs a start date, leaves them out and says so; CSV and JSON round-trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from explorer.formats.bundle import Bundle, gather
from explorer.formats.importer import apply_import, plan_import
from explorer.formats.registry import get
from explorer.model import UNDATED_DAY
from explorer.store import open_database

RAUKOU = "raukou-calls-airbase-issue-political"
SECESSIONS = "secessions-belarus-deems-illegitimate"
DATED = "moscow-memorandum-austrian-neutrality-1955"


@pytest.fixture
def bundle(undated_db: Path) -> Bundle:
    """A dated event and two undated records."""
    db = open_database(undated_db, readonly=True)
    out = gather(db, [RAUKOU, DATED, SECESSIONS])
    assert [e.id for e in out.events] == [DATED, RAUKOU, SECESSIONS], "undated after the dated, by section"
    return out


def test_csv_carries_them_with_an_empty_date_and_the_date_words(bundle: Bundle) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(get("csv").render(bundle).lstrip("\ufeff")))}
    raukou = rows[RAUKOU]
    assert raukou["date"] == "" and raukou["date_text"] == "undated (section 4.3)"
    assert raukou["precision"] == "undated" and raukou["section"] == "4.3"
    assert "political" in raukou["quote"]
    assert rows[DATED]["date"].startswith("1955") and rows[DATED]["precision"] != "undated"


def test_json_carries_them_and_imports_back_as_undated(bundle: Bundle, tmp_path: Path) -> None:
    text = get("json").render(bundle)
    records = {e["id"]: e for e in json.loads(text)["events"]}
    sec = records[SECESSIONS]
    assert (sec["date"], sec["date_text"], sec["precision"], sec["start"], sec["end"]) == (
        "",
        "undated (section 5)",
        "undated",
        None,
        None,
    )
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    db = open_database(tmp_path / "imported.db", create=True)
    plan = plan_import(path)
    assert not plan.problems, [p.reason for p in plan.problems]
    result = apply_import(db, plan)
    assert result.events == 3
    row = db.execute(
        "SELECT date, date_text, precision, undated, lo, hi, section FROM events WHERE id = ?", [SECESSIONS]
    ).fetchone()
    assert tuple(row) == ("", "undated (section 5)", "undated", 1, UNDATED_DAY, UNDATED_DAY, "5")
    again = {e["id"]: e for e in json.loads(get("json").render(gather(db)))["events"]}
    for key in ("date", "date_text", "precision", "start", "end", "section", "summary", "quote", "actors"):
        assert again[SECESSIONS][key] == sec[key], key
    assert again[DATED]["date"] == records[DATED]["date"]


def test_a_json_event_without_a_date_is_still_refused(bundle: Bundle, tmp_path: Path) -> None:
    doc = json.loads(get("json").render(bundle))
    for e in doc["events"]:
        if e["id"] == RAUKOU:
            e["precision"] = "year"  # an empty date that does not say it is undated: a mistake
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    plan = plan_import(path)
    assert any(p.field == "date" for p in plan.problems)


def test_csv_imports_back_as_undated(bundle: Bundle, tmp_path: Path) -> None:
    # the export's own file: before, its undated rows were refused ("line 3, date: the date is empty")
    path = tmp_path / "export.csv"
    get("csv").write(bundle, path)
    plan = plan_import(path)
    assert not plan.problems, [f"{p.where} {p.field}: {p.reason}" for p in plan.problems]
    db = open_database(tmp_path / "imported.db", create=True)
    assert apply_import(db, plan).events == 3
    row = db.execute(
        "SELECT date, date_text, precision, undated, lo, hi, section, kind FROM events WHERE id = ?", [RAUKOU]
    ).fetchone()
    assert tuple(row) == ("", "undated (section 4.3)", "undated", 1, UNDATED_DAY, UNDATED_DAY, "4.3", "event")
    first = {r["id"]: r for r in csv.DictReader(io.StringIO(get("csv").render(bundle).lstrip("\ufeff")))}
    again = {r["id"]: r for r in csv.DictReader(io.StringIO(get("csv").render(gather(db)).lstrip("\ufeff")))}
    for key in (
        "date",
        "date_text",
        "precision",
        "earliest",
        "latest",
        "section",
        "summary",
        "quote",
        "actors",
    ):
        assert again[RAUKOU][key] == first[RAUKOU][key], key
    assert again[DATED]["date"] == first[DATED]["date"] and again[DATED]["precision"] != "undated"


@pytest.mark.parametrize("precision", ["year", ""])
def test_a_csv_row_without_a_date_is_still_refused(bundle: Bundle, tmp_path: Path, precision: str) -> None:
    rows = list(csv.DictReader(io.StringIO(get("csv").render(bundle).lstrip("\ufeff"))))
    for r in rows:
        if r["id"] == RAUKOU:
            r["precision"] = precision  # an empty date that does not say it is undated: a mistake
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)
    plan = plan_import(path)
    line = 2 + [r["id"] for r in rows].index(RAUKOU)
    assert [(p.where, p.field, p.reason) for p in plan.problems] == [
        (f"line {line}", "date", "the date is empty")
    ]
    assert RAUKOU not in {e.id for e in plan.events} and len(plan.events) == 2


def test_timelinejs_leaves_them_out_and_says_so(bundle: Bundle) -> None:
    writer = get("timelinejs")
    slides = json.loads(writer.render(bundle))["events"]
    assert [s["unique_id"] for s in slides] == [DATED]
    summary = writer.summary(bundle)
    assert summary.endswith("; 2 undated events left out: TimelineJS needs a start date"), summary
    assert "left out" not in get("csv").summary(bundle)


def test_markdown_and_bibtex_and_xlsx_carry_them(bundle: Bundle, tmp_path: Path) -> None:
    import openpyxl

    md = get("markdown").render(bundle)
    assert "undated (section 4.3)" in md and "undated (section 5)" in md
    get("bibtex").render(bundle)  # sources only: an undated record cites none here, and nothing breaks
    out = get("xlsx").write(bundle, tmp_path / "events.xlsx")
    sheet = openpyxl.load_workbook(out)["Events"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[RAUKOU]["date"] in ("", None) and rows[RAUKOU]["date_text"] == "undated (section 4.3)"
    assert rows[RAUKOU]["precision"] == "undated"


def test_export_by_dates_leaves_them_out(undated_db: Path) -> None:
    from explorer.formats.selection import select_ids

    db = open_database(undated_db, readonly=True)
    every = select_ids(db)
    assert every[-3:] == [RAUKOU, "belarus-begins-implementing-neutrality-clause", SECESSIONS]
    assert not {RAUKOU, SECESSIONS} & set(select_ids(db, date_from="1800"))
    assert not {RAUKOU, SECESSIONS} & set(select_ids(db, date_to="2100"))
    assert RAUKOU in select_ids(db, tracks=["security"]), "other choices keep them"

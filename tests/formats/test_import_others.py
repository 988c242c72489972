"""Event data other people keep: TimelineJS Google Sheets, common event CSVs, dates written another way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.formats.importer import import_file, plan_import
from explorer.formats.lenient_dates import lenient_date
from explorer.store import EventStore
from explorer.store.periods_links import PeriodLinkStore

# Written from the layout TimelineJS documents for its Google-Sheets template (timeline.knightlab.com,
# "Using the Google Sheets template"): one header row with these 18 columns, a row of Type "title" for
# the title slide, rows of Type "era", and events with split date columns, Group and Media columns.
SHEET = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
    ",,,,,,,,,Railways of the Region,<p>A <b>short</b> history.</p>,,,,,title,,\n"
    "1850,,,,1870,,,,,Construction era,<p>Lines are laid.</p>,,,,,era,,\n"
    "1862,4,6,10:30 AM,,,,,6 April 1862,First line opens,<p>The first <i>train</i> runs.</p>,"
    "https://example.org/photo.jpg,City archive,The station,,,Openings,\n"
    "1865,6,,,1866,2,,,,Bridge built,,,,,,,Works,#cccccc\n"
    "1867,,,,,,,,,Strike,<p>Workers stop.</p>,,,,,,Openings,\n"
)


def test_a_timelinejs_google_sheet_imports_with_title_eras_groups_and_media(tmp_path: Path, fresh_db) -> None:
    """Type title names the dataset, era becomes a period, Group a track, split dates EDTF, Media a source."""
    path = tmp_path / "railways.csv"
    path.write_text(SHEET, encoding="utf-8")
    plan = plan_import(path)
    assert not plan.problems, plan.problems
    assert plan.title == "Railways of the Region"
    result = import_file(fresh_db, path)
    assert (result.events, result.periods) == (3, 1)
    events = {e.title: e for e in EventStore(fresh_db).events() if e.origin == f"import:{result.dataset}"}
    opening = events["First line opens"]
    assert (opening.date, opening.date_text, opening.summary) == (
        "1862-04-06",
        "6 April 1862",
        "The first train runs.",
    )
    assert events["Bridge built"].date == "1865-06/1866-02"
    assert events["Strike"].date == "1867"
    tracks = {t.id: t.name for t in EventStore(fresh_db).tracks()}
    assert tracks[opening.track] == "Openings" and tracks[events["Bridge built"].track] == "Works"
    assert events["Strike"].track == opening.track
    sources = dict(
        fresh_db.execute("SELECT url, citation FROM sources WHERE url LIKE 'https://example.org/%'")
    )
    assert sources == {"https://example.org/photo.jpg": "The station; City archive"}
    era = next(p for p in PeriodLinkStore(fresh_db).periods() if p.name == "Construction era")
    assert era.date == "1850/1870"


def test_a_sheet_row_with_a_bad_date_names_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET.replace("1865,6,,,1866,2", "1865,13,,,1866,2"), encoding="utf-8")
    plan = plan_import(path)
    assert [str(p) for p in plan.problems] == ["sheet.csv, line 5, Month: there is no month 13."]


@pytest.mark.parametrize(
    ("header", "row", "title", "date"),
    [
        ("event_name,start_date,end_date", "Siege,1862-4-6,1862-5-1", "Siege", "1862-04-06/1862-05-01"),
        ("event,date", "Caesar lands,55 BC", None, None),
        ("label,hdate", "Battle,+1862-04-06T00:00:00Z", "Battle", "1862-04-06"),
        ("headline,date,url", "Treaty,6 April 1862,https://example.org/t", "Treaty", "1862-04-06"),
        ("name,date,source", "Visit,April 1862,Times", "Visit", "1862-04"),
        ("Event Name,Start Date", "Spaced,1862", "Spaced", "1862"),
    ],
)
def test_common_event_csvs_import_through_column_aliases(
    tmp_path: Path, header: str, row: str, title: str | None, date: str | None
) -> None:
    """headline/event/event_name/name/label are the title, start_date/end_date/hdate the dates."""
    path = tmp_path / "theirs.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    plan = plan_import(path)
    if title is None:  # 55 BC is read as -0054, which the timeline cannot place: said with both spellings
        assert [str(p) for p in plan.problems] == [
            "theirs.csv, line 2, date: “55 BC” (read as -0054) is before the year 1, which the timeline cannot place."
        ]
        return
    assert not plan.problems, plan.problems
    (event,) = plan.events
    assert (event.title, event.date) == (title, date)
    assert any("read the columns" in w for w in plan.warnings), plan.warnings


def test_rewritten_dates_are_reported_once_with_examples(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("title,date\nA,1862-4-6\nB,1862-4-6\nC,2015-03-01\nD,800\n", encoding="utf-8")
    plan = plan_import(path)
    assert [e.date for e in plan.events] == ["1862-04-06", "1862-04-06", "2015-03-01", "0800"]
    assert (
        "d.csv: 3 dates were rewritten as EDTF, e.g. line 2 “1862-4-6” → “1862-04-06”; line 5 “800” → “0800”."
        in plan.warnings
    )


def test_a_problem_names_the_column_as_the_file_has_it(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(
        "event_name,start_date,end_date\nBad,2015-13-01,\n,2015,\nLate,2016,2014\n", encoding="utf-8"
    )
    assert [str(p) for p in plan_import(path).problems] == [
        "b.csv, line 2, start_date: “2015-13-01” has month 13, which does not exist.",
        "b.csv, line 3, event_name: the title is empty.",
        "b.csv, line 4, end_date: the end 2014 is before the start 2016.",
    ]


def test_a_url_column_becomes_a_linked_source(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("title,date,url\nA,2015,https://example.org/a\n", encoding="utf-8")
    plan = plan_import(path)
    (source,) = plan.sources.values()
    assert source.url == "https://example.org/a"


@pytest.mark.parametrize(
    ("written", "edtf"),
    [
        ("1862-4-6", "1862-04-06"),
        ("55 BC", "-0054"),
        ("1 BCE", "0000"),
        ("AD 800", "0800"),
        ("6 Apr. 1862", "1862-04-06"),
        ("April 6, 1862", "1862-04-06"),
        ("1862-04-06 10:30", "1862-04-06"),
        ("1862-4-6/1863", "1862-04-06/1863"),
        ("1862-04-06", None),
        ("2015~", None),
        ("soon", None),
        ("2014/..", None),
    ],
)
def test_lenient_dates_rewrite_only_the_spelling(written: str, edtf: str | None) -> None:
    assert lenient_date(written) == edtf


def test_a_timelinejs2_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"timeline": {"headline": "Old", "type": "default", "date": []}}))
    plan = plan_import(path)
    assert [str(p) for p in plan.problems] == [
        "old.json, timeline: the file is a TimelineJS 2 timeline (its data is inside “timeline”), which "
        "cannot be read; import its Google Sheet as CSV or save it as TimelineJS 3 JSON."
    ]
    assert [str(p) for p in plan_import(path, "timelinejs").problems] == [str(p) for p in plan.problems]

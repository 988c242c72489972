"""A TimelineJS file imported and exported again keeps its own title slide and each event's media."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sample_data import fill

from explorer.formats.bundle import gather
from explorer.formats.common import ExportOptions
from explorer.formats.importer import import_file
from explorer.formats.registry import get

TITLE = {
    "media": {
        "url": "https://example.org/minsk.jpg",
        "caption": "Minsk, <i>2014</i>",
        "credit": "<a href='https://example.org/'>A. Photographer</a>",
    },
    "text": {"headline": "Talks in Minsk<br/> 2014 – 2015", "text": "<p>What was said, and where.</p>"},
}
EVENTS: list[dict[str, Any]] = [
    {
        "start_date": {"year": "2014", "month": "9", "day": "5"},
        "text": {"headline": "First protocol", "text": "<p>Signed in Minsk.</p>"},
        "media": {
            "url": "https://youtu.be/abc",
            "caption": "The signing",
            "credit": "Belta",
            "thumbnail": "https://example.org/t.jpg",
        },
    },
    {
        "start_date": {"year": "2015", "month": "2", "day": "12"},
        "text": {"headline": "Second agreement", "text": "<p>Package of measures.</p>"},
        "media": {"url": "<blockquote>Ceasefire from 15 February</blockquote>", "caption": "", "credit": ""},
    },
    {"start_date": {"year": "2015"}, "text": {"headline": "No picture", "text": "<p>Text only.</p>"}},
]


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "minsk.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _export(db, ids: list[str], path: Path, options: ExportOptions | None = None) -> dict[str, Any]:
    out = get("timelinejs").write(gather(db, ids), path, options or ExportOptions())
    return json.loads(out.read_text(encoding="utf-8"))


def _dataset_ids(db, dataset: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM events WHERE origin = ?", [f"import:{dataset}"])]


def test_a_dataset_exported_alone_has_its_title_slide_and_media_again(fresh_db, tmp_path: Path) -> None:
    result = import_file(fresh_db, _write(tmp_path, {"title": TITLE, "events": EVENTS}))
    again = _export(fresh_db, _dataset_ids(fresh_db, result.dataset), tmp_path / "again.json")
    assert again["title"] == TITLE
    by_headline = {e["text"]["headline"]: e for e in again["events"]}
    assert set(by_headline) == {"First protocol", "Second agreement", "No picture"}
    assert by_headline["First protocol"]["media"] == EVENTS[0]["media"]
    assert by_headline["Second agreement"]["media"] == {"url": EVENTS[1]["media"]["url"]}
    assert "media" not in by_headline["No picture"]


def test_the_re_export_imports_back_with_the_same_slide_and_media(fresh_db, empty_db, tmp_path: Path) -> None:
    """Twice round: what was kept is kept again."""
    result = import_file(fresh_db, _write(tmp_path, {"title": TITLE, "events": EVENTS}))
    first = _export(fresh_db, _dataset_ids(fresh_db, result.dataset), tmp_path / "first.json")
    second_result = import_file(empty_db, tmp_path / "first.json")
    second = _export(empty_db, _dataset_ids(empty_db, second_result.dataset), tmp_path / "second.json")
    assert second["title"] == first["title"] == TITLE
    media = sorted(json.dumps(e.get("media"), sort_keys=True) for e in second["events"])
    assert media == sorted(json.dumps(e.get("media"), sort_keys=True) for e in first["events"])


def test_a_mixed_selection_gets_the_apps_title_but_keeps_each_events_media(fresh_db, tmp_path: Path) -> None:
    fill(fresh_db)
    import_file(fresh_db, _write(tmp_path, {"title": TITLE, "events": EVENTS}))
    every = [r[0] for r in fresh_db.execute("SELECT id FROM events")]
    doc = _export(fresh_db, every, tmp_path / "all.json")
    assert doc["title"]["text"]["headline"] == "Neutrality Explorer"
    assert "media" not in doc["title"]
    assert {e["text"]["headline"]: e.get("media") for e in doc["events"]}["First protocol"] == EVENTS[0][
        "media"
    ]


def test_a_title_given_for_the_export_replaces_the_imported_one(fresh_db, tmp_path: Path) -> None:
    result = import_file(fresh_db, _write(tmp_path, {"title": TITLE, "events": EVENTS}))
    ids = _dataset_ids(fresh_db, result.dataset)
    doc = _export(fresh_db, ids, tmp_path / "titled.json", ExportOptions(title="My brief"))
    assert doc["title"]["text"]["headline"] == "My brief"


def test_a_google_sheet_keeps_its_title_slide_and_media(fresh_db, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
        "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
        ",,,,,,,,,Minsk talks,<p>An overview</p>,https://example.org/m.jpg,Belta,The hall,,title,,\n"
        "2014,9,5,,,,,,,First protocol,<p>Signed</p>,https://youtu.be/abc,Belta,The signing,,,Talks,\n",
        encoding="utf-8",
    )
    result = import_file(fresh_db, sheet)
    doc = _export(fresh_db, _dataset_ids(fresh_db, result.dataset), tmp_path / "sheet.json")
    assert doc["title"] == {
        "text": {"headline": "Minsk talks", "text": "<p>An overview</p>"},
        "media": {"url": "https://example.org/m.jpg", "caption": "The hall", "credit": "Belta"},
    }
    (event,) = doc["events"]
    assert event["media"] == {"url": "https://youtu.be/abc", "caption": "The signing", "credit": "Belta"}


def test_a_public_example_keeps_its_title_slide_and_media(
    samples_dir: Path, fresh_db, tmp_path: Path
) -> None:
    """TimelineJS's own Whitney Houston example: the slide and every slide's media come back as given."""
    source = json.loads((samples_dir / "timelinejs" / "houston_timeline3.json").read_text(encoding="utf-8"))
    result = import_file(fresh_db, samples_dir / "timelinejs" / "houston_timeline3.json")
    doc = _export(fresh_db, _dataset_ids(fresh_db, result.dataset), tmp_path / "houston.json")
    assert doc["title"]["media"] == {k: v for k, v in source["title"]["media"].items() if v}
    assert doc["title"]["text"] == source["title"]["text"]
    given = sorted(
        json.dumps({k: v for k, v in e["media"].items() if v and isinstance(v, str)}, sort_keys=True)
        for e in source["events"]
        if e.get("media", {}).get("url")
    )
    assert sorted(json.dumps(e["media"], sort_keys=True) for e in doc["events"] if "media" in e) == given


@pytest.mark.parametrize("kind", ["events", "title"])
def test_a_slide_without_a_media_address_keeps_no_media(fresh_db, tmp_path: Path, kind: str) -> None:
    empty = {"url": "  ", "caption": "nothing to show"}
    title = {"text": {"headline": "T"}, "media": empty} if kind == "title" else {"text": {"headline": "T"}}
    events = [{**EVENTS[2], "media": empty}] if kind == "events" else [EVENTS[2]]
    result = import_file(fresh_db, _write(tmp_path, {"title": title, "events": events}))
    doc = _export(fresh_db, _dataset_ids(fresh_db, result.dataset), tmp_path / "out.json")
    assert "media" not in doc["title"] and all("media" not in e for e in doc["events"])


def test_a_subset_export_carries_the_media(fresh_db, empty_db, tmp_path: Path) -> None:
    """An SQLite subset of an imported dataset keeps its media, so it exports to TimelineJS alike."""
    from explorer.store import open_database

    result = import_file(fresh_db, _write(tmp_path, {"title": TITLE, "events": EVENTS}))
    subset = get("sqlite").write(gather(fresh_db, _dataset_ids(fresh_db, result.dataset)), tmp_path / "s.db")
    db = open_database(subset)
    try:
        doc = _export(db, [r[0] for r in db.execute("SELECT id FROM events")], tmp_path / "s.json")
    finally:
        db.close()
    assert {e["text"]["headline"]: e.get("media") for e in doc["events"]}["First protocol"] == EVENTS[0][
        "media"
    ]

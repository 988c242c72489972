"""Saved views: store, list, rename, delete, and files that another user can open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer.model import Event, Track
from explorer.store import ReadOnlyDatabase, open_database, open_memory
from explorer.store.events import write_events, write_tracks
from explorer.store.filters import Filter
from explorer.store.views import (
    VIEW_FORMAT,
    ViewError,
    ViewState,
    delete_view,
    export_view,
    get_view,
    import_view,
    list_views,
    missing_references,
    read_view_file,
    rename_view,
    save_view,
)

STATE = ViewState(
    filter=Filter(query="airbase", track=("security",), flagged=("yes",)),
    zoom=(735000, 736300),
    lanes=("security", "foreign"),
    selection=("e1",),
)


@pytest.fixture
def db():
    """A database with two tracks and one event."""
    d = open_memory()
    with d.atomic():
        write_tracks(d, [Track("foreign", "Foreign"), Track("security", "Security")])
        write_events(d, [Event("e1", "Airbase talks", "2015-09", "security")])
    yield d
    d.conn.close()


def test_a_view_is_saved_listed_and_read_back(db) -> None:
    saved = save_view(db, "  Airbase   story ", STATE)
    assert saved.name == "Airbase story"
    assert saved.created == saved.modified != ""
    assert get_view(db, "Airbase story").state == STATE
    save_view(db, "another", ViewState())
    assert [v.name for v in list_views(db)] == ["Airbase story", "another"]


def test_saving_again_keeps_the_creation_time_unless_refused(db) -> None:
    first = save_view(db, "v", STATE)
    second = save_view(db, "v", ViewState(zoom=(1, 2)))
    assert second.created == first.created
    assert get_view(db, "v").state.zoom == (1, 2)
    with pytest.raises(ViewError, match="already exists"):
        save_view(db, "v", STATE, overwrite=False)


def test_rename_and_delete(db) -> None:
    save_view(db, "old", STATE)
    save_view(db, "taken", ViewState())
    assert rename_view(db, "old", "new").name == "new"
    assert [v.name for v in list_views(db)] == ["new", "taken"]
    with pytest.raises(ViewError, match="already exists"):
        rename_view(db, "new", "taken")
    with pytest.raises(ViewError, match="no saved view named “old”"):
        rename_view(db, "old", "x")
    delete_view(db, "new")
    with pytest.raises(ViewError, match="no saved view"):
        delete_view(db, "new")
    assert [v.name for v in list_views(db)] == ["taken"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "a\x00b"])
def test_a_bad_name_is_refused(db, name: str) -> None:
    with pytest.raises(ViewError, match="view name"):
        save_view(db, name, STATE)


def test_a_failed_write_leaves_nothing_behind(db, monkeypatch) -> None:
    save_view(db, "keep", STATE)

    def broken(self: ViewState) -> dict:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ViewState, "to_dict", broken)
    with pytest.raises(RuntimeError):
        save_view(db, "lost", STATE)
    assert [v.name for v in list_views(db)] == ["keep"]


def test_a_read_only_database_refuses_to_save(tmp_path: Path) -> None:
    path = tmp_path / "ws.db"
    open_database(path, create=True).conn.close()
    ro = open_database(path, readonly=True)
    with pytest.raises(
        ReadOnlyDatabase, match=f"^{re.escape(str(path))} .*read-only.*, so views cannot be saved"
    ):
        save_view(ro, "v", STATE)
    ro.conn.close()


def test_export_and_import_round_trip(db, tmp_path: Path) -> None:
    view = save_view(db, "Airbase story", STATE)
    path = export_view(view, tmp_path / "airbase.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == VIEW_FORMAT and data["name"] == "Airbase story"
    assert read_view_file(path).state == STATE
    other = open_memory()
    assert import_view(other, path).name == "Airbase story"
    assert import_view(other, path).name == "Airbase story (2)"
    assert import_view(other, path, name="Mine").name == "Mine"
    assert get_view(other, "Mine").state == STATE


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "view.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


GOOD = {"format": VIEW_FORMAT, "name": "v", "state": ViewState().to_dict()}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"format": "neutrality-explorer/view@2"}, "format"),
        ({"name": ""}, "name"),
        ({"name": 7}, "name"),
        ({"extra": 1}, "extra"),
        ({"state": []}, "state"),
        ({"state": {"zoom": [5, 1]}}, "state.zoom"),
        ({"state": {"zoom": [0, 10]}}, "state.zoom"),
        ({"state": {"zoom": "wide"}}, "state.zoom"),
        ({"state": {"lanes": "security"}}, "state.lanes"),
        ({"state": {"selection": [1, 2]}}, "state.selection"),
        ({"state": {"colour": "red"}}, "state.colour"),
        ({"state": {"filter": {"track": "security"}}}, "track"),
        ({"state": {"filter": {"flagged": ["sometimes"]}}}, "flagged"),
    ],
)
def test_a_bad_view_file_is_reported_naming_the_file_and_field(
    tmp_path: Path, change: dict, field: str
) -> None:
    path = _write(tmp_path, {**GOOD, **change})
    with pytest.raises(ViewError) as err:
        read_view_file(path)
    message = str(err.value)
    assert str(path) in message and field in message
    assert "\n" not in message


def test_a_missing_state_or_a_broken_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ViewError, match="“state” is missing"):
        read_view_file(_write(tmp_path, {"format": VIEW_FORMAT, "name": "v"}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ViewError, match=r"broken\.json is not valid JSON \(line 1"):
        read_view_file(broken)
    with pytest.raises(ViewError, match="does not exist"):
        read_view_file(tmp_path / "nowhere.json")
    with pytest.raises(ViewError, match="not a view file"):
        read_view_file(_write(tmp_path, [1, 2]))


def test_missing_references_are_named(db) -> None:
    state = ViewState(
        filter=Filter(track=("space",), actor=("Nobody",)), lanes=("foreign", "ghost"), selection=("e1", "e9")
    )
    problems = missing_references(db, state)
    assert any("lane" in p and "“ghost”" in p for p in problems)
    assert any("selected event" in p and "“e9”" in p for p in problems)
    assert any("track" in p and "“space”" in p for p in problems)
    assert any("actor" in p and "“Nobody”" in p for p in problems)
    assert missing_references(db, STATE) == []


def test_a_damaged_row_is_reported_by_name(db) -> None:
    db.execute("INSERT INTO saved_views (name, state, created, modified) VALUES ('bad', '{', '', '')")
    with pytest.raises(ViewError, match="“bad” is damaged"):
        get_view(db, "bad")


def test_state_is_stored_as_json(db) -> None:
    save_view(db, "v", STATE)
    raw = db.execute("SELECT state FROM saved_views WHERE name = 'v'").fetchone()[0]
    assert json.loads(raw)["lanes"] == ["security", "foreign"]

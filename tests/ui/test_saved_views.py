"""Saved views as a person uses them: save what is shown under a name, change everything, get it back
in one click; rename, delete and export from the context menu; open a view file someone sent."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from explorer.store.views import list_views, read_view_file

AIRBASE = "belarus-refuses-russian-airbase-2015"


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers for the dialogs: names typed, files chosen, questions, errors and warnings."""
    script = {"name": [], "save": [], "open": [], "question": [], "errors": [], "warnings": []}
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (script["name"].pop(0), True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(script["save"].pop(0)), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(script["open"].pop(0)), ""))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: script["question"].pop(0) if script["question"] else QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a, **k: script["errors"].append(text)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: script["warnings"].append(text)
    )
    return script


def save_view(qtbot, window, answers, name: str) -> None:
    window.docks["viewsDock"].raise_()
    answers["name"].append(name)
    qtbot.mouseClick(window.saved_views.panel.save_button, Qt.MouseButton.LeftButton)


def click_view(qtbot, window, name: str) -> None:
    panel = window.saved_views.panel
    window.docks["viewsDock"].raise_()
    qtbot.waitUntil(panel.list.isVisible)
    item = panel.item_named(name)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def context_action(qtbot, window, name: str, text: str) -> None:
    """Right-click a view and choose an entry of its menu."""
    panel = window.saved_views.panel
    item = panel.item_named(name)
    panel.list.customContextMenuRequested.emit(panel.list.visualItemRect(item).center())
    menu: QMenu = panel.context_menu
    action = next(a for a in menu.actions() if a.text() == text)
    menu.close()
    action.trigger()


def set_up_a_view(window) -> tuple:
    window.filters.state.set_values("track", ["security", "foreign"])
    window.search.bar.set_query("airbase")
    window.session.set_lane_layout(["security", "foreign", "context"], hidden=["concepts", "reactions"])
    window.zoom_to("2012-01-01", "2016-06-30")
    window.select_events([AIRBASE])
    return window.timeline.visible_range()


def test_a_saved_view_comes_back_in_one_click(qtbot, window, answers):
    rng = set_up_a_view(window)
    save_view(qtbot, window, answers, "Airbase story")
    assert window.saved_views.panel.names() == ["Airbase story"]
    # change everything
    window.filters.state.clear()
    window.search.bar.clear()
    window.session.set_lane_layout(["foreign", "security", "concepts", "context", "reactions"], hidden=[])
    window.fit_all()
    window.select_events([])
    assert window.session.filter_mask() is None and window.session.hit_mask() is None
    click_view(qtbot, window, "Airbase story")
    assert window.filters.state.filter().track == ("security", "foreign")
    assert window.search.bar.field.text() == "airbase"
    assert window.session.hit_mask() is not None
    assert window.session.visible_lanes() == ["security", "foreign", "context"]
    d0, d1 = window.timeline.visible_range()
    assert abs(d0 - rng[0]) <= 1 and abs(d1 - rng[1]) <= 1
    assert window.selected_event_ids() == [AIRBASE]
    assert window.detail.shown_event_id() == AIRBASE
    assert "Restored" in window.statusBar().currentMessage()


def test_saving_under_a_taken_name_asks_first(qtbot, window, answers):
    save_view(qtbot, window, answers, "Mine")
    first = list_views(window.session._db)[0].state.zoom
    window.zoom_to("2000-01-01", "2001-01-01")
    answers["question"].append(QMessageBox.StandardButton.No)
    save_view(qtbot, window, answers, "Mine")
    assert list_views(window.session._db)[0].state.zoom == first, "No keeps the old view"
    save_view(qtbot, window, answers, "Mine")  # yes this time
    d0, d1 = window.timeline.visible_range()
    assert list_views(window.session._db)[0].state.zoom == (round(d0), round(d1))


def test_rename_and_delete_from_the_context_menu(qtbot, window, answers):
    save_view(qtbot, window, answers, "First")
    save_view(qtbot, window, answers, "Second")
    answers["name"].append("Renamed")
    context_action(qtbot, window, "First", "Rename…")
    assert window.saved_views.panel.names() == ["Renamed", "Second"]
    answers["name"].append("Second")
    context_action(qtbot, window, "Renamed", "Rename…")
    assert answers["errors"] and "already exists" in answers["errors"][-1]
    context_action(qtbot, window, "Second", "Delete")
    assert window.saved_views.panel.names() == ["Renamed"]


def test_export_a_view_and_open_it_in_another_window(qtbot, window, answers, tmp_path, db_path):
    set_up_a_view(window)
    save_view(qtbot, window, answers, "Airbase story")
    out = tmp_path / "airbase.view.json"
    answers["save"].append(out)
    context_action(qtbot, window, "Airbase story", "Export…")
    assert read_view_file(out).name == "Airbase story"
    # someone else opens it on their own copy of the corpus
    from explorer.app import MainWindow

    other_db = tmp_path / "other.db"
    shutil.copyfile(db_path, other_db)
    other = MainWindow(other_db, restore=False, persist=False)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    answers["open"].append(out)
    other.menu_actions["open_view"].trigger()
    assert other.saved_views.panel.names() == ["Airbase story"]
    assert other.selected_event_ids() == [AIRBASE]
    assert other.filters.state.filter().track == ("security", "foreign")
    assert other.search.bar.field.text() == "airbase"
    assert answers["warnings"] == [] and answers["errors"] == []
    # a second import keeps both, numbering the new one
    answers["open"].append(out)
    qtbot.mouseClick(other.saved_views.panel.import_button, Qt.MouseButton.LeftButton)
    assert other.saved_views.panel.names() == ["Airbase story", "Airbase story (2)"]


def test_a_view_naming_what_this_database_lacks_opens_with_a_warning(qtbot, window, answers, tmp_path):
    path = tmp_path / "theirs.view.json"
    state = {"filter": {"tag": ["their-tag"]}, "zoom": [735000, 736000], "lanes": ["security", "martian"],
             "selection": ["no-such-event"]}  # fmt: skip
    path.write_text(json.dumps({"format": "neutrality-explorer/view@1", "name": "Theirs", "state": state}))
    answers["open"].append(path)
    window.menu_actions["open_view"].trigger()
    assert len(answers["warnings"]) == 1
    text = answers["warnings"][0]
    assert "martian" in text and "no-such-event" in text and "their-tag" in text
    assert window.session.visible_lanes() == ["security"]


def test_a_file_that_is_not_a_view_is_one_sentence(qtbot, window, answers, tmp_path):
    path = tmp_path / "broken.view.json"
    path.write_text('{"format": "neutrality-explorer/view@1", "name": "X", "state": {"zoom": [5, 1]}}')
    answers["open"].append(path)
    window.menu_actions["open_view"].trigger()
    assert len(answers["errors"]) == 1
    assert "state.zoom" in answers["errors"][0] and str(path) in answers["errors"][0]
    assert window.saved_views.panel.names() == []


def test_a_read_only_database_can_open_views_but_not_keep_them(qtbot, answers, tmp_path, db_path):
    from explorer.app import MainWindow
    from explorer.state import Session

    path = tmp_path / "view.json"
    state = {"filter": {"track": ["security"]}, "zoom": None, "lanes": [], "selection": [AIRBASE]}
    path.write_text(json.dumps({"format": "neutrality-explorer/view@1", "name": "RO", "state": state}))
    win = MainWindow(Session.open(db_path, readonly=True), restore=False, persist=False)
    qtbot.addWidget(win)
    win.show()
    assert not win.saved_views.panel.save_button.isEnabled()
    answers["open"].append(path)
    win.menu_actions["open_view"].trigger()
    assert win.selected_event_ids() == [AIRBASE]
    assert win.filters.state.filter().track == ("security",)
    assert win.saved_views.panel.names() == []
    assert answers["errors"] == []

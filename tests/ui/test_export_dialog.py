"""File > Export Selection (Ctrl+E): a rubber-band selection written as CSV and JSON holds exactly those
events; the dialog offers the selection, the filter and all events, disables what a format cannot
carry, previews the text, reports unwritable paths in a sentence and can be cancelled."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from export_helpers import open_dialog, press_shortcut, rubber_band
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QProgressDialog
from window_helpers import click_value, settle

from explorer.ui.dialogs.export_dialog import ExportDialog


@pytest.fixture
def save_as(monkeypatch):
    """QFileDialog.getSaveFileName answering with the paths given, recording what it was asked."""
    asked: list[tuple[str, str]] = []
    answers: list[str] = []

    def fake(parent, caption, start, filters, *a, **k):
        asked.append((start, filters))
        return (answers.pop(0) if answers else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return answers, asked


def export_with_ctrl_e(qtbot, window, fmt: str) -> ExportDialog:
    press_shortcut(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, window, ExportDialog)
    combo = dialog.format_combo
    combo.setCurrentIndex(combo.findData(fmt))
    return dialog


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_rubber_band_selection_exported_with_ctrl_e_holds_exactly_those_events(
    qtbot, window, tmp_path, save_as, fmt
):
    chosen = rubber_band(qtbot, window)
    assert len(chosen) >= 3, "the rubber band should catch several events"
    answers, asked = save_as
    target = tmp_path / f"picked.{fmt}"
    answers.append(str(target))
    dialog = export_with_ctrl_e(qtbot, window, fmt)
    assert dialog.scope_buttons["selection"].isChecked()
    assert dialog.scope_buttons["selection"].text() == f"Selected events ({len(chosen)})"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists())
    assert asked[0][0].endswith(f".{fmt}"), "the file dialog proposes the format's extension"
    if fmt == "csv":
        with target.open(encoding="utf-8-sig", newline="") as fh:
            ids = [row["id"] for row in csv.DictReader(fh)]
    else:
        ids = [e["id"] for e in json.loads(target.read_text(encoding="utf-8"))["events"]]
    assert sorted(ids) == sorted(chosen)
    assert f"Exported {len(chosen)} events" in window.statusBar().currentMessage()


def test_the_filter_and_all_events_are_offered_with_their_counts(qtbot, window, tmp_path, save_as):
    session = window.session
    shown = [str(e) for e in session.columns.ids[:40]]
    session.set_filter(shown)
    window.select_events(shown[:2])
    answers, _ = save_as
    target = tmp_path / "shown"  # no extension: the format's is added
    answers.append(str(target))
    dialog = export_with_ctrl_e(qtbot, window, "csv")
    assert dialog.scope_buttons["shown"].text() == "Events shown by the current filter (40)"
    assert dialog.scope_buttons["all"].text() == f"All events ({len(session.columns)})"
    qtbot.mouseClick(dialog.scope_buttons["shown"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "shown.csv"
    qtbot.waitUntil(written.exists)
    with written.open(encoding="utf-8-sig", newline="") as fh:
        assert sorted(r["id"] for r in csv.DictReader(fh)) == sorted(shown)


def test_parts_a_format_cannot_carry_are_disabled(qtbot, window):
    window.select_events([str(e) for e in window.session.columns.ids[:3]])
    dialog = export_with_ctrl_e(qtbot, window, "json")
    checks = dialog.include_checks
    assert all(c.isEnabled() and c.isChecked() for c in checks.values())
    dialog.set_format("csv")
    assert not checks["links"].isEnabled() and not checks["links"].isChecked()
    assert checks["notes"].isEnabled() and dialog.csv_box.isVisibleTo(dialog)
    dialog.set_format("bibtex")
    assert checks["sources"].isChecked() and not checks["sources"].isEnabled()
    assert not checks["notes"].isEnabled()
    dialog.set_format("png")
    assert not dialog.include_box.isVisibleTo(dialog) and dialog.image_box.isVisibleTo(dialog)
    dialog.set_format("json")
    assert checks["links"].isChecked(), "the user's choice comes back with a format that carries it"


def test_preview_shows_the_start_of_the_text_and_follows_the_choices(qtbot, window):
    ids = [str(e) for e in window.session.columns.ids[:30]]
    window.select_events(ids)
    dialog = export_with_ctrl_e(qtbot, window, "markdown")
    qtbot.keyClicks(dialog.title_edit, "Briefing for the committee")
    dialog.update_preview()
    text = dialog.preview.current_text()
    assert text.startswith("# Briefing for the committee")
    assert "first 20 of 30 events" in dialog.preview.caption.text()
    dialog.set_format("sqlite")
    dialog.update_preview()
    table = dialog.preview.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["events"] == "30"


@pytest.mark.parametrize("scope", ["shown", "selection"])
def test_the_preview_lists_the_scope_s_first_events_reading_only_their_ids(qtbot, window, monkeypatch, scope):
    """At a million events the preview of a filter read every shown id (0.5 s) to keep twenty."""
    session = window.session
    click_value(qtbot, window, "track", "security")
    settle(qtbot)
    rows = np.flatnonzero(session.shown_mask())
    if scope == "selection":
        session.set_selection([str(i) for i in session.columns.ids[rows[::2]]])
        rows = np.flatnonzero(session.selected_mask())
    expected = [str(i) for i in session.columns.ids[rows[:20]]]
    assert len(rows) > 20
    ids_column = type(session.columns.ids)
    taken: list[int] = []
    real = ids_column.take
    monkeypatch.setattr(ids_column, "take", lambda self, r: (taken.append(len(r)), real(self, r))[1])
    dialog = export_with_ctrl_e(qtbot, window, "csv")
    qtbot.mouseClick(dialog.scope_buttons[scope], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert dialog.scope() == scope
    dialog.update_preview()
    listed = [r["id"] for r in csv.DictReader(io.StringIO(dialog.preview.current_text().lstrip("\ufeff")))]
    whole = [i for i in listed if i in expected]  # (the preview's text stops after a few rows)
    assert len(whole) >= 10 and whole == expected[: len(whole)]
    assert f"first 20 of {len(rows)} events" in dialog.preview.caption.text()
    assert taken and max(taken) <= 20, taken


def test_an_unwritable_path_gives_a_sentence_and_leaves_no_file(
    qtbot, window, tmp_path, save_as, monkeypatch
):
    said: list[str] = []
    monkeypatch.setattr(
        "explorer.ui.dialogs.export_dialog.show_error", lambda parent, text: said.append(text)
    )
    window.select_events([str(e) for e in window.session.columns.ids[:5]])
    answers, _ = save_as
    answers.append(str(tmp_path / "no-such-folder" / "out.csv"))
    dialog = export_with_ctrl_e(qtbot, window, "csv")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert said and said[0].startswith("Cannot write") and "does not exist" in said[0]
    assert "\n" not in said[0] and "Traceback" not in said[0]
    assert dialog.isVisible(), "the dialog stays open to choose another place"
    assert not (tmp_path / "no-such-folder").exists()


def test_cancelling_a_running_export_writes_nothing(qtbot, window, tmp_path, save_as):
    window.select_events([str(e) for e in window.session.columns.ids])
    answers, _ = save_as
    out = tmp_path / "out"
    out.mkdir()
    answers.append(str(out / "all.json"))
    dialog = export_with_ctrl_e(qtbot, window, "json")

    def press_cancel() -> None:
        dialog.findChild(QProgressDialog, "progressDialog").cancel()

    QTimer.singleShot(0, press_cancel)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in dialog.preview.caption.text()
    assert dialog.isVisible()
    assert list(out.iterdir()) == [], "neither the file nor a temporary part of it is left"


def test_the_dialog_remembers_the_last_format_and_folder(qtbot, window, tmp_path, save_as):
    window.select_events([str(e) for e in window.session.columns.ids[:2]])
    answers, asked = save_as
    folder = tmp_path / "briefs"
    folder.mkdir()
    answers.append(str(folder / "two.md"))
    dialog = export_with_ctrl_e(qtbot, window, "markdown")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (folder / "two.md").exists())
    press_shortcut(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    again = open_dialog(qtbot, window, ExportDialog)
    assert again.format_name() == "markdown"
    qtbot.mouseClick(again.export_button, Qt.MouseButton.LeftButton)  # the file dialog is cancelled
    assert asked[1][0] == str(folder / "selected-events.md")
    assert again.isVisible()


def test_a_preview_due_when_the_database_closes_is_dropped(qtbot, window):
    """Typing a title schedules a preview; closing the session first must cancel it, not read a closed db."""
    dialog = export_with_ctrl_e(qtbot, window, "markdown")
    qtbot.keyClicks(dialog.title_edit, "Late")
    assert dialog._timer.isActive(), "typing schedules a preview"
    before = dialog.preview.current_text()
    window.session.close()
    assert not dialog._timer.isActive()
    dialog._on_timer_timeout()  # a timeout already queued when the session closed
    assert dialog.preview.current_text() == before


def test_a_database_export_writes_datasettes_metadata_and_says_how_to_serve_it(
    qtbot, window, tmp_path, save_as
):
    window.select_events([str(e) for e in window.session.columns.ids[:5]])
    answers, _ = save_as
    target = tmp_path / "five.db"
    answers.append(str(target))
    dialog = export_with_ctrl_e(qtbot, window, "sqlite")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    meta = tmp_path / "five.metadata.json"
    assert meta.exists()
    message = window.statusBar().currentMessage()
    assert message.endswith(f"For Datasette: datasette serve {target} --metadata {meta}"), message

"""File > Export Selection offers the Excel workbook and lets a Markdown brief carry links between events."""

from __future__ import annotations

import pytest
from export_helpers import open_dialog, press_shortcut
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from explorer.ui.dialogs.export_dialog import ExportDialog


@pytest.fixture
def save_as(monkeypatch):
    """QFileDialog.getSaveFileName answering with the paths given."""
    answers: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (answers.pop(0) if answers else "", "")
    )
    return answers


def open_export(qtbot, window, fmt: str) -> ExportDialog:
    press_shortcut(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, window, ExportDialog)
    assert dialog.format_combo.findData(fmt) >= 0, f"{fmt} is offered"
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    return dialog


def test_markdown_brief_carries_the_links_between_selected_events(qtbot, window, tmp_path, save_as):
    ids = [str(e) for e in window.session.columns.ids[:4]]
    window.select_events(ids)
    window.session.annotations.add_link(ids[1], ids[0], "response to", "")
    dialog = open_export(qtbot, window, "markdown")
    links = dialog.include_checks["links"]
    assert links.isEnabled() and links.isChecked()
    target = tmp_path / "brief.md"
    save_as.append(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    text = target.read_text(encoding="utf-8")
    assert "Links:" in text and "- response to: [" in text and "is a response to this" in text


def test_links_left_out_of_the_brief_when_unticked(qtbot, window, tmp_path, save_as):
    ids = [str(e) for e in window.session.columns.ids[:4]]
    window.select_events(ids)
    window.session.annotations.add_link(ids[1], ids[0], "response to", "")
    dialog = open_export(qtbot, window, "markdown")
    qtbot.mouseClick(dialog.include_checks["links"], Qt.MouseButton.LeftButton)
    assert not dialog.include_checks["links"].isChecked()
    target = tmp_path / "brief.md"
    save_as.append(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert "Links:" not in target.read_text(encoding="utf-8")


def test_the_workbook_is_offered_previewed_and_written(qtbot, window, tmp_path, save_as):
    import openpyxl

    ids = [str(e) for e in window.session.columns.ids[:5]]
    window.select_events(ids)
    dialog = open_export(qtbot, window, "xlsx")
    assert dialog.format_combo.currentText() == "Excel workbook (.xlsx)"
    assert not dialog.include_checks["links"].isEnabled() and not dialog.csv_box.isVisibleTo(dialog)
    dialog.update_preview()
    preview = dialog.preview.current_text()
    assert preview.startswith("id\ttitle\tdate") and len(preview.splitlines()) == 6
    target = tmp_path / "picked"
    save_as.append(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "picked.xlsx"
    qtbot.waitUntil(written.exists)
    sheet = openpyxl.load_workbook(written)["Events"]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(ids)


def test_the_status_bar_counts_the_references_a_citation_file_holds(qtbot, window, tmp_path, save_as):
    ids = [str(e) for e in window.session.columns.ids[:5]]
    window.select_events(ids)
    dialog = open_export(qtbot, window, "bibtex")
    target = tmp_path / "refs.bib"
    save_as.append(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    entries = target.read_text(encoding="utf-8").count("\n@")
    message = window.statusBar().currentMessage()
    assert f"Exported {entries} BibTeX entries for 5 events to {target}" in message

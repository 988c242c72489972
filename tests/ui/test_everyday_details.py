"""Small things done right: per-purpose folders, the remembered export title naming the file, New Period
from the selected events, the date filter's real bounds, and accessible names on glyph buttons."""

from __future__ import annotations

from pathlib import Path

from annotation_gui import NAM, REFERENDUM, press, show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLineEdit

from explorer.ui.annotations.period_dialog import PeriodDialog
from explorer.ui.annotations.tag_box import TagChip
from explorer.ui.dialogs.export_dialog import ExportDialog
from explorer.ui.folders import last_folder, remember_folder, safe_file_stem


def _visible_dialog(qtbot, cls: type):
    found: list = []

    def ready() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(ready, timeout=3000)
    return found[0]


def test_each_purpose_remembers_its_own_folder(qtbot, db_path: Path, tmp_path: Path) -> None:
    win = show_window(qtbot, db_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    remember_folder(win.settings, "import", tmp_path / "in" / "events.csv")
    remember_folder(win.settings, "share", tmp_path / "out")
    assert last_folder(win.settings, "import") == str(tmp_path / "in")
    assert last_folder(win.settings, "share") == str(tmp_path / "out")
    assert last_folder(win.settings, "backups") == str(Path.home())  # nothing chosen yet
    (tmp_path / "in").rmdir()
    assert last_folder(win.settings, "import") == str(Path.home())  # a folder that has gone is forgotten


def test_export_title_is_remembered_and_names_the_file(
    qtbot, db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    win = show_window(qtbot, db_path)
    asked: list[str] = []

    def fake_save(parent, caption, start, filters):
        asked.append(start)
        return str(Path(start)), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    remember_folder(win.settings, "export", tmp_path)
    win.select_events([NAM, REFERENDUM])
    dialog = ExportDialog(win.session, win.timeline, win, win.settings)
    qtbot.addWidget(dialog)
    dialog.set_format("markdown")
    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "The airbase question")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "the-airbase-question.md").exists(), timeout=5000)
    assert asked == [str(tmp_path / "the-airbase-question.md")]
    again = ExportDialog(win.session, win.timeline, win, win.settings)
    qtbot.addWidget(again)
    assert again.title_edit.text() == "The airbase question"
    assert safe_file_stem("  Ünïcode / title: 2014!  ") == "ünïcode-title-2014"


def test_new_period_takes_the_selected_events_dates(qtbot, tmp_path: Path) -> None:
    win = show_window(qtbot, make_corpus(tmp_path / "c.db"))
    win.zoom_to("1980-01-01", "2030-12-31")
    table = win.table
    rows = {
        table.model().index(r, 0).data(Qt.ItemDataRole.UserRole + 1): r
        for r in range(table.model().rowCount())
    }
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(rows[NAM], 1)).center(),
    )
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        table.visualRect(table.model().index(rows[REFERENDUM], 1)).center(),
    )
    assert sorted(win.selected_event_ids()) == sorted([NAM, REFERENDUM])
    press(qtbot, win, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = _visible_dialog(qtbot, PeriodDialog)
    # NAM is "1998-09", the referendum "2022-02-27": the period runs from the first day to the last
    assert (dialog.start.text(), dialog.end.text()) == ("1998-09-01", "2022-02-27")
    dialog.reject()


def test_date_filter_shows_the_data_real_bounds(qtbot, db_path: Path) -> None:
    import sqlite3

    win = show_window(qtbot, db_path)
    conn = sqlite3.connect(db_path)
    first, last = conn.execute(
        "SELECT min(start_min), max(CASE WHEN open_end THEN start_max ELSE end_max END) FROM events"
        " WHERE undated = 0"
    ).fetchone()
    conn.close()
    dates = win.filters.panel.dates
    qtbot.waitUntil(lambda: dates.end.date() != QDate(2000, 1, 1), timeout=3000)
    assert dates.start.date().toString("yyyy-MM-dd") == first
    assert dates.end.date().toString("yyyy-MM-dd") == last


def test_glyph_buttons_tag_chips_stars_and_flag_have_accessible_names(qtbot, tmp_path: Path) -> None:
    win = show_window(qtbot, make_corpus(tmp_path / "c.db"))
    edits = win.session.annotations
    edits.add_tag(NAM, "airbase")
    edits.add_link(NAM, REFERENDUM, "cause")
    win.select_events([NAM])
    qtbot.waitUntil(lambda: any(c.isVisible() for c in win.findChildren(TagChip)), timeout=3000)
    chip = next(c for c in win.findChildren(TagChip) if c.isVisible())
    assert chip.accessibleName() == "Tag airbase" and "airbase" in chip.accessibleDescription()
    assert chip.remove_button.accessibleName() == "Remove tag airbase"
    assert chip.color_button.accessibleName() == "Colour of tag airbase"
    search = win.findChild(QLineEdit, "searchField")
    assert search is not None
    qtbot.keyClicks(search, "nam")  # its clear button shows once there is text
    unnamed = []
    for button in win.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        words = "".join(ch for ch in button.text().replace("&", "") if ch.isalpha())
        if not words and not button.accessibleName():
            unnamed.append(
                f"{type(button).__name__} {button.objectName()!r} {button.text()!r} in {type(button.parent()).__name__} {button.parent().objectName()!r} tip {button.toolTip()!r}"
            )
    assert unnamed == []
    stars = [
        b for b in win.findChildren(QAbstractButton) if b.objectName().startswith("star") and b.isVisible()
    ]
    assert [b.accessibleName() for b in stars] == ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]
    assert all(b.accessibleDescription() for b in stars)
    flag = next(b for b in win.findChildren(QAbstractButton) if b.objectName() == "flagButton")
    qtbot.mouseClick(flag, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flag.accessibleName() == "Flagged", timeout=3000)
    assert flag.accessibleDescription()

"""Bulk edit through real input: Shift+click 40 rows in the event table, tag them from the table's
context menu, rate them from the Edit menu, and one Ctrl+Z per step restores every event."""

from __future__ import annotations

from pathlib import Path

from annotation_gui import show_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMenu

from explorer.store.bulk import events_tagged
from explorer.ui.panels.event_table import TAGS_COLUMN

N = 40


def _select_rows_by_shift_click(qtbot, win, first: int, last: int) -> list[str]:
    table = win.table
    win.docks["tableDock"].show()
    win.docks["tableDock"].raise_()
    table.scrollToTop()
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(first, 1)).center(),
    )
    table.scrollTo(table.model().index(last, 1))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        table.visualRect(table.model().index(last, 1)).center(),
    )
    return table.selected_ids()


def _popup(qtbot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def _click_menu_item(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _dialog(qtbot, name: str) -> QInputDialog:
    found: list[QInputDialog] = []

    def ready() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(ready, timeout=3000)
    return found[0]


def test_forty_shift_clicked_rows_tagged_from_the_context_menu_and_one_undo_restores_all(
    qtbot, db_path: Path
) -> None:
    win = show_window(qtbot, db_path)
    ids = _select_rows_by_shift_click(qtbot, win, 0, N - 1)
    assert len(ids) == N and win.session.selection() == ids
    assert win.selected_label.text() == f"{N} selected"
    table = win.table
    pos = table.visualRect(table.model().index(N - 1, 1)).center()
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos)),
    )
    _click_menu_item(qtbot, _popup(qtbot), "Tag Selected Events…")
    dialog = _dialog(qtbot, "bulkTagDialog")
    field = dialog.findChild(QComboBox).lineEdit()
    qtbot.keyClicks(field, "airbase")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(events_tagged(win.session._db, "airbase")) == N, timeout=3000)
    assert sorted(events_tagged(win.session._db, "airbase")) == sorted(ids)
    assert win.statusBar().currentMessage() == f"Tag {N} events “airbase”."
    undo = win.menu_actions.menus["edit"].actions()[0]
    assert undo.text() == f"&Undo Tag {N} events “airbase”"
    # the table shows the tag on every selected row
    assert all("airbase" in str(table.model().index(r, TAGS_COLUMN).data()) for r in range(N))
    # Edit > Rate Selected Events > ★★★ on the same selection, then one Ctrl+Z takes the stars back
    win.bulk_edit.rate_menu.actions()[3].trigger()
    assert {win.session.annotations.assessment_for(i).stars for i in ids} == {3}  # type: ignore[union-attr]
    win.timeline.setFocus()
    qtbot.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(win.session.annotations.assessment_for(i) is None for i in ids)
    assert len(events_tagged(win.session._db, "airbase")) == N
    qtbot.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert events_tagged(win.session._db, "airbase") == []
    assert all("airbase" not in str(table.model().index(r, TAGS_COLUMN).data() or "") for r in range(N))


def test_putting_shift_clicked_rows_in_a_new_period_from_the_context_menu_is_one_undo_step(
    qtbot, db_path: Path
) -> None:
    win = show_window(qtbot, db_path)
    ids = _select_rows_by_shift_click(qtbot, win, 0, 2)
    table = win.table
    pos = table.visualRect(table.model().index(2, 1)).center()
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos)),
    )
    _click_menu_item(qtbot, _popup(qtbot), "Put Selected Events in Period…")
    dialog = _dialog(qtbot, "bulkPeriodDialog")
    field = dialog.findChild(QComboBox).lineEdit()
    qtbot.keyClicks(field, "Early years")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    store = win.session.annotations
    qtbot.waitUntil(lambda: [p.name for p in store.periods()] == ["Early years"], timeout=3000)
    (period,) = store.periods()
    message = f"Add period “Early years” ({period.date}) over {len(ids)} events"
    assert win.statusBar().currentMessage() == message + "."
    undo = win.menu_actions.menus["edit"].actions()[0]
    assert undo.text() == "&Undo " + message
    # the timeline draws its band; one Ctrl+Z takes it away again
    bands = win.annotations.bands
    assert [p.name for p, _lo, _hi in bands.periods()] == ["Early years"]
    win.timeline.setFocus()
    qtbot.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.periods() == [] and bands.periods() == []


def test_a_note_and_an_importance_for_every_selected_row_each_one_undo_step(qtbot, db_path: Path) -> None:
    win = show_window(qtbot, db_path)
    ids = _select_rows_by_shift_click(qtbot, win, 0, 3)
    store = win.session.annotations
    win.bulk_edit.actions["bulk_note"].trigger()
    dialog = _dialog(qtbot, "bulkNoteDialog")
    dialog.setTextValue("Check against the Minsk archives")
    dialog.accept()
    assert all([n.body for n in store.notes_for(i)] == ["Check against the Minsk archives"] for i in ids)
    assert win.statusBar().currentMessage() == f"Add a note to {len(ids)} events."
    win.bulk_edit.actions["bulk_importance"].trigger()
    importance = _dialog(qtbot, "bulkImportanceDialog")
    russia = importance.boxes["russia"]
    russia.setFocus()
    qtbot.keyClicks(russia, "high")  # a combo box picks the item typed
    assert russia.currentText() == "high"
    importance.accept()
    assert {store.assessment_for(i).russia for i in ids} == {"high"}  # type: ignore[union-attr]
    win.timeline.setFocus()
    qtbot.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(store.assessment_for(i) is None for i in ids)
    qtbot.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(store.notes_for(i) == [] for i in ids)

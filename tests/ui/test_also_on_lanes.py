"""Edit > Also on Lanes… with the keyboard alone: the event is then drawn in both lanes, its details say
so, and one Ctrl+Z takes it off again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget
from window_helpers import show_main_window

EVENT = "minsk-moves-and-shrinks-airbase-plan"  # on security only


@pytest.fixture
def window(qtbot, undated_db: Path):
    from explorer.app import MainWindow

    win = show_main_window(qtbot, MainWindow(undated_db))
    qtbot.waitUntil(lambda: not win.timeline.layout_pending())
    return win


def _lanes_dialog(qtbot):
    found: list = []

    def ready() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "alsoOnLanesDialog"]
        return bool(found) and found[0].isVisible()

    qtbot.waitUntil(ready, timeout=3000)
    return found[0]


def _drawn_on(window, track: str) -> bool:
    tl, cols = window.timeline, window.session.columns
    item = tl.lane_item(track)
    return cols.index_of(EVENT) in set(item.data.rows.tolist())


def test_the_keyboard_puts_an_event_also_on_another_lane_and_ctrl_z_takes_it_off(qtbot, window) -> None:
    window.session.set_selection([EVENT])
    window.timeline.setFocus()
    assert not _drawn_on(window, "foreign")
    qtbot.keyClick(
        window.timeline, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = _lanes_dialog(qtbot)
    lanes = dialog.findChild(QListWidget, "lanesList")
    qtbot.waitUntil(lambda: lanes.hasFocus())
    names = [lanes.item(r).text() for r in range(lanes.count())]
    security = lanes.item(names.index("National security"))
    assert security.checkState() == Qt.CheckState.Checked and not security.flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.keyClick(lanes, Qt.Key.Key_Home)
    for _ in range(len(names)):
        if lanes.currentItem().text() == "Foreign policy":
            break
        qtbot.keyClick(lanes, Qt.Key.Key_Down)
    qtbot.keyClick(lanes, Qt.Key.Key_Space)
    assert lanes.currentItem().checkState() == Qt.CheckState.Checked
    qtbot.keyClick(lanes, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _drawn_on(window, "foreign"), timeout=3000)
    assert (
        _drawn_on(window, "security")
        and window.session.columns.shared[window.session.columns.index_of(EVENT)]
    )
    assert window.statusBar().currentMessage() == "Put 1 event also on “Foreign policy”."
    assert window.session.selection() == [EVENT], "the selection survives the redraw"
    qtbot.waitUntil(lambda: "also on ■ Foreign policy" in window.detail.text())
    window.activateWindow()  # the offscreen platform does not hand activation back when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not _drawn_on(window, "foreign"), timeout=3000)
    assert _drawn_on(window, "security")


def test_the_details_and_the_tables_context_menus_offer_it(qtbot, window) -> None:
    from PySide6.QtCore import QPoint

    window.session.set_selection([EVENT])
    qtbot.waitUntil(lambda: bool(window.detail.text()))
    details = [a.text() for a in window.detail.context_menu(QPoint(5, 5)).actions()]
    assert "Also on Lane&s…" in details
    table = [a.text() for a in window.bulk_edit.context_menu(QPoint(-1, -1)).actions()]
    assert "Also on Lane&s…" in table
    assert window.menu_actions["also_on_lanes"].isEnabled()
    window.session.set_selection([])
    assert not window.menu_actions["also_on_lanes"].isEnabled(), "nothing selected: nothing to place"

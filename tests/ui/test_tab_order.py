"""Tab walks the window in reading order — search field, timeline, event table, details — and never
moves focus into a panel nobody can see (a dock behind another tab)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit


def focus(window):
    w = QApplication.focusWidget()
    assert w is not None, "focus went nowhere"
    return w


def on_screen(window, w) -> bool:
    top_left = w.mapTo(window, QPoint(0, 0))
    return w.isVisible() and window.rect().intersects(QRect(top_left, w.size()))


def tab(qtbot, window, backwards: bool = False) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(focus(window), Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, mods)


def test_tab_goes_from_the_search_field_to_the_timeline_table_and_details(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.findChild(QLineEdit, "searchField")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    for expected in (window.timeline, window.table, window.detail.browser):
        tab(qtbot, window)
        assert focus(window) is expected, f"Tab went to {focus(window).objectName()!r}"
    tab(qtbot, window, backwards=True)
    assert focus(window) is window.table
    tab(qtbot, window, backwards=True)
    tab(qtbot, window, backwards=True)
    assert focus(window) is field


def test_tab_never_lands_on_a_hidden_panel(qtbot, window):
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.timeline)
    visited = []
    for _ in range(40):
        tab(qtbot, window)
        w = focus(window)
        visited.append(w.objectName() or type(w).__name__)
        assert on_screen(window, w), f"Tab moved focus to {visited[-1]}, which is not on screen"
    assert "timelineView" in visited, "Tab comes round to the timeline again"

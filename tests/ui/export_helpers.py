"""Acting as a person for the export and import tests: rubber bands, shortcuts, open dialogs."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import settle

W = TypeVar("W", bound=QWidget)


def rubber_band(
    qtbot, window, lane: str = "foreign", start: str = "1988-01-01", end: str = "2012-01-01"
) -> list[str]:
    """Shift-drag across the middle third of a lane, at the positions the view reports; the selection."""
    tl = window.timeline
    window.zoom_to(start, end)
    settle(qtbot)
    frame = tl.lane_item(lane).current_frame()
    left, right = tl.viewbox_px()
    x0, x1 = left + (right - left) * 0.3, left + (right - left) * 0.6
    y0, y1 = frame.top + 4, frame.top + frame.height - 4
    vp = tl.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, shift, QPoint(round(x0), round(y0)))
    for t in (0.1, 0.4, 0.7, 1.0):
        qtbot.mouseMove(vp, QPoint(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t)))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, shift, QPoint(round(x1), round(y1)))
    settle(qtbot)
    return window.selected_event_ids()


def press_shortcut(qtbot, window, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """Type a shortcut into the focused timeline of an active window."""
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.timeline, key, modifiers)


def open_dialog(qtbot, window, cls: type[W]) -> W:
    """The dialog of this class the window just opened, once it is shown."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(cls)))
    return next(d for d in window.findChildren(cls) if d.isVisible())

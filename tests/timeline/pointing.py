"""Helpers for clicking what the timeline draws: show a window, settle the layout, list drawn events, click,
turn the wheel."""

from __future__ import annotations

from pathlib import Path

from input_helpers import wheel  # noqa: F401 (the suites' wheel, offered here with the rest)
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip


class Paints(QObject):
    """Counts the paint events a widget receives (`n`), once installed as its event filter."""

    n = 0

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if ev.type() == QEvent.Type.Paint:
            self.n += 1
        return False


def watch_paints(widget) -> Paints:
    """A paint counter installed on a widget."""
    paints = Paints()
    widget.installEventFilter(paints)
    return paints


def settle(qtbot, timeline) -> None:
    """Wait until the lanes are sized for the present zoom (they follow it once it rests)."""
    qtbot.waitUntil(lambda: not timeline.layout_pending(), timeout=3000)


def zoom(qtbot, timeline, start, end) -> None:
    """Show a range and wait for the lanes to follow."""
    timeline.zoom_to(start, end)
    settle(qtbot, timeline)


def drawn_events(timeline) -> list[str]:
    """Every event laid out in detail in a shown lane at the present zoom, lane by lane (an event on
    several lanes once, where it is first drawn)."""
    out: list[str] = []
    for track in timeline.session.visible_lanes():
        item = timeline.lane_item(track)
        frame = item.current_frame() if item is not None else None
        if frame is not None and frame.mode == "detail":
            out.extend(item.event_ids(frame.idx))
    return list(dict.fromkeys(out))


def click(qtbot, timeline, pos: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A real left click on the timeline's viewport."""
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def hover_text(timeline, pos: QPoint) -> str:
    """The tooltip the timeline shows for a pointer resting at a viewport position."""
    QToolTip.hideText()
    vp = timeline.viewport()
    ev = QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos))
    QApplication.sendEvent(vp, ev)
    return QToolTip.text() if QToolTip.isVisible() else ""


def show(qtbot, path: Path, size: tuple[int, int] = (1400, 900)):
    """A MainWindow on a copy of a database, shown at a size and settled."""
    from explorer.app import MainWindow

    win = MainWindow(path)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.timeline.layout_pending())
    return win

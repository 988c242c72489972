"""Real input events the test suites of several folders send (importable from any of them)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QTreeWidget, QWidget


def wheel(widget: QWidget, pos: QPoint, notches: int) -> None:
    """A real wheel turn at a position of a widget (positive: away from the user; negative: towards)."""
    ev = QWheelEvent(
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, ev)


def click_value(qtbot, window, facet: str, value: str) -> None:
    """Click a facet value's row in the Filters dock."""
    panel = window.filters.panel
    item = panel.item_for(facet, value)
    assert item is not None, f"{facet} = {value} is listed"
    tree: QTreeWidget = panel.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    assert rect.isValid()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

"""Showing a main window in a test as the app does (1400x900, exposed, its first layout done), and clicks
that several tests make."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTreeWidget

from explorer.timeline.view import TimelineView


def settle(qtbot, view: TimelineView | None = None) -> None:
    """Wait until the timeline (every open one when none is given) has sized its lanes for the zoom
    it rests at: what a person sees a moment after zooming. A condition, never a fixed sleep."""
    views = (
        [view]
        if view is not None
        else [tl for w in QApplication.topLevelWidgets() for tl in w.findChildren(TimelineView)]
    )
    qtbot.waitUntil(lambda: not any(tl.layout_pending() for tl in views), timeout=5000)


def show_main_window(qtbot, win):
    """Register, size and show a window, wait until it is exposed and has settled; the window."""
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win.timeline)
    return win


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

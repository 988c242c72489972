"""Showing a main window in a test as the app does (1400x900, exposed, its first layout done), and clicks
that several tests make."""

from __future__ import annotations

from input_helpers import click_value  # noqa: F401 (the suites' facet click, offered here with the rest)
from PySide6.QtWidgets import QApplication

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


def show_main_window(qtbot, win, size: tuple[int, int] = (1400, 900)):
    """Register, size and show a window, wait until it is exposed and has settled; the window."""
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win.timeline)
    return win

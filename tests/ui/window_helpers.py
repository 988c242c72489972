"""Showing a main window in a test as the app does: 1400x900, exposed, its first layout done."""

from __future__ import annotations


def show_main_window(qtbot, win, settle_ms: int = 20):
    """Register, size and show a window, wait until it is exposed and has settled; the window."""
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(settle_ms)
    return win

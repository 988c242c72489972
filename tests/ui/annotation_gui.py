"""Helpers for the annotation GUI tests: a small database, a shown window, clicking and reading the db."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser
from window_helpers import show_main_window

NAM = "nam-accession"
UNION = "union-state-1999"
REFERENDUM = "referendum-2022"


def show_window(qtbot, db: object):
    """A shown MainWindow (no saved settings) on a path or a Session."""
    from explorer.app import MainWindow

    win = show_main_window(qtbot, MainWindow(db, restore=False, persist=False))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def rows(path: Path, sql: str, *params: object) -> list[tuple]:
    """Rows read with a separate connection, as another program would see them."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def anchor_point(browser: QTextBrowser, href: str):
    """The viewport point over the first link with this href in a QTextBrowser, None if there is none."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position() + max(1, frag.length() // 2))
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    return None


def click_anchor(qtbot, browser: QTextBrowser, href: str) -> None:
    """Click the link with this href in a QTextBrowser, where it is drawn."""
    pos = anchor_point(browser, href)
    assert pos is not None, f"no link {href} in the text"
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def press(
    qtbot, window, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key with focus away from any text field (on the timeline), as a window shortcut."""
    # a dialog that was shown and closed may still deactivate the window when the offscreen
    # platform gets round to it: let that happen, then make the window active again
    QApplication.processEvents()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.timeline.setFocus()
    QApplication.processEvents()
    assert window.timeline.hasFocus()
    qtbot.keyClick(window.timeline, key, modifiers)


def active_dialog(qtbot, cls: type):
    """The open dialog of a class (dialogs open window-modal without blocking)."""
    found: list = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=3000)
    return found[0]

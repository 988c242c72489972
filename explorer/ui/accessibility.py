"""Names for the buttons Qt draws inside line edits, so a screen reader says "Clear" rather than nothing.

Listed last in `explorer.ui.main_window.EXTENSION_MODULES`, so it sees every field the other features
built. Buttons the app makes itself carry their own accessible names where they are made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QWidget

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

#: The objectName Qt gives the action behind a line edit's clear button.
CLEAR_ACTION = "_q_qlineeditclearaction"


def name_clear_buttons(root: QWidget) -> int:
    """Give every line edit's clear button under `root` a name; how many were named."""
    named = 0
    for field in root.findChildren(QLineEdit):
        for action in field.findChildren(QAction):
            if action.objectName() == CLEAR_ACTION and not action.text():
                action.setText("Clear")
                action.setToolTip("Clear the field")
                named += 1
    return named


def install(window: MainWindow) -> None:
    """Name the clear buttons of the window's fields."""
    name_clear_buttons(window)

"""Names for the buttons Qt draws inside line edits, so a screen reader says "Clear" rather than nothing;
a visible focus ring for flat buttons (explorer.ui.focus_ring); the first focus on the timeline.

The window calls `name_clear_buttons` after building every feature, so it sees every field they built.
Buttons the app makes itself carry their own accessible names where they are made.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

#: The objectName Qt gives the action behind a line edit's clear button.
CLEAR_ACTION = "_q_qlineeditclearaction"


def name_field_buttons(field: QLineEdit, names: dict[str, str] | None = None) -> int:
    """Name the icon buttons inside one line edit: its clear button, and others by action objectName."""
    wanted = {CLEAR_ACTION: "Clear", **(names or {})}
    named = 0
    for button in field.findChildren(QToolButton):
        action = button.defaultAction()
        name = wanted.get(action.objectName()) if action is not None else None
        # the name goes on the button, not the action: an action's text would widen the icon button
        if name and not button.accessibleName():
            button.setAccessibleName(name)
            named += 1
    return named


def name_clear_buttons(root: QWidget) -> int:
    """Give every line edit's clear button under `root` a name; how many were named."""
    return sum(name_field_buttons(field) for field in root.findChildren(QLineEdit))

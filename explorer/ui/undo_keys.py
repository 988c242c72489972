"""Ctrl+Z in an annotation field with nothing of its own to undo undoes the last change to annotations.

A line or text edit claims the Undo and Redo keys for its own text even when it has none to take back,
so after tagging an event from the tag field, Ctrl+Z there did nothing at all. `UndoFallThrough` lets
the keys through to Edit > Undo and Redo whenever the field itself has nothing to undo or redo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def _can(field: QWidget, redo: bool) -> bool:
    if isinstance(field, QLineEdit):
        return field.isRedoAvailable() if redo else field.isUndoAvailable()
    if isinstance(field, QPlainTextEdit | QTextEdit):
        doc = field.document()
        return doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    return True


class UndoFallThrough(QObject):
    """An event filter for one text field: its unused Undo/Redo keys go to the window's actions."""

    def __init__(self, field: QWidget) -> None:
        super().__init__(field)
        self.field = field
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse the keys' shortcut override when the field has nothing to undo or redo."""
        if watched is self.field and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            for key, redo in ((QKeySequence.StandardKey.Undo, False), (QKeySequence.StandardKey.Redo, True)):
                if event.matches(key) and not _can(self.field, redo):
                    event.ignore()  # not the field's: the shortcut (Edit > Undo or Redo) takes it
                    return True
        return False

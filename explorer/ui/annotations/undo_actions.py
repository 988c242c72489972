"""Edit > Undo and Redo (defined in ui/actions.py) following the session's Qt-free undo stack.

They behave like QUndoStack.createUndoAction / createRedoAction: the text names the step
("&Undo Add note"), and the action is enabled only when there is a step to take.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from explorer.state.undo import UndoStack


class UndoActions(QObject):
    """Makes an Undo and a Redo action take and name the steps of an UndoStack (a child of `undo`)."""

    def __init__(self, stack: UndoStack, undo: QAction, redo: QAction) -> None:
        super().__init__(undo)
        self.stack, self.undo, self.redo = stack, undo, redo
        self._prefixes = (undo.text() or "&Undo", redo.text() or "&Redo")
        undo.triggered.connect(stack.undo)
        redo.triggered.connect(stack.redo)
        stack.changed.connect(self._on_stack_changed)
        self._on_stack_changed()

    def _on_stack_changed(self) -> None:
        stack = self.stack
        for action, prefix, able, text in (
            (self.undo, self._prefixes[0], stack.can_undo(), stack.undo_text()),
            (self.redo, self._prefixes[1], stack.can_redo(), stack.redo_text()),
        ):
            action.setEnabled(able)
            action.setText(f"{prefix} {text}" if able and text else prefix)

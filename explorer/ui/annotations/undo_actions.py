"""Edit > Undo and Redo as QActions over the session's Qt-free undo stack (explorer.state.undo).

They behave like QUndoStack.createUndoAction / createRedoAction: the text names the step
("&Undo Add note"), and the action is enabled only when there is a step to take.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from explorer.state.undo import UndoStack


class StackAction(QAction):
    """An Undo or Redo action that follows an UndoStack's `changed` signal."""

    def __init__(self, stack: UndoStack, parent: QWidget, prefix: str, redo: bool) -> None:
        super().__init__(prefix, parent)
        self.stack = stack
        self.prefix = prefix
        self.is_redo = redo
        self.triggered.connect(self._on_triggered)
        stack.changed.connect(self._on_stack_changed)
        self._on_stack_changed()

    def _on_triggered(self) -> None:
        if self.is_redo:
            self.stack.redo()
        else:
            self.stack.undo()

    def _on_stack_changed(self) -> None:
        able = self.stack.can_redo() if self.is_redo else self.stack.can_undo()
        text = self.stack.redo_text() if self.is_redo else self.stack.undo_text()
        self.setEnabled(able)
        self.setText(f"{self.prefix} {text}" if able and text else self.prefix)


def undo_action(stack: UndoStack, parent: QWidget, prefix: str = "&Undo") -> QAction:
    """An action that undoes the stack's last step, its text naming the step."""
    return StackAction(stack, parent, prefix, redo=False)


def redo_action(stack: UndoStack, parent: QWidget, prefix: str = "&Redo") -> QAction:
    """An action that redoes the stack's last undone step, its text naming the step."""
    return StackAction(stack, parent, prefix, redo=True)

"""A Qt-free undo stack: commands with a text, undo and redo, and merging.

It follows QUndoStack's rules, so the ui builds Edit > Undo / Redo from it like from a QUndoStack:
`push` runs a command's `redo` and records it (dropping whatever had been undone); a command whose
`merge_key` equals the top command's is folded into it (successive edits of one note are one step).
A bulk edit needs no grouping here: the store records it as one Change, pushed as one command.

Signal: `changed()` after every push, undo, redo or clear (texts and the index may differ).
"""

from __future__ import annotations

from collections.abc import Hashable

from explorer.state.signal import Signal


class UndoCommand:
    """One undoable step; subclasses implement redo and undo, and merge_with when they merge."""

    def __init__(self, text: str = "") -> None:
        self.text = text

    def merge_key(self) -> Hashable | None:
        """Commands with the same non-None key may be folded into one step (see merge_with)."""
        return None

    def merge_with(self, other: UndoCommand) -> bool:
        """Fold a later command into this one; False when they cannot merge."""
        return False

    def redo(self) -> None:
        """Make the change."""

    def undo(self) -> None:
        """Take the change back."""


class UndoStack:
    """Commands that can be undone and redone, at most `limit` of them (0: no limit)."""

    def __init__(self, limit: int = 0) -> None:
        self.changed = Signal("changed")
        self.limit = limit
        self._commands: list[UndoCommand] = []
        self._index = 0  # commands below the index are done, the rest were undone

    # --- reading ---------------------------------------------------------------------------------
    def count(self) -> int:
        """How many steps are recorded (done or undone)."""
        return len(self._commands)

    def index(self) -> int:
        """How many steps are done (the next undo takes back step index - 1)."""
        return self._index

    def text(self, i: int) -> str:
        """The text of step i."""
        return self._commands[i].text

    def can_undo(self) -> bool:
        """True when there is a step to take back."""
        return self._index > 0

    def can_redo(self) -> bool:
        """True when there is an undone step to make again."""
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        """What Undo would take back ('' when nothing)."""
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        """What Redo would make again ('' when nothing)."""
        return self._commands[self._index].text if self.can_redo() else ""

    # --- changing --------------------------------------------------------------------------------
    def push(self, command: UndoCommand) -> None:
        """Do a command and record it (merged into the top step when their merge keys agree)."""
        command.redo()
        del self._commands[self._index :]
        top = self._commands[-1] if self._commands else None
        key = command.merge_key()
        if top is not None and key is not None and top.merge_key() == key and top.merge_with(command):
            pass
        else:
            self._commands.append(command)
            self._trim()
        self._index = len(self._commands)
        self.changed.emit()

    def undo(self) -> None:
        """Take back the last done step (nothing when there is none)."""
        if not self.can_undo():
            return
        self._index -= 1
        self._commands[self._index].undo()
        self.changed.emit()

    def redo(self) -> None:
        """Make the last undone step again (nothing when there is none)."""
        if not self.can_redo():
            return
        self._commands[self._index].redo()
        self._index += 1
        self.changed.emit()

    def clear(self) -> None:
        """Forget every step."""
        self._commands.clear()
        self._index = 0
        self.changed.emit()

    def _trim(self) -> None:
        if self.limit and len(self._commands) > self.limit:
            drop = len(self._commands) - self.limit
            del self._commands[:drop]

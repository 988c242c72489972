"""A Qt-free undo stack: commands with a text, undo and redo, merging, macros and a clean state.

It follows QUndoStack's rules, so the ui builds Edit > Undo / Redo from it like from a QUndoStack:
`push` runs a command's `redo` and records it (dropping whatever had been undone); a command whose
`merge_key` equals the top command's is folded into it (successive edits of one note are one step);
`begin_macro` / `end_macro` group everything pushed in between into one step; `set_clean` marks
the present index as saved.

Signals: `changed()` after every push, undo, redo, clear or macro end (texts and the index may
differ), `cleanChanged(bool)` when the stack reaches or leaves its clean index.
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


class MacroCommand(UndoCommand):
    """Several commands done and undone as one step (a bulk edit, say)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.children: list[UndoCommand] = []

    def redo(self) -> None:
        """Redo every child, first to last."""
        for child in self.children:
            child.redo()

    def undo(self) -> None:
        """Undo every child, last to first."""
        for child in reversed(self.children):
            child.undo()


class UndoStack:
    """Commands that can be undone and redone, at most `limit` of them (0: no limit)."""

    def __init__(self, limit: int = 0) -> None:
        self.changed = Signal("changed")
        self.cleanChanged = Signal("cleanChanged")
        self.limit = limit
        self._commands: list[UndoCommand] = []
        self._index = 0  # commands below the index are done, the rest were undone
        self._clean: int | None = 0
        self._macros: list[MacroCommand] = []

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
        """True when there is a step to take back (never inside a macro)."""
        return self._index > 0 and not self._macros

    def can_redo(self) -> bool:
        """True when there is an undone step to make again (never inside a macro)."""
        return self._index < len(self._commands) and not self._macros

    def undo_text(self) -> str:
        """What Undo would take back ('' when nothing)."""
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        """What Redo would make again ('' when nothing)."""
        return self._commands[self._index].text if self.can_redo() else ""

    def is_clean(self) -> bool:
        """True at the index last marked clean (saved)."""
        return self._clean == self._index

    # --- changing --------------------------------------------------------------------------------
    def push(self, command: UndoCommand) -> None:
        """Do a command and record it (merged into the top step when their merge keys agree)."""
        command.redo()
        if self._macros:
            self._macros[-1].children.append(command)
            return
        was_clean = self.is_clean()
        del self._commands[self._index :]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was undone and is now out of reach
        top = self._commands[-1] if self._commands and self._index != self._clean else None
        key = command.merge_key()
        if top is not None and key is not None and top.merge_key() == key and top.merge_with(command):
            pass
        else:
            self._commands.append(command)
            self._trim()
        self._index = len(self._commands)
        self._changed(was_clean)

    def undo(self) -> None:
        """Take back the last done step (nothing when there is none)."""
        if not self.can_undo():
            return
        was_clean = self.is_clean()
        self._index -= 1
        self._commands[self._index].undo()
        self._changed(was_clean)

    def redo(self) -> None:
        """Make the last undone step again (nothing when there is none)."""
        if not self.can_redo():
            return
        was_clean = self.is_clean()
        self._commands[self._index].redo()
        self._index += 1
        self._changed(was_clean)

    def clear(self) -> None:
        """Forget every step (the present state becomes clean)."""
        was_clean = self.is_clean()
        self._commands.clear()
        self._macros.clear()
        self._index = 0
        self._clean = 0
        self._changed(was_clean)

    def set_clean(self) -> None:
        """Mark the present state as saved."""
        was_clean = self.is_clean()
        self._clean = self._index
        self._changed(was_clean)

    def begin_macro(self, text: str) -> None:
        """Start grouping pushed commands into one step (macros nest)."""
        self._macros.append(MacroCommand(text))

    def end_macro(self) -> None:
        """Finish the innermost group; an outermost one becomes one step (an empty one is dropped)."""
        if not self._macros:
            raise RuntimeError("end_macro() without begin_macro()")
        macro = self._macros.pop()
        if self._macros:
            self._macros[-1].children.append(macro)
            return
        if not macro.children:
            self.changed.emit()
            return
        was_clean = self.is_clean()
        del self._commands[self._index :]
        if self._clean is not None and self._clean > self._index:
            self._clean = None
        self._commands.append(macro)
        self._trim()
        self._index = len(self._commands)
        self._changed(was_clean)

    def _trim(self) -> None:
        if self.limit and len(self._commands) > self.limit:
            drop = len(self._commands) - self.limit
            del self._commands[:drop]
            if self._clean is not None:
                self._clean = self._clean - drop if self._clean >= drop else None

    def _changed(self, was_clean: bool) -> None:
        self.changed.emit()
        if self.is_clean() != was_clean:
            self.cleanChanged.emit(self.is_clean())

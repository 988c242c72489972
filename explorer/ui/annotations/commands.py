"""Undo commands: each wraps one store `Change` and replays it with `AnnotationStore.apply` / `revert`."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from explorer.store.changes import Change

if TYPE_CHECKING:
    from explorer.ui.annotations.edits import AnnotationEdits

#: The QUndoCommand id of commands that may merge (successive edits of one note).
MERGE_ID = 4041


class ChangeCommand(QUndoCommand):
    """One annotation write already made in the store; undo reverts it, redo applies it again."""

    def __init__(self, edits: AnnotationEdits, change: Change, merge_key: Hashable | None = None) -> None:
        super().__init__(change.label)
        self.edits = edits
        self.change = change
        self.merge_key = merge_key
        self._written = True  # the store wrote it before the command was pushed

    def id(self) -> int:
        """MERGE_ID for commands that may merge with the next one of the same key, else -1."""
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Fold a later edit of the same note into this step."""
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        self.change = self.change.merged(other.change)
        return True

    def redo(self) -> None:
        """Apply the change (the first time it is already in the store), then tell the window."""
        if self._written:
            self._written = False
        else:
            self.edits.store.apply(self.change)
        self.edits.notify(self.change)

    def undo(self) -> None:
        """Bring back the state before the change, then tell the window."""
        self.edits.store.revert(self.change)
        self.edits.notify(self.change)

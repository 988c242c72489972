"""The Qt-free undo stack: QUndoStack's rules for push, undo, redo, merging and a limit."""

from __future__ import annotations

from collections.abc import Hashable

from explorer.state.undo import UndoCommand, UndoStack


class SetText(UndoCommand):
    """Sets one entry of a dict; successive edits of one entry merge (as typing in a note does)."""

    def __init__(self, doc: dict[str, str], key: str, text: str, merge: bool = False) -> None:
        super().__init__(f"edit {key}")
        self.doc, self.key, self.new, self.old = doc, key, text, doc.get(key, "")
        self.merging = merge

    def merge_key(self) -> Hashable | None:
        return self.key if self.merging else None

    def merge_with(self, other: UndoCommand) -> bool:
        assert isinstance(other, SetText)
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc[self.key] = self.new

    def undo(self) -> None:
        self.doc[self.key] = self.old


def test_push_does_the_command_and_undo_and_redo_walk_the_steps() -> None:
    doc: dict[str, str] = {}
    stack = UndoStack()
    indexes: list[int] = []
    stack.changed.connect(lambda: indexes.append(stack.index()))
    stack.push(SetText(doc, "a", "one"))
    stack.push(SetText(doc, "b", "two"))
    assert doc == {"a": "one", "b": "two"} and stack.count() == 2 and stack.undo_text() == "edit b"
    stack.undo()
    assert doc == {"a": "one", "b": ""} and stack.redo_text() == "edit b"
    stack.redo()
    assert doc["b"] == "two" and not stack.can_redo()
    assert indexes == [1, 2, 1, 2]


def test_a_push_after_an_undo_drops_the_undone_steps() -> None:
    doc: dict[str, str] = {}
    stack = UndoStack()
    stack.push(SetText(doc, "a", "one"))
    stack.push(SetText(doc, "b", "two"))
    stack.undo()
    stack.push(SetText(doc, "c", "three"))
    assert stack.count() == 2 and not stack.can_redo() and stack.undo_text() == "edit c"


def test_successive_edits_of_one_entry_are_one_step_and_undo_goes_back_before_the_first() -> None:
    doc = {"note": "draft"}
    stack = UndoStack()
    for text in ("d", "dr", "dra"):
        stack.push(SetText(doc, "note", text, merge=True))
    stack.push(SetText(doc, "other", "x", merge=True))
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert doc == {"note": "draft", "other": ""}


def test_a_limit_forgets_the_oldest_steps() -> None:
    doc: dict[str, str] = {}
    stack = UndoStack(limit=2)
    for key in "abc":
        stack.push(SetText(doc, key, key.upper()))
    assert stack.count() == 2 and [stack.text(i) for i in range(2)] == ["edit b", "edit c"]
    for _ in range(3):
        stack.undo()
    assert doc == {"a": "A", "b": "", "c": ""}, "the forgotten first step cannot be undone"

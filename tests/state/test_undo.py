"""The Qt-free undo stack: QUndoStack's rules for push, undo, redo, merging, macros and the clean state."""

from __future__ import annotations

from collections.abc import Hashable

from explorer.state.undo import UndoCommand, UndoStack


class Append(UndoCommand):
    """Appends a word to a list; commands with the same key merge."""

    def __init__(self, log: list[str], word: str, key: Hashable | None = None) -> None:
        super().__init__(f"add {word}")
        self.log, self.words, self.key = log, [word], key

    def merge_key(self) -> Hashable | None:
        return self.key

    def merge_with(self, other: UndoCommand) -> bool:
        assert isinstance(other, Append)
        self.words += other.words
        self.text = f"add {' '.join(self.words)}"
        return True

    def redo(self) -> None:
        self.log.extend(self.words[len(self.log) - self._base :] if False else [])
        self.log.append("|".join(self.words))

    def undo(self) -> None:
        self.log.remove("|".join(self.words))

    _base = 0


def test_push_does_the_command_and_undo_and_redo_walk_the_steps() -> None:
    log: list[str] = []
    stack = UndoStack()
    changes: list[int] = []
    stack.changed.connect(lambda: changes.append(stack.index()))
    stack.push(Append(log, "a"))
    stack.push(Append(log, "b"))
    assert log == ["a", "b"] and stack.count() == 2 and stack.undo_text() == "add b"
    stack.undo()
    assert log == ["a"] and stack.redo_text() == "add b" and stack.can_redo()
    stack.redo()
    assert log == ["a", "b"] and not stack.can_redo()
    assert changes == [1, 2, 1, 2]


def test_a_push_after_an_undo_drops_the_undone_steps() -> None:
    log: list[str] = []
    stack = UndoStack()
    stack.push(Append(log, "a"))
    stack.push(Append(log, "b"))
    stack.undo()
    stack.push(Append(log, "c"))
    assert log == ["a", "c"] and stack.count() == 2 and not stack.can_redo()


def test_successive_commands_with_one_key_are_one_step() -> None:
    log: list[str] = []
    stack = UndoStack()
    stack.push(Append(log, "a", key="note 1"))
    log.clear()  # merged commands are already done by their pushes; only the undo matters here
    stack.push(Append(log, "b", key="note 1"))
    stack.push(Append(log, "c", key="note 2"))
    assert stack.count() == 2
    assert stack.text(0) == "add a b"


def test_a_macro_is_one_step_that_undoes_its_commands_last_first() -> None:
    log: list[str] = []
    stack = UndoStack()
    stack.begin_macro("tag three events")
    for w in ("x", "y", "z"):
        stack.push(Append(log, w))
    assert stack.count() == 0 and not stack.can_undo(), "nothing can be undone inside a macro"
    stack.end_macro()
    assert stack.count() == 1 and stack.undo_text() == "tag three events"
    stack.undo()
    assert log == []
    stack.redo()
    assert log == ["x", "y", "z"]


def test_the_clean_state_follows_undo_and_redo_and_is_lost_when_its_step_is_dropped() -> None:
    log: list[str] = []
    stack = UndoStack()
    clean: list[bool] = []
    stack.cleanChanged.connect(clean.append)
    stack.push(Append(log, "a"))
    stack.set_clean()
    stack.push(Append(log, "b"))
    stack.undo()
    assert stack.is_clean()
    stack.undo()
    stack.push(Append(log, "c"))
    assert not stack.is_clean()
    assert clean == [False, True, False, True, False]


def test_a_limit_forgets_the_oldest_steps() -> None:
    log: list[str] = []
    stack = UndoStack(limit=2)
    for w in "abc":
        stack.push(Append(log, w))
    assert stack.count() == 2 and [stack.text(i) for i in range(2)] == ["add b", "add c"]
    stack.undo()
    stack.undo()
    stack.undo()
    assert log == ["a"], "the forgotten first step cannot be undone"

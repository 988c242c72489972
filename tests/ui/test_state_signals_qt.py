"""State signals reaching Qt widgets: a deleted widget's slot is skipped, qtbot.waitSignal works."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from explorer.state import Session


class Counter(QLabel):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.calls = 0
        session.selectionChanged.connect(self._on_session_selection_changed)

    def _on_session_selection_changed(self, ids: list) -> None:
        self.calls += 1
        self.setText(", ".join(ids))


def test_a_widget_deleted_on_the_cpp_side_is_skipped_not_called(qapp, make_db) -> None:
    session = Session.open(make_db([("a", "2014", "foreign", "A"), ("b", "2015", "foreign", "B")]))
    kept = Counter(session)
    gone = Counter(session)
    shiboken6.delete(gone)  # the Python wrapper lives on; calling setText on it would raise
    session.set_selection(["a"])
    assert kept.text() == "a" and gone.calls == 0
    assert session.selectionChanged.receivers() == 1, "the dead connection was dropped"
    session.close()


def test_qtbot_waits_for_a_state_signal_emitted_from_the_event_loop(qtbot, make_db) -> None:
    session = Session.open(make_db([("a", "2014", "foreign", "A")]))
    with qtbot.waitSignal(session.selectionChanged, timeout=3000) as blocker:
        QTimer.singleShot(0, lambda: session.set_selection(["a"]))
    assert blocker.args == [["a"]]
    session.close()


def test_undo_and_redo_actions_name_the_step_and_are_enabled_only_when_there_is_one(qtbot) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from explorer.state.undo import UndoCommand, UndoStack
    from explorer.ui.annotations.undo_actions import UndoActions

    done: list[str] = []

    class Step(UndoCommand):
        def redo(self) -> None:
            done.append(self.text)

        def undo(self) -> None:
            done.remove(self.text)

    parent = QWidget()
    qtbot.addWidget(parent)
    stack = UndoStack()
    undo, redo = QAction("&Undo", parent), QAction("&Redo", parent)
    follower = UndoActions(stack, undo, redo)
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == ("&Undo", False, False)
    stack.push(Step("Add note"))
    assert (undo.text(), undo.isEnabled()) == ("&Undo Add note", True)
    undo.trigger()
    assert done == [] and (redo.text(), redo.isEnabled(), undo.isEnabled()) == ("&Redo Add note", True, False)
    redo.trigger()
    assert done == ["Add note"] and follower.parent() is undo


def test_a_failing_slot_reaches_pytest_qt_and_the_state_change_completes(qtbot, make_db) -> None:
    session = Session.open(make_db([("a", "2014", "foreign", "A")]))

    def broken(_ids: list) -> None:
        raise ValueError("slot failed")

    session.selectionChanged.connect(broken)
    with qtbot.capture_exceptions() as exceptions:
        session.set_selection(["a"])
    assert [str(e[1]) for e in exceptions] == ["slot failed"]
    assert session.current() == "a", "the emitter went on, as after a failing Qt slot"
    session.close()

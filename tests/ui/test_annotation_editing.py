"""Writing notes, tagging, flagging and rating in the detail panel, with undo and redo from the keyboard."""

from __future__ import annotations

import pytest
from annotation_gui import NAM, UNION, click_anchor, press, rows, show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QToolButton

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def db(tmp_path):
    return make_corpus(tmp_path / "small.db")


@pytest.fixture
def win(qtbot, db):
    w = show_window(qtbot, db)
    w.select_events([NAM])
    return w


def notes(db):
    return rows(db, "SELECT id, event_id, body, created, modified FROM notes ORDER BY id")


def type_note(qtbot, win, text: str) -> QPlainTextEdit:
    editor = win.findChild(QPlainTextEdit, "noteEditor")
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor, text)
    return editor


def test_a_typed_note_is_saved_after_a_pause_as_one_undo_step(qtbot, win, db):
    editor = type_note(qtbot, win, "Check the date")
    assert notes(db) == [], "nothing is written while typing"
    qtbot.waitUntil(lambda: len(notes(db)) == 1, timeout=3000)
    qtbot.keyClicks(editor, " in the archives")
    press(qtbot, win, Qt.Key.Key_Escape)  # focus leaves the editor: the rest is saved
    assert notes(db)[0][1:3] == (NAM, "Check the date in the archives")
    stack = win.session.annotations.undo_stack
    assert stack.count() == 1, "successive edits of one note are one undo step"
    assert win.menu_actions.menus["edit"].actions()[0].text() == "&Undo Add note"


def test_undo_and_redo_from_the_keyboard_replay_the_note_exactly(qtbot, win, db):
    type_note(qtbot, win, "First thoughts")
    press(qtbot, win, Qt.Key.Key_Escape)
    saved = notes(db)
    assert len(saved) == 1
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert notes(db) == []
    assert win.findChild(QPlainTextEdit, "noteEditor").toPlainText() == "", (
        "the editor lets go of the undone note"
    )
    press(qtbot, win, Qt.Key.Key_Z, Ctrl | Shift)
    assert notes(db) == saved, "redo brings back the same id, text and times"
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    press(qtbot, win, Qt.Key.Key_Y, Ctrl)
    assert notes(db) == saved


def test_ctrl_enter_finishes_a_note_and_the_next_one_is_new(qtbot, win, db):
    editor = type_note(qtbot, win, "One")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    assert editor.toPlainText() == ""
    qtbot.keyClicks(editor, "Two")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    assert [n[2] for n in notes(db)] == ["One", "Two"]
    assert win.session.annotations.undo_stack.count() == 2


def test_a_note_is_rendered_as_markdown_with_html_escaped(qtbot, win, db):
    editor = type_note(qtbot, win, "**bold** <b>raw</b>")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    view = win.annotations.panel.notes.view
    html = view.toHtml()
    assert "font-weight" in html and "bold" in view.toPlainText()
    assert "<b>raw</b>" in view.toPlainText(), "raw HTML is shown as text"


def test_editing_an_existing_note_changes_it_and_undo_restores_the_old_text(qtbot, win, db):
    editor = type_note(qtbot, win, "Old text")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    note_id = notes(db)[0][0]
    click_anchor(qtbot, win.annotations.panel.notes.view, f"note-edit:{note_id}")
    assert editor.toPlainText() == "Old text"
    editor.selectAll()
    qtbot.keyClicks(editor, "New text")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    assert notes(db)[0][2] == "New text"
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert notes(db)[0][2] == "Old text"


def test_undo_of_a_delete_restores_the_same_note(qtbot, win, db):
    editor = type_note(qtbot, win, "Keep me")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    before = notes(db)
    click_anchor(qtbot, win.annotations.panel.notes.view, f"note-delete:{before[0][0]}")
    assert notes(db) == []
    assert win.menu_actions.menus["edit"].actions()[0].text() == "&Undo Delete note"
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert notes(db) == before
    assert "Keep me" in win.annotations.panel.notes.view.toPlainText()


def test_a_tag_typed_and_entered_is_added_and_completed_next_time(qtbot, win, db):
    box = win.annotations.panel.tags
    qtbot.mouseClick(box.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box.edit, "neutrality")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert rows(db, "SELECT event_id, tag FROM event_tags") == [(NAM, "neutrality")]
    assert box.tag_names() == ["neutrality"] and box.edit.text() == ""
    win.select_events([UNION])
    assert "neutrality" in box.completion_model.stringList(), "existing tags are offered"
    qtbot.keyClicks(box.edit, "Neutr")
    box.completer.setCompletionPrefix("Neutr")
    assert box.completer.currentCompletion() == "neutrality"
    box.edit.clear()
    qtbot.keyClicks(box.edit, "NEUTRALITY")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert sorted(rows(db, "SELECT event_id, tag FROM event_tags")) == [
        (NAM, "neutrality"),
        (UNION, "neutrality"),
    ]
    assert rows(db, "SELECT count(*) FROM tags") == [(1,)], "an existing tag is matched ignoring case"


def test_removing_a_tag_by_its_chip_and_undo(qtbot, win, db):
    box = win.annotations.panel.tags
    qtbot.keyClicks(box.edit, "treaty")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    chip = box.chips[0]
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT tag FROM event_tags") == []
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert rows(db, "SELECT tag FROM event_tags") == [("treaty",)]
    assert box.tag_names() == ["treaty"]


def test_a_tag_colour_is_changed_with_the_colour_dialog(qtbot, win, db, monkeypatch):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    box = win.annotations.panel.tags
    qtbot.keyClicks(box.edit, "urgent")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    qtbot.mouseClick(box.chips[0].color_button, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT color FROM tags WHERE name = 'urgent'") == [("#123456",)]
    assert box.chips[0].color == "#123456"


def test_flag_stars_and_own_importance_are_saved_and_undone(qtbot, win, db):
    flag = win.findChild(QToolButton, "flagButton")
    qtbot.mouseClick(flag, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT flagged, stars FROM assessments WHERE event_id = ?", NAM) == [(1, 0)]
    qtbot.mouseClick(win.findChild(QToolButton, "star4"), Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT flagged, stars FROM assessments") == [(1, 4)]
    combo = win.findChild(QComboBox, "importance_russia")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # "—" -> "low", as a person using the keyboard
    assert rows(db, "SELECT russia FROM assessments") == [("low",)]
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert rows(db, "SELECT russia FROM assessments") == [(None,)]
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert rows(db, "SELECT * FROM assessments") == []
    assert not flag.isChecked() and flag.text().endswith("Flag")
    press(qtbot, win, Qt.Key.Key_Z, Ctrl | Shift)
    assert flag.isChecked()


def test_clicking_the_set_star_again_clears_the_stars(qtbot, win, db):
    star = win.findChild(QToolButton, "star2")
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT stars FROM assessments") == []


def test_the_flag_shortcut_flags_the_event_in_focus(qtbot, win, db):
    press(qtbot, win, Qt.Key.Key_G, Ctrl | Shift)
    assert rows(db, "SELECT event_id, flagged FROM assessments") == [(NAM, 1)]
    assert win.menu_actions.menus["edit"].actions()[0].text() == "&Undo Flag event"


def test_the_paper_rating_is_shown_beside_your_own(qtbot, db_path):
    win = show_window(qtbot, db_path)
    cols = win.session.columns
    rated = next(e for e in cols.ids.tolist() if win.session.events.get(e).importance is not None)
    win.select_events([rated])
    box = win.annotations.panel.assessment
    word = win.session.events.get(rated).importance.belarus
    assert word in box.paper_labels["belarus"].text()
    assert box.combos["belarus"].currentText() == "—"


def test_closing_the_window_while_typing_keeps_the_note(qtbot, win, db):
    type_note(qtbot, win, "Half a thought")
    win.close()
    assert [n[2] for n in notes(db)] == ["Half a thought"]
    assert win.session.closed


def test_undo_from_the_menu_while_typing_keeps_the_text_being_typed(qtbot, win, db):
    editor = type_note(qtbot, win, "Saved part")
    qtbot.waitUntil(lambda: len(notes(db)) == 1, timeout=3000)
    qtbot.keyClicks(editor, " and more")
    win.annotations.undo_action.trigger()  # Edit > Undo with the mouse
    assert notes(db) == []
    assert editor.toPlainText() == "Saved part and more", "what is being typed is not thrown away"
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    assert [n[2] for n in notes(db)] == ["Saved part and more"]


def test_tags_separated_by_commas_are_added_together(qtbot, win, db):
    box = win.annotations.panel.tags
    qtbot.keyClicks(box.edit, "one, two ,three")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert sorted(r[0] for r in rows(db, "SELECT tag FROM event_tags")) == ["one", "three", "two"]

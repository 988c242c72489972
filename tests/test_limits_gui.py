"""The limits in the window: the note editor and the tag field refuse what `annotate` refuses, with the
same sentence, and the largest accepted event is shown in a form that stays quick (a long note cut with
"more", 200 tags as 40 chips and a button for the rest)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QToolButton

from explorer.model.limits import MAX_NOTE, MAX_TAG, MAX_TAGS_PER_EVENT
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.ui.annotations.note_html import PREVIEW_CHARS
from explorer.ui.annotations.tag_box import SHOWN_TAGS

NAM = "nam-accession"


def show(qtbot, path: Path):
    from explorer.app import MainWindow

    win = MainWindow(path, restore=False, persist=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.select_events([NAM])
    return win


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_a_pasted_note_over_the_limit_is_refused_in_a_sentence_and_kept(qtbot, tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "mine.db")
    win = show(qtbot, path)
    editor = win.findChild(QPlainTextEdit, "noteEditor")
    status = win.findChild(QLabel, "noteStatus")
    text = "n" * (MAX_NOTE + 1)
    QApplication.clipboard().setText(text)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # finish: save now
    sentence = f"The note has {MAX_NOTE + 1:,} characters; at most {MAX_NOTE:,} are allowed."
    assert status.text() == f"Not saved: {sentence}"
    assert win.statusBar().currentMessage() == sentence
    assert editor.toPlainText() == text, "finishing a refused note keeps its text"
    assert count(path, "SELECT count(*) FROM notes") == 0
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert count(path, "SELECT max(length(body)) FROM notes") == MAX_NOTE


def test_the_tag_field_refuses_a_long_tag_and_the_tag_after_the_most(qtbot, tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "mine.db")
    db = open_database(path)
    store = AnnotationStore(db)
    for i in range(MAX_TAGS_PER_EVENT - 1):
        store.add_tag(NAM, f"tag{i:03d}")
    db.close()
    win = show(qtbot, path)
    box = win.annotations.panel.tags
    qtbot.mouseClick(box.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box.edit, "g" * (MAX_TAG + 1))
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert (
        win.statusBar().currentMessage() == f"The tag name “{'g' * 30}…” is longer than {MAX_TAG} characters."
    )
    box.edit.clear()
    qtbot.keyClicks(box.edit, "the last one")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert count(path, f"SELECT count(*) FROM event_tags WHERE event_id = '{NAM}'") == MAX_TAGS_PER_EVENT
    qtbot.keyClicks(box.edit, "one too many")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert win.statusBar().currentMessage() == (
        f"“one too many” was not added: the event would have {MAX_TAGS_PER_EVENT + 1} tags; "
        f"at most {MAX_TAGS_PER_EVENT} are allowed on one event."
    )
    assert count(path, f"SELECT count(*) FROM event_tags WHERE event_id = '{NAM}'") == MAX_TAGS_PER_EVENT


def test_the_largest_event_shows_some_chips_and_the_start_of_a_long_note(qtbot, tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "mine.db")
    db = open_database(path)
    store = AnnotationStore(db)
    for i in range(MAX_TAGS_PER_EVENT):
        store.add_tag(NAM, f"{i:03d}" + "t" * (MAX_TAG - 3))
    body = ("word " * (MAX_NOTE // 5))[:MAX_NOTE]
    store.add_note(NAM, body)
    db.close()
    win = show(qtbot, path)
    box = win.annotations.panel.tags
    assert len(box.tag_names()) == SHOWN_TAGS
    more = win.findChild(QToolButton, "moreTagsButton")
    assert more.isVisible() and more.text() == f"+ {MAX_TAGS_PER_EVENT - SHOWN_TAGS} more"
    chip_label = box.chips[0].findChild(QLabel, "tagName")
    assert chip_label.text().endswith("…") and len(chip_label.text()) < MAX_TAG
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(box.tag_names()) == MAX_TAGS_PER_EVENT and not more.isVisible()
    notes = win.annotations.panel.notes
    shown = notes.view.toPlainText()
    assert len(shown) < PREVIEW_CHARS + 200
    assert "more characters; Edit shows the whole note." in shown
    win.select_events(["union-state-1999"])
    win.select_events([NAM])
    assert len(box.tag_names()) == SHOWN_TAGS, "another event starts with the short list again"
    note_id = notes.notes()[0].id
    notes.edit_note(note_id)
    assert notes.editor.toPlainText() == body, "Edit opens the whole note"


def test_many_long_notes_show_short_previews_after_the_first_few(qtbot, tmp_path: Path) -> None:
    from explorer.ui.annotations.note_html import SHORT_PREVIEW, TOTAL_PREVIEW_CHARS

    path = make_corpus(tmp_path / "mine.db")
    db = open_database(path)
    store = AnnotationStore(db)
    for i in range(20):
        store.add_note(NAM, f"note{i:02d} " + "word " * 2000)
    db.close()
    win = show(qtbot, path)
    shown = win.annotations.panel.notes.view.toPlainText()
    assert all(f"note{i:02d}" in shown for i in range(20)), "every note is listed"
    assert shown.count("more characters; Edit shows the whole note.") == 20
    assert len(shown) < TOTAL_PREVIEW_CHARS + 20 * (SHORT_PREVIEW + 120)

"""A full disk in the window: the note editor keeps the typed text and says so in one sentence (no
"did not expect" dialog), and an export of any format says so too and leaves no file behind."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPlainTextEdit

from explorer.resources import bundled_db
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore

NAM = "nam-accession"


def show(qtbot, path: Path):
    from explorer.app import MainWindow

    win = MainWindow(path, restore=False, persist=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def notes(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT event_id, body FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


def no_message_box() -> bool:
    return not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_note_typed_while_the_disk_is_full_stays_in_the_editor_with_one_sentence(
    qtbot, tmp_path: Path
) -> None:
    path = make_corpus(tmp_path / "mine.db")
    db = open_database(path)
    AnnotationStore(db).add_note(NAM, "an earlier note")
    db.close()
    win = show(qtbot, path)
    win.select_events([NAM])
    session_db = win.session._db
    session_db.execute("VACUUM")  # no free pages left to reuse: the next page needed is one too many
    pages = session_db.execute("PRAGMA page_count").fetchone()[0]
    session_db.execute(f"PRAGMA max_page_count = {pages}")
    editor = win.findChild(QPlainTextEdit, "noteEditor")
    status = win.findChild(QLabel, "noteStatus")
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    text = "Longer than a page of the database, so it needs a new one. " * 75
    qtbot.keyClicks(editor, text)
    qtbot.waitUntil(lambda: status.text().startswith("Not saved"), timeout=5000)
    sentence = f"The disk is full: could not write {path}; nothing was changed."
    assert status.text() == f"Not saved: {sentence}"
    assert win.statusBar().currentMessage() == sentence
    assert no_message_box(), "no 'did not expect' dialog"
    assert editor.toPlainText() == text, "the typed text is kept"
    assert notes(path) == [(NAM, "an earlier note")]
    # room again: the next pause in typing saves the whole text
    session_db.execute("PRAGMA max_page_count = 1073741823")
    qtbot.keyClicks(editor, "!")
    qtbot.waitUntil(lambda: len(notes(path)) == 2, timeout=5000)
    assert notes(path)[1] == (NAM, text + "!")
    assert not status.text().startswith("Not saved")


def test_switching_events_with_an_unsaved_note_puts_its_text_on_the_clipboard(qtbot, tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "mine.db")
    win = show(qtbot, path)
    win.select_events([NAM])
    win.session._db.execute("VACUUM")
    pages = win.session._db.execute("PRAGMA page_count").fetchone()[0]
    win.session._db.execute(f"PRAGMA max_page_count = {pages}")
    editor = win.findChild(QPlainTextEdit, "noteEditor")
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    text = "Words that must not be lost when the disk is full. " * 90
    qtbot.keyClicks(editor, text)
    win.select_events(["union-state-1999"])
    assert QApplication.clipboard().text() == text
    assert win.statusBar().currentMessage().endswith("The note's text was copied to the clipboard.")
    assert notes(path) == []


@pytest.fixture
def corpus_window(qtbot, tmp_path: Path):
    if not bundled_db().exists():
        pytest.skip("the bundled corpus database is not built")
    path = tmp_path / "corpus.db"
    shutil.copyfile(bundled_db(), path)
    return show(qtbot, path)


@pytest.mark.parametrize("fmt", ["json", "csv", "sqlite", "png", "svg"])
def test_an_export_to_a_full_disk_says_so_and_leaves_the_earlier_file(
    fmt: str, qtbot, corpus_window, tmp_path: Path, monkeypatch, full_disk_for_files, full_database
) -> None:
    from explorer.ui.dialogs.export_dialog import ExportDialog
    from explorer.ui.export_jobs import format_extension

    win = corpus_window
    out = tmp_path / "out" / f"export{format_extension(fmt)}"
    out.parent.mkdir()
    out.write_bytes(b"the earlier export")
    full_database(suffix=".part", pages=58)
    said: list[str] = []
    monkeypatch.setattr(
        "explorer.ui.dialogs.export_dialog.show_error", lambda parent, text: said.append(text)
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    win.select_events([str(e) for e in win.session.columns.ids[:40]])
    win.activateWindow()
    win.timeline.setFocus()
    qtbot.keyClick(win.timeline, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(ExportDialog)))
    dialog = next(d for d in win.findChildren(ExportDialog) if d.isVisible())
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert said == [
        f"The disk is full: could not write {out}; nothing was written and any earlier file there is unchanged."
    ]
    assert dialog.isVisible(), "the dialog stays open to choose another place"
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    assert out.read_bytes() == b"the earlier export"
    dialog.reject()  # before the window and its database close: the preview timer reads the database
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_an_import_into_a_full_workspace_says_so_in_the_dialog_and_writes_nothing(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from explorer.ui.dialogs.import_dialog import ImportDialog

    path = make_corpus(tmp_path / "mine.db")
    win = show(qtbot, path)
    source = tmp_path / "many.csv"
    source.write_text(
        "title,date,summary\n"
        + "".join(f"Event {i},2015-01-{i % 28 + 1:02d},{'words ' * 40}\n" for i in range(300))
    )
    before = sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0]
    win.session._db.execute("VACUUM")
    pages = win.session._db.execute("PRAGMA page_count").fetchone()[0]
    win.session._db.execute(f"PRAGMA max_page_count = {pages}")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    win.menu_actions["import_events"].trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(ImportDialog)))
    dialog = next(d for d in win.findChildren(ImportDialog) if d.isVisible())
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.status.text() == f"The disk is full: could not write {path}; nothing of many.csv was imported."
    )
    assert no_message_box()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0] == before
    dialog.reject()


def test_a_full_disk_that_reaches_the_event_loop_is_worded_not_unexpected(capsys, monkeypatch) -> None:
    """The safety net under every GUI action: an OSError or SQLite error is one sentence, not 'did not expect'."""
    import errno

    from explorer.ui import errors

    monkeypatch.setattr(errors, "_dialogs", False)
    cases = [
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/out.csv"),
            "The disk is full: could not write /data/out.csv; nothing was changed.",
        ),
        (
            sqlite3.OperationalError("database or disk is full"),
            "The disk is full: could not write the database; nothing was changed.",
        ),
        (
            sqlite3.OperationalError("database is locked"),
            "The database is busy: another program (perhaps a running import) is writing to it; "
            "try again when it has finished (nothing was changed).",
        ),
    ]
    for exc, sentence in cases:
        errors._excepthook(type(exc), exc, None)
        assert capsys.readouterr().err == sentence + "\n"
    exc = ValueError("odd")
    errors._excepthook(ValueError, exc, None)
    assert "did not expect" in capsys.readouterr().err, "other errors still go to the generic sentence"

"""File > Share > Undo Import takes a colleague's merged annotations back, never the user's later work."""

from __future__ import annotations

import shutil

from annotation_gui import NAM, show_window
from annotation_helpers import make_corpus
from PySide6.QtWidgets import QFileDialog, QMessageBox
from test_sharing_gui import _alices_file, _click_menu_path


def _import_alice(qtbot, tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "small.db")
    share = _alices_file(tmp_path, corpus)
    bob = tmp_path / "bob.db"
    shutil.copyfile(corpus, bob)
    win = show_window(qtbot, bob)
    win.select_events([NAM])
    win.session.annotations.add_note(NAM, "Bob's own reading")
    view = win.annotations.panel.notes.view
    assert not win.sharing.undo_import_action.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(share), ""))
    _click_menu_path(qtbot, win, "File", "Share", "Import Annotations…")
    qtbot.waitUntil(lambda: "Alice checked the archives" in view.toPlainText(), timeout=3000)
    return win, view


def test_undo_import_from_the_share_menu_removes_the_colleagues_notes_and_keeps_the_users(
    qtbot, tmp_path, monkeypatch
):
    win, view = _import_alice(qtbot, tmp_path, monkeypatch)
    _click_menu_path(qtbot, win, "File", "Share", "Undo Import of alice.ndjson")
    qtbot.waitUntil(lambda: "Alice checked the archives" not in view.toPlainText(), timeout=3000)
    assert "Bob's own reading" in view.toPlainText()
    assert [n.body for n in win.session.annotations.notes_for(NAM)] == ["Bob's own reading"]
    assert win.statusBar().currentMessage().startswith("The import was undone")
    assert not win.sharing.undo_import_action.isEnabled()


def test_undo_import_is_refused_once_the_user_has_annotated_since(qtbot, tmp_path, monkeypatch):
    win, view = _import_alice(qtbot, tmp_path, monkeypatch)
    win.session.annotations.add_note(NAM, "written after the import")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    _click_menu_path(qtbot, win, "File", "Share", "Undo Import of alice.ndjson")
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    assert said[0].startswith(
        "Annotations changed after the import, so undoing it would lose them; the backup "
    )
    bodies = sorted(n.body for n in win.session.annotations.notes_for(NAM))
    assert bodies == ["Alice checked the **archives**", "Bob's own reading", "written after the import"]

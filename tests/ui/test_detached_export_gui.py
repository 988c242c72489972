"""View > Detached Annotations > Export writes a share file that `neutrality share import` reads back."""

from __future__ import annotations

import shutil
import sqlite3

from annotation_gui import show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from test_sharing_gui import _click_menu_path

from explorer.cli import main
from explorer.store import open_database
from explorer.ui.sharing.detached import DetachedDialog

Left = Qt.MouseButton.LeftButton


def test_export_from_the_detached_view_writes_a_share_file_that_share_import_reads(
    qtbot, tmp_path, monkeypatch, capsys
):
    corpus = make_corpus(tmp_path / "small.db")
    bob = tmp_path / "bob.db"
    shutil.copyfile(corpus, bob)
    open_database(corpus).conn.close()  # brought to the current schema before notes are put in by hand
    conn = sqlite3.connect(corpus)
    conn.executemany(
        "INSERT INTO notes (event_id, body, created, modified, author) VALUES (?, ?, '1', '1', ?)",
        [("renamed-long-ago", "kept for years", "Alice"), ("gone-too", "mine as well", "Carol")],
    )
    conn.commit()
    conn.close()
    win = show_window(qtbot, corpus)
    _click_menu_path(qtbot, win, "View", "Detached Annotations…")
    dialog = win.findChild(DetachedDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    out = tmp_path / "detached.ndjson"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.findChild(QPushButton, "exportDetached"), Left)
    assert dialog.status.text().startswith(f"2 detached annotations written to {out} ")
    assert main(["share", "import", str(out), "--db", str(bob)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("2 notes from Alice and Carol added, 0 updated, 0 removed; 2 on events this")
    assert "gone-too" in said and "renamed-long-ago" in said
    rows = open_database(bob).execute("SELECT event_id, body, author FROM notes ORDER BY author").fetchall()
    assert rows == [("renamed-long-ago", "kept for years", "Alice"), ("gone-too", "mine as well", "Carol")]

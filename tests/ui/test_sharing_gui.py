"""File > Share and Edit > Preferences, driven through the menus as a user would."""

from __future__ import annotations

import shutil

from annotation_gui import NAM, anchor_point, show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from explorer.formats.share_format import write_share
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.authorship import set_local_author
from explorer.store.sharing import author_changes

Left = Qt.MouseButton.LeftButton


def _alices_file(tmp_path, corpus):
    """Alice's share file: one note on NAM, written from her own copy of the database."""
    copy = tmp_path / "alice.db"
    shutil.copyfile(corpus, copy)
    db = open_database(copy)
    set_local_author(db, "Alice")
    AnnotationStore(db).add_note(NAM, "Alice checked the **archives**")
    path = tmp_path / "alice.ndjson"
    write_share(path, "Alice", None, "2026-01-01T00:00:00.000Z", author_changes(db))
    db.conn.close()
    return path


def _click_menu_path(qtbot, win, *texts: str) -> None:
    """Open the menu bar's menu and submenus by clicking each item where it is drawn."""
    bar = win.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "") == texts[0])
    qtbot.mouseClick(bar, Left, pos=bar.actionGeometry(top).center())
    menu: QMenu = top.menu()
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    for text in texts[1:]:
        item = next(a for a in menu.actions() if a.text().replace("&", "") == text)
        qtbot.mouseClick(menu, Left, pos=menu.actionGeometry(item).center())
        if item.menu() is not None:
            menu = item.menu()
            qtbot.waitUntil(menu.isVisible, timeout=3000)


def test_importing_a_colleagues_file_from_the_share_menu_shows_her_name_on_her_note(
    qtbot, tmp_path, monkeypatch
):
    corpus = make_corpus(tmp_path / "small.db")
    share = _alices_file(tmp_path, corpus)
    bob = tmp_path / "bob.db"
    shutil.copyfile(corpus, bob)
    win = show_window(qtbot, bob)
    win.select_events([NAM])
    win.session.annotations.add_note(NAM, "Bob's own reading")
    view = win.annotations.panel.notes.view
    assert "Alice" not in view.toPlainText()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(share), ""))
    _click_menu_path(qtbot, win, "File", "Share", "Import Annotations…")
    qtbot.waitUntil(lambda: "Alice checked the archives" in view.toPlainText(), timeout=3000)
    text = view.toPlainText()
    assert "Alice ·" in text and "Bob's own reading" in text
    box = win.findChild(QMessageBox, "shareReport")
    assert box is not None and box.text() == "1 note from Alice added, 0 updated, 0 removed."
    # Alice's note is hers: no Edit or Delete link on it; Bob's own keeps them
    alice_note, bob_note = sorted(win.session.annotations.notes_for(NAM), key=lambda n: n.author)
    assert anchor_point(view, f"note-edit:{alice_note.id}") is None
    assert anchor_point(view, f"note-edit:{bob_note.id}") is not None
    assert len(win.session.columns) == len(open_database(corpus).execute("SELECT id FROM events").fetchall())


def test_the_name_chosen_in_preferences_goes_on_the_users_notes(qtbot, tmp_path, monkeypatch):
    from explorer.ui.sharing.preferences import PreferencesDialog

    win = show_window(qtbot, make_corpus(tmp_path / "small.db"))
    win.select_events([NAM])
    win.session.annotations.add_note(NAM, "mine")

    def choose(dialog: PreferencesDialog) -> int:
        dialog.author.selectAll()
        qtbot.keyClicks(dialog.author, "Bob Brown")
        return PreferencesDialog.DialogCode.Accepted

    monkeypatch.setattr(PreferencesDialog, "exec", choose)
    _click_menu_path(qtbot, win, "Edit", "Preferences…")
    view = win.annotations.panel.notes.view
    qtbot.waitUntil(lambda: "Bob Brown ·" in view.toPlainText(), timeout=3000)
    assert win.settings.value("sharing/author") == "Bob Brown"


def test_detached_annotations_are_listed_and_reattached_to_the_selected_event(qtbot, tmp_path):
    import sqlite3

    from PySide6.QtWidgets import QPushButton, QTreeWidget

    from explorer.ui.sharing.detached import DetachedDialog

    corpus = make_corpus(tmp_path / "small.db")
    open_database(corpus).conn.close()  # brought to the current schema before a note is put in by hand
    conn = sqlite3.connect(corpus)
    conn.execute(
        "INSERT INTO notes (event_id, body, created, modified) VALUES ('renamed-long-ago', 'kept for years', '1', '1')"
    )
    conn.commit()
    conn.close()
    win = show_window(qtbot, corpus)
    _click_menu_path(qtbot, win, "View", "Detached Annotations…")
    dialog = win.findChild(DetachedDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    tree = dialog.findChild(QTreeWidget, "detachedList")
    item = tree.topLevelItem(0)
    assert tree.topLevelItemCount() == 1 and (item.text(0), item.text(1)) == ("renamed-long-ago", "1 note")
    button = dialog.findChild(QPushButton, "reattachButton")
    qtbot.mouseClick(tree.viewport(), Left, pos=tree.visualItemRect(item).center())
    assert not button.isEnabled(), "no event is selected in the window yet"
    win.select_events([NAM])
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    qtbot.mouseClick(button, Left)
    assert tree.topLevelItemCount() == 0
    view = win.annotations.panel.notes.view
    qtbot.waitUntil(lambda: "kept for years" in view.toPlainText(), timeout=3000)


def test_a_dataset_is_removed_from_file_datasets_and_undo_brings_it_back(qtbot, tmp_path):
    from PySide6.QtWidgets import QPushButton, QTreeWidget

    from explorer.formats.importer import import_file
    from explorer.ui.dialogs.datasets_dialog import DatasetsDialog

    corpus = make_corpus(tmp_path / "small.db")
    csv = tmp_path / "protests.csv"
    csv.write_text(
        "id,title,date,track\np-1,March,2020-08-09,Protests\np-2,Strike,2020-10,Protests\n", "utf-8"
    )
    db = open_database(corpus)
    import_file(db, csv)
    db.conn.close()
    win = show_window(qtbot, corpus)
    n = len(win.session.columns)
    _click_menu_path(qtbot, win, "File", "Datasets…")
    dialog = win.findChild(DatasetsDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    tree = dialog.findChild(QTreeWidget, "datasetList")
    item = tree.topLevelItem(0)
    assert (item.text(0), item.text(2), item.text(3)) == ("protests.csv", "2", "1")
    qtbot.mouseClick(tree.viewport(), Left, pos=tree.visualItemRect(item).center())
    qtbot.mouseClick(dialog.findChild(QPushButton, "removeDataset"), Left)
    assert len(win.session.columns) == n - 2 and "Protests" not in [t.name for t in win.session.tracks]
    assert tree.topLevelItemCount() == 0 and "a backup was made first" in dialog.status.text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "undoRemoveDataset"), Left)
    assert len(win.session.columns) == n and "Protests" in [t.name for t in win.session.tracks]
    assert tree.topLevelItemCount() == 1 and dialog.status.text() == "protests.csv is back with its 2 events."


def test_opening_a_window_whose_author_is_already_remembered_writes_no_settings(qtbot, tmp_path):
    """The settings are only written when the name changes, so an unchanged file is not rewritten
    during the window's first paint (QSettings writes back on the next turn of the loop)."""
    from PySide6.QtCore import QSettings

    from explorer.app import MainWindow

    class Recording(QSettings):
        """Settings that remember which keys were written."""

        written: list[str]

        def setValue(self, key: str, value: object) -> None:  # noqa: N802 (Qt's name)
            self.written.append(key)
            super().setValue(key, value)

    db = make_corpus(tmp_path / "small.db")
    settings = Recording(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.written = []
    first = MainWindow(db, settings=settings, restore=False, persist=False)
    qtbot.addWidget(first)
    assert first.sharing is not None  # (built after the first paint, or when asked for as here)
    assert settings.written == ["sharing/author"]  # the workspace's name, kept for the next start
    name = settings.value("sharing/author")
    first.close()
    settings.written = []
    second = MainWindow(db, settings=settings, restore=False, persist=False)
    qtbot.addWidget(second)
    assert second.sharing is not None
    assert settings.written == []
    assert second.session.sharing.author() == name

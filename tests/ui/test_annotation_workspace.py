"""The workspace in the window: everything survives closing and reopening, start-up, backups, File menu."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from annotation_gui import NAM, active_dialog, press, rows, show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton, QToolButton

from explorer import paths
from explorer.state import Session
from explorer.store.lock import InstanceLock
from explorer.store.workspace import start_workspace

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def workspace_window(qtbot):
    return show_window(qtbot, Session.from_workspace(start_workspace()))


def test_everything_annotated_is_there_after_closing_and_reopening_the_workspace(qtbot):
    from explorer.ui.annotations.link_dialog import LinkDialog
    from explorer.ui.annotations.period_dialog import PeriodDialog

    win = workspace_window(qtbot)
    first, second = (str(e) for e in win.session.columns.ids[:2])
    win.select_events([first])
    editor = win.findChild(QPlainTextEdit, "noteEditor")
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor, "A note that must survive")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Ctrl)
    tags = win.annotations.panel.tags
    qtbot.keyClicks(tags.edit, "keep")
    qtbot.keyClick(tags.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(win.findChild(QToolButton, "flagButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.findChild(QToolButton, "star3"), Qt.MouseButton.LeftButton)
    win.annotations.actions["new_period"].trigger()
    period = active_dialog(qtbot, PeriodDialog)
    qtbot.keyClicks(period.name, "my period")
    qtbot.mouseClick(period.ok, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.findChild(QPushButton, "addLinkButton"), Qt.MouseButton.LeftButton)
    link = active_dialog(qtbot, LinkDialog)
    qtbot.keyClicks(link.search, second)
    qtbot.waitUntil(lambda: link.chosen() == second, timeout=2000)
    qtbot.mouseClick(link.ok, Qt.MouseButton.LeftButton)
    path = win.session.path
    win.close()
    assert win.session.closed
    with InstanceLock(path):  # the lock was released
        pass
    from explorer.store.backup import list_backups

    assert list_backups(), "closing a changed workspace backs it up"

    again = workspace_window(qtbot)
    again.select_events([first])
    panel = again.annotations.panel
    assert "A note that must survive" in panel.notes.view.toPlainText()
    assert panel.tags.tag_names() == ["keep"]
    assert again.findChild(QToolButton, "flagButton").isChecked()
    assert panel.assessment.stars_label.text() == "3 of 5"
    assert [p.name for p in again.annotations.periods.periods()] == ["my period"]
    assert panel.links.other_ids() == [second]
    again.close()


@pytest.fixture
def captured(monkeypatch):
    """Sentences shown with QMessageBox.critical instead of a real dialog."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: said.append(text))
    return said


def test_the_app_opens_the_workspace_by_default(qtbot, monkeypatch):
    from explorer import app

    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    assert app.main([]) == 0
    try:
        windows = [
            w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()
        ]
        assert len(windows) == 1
        session = windows[0].session
        assert session.workspace is not None and session.path == paths.workspace_path()
        assert not session.readonly
    finally:
        QApplication.closeAllWindows()
    assert session.closed


def test_a_second_instance_on_the_workspace_says_so_in_one_sentence(qtbot, captured):
    from explorer import app
    from explorer.store.workspace import ensure_workspace

    with InstanceLock(ensure_workspace()):
        assert app.main([]) == 1
    assert len(captured) == 1 and "already open" in captured[0] and "\n" not in captured[0]


def test_a_damaged_workspace_is_restored_from_its_newest_backup(qtbot, monkeypatch):
    from explorer.ui.workspace import startup

    ws = start_workspace()
    event_id = ws.db.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    Session.from_workspace(ws).annotations.add_note(event_id, "backed up")
    ws.close()
    paths.workspace_path().write_bytes(b"garbage" * 1000)
    asked: list[str] = []

    def answer(exc, parent=None):
        asked.append(str(exc))
        return startup.RESTORE

    monkeypatch.setattr(startup, "ask_damaged", answer)
    session = startup.open_workspace_session()
    assert session is not None and "damaged" in asked[0]
    assert [n.body for n in session.annotations.notes_for(event_id)] == ["backed up"]
    session.close()


def test_a_damaged_workspace_can_start_fresh(qtbot, monkeypatch):
    from explorer.ui.workspace import startup

    start_workspace().close()
    paths.workspace_path().write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(startup, "ask_damaged", lambda exc, parent=None: startup.FRESH)
    session = startup.open_workspace_session()
    assert session is not None and len(session.columns) > 100
    assert list(paths.user_data_dir().glob("workspace.db.corrupt-*")), "the damaged file is kept aside"
    session.close()


def test_start_notices_are_shown_once_without_blocking(qtbot):
    from explorer.store.recovery import marker_path

    start_workspace().close()
    marker_path(paths.workspace_path()).write_text("999999\n")  # as if the last session crashed
    from explorer.app import MainWindow

    win = MainWindow(Session.from_workspace(start_workspace()), restore=False, persist=False)
    qtbot.addWidget(win)
    win.show()
    box = active_dialog(qtbot, QMessageBox)
    assert box.objectName() == "workspaceNotices" and not box.isModal()
    assert "checked" in box.text()
    assert win.session.workspace.notices == []
    box.close()
    win.close()


def test_backups_are_made_every_few_minutes_only_when_something_changed(qtbot, tmp_path):
    from explorer.store.backup import list_backups

    db = make_corpus(tmp_path / "small.db")
    win = show_window(qtbot, db)
    keeper = win.workspace.backups
    assert keeper.timer.isActive() and keeper.timer.interval() == 5 * 60 * 1000
    keeper.timer.timeout.emit()
    assert list_backups(stem="small") == []
    win.session.annotations.toggle_flag(NAM)
    keeper.timer.timeout.emit()
    keeper.timer.timeout.emit()
    assert len(list_backups(stem="small")) == 1


def test_save_a_copy_and_open_it_from_the_recent_list(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    db = make_corpus(tmp_path / "small.db")
    win = show_window(qtbot, db)
    win.workspace.files.persist = True  # remember recent files in the test's own settings
    win.session.annotations.add_note(NAM, "in the copy too")
    target = tmp_path / "copy.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.menu_actions["save_copy"].trigger()
    assert rows(target, "SELECT body FROM notes") == [("in the copy too",)]
    menu = win.workspace.files.recent_menu
    menu.aboutToShow.emit()
    names = [a.text() for a in menu.actions()]
    assert any("copy.db" in n for n in names)
    next(a for a in menu.actions() if "copy.db" in a.text()).trigger()
    opened = [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "mainWindow" and w.isVisible() and w.session.path.resolve() == target.resolve()
    ]
    assert len(opened) == 1
    opened[0].close()


def shown_windows_on(path):
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "mainWindow" and w.isVisible() and w.session.path.resolve() == path.resolve()
    ]


def test_file_open_raises_the_window_that_has_the_database_and_opens_another_in_a_new_one(
    qtbot, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    db, other = make_corpus(tmp_path / "small.db"), make_corpus(tmp_path / "other.db")
    win = show_window(qtbot, db)
    chosen = [db]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen[0]), ""))
    press(qtbot, win, Qt.Key.Key_O, Ctrl)  # File > Open Database…
    assert shown_windows_on(db) == [win], "the open window is raised, not a second one made"
    chosen[0] = other
    press(qtbot, win, Qt.Key.Key_O, Ctrl)
    qtbot.waitUntil(lambda: len(shown_windows_on(other)) == 1, timeout=5000)
    shown_windows_on(other)[0].close()


def test_restoring_a_backup_reopens_the_window_on_the_old_state(qtbot, tmp_path):
    from explorer.ui.workspace.backups import RestoreBackupDialog

    db = make_corpus(tmp_path / "small.db")
    win = show_window(qtbot, db)
    win.session.annotations.add_note(NAM, "before the backup")
    assert win.workspace.backups.backup_if_changed() is not None
    win.session.annotations.add_note(NAM, "after the backup")
    win.menu_actions["restore_backup"].trigger()
    dialog = active_dialog(qtbot, RestoreBackupDialog)
    assert dialog.tree.topLevelItemCount() == 1 and dialog.tree.topLevelItem(0).text(3) == "1"
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.session.closed and not win.isVisible(), timeout=3000)
    new = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    assert len(new) == 1
    qtbot.addWidget(new[0])
    assert [n.body for n in new[0].session.annotations.notes_for(NAM)] == ["before the backup"]
    assert list(tmp_path.glob("small.db.before-restore-*")), "the replaced file is kept aside"


def test_a_new_database_is_empty_with_the_same_lanes_or_a_copy_of_the_corpus(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from explorer.ui.workspace import file_actions

    db = make_corpus(tmp_path / "small.db")
    win = show_window(qtbot, db)
    for kind, name in ((file_actions.EMPTY, "empty.db"), (file_actions.CORPUS, "corpus.db")):
        monkeypatch.setattr(file_actions.FileActions, "ask_kind", lambda self, k=kind: k)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, n=name, **k: (str(tmp_path / n), ""))
        win.menu_actions["new_database"].trigger()
    opened = {
        w.session.path.name: w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "mainWindow" and w.isVisible()
    }
    assert len(opened["empty.db"].session.columns) == 0
    assert [t.id for t in opened["empty.db"].session.tracks] == ["foreign", "security"]
    assert len(opened["corpus.db"].session.columns) > 100
    for name in ("empty.db", "corpus.db"):
        opened[name].close()


def test_a_screenshot_without_a_database_reads_the_workspace_without_writing_it(tmp_path, isolated_home):
    start_workspace().close()
    ws = paths.workspace_path()
    before = (ws.stat().st_mtime_ns, ws.read_bytes())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEUTRALITY_EXPLORER_HOME=str(isolated_home))
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "--screenshot", str(tmp_path / "s.png"), "--size", "800x600"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "s.png").exists()
    assert (ws.stat().st_mtime_ns, ws.read_bytes()) == before
    assert not ws.with_name("workspace.db.lock").exists()

"""File menu commands for databases: New, Open Recent, Save a Copy As and Restore from Backup."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from explorer.state import Session
from explorer.state.files import CORPUS, EMPTY, create_database
from explorer.store import StoreError
from explorer.store.backup import list_backups, restore_backup
from explorer.store.workspace import start_workspace
from explorer.ui.actions import ActionSpec
from explorer.ui.errors import show_error
from explorer.ui.folders import last_folder, remember_folder
from explorer.ui.settings import read_json, write_json
from explorer.ui.workspace.backups import RestoreBackupDialog

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

Key = QKeySequence.StandardKey
RECENT_KEY = "recent/files"
MAX_RECENT = 10
FILTER = "Databases (*.db *.sqlite);;All files (*)"

FILE_ACTIONS = (
    ActionSpec(
        "new_database",
        "&New Database…",
        "file",
        "open",
        Key.New,
        "Make a new database: empty or a copy of the corpus",
    ),
    ActionSpec(
        "save_copy",
        "Save a &Copy As…",
        "file",
        "open",
        Key.SaveAs,
        "Save a complete copy of this database under another name",
    ),
    ActionSpec(
        "restore_backup",
        "Restore from &Backup…",
        "file",
        "open",
        None,
        "Go back to one of the automatic backups",
    ),
)


def recent_files(settings: QSettings) -> list[Path]:
    """The recently opened databases that still exist, newest first."""
    found = [Path(p) for p in read_json(settings, RECENT_KEY, []) or [] if isinstance(p, str)]
    return [p for p in found if p.exists()]


def remember(settings: QSettings, path: Path) -> None:
    """Put a database at the top of the recent list (missing ones are pruned)."""
    keep = [p for p in recent_files(settings) if p.resolve() != path.resolve()]
    write_json(settings, RECENT_KEY, [str(p) for p in [path.resolve(), *keep][:MAX_RECENT]])


class FileActions(QObject):
    """The database commands of one window's File menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("fileActions")
        self.window = window
        actions = window.menu_actions
        self.actions = {spec.name: actions.add(spec) for spec in FILE_ACTIONS}
        file_menu = actions.menus.get("file")
        if file_menu is not None and "open" in actions:
            file_menu.insertAction(actions["open"], self.actions["new_database"])
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        actions.add_to_section("file", "open", self.recent_menu)
        if file_menu is not None:
            file_menu.insertMenu(self.actions["save_copy"], self.recent_menu)
        self.actions["new_database"].triggered.connect(self.new_database)
        self.actions["save_copy"].triggered.connect(self.save_copy)
        self.actions["restore_backup"].triggered.connect(self.restore_from_backup)
        self.actions["restore_backup"].setEnabled(not window.session.readonly)
        path = window.session.path
        if path is not None and path.exists() and window._persist:
            remember(window.settings, path)

    # --- opening -----------------------------------------------------------------------------------
    def open_window(self, path: Path) -> MainWindow | None:
        """Show a database in a window (raising the one that has it already)."""
        from explorer.ui.main_window import MainWindow

        for w in QApplication.topLevelWidgets():
            if (
                isinstance(w, MainWindow)
                and w.session.path is not None
                and w.session.path.resolve() == path.resolve()
                and not w.session.closed
            ):
                w.raise_()
                w.activateWindow()
                return w
        try:
            window = MainWindow(path, settings=self.window.settings)
        except StoreError as exc:
            show_error(self.window, str(exc))
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self.window.settings)
        for i, path in enumerate(files, start=1):
            act = self.recent_menu.addAction(f"&{i % 10}  {path.name}")
            act.setToolTip(str(path))
            act.setStatusTip(str(path))
            act.triggered.connect(lambda _=False, p=path: self.open_window(p))
        if not files:
            self.recent_menu.addAction("No recent databases").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear List", lambda: write_json(self.window.settings, RECENT_KEY, []))

    # --- new and save ----------------------------------------------------------------------------------
    def ask_kind(self) -> str | None:
        """Ask whether the new database starts empty or as a copy of the corpus."""
        box = QMessageBox(self.window)
        box.setWindowTitle("New Database")
        box.setText("Start the new database empty, or as a fresh copy of the corpus?")
        box.setInformativeText("An empty database has the same lanes; import events into it later.")
        empty = box.addButton("Empty", QMessageBox.ButtonRole.AcceptRole)
        corpus = box.addButton("Copy of the Corpus", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {empty: EMPTY, corpus: CORPUS}.get(box.clickedButton())

    def new_database(self) -> MainWindow | None:
        """Ask what kind and where, make the database and open it in a new window."""
        kind = self.ask_kind()
        if kind is None:
            return None
        target, _ = QFileDialog.getSaveFileName(
            self.window, "New Database", str(self._folder() / "untitled.db"), FILTER
        )
        if not target:
            return None
        path = Path(target).with_suffix(".db") if not Path(target).suffix else Path(target)
        try:
            create_database(path, kind, self.window.session)
        except (StoreError, OSError) as exc:
            show_error(self.window, f"Cannot make {path}: {exc}")
            return None
        return self.open_window(path)

    def save_copy(self) -> Path | None:
        """Save a complete copy of the open database (SQLite's backup API) under a name the user picks."""
        s = self.window.session
        stem = s.path.stem if s.path else "database"
        target, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save a Copy As",
            str(Path(last_folder(self.window.settings, "backups", self._folder())) / f"{stem}-copy.db"),
            FILTER,
        )
        if not target:
            return None
        try:
            saved = s.save_copy(Path(target))
        except StoreError as exc:
            show_error(self.window, str(exc))
            return None
        remember(self.window.settings, saved)
        remember_folder(self.window.settings, "backups", saved)
        self.window.statusBar().showMessage(f"Saved a copy as {saved}.", 8000)
        return saved

    def _folder(self) -> Path:
        path = self.window.session.path
        return path.parent if path is not None and path.parent.exists() else Path.home()

    # --- restoring -------------------------------------------------------------------------------------
    def restore_from_backup(self) -> RestoreBackupDialog | None:
        """Open the list of backups (window-modal, not blocking); restoring reopens the window."""
        s = self.window.session
        if s.path is None or s.readonly:
            return None
        dialog = RestoreBackupDialog(list_backups(stem=s.path.stem), s.path, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_restore_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def _on_restore_dialog_accepted(self, dialog: RestoreBackupDialog) -> None:
        chosen = dialog.chosen()
        if chosen is not None:
            self.restore(chosen)

    def restore(self, backup: Path) -> MainWindow | None:
        """Close the database, put the backup in its place (the old file kept aside), reopen in a new window."""
        from explorer.ui.main_window import MainWindow

        old = self.window
        s = old.session
        assert s.path is not None
        path, was_workspace = s.path, s.workspace is not None
        if old._persist:
            old.save_settings()
        s.close()
        problem = None
        try:
            restore_backup(backup, path)
        except StoreError as exc:
            problem = str(exc)
        try:
            if was_workspace:
                session = Session.from_workspace(start_workspace(path))
            else:
                session = Session.open(path)
            window = MainWindow(session, settings=old.settings)
        except StoreError as exc:
            show_error(old, str(exc))
            return None
        window.show()
        old.close()
        if problem:
            show_error(window, problem)
        else:
            window.statusBar().showMessage(f"Restored {path.name} from {backup.name}.", 10000)
        return window


__all__ = ["FileActions", "recent_files", "remember"]

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
from explorer.ui.actions import Actions
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


def recent_files(settings: QSettings) -> list[Path]:
    """The recently opened databases that still exist, newest first."""
    found = [Path(p) for p in read_json(settings, RECENT_KEY, []) or [] if isinstance(p, str)]
    return [p for p in found if p.exists()]


def remember(settings: QSettings, path: Path) -> None:
    """Put a database at the top of the recent list (missing ones are pruned)."""
    keep = [p for p in recent_files(settings) if p.resolve() != path.resolve()]
    write_json(settings, RECENT_KEY, [str(p) for p in [path.resolve(), *keep][:MAX_RECENT]])


class FileActions(QObject):
    """The database commands of one window's File menu: Open, New, Open Recent, Save a Copy, Restore."""

    def __init__(
        self, session: Session, actions: Actions, settings: QSettings, persist: bool, window: MainWindow
    ) -> None:
        super().__init__(window)
        self.setObjectName("fileActions")
        self.session = session
        self.settings = settings
        #: Whether this window remembers things in the settings (recent files, its layout).
        self.persist = persist
        self.window = window
        self.actions = {
            name: actions[name] for name in ("open", "new_database", "save_copy", "restore_backup")
        }
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        actions.add_to_section("file", "open", self.recent_menu, before="save_copy")
        self.actions["open"].triggered.connect(self.open_database)
        self.actions["new_database"].triggered.connect(self.new_database)
        self.actions["save_copy"].triggered.connect(self.save_copy)
        self.actions["restore_backup"].triggered.connect(self.restore_from_backup)
        self.actions["restore_backup"].setEnabled(not session.readonly)
        path = session.path
        if path is not None and path.exists() and persist:
            remember(settings, path)

    # --- opening -----------------------------------------------------------------------------------
    def open_database(self) -> MainWindow | None:
        """Ask for a database file and show it (raising the window that has it already)."""
        here = str(self.session.path.parent) if self.session.path else ""
        start = last_folder(self.settings, "open", here)
        path, _ = QFileDialog.getOpenFileName(self.window, "Open Database", start, FILTER)
        if not path:
            return None
        remember_folder(self.settings, "open", path)
        return self.open_window(Path(path))

    def open_window(self, path: Path) -> MainWindow | None:
        """Show a database in a window (raising the one that has it already)."""
        # (imported here: the window module builds this feature, so it cannot be imported at the top)
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
            window = MainWindow(path, settings=self.settings)
        except StoreError as exc:
            show_error(self.window, str(exc))
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self.settings)
        for i, path in enumerate(files, start=1):
            act = self.recent_menu.addAction(f"&{i % 10}  {path.name}")
            act.setToolTip(str(path))
            act.setStatusTip(str(path))
            act.triggered.connect(lambda _=False, p=path: self.open_window(p))
        if not files:
            self.recent_menu.addAction("No recent databases").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear List", lambda: write_json(self.settings, RECENT_KEY, []))

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
        clicked = box.clickedButton()
        return EMPTY if clicked is empty else CORPUS if clicked is corpus else None

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
            create_database(path, kind, self.session)
        except (StoreError, OSError) as exc:
            show_error(self.window, f"Cannot make {path}: {exc}")
            return None
        return self.open_window(path)

    def save_copy(self) -> Path | None:
        """Save a complete copy of the open database (SQLite's backup API) under a name the user picks."""
        s = self.session
        stem = s.path.stem if s.path else "database"
        target, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save a Copy As",
            str(Path(last_folder(self.settings, "backups", self._folder())) / f"{stem}-copy.db"),
            FILTER,
        )
        if not target:
            return None
        try:
            saved = s.save_copy(Path(target))
        except StoreError as exc:
            show_error(self.window, str(exc))
            return None
        remember(self.settings, saved)
        remember_folder(self.settings, "backups", saved)
        self.window.statusBar().showMessage(f"Saved a copy as {saved}.", 8000)
        return saved

    def _folder(self) -> Path:
        path = self.session.path
        return path.parent if path is not None and path.parent.exists() else Path.home()

    # --- restoring -------------------------------------------------------------------------------------
    def restore_from_backup(self) -> RestoreBackupDialog | None:
        """Open the list of backups (window-modal, not blocking); restoring reopens the window."""
        s = self.session
        if s.path is None or s.readonly:
            return None
        from explorer.store.backup import list_backups

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
        from explorer.store.backup import restore_backup
        from explorer.store.workspace import start_workspace  # (with recovery: on first use, not at start)
        from explorer.ui.main_window import MainWindow

        old = self.window
        s = old.session
        assert s.path is not None
        path, was_workspace = s.path, s.workspace is not None
        if self.persist:
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

"""File > Share (export and import annotations, sync the team folder) and Edit > Preferences.

The author's name lives in the app's settings and in the workspace (where the console reads it);
the team folder lives in the workspace, so `neutrality share sync` and the app use the same one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStatusBar, QWidget

from explorer.formats.share_format import read_share
from explorer.formats.team_folder import TeamSync
from explorer.store import StoreError
from explorer.store.atomic import OutputError
from explorer.store.share_undo import MergeUndo
from explorer.store.sharing import MergeReport
from explorer.ui.actions import Actions
from explorer.ui.errors import TITLE

if TYPE_CHECKING:
    from explorer.state import Session

AUTHOR_KEY = "sharing/author"
SHARE_FILTER = "Annotation share files (*.ndjson);;All files (*)"
#: How often the team folder is looked at even when no change was signalled (network drives often
#: send none), and how long after the user's own edit their changes are appended.
PERIODIC_MS = 30_000
AFTER_EDIT_MS = 2_000


class ShareActions(QObject):
    """The Share menu, the Preferences dialog, and the team folder's watcher and timers."""

    def __init__(
        self, session: Session, actions: Actions, settings: QSettings, status: QStatusBar, parent: QWidget
    ) -> None:
        super().__init__(parent)
        window = parent
        self.window = parent
        self.status = status
        self.session = session
        self.settings = settings
        self.last: TeamSync | None = None
        menu = QMenu("S&hare", window)
        menu.setObjectName("shareMenu")
        self.export_action = self._action(menu, "export_annotations", "&Export Annotations…", self._on_export)
        self.import_action = self._action(menu, "import_annotations", "&Import Annotations…", self._on_import)
        self.undo_import_action = self._action(
            menu, "undo_share_import", "&Undo Import", self._on_undo_import
        )
        self.undo_import_action.setEnabled(False)  # until an import: a backup is made before each one
        self.undo: MergeUndo | None = None
        self.sync_action = self._action(menu, "sync_team_folder", "&Sync Team Folder Now", self._on_sync)
        self.menu = menu
        actions.add_to_section("file", "import", menu, before="datasets")
        self.preferences_action = actions["preferences"]
        self.preferences_action.triggered.connect(self._on_preferences)
        self.detached_action = actions["detached_annotations"]
        self.detached_action.triggered.connect(self._on_detached)
        writable = not self.session.readonly
        for act in (self.import_action, self.sync_action):
            act.setEnabled(writable)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        self.watcher.fileChanged.connect(self._on_watcher_changed)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(self.sync_now)
        self.periodic = QTimer(self)
        self.periodic.setInterval(PERIODIC_MS)
        self.periodic.timeout.connect(self.sync_now)
        if writable:
            self._agree_on_author()
            self.session.annotationsChanged.connect(self._on_session_annotations_changed)
            self.session.periodsChanged.connect(self._on_session_annotations_changed)
            self._watch(self.folder())
            if self.folder() is not None:
                QTimer.singleShot(0, self, self.sync_now)

    def _action(self, menu: QMenu, name: str, text: str, slot: object) -> QAction:
        act = QAction(text, self.window)
        act.setObjectName(name)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    # --- author and folder ---------------------------------------------------------------------
    def _agree_on_author(self) -> None:
        """The settings' name wins (it is the user's choice); without one, the workspace's is kept."""
        sharing = self.session.sharing
        chosen = str(self.settings.value(AUTHOR_KEY) or "")
        try:
            if chosen and chosen != sharing.author():
                sharing.set_author(chosen)
            # nothing is written when they agree: opening a workspace must not count as a change (and
            # an unchanged QSettings is not written back to its file during the window's first paint)
            if chosen != sharing.author():
                self.settings.setValue(AUTHOR_KEY, sharing.author())
        except (ValueError, StoreError) as exc:
            self.status.showMessage(str(exc), 10000)

    def folder(self) -> Path | None:
        """The team folder (None when none is set)."""
        return self.session.sharing.folder()

    def _watch(self, folder: Path | None) -> None:
        paths = self.watcher.directories() + self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)
        if folder is None or not folder.is_dir():
            self.periodic.stop()
            return
        self.watcher.addPath(str(folder))
        files = [str(p) for p in folder.glob("*.ndjson")]
        if files:
            self.watcher.addPaths(files)
        self.periodic.start()

    # --- slots ---------------------------------------------------------------------------------
    def _on_preferences(self) -> None:
        sharing = self.session.sharing
        folder = self.folder()
        from explorer.ui.sharing.preferences import PreferencesDialog  # (its first use, not the start)

        dialog = PreferencesDialog(sharing.author(), str(folder or ""), self.window)
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted or self.session.readonly:
            return
        try:
            sharing.set_author(dialog.author.text())
            self.settings.setValue(AUTHOR_KEY, sharing.author())
            text = dialog.folder.text().strip()
            new = Path(text).expanduser() if text else None
            if new is not None and not new.is_dir():
                raise ValueError(f"The team folder {new} does not exist or is not a folder.")
            sharing.set_folder(new.resolve() if new else None)
        except (ValueError, StoreError) as exc:
            QMessageBox.warning(self.window, TITLE, str(exc))
            return
        self._watch(self.folder())
        self.session.annotations.reload_all([])
        if self.folder() is not None:
            self.sync_now()

    def _on_detached(self) -> None:
        from explorer.ui.sharing.detached import DetachedDialog  # (its first use, not the start)

        dialog = DetachedDialog(self.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.detached_dialog = dialog

    def _on_export(self) -> None:
        me = self.session.sharing.author()
        default = str(Path.home() / f"{me}.ndjson")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export Annotations", default, SHARE_FILTER)
        if not path:
            return
        try:
            changes = self.session.sharing.export_own(path)
        except (OutputError, StoreError) as exc:
            QMessageBox.warning(self.window, TITLE, str(exc))
            return
        puts = sum(c.op == "put" for c in changes)
        self.status.showMessage(f"{puts} of your annotations written to {path}.", 15000)

    def _on_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import Annotations", str(Path.home()), SHARE_FILTER
        )
        if not path:
            return
        try:
            read = read_share(Path(path))
        except OSError as exc:
            QMessageBox.warning(self.window, TITLE, f"{path} could not be read ({exc.strerror or exc}).")
            return
        if not read.header:
            QMessageBox.warning(
                self.window, TITLE, read.problems[0] if read.problems else f"{path} is empty."
            )
            return
        try:
            report, undo = self.session.sharing.merge(read.changes)
        except (OSError, StoreError) as exc:
            QMessageBox.warning(self.window, TITLE, str(exc))
            return
        self.undo = undo if report.changed else None
        self.undo_import_action.setEnabled(self.undo is not None)
        self.undo_import_action.setText(f"&Undo Import of {Path(path).name}" if self.undo else "&Undo Import")
        self._show(report, read.problems)

    def _on_undo_import(self) -> None:
        if self.undo is None:
            return
        try:
            self.session.sharing.undo_merge(self.undo)
        except StoreError as exc:
            QMessageBox.warning(self.window, TITLE, str(exc))
            return
        self.undo = None
        self.undo_import_action.setEnabled(False)
        self.undo_import_action.setText("&Undo Import")
        self.status.showMessage("The import was undone: the annotations are as they were before it.", 20000)

    def _on_sync(self) -> None:
        if self.folder() is None:
            self._on_preferences()
            return
        self.sync_now()
        if self.last is not None:
            self.status.showMessage(self.last.sentence(), 20000)

    def _on_watcher_changed(self, _path: str) -> None:
        self.soon.start(500)  # a sync engine writes in bursts: read once it pauses

    def _on_session_annotations_changed(self, *_args: object) -> None:
        if self.folder() is not None and not self.soon.isActive():
            self.soon.start(AFTER_EDIT_MS)

    # --- doing -----------------------------------------------------------------------------------
    def sync_now(self) -> TeamSync | None:
        """Write own changes to the team folder and merge colleagues' (None without a folder)."""
        folder = self.folder()
        if folder is None or self.session.readonly or self.session.closed:
            return None
        try:
            result = self.session.sharing.sync(folder)
        except StoreError as exc:
            self.status.showMessage(str(exc), 15000)
            return None
        self.last = result
        self._watch(folder)
        if result.merged.changed:
            self.status.showMessage(result.sentence(), 20000)
        elif result.problems:
            self.status.showMessage(" ".join(result.problems), 20000)
        return result

    def _show(self, report: MergeReport, problems: list[str]) -> None:
        text = report.sentence() + ("\n\n" + "\n".join(problems) if problems else "")
        self.status.showMessage(report.sentence(), 20000)
        box = QMessageBox(
            QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setObjectName("shareReport")
        box.setModal(False)
        box.show()
        self.report_box = box

"""The workspace in the main window: File menu commands for databases, automatic backups, start-up notices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from explorer.ui.actions import Actions
from explorer.ui.errors import TITLE
from explorer.ui.workspace.backups import BackupKeeper
from explorer.ui.workspace.file_actions import FileActions

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.main_window import MainWindow


def show_notices(session: Session, status: QStatusBar, parent: QWidget) -> QMessageBox | None:
    """Tell the user once what opening the workspace did (recovery, upgrade, corpus update, read-only)."""
    ws = session.workspace
    if ws is None or not ws.notices:
        return None
    from explorer.ui.workspace.startup import notices_text  # (opening a workspace loaded it)

    text = notices_text(ws.notices)
    ws.notices.clear()
    status.showMessage(text.replace("\n\n", " "), 20000)
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("workspaceNotices")
    box.setModal(False)
    box.show()
    return box


class WorkspaceTools(QObject):
    """The File menu's database commands, the backup keeper and the start-up notices of one window."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        settings: QSettings,
        persist: bool,
        status: QStatusBar,
        window: MainWindow,
    ) -> None:
        super().__init__(window)
        self.files = FileActions(session, actions, settings, persist, window)
        self.backups = BackupKeeper(session, window)
        if session.workspace is not None and session.workspace.notices:
            QTimer.singleShot(0, self, lambda: show_notices(session, status, window))

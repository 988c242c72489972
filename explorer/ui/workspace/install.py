"""Hooks the workspace into a MainWindow: File menu commands, automatic backups and the start-up notices.

Listed in `explorer.ui.main_window.EXTENSION_MODULES`; `install(window)` runs for every new window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from explorer.ui.errors import TITLE
from explorer.ui.workspace.backups import BackupKeeper
from explorer.ui.workspace.file_actions import FileActions
from explorer.ui.workspace.startup import notices_text

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


def show_notices(window: MainWindow) -> QMessageBox | None:
    """Tell the user once what opening the workspace did (recovery, upgrade, corpus update, read-only)."""
    ws = window.session.workspace
    if ws is None or not ws.notices:
        return None
    text = notices_text(ws.notices)
    ws.notices.clear()
    window.statusBar().showMessage(text.replace("\n\n", " "), 20000)
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, window)
    box.setObjectName("workspaceNotices")
    box.setModal(False)
    box.show()
    return box


def install(window: MainWindow) -> None:
    """Add the File menu commands, the backup keeper and the notices to a window."""
    window.file_actions = FileActions(window)  # type: ignore[attr-defined]
    window.backup_keeper = BackupKeeper(window.session, window)  # type: ignore[attr-defined]
    if window.session.workspace is not None and window.session.workspace.notices:
        QTimer.singleShot(0, window, lambda: show_notices(window))

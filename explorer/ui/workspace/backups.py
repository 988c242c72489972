"""Automatic rotating backups while the window is open, and the Restore from Backup dialog."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.state import Session
from explorer.store import StoreError
from explorer.store.backup import BACKUP_INTERVAL_S, BackupInfo, list_backups

#: How often the database is backed up while it is being changed (ms): the policy the console shares.
BACKUP_INTERVAL_MS = BACKUP_INTERVAL_S * 1000
#: How long after start the start-up backup is made (ms), so it never slows the first frame.
START_DELAY_MS = 4000
PATH_ROLE = Qt.ItemDataRole.UserRole
_REASON = re.compile(r"-\d{8}-\d{6}-\d{6}(?:-([a-z0-9-]+))?$")


def human_size(n: int) -> str:
    """A byte count as '1.2 MB'."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


class BackupKeeper(QObject):
    """Backs an open writable database up at start (when it changed since the last backup) and every few minutes."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.made: list[Path] = []
        self._seen = self._changes()
        self.timer = QTimer(self)
        self.timer.setObjectName("backupTimer")
        self.timer.setInterval(BACKUP_INTERVAL_MS)
        self.timer.timeout.connect(self.backup_if_changed)
        if session.readonly or session.path is None:
            return
        self.timer.start()
        session.aboutToClose.connect(self._on_session_about_to_close)
        if session.workspace is not None:
            QTimer.singleShot(START_DELAY_MS, self, self.backup_at_start)

    def _changes(self) -> int:
        return self.session.total_changes() if not self.session.closed else self._seen

    def stem(self) -> str:
        """The backups' name stem (the database's file name without .db)."""
        return self.session.path.stem if self.session.path else "database"

    def _backup(self, reason: str = "") -> Path | None:
        try:
            path = self.session.backup(self.stem(), reason)
        except (StoreError, OSError):
            return None
        self.made.append(path)
        return path

    def backup_if_changed(self) -> Path | None:
        """Back up now when something was written since the last backup."""
        if self.session.closed or self.session.readonly:
            return None
        now = self._changes()
        if now <= self._seen:
            return None
        self._seen = now
        return self._backup()

    def backup_at_start(self) -> Path | None:
        """Back up when the file changed after its newest backup (e.g. by the `neutrality` command)."""
        if self.session.closed or self.session.path is None:
            return None
        newest = list_backups(stem=self.stem())
        with contextlib.suppress(OSError):
            changed = datetime.fromtimestamp(self.session.path.stat().st_mtime, UTC)
            if newest and newest[0].when >= changed:
                return None
        return self._backup("start")

    def _on_session_about_to_close(self) -> None:
        self.timer.stop()
        if self.session.workspace is None:  # a workspace backs itself up as it closes
            self.backup_if_changed()


class RestoreBackupDialog(QDialog):
    """The backups of the open database, newest first, with their dates, sizes and counts."""

    def __init__(self, backups: list[BackupInfo], target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from Backup")
        self.backups = backups
        intro = QLabel(
            f"Choose a backup to make it <b>{target.name}</b> again. The present file is kept aside "
            "beside it, so nothing is lost; the window reopens on the restored database."
            if backups
            else f"There are no backups of {target.name} yet."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("backupList")
        self.tree.setHeaderLabels(["Made", "Size", "Events", "Notes", "Why"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for info in backups:
            local = info.when.astimezone()
            m = _REASON.search(info.path.stem)
            why = (m.group(1) or "").replace("-", " ") if m else ""
            item = QTreeWidgetItem(
                [
                    f"{local.day} {local:%B %Y, %H:%M:%S}",
                    human_size(info.size),
                    "?" if info.events is None else f"{info.events:,}",
                    "?" if info.notes is None else f"{info.notes:,}",
                    why,
                ]
            )
            item.setData(0, PATH_ROLE, str(info.path))
            item.setToolTip(0, str(info.path))
            self.tree.addTopLevelItem(item)
        for col, width in ((0, 220), (1, 80), (2, 70), (3, 60)):
            self.tree.setColumnWidth(col, width)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.tree.itemDoubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def chosen(self) -> Path | None:
        """The chosen backup file."""
        item = self.tree.currentItem()
        return Path(item.data(0, PATH_ROLE)) if item is not None else None

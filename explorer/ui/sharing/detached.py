"""View > Detached Annotations: annotations whose event is gone, and putting them on an event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.state import Session
from explorer.store import StoreError
from explorer.store.atomic import OutputError

#: The same file type as File > Share > Export Annotations.
SHARE_FILTER = "Annotation share files (*.ndjson);;All files (*)"


class DetachedDialog(QDialog):
    """Lists annotations kept for events this workspace lacks; Reattach puts one group on the selected event."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("detachedDialog")
        self.setWindowTitle("Detached Annotations")
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.tree = QTreeWidget()
        self.tree.setObjectName("detachedList")
        self.tree.setHeaderLabels(["Event id", "Kept"])
        self.tree.setRootIsDecorated(False)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reattach_button = QPushButton("&Reattach to Selected Event")
        self.reattach_button.setObjectName("reattachButton")
        buttons.addButton(self.reattach_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.reattach_button.clicked.connect(self._on_reattach_clicked)
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("exportDetached")
        self.export_button.setToolTip(
            "Write the detached annotations as a share file (File > Share > Import reads it)"
        )
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status = QLabel()
        self.status.setObjectName("detachedStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        session.selectionChanged.connect(self._update_buttons)
        self.resize(560, 360)
        self.refresh()

    def target(self) -> str:
        """The event the annotations would go to: the one selected in the window (or in focus)."""
        chosen = self.session.selection()
        return chosen[0] if len(chosen) == 1 else self.session.current()

    def refresh(self) -> None:
        """List the detached annotations again."""
        self.tree.clear()
        for orphan in self.session.annotations.orphans():
            kept = orphan.describe().split(": ", 1)[1]
            item = QTreeWidgetItem([orphan.event_id, kept])
            item.setData(0, Qt.ItemDataRole.UserRole, orphan.event_id)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        n = self.tree.topLevelItemCount()
        self.hint.setText(
            "No annotation is detached: every one is on an event of this workspace."
            if n == 0
            else f"{n} event id{'' if n == 1 else 's'} with annotations but no event here (a corpus update "
            "removed or renamed the event, or a colleague annotated an event you do not have). Select an "
            "event in the window, then Reattach."
        )
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        target = self.target()
        ok = bool(self.tree.selectedItems()) and bool(target) and not self.session.readonly
        self.reattach_button.setEnabled(ok)
        self.export_button.setEnabled(self.tree.topLevelItemCount() > 0)
        self.reattach_button.setToolTip(
            f"Put them on {target}" if target else "Select an event in the window first"
        )

    def _on_reattach_clicked(self) -> None:
        items = self.tree.selectedItems()
        target = self.target()
        if not items or not target:
            return
        old = str(items[0].data(0, Qt.ItemDataRole.UserRole))
        try:
            moved = self.session.annotations.reattach(old, target)
        except StoreError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"{moved} annotation{'' if moved == 1 else 's'} of “{old}” now on “{target}”.")
        self.refresh()

    def _on_export_clicked(self) -> None:
        default = str(Path.home() / "detached-annotations.ndjson")
        path, _ = QFileDialog.getSaveFileName(self, "Export Detached Annotations", default, SHARE_FILTER)
        if not path:
            return
        try:
            changes = self.session.sharing.export_detached(path)
        except (OutputError, StoreError) as exc:
            self.status.setText(str(exc))
            return
        n = len(changes)
        self.status.setText(
            f"{n} detached annotation{'' if n == 1 else 's'} written to {path} "
            "(File > Share > Import Annotations reads it)."
        )

"""File > Datasets: the imported files, each with Remove (a backup is made first) and Undo Remove,
and their tracks (rename, colour, merge, the comparison side: see tracks_panel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.actions import Actions


class DatasetsDialog(QDialog):
    """Lists imported datasets (file, date, events, lanes); Remove backs up first, Undo Remove restores."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.removed: list[tuple[str, str, Path]] = []  # (dataset id, file name, backup), latest last
        self.setObjectName("datasetsDialog")
        self.setWindowTitle("Datasets")
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("datasetList")
        self.tree.setHeaderLabels(["File", "Imported", "Events", "Lanes"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree, 1)
        self.status = QLabel()
        from explorer.ui.dialogs.tracks_panel import TracksPanel  # (with the dialog, not at start)

        self.tracks = TracksPanel(session, self.status)
        self.tracks.setObjectName("tracksPanel")
        layout.addWidget(self.tracks, 1)
        self.status.setObjectName("datasetsStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeDataset")
        self.remove_button.setToolTip("Remove the dataset's events and lanes (a backup is made first)")
        self.undo_button = QPushButton("&Undo Remove")
        self.undo_button.setObjectName("undoRemoveDataset")
        for b in (self.remove_button, self.undo_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 520)
        self.refresh()

    def refresh(self) -> None:
        """List the datasets again."""
        self.tree.clear()
        for d in self.session.datasets.all():
            item = QTreeWidgetItem([d.name, d.imported[:10], f"{d.events:,}", f"{d.tracks:,}"])
            item.setData(0, Qt.ItemDataRole.UserRole, d.id)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        if not self.tree.topLevelItemCount() and not self.status.text():
            self.status.setText("No file has been imported into this database (File > Import…).")
        self._update_buttons()
        self.tracks.refresh()

    def _update_buttons(self) -> None:
        writable = not self.session.readonly
        self.remove_button.setEnabled(writable and bool(self.tree.selectedItems()))
        self.undo_button.setEnabled(writable and bool(self.removed))

    def _on_remove_clicked(self) -> None:
        items = self.tree.selectedItems()
        if not items:
            return
        dataset, name = str(items[0].data(0, Qt.ItemDataRole.UserRole)), items[0].text(0)
        try:
            backup = self.session.datasets.remove(dataset)
        except StoreError as exc:
            self.status.setText(str(exc))
            return
        self.removed.append((dataset, name, backup))
        self.status.setText(
            f"{name} was removed (a backup was made first: {backup.name}). Undo Remove brings it back."
        )
        self.refresh()

    def _on_undo_clicked(self) -> None:
        if not self.removed:
            return
        dataset, name, backup = self.removed.pop()
        try:
            n = self.session.datasets.restore(backup, dataset)
        except (StoreError, OSError) as exc:
            self.status.setText(f"{name} could not be brought back ({exc}); the backup {backup} holds it.")
            return
        self.status.setText(f"{name} is back with its {n:,} events.")
        self.refresh()


class DatasetsCommand(QObject):
    """File > Datasets…: the imported files, to remove one or bring it back."""

    def __init__(self, session: Session, actions: Actions, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.parent_widget = parent
        self.action = actions["datasets"]
        self.action.triggered.connect(self.show_dialog)

    def show_dialog(self) -> DatasetsDialog:
        """Open the Datasets window (not modal)."""
        dialog = DatasetsDialog(self.session, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

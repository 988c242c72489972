"""Edit > Preferences: the name the user writes under and the team folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)


class PreferencesDialog(QDialog):
    """Your name (shown on your notes) and the team folder (where colleagues' changes meet)."""

    def __init__(self, author: str, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        form = QFormLayout(self)
        self.author = QLineEdit(author)
        self.author.setObjectName("preferencesAuthor")
        self.author.setToolTip(
            "Shown on your notes, tags, ratings, periods and links, here and for colleagues"
        )
        form.addRow("Your &name:", self.author)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("preferencesTeamFolder")
        self.folder.setPlaceholderText("none: annotations are shared only by File > Share")
        browse = QPushButton("&Browse…")
        browse.setObjectName("preferencesBrowse")
        browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Team folder:", holder)
        hint = QLabel(
            "A folder your team's sync tool keeps in step (a network drive, Dropbox, OneDrive, Syncthing, "
            "git). Your changes are appended to a file with your name there; your colleagues' files are "
            "read when they change."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def _on_browse_clicked(self) -> None:
        start = self.folder.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Team Folder", start)
        if chosen:
            self.folder.setText(chosen)

"""Choosing the other end of a link: a searchable list of events, the link's type and a note."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import escape_html, literal_html
from explorer.model import Link
from explorer.state import Session
from explorer.store import StoreError

ID_ROLE = Qt.ItemDataRole.UserRole
#: How many matches the list shows at most.
MAX_SHOWN = 500
Index = QModelIndex | QPersistentModelIndex


class EventChoiceModel(QAbstractListModel):
    """Events whose title or id contains the search text (numpy rows of the session's columns)."""

    def __init__(self, session: Session, exclude: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._exclude = session.columns.index_of(exclude)
        self._rows = np.zeros(0, dtype=np.int64)
        self.total = 0
        self.set_query("")

    def set_query(self, text: str) -> None:
        """Show the events matching `text` (all of them for an empty text), in date order."""
        nums, total = self.session.events.containing(text, MAX_SHOWN + 1)
        rows = self.session.columns.rows_of_nums(np.asarray(nums, dtype=np.int64))
        rows = np.sort(rows[rows >= 0])
        if self._exclude is not None and self._exclude in rows:
            rows = rows[rows != self._exclude]
            total -= 1
        self.beginResetModel()
        self.total = total
        self._rows = rows[:MAX_SHOWN]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """How many matches are listed."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """'1998 · title' for display, the id under ID_ROLE."""
        if not index.isValid():
            return None
        cols = self.session.columns
        row = int(self._rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            if not cols.dated[row]:
                return f"undated · {cols.titles[row]}"
            year = date.fromordinal(max(1, int(cols.lo[row]))).year
            return f"{year} · {cols.titles[row]}"
        if role == ID_ROLE:
            return str(cols.ids[row])
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_html(f"{cols.titles[row]} ({cols.ids[row]})")
        return None


class LinkDialog(QDialog):
    """Link the event in focus to one chosen from a searchable list."""

    def __init__(self, session: Session, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setWindowTitle("Link to Event")
        self.session = session
        self.source = source
        self.link: Link | None = None
        row = session.columns.index_of(source)
        title = str(session.columns.titles[row]) if row is not None else source
        intro = QLabel(f"<b>{escape_html(title)}</b> is …")
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("linkType")
        self.type_combo.setEditable(True)
        self.type_combo.addItems(session.annotations.link_types())
        self.type_combo.setToolTip("Choose a type, or type your own")
        self.search = QLineEdit()
        self.search.setObjectName("linkSearch")
        self.search.setPlaceholderText("Search the events by title or id…")
        self.search.setClearButtonEnabled(True)
        self.model = EventChoiceModel(session, source, self)
        self.targets = QListView()
        self.targets.setObjectName("linkTargets")
        self.targets.setModel(self.model)
        self.targets.setUniformItemSizes(True)
        self.targets.doubleClicked.connect(self._on_targets_double_clicked)
        self.count = QLabel()
        self.note = QLineEdit()
        self.note.setObjectName("linkNote")
        self.note.setPlaceholderText("Why they are linked (optional)")
        self.error = QLabel()
        self.error.setObjectName("linkError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Link", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("linkOkButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Relation:", self.type_combo)
        form.addRow("Event:", self.search)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._on_debounce_timeout)
        self.targets.selectionModel().currentChanged.connect(self._update_ok)
        self.resize(560, 520)
        self._on_debounce_timeout()

    def chosen(self) -> str | None:
        """The id of the chosen event, if any."""
        idx = self.targets.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else None

    def _on_debounce_timeout(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.search.text())
        shown = self.model.rowCount()
        more = f" (the first {shown} shown)" if self.model.total > shown else ""
        self.count.setText(f"{self.model.total:,} event{'s' if self.model.total != 1 else ''}{more}")
        if shown == 1:
            self.targets.setCurrentIndex(self.model.index(0))
        self._update_ok()

    def _update_ok(self, *args: object) -> None:
        self.ok.setEnabled(self.chosen() is not None and bool(self.type_combo.currentText().strip()))

    def _on_targets_double_clicked(self, _index: QModelIndex) -> None:
        self.accept()

    def accept(self) -> None:
        """Save the link; stay open with the reason when it cannot be saved."""
        target = self.chosen()
        if target is None:
            return
        try:
            self.link = self.session.annotations.add_link(
                self.source, target, self.type_combo.currentText(), self.note.text().strip()
            )
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()

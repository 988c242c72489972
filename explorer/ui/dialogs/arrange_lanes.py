"""View > Arrange Lanes: reorder the lanes (drag or buttons) and tick the ones to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.state import Session, default_lane_order

ID_ROLE = Qt.ItemDataRole.UserRole


class ArrangeLanesDialog(QDialog):
    """A checkable, reorderable list of the lanes; OK applies it to the session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrangeLanesDialog")
        self.setWindowTitle("Arrange Lanes")
        self.session = session
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        up = QPushButton("Move &Up")
        down = QPushButton("Move &Down")
        reset = QPushButton("&Reset")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        reset.clicked.connect(self._on_reset_clicked)
        side = QVBoxLayout()
        for b in (up, down, reset):
            side.addWidget(b)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self._fill(session.lane_order(), session.hidden_lanes())

    def _fill(self, order: list[str], hidden: set[str]) -> None:
        self.list.clear()
        for tid in order:
            track = self.session.track(tid)
            item = QListWidgetItem(track.name if track else tid)
            item.setData(ID_ROLE, tid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if tid in hidden else Qt.CheckState.Checked)
            self.list.addItem(item)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _on_reset_clicked(self) -> None:
        self._fill(default_lane_order([t.id for t in self.session.tracks]), set())

    def result_layout(self) -> tuple[list[str], set[str]]:
        """The chosen order and the hidden lanes."""
        items = [self.list.item(i) for i in range(self.list.count())]
        order = [i.data(ID_ROLE) for i in items]
        hidden = {i.data(ID_ROLE) for i in items if i.checkState() != Qt.CheckState.Checked}
        return order, hidden

    def accept(self) -> None:
        """Apply to the session."""
        order, hidden = self.result_layout()
        self.session.set_lane_layout(order, hidden)
        super().accept()

"""Edit > Also on Lanes…: put the selected events also on other lanes, or take them off, in one undo step.

A small window-modal dialog lists every lane with a check box: checked when every selected event is
on it (its home lane or a further placement), partly checked when some are. Ticking a lane puts the
rest there; clearing it takes off the placements the user made (the source's own placements stay,
and the sentence says so). The write is one `session.annotations.set_placements` call, so Edit > Undo
takes it back whole. Offered in the Edit menu, the event table's and the details' context menus.
Built by `explorer.ui.bulk_edit.BulkEditTools`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.store import StoreError
from explorer.ui.annotations.feedback import report, tell

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.actions import Actions
    from explorer.ui.panels.detail_panel import DetailPanel

#: The item data role holding a lane's track id.
TRACK_ROLE = Qt.ItemDataRole.UserRole


class LanesDialog(QDialog):
    """One check box per lane: on it for every selected event, some, or none."""

    def __init__(self, session: Session, ids: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("alsoOnLanesDialog")
        self.setWindowTitle("Also on Lanes")
        self.setMinimumWidth(420)  # the title and the sentence read whole
        self.ids = ids
        layout = QVBoxLayout(self)
        n = len(ids)
        intro = QLabel(
            f"Lanes the {n:,} selected event{'' if n == 1 else 's'} are drawn on. "
            "Tick a lane to put them all there too; clear it to take off the placements you made."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("lanesList")
        self.list.setAccessibleName("Lanes")
        intro.setBuddy(self.list)
        cols = session.columns
        home_lanes = cols.lane[cols.rows_of(ids)]
        on = session.annotations.placements(ids)
        self.initial: dict[str, Qt.CheckState] = {}
        for track in session.tracks:
            count = sum(1 for i in ids if track.id in on.get(i, {}))
            lane = cols.lane_of_track(track.id) if track.id in cols.track_ids else -1
            homed = int((home_lanes == lane).sum())
            total = count + homed
            state = (
                Qt.CheckState.Checked
                if total == n
                else Qt.CheckState.PartiallyChecked
                if total
                else Qt.CheckState.Unchecked
            )
            item = QListWidgetItem(track.name)
            item.setData(TRACK_ROLE, track.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(state)
            if homed == n:  # the home lane of every selected event: nothing to put or take
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("The home lane of every selected event")
            self.list.addItem(item)
            self.initial[track.id] = state
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> tuple[list[str], list[str]]:
        """The lanes ticked (to put the events on) and cleared (to take them off)."""
        add, remove = [], []
        for row in range(self.list.count()):
            item = self.list.item(row)
            tid, state = item.data(TRACK_ROLE), item.checkState()
            if state == self.initial[tid]:
                continue
            if state == Qt.CheckState.Checked:
                add.append(tid)
            elif state == Qt.CheckState.Unchecked:
                remove.append(tid)
        return add, remove


class PlacementTools(QObject):
    """Edit > Also on Lanes… for one window, also in the details' context menu."""

    def __init__(self, session: Session, actions: Actions, detail: DetailPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("placementTools")
        self.window = parent
        self.session = session
        self.action = actions["also_on_lanes"]
        self.action.triggered.connect(self.ask)
        detail.add_context_action(self.action)
        self.session.selectionChanged.connect(self._update_action)
        self._update_action()

    def _update_action(self, *_args: object) -> None:
        self.action.setEnabled(bool(self.session.selection()) and not self.session.readonly)

    def ask(self) -> LanesDialog | None:
        """Open the lanes dialog for the selection (window-modal, not blocking)."""
        ids = list(self.session.selection())
        if not ids:
            tell(self.window, "Select some events first.")
            return None
        dialog = LanesDialog(self.session, ids, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply(ids, *dialog.changes()))
        dialog.open()
        return dialog

    def apply(self, ids: list[str], add: list[str], remove: list[str]) -> None:
        """Put the events on `add` and take them off `remove` in one undo step; say so."""
        if not (add or remove):
            return
        try:
            change = self.session.annotations.set_placements(ids, add, remove)
        except StoreError as exc:
            report(self.window, exc)
            return
        tell(self.window, f"{change.label}.")

"""The imported tracks in File > Datasets: Rename, Colour, Merge Into, the comparison side, and Undo.

Each change keeps what undoing it needs (the old name, colour or side, or the merged track's row
and events), so Undo Track Change takes the latest one back without a backup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.state import Session
from explorer.store import StoreError

#: The side box's entries: (text, side stored).
SIDE_CHOICES = (
    ("Compared with neither side", None),
    ("Foreign side", "foreign"),
    ("Security side", "security"),
)
_SIDE_WORDS = {"foreign": "foreign", "security": "security", "": "—"}


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class TracksPanel(QWidget):
    """Imported tracks with their colour, events and side; buttons change the selected one."""

    def __init__(self, session: Session, status: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.status = status
        self.undo_stack: list[tuple[str, Callable[[], object]]] = []  # (sentence after undoing, undo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Imported tracks"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("trackList")
        self.tree.setHeaderLabels(["Track", "Colour", "Events", "Compared as"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemSelectionChanged.connect(self._on_selection_changed)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.rename_button = self._button(row, "Re&name…", "renameTrack", self._on_rename_clicked)
        self.colour_button = self._button(row, "C&olour…", "recolourTrack", self._on_colour_clicked)
        self.merge_button = self._button(row, "&Merge Into…", "mergeTrack", self._on_merge_clicked)
        self.side = QComboBox()
        self.side.setObjectName("trackSide")
        self.side.setToolTip(
            "Count this track's events with a side of the comparison (View > Compare Tracks)"
        )
        for text, _ in SIDE_CHOICES:
            self.side.addItem(text)
        self.side.activated.connect(self._on_side_activated)
        row.addWidget(self.side)
        self.undo_button = self._button(row, "Undo &Track Change", "undoTrackChange", self._on_undo_clicked)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def _button(self, row: QHBoxLayout, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        row.addWidget(b)
        return b

    def refresh(self) -> None:
        """List the imported tracks again, keeping the selected one."""
        keep = self.current()
        self.tree.clear()
        for t in self.session.events.imported_tracks():
            item = QTreeWidgetItem([t.name, t.color, f"{t.events:,}", _SIDE_WORDS.get(t.side, t.side)])
            item.setIcon(1, _swatch(t.color))
            item.setData(0, Qt.ItemDataRole.UserRole, t.id)
            item.setData(3, Qt.ItemDataRole.UserRole, t.side)
            self.tree.addTopLevelItem(item)
            if t.id == keep:
                item.setSelected(True)
        self.tree.resizeColumnToContents(0)
        self._on_selection_changed()

    def current(self) -> str:
        """The id of the selected track ('' when none)."""
        items = self.tree.selectedItems()
        return str(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else ""

    def _on_selection_changed(self) -> None:
        chosen = bool(self.current()) and not self.session.readonly
        for w in (self.rename_button, self.colour_button, self.merge_button, self.side):
            w.setEnabled(chosen)
        self.undo_button.setEnabled(bool(self.undo_stack) and not self.session.readonly)
        items = self.tree.selectedItems()
        if items:
            side = str(items[0].data(3, Qt.ItemDataRole.UserRole) or "") or None
            self.side.setCurrentIndex(next(i for i, (_, s) in enumerate(SIDE_CHOICES) if s == side))

    def _apply(self, change: Callable[[], tuple[str, str, Callable[[], object]]]) -> None:
        """Run a change; on success say what happened and keep its undo, on failure say why."""
        try:
            done, undone, undo = change()
        except StoreError as exc:
            self.status.setText(str(exc))
            return
        self.undo_stack.append((undone, undo))
        self.session.events.reload()
        self.status.setText(f"{done} Undo Track Change takes it back.")
        self.refresh()

    def _name(self, track: str) -> str:
        t = self.session.track(track)
        return t.name if t else track

    def _on_rename_clicked(self) -> None:
        track = self.current()
        if not track:
            return
        name, ok = QInputDialog.getText(self, "Rename Track", "New name:", text=self._name(track))
        if not ok:
            return

        def change() -> tuple[str, str, Callable[[], object]]:
            old = self.session.events.rename_track(track, name)
            return (
                f"“{old}” is now called “{name.strip()}”.",
                f"The track is called “{old}” again.",
                lambda: self.session.events.rename_track(track, old),
            )

        self._apply(change)

    def _on_colour_clicked(self) -> None:
        track = self.current()
        if not track:
            return
        t = self.session.track(track)
        colour, ok = QInputDialog.getText(
            self, "Track Colour", "Colour (#rrggbb):", text=t.color if t else "#777777"
        )
        if not ok:
            return

        def change() -> tuple[str, str, Callable[[], object]]:
            old = self.session.events.recolour_track(track, colour)
            return (
                f"“{self._name(track)}” is now drawn in {colour.strip().lower()}.",
                f"“{self._name(track)}” is drawn in {old} again.",
                lambda: self.session.events.recolour_track(track, old),
            )

        self._apply(change)

    def _on_merge_clicked(self) -> None:
        track = self.current()
        if not track:
            return
        others = [t for t in self.session.tracks if t.id != track]
        labels = [f"{t.name} ({t.id})" for t in others]
        label, ok = QInputDialog.getItem(
            self, "Merge Track", f"Move the events of “{self._name(track)}” into:", labels, 0, False
        )
        if not ok or label not in labels:
            return
        into = others[labels.index(label)]

        def change() -> tuple[str, str, Callable[[], object]]:
            merged = self.session.events.merge_track(track, into.id)
            return (
                f"The {len(merged.events):,} events of “{merged.name}” are now in “{into.name}”.",
                f"“{merged.name}” is back with its {len(merged.events):,} events.",
                lambda: self.session.events.unmerge_track(merged),
            )

        self._apply(change)

    def _on_side_activated(self, index: int) -> None:
        track = self.current()
        if not track:
            return
        side = SIDE_CHOICES[index][1]

        def change() -> tuple[str, str, Callable[[], object]]:
            old = self.session.events.set_track_side(track, side)
            name = self._name(track)
            done = (
                f"The comparison counts “{name}” with the {side} side."
                if side
                else f"The comparison no longer counts “{name}” with either side."
            )
            undo = lambda: self.session.events.set_track_side(track, old)  # noqa: E731
            return done, f"“{name}” is compared as before.", undo

        self._apply(change)

    def _on_undo_clicked(self) -> None:
        if not self.undo_stack:
            return
        sentence, undo = self.undo_stack.pop()
        try:
            undo()
        except StoreError as exc:
            self.status.setText(f"That change could not be taken back: {exc}")
            return
        self.session.events.reload()
        self.status.setText(sentence)
        self.refresh()

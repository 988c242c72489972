"""The list of selected events shown above the details when several are selected."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from explorer.formats.text import literal_html
from explorer.state import Session

ID_ROLE = Qt.ItemDataRole.UserRole
#: The most selected events listed (their titles and ids are read to list them).
LISTED = 5000


class SelectionList(QListWidget):
    """The selected events in date order; clicking one shows it in the detail panel."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selectionList")
        self.session = session
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)
        self.currentItemChanged.connect(self._on_self_current_item_changed)
        session.selectionChanged.connect(self._on_session_selection_changed)
        session.currentChanged.connect(self._on_session_current_changed)

    def ids(self) -> list[str]:
        """The listed event ids, top to bottom."""
        return [self.item(i).data(ID_ROLE) for i in range(self.count())]

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        cols = self.session.columns
        # the session's row mask of its selection, shared with the timeline (looking the ids up
        # again took 1.6 s for a select all at a million events)
        listed = np.flatnonzero(self.session.selected_mask())[:LISTED].tolist() if ids else []
        self.blockSignals(True)
        try:
            self.clear()
            # one read for all of them (the columns fetch titles and ids from the database)
            titles = cols.titles[listed].tolist() if listed else []
            ids = cols.ids[listed].tolist() if listed else []
            for title, eid in zip(titles, ids, strict=True):
                item = QListWidgetItem(str(title))
                item.setData(ID_ROLE, str(eid))
                item.setToolTip(literal_html(str(title)))
                self.addItem(item)
        finally:
            self.blockSignals(False)
        self._on_session_current_changed(self.session.current())

    def _on_session_current_changed(self, event_id: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(ID_ROLE) == event_id:
                self.blockSignals(True)
                self.setCurrentRow(i)
                self.blockSignals(False)
                return

    def _on_self_current_item_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.session.set_current(item.data(ID_ROLE))

"""The event table's view: the same events as the timeline, sortable by a click on a column's title,
with the selection kept in step both ways and a double-click centring the timeline on the event. Its
model, which lists and sorts the events, is `event_table_model.EventTableModel`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyledItemDelegate, QTableView, QWidget

from explorer.state import Session
from explorer.ui.panels.event_table_model import (  # noqa: F401 (the roles and columns, named here too)
    COLUMNS,
    ID_ROLE,
    SORT_ROLE,
    TAGS_COLUMN,
    TAGS_ROLE,
    EventTableModel,
)

#: The narrowest the Event column gets when the window is narrow (px; the table then scrolls sideways).
TITLES_MIN = 240


class EventTable(QTableView):
    """The table view; selection follows and drives the session's; double-click centres the timeline."""

    eventActivated = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventTable")
        self.setAccessibleName("Events")
        self.session = session
        # hidden before the model comes: a shown row header asks every row's header data (some
        # 2,000 calls into Python, about 3 ms of the window's start) to size itself
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.source_model = EventTableModel(session, self)
        #: The model the view shows: the events' model itself, which sorts itself (a sorting proxy
        #: in between cost every cell a mapping, a third of a repaint); named as the proxy it was.
        self.proxy = self.source_model
        self.setModel(self.source_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        # Tab leaves the table for the next panel instead of walking its cells
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 170), (2, 170), (3, 120), (4, 130), (TAGS_COLUMN, 170)):
            self.setColumnWidth(col, width)
        # (a narrow table would squeeze the stretched titles to nothing beside the fixed columns)
        header.sectionResized.connect(self._on_header_section_resized)
        # The column titles get a selection of their own, always empty: with the table's, each
        # paint of the header after a select all asked every row of every column whether it was
        # selected (0.8 s at 100,000 events, seconds at a million) to draw the titles bold. Rows
        # are what is selected here (a click on a title sorts), so the titles stay plain.
        header.setSelectionModel(QItemSelectionModel(self.source_model, header))
        self._syncing = False
        self.selectionModel().selectionChanged.connect(self._on_selection_model_changed)
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.source_model.modelReset.connect(self._on_source_model_reset)
        # a sort being worked out on a thread: the table is busy, but still in use (a busy cursor, not a wait one)
        self.source_model.sortingStarted.connect(self._on_source_model_sorting_started)
        self.source_model.sortingFinished.connect(self._on_source_model_sorting_finished)
        session.selectionChanged.connect(self._on_session_selection_changed)
        # the session names the new current event after announcing the selection: follow that too,
        # or the table scrolls to the event that was current before
        session.currentChanged.connect(self._on_session_current_changed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Keep the titles readable in a narrow window."""
        super().resizeEvent(event)
        self._fit_titles()

    def _on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != 1:
            self._fit_titles()

    def _fit_titles(self) -> None:
        """The Event column fills the width left by the others, but never below TITLES_MIN pixels.

        Below that it keeps TITLES_MIN (the table scrolls sideways instead): at 1024x700 the titles
        were squeezed to "Belarus ..." beside a date, track, precision and EDTF at full width.
        """
        header = self.horizontalHeader()
        others = sum(
            header.sectionSize(c) for c in range(len(COLUMNS)) if c != 1 and not header.isSectionHidden(c)
        )
        stretch = self.viewport().width() - others >= TITLES_MIN
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(1) != mode:
            header.setSectionResizeMode(1, mode)
            if not stretch:
                header.resizeSection(1, TITLES_MIN)

    def row_of(self, event_id: str) -> int | None:
        """The view row showing an event, None when it is filtered out."""
        return self.source_model.model_row(event_id)

    def event_at(self, pos: QPoint) -> str | None:
        """The id of the event on the row at a viewport position (None below the last row)."""
        index = self.indexAt(pos)
        return self.proxy.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None

    def offer_context_menu(self, make_menu: Callable[[QPoint], QMenu]) -> None:
        """Show the menu another feature makes (the bulk edits) at a right click on the table."""
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: make_menu(pos).popup(self.viewport().mapToGlobal(pos))
        )

    def show_tags_with(self, delegate: QStyledItemDelegate) -> None:
        """Draw the Tags column with another feature's delegate (the annotations' tag chips)."""
        self.setItemDelegateForColumn(TAGS_COLUMN, delegate)

    def selected_ids(self) -> list[str]:
        """Ids of the selected rows, top to bottom."""
        rows = self._selected_event_rows()
        if rows is not None:
            return [str(e) for e in self.session.columns.ids[rows]] if len(rows) else []
        rows_ = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows_]

    def _selected_event_rows(self) -> np.ndarray | None:
        """The columns rows of the selected rows, top to bottom; None unless whole rows are selected."""
        model, last = self.source_model, self.source_model.columnCount() - 1
        selection = self.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.count())]
        if not all(r.left() == 0 and r.right() == last for r in ranges):
            return None
        # whole rows (as the table selects): found by row in one go, not a cell's data per row
        # (Ctrl+A at 100,000 events took 2.5 s)
        picked = np.zeros(model.rowCount(), dtype=bool)
        for r in ranges:
            picked[r.top() : r.bottom() + 1] = True
        return model.event_rows(np.flatnonzero(picked))

    def _on_selection_model_changed(self, *args: object) -> None:
        if self._syncing:
            return
        current = self.currentIndex()
        cur_id = current.data(ID_ROLE) if current.isValid() else None
        self._syncing = True
        try:
            rows = self._selected_event_rows()
            if rows is None:
                self.session.set_selection(self.selected_ids(), current=cur_id)
            else:  # by rows: a million ids are not looked up again (Ctrl+A in the table)
                self.session.select_rows(rows, current=cur_id)
        finally:
            self._syncing = False

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            # the session's row mask of its selection (a row looked up per id took 4 s for a select
            # all at 100,000 events: a query and a search each)
            rows = (
                self.source_model.model_rows(self.session.selected_mask()) if ids else np.zeros(0, np.int64)
            )
            last = self.proxy.columnCount() - 1
            for first, final in _runs(rows):
                selection.select(self.proxy.index(first, 0), self.proxy.index(final, last))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.selectionModel().select(selection, flags)
            self._show_current()
        finally:
            self._syncing = False

    def _on_session_current_changed(self, _event_id: str) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._show_current()
        finally:
            self._syncing = False

    def _show_current(self) -> None:
        """Make the session's current event the table's current row and scroll it into view."""
        cur = self.row_of(self.session.current()) if self.session.current() else None
        if cur is None:
            return
        self.selectionModel().setCurrentIndex(
            self.proxy.index(cur, 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.scrollTo(self.proxy.index(cur, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_source_model_sorting_started(self, _words: str) -> None:
        self.viewport().setCursor(Qt.CursorShape.BusyCursor)
        self.horizontalHeader().setCursor(Qt.CursorShape.BusyCursor)

    def _on_source_model_sorting_finished(self) -> None:
        self.viewport().unsetCursor()
        self.horizontalHeader().unsetCursor()

    def _on_source_model_reset(self) -> None:
        self._on_session_selection_changed(self.session.selection())

    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        eid = index.data(ID_ROLE)
        if eid:
            self.eventActivated.emit(eid)


def _runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """Sorted rows merged into (first, last) runs of consecutive rows, so a large selection is a few
    ranges (found with numpy: a Python loop over a million selected rows took 0.14 s)."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    firsts = np.concatenate(([rows[0]], rows[breaks + 1]))
    lasts = np.concatenate((rows[breaks], [rows[-1]]))
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))

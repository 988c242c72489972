"""The event table: the same events as the timeline, sortable, with selection kept in step.

`EventTableModel` lists the events the session shows (filters and visible lanes) through a numpy
row map, reads titles, tracks and date bounds from the session's columns and fetches the date
words in blocks of rows only when they are displayed, so a million events cost nothing up front
(no per-row filter callback either). It sorts itself: every row's key of the column at once, in one
call, no proxy model between it and the view; a text column's order is kept as each event's rank
(made on the first sort by it; from BUSY_SORT events on a thread, the rows following when it is
ready), so a filter or the other direction re-sorts by numbers. Sorting by date uses the date's bounds (earliest,
then latest possible day) through `SORT_ROLE`, never the words.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from explorer.formats.text import literal_html
from explorer.model.dates import describe
from explorer.state import Session
from explorer.state.table_order import (
    PRECISION_RANK,
    UNKNOWN_PRECISION,
    tag_ranks,
    tags_key,
    text_ranks,
    text_ranks_elsewhere,
)
from explorer.store.columns import INTERVAL, EventColumns

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The event's tags as a list of (name, '#rrggbb') for the Tags column's chips.
TAGS_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Date", "Event", "Track", "Precision", "EDTF", "Tags")
TAGS_COLUMN = COLUMNS.index("Tags")
#: Rows whose date words, titles and ids are read at once: a screenful or two (the first paint
#: describes only these dates, not the first 256).
BLOCK = 64
#: From this many rows a sort shows the wait cursor while it sorts the keys, and a text column's
#: order is worked out on a thread while the window goes on working (seconds at a million events).
BUSY_SORT = 100_000
#: The columns ordered by the texts of every event, and those texts (their order is made once, then
#: kept as ranks).
TEXT_SORTED = {1: "title", 3: "precision", 4: "date"}
#: The latest last day the Date column's sort key tells apart (see `date_keys`).
_LAST_DAY_CAP = 3_999_999
Index = QModelIndex | QPersistentModelIndex
#: The roles `EventTableModel.data` answers.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, TAGS_ROLE, ID_ROLE, Qt.ItemDataRole.ToolTipRole})


class EventTableModel(QAbstractTableModel):
    """One row per event in the session's columns (date order)."""

    #: A sort by a text column of many events is being worked out on a thread (what to tell the user),
    #: and when it is applied or given up.
    sortingStarted = Signal(str)
    sortingFinished = Signal()
    #: From the thread: (generation, column, ranks or None when it failed).
    _ranksMade = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._blocks: dict[int, dict[int, tuple[str, str, str, str, str]]] = {}
        self._track_names = {t.id: t.name for t in session.tracks}
        #: The shown rows in date order; `_rows` is them in the table's order (sorted by a column).
        self._shown = np.flatnonzero(session.shown_mask()).astype(np.int32)  # half the memory at 1M
        self._rows = self._shown
        #: The table row of each of `_shown` when sorted (None: the date order).
        self._place: np.ndarray | None = None
        self._sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        #: Per text column, every event's place in its order (made on the first sort by it).
        self._ranks: dict[int, np.ndarray] = {}
        #: Counts the changes of the events: ranks made from the texts before one are not used.
        self._generation = 0
        #: The column whose ranks a thread is making, and the sort waiting for them.
        self._ranking: int | None = None
        self._wanted: tuple[int, Qt.SortOrder] | None = None
        self._ranksMade.connect(self._on_ranks_made)
        session.eventsChanged.connect(self._on_session_events_changed)
        session.filterChanged.connect(self._on_session_shown_changed)
        session.lanesChanged.connect(self._on_session_shown_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)

    def event_row(self, model_row: int) -> int:
        """The columns row of a model row."""
        return int(self._rows[model_row])

    def event_rows(self, model_rows: np.ndarray) -> np.ndarray:
        """The columns rows of model rows."""
        return self._rows[model_rows]

    def model_row(self, event_id: str) -> int | None:
        """The model row of an event, None when it is not shown."""
        row = self.session.columns.index_of(event_id)
        return None if row is None else self._model_row_of(row)

    def model_rows(self, mask: np.ndarray) -> np.ndarray:
        """The model rows, in order, of the shown events a row mask of the columns marks."""
        found = np.flatnonzero(mask[self._shown])
        return found if self._place is None else np.sort(self._place[found])

    def _model_row_of(self, row: int) -> int | None:
        # (the row as the array's own type: a Python or 64-bit int made numpy copy all of `_shown`
        # to 64 bits for this one look-up, 3 ms at 1M on every selection)
        k = int(np.searchsorted(self._shown, self._shown.dtype.type(row)))
        if k >= len(self._shown) or self._shown[k] != row:
            return None
        return k if self._place is None else int(self._place[k])

    # --- sorting: by the keys of every row at once, not by Qt comparing rows through Python ---------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column (-1: by date, as loaded); ties keep the date order.

        A QSortFilterProxyModel asked two rows' keys for each of its n log n comparisons (1.2 s at
        10,000 events, minutes at a million); here the keys are read once and sorted in one call. The
        order of a text column of many events is made on a thread first (`sortingStarted`): the rows
        keep their order, and the window its use, until it is ready.
        """
        if self._long_to_rank(column):
            self._rank_elsewhere(column, order)
            return
        if self._wanted is not None:  # a quick sort asked since wins over the one still waiting
            self._wanted = None
            self.sortingFinished.emit()
        self._sort_now(column, order)

    def _sort_now(self, column: int, order: Qt.SortOrder, perm: np.ndarray | None = None) -> None:
        busy = len(self._shown) >= BUSY_SORT  # (a tenth of a second or more: say it is working)
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if column in TEXT_SORTED:
                self._ranks_of(column)  # (made here when a thread could not: then never waited for again)
            self._sort(column, order, perm)
        finally:
            if busy:
                QGuiApplication.restoreOverrideCursor()

    def sorting(self) -> bool:
        """True while a sort waits for the order of a text column being made on a thread."""
        return self._wanted is not None

    def _long_to_rank(self, column: int) -> bool:
        """True when a text column's order is not made yet and would take long on the GUI thread."""
        cols = self.session.columns
        return (
            column in TEXT_SORTED
            and self._kept_ranks(column) is None
            and len(cols) >= BUSY_SORT
            and self.session.path is not None
        )

    def _rank_elsewhere(self, column: int, order: Qt.SortOrder) -> None:
        """Have a thread make a text column's order (see `_long_to_rank`); the sort waits for it."""
        self._wanted = (column, order)
        if self._ranking is None:
            self._start_ranking(column, order)
        self.sortingStarted.emit(f"Sorting {len(self._shown):,} events by {COLUMNS[column]}…")

    def _start_ranking(self, column: int, order: Qt.SortOrder) -> None:
        self._ranking = column
        # (the shown rows as they are now: the thread orders them too, used if they are still shown)
        args = (
            self.session.columns,
            Path(str(self.session.path)),
            column,
            self._generation,
            self._shown,
            order,
        )
        threading.Thread(
            target=self._rank_on_thread, args=args, name="neutrality-table-sort", daemon=True
        ).start()

    def _rank_on_thread(
        self,
        cols: EventColumns,
        path: Path,
        column: int,
        generation: int,
        shown: np.ndarray,
        order: Qt.SortOrder,
    ) -> None:
        """On the thread: the column's ranks through a connection of its own, and the order of the rows
        shown when it began (a tenth of a second at a million, not spent on the GUI thread); handed over."""
        ranks: np.ndarray | None
        perm: np.ndarray | None = None
        try:
            ranks = text_ranks_elsewhere(cols, path, TEXT_SORTED[column])
            perm = _ordered(ranks[shown], order)
        except Exception:  # noqa: BLE001 - the GUI thread then sorts as it did before threads
            logging.getLogger(__name__).warning(
                "sorting by %s on a thread failed", COLUMNS[column], exc_info=True
            )
            ranks = None
        with contextlib.suppress(RuntimeError):  # the table was closed meanwhile
            self._ranksMade.emit((generation, column, ranks, (shown, order, perm)))

    def _on_ranks_made(
        self, made: tuple[int, int, np.ndarray | None, tuple[np.ndarray, Qt.SortOrder, np.ndarray | None]]
    ) -> None:
        generation, column, ranks, (shown, order, perm) = made
        self._ranking = None
        if self.session.closed:
            return
        if (
            ranks is not None
            and generation == self._generation
            and len(ranks) == len(self.session.columns.num)
        ):
            self._ranks[column] = ranks
        wanted = self._wanted
        if wanted is None:
            return
        if self._long_to_rank(wanted[0]) and (ranks is not None or wanted[0] != column):
            self._start_ranking(*wanted)  # another column is wanted now, or the events changed meanwhile
            return
        # (a thread that failed: the ranks are made here, under the wait cursor, as before)
        self._wanted = None
        same = wanted == (column, order) and shown is self._shown and column in self._ranks
        self._sort_now(*wanted, perm if same else None)
        self.sortingFinished.emit()

    def _sort(self, column: int, order: Qt.SortOrder, perm: np.ndarray | None = None) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        rows = [int(self._rows[i.row()]) if 0 <= i.row() < len(self._rows) else -1 for i in before]
        self._apply_sort(column, order, perm)
        after = []
        for index, row in zip(before, rows, strict=True):
            at = self._model_row_of(row) if row >= 0 else None
            after.append(self.index(at, index.column()) if at is not None else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder, perm: np.ndarray | None = None) -> None:
        """Sort by a column; `perm`, when given, is the order of the shown rows a thread made for it."""
        self._sorted_by = (column, order)
        self._blocks.clear()  # (they are kept by table row)
        if not 0 <= column < len(COLUMNS) or len(self._shown) < 2:
            self._rows, self._place = self._shown, None
            return
        if self._long_to_rank(column):  # (the events changed: date order until a thread has made it)
            self._rank_elsewhere(column, order)
            self._rows, self._place = self._shown, None
            return
        if perm is None:
            perm = _ordered(self._sort_keys(column), order)
        self._rows = self._shown[perm]
        self._place = np.empty(len(perm), dtype=np.int64)
        self._place[perm] = np.arange(len(perm))

    def _sort_keys(self, column: int) -> np.ndarray:
        """Every shown row's sort key (SORT_ROLE order) of a column, in date order, as numbers."""
        cols, rows = self.session.columns, self._shown
        if column == 0:
            return date_keys(cols.lo[rows].astype(np.int64), cols.hi[rows])
        if column == 2:
            return cols.lane[rows].astype(np.int64)
        return self._ranks_of(column)[rows]

    def _ranks_of(self, column: int) -> np.ndarray:
        """Every event's place in a text column's order (equal texts share one), made once per column.

        A filter, a hidden lane or the other direction then re-sorts a sorted table by these numbers
        without reading a text again (at a million events a filter re-sorted by title in 1.1 s).
        """
        ranks = self._kept_ranks(column)
        if ranks is None:
            cols = self.session.columns
            if column == TAGS_COLUMN:
                ranks = tag_ranks(self.session.annotations.marks(), len(cols.num))
            else:
                ranks = text_ranks(cols.whole_text, TEXT_SORTED[column])
            self._ranks[column] = ranks
        return ranks

    def _kept_ranks(self, column: int) -> np.ndarray | None:
        ranks = self._ranks.get(column)
        return ranks if ranks is not None and len(ranks) == len(self.session.columns.num) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of events (no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns (no children)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def _dates(self, row: int) -> tuple[str, str, str]:
        """(words, edtf, precision) of a row, fetched with the rest of its block."""
        return self._block_row(row)[:3]

    def _text(self, row: int) -> tuple[str, str]:
        """(title, id) of a row, fetched with the rest of its block (the columns hold no text)."""
        return self._block_row(row)[3:]

    def _block_row(self, row: int) -> tuple[str, str, str, str, str]:
        """(words, edtf, precision, title, id) of a model row, read with the rest of its block."""
        block = row // BLOCK
        cached = self._blocks.get(block)
        if cached is None:
            cols = self.session.columns
            nums = cols.num[self._rows[block * BLOCK : (block + 1) * BLOCK]].tolist()
            fetched = {
                num: (text or (describe(edtf) if edtf else "undated"), edtf, precision, title, eid)
                for num, (edtf, text, precision, title, eid) in self.session.events.row_texts(nums).items()
            }
            empty = ("", "", "", "", "")
            cached = {i: fetched.get(n, empty) for i, n in enumerate(nums, start=block * BLOCK)}
            if len(self._blocks) > 64:
                self._blocks.clear()
            self._blocks[block] = cached
        return cached[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, sort keys, tooltips and the event id of a cell."""
        # (most of the roles a paint asks for, fonts, colours, alignment, are the view's defaults)
        if role not in _ROLES or not index.isValid():
            return None
        mrow, col = index.row(), index.column()
        if not 0 <= mrow < len(self._rows):
            return None
        cols = self.session.columns
        row = int(self._rows[mrow])
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self._dates(mrow)[0]
            if col == 1:
                return self._text(mrow)[0]
            if col == 2:
                tid = cols.track_ids[int(cols.lane[row])]
                return self._track_names.get(tid, tid)
            if col == 3:
                words = self._dates(mrow)[2]
                return f"{words} (period)" if cols.flags[row] & INTERVAL else words
            if col == 4:
                return self._dates(mrow)[1]
            if col == TAGS_COLUMN:
                return ", ".join(t.name for t in self.session.annotations.marks().tags_of(row))
        elif role == SORT_ROLE:
            if col == 0:
                return int(date_keys(np.int64(cols.lo[row]), cols.hi[row]))
            if col == 1:
                return self._text(mrow)[0].casefold()
            if col == 2:
                return int(cols.lane[row])
            if col == 3:
                return PRECISION_RANK.get(self._dates(mrow)[2], UNKNOWN_PRECISION)
            if col == 4:
                return self._dates(mrow)[1]
            if col == TAGS_COLUMN:
                return tags_key(self.session.annotations.marks().tags_of(row))
        elif role == TAGS_ROLE:
            return [(t.name, t.color) for t in self.session.annotations.marks().tags_of(row)]
        elif role == ID_ROLE:
            return self._text(mrow)[1]
        elif role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return literal_html(self._text(mrow)[0])
        return None

    def _on_session_annotations_changed(self, _ids: list) -> None:
        self._ranks.pop(TAGS_COLUMN, None)  # (a tag added or removed moves its event in that order)
        if self._rows.size:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, TAGS_COLUMN), self.index(last, TAGS_COLUMN))

    def _on_session_events_changed(self) -> None:
        self._ranks.clear()  # (events added, removed or edited: their texts are read again)
        self._generation += 1
        self._on_session_shown_changed()

    def _on_session_shown_changed(self) -> None:
        self.beginResetModel()
        self._track_names = {t.id: t.name for t in self.session.tracks}
        self._shown = np.flatnonzero(self.session.shown_mask()).astype(np.int32)
        self._apply_sort(*self._sorted_by)  # (a sorted table stays sorted by its column)
        self.endResetModel()


def date_keys(lo: Any, hi: Any) -> Any:
    """The Date column's sort key of first and last possible days (arrays or one of each, `lo` as int64):
    by the first day, then the last, the last capped so that both fit one number."""
    return lo * (_LAST_DAY_CAP + 1) + np.minimum(hi, _LAST_DAY_CAP)


def _ordered(keys: np.ndarray, order: Qt.SortOrder) -> np.ndarray:
    """The order of rows by their keys one way or the other, ties in date order both ways."""
    return _stable_order(-keys if order == Qt.SortOrder.DescendingOrder else keys)


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """The order of `keys`, ties in their order (the date order, as Qt's own stable sort kept them).

    Small keys (a text column's ranks) are made unique by their place and sorted unstably, in half the
    time of a stable sort (a tenth of a second at a million rows, on the GUI thread).
    """
    n = len(keys)
    if n and keys.dtype.kind in "iu" and int(np.abs(keys).max()) < (1 << 62) // max(n, 1):
        return np.argsort(keys.astype(np.int64) * n + np.arange(n))
    return np.argsort(keys, kind="stable")

"""Series of the comparison made from the event columns in memory, without reading ids. No Qt, no SQL.

A track (or any set of rows) becomes a `Series` with numpy alone: the anchor of a row is the middle
of its possible start, `(lo + start_max) / 2` (both day numbers in `EventColumns`), which is what
`explorer.store.event_days.ANCHOR_SQL` computes from the ISO bounds. The ids are a `RowIds` that
reads them from the database only when one is asked for (a click, a CSV export), so a series of a
few hundred thousand events costs no text at all while the view is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from explorer.analysis.compare import Series
from explorer.store.columns import EventColumns

__all__ = ["RowIds", "rows_on_lanes", "series_from_rows"]


class RowIds(Sequence[str]):
    """The ids of some rows of the columns, read when asked for."""

    def __init__(self, columns: EventColumns, rows: np.ndarray) -> None:
        self._columns = columns
        self.rows = np.asarray(rows, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, key: int) -> str: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[str]: ...
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return tuple(self.take(np.arange(len(self))[key]))
        return str(self._columns.ids[int(self.rows[key])])

    def take(self, at: np.ndarray) -> list[str]:
        """The ids at these positions (one read for all of them)."""
        return [str(v) for v in self._columns.ids.take(self.rows[np.asarray(at, dtype=np.int64)])]

    def __iter__(self) -> Iterator[str]:
        return iter(self.take(np.arange(len(self))))


def rows_on_lanes(columns: EventColumns, lanes: Sequence[int], *, count_shared: bool = False) -> np.ndarray:
    """Rows whose home lane is one of `lanes` (with `count_shared`, also those placed on one), sorted."""
    # a table by lane (one slot more: lane -1, a track without a lane, maps to the last, never chosen)
    chosen = np.zeros(len(columns.track_ids) + 1, dtype=bool)
    chosen[[lane for lane in lanes if 0 <= lane < len(columns.track_ids)]] = True
    rows = np.flatnonzero(chosen[columns.lane])
    if count_shared and len(columns.extra_rows):
        extra = columns.extra_rows[chosen[columns.extra_lane]]
        rows = np.union1d(rows, extra.astype(np.int64))
    return rows


def series_from_rows(columns: EventColumns, rows: np.ndarray, *, key: str, label: str) -> Series:
    """A series of these rows, by anchor (then in the columns' date order), with their possible starts."""
    rows = np.asarray(rows, dtype=np.int64)
    dated = columns.dated[rows]
    undated, rows = rows[~dated], rows[dated]
    lo = columns.lo[rows].astype(float)
    hi = columns.start_max[rows].astype(float)
    days = (lo + hi) / 2.0
    # rows are in date order (lo, hi, position, num): ties of an anchor keep it
    order = np.lexsort((rows, days))
    rows, days, lo, hi = rows[order], days[order], lo[order], hi[order]
    return Series(key, label, RowIds(columns, rows), days, RowIds(columns, np.sort(undated)), bounds=(lo, hi))

"""The ids of a selection made by rows (Select All Shown), read from the columns only when a command needs them.

At a million events, Select All Shown spent half a second reading a million ids that no view
looks at: the table, the lanes, the overview strip and the selection list work from the
selection's row mask, and the window shows only how many are selected. `SelectedIds` is an
immutable sequence of str that knows its length, membership and first ids from the rows; the
whole list is read once, the first time something iterates it (an export, a bulk edit).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from explorer.store.columns import EventColumns


class SelectedIds(Sequence[str]):
    """The ids of some column rows, in the order given; equal to the list of those ids."""

    __slots__ = ("_cols", "_ids", "_mask", "_rows")

    def __init__(self, cols: EventColumns, rows: np.ndarray, mask: np.ndarray) -> None:
        self._cols = cols
        self._rows = rows
        self._mask = mask  # (True at exactly these rows)
        self._ids: list[str] | None = None

    @property
    def rows(self) -> np.ndarray:
        """The rows, in selection order (read-only)."""
        view = self._rows.view()
        view.flags.writeable = False
        return view

    @property
    def mask(self) -> np.ndarray:
        """A row mask of the columns, True at exactly these rows."""
        return self._mask

    def _list(self) -> list[str]:
        if self._ids is None:
            self._ids = self._cols.ids[self._rows].tolist() if len(self._rows) else []
        return self._ids

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return len(self._rows) > 0

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self._ids is not None:
            return self._ids[index]
        if isinstance(index, slice):
            rows = self._rows[index]
            return self._cols.ids[rows].tolist() if len(rows) else []
        return str(self._cols.ids[int(self._rows[index])])

    def __iter__(self) -> Iterator[str]:
        return iter(self._list())

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str) or not len(self._rows):
            return False
        row = self._cols.index_of(value)
        return row is not None and row >= 0 and bool(self._mask[row])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SelectedIds):
            if other._cols is self._cols:
                return bool(np.array_equal(self._rows, other._rows))
            return self._list() == other._list()
        if isinstance(other, list | tuple):
            return len(other) == len(self) and self._list() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # (equal to a list, which is not hashable)

    def __add__(self, other: Any) -> list[str]:
        return self._list() + list(other)

    def __radd__(self, other: Any) -> list[str]:
        return list(other) + self._list()

    def __repr__(self) -> str:
        return f"SelectedIds({len(self)} events)"

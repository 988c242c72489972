"""Numpy columns of every event, for drawing, culling and hit-testing. No Qt.

All events are read with one SQL query straight into a structured numpy array (`np.fromiter`),
so a million rows cost one pass of the sqlite3 cursor and no per-event Python objects beyond
the id and title strings the timeline needs for labels and selection. Day numbers are proleptic
Gregorian ordinals (`date.toordinal()`), computed by SQLite from the stored ISO bounds.

Rows are in date order (lo, hi, position, id), so the rows of any lane, taken in row order,
are sorted by `lo` and can be culled with `np.searchsorted`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sqlite_utils

__all__ = [
    "APPROX",
    "EXACT",
    "INTERVAL",
    "OPEN_END",
    "OPEN_FADE_DAYS",
    "EventColumns",
    "empty_columns",
    "load_columns",
]

#: Flag bits of `EventColumns.flags`.
EXACT = 1  # a single day known exactly
APPROX = 2  # an approximate or uncertain qualifier (~ ? %)
OPEN_END = 4  # an interval without an end ("since 2014")
INTERVAL = 8  # a period rather than a point in time

#: How far past its latest known start an open-ended item is drawn, fading out (about a decade).
OPEN_FADE_DAYS = 3653

# julianday('0001-01-01') is 1721425.5 and that day's ordinal is 1.
_ORDINAL = "CAST(julianday({}) - 1721424.5 AS INTEGER)"

# The lane comes from a CASE over the track ids (filled in by load_columns), not a join, so SQLite
# can walk the (lo, hi) index in order instead of sorting every row.
_QUERY = f"""
SELECT e.num, e.id, {{lane}}, e.lo, e.hi,
       {_ORDINAL.format("e.start_max")}, {_ORDINAL.format("e.end_min")},
       (CASE WHEN e.precision = 'day' AND e.kind = 'event' AND e.approximate = 0 AND e.uncertain = 0
             THEN {EXACT} ELSE 0 END)
     | (CASE WHEN e.approximate OR e.uncertain THEN {APPROX} ELSE 0 END)
     | (CASE WHEN e.open_end THEN {OPEN_END} ELSE 0 END)
     | (CASE WHEN e.kind = 'period' THEN {INTERVAL} ELSE 0 END),
       e.title
FROM events e
ORDER BY e.lo, e.hi, e.position, e.id
"""

_ROW = np.dtype(
    [
        ("num", np.int64),
        ("id", object),
        ("lane", np.int16),
        ("lo", np.int64),
        ("hi", np.int64),
        ("start_max", np.int64),
        ("end_min", np.int64),
        ("flags", np.uint8),
        ("title", object),
    ]
)


@dataclass(eq=False)
class EventColumns:
    """Every event as parallel arrays in date order, with the lanes (tracks) they belong to."""

    num: np.ndarray
    ids: np.ndarray
    lane: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    start_max: np.ndarray
    end_min: np.ndarray
    flags: np.ndarray
    titles: np.ndarray
    track_ids: tuple[str, ...]
    _index: dict[str, int] | None = field(default=None, repr=False)
    _lane_rows: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.num)

    @cached_property
    def draw_hi(self) -> np.ndarray:
        """The last day drawn for each event: `hi`, or a fade past `start_max` for an open end."""
        return np.where(self.flags & OPEN_END, self.start_max + OPEN_FADE_DAYS - 1, self.hi)

    @cached_property
    def centre(self) -> np.ndarray:
        """Where a point event's marker sits: the middle of its possible range (days, float)."""
        return (self.lo + self.draw_hi + 1) / 2.0

    def lane_rows(self, lane: int) -> np.ndarray:
        """Row numbers of one lane's events, sorted by `lo` (cached)."""
        rows = self._lane_rows.get(lane)
        if rows is None:
            rows = np.flatnonzero(self.lane == lane)
            self._lane_rows[lane] = rows
        return rows

    def lane_of_track(self, track_id: str) -> int:
        """The lane index of a track id; ValueError if the track is unknown."""
        return self.track_ids.index(track_id)

    def index_of(self, event_id: str) -> int | None:
        """The row of an event id, None if absent (the id map is built on first use)."""
        if self._index is None:
            self._index = {eid: i for i, eid in enumerate(self.ids.tolist())}
        return self._index.get(event_id)

    def rows_of(self, event_ids: Iterable[str]) -> np.ndarray:
        """Rows of the known ids among `event_ids`, in the order given."""
        found = (self.index_of(e) for e in event_ids)
        return np.fromiter((i for i in found if i is not None), dtype=np.int64)

    def mask_of(self, event_ids: Iterable[str]) -> np.ndarray:
        """A boolean row mask that is true for the given ids."""
        mask = np.zeros(len(self), dtype=bool)
        mask[self.rows_of(event_ids)] = True
        return mask

    def span(self) -> tuple[int, int] | None:
        """First and last day drawn (open ends counted to their fade), None when empty."""
        if not len(self):
            return None
        return int(self.lo.min()), int(self.draw_hi.max())


def empty_columns(track_ids: Iterable[str] = ()) -> EventColumns:
    """Columns with no events."""
    arr = np.zeros(0, dtype=_ROW)
    return _from_array(arr, tuple(track_ids))


def _from_array(arr: np.ndarray, track_ids: tuple[str, ...]) -> EventColumns:
    return EventColumns(
        num=np.ascontiguousarray(arr["num"]),
        ids=np.ascontiguousarray(arr["id"]),
        lane=np.ascontiguousarray(arr["lane"]),
        lo=np.ascontiguousarray(arr["lo"]),
        hi=np.ascontiguousarray(arr["hi"]),
        start_max=np.ascontiguousarray(arr["start_max"]),
        end_min=np.ascontiguousarray(arr["end_min"]),
        flags=np.ascontiguousarray(arr["flags"]),
        titles=np.ascontiguousarray(arr["title"]),
        track_ids=track_ids,
    )


def load_columns(db: sqlite_utils.Database) -> EventColumns:
    """Read every event into columns with one query (tracks give the lane order)."""
    track_ids = tuple(r[0] for r in db.execute("SELECT id FROM tracks ORDER BY position, id"))
    if track_ids:
        lane = "CASE e.track " + " ".join("WHEN ? THEN ?" for _ in track_ids) + " ELSE -1 END"
    else:
        lane = "-1"
    params = [v for i, t in enumerate(track_ids) for v in (t, i)]
    arr = np.fromiter(db.execute(_QUERY.format(lane=lane), params), dtype=_ROW)
    return _from_array(arr, track_ids)

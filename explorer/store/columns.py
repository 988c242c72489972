"""Numpy columns of every event, for drawing, culling and hit-testing. No Qt.

Only numbers are held: num, lane, day bounds and flags, read with one SQL query that hands each
column back as a single comma-separated string (`group_concat`, parsed by numpy), so a million
rows cost one table scan and no per-event Python objects. Ids and titles are not kept in memory:
`ids` and `titles` are array-like views that read the rows asked for from the database by num
(see `TextColumn`), and `index_of` / `rows_of` find rows through the unique index on events.id;
only each title's length is read with the numbers (`title_len`, for the timeline's label widths).
Day numbers are proleptic Gregorian ordinals (`date.toordinal()`, at most 3,652,059, held as int32),
computed by SQLite from the stored ISO bounds.

Rows are in date order (lo, hi, position, num), so the rows of any lane, taken in row order,
are sorted by `lo` and can be culled with `np.searchsorted`.

Undated records (flag UNDATED) are rows like any other, so the table, selection, filters and
marks see them, with the sentinel day UNDATED_DAY (after every date) as `lo` and `hi`; they are
kept out of `lane_rows` and `span`, so nothing draws, culls or hit-tests them in time.

Events on several lanes: `lane` is an event's home lane; `extra_rows` / `extra_lane` list its further
placements (table event_extra_tracks), which `lane_rows` merges into each lane, so every lane draws,
culls and hit-tests them with the same arrays, and `shared` marks the rows drawn in more than one lane.
A row is still one event: selection, the table and counts go by row (or id), never by placement.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import sqlite_utils

from explorer.store import column_cache
from explorer.store.text_ranks import CHUNK as TEXT_CHUNK
from explorer.store.text_ranks import read_column

__all__ = [
    "APPROX",
    "EXACT",
    "INTERVAL",
    "OPEN_END",
    "OPEN_FADE_DAYS",
    "UNDATED",
    "EventColumns",
    "TextColumn",
    "empty_columns",
    "load_columns",
]

#: Flag bits of `EventColumns.flags`.
EXACT = 1  # a single day known exactly
APPROX = 2  # an approximate or uncertain qualifier (~ ? %)
OPEN_END = 4  # an interval without an end ("since 2014")
INTERVAL = 8  # a period rather than a point in time
UNDATED = 16  # no date at all (the source gives none): never placed in time
_FLAG_BITS = 5

#: How far past its latest known start an open-ended item is drawn, fading out (about a decade).
OPEN_FADE_DAYS = 3653

#: The text columns `EventColumns.whole_text` reads (ids and titles, and what the event table sorts by).
WHOLE_TEXTS = ("id", "title", "date", "precision")
#: Title lengths are kept up to this many characters (a uint16; a label is never that wide).
TITLE_LEN_MAX = 65_535

# julianday('0001-01-01') is 1721425.5 and that day's ordinal is 1.
_ORDINAL = "CAST(julianday({}) - 1721424.5 AS INTEGER)"

# One row of comma-separated columns (in rowid order); flags and position share one number.
# An undated row's ISO bounds are empty (julianday NULL, which group_concat would skip): its lo stands in.
# The lane comes from a CASE over the track ids (filled in by load_columns), not a join.
_QUERY = f"""
SELECT group_concat(e.num), group_concat({{lane}}), group_concat(e.lo), group_concat(e.hi),
       group_concat(coalesce({_ORDINAL.format("e.start_max")}, e.lo)),
       group_concat(coalesce({_ORDINAL.format("e.end_min")}, e.lo)),
       group_concat(
         ((e.precision = 'day' AND e.kind = 'event' AND e.approximate = 0 AND e.uncertain = 0) * {EXACT})
       | ((e.approximate OR e.uncertain) * {APPROX})
       | ((e.open_end <> 0) * {OPEN_END})
       | ((e.kind = 'period') * {INTERVAL})
       | ((e.precision = 'undated') * {UNDATED})
       | (e.position << {_FLAG_BITS})),
       group_concat(min(coalesce(length(e.title), 0), {TITLE_LEN_MAX}))
FROM events e
"""

#: Names the query's meaning in the column cache: a cache made by another version of it is not used.
_QUERY_TAG = hashlib.sha256(_QUERY.encode()).hexdigest()[:16]

#: Text rows kept by a TextColumn between reads (labels, table rows, tooltips).
TEXT_CACHE = 65_536
#: From this many rows, a TextColumn reads the whole column in one scan instead of by num.
WHOLE_COLUMN = 200_000
#: Up to this many nums, rows are found by scanning the num column rather than through an index by num.
FEW_NUMS = 4
#: How many ids' rows `index_of` keeps.
ID_ROWS_KEPT = 64


class TextColumn:
    """A text column of the events (`id` or `title`) indexed like a numpy array by row, read on demand.

    `col[row]` is a str; `col[rows]`, `col[mask]` and `col[a:b]` are numpy object arrays; `tolist()`
    and iteration give every value. Values are read by num from the database the columns came
    from and a few recent rows are kept.
    """

    dtype = np.dtype(object)

    def __init__(self, owner: EventColumns, column: str) -> None:
        self._owner = owner
        self._column = column
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._owner)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    @property
    def shape(self) -> tuple[int]:
        """Like an array's shape."""
        return (len(self),)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int | np.integer):
            row = int(key)
            if row < 0:
                row += len(self)
            if not 0 <= row < len(self):
                raise IndexError(f"row {key} is out of range")
            hit = self._cache.get(row)
            if hit is None:
                hit = str(self.take(np.array([row]))[0])
            return hit
        return self.take(self._rows_for(key))

    def _rows_for(self, key: Any) -> np.ndarray:
        """The rows a key names, as an array would take them (without a million-entry arange for a few)."""
        n = len(self)
        if isinstance(key, slice):
            return np.arange(*key.indices(n), dtype=np.int64)
        arr = np.asarray(key)
        if arr.dtype.kind in "iu":
            rows = arr.astype(np.int64).reshape(-1)
            rows = np.where(rows < 0, rows + n, rows)
            if len(rows) and (rows.min() < 0 or rows.max() >= n):
                raise IndexError(f"a row of {key!r} is out of range")
            return rows
        if arr.dtype == bool and arr.shape == (n,):
            return np.flatnonzero(arr)
        return np.asarray(np.arange(n)[key], dtype=np.int64)

    def tolist(self) -> list[str]:
        """Every value, in row order."""
        return self.take(np.arange(len(self))).tolist()

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The values of these rows (an object array in the same order)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        out = np.empty(len(rows), dtype=object)
        if not len(rows):
            return out
        if len(rows) >= WHOLE_COLUMN:  # not kept: a million strings would outweigh every other column
            return self._read_all()[rows]
        cache = self._cache
        wanted = rows.tolist()
        missing = [r for r in wanted if r not in cache]
        if not missing:
            out[:] = [cache[r] for r in wanted]
            return out
        want = sorted_unique(np.array(missing, dtype=np.int64))
        if 2 * len(want) >= len(self):
            # half the rows or more: one scan of the column costs less than looking them up by num
            # (10,000 titles: 8.5 ms against 14 ms; 100,000: 84 ms against 155 ms)
            whole = self._read_all()
            fresh = dict(zip(want.tolist(), whole[want].tolist(), strict=True))
        else:
            nums = self._owner.num[want]
            got = self._owner._read_text(self._column, nums)
            fresh = {r: got.get(n, "") for r, n in zip(want.tolist(), nums.tolist(), strict=True)}
        out[:] = [fresh[r] if r in fresh else cache[r] for r in wanted]
        if len(cache) + len(fresh) > TEXT_CACHE:
            cache.clear()
        cache.update(fresh)
        return out

    def _read_all(self) -> np.ndarray:
        return self._owner.whole_text(self._column)

    def forget(self) -> None:
        """Drop what was read (after the text of events changed)."""
        self._cache.clear()


@dataclass(eq=False)
class EventColumns:
    """Every event as parallel numeric arrays in date order, with the lanes (tracks) they belong to.

    `ids` and `titles` are TextColumns, read from the database when needed.
    """

    num: np.ndarray
    lane: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    start_max: np.ndarray
    end_min: np.ndarray
    flags: np.ndarray
    track_ids: tuple[str, ...]
    db: sqlite_utils.Database | None = field(default=None, repr=False)
    #: Events on several lanes: the row and the other lane of each extra placement (parallel arrays).
    extra_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    extra_lane: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    #: How many characters each row's title has (uint16, up to TITLE_LEN_MAX), read with the numbers:
    #: a new zoom estimates the width of thousands of labels it may never draw, and reading their
    #: titles from the database for that cost milliseconds a step. None: not read (`title_lengths` reads).
    title_len: np.ndarray | None = None
    _lane_rows: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    #: Rows of the ids asked for lately (a selection asks the same id of half a dozen views at once)
    _id_rows: dict[str, int | None] = field(default_factory=dict, repr=False, init=False)

    def __post_init__(self) -> None:
        self.ids = TextColumn(self, "id")
        self.titles = TextColumn(self, "title")

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

    @cached_property
    def dated(self) -> np.ndarray:
        """True for each row that has a date (False for an undated record, which has no place in time)."""
        return (self.flags & UNDATED) == 0

    @cached_property
    def _num_order(self) -> np.ndarray:
        return np.argsort(self.num, kind="stable")

    @cached_property
    def shared(self) -> np.ndarray:
        """True for each row of an event drawn in more than one lane (its home lane and others)."""
        mask = np.zeros(len(self), dtype=bool)
        mask[self.extra_rows] = True
        return mask

    def lane_rows(self, lane: int) -> np.ndarray:
        """Row numbers of one lane's dated events, sorted by `lo` (cached); undated ones are not drawn.

        An event placed on this lane besides its home one is among them (rows are in date order, so
        merging sorted row numbers keeps the lane sorted by `lo`).
        """
        rows = self._lane_rows.get(lane)
        if rows is None:
            home = self.lane == lane
            if len(self.extra_rows):
                home = home.copy()
                home[self.extra_rows[self.extra_lane == lane]] = True
            rows = np.flatnonzero(home & self.dated).astype(np.int32)
            self._lane_rows[lane] = rows
        return rows

    def lane_counts(self, mask: np.ndarray) -> np.ndarray:
        """Per lane, how many rows of `mask` it draws: each event at home and on every further lane."""
        n_lanes = len(self.track_ids)
        if not len(self):
            return np.zeros(n_lanes, dtype=np.int64)
        counts = np.bincount(self.lane[mask], minlength=n_lanes)
        if len(self.extra_rows):
            counts = counts + np.bincount(self.extra_lane[mask[self.extra_rows]], minlength=n_lanes)
        return counts

    def lanes_of(self, row: int) -> list[int]:
        """Every lane an event row is drawn in: its home lane first, then its other placements."""
        extra = self.extra_lane[self.extra_rows == row].tolist()
        return [int(self.lane[row]), *(int(x) for x in extra)]

    def lane_of_track(self, track_id: str) -> int:
        """The lane index of a track id; ValueError if the track is unknown."""
        return self.track_ids.index(track_id)

    @cached_property
    def _row_at_num(self) -> np.ndarray | None:
        """Row by num as a dense array (-1 where no event has that num), when nums are dense enough.

        Nums are rowids, so they run 1..n with few gaps: one int32 per num (4 MB at 1M) turns the
        rows of a few hundred thousand search matches into one gather instead of a sort.
        """
        if not len(self) or self.num.min() < 0 or self.num.max() > 4 * len(self) + 1024:
            return None
        at = np.full(int(self.num.max()) + 1, -1, dtype=np.int32)
        at[self.num] = np.arange(len(self), dtype=np.int32)
        return at

    def mask_of_nums(self, nums: np.ndarray) -> np.ndarray:
        """A boolean row mask that is true for the events with these nums (unknown nums are ignored)."""
        mask = np.zeros(len(self), dtype=bool)
        rows = self.rows_of_nums(nums)
        mask[rows[rows >= 0]] = True
        return mask

    def rows_of_nums(self, nums: np.ndarray) -> np.ndarray:
        """Rows of events by num (-1 for a num that is not in the columns)."""
        nums = np.asarray(nums, dtype=np.int64)
        if not len(self) or not len(nums):
            return np.full(len(nums), -1, dtype=np.int64)
        if len(nums) <= FEW_NUMS and "_row_at_num" not in self.__dict__:
            # a selected event or two: a scan per num (under a millisecond at a million events)
            # instead of building the index by num on the GUI thread the first time one is selected
            return np.array([self._row_scan(int(n)) for n in nums], dtype=np.int64)
        at = self._row_at_num
        if at is not None:
            inside = (nums >= 0) & (nums < len(at))
            return np.where(inside, at[np.where(inside, nums, 0)], -1).astype(np.int64)
        order = self._num_order
        at = np.minimum(np.searchsorted(self.num, nums, sorter=order), len(order) - 1)
        rows = order[at]
        return np.where(self.num[rows] == nums, rows, -1)

    def _row_scan(self, num: int) -> int:
        """The row of one num by comparing the whole column (-1 when absent)."""
        found = np.flatnonzero(self.num == num)
        return int(found[0]) if len(found) else -1

    def index_of(self, event_id: str) -> int | None:
        """The row of an event id, None if absent."""
        if self.db is None or not len(self) or not isinstance(event_id, str):
            return None
        if event_id in self._id_rows:
            return self._id_rows[event_id]
        found = self.db.execute("SELECT num FROM events WHERE id = ?", [event_id]).fetchone()
        row = -1 if found is None else int(self.rows_of_nums(np.array([found[0]]))[0])
        if len(self._id_rows) >= ID_ROWS_KEPT:
            self._id_rows.pop(next(iter(self._id_rows)))
        self._id_rows[event_id] = None if row < 0 else row
        return self._id_rows[event_id]

    def rows_of(self, event_ids: Iterable[str]) -> np.ndarray:
        """Rows of the known ids among `event_ids`, in the order given."""
        rows = self._rows_or_missing([e for e in event_ids if isinstance(e, str)])
        return rows[rows >= 0]

    def known_ids(self, event_ids: Iterable[str]) -> list[str]:
        """The ids among `event_ids` that are events here, in the order given (repeats kept)."""
        ids = [e for e in event_ids if isinstance(e, str)]
        rows = self._rows_or_missing(ids)
        return [e for e, r in zip(ids, rows.tolist(), strict=True) if r >= 0]

    def _rows_or_missing(self, ids: list[str]) -> np.ndarray:
        """The row of each id, -1 where it is not an event here."""
        if not ids or self.db is None or not len(self):
            return np.full(len(ids), -1, dtype=np.int64)
        if len(ids) == 1:
            row = self.index_of(ids[0])
            return np.array([-1 if row is None else row], dtype=np.int64)
        if len(ids) >= WHOLE_COLUMN:
            # many ids (select all): one scan of the id column and a dictionary, both dropped after
            every = self.ids.take(np.arange(len(self)))
            index = dict(zip(every.tolist(), range(len(every)), strict=True))
            return np.fromiter((index.get(e, -1) for e in ids), dtype=np.int64, count=len(ids))
        nums = np.full(len(ids), -1, dtype=np.int64)
        for k, n in self.db.execute(
            "SELECT CAST(j.key AS INTEGER), e.num FROM json_each(?) j JOIN events e ON e.id = j.value",
            [json.dumps(ids, ensure_ascii=False)],
        ):
            nums[k] = n
        rows = self.rows_of_nums(nums)
        rows[nums < 0] = -1
        return rows

    def mask_of(self, event_ids: Iterable[str]) -> np.ndarray:
        """A boolean row mask that is true for the given ids."""
        mask = np.zeros(len(self), dtype=bool)
        mask[self.rows_of(event_ids)] = True
        return mask

    def span(self) -> tuple[int, int] | None:
        """First and last day drawn (open ends counted to their fade), None when nothing is dated."""
        return self._span

    @cached_property
    def _span(self) -> tuple[int, int] | None:
        # (asked on every filter change by the overview and the date box: two passes over a million rows)
        dated = self.dated
        if not dated.any():
            return None
        return int(self.lo[dated].min()), int(self.draw_hi[dated].max())

    def title_lengths(self, rows: np.ndarray) -> np.ndarray:
        """How many characters the titles of some rows have (from `title_len`; else the titles are read)."""
        if self.title_len is not None:
            return self.title_len[rows]
        titles = self.titles[rows]
        return np.fromiter((len(t) for t in titles), dtype=np.int64, count=len(titles))

    def forget_text(self) -> None:
        """Drop the ids and titles read so far (after events were edited in place)."""
        self.ids.forget()
        self.titles.forget()
        self._id_rows.clear()

    # --- reading text (for TextColumn) ---------------------------------------------------------------
    def _read_text(self, column: str, nums: np.ndarray) -> dict[int, str]:
        """num -> value of one text column for some nums."""
        if self.db is None:
            return {}
        sql = f"SELECT num, {column} FROM events WHERE num IN (SELECT value FROM json_each(?))"
        out: dict[int, str] = {}
        values = nums.tolist()
        for i in range(0, len(values), 50_000):
            out.update(self.db.execute(sql, [json.dumps(values[i : i + 50_000])]).fetchall())
        return out

    def whole_text(self, column: str, conn: sqlite3.Connection | None = None) -> np.ndarray:
        """Every row's value of one text column (WHOLE_TEXTS), in row order, read in one scan.

        The event table sorts by a text column with it (a million titles in about a second, where
        reading them by look-up took several); "" where an event has none. A thread reads through a
        connection of its own (`conn`, on the same file); the GIL is held only in short turns.
        """
        if column not in WHOLE_TEXTS:
            raise ValueError(f"{column} is not a text column the columns read whole")
        values = np.empty(len(self), dtype=object)
        values[:] = ""
        source = conn if conn is not None else self.db.conn if self.db is not None else None
        if source is None:
            return values
        nums, text = read_column(source, column)
        rows = self.rows_of_nums(nums)
        for start in range(0, len(text), TEXT_CHUNK):  # (in blocks: a thread holds the GIL briefly)
            at = rows[start : start + TEXT_CHUNK]
            known = at >= 0
            values[at[known]] = np.asarray(text[start : start + TEXT_CHUNK], dtype=object)[known]
        return values


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-D array, sorted, as np.unique gives them (for values that are not NaN).

    np.unique imports numpy.ma on its first plain call of a process (7-8 ms; it asks whether the array is
    masked), which would land in the window's first paint: the columns and the timeline use this instead.
    """
    out = np.sort(values)
    return out[np.concatenate(([True], out[1:] != out[:-1]))] if len(out) else out


def _ints(text: str | None) -> np.ndarray:
    """Comma-separated integers (a group_concat column) as an int64 array."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    # np.fromstring with a separator parses text without a Python list (only sep="" is deprecated)
    return np.fromstring(text, dtype=np.int64, sep=",")


def empty_columns(track_ids: Iterable[str] = ()) -> EventColumns:
    """Columns with no events."""
    days = np.zeros(0, dtype=np.int32)
    return EventColumns(
        num=np.zeros(0, dtype=np.int64),
        lane=np.zeros(0, dtype=np.int16),
        lo=days,
        hi=days.copy(),
        start_max=days.copy(),
        end_min=days.copy(),
        flags=np.zeros(0, dtype=np.uint8),
        track_ids=tuple(track_ids),
        title_len=np.zeros(0, dtype=np.uint16),
    )


def load_columns(db: sqlite_utils.Database) -> EventColumns:
    """Every event's numbers as columns: from the column cache when the file is unchanged, else by SQL.

    See explorer.store.column_cache for why a cache that matches the file's state is current.
    """
    path = column_cache.database_file(db)
    state = None if path is None else column_cache.file_state(db, path, _QUERY_TAG)
    if path is not None and state is not None:
        hit = column_cache.read(path, state)
        if hit is not None:
            arrays, track_ids = hit
            a = arrays
            return EventColumns(
                num=a["num"],
                lane=a["lane"],
                lo=a["lo"],
                hi=a["hi"],
                start_max=a["start_max"],
                end_min=a["end_min"],
                flags=a["flags"],
                track_ids=track_ids,
                db=db,
                extra_rows=a["extra_rows"],
                extra_lane=a["extra_lane"],
                title_len=a["title_len"],
            )
    cols = _read_columns(db)
    if (
        path is not None
        and state is not None
        and len(cols) >= column_cache.MIN_EVENTS
        and column_cache.is_settled(state)
        and column_cache.file_state(db, path, _QUERY_TAG) == state  # no commit during the scan
    ):
        arrays = {name: getattr(cols, name) for name in column_cache.ARRAYS}
        column_cache.write(path, state, arrays, cols.track_ids)
    return cols


def _read_columns(db: sqlite_utils.Database) -> EventColumns:
    """Read every event's numbers into columns with one query (tracks give the lane order)."""
    track_ids = tuple(r[0] for r in db.execute("SELECT id FROM tracks ORDER BY position, id"))
    if track_ids:
        lane = "CASE e.track " + " ".join("WHEN ? THEN ?" for _ in track_ids) + " ELSE -1 END"
    else:
        lane = "-1"
    params = [v for i, t in enumerate(track_ids) for v in (t, i)]
    row = db.execute(_QUERY.format(lane=lane), params).fetchone()
    num, lanes, lo, hi, smax, emin, packed, title_len = (_ints(x) for x in row)
    if not len(num):
        cols = empty_columns(track_ids)
        cols.db = db
        return cols
    position = packed >> _FLAG_BITS
    order = np.lexsort((num, position, hi, lo))
    cols = EventColumns(
        num=num[order],
        lane=lanes[order].astype(np.int16),
        lo=lo[order].astype(np.int32),
        hi=hi[order].astype(np.int32),
        start_max=smax[order].astype(np.int32),
        end_min=emin[order].astype(np.int32),
        flags=(packed[order] & ((1 << _FLAG_BITS) - 1)).astype(np.uint8),
        track_ids=track_ids,
        db=db,
        title_len=title_len[order].astype(np.uint16),
    )
    _read_extra_placements(db, cols)
    return cols


def _read_extra_placements(db: sqlite_utils.Database, cols: EventColumns) -> None:
    """Fill the columns' extra placements (events on several lanes), if the file has any."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_extra_tracks'").fetchone():
        return
    pairs = db.execute(
        "SELECT e.num, x.track_id FROM event_extra_tracks x JOIN events e ON e.id = x.event_id"
    ).fetchall()
    lane_of = {t: i for i, t in enumerate(cols.track_ids)}
    pairs = [(n, lane_of[t]) for n, t in pairs if t in lane_of]
    if not pairs:
        return
    nums = np.array([n for n, _ in pairs], dtype=np.int64)
    lanes = np.array([lane for _, lane in pairs], dtype=np.int16)
    rows = cols.rows_of_nums(nums)
    keep = (rows >= 0) & (lanes != cols.lane[np.maximum(rows, 0)])
    cols.extra_rows = rows[keep].astype(np.int32)
    cols.extra_lane = lanes[keep]

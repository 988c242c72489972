"""One lane's events as numpy arrays, and the geometry of one frame of it: no Qt.

`LaneData` holds one lane's shown events as arrays sorted by their first possible day; culling
to the view is two `np.searchsorted` calls (on `lo` and on the running maximum of the ends).
`LaneFrame` is what layout.py makes of the visible part at one zoom (pixel geometry and rows);
`pack_rows` and `extents` are the row packing both layout.py and zoom_plan.py build on.

Days are day numbers (proleptic Gregorian ordinals); a day `d` covers [d, d + 1) on the axis.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from explorer.store.columns import INTERVAL, OPEN_END, OPEN_FADE_DAYS, EventColumns

#: LaneData.shared's instances: per columns object (dropped with it), lane -> (shown mask, data).
_SHARED: weakref.WeakKeyDictionary[EventColumns, dict[int, tuple[np.ndarray | None, LaneData]]] = (
    weakref.WeakKeyDictionary()
)

DETAIL = "detail"
DENSITY = "density"
EMPTY = "empty"

#: Room kept for the start of a label when choosing rows (pixels).
LABEL_RESERVE = 110.0
#: The least room worth drawing a label in (pixels): below about ten characters an elided title
#: ("Bel…") says nothing, so the label is left out and the title stays on hover.
MIN_LABEL = 64.0
MARK_RADIUS = 5.0
GAP = 6.0
#: Past this many times the detail capacity a lane goes straight to density, without looking for
#: the events sharp enough to draw.
VAGUE_FACTOR = 40


@dataclass(eq=False)
class LaneData:
    """One lane's shown events as arrays sorted by first possible day.

    Only what culling and density need for every event is held (rows, lo, end, running maximum,
    sorted ends, flags); the certain part of each date and the marker centre are computed from
    the columns for the rows asked for.
    """

    lane: int
    rows: np.ndarray
    lo: np.ndarray
    end: np.ndarray
    flags: np.ndarray
    runmax: np.ndarray
    end_sorted: np.ndarray
    columns: EventColumns | None = field(default=None, repr=False)

    @classmethod
    def build(cls, cols: EventColumns, lane: int, shown: np.ndarray | None = None) -> LaneData:
        """The lane's rows, optionally restricted by a boolean row mask.

        Days are whole numbers, held as int32 (half the memory of float64 at a million events);
        arithmetic with a float scalar gives float64 again, and culling compares with whole days.
        """
        rows = cols.lane_rows(lane)
        if shown is not None:
            keep = shown[rows]
            if not keep.all():
                rows = rows[keep]
        lo = cols.lo[rows].astype(np.int32)
        flags = cols.flags[rows]
        open_end = (flags & OPEN_END).astype(bool)
        end = cols.hi[rows].astype(np.int32)
        end += 1
        if open_end.any():
            end[open_end] = cols.start_max[rows[open_end]] + OPEN_FADE_DAYS
        runmax = np.maximum.accumulate(end) if len(end) else end.copy()
        return cls(
            lane=lane,
            rows=rows,
            lo=lo,
            end=end,
            flags=flags,
            runmax=runmax,
            end_sorted=np.sort(end),
            columns=cols,
        )

    @classmethod
    def shared(cls, cols: EventColumns, lane: int, shown: np.ndarray | None = None) -> LaneData:
        """Like `build`, but one instance per lane while the columns and the shown mask are the same objects.

        The timeline and the overview strip draw the same shown events: they share these arrays.
        """
        # one cache per columns object, dropped with it (lane -> (shown mask, data))
        cache = _SHARED.setdefault(cols, {})
        hit = cache.get(lane)
        if hit is not None and hit[0] is shown:
            return hit[1]
        data = cls.build(cols, lane, shown)
        cache[lane] = (shown, data)
        return data

    def start_max_of(self, idx: np.ndarray) -> np.ndarray:
        """The latest possible start (days, float) of some local indices."""
        assert self.columns is not None
        return self.columns.start_max[self.rows[idx]].astype(np.float64)

    def end_min1_of(self, idx: np.ndarray) -> np.ndarray:
        """The day after the earliest possible end of some local indices (the start for open ends)."""
        assert self.columns is not None
        rows = self.rows[idx]
        open_end = (self.flags[idx] & OPEN_END).astype(bool)
        end = self.columns.end_min[rows].astype(np.float64) + 1.0
        return np.where(open_end, self.columns.start_max[rows].astype(np.float64), end)

    def centre_of(self, idx: np.ndarray) -> np.ndarray:
        """Where the markers of some local indices sit (days, float)."""
        return (self.lo[idx] + self.end[idx]) / 2.0

    @cached_property
    def centre(self) -> np.ndarray:
        """Where each event's marker sits (days, float; computed on first use)."""
        return (self.lo + self.end) / 2.0

    @property
    def start_max(self) -> np.ndarray:
        """The latest possible start of every event (days, float)."""
        return self.start_max_of(np.arange(len(self)))

    @property
    def end_min1(self) -> np.ndarray:
        """The day after the earliest possible end of every event (days, float)."""
        return self.end_min1_of(np.arange(len(self)))

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def is_period(self) -> np.ndarray:
        """True for intervals (drawn as bars; worked out once: a lane's layout reads it at every frame)."""
        return (self.flags & INTERVAL).astype(bool)

    def visible(self, v0: float, v1: float) -> np.ndarray:
        """Local indices (sorted) of events whose drawn range meets [v0, v1]."""
        i1 = int(self.lo.searchsorted(_day(math.floor(v1)), side="right"))
        i0 = int(self.runmax.searchsorted(_day(math.ceil(v0)), side="left"))
        if i1 <= i0:
            return np.zeros(0, dtype=np.int64)
        idx = (self.end[i0:i1] >= v0).nonzero()[0]
        idx += i0
        return idx

    def count_visible(self, v0: float, v1: float) -> int:
        """How many events meet [v0, v1], from two cumulative counts (no mask)."""
        started = int(self.lo.searchsorted(_day(math.floor(v1)), side="right"))
        ended = int(self.end_sorted.searchsorted(_day(math.ceil(v0)), side="left"))
        return max(0, started - ended)

    def in_range(self, d0: float, d1: float) -> np.ndarray:
        """Local indices of events inside [d0, d1]: a point by its marker, a period when most of its bar is."""
        idx = self.visible(d0, d1)
        period = self.is_period[idx]
        c = self.centre_of(idx)
        lo, end = self.lo[idx].astype(np.float64), self.end[idx].astype(np.float64)
        covered = np.clip(np.minimum(end, d1) - np.maximum(lo, d0), 0.0, None)
        most = covered > 0.5 * np.maximum(end - lo, 1e-9)
        inside = np.where(period, most, (c >= d0) & (c <= d1))
        return idx[inside]

    def density(self, v0: float, v1: float, bin_days: float) -> tuple[np.ndarray, np.ndarray]:
        """Bin edges (days) aligned to `bin_days` and the number of events overlapping each bin."""
        e0 = math.floor(v0 / bin_days) * bin_days
        n = max(1, math.ceil((v1 - e0) / bin_days))
        edges = e0 + bin_days * np.arange(n + 1, dtype=np.float64)
        return edges, self.counts_in(edges)

    def counts_in(self, edges: np.ndarray) -> np.ndarray:
        """The number of events overlapping each bin between consecutive edges (days)."""
        # whole days: lo < e  <=>  lo < ceil(e), and end <= e  <=>  end <= floor(e)
        started = np.searchsorted(self.lo, _days(np.ceil(edges[1:])), side="left")
        ended = np.searchsorted(self.end_sorted, _days(np.floor(edges[:-1])), side="right")
        return (started - ended).astype(np.float64)


_I32 = np.iinfo(np.int32)
_I32_MIN, _I32_MAX = int(_I32.min), int(_I32.max)


def _day(d: int) -> np.int32:
    """A whole day number as an int32 scalar (clamped), to search the int32 day arrays without casting them
    (a Python int would have numpy cast the whole array to int64 first)."""
    return np.int32(_I32_MIN if d < _I32_MIN else _I32_MAX if d > _I32_MAX else d)


def _days(d: np.ndarray) -> np.ndarray:
    """Whole day numbers as int32 (clamped)."""
    return np.minimum(np.maximum(d, _I32_MIN), _I32_MAX).astype(np.int32)


def _empty(dtype: type) -> np.ndarray:
    """A read-only empty array (one shared by every frame's unset fields, not one made per field per frame)."""
    out: np.ndarray = np.zeros(0, dtype=dtype)
    out.flags.writeable = False
    return out


_NO_INTS, _NO_BOOLS, _NO_FLOATS = _empty(np.int64), _empty(bool), _empty(np.float64)


@dataclass(eq=False)
class LaneFrame:
    """Pixel geometry of one lane in one frame (device pixels)."""

    mode: str
    top: float
    height: float
    row_height: float
    idx: np.ndarray = field(default_factory=lambda: _NO_INTS)
    x0: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    x1: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    sx: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    ex: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    cx: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    y: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    row: np.ndarray = field(default_factory=lambda: _NO_INTS)
    period: np.ndarray = field(default_factory=lambda: _NO_BOOLS)
    label_x: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    label_w: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    #: Labels placed left of their mark (at the right edge): drawn right-aligned against it.
    label_left: np.ndarray = field(default_factory=lambda: _NO_BOOLS)
    density_days: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    density_n: np.ndarray = field(default_factory=lambda: _NO_FLOATS)
    a: float = 1.0
    b: float = 0.0
    vague: int = 0
    #: Rows the lane would use with room for every label (up to the asked cap).
    rows_wanted: int = 1
    #: Drawn label boxes (x, y, w, h), filled by the lane item on first use (they need the font).
    label_box: np.ndarray | None = None
    #: Plates under labels lying on their own bar: (left, right, has a plate), filled on first use.
    label_plate: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def density_x(self) -> np.ndarray:
        """Bin edges in pixels."""
        return self.density_days * self.a + self.b


def detail_capacity(width_px: float, rows: int) -> int:
    """How many events a lane can show as separate marks before it switches to density."""
    return int(max(8.0, width_px / 7.0) * max(1, min(rows, 3)))


def density_bin_days(px_per_day: float, min_px: float = 3.0) -> float:
    """The power-of-two bin width (days) that is at least `min_px` pixels wide."""
    return float(2 ** max(0, math.ceil(math.log2(max(min_px / px_per_day, 1.0)))))


def pack_rows(ext0: np.ndarray, ext1_mark: np.ndarray, ext1_label: np.ndarray, nrows: int) -> np.ndarray:
    """Greedy first-fit rows: room for mark and label start, else for the mark, else least overlap.

    Each item takes the first row whose last item (label start included) ends `GAP` before it
    begins; failing that, the first row whose last mark ends before it begins, failing that the
    row ending first, and only its mark then counts in that row.
    """
    if nrows <= 1 or not len(ext0):
        return np.zeros(len(ext0), dtype=np.int64)
    return np.array(pack_lists(ext0.tolist(), ext1_mark.tolist(), ext1_label.tolist(), nrows), dtype=np.int64)


def pack_lists(ext0: list[float], ext1_mark: list[float], ext1_label: list[float], nrows: int) -> list[int]:
    """`pack_rows` over plain lists (what a caller packing many lanes from one array slices out).

    This loop runs once per item of every lane at each new zoom, so it keeps the least of the rows'
    ends (plus the gap) to tell at once whether any row fits, finds the row ending first with `min`
    and `index` (in C), and keeps each row's end plus the gap as it is compared.
    """
    if nrows <= 1:
        return [0] * len(ext0)
    ends = [-math.inf] * nrows
    # ends[r] + GAP, summed when the row's end is set (the same float the check would make)
    ends_gap = [-math.inf] * nrows
    lowest = -math.inf  # min(ends_gap)
    out: list[int] = []
    put = out.append
    rng = range(nrows)
    r = 0
    for s, em, el in zip(ext0, ext1_mark, ext1_label, strict=True):
        if lowest <= s:
            for r in rng:
                if ends_gap[r] <= s:
                    break
            ends[r] = el
            was, ends_gap[r] = ends_gap[r], el + GAP
        else:
            least = min(ends)
            if least <= s:
                for r in rng:
                    if ends[r] <= s:
                        break
            else:
                r = ends.index(least)  # the first row ending first
            if em <= ends[r]:
                put(r)
                continue
            ends[r] = em
            was, ends_gap[r] = ends_gap[r], em + GAP
        if was == lowest or ends_gap[r] < lowest:
            lowest = min(ends_gap)
        put(r)
    return out


def extents(
    period: np.ndarray, x0: np.ndarray, x1: np.ndarray, cx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where each item's mark or bar begins and ends (pixels)."""
    ext0 = np.where(period, x0, np.minimum(x0, cx - MARK_RADIUS))
    ext1_mark = np.where(period, np.maximum(x1, x0 + 2), np.maximum(x1, cx + MARK_RADIUS))
    return ext0, ext1_mark


def core_span(centre: np.ndarray, share: float, fewest: int) -> tuple[float, float] | None:
    """The shortest span holding `share` of some events' middles, padded by a twentieth on each side.

    None when fewer than `fewest` are given (too few for "the bulk" to mean anything).
    """
    n = len(centre)
    if n < fewest:
        return None
    centre = np.sort(centre)
    k = max(2, math.ceil(share * n))
    widths = centre[k - 1 :] - centre[: n - k + 1]
    i = int(np.argmin(widths))
    lo, hi = float(centre[i]), float(centre[i + k - 1])
    pad = max((hi - lo) * 0.05, 15.0)
    return lo - pad, hi + pad

"""Where each lane's marks, bars, bands and labels go in one frame: numpy, no Qt.

`LaneData` holds one lane's shown events as arrays sorted by their first possible day; culling
to the view is two `np.searchsorted` calls (on `lo` and on the running maximum of the ends).
`layout_lane` turns the visible part into pixel geometry (`LaneFrame`):

* detail mode, when the marks can be told apart: every event gets a row within the lane
  (greedy first fit, reserving room for the start of its label), and a label where it fits,
  elided to the room before the next item in its row;
* density mode, when more events fall in the visible range than can be told apart: counts of
  events overlapping bins of 2**k days (k chosen from the scale so a bin is a few pixels wide),
  computed as differences of two cumulative counts (searchsorted on the sorted starts and ends),
  so no per-event work and no precomputed pyramid is needed.

At one zoom the rows and pixel geometry of a lane (`zoom_plan.ZoomPlan`, over the view and a margin)
are kept: a pan only shifts them and places the labels again, so rows do not jump while panning.

Days are day numbers (proleptic Gregorian ordinals); a day `d` covers [d, d + 1) on the axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from explorer.store.columns import INTERVAL, OPEN_END, OPEN_FADE_DAYS, EventColumns

if TYPE_CHECKING:
    from explorer.timeline.zoom_plan import PlanCache, ZoomPlan

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
        # kept on the columns object, so it goes when they are replaced (lane -> (shown mask, data))
        cache: dict[int, tuple[np.ndarray | None, LaneData]] | None = getattr(cols, "_shared_lane_data", None)
        if cache is None:
            cache = {}
            cols._shared_lane_data = cache  # type: ignore[attr-defined]
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

    @property
    def is_period(self) -> np.ndarray:
        """True for intervals (drawn as bars)."""
        return (self.flags & INTERVAL).astype(bool)

    def visible(self, v0: float, v1: float) -> np.ndarray:
        """Local indices (sorted) of events whose drawn range meets [v0, v1]."""
        i1 = int(np.searchsorted(self.lo, _day(math.floor(v1)), side="right"))
        i0 = int(np.searchsorted(self.runmax, _day(math.ceil(v0)), side="left"))
        if i1 <= i0:
            return np.zeros(0, dtype=np.int64)
        idx = np.arange(i0, i1)
        return idx[self.end[i0:i1] >= v0]

    def count_visible(self, v0: float, v1: float) -> int:
        """How many events meet [v0, v1], from two cumulative counts (no mask)."""
        started = int(np.searchsorted(self.lo, _day(math.floor(v1)), side="right"))
        ended = int(np.searchsorted(self.end_sorted, _day(math.ceil(v0)), side="left"))
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


def _day(d: float) -> np.int32:
    """A whole day number as an int32 scalar (clamped), to search the int32 day arrays without casting them."""
    return np.int32(min(max(d, _I32.min), _I32.max))


def _days(d: np.ndarray) -> np.ndarray:
    """Whole day numbers as int32 (clamped)."""
    return np.clip(d, _I32.min, _I32.max).astype(np.int32)


@dataclass(eq=False)
class LaneFrame:
    """Pixel geometry of one lane in one frame (device pixels)."""

    mode: str
    top: float
    height: float
    row_height: float
    idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    x0: np.ndarray = field(default_factory=lambda: np.zeros(0))
    x1: np.ndarray = field(default_factory=lambda: np.zeros(0))
    sx: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ex: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cx: np.ndarray = field(default_factory=lambda: np.zeros(0))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    period: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    label_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    label_w: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: Labels placed left of their mark (at the right edge): drawn right-aligned against it.
    label_left: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    density_days: np.ndarray = field(default_factory=lambda: np.zeros(0))
    density_n: np.ndarray = field(default_factory=lambda: np.zeros(0))
    a: float = 1.0
    b: float = 0.0
    vague: int = 0
    #: Rows the lane would use with room for every label (up to the asked cap).
    rows_wanted: int = 1
    #: Drawn label boxes (x, y, w, h), filled by the lane item on first use (they need the font).
    label_box: np.ndarray | None = None

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
    """Greedy first-fit rows: room for mark and label start, else for the mark, else least overlap."""
    rows = np.zeros(len(ext0), dtype=np.int64)
    if nrows <= 1:
        return rows
    ends = [-math.inf] * nrows
    rng = range(nrows)
    for i, (s, em, el) in enumerate(zip(ext0.tolist(), ext1_mark.tolist(), ext1_label.tolist(), strict=True)):
        chosen = -1
        for r in rng:
            if ends[r] + GAP <= s:
                chosen = r
                ends[r] = el
                break
        if chosen < 0:
            for r in rng:
                if ends[r] <= s:
                    chosen = r
                    break
            if chosen < 0:
                chosen = min(rng, key=ends.__getitem__)
            ends[chosen] = max(ends[chosen], em)
        rows[i] = chosen
    return rows


def extents(
    period: np.ndarray, x0: np.ndarray, x1: np.ndarray, cx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where each item's mark or bar begins and ends (pixels)."""
    ext0 = np.where(period, x0, np.minimum(x0, cx - MARK_RADIUS))
    ext1_mark = np.where(period, np.maximum(x1, x0 + 2), np.maximum(x1, cx + MARK_RADIUS))
    return ext0, ext1_mark


def layout_lane(
    data: LaneData,
    a: float,
    b: float,
    width: float,
    top: float,
    height: float,
    row_height: float,
    label_widths: Callable[[np.ndarray], np.ndarray],
    left: float = 0.0,
    selected: np.ndarray | None = None,
    plans: PlanCache | None = None,
) -> LaneFrame:
    """Lay out a lane for the mapping px = a * day + b over pixels [left, width) and rows from `top`.

    `selected` (a mask over the lane's events) gets a label even where it has to cover a neighbour.
    With `plans`, a lane in plain detail (no vague or hidden events) takes its rows and geometry
    from the plan for this zoom, shifted by b, so a pan lays out only the labels at the edges anew.
    """
    frame = LaneFrame(EMPTY, top, height, row_height, a=a, b=b)
    if a <= 0 or not len(data):
        return frame
    v0 = (left - b) / a - (MARK_RADIUS + 1) / a
    v1 = (width - b) / a + (MARK_RADIUS + 1) / a
    nrows = max(1, int((height - 4) // row_height))
    capacity = detail_capacity(width - left, nrows)
    crowd = data.count_visible(v0, v1)
    sharp_only = crowd > capacity
    if sharp_only:
        if crowd > capacity * VAGUE_FACTOR:
            return _density(frame, data, a, b, v0, v1)
        # Many of them may be dates vaguer than the whole view (a year, a decade, a long period):
        # they cannot be placed here anyway, so show the sharp ones and count the vague ones.
        idx = data.visible(v0, v1)
        sharp = (data.end[idx] - data.lo[idx]) <= (v1 - v0)
        if int(sharp.sum()) > capacity:
            return _density(frame, data, a, b, v0, v1)
        frame.vague = int(len(idx) - sharp.sum())
        idx = idx[sharp]
    else:
        idx = data.visible(v0, v1)
    shown = _without_extra_spanning(data, idx, v0, v1, nrows, frame)
    left_out = np.setdiff1d(idx, shown, assume_unique=True) if len(shown) < len(idx) else None
    idx = shown
    if frame.vague and nrows > 1:
        nrows -= 1  # the bottom row holds the "+N dated more vaguely" line
    if not len(idx):
        frame.mode = DETAIL if frame.vague else EMPTY
        return frame
    if plans is not None:
        # few events for the room: plan a wider stretch, so that panning on stays inside it
        margin = 0.5 if 2 * len(idx) <= capacity else 0.25
        sharp = (v1 - v0) if sharp_only else None
        plan = plans.get(data, a, nrows, v0, v1, label_widths, margin, sharp, left_out)
        sub = np.flatnonzero((plan.lo <= math.floor(v1)) & (plan.end >= v0))
        if len(sub) == len(idx):  # the same events as found above (checked, as it is cheap)
            return _layout_planned(frame, plan, sub, b, width, left, selected)
    period = data.is_period[idx]
    x0 = data.lo[idx] * a + b
    x1 = data.end[idx] * a + b
    cx = data.centre_of(idx) * a + b
    sx = data.start_max_of(idx) * a + b
    ex = data.end_min1_of(idx) * a + b
    ext0, ext1_mark = extents(period, x0, x1, cx)
    # (a vague date's marker may sit left of the view while its range reaches in: its label starts
    # at the lane's edge rather than be cut by it)
    label_x = np.where(period, np.maximum(x0, left) + 5.0, np.maximum(cx + MARK_RADIUS + 4.0, left + 2.0))
    full = label_widths(data.rows[idx])
    ext1_label = np.maximum(ext1_mark, label_x + np.minimum(full, LABEL_RESERVE))
    row = pack_rows(ext0, ext1_mark, ext1_label, nrows)
    return _place_labels(frame, idx, period, x0, x1, cx, sx, ex, full, row, width, left, selected)


def _layout_planned(
    frame: LaneFrame,
    plan: ZoomPlan,
    sub: np.ndarray,
    b: float,
    width: float,
    left: float,
    selected: np.ndarray | None,
) -> LaneFrame:
    """The frame for offset b from a zoom plan: its events in view, shifted, with labels placed afresh."""
    x0, x1, cx = plan.x0[sub] + b, plan.x1[sub] + b, plan.cx[sub] + b
    return _place_labels(
        frame, plan.idx[sub], plan.period[sub], x0, x1, cx, plan.sx[sub] + b, plan.ex[sub] + b,
        plan.full[sub], plan.row[sub], width, left, selected,
    )  # fmt: skip


def _place_labels(
    frame: LaneFrame,
    idx: np.ndarray,
    period: np.ndarray,
    x0: np.ndarray,
    x1: np.ndarray,
    cx: np.ndarray,
    sx: np.ndarray,
    ex: np.ndarray,
    full: np.ndarray,
    row: np.ndarray,
    width: float,
    left: float,
    selected: np.ndarray | None,
) -> LaneFrame:
    """Fill a detail frame from placed items: each label gets the room up to the next item in its row."""
    ext0, ext1_mark = extents(period, x0, x1, cx)
    label_x = np.where(period, np.maximum(x0, left) + 5.0, np.maximum(cx + MARK_RADIUS + 4.0, left + 2.0))
    # a label may run until the next item in its row begins, and no further than the lane
    order = np.lexsort((ext0, row))
    nxt = np.full(len(idx), width, dtype=np.float64)
    same = row[order[1:]] == row[order[:-1]]
    nxt[order[:-1][same]] = ext0[order[1:][same]]
    room = np.minimum(nxt - GAP, width - 2.0) - label_x
    label_w = _worth_drawing(np.minimum(full, room), full)
    label_x, label_w, label_left = _labels_left_at_edge(
        order, same, period, cx, ext1_mark, label_x, label_w, full, nxt, width, left
    )
    if selected is not None:
        # the selected event always says what it is, over its neighbour if need be
        sel = np.flatnonzero(selected[idx] & (label_w <= 0) & (full > 0))
        if len(sel):
            label_x, label_w = label_x.copy(), label_w.copy()
            want = np.minimum(full[sel], 2.0 * LABEL_RESERVE)
            w_right = np.minimum(want, width - 2.0 - label_x[sel])
            w_left = np.where(period[sel], 0.0, np.minimum(want, cx[sel] - MARK_RADIUS - 4.0 - (left + 2.0)))
            go_left = w_left > w_right
            label_w[sel] = np.maximum(np.where(go_left, w_left, w_right), 1.0)
            label_x[sel] = np.where(go_left, cx[sel] - MARK_RADIUS - 4.0 - w_left, label_x[sel])
            label_left = label_left.copy()
            label_left[sel] = go_left
    frame.mode = DETAIL
    frame.idx = idx
    frame.x0, frame.x1, frame.cx, frame.sx, frame.ex = x0, x1, cx, sx, ex
    frame.row = row
    frame.rows_wanted = int(row.max()) + 1
    frame.y = frame.top + 3.0 + row * frame.row_height + frame.row_height / 2.0
    frame.period = period
    frame.label_x, frame.label_w, frame.label_left = label_x, label_w, label_left
    return frame


def _without_extra_spanning(
    data: LaneData, idx: np.ndarray, v0: float, v1: float, nrows: int, frame: LaneFrame
) -> np.ndarray:
    """Leave out periods that run past both edges of the view beyond all rows but one (shortest kept).

    Each takes a whole row; more of them than rows would be drawn one over another, unseen and
    unclickable. The ones left out are counted with the vaguely dated (zoom out to see them).
    """
    spanning = data.is_period[idx] & (data.lo[idx] < v0) & (data.end[idx] > v1)
    room = max(1, nrows - 1)
    n = int(spanning.sum())
    if n <= room:
        return idx
    span_idx = idx[spanning]
    length = data.end[span_idx] - data.lo[span_idx]
    keep = span_idx[np.sort(np.argsort(length, kind="stable")[:room])]
    frame.vague += n - room
    return np.sort(np.concatenate([idx[~spanning], keep]))


def _worth_drawing(width: np.ndarray, full: np.ndarray) -> np.ndarray:
    """Label widths, 0 where the room left would show too little of the title to say anything."""
    return np.where((width >= MIN_LABEL) | ((width >= full) & (full > 0)), width, 0.0)


def _labels_left_at_edge(
    order: np.ndarray,
    same: np.ndarray,
    period: np.ndarray,
    cx: np.ndarray,
    ext1_mark: np.ndarray,
    label_x: np.ndarray,
    label_w: np.ndarray,
    full: np.ndarray,
    nxt: np.ndarray,
    width: float,
    left: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Put a mark's label on its left where the lane's right edge cuts it and the left has more room.

    Returns the labels' x and width and which of them now lie left of their mark (drawn right-aligned).
    """
    on_left = np.zeros(len(cx), dtype=bool)
    cut = ~period & (nxt >= width) & (label_w < full)
    if not cut.any():
        return label_x, label_w, on_left
    # what the previous item in the same row takes up, label included
    prev_end = np.full(len(cx), left, dtype=np.float64)
    taken = np.maximum(ext1_mark, np.where(label_w > 0, label_x + label_w, ext1_mark))
    prev_end[order[1:][same]] = taken[order[:-1][same]]
    right_end = cx - MARK_RADIUS - 4.0
    left_room = right_end - np.maximum(prev_end + GAP, left + 2.0)
    w_left = _worth_drawing(np.minimum(full, left_room), full)
    flip = cut & (w_left > label_w)
    if not flip.any():
        return label_x, label_w, on_left
    label_x = label_x.copy()
    label_w = label_w.copy()
    label_x[flip] = right_end[flip] - w_left[flip]
    label_w[flip] = w_left[flip]
    return label_x, label_w, flip


def rows_wanted(
    data: LaneData,
    a: float,
    b: float,
    width: float,
    row_height: float,
    label_widths: Callable[[np.ndarray], np.ndarray],
    left: float,
    cap: int,
) -> int:
    """How many rows (at most `cap`) the lane would fill at this mapping with room for every label."""
    frame = layout_lane(data, a, b, width, 0.0, cap * row_height + 4.0, row_height, label_widths, left)
    if frame.mode == DENSITY:
        return 2
    rows = frame.rows_wanted if frame.mode == DETAIL and len(frame.idx) else 1
    # the "+N dated more vaguely" line sits under the rows: give it a row of its own
    return min(cap, rows + 1) if frame.vague else rows


def _density(frame: LaneFrame, data: LaneData, a: float, b: float, v0: float, v1: float) -> LaneFrame:
    bin_days = density_bin_days(a)
    edges, counts = data.density(v0, v1, bin_days)
    frame.mode = DENSITY
    frame.density_days = edges
    frame.density_n = counts
    return frame

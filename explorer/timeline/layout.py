"""Where each lane's marks, bars, bands and labels go in one frame: numpy, no Qt.

`layout_lane` turns the visible part of a lane (`lane_data.LaneData`) into pixel geometry
(`lane_data.LaneFrame`):

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
from dataclasses import dataclass

import numpy as np

from explorer.timeline.lane_data import (
    DENSITY,
    DETAIL,
    EMPTY,
    GAP,
    LABEL_RESERVE,
    MARK_RADIUS,
    MIN_LABEL,
    VAGUE_FACTOR,
    LaneData,
    LaneFrame,
    density_bin_days,
    detail_capacity,
    extents,
    pack_rows,
)
from explorer.timeline.zoom_plan import PlanCache, ZoomPlan


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
    later: list[Placing] | None = None,
) -> LaneFrame:
    """Lay out a lane for the mapping px = a * day + b over pixels [left, width) and rows from `top`.

    `selected` (a mask over the lane's events) gets a label even where it has to cover a neighbour.
    With `plans`, a lane in plain detail (no vague or hidden events) takes its rows and geometry
    from the plan for this zoom, shifted by b, so a pan lays out only the labels at the edges anew.
    With `later`, such a frame's labels are left to `place_together` (for all lanes at once): the
    frame is appended there and filled in by it.
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
    idx, left_out = _without_extra_spanning(data, idx, v0, v1, nrows, frame)
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
        sub = ((plan.lo <= math.floor(v1)) & (plan.end >= v0)).nonzero()[0]
        if len(sub) == len(idx):  # the same events as found above (checked, as it is cheap)
            placing = _planned(frame, plan, sub, b, width, left, selected)
            if later is None:
                place_together([placing])
            else:
                later.append(placing)
            return frame
    period = data.is_period[idx]
    # the geometry at b = 0 (as a plan keeps it: the placing adds b), and shifted for the rows
    at0 = (data.lo[idx] * a, data.end[idx] * a, data.centre_of(idx) * a)
    x0, x1, cx = (v + b for v in at0)
    ext0, ext1_mark = extents(period, x0, x1, cx)
    # (a vague date's marker may sit left of the view while its range reaches in: its label starts
    # at the lane's edge rather than be cut by it)
    label_x = np.where(period, np.maximum(x0, left) + 5.0, np.maximum(cx + MARK_RADIUS + 4.0, left + 2.0))
    full = label_widths(data.rows[idx])
    ext1_label = np.maximum(ext1_mark, label_x + np.minimum(full, LABEL_RESERVE))
    row = pack_rows(ext0, ext1_mark, ext1_label, nrows)
    picked = None if selected is None else selected[idx]
    sx, ex = data.start_max_of(idx) * a, data.end_min1_of(idx) * a
    place_together([Placing(frame, idx, period, *at0, sx, ex, b, full, row, width, left, picked)])
    return frame


@dataclass(eq=False)
class Placing:
    """A detail frame's placed items (geometry at b = 0, offset b, rows) whose labels are still to be placed."""

    frame: LaneFrame
    idx: np.ndarray
    period: np.ndarray
    x0: np.ndarray
    x1: np.ndarray
    cx: np.ndarray
    sx: np.ndarray
    ex: np.ndarray
    #: The offset of the mapping px = a * day + b, added to the geometry when the frame is filled in.
    b: float
    full: np.ndarray
    row: np.ndarray
    width: float
    left: float
    #: Which items are selected (they get a label over a neighbour if need be); None for none.
    picked: np.ndarray | None


def _planned(
    frame: LaneFrame,
    plan: ZoomPlan,
    sub: np.ndarray,
    b: float,
    width: float,
    left: float,
    selected: np.ndarray | None,
) -> Placing:
    """The items for offset b from a zoom plan: its events in view (shifted and labelled by `place_together`)."""
    idx = plan.idx[sub]
    return Placing(
        frame, idx, plan.period[sub], plan.x0[sub], plan.x1[sub], plan.cx[sub], plan.sx[sub], plan.ex[sub],
        b, plan.full[sub], plan.row[sub], width, left, None if selected is None else selected[idx],
    )  # fmt: skip


def place_together(placings: list[Placing]) -> None:
    """Place the labels of frames laid out over the same pixels and fill the frames in, all in one go.

    The lanes' rows are numbered apart, so a label gets the room up to the next item of its own row
    in its own lane, exactly as when each lane is placed on its own. The numpy runs once, not per
    lane: the frames' arrays are slices of arrays shared by all lanes (nothing writes into them).
    """
    if not placings:
        return
    width, left, b = placings[0].width, placings[0].left, placings[0].b
    if len(placings) > 1 and any(q.width != width or q.left != left or q.b != b for q in placings):
        for q in placings:
            place_together([q])
        return
    if len(placings) == 1:
        q = placings[0]
        period, full, row, picked = q.period, q.full, q.row, q.picked
        x0, x1, cx, sx, ex = q.x0 + b, q.x1 + b, q.cx + b, q.sx + b, q.ex + b
        local = row
        lengths = np.array([len(q.idx)])
    else:
        lengths = np.array([len(q.idx) for q in placings])
        period = np.concatenate([q.period for q in placings])
        x0 = np.concatenate([q.x0 for q in placings]) + b
        x1 = np.concatenate([q.x1 for q in placings]) + b
        cx = np.concatenate([q.cx for q in placings]) + b
        sx = np.concatenate([q.sx for q in placings]) + b
        ex = np.concatenate([q.ex for q in placings]) + b
        full = np.concatenate([q.full for q in placings])
        local = np.concatenate([q.row for q in placings])
        stride = int(local.max()) + 1 if len(local) else 1
        row = local + np.repeat(np.arange(len(placings)) * stride, lengths)
        picked = None
        if any(q.picked is not None for q in placings):
            picked = np.concatenate(
                [q.picked if q.picked is not None else np.zeros(len(q.idx), dtype=bool) for q in placings]
            )
    label_x, label_w, label_left = _labels(period, x0, x1, cx, full, row, width, left, picked)
    # each row's middle, lane by lane (the same sums as one lane's: top + 3 + row * height + height / 2)
    tops = np.array([q.frame.top for q in placings]) + 3.0
    heights = np.array([q.frame.row_height for q in placings])
    y = np.repeat(tops, lengths) + local * np.repeat(heights, lengths) + np.repeat(heights / 2.0, lengths)
    starts = np.zeros(len(placings) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    if lengths.all():
        wanted = (np.maximum.reduceat(local, starts[:-1]) + 1).tolist()
    else:  # (never made: a detail frame has an item)
        wanted = [int(q.row.max()) + 1 if len(q.row) else 1 for q in placings]
    bounds = starts.tolist()
    for q, start, end, rows in zip(placings, bounds[:-1], bounds[1:], wanted, strict=True):
        f = q.frame
        f.mode = DETAIL
        f.idx = q.idx
        f.x0, f.x1, f.cx, f.sx, f.ex = (
            x0[start:end],
            x1[start:end],
            cx[start:end],
            sx[start:end],
            ex[start:end],
        )
        f.row = q.row
        f.rows_wanted = rows
        f.y = y[start:end]
        f.period = q.period
        f.label_x, f.label_w, f.label_left = label_x[start:end], label_w[start:end], label_left[start:end]


def _labels(
    period: np.ndarray,
    x0: np.ndarray,
    x1: np.ndarray,
    cx: np.ndarray,
    full: np.ndarray,
    row: np.ndarray,
    width: float,
    left: float,
    picked: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels' x, width and which lie left of their mark: each gets the room up to the next item in its row."""
    ext0, ext1_mark = extents(period, x0, x1, cx)
    label_x = np.where(period, np.maximum(x0, left) + 5.0, np.maximum(cx + MARK_RADIUS + 4.0, left + 2.0))
    # a label may run until the next item in its row begins, and no further than the lane
    order = np.lexsort((ext0, row))
    nxt = np.full(len(x0), width, dtype=np.float64)
    same = row[order[1:]] == row[order[:-1]]
    nxt[order[:-1][same]] = ext0[order[1:][same]]
    room = np.minimum(nxt - GAP, width - 2.0) - label_x
    label_w = _worth_drawing(np.minimum(full, room), full)
    label_x, label_w, label_left = _labels_left_at_edge(
        order, same, period, cx, ext1_mark, label_x, label_w, full, nxt, width, left
    )
    if picked is not None:
        # the selected event always says what it is, over its neighbour if need be
        sel = np.flatnonzero(picked & (label_w <= 0) & (full > 0))
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
    return label_x, label_w, label_left


def _without_extra_spanning(
    data: LaneData, idx: np.ndarray, v0: float, v1: float, nrows: int, frame: LaneFrame
) -> tuple[np.ndarray, np.ndarray | None]:
    """Leave out periods that run past both edges of the view beyond all rows but one (shortest kept).

    Each takes a whole row; more of them than rows would be drawn one over another, unseen and
    unclickable. The ones left out are counted with the vaguely dated (zoom out to see them).
    Returns the indices kept and those left out (None for none), both sorted.
    """
    spanning = data.is_period[idx] & (data.lo[idx] < v0) & (data.end[idx] > v1)
    room = max(1, nrows - 1)
    n = int(spanning.sum())
    if n <= room:
        return idx, None
    at = np.flatnonzero(spanning)
    length = data.end[idx[at]] - data.lo[idx[at]]
    gone = np.ones(n, dtype=bool)
    gone[np.argsort(length, kind="stable")[:room]] = False
    frame.vague += n - room
    kept = np.ones(len(idx), dtype=bool)
    kept[at[gone]] = False
    return idx[kept], idx[at[gone]]


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

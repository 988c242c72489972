"""Every lane's layout for one frame in one pass: the numpy runs once over all lanes' events, not per lane.

`layout.layout_lane` lays out one lane with some twenty small numpy calls; on a zoom step the
twenty lanes of a timeline each paid for them (about 50 µs a lane). `layout_lanes` gives the same
frames (rows, labels and elisions: tests/timeline/test_layout_pass.py compares them lane by lane)
for the lanes in plain detail, the common case: their events in view are found with a few
searches per lane, then counted, checked and turned into pixel geometry in one numpy pass over all
of them; the zoom plans a new zoom needs are made together (`ZoomPlan`s are slices of one array, the
packing a Python loop per lane over slices of one list). A lane crowded past its detail capacity
(density, or vaguely dated events to count) or with more periods across the view than rows is laid
out on its own by `layout_lane`, as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.store.columns import OPEN_END
from explorer.timeline.lane_data import (
    DETAIL,
    EMPTY,
    LABEL_RESERVE,
    MARK_RADIUS,
    VAGUE_FACTOR,
    LaneData,
    LaneFrame,
    _day,
    detail_capacity,
    extents,
    pack_lists,
)
from explorer.timeline.layout import Placing, _density, _planned, layout_lane
from explorer.timeline.zoom_plan import PlanBatch, PlanCache, ZoomPlan

#: Fewer lanes than this with events in view are laid out one by one (`layout_lane`).
FEW_LANES = 3


@dataclass(eq=False)
class LaneJob:
    """One lane to lay out: its data, its place (device pixels), its selection and its zoom plans."""

    data: LaneData
    top: float
    height: float
    #: Selected events (a mask over the lane's events) that get a label over a neighbour; None for none.
    selected: np.ndarray | None
    plans: PlanCache


@dataclass(eq=False)
class _Common:
    """A lane on the common path: plain detail with its zoom plan (found or to be made)."""

    k: int
    job: LaneJob
    frame: LaneFrame
    nrows: int
    capacity: int
    i0: int
    i1: int
    #: Only events at most this many days long are placed (the view is crowded with vaguer ones).
    sharp: float | None
    #: The lane's events in view when already found (local indices), else None (in [i0, i1) then).
    seen: np.ndarray | None
    shown: int = 0
    #: Periods across the view beyond the lane's rows, left out (local indices) and as ZoomPlan keys them.
    left_out: np.ndarray | None = None
    gone: bytes = b""
    placing: Placing | None = None
    plan: ZoomPlan | None = None
    d0: float = 0.0
    d1: float = 0.0


def layout_lanes(
    jobs: list[LaneJob],
    a: float,
    b: float,
    width: float,
    left: float,
    row_height: float,
    label_widths: Callable[[np.ndarray], np.ndarray],
    later: list[Placing],
) -> list[LaneFrame]:
    """`layout_lane` for each job at px = a * day + b over pixels [left, width), all in one pass.

    Detail frames' labels are left to `layout.place_together` (appended to `later`), as
    `layout_lane` does when given `later`.
    """
    frames: list[LaneFrame | None] = [None] * len(jobs)
    # each lane's placing, handed to `later` in the lanes' order
    placings: list[list[Placing]] = [[] for _ in jobs]

    def alone(k: int, job: LaneJob) -> LaneFrame:
        return layout_lane(
            job.data, a, b, width, job.top, job.height, row_height, label_widths, left,
            job.selected, job.plans, placings[k],
        )  # fmt: skip

    if a <= 0:
        return [LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b) for job in jobs]
    v0 = (left - b) / a - (MARK_RADIUS + 1) / a
    v1 = (width - b) / a + (MARK_RADIUS + 1) / a
    floor_v1 = math.floor(v1)
    last, first = _day(floor_v1), _day(math.ceil(v0))
    common: list[_Common] = []
    for k, job in enumerate(jobs):
        data = job.data
        if not len(data):
            frames[k] = LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b)
            continue
        nrows = max(1, int((job.height - 4) // row_height))
        capacity = detail_capacity(width - left, nrows)
        # count_visible and visible's searches, made once
        i1 = int(data.lo.searchsorted(last, side="right"))
        crowd = i1 - int(data.end_sorted.searchsorted(first, side="left"))
        if crowd <= 0:  # (the count is LaneData.visible's: nothing in view)
            frames[k] = LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b)
            continue
        if crowd > capacity * VAGUE_FACTOR:
            frames[k] = _density(
                LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b), data, a, b, v0, v1
            )
            continue
        sharp = None
        if crowd > capacity:
            # a crowd: perhaps of vague dates, to be counted while the sharp ones are placed; most
            # often too many sharp ones too (density), found here as layout_lane finds them, before
            # the lane's thousands of events in view are joined with the others'
            idx = data.visible(v0, v1)
            sharp = v1 - v0
            placed = (data.end[idx] - data.lo[idx]) <= sharp
            if int(placed.sum()) > capacity:
                frames[k] = _density(
                    LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b), data, a, b, v0, v1
                )
                continue
            i0 = i1 = 0
            sharp_idx = idx[placed]
            seen: np.ndarray | None = sharp_idx
            # the vaguely dated, counted (a period across the view is never sharp: none left out)
            vague = len(idx) - len(sharp_idx)
        else:
            i0, seen, vague = min(int(data.runmax.searchsorted(first, side="left")), i1), None, 0
        frame = LaneFrame(EMPTY, job.top, job.height, row_height, a=a, b=b, vague=vague)
        common.append(_Common(k, job, frame, nrows, capacity, i0, i1, sharp, seen))
    if len(common) < FEW_LANES:
        # a pass for all lanes costs a few dozen numpy calls whatever their number: for one or two
        # lanes with events in view (a small timeline zoomed in), lay them out one by one
        for c in common:
            frames[c.k] = alone(c.k, c.job)
        common = []
    if common:
        _find_plans(common, a, v0, v1)
        for c in common:
            if not c.shown:
                c.frame.mode = DETAIL if c.frame.vague else EMPTY
                frames[c.k] = c.frame
        todo = [c for c in common if c.shown > 0 and c.plan is None]
        if todo:
            _make_plans(todo, a, label_widths)
        batches: dict[PlanBatch, list[_Common]] = {}
        for c in common:
            if c.shown > 0 and c.plan is not None and c.plan.batch is not None:
                batches.setdefault(c.plan.batch, []).append(c)
        for batch, lanes in batches.items():
            _pick(batch, lanes, v0, floor_v1, b, width, left)
        for c in common:
            if c.shown <= 0:
                continue
            if c.placing is not None:  # picked with the other lanes of its plan's batch
                placings[c.k].append(c.placing)
                frames[c.k] = c.frame
                continue
            plan = c.plan
            assert plan is not None
            sub = ((plan.lo <= floor_v1) & (plan.end >= v0)).nonzero()[0]
            if len(sub) != c.shown:
                frames[c.k] = alone(c.k, c.job)  # as layout_lane does when the plan's events differ
                continue
            placings[c.k].append(_planned(c.frame, plan, sub, b, width, left, c.job.selected))
            frames[c.k] = c.frame
    for placed in placings:
        later.extend(placed)
    out = [f for f in frames if f is not None]
    assert len(out) == len(jobs)
    return out


def _find_plans(common: list[_Common], a: float, v0: float, v1: float) -> None:
    """Count each lane's events in view and its periods across the view; find its plan.

    Sets `shown` (events to place), the periods left out (counted with the frame's `vague`), the
    rows, and `plan` or the range `d0`, `d1` of a plan to make.
    """
    # each lane's events in view (LaneData.visible's test over the stretch its searches leave), then
    # their days and kinds side by side
    locs = [
        np.flatnonzero(c.job.data.end[c.i0 : c.i1] >= v0) + c.i0 if c.seen is None else c.seen for c in common
    ]
    lengths = np.array([len(x) for x in locs])
    end = np.concatenate([c.job.data.end[x] for c, x in zip(common, locs, strict=True)])
    lo = np.concatenate([c.job.data.lo[x] for c, x in zip(common, locs, strict=True)])
    period = np.concatenate([c.job.data.is_period[x] for c, x in zip(common, locs, strict=True)])
    days = end - lo
    across = period & (lo < v0) & (end > v1)
    bounds = np.zeros(len(common) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    spanning = np.diff(np.concatenate(([0], np.cumsum(across)))[bounds]).tolist()
    over = _left_out(common, lengths, across, days, np.concatenate(locs))
    span = v1 - v0
    for c, n, s in zip(common, lengths.tolist(), spanning, strict=True):
        room = max(1, c.nrows - 1)
        if s > room:
            # periods across the view beyond all rows but one (the shortest kept): counted with the vague
            c.left_out = over[c.k]
            c.gone = c.left_out.tobytes()
            c.frame.vague += s - room
            n -= s - room
        if c.frame.vague and c.nrows > 1:
            c.nrows -= 1  # the bottom row holds the "+N dated more vaguely" line
        c.shown = n
        if not n:
            continue
        # few events for the room: plan a wider stretch, so that panning on stays inside it
        plans = c.job.plans
        c.plan = plans.find(a, c.nrows, v0, v1, c.sharp, c.gone)
        if c.plan is None:
            margin = plans.margin_for(a, 0.5 if 2 * n <= c.capacity else 0.25)
            c.d0, c.d1 = v0 - span * margin, v1 + span * margin


def _left_out(
    common: list[_Common], lengths: np.ndarray, across: np.ndarray, days: np.ndarray, idx: np.ndarray
) -> dict[int, np.ndarray]:
    """Per lane (by `k`) with more periods across the view than rows but one: the ones left out (local indices).

    As `layout._without_extra_spanning`: the shortest `rows - 1` are kept (ties in the lane's order).
    `idx` holds the local index of each event in view, lane after lane.
    """
    at = np.flatnonzero(across)
    if not len(at):
        return {}
    lane = np.repeat(np.arange(len(common)), lengths)[at]
    n_lane = np.bincount(lane, minlength=len(common))
    rooms = np.array([max(1, c.nrows - 1) for c in common])
    if not (n_lane > rooms).any():
        return {}
    order = np.lexsort((days[at], lane))  # stable: by lane, then length, then place
    first = np.concatenate(([0], np.cumsum(n_lane)[:-1]))
    rank = np.empty(len(at), dtype=np.int64)
    rank[order] = np.arange(len(at)) - first[lane[order]]
    gone = rank >= rooms[lane]
    # `at` is sorted, so each lane's periods across are one run of it
    bounds = np.concatenate((first, [len(at)])).tolist()
    out: dict[int, np.ndarray] = {}
    for j in np.flatnonzero(n_lane > rooms).tolist():
        p, q = bounds[j], bounds[j + 1]
        out[common[j].k] = idx[at[p:q][gone[p:q]]]
    return out


def _make_plans(todo: list[_Common], a: float, label_widths: Callable[[np.ndarray], np.ndarray]) -> None:
    """Make the zoom plans of several lanes at once: one numpy pass, then the packing lane by lane."""
    locs = []
    for c in todo:
        data = c.job.data
        # LaneData.visible(d0, d1): its searches, then its test over the stretch they leave
        j1 = int(data.lo.searchsorted(_day(math.floor(c.d1)), side="right"))
        j0 = int(data.runmax.searchsorted(_day(math.ceil(c.d0)), side="left"))
        locs.append(np.flatnonzero(data.end[j0:j1] >= c.d0) + j0)
    datas = [c.job.data for c in todo]
    idx = np.concatenate(locs)
    end = np.concatenate([d.end[x] for d, x in zip(datas, locs, strict=True)])
    lo = np.concatenate([d.lo[x] for d, x in zip(datas, locs, strict=True)])
    period = np.concatenate([d.is_period[x] for d, x in zip(datas, locs, strict=True)])
    rows = np.concatenate([d.rows[x] for d, x in zip(datas, locs, strict=True)])
    flags = np.concatenate([d.flags[x] for d, x in zip(datas, locs, strict=True)])
    lengths = np.array([len(x) for x in locs])
    offsets = np.zeros(len(todo) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if any(c.sharp is not None or c.left_out is not None for c in todo):
        keep = (end - lo) <= np.repeat(
            np.array([math.inf if c.sharp is None else c.sharp for c in todo]), lengths
        )
        for j, c in enumerate(todo):
            if c.left_out is not None:
                # both sorted, and every period left out lies in view, so in the plan's stretch
                keep[locs[j].searchsorted(c.left_out) + offsets[j]] = False
        idx, end, lo, period, rows, flags = (
            idx[keep],
            end[keep],
            lo[keep],
            period[keep],
            rows[keep],
            flags[keep],
        )
        offsets = np.concatenate(([0], np.cumsum(keep)))[offsets]
    columns = datas[0].columns
    assert columns is not None and all(d.columns is columns for d in datas)
    # as ZoomPlan.get makes them, for all lanes at once
    x0 = lo * a
    x1 = end * a
    cx = (lo + end) / 2.0 * a
    full = label_widths(rows)
    start_max = columns.start_max[rows].astype(np.float64)
    sx = start_max * a
    open_end = (flags & OPEN_END).astype(bool)
    ex = np.where(open_end, start_max, columns.end_min[rows].astype(np.float64) + 1.0) * a
    # a lane of one row puts everything in it (as pack_lists does): its extents are not worked out
    # nor made into Python floats, which for the short lanes of a large timeline was most of the
    # plan's Python time
    row = np.zeros(len(idx), dtype=np.int64)
    bounds = offsets.tolist()
    lists: tuple[list[float], list[float], list[float]] | None = None
    for c, p, q in zip(todo, bounds[:-1], bounds[1:], strict=True):
        if c.nrows <= 1 or q - p < 2:
            continue
        if lists is None:
            # each item's extent with its label's start, as ZoomPlan.get packs them
            label_x = np.where(period, x0 + 5.0, cx + MARK_RADIUS + 4.0)
            ext0, ext1_mark = extents(period, x0, x1, cx)
            ext1_label = np.maximum(ext1_mark, label_x + np.minimum(full, LABEL_RESERVE))
            lists = (ext0.tolist(), ext1_mark.tolist(), ext1_label.tolist())
        s_list, em_list, el_list = lists
        row[p:q] = pack_lists(s_list[p:q], em_list[p:q], el_list[p:q], c.nrows)
    batch = PlanBatch(idx, lo, end, period, x0, x1, cx, sx, ex, full, row)
    for c, p, q in zip(todo, bounds[:-1], bounds[1:], strict=True):
        c.plan = ZoomPlan(
            key=(a, c.nrows, c.sharp), d0=c.d0, d1=c.d1, idx=idx[p:q], lo=lo[p:q], end=end[p:q],
            period=period[p:q], x0=x0[p:q], x1=x1[p:q], cx=cx[p:q], sx=sx[p:q], ex=ex[p:q],
            full=full[p:q], row=row[p:q], left_out=c.gone, batch=batch, start=p,
        )  # fmt: skip
        c.job.plans.keep(c.plan)


def _pick(
    batch: PlanBatch, lanes: list[_Common], v0: float, floor_v1: int, b: float, width: float, left: float
) -> None:
    """Each lane's events in view from its plan (`layout._planned`), for all plans of a batch at once.

    Sets `placing` where they are the events counted before (as `layout_lane` checks); else leaves it.
    """
    at = ((batch.lo <= floor_v1) & (batch.end >= v0)).nonzero()[0]
    ends = []
    for c in lanes:
        assert c.plan is not None
        ends += [c.plan.start, c.plan.start + len(c.plan.idx)]
    cuts = at.searchsorted(ends).tolist()
    fields = (
        batch.idx,
        batch.period,
        batch.x0,
        batch.x1,
        batch.cx,
        batch.sx,
        batch.ex,
        batch.full,
        batch.row,
    )
    idx, period, x0, x1, cx, sx, ex, full, row = (arr[at] for arr in fields)
    for c, p, q in zip(lanes, cuts[::2], cuts[1::2], strict=True):
        if q - p == c.shown:
            i = idx[p:q]
            sel = c.job.selected
            c.placing = Placing(
                c.frame, i, period[p:q], x0[p:q], x1[p:q], cx[p:q], sx[p:q], ex[p:q], b, full[p:q], row[p:q],
                width, left, None if sel is None else sel[i],
            )  # fmt: skip

"""Rows and geometry of a lane at one zoom, reused while the view pans (see layout.layout_lane)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.timeline.lane_data import LABEL_RESERVE, MARK_RADIUS, LaneData, extents, pack_rows

#: The margin (in views, each side) of a plan made for a new zoom; panning past it makes a wider one.
ZOOM_MARGIN = 0.25


@dataclass(eq=False)
class PlanBatch:
    """A plan's events and their geometry at b = 0 with their rows: one lane's (a `ZoomPlan`), or the
    arrays of several lanes' plans made in one pass, which a pan picks the events in view from at once."""

    idx: np.ndarray
    lo: np.ndarray
    end: np.ndarray
    period: np.ndarray
    x0: np.ndarray
    x1: np.ndarray
    cx: np.ndarray
    sx: np.ndarray
    ex: np.ndarray
    full: np.ndarray
    row: np.ndarray


@dataclass(eq=False)
class ZoomPlan(PlanBatch):
    """A lane's events around the view at one zoom: their geometry at b = 0 and their rows.

    A pan at that zoom only adds b and picks the events in view, so rows stay put while panning
    and the packing (a Python loop) and the column look-ups are not done again for every frame.
    """

    #: (scale, rows, the longest event kept in days or None for all)
    key: tuple[float, int, float | None]
    d0: float
    d1: float
    #: The local indices left out (as bytes): the plan holds for views that leave out the same.
    left_out: bytes = b""
    #: The plans made together with this one (its arrays are slices of the batch's, from `start`).
    batch: PlanBatch | None = None
    start: int = 0


class PlanCache:
    """The ZoomPlans of one lane, kept between frames (drop them when the lane's data or font change).

    A few are kept: a pan can take a lane in and out of having a "+N dated more vaguely" row.
    """

    KEEP = 4

    def __init__(self) -> None:
        self.plans: list[ZoomPlan] = []
        #: How many plans were made (tests count them: a pan at constant zoom makes none).
        self.builds = 0

    def clear(self) -> None:
        """Forget the plans."""
        self.plans = []

    def get(
        self,
        data: LaneData,
        a: float,
        nrows: int,
        v0: float,
        v1: float,
        label_widths: Callable[[np.ndarray], np.ndarray],
        margin: float,
        sharp: float | None = None,
        left_out: np.ndarray | None = None,
    ) -> ZoomPlan:
        """The plan for this zoom and row count covering [v0, v1], made (wider by `margin` views) if need be.

        `sharp`: only events at most that many days long (the view is crowded with vaguer ones);
        `left_out`: local indices not to place (periods across the view beyond the lane's rows).
        """
        gone = b"" if left_out is None else left_out.tobytes()
        found = self.find(a, nrows, v0, v1, sharp, gone)
        if found is not None:
            return found
        margin = self.margin_for(a, margin)
        span = v1 - v0
        d0, d1 = v0 - span * margin, v1 + span * margin
        idx = data.visible(d0, d1)
        if sharp is not None:
            idx = idx[(data.end[idx] - data.lo[idx]) <= sharp]
        if left_out is not None and len(left_out) and len(idx):
            # both sorted: find each left-out index in idx (cheaper than a set difference's sort)
            at = np.minimum(idx.searchsorted(left_out), len(idx) - 1)
            keep = np.ones(len(idx), dtype=bool)
            keep[at[idx[at] == left_out]] = False
            idx = idx[keep]
        period = data.is_period[idx]
        x0 = data.lo[idx] * a
        x1 = data.end[idx] * a
        cx = data.centre_of(idx) * a
        # rows are chosen with each label where it starts away from the edges (an edge moves in a pan)
        label_x = np.where(period, x0 + 5.0, cx + MARK_RADIUS + 4.0)
        ext0, ext1_mark = extents(period, x0, x1, cx)
        full = label_widths(data.rows[idx])
        ext1_label = np.maximum(ext1_mark, label_x + np.minimum(full, LABEL_RESERVE))
        plan = ZoomPlan(
            key=(a, nrows, sharp),
            left_out=gone,
            d0=d0,
            d1=d1,
            idx=idx,
            lo=data.lo[idx],
            end=data.end[idx],
            period=period,
            x0=x0,
            x1=x1,
            cx=cx,
            sx=data.start_max_of(idx) * a,
            ex=data.end_min1_of(idx) * a,
            full=full,
            row=pack_rows(ext0, ext1_mark, ext1_label, nrows),
        )
        self.keep(plan)
        return plan

    def find(
        self, a: float, nrows: int, v0: float, v1: float, sharp: float | None = None, gone: bytes = b""
    ) -> ZoomPlan | None:
        """The kept plan for this zoom, row count and kind covering [v0, v1], or None."""
        for plan in self.plans:
            if (
                plan.key[1] == nrows
                and (plan.key[2] is None) == (sharp is None)
                and plan.left_out == gone
                # a pan recomputes the scale from the new range: equal up to rounding
                and abs(plan.key[0] - a) <= 1e-9 * a
                and plan.d0 <= v0
                and v1 <= plan.d1
            ):
                return plan
        return None

    def margin_for(self, a: float, margin: float) -> float:
        """The margin (views each side) of a plan to be made at scale `a`."""
        if not any(abs(plan.key[0] - a) <= 1e-9 * a for plan in self.plans):
            # a new zoom (perhaps one step of many): a narrow margin, most plans made now go unused
            return min(margin, ZOOM_MARGIN)
        return margin

    def keep(self, plan: ZoomPlan) -> None:
        """Keep a plan just made (the newest first; the oldest beyond KEEP are dropped)."""
        self.builds += 1
        self.plans = [plan, *self.plans[: self.KEEP - 1]]

"""Where an event is drawn at the present zoom: its lane, its place in the lane's frame and its mark.

The one answer behind `TimelineView.mark_position` (what a test clicks), `label_rect`, the link
curves' ends and keyboard navigation, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF

from explorer.timeline.hit_test import Hit
from explorer.timeline.lane_data import DETAIL, LaneFrame
from explorer.timeline.lane_item import LaneItem

#: How far inside the lane area's edges a period's visible bar is taken to start and end (px).
EDGE_INSET = 2.0
#: Offsets from a marker's centre tried, in order, for a pixel of it that is on top.
MARK_PROBES = [(0, 0), (-3, 0), (3, 0), (0, -3), (0, 3), (-3, -3), (3, -3), (-3, 3), (3, 3)]


@dataclass(frozen=True)
class DrawnMark:
    """An event drawn in detail: its lane item, frame and frame position, and its mark in viewport pixels.

    `x` is a point's marker centre, or where a period's bar starts within the lane area; `x_end` is
    where that bar ends within it (`x` for a point); `y` is the middle of its row.
    """

    item: LaneItem
    frame: LaneFrame
    k: int
    x: float
    x_end: float
    y: float

    @property
    def period(self) -> bool:
        """True when the event is drawn as a bar."""
        return bool(self.frame.period[self.k])


def local_index(item: LaneItem, row: int) -> int | None:
    """The position of a global row among a lane's rows, None when the lane does not draw it."""
    rows = item.data.rows
    local = int(np.searchsorted(rows, row))
    return local if local < len(rows) and rows[local] == row else None


def placement(items: Iterable[LaneItem], row: int) -> tuple[LaneItem, int] | None:
    """The first shown lane of `items` that draws a row, with the row's local index there."""
    for item in items:
        if not item.isVisible():
            continue
        local = local_index(item, row)
        if local is not None:
            return item, local
    return None


def drawn_mark(item: LaneItem, local: int, left: float, right: float) -> DrawnMark | None:
    """Where a lane draws its `local`-th event at the present zoom (lane area `left`..`right`), if in detail."""
    frame = item.current_frame()
    if frame is None or frame.mode != DETAIL:
        return None
    k = int(np.searchsorted(frame.idx, local))
    if k >= len(frame.idx) or frame.idx[k] != local:
        return None
    y = float(frame.y[k])
    if not frame.period[k]:
        cx = float(frame.cx[k])
        return DrawnMark(item, frame, k, cx, cx, y)
    x0 = max(float(frame.x0[k]), left + EDGE_INSET)
    x1 = min(float(frame.x1[k]), right - EDGE_INSET)
    return DrawnMark(item, frame, k, x0, x1, y)


def seen_point(
    mark: DrawnMark, event_id: str, area: QRect, hit_at: Callable[[QPoint], Hit | None]
) -> QPoint | None:
    """A pixel of a drawn event's mark that is on top (what a click there selects), or None.

    A point's marker centre (or, where a label or mark covers that, another pixel of the marker
    that is on top; the centre when the marker lies in a stack of marks); for a period, the
    first pixel of its drawn bar in the lane `area` where it is on top. None when it lies outside
    the lane area or is wholly covered.
    """
    y = round(mark.y)
    if not area.top() <= y <= area.bottom():
        return None  # scrolled out of the lane area
    if not mark.period:
        if not area.left() <= mark.x <= area.right():
            return None
        candidates = [(mark.x + dx, float(y) + dy) for dx, dy in MARK_PROBES]
    else:
        candidates = [(x, float(y)) for x in np.arange(mark.x + 1.0, mark.x_end, 3.0).tolist()]
    for x, yy in candidates:
        point = QPoint(round(x), round(yy))
        hit = hit_at(point)
        if hit is not None and hit.event_id == event_id:
            return point
    if not mark.period:
        # under other marks: its own centre, where the tooltip counts the stack
        centre = QPoint(round(mark.x), y)
        hit = hit_at(centre)
        if hit is not None and hit.kind == "mark" and hit.stacked > 1:
            return centre
    return None


def seen_label(mark: DrawnMark, area: QRect) -> QRect | None:
    """The rectangle of a drawn event's label in the lane `area`; None when it has none there."""
    box = mark.item.label_boxes(mark.frame)[mark.k]
    if np.isnan(box[0]):
        return None
    x, y, w, h = box.tolist()
    rect = QRectF(x, y, w, h).toAlignedRect()
    vague = mark.item.vague_box(mark.frame)
    if vague is not None and vague[0].contains(QPointF(rect.center())):
        return None  # under the "+N dated more vaguely" line
    return rect if area.contains(rect.center()) else None

"""What is drawn at a viewport pixel: the one answer behind clicks, Ctrl+clicks, right-clicks and tooltips.

It reads the same per-frame geometry the lanes paint (`LaneFrame` and the label boxes), in the same
order, so a click can only land on what the person sees there. Topmost first: a label, then a
marker, then a solid bar (the certain part of a period, or its fading open end), then a faint band
(the uncertain ends of a period, the possible range of a vague date). Within one kind the item
painted last is on top, as the lane paints its dimmed (non-hit) events before the search hits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PySide6.QtCore import QRectF

from explorer.store.columns import EXACT, OPEN_END
from explorer.timeline.lane_data import DETAIL, MARK_RADIUS, LaneFrame

LABEL, MARK, BAR, BAND = "label", "mark", "bar", "band"
_RANK = {LABEL: 0, MARK: 1, BAR: 2, BAND: 3}
#: A marker answers a little beyond its drawn radius (a pointer's hot spot is one pixel).
MARK_HIT = MARK_RADIUS + 1.5


@dataclass(frozen=True)
class Hit:
    """The event drawn on top at a point, what of it is drawn there, and how many of that kind overlap."""

    event_id: str
    kind: str
    stacked: int = 1


class HitLane(Protocol):
    """What `drawn_at` needs from a lane: its frame, its label boxes, its row ids and its dimmed state."""

    def current_frame(self) -> LaneFrame | None: ...  # noqa: D102

    def label_boxes(self, frame: LaneFrame) -> np.ndarray: ...  # noqa: D102

    def hit_flags(self, frame: LaneFrame) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]: ...  # noqa: D102

    def event_ids(self, local: np.ndarray) -> list[str]: ...  # noqa: D102

    def vague_box(self, frame: LaneFrame) -> tuple[QRectF, str] | None: ...  # noqa: D102


def _inside(x: float, y: float, x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
    return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


def frame_hits(
    frame: LaneFrame,
    boxes: np.ndarray,
    flags: np.ndarray,
    hits: np.ndarray | None,
    selected: np.ndarray,
    x: float,
    y: float,
) -> tuple[str, np.ndarray, int] | None:
    """The kind on top at (x, y) in one lane, the frame positions of that kind there (topmost first),
    and how many events are stacked there (marks count marks; bars and bands count both)."""
    if frame.mode != DETAIL or not len(frame.idx):
        return None
    n = len(frame.idx)
    k = np.arange(n)
    # the lane paints the dimmed events first and the hits over them
    order_base = np.zeros(n, dtype=np.int64) if hits is None else hits.astype(np.int64) * (10 * n)
    candidates: list[tuple[str, np.ndarray, np.ndarray]] = []
    # labels (painted last)
    has_box = ~np.isnan(boxes[:, 0]) if len(boxes) else np.zeros(n, dtype=bool)
    if has_box.any():
        bx, by, bw, bh = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
        on = has_box & _inside(x, y, bx, bx + bw, by, by + bh)
        # selected labels are painted after the others in their pass
        candidates.append((LABEL, on, order_base + 7 * n + k + selected.astype(np.int64) * n))
    # markers: exact ones, then approximate ones over them
    point = ~frame.period
    d2 = (frame.cx - x) ** 2 + (frame.y - y) ** 2
    on_mark = point & (d2 <= MARK_HIT**2)
    approx = (flags & EXACT) == 0
    candidates.append((MARK, on_mark, order_base + np.where(approx, 6, 5) * n + k))
    # periods: faint uncertain ends, then the certain part (or the fading open end) over them
    box_h = frame.row_height - 6.0
    top, bottom = frame.y - box_h / 2.0, frame.y + box_h / 2.0
    open_end = frame.period & ((flags & OPEN_END) != 0)
    closed = frame.period & ~open_end
    solid = closed & (frame.ex > frame.sx)
    solid_x1 = frame.sx + np.maximum(frame.ex - frame.sx, 2.0)
    fade_x0 = np.maximum(frame.sx, frame.x0)
    fade_x1 = np.maximum(frame.x1, fade_x0 + 1.0)
    on_bar = (solid & _inside(x, y, frame.sx, solid_x1, top, bottom)) | (
        open_end & _inside(x, y, fade_x0, fade_x1, top, bottom)
    )
    candidates.append((BAR, on_bar, order_base + np.where(open_end, 3, 2) * n + k))
    start_part = frame.period & (frame.sx > frame.x0 + 0.5)
    end_part = closed & (frame.x1 > frame.ex + 0.5)
    on_faint = (start_part & _inside(x, y, frame.x0, frame.sx, top, bottom)) | (
        end_part & _inside(x, y, frame.ex, frame.x1, top, bottom)
    )
    # a vague point's range: a band with whiskers, painted after the periods
    ranged = point & (frame.x1 - frame.x0 > 2.0 * MARK_RADIUS * 0.6) & approx
    on_range = ranged & _inside(x, y, frame.x0 - 1.0, frame.x1 + 1.0, frame.y - 5.0, frame.y + 5.0)
    candidates.append((BAND, on_faint | on_range, order_base + np.where(on_range, 4, 1) * n + k))
    bars = int((on_bar | on_faint | on_range).sum())
    for kind, on, order in candidates:
        if on.any():
            where = np.flatnonzero(on)
            # labels never overlap (each is cut to the room before the next item); marks and bars may
            stacked = 1 if kind == LABEL else len(where) if kind == MARK else bars
            return kind, where[np.argsort(-order[where], kind="stable")], stacked
    return None


def drawn_at(lanes: Iterable[HitLane], x: float, y: float) -> Hit | None:
    """What is drawn on top at a viewport pixel across lanes, with how many of its kind are stacked there."""
    best: tuple[int, HitLane, LaneFrame, str, np.ndarray, int] | None = None
    for lane in lanes:
        frame = lane.current_frame()
        if frame is None or not frame.top - 2.0 <= y <= frame.top + frame.height + 2.0:
            continue
        vague = lane.vague_box(frame)
        if vague is not None and vague[0].contains(x, y):
            return None  # the "+N dated more vaguely" line is painted over the lane's last row
        flags, hits, selected = lane.hit_flags(frame)
        found = frame_hits(frame, lane.label_boxes(frame), flags, hits, selected, x, y)
        if found is None:
            continue
        rank = _RANK[found[0]]
        if best is None or rank < best[0]:
            best = (rank, lane, frame, *found)
    if best is None:
        return None
    _, lane, frame, kind, where, stacked = best
    return Hit(lane.event_ids(frame.idx[[int(where[0])]])[0], kind, stacked)

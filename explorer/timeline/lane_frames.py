"""The lane items' frames at one mapping, the stale ones laid out together (see layout_pass.layout_lanes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.timeline.layout_pass import LaneJob, layout_lanes

if TYPE_CHECKING:
    from explorer.timeline.lane_data import LaneFrame
    from explorer.timeline.lane_item import LaneItem
    from explorer.timeline.lane_style import LaneStyle
    from explorer.timeline.layout import Placing


def frames_for(
    items: list[LaneItem],
    px_per_day: float,
    x0_px: float,
    px_per_unit: float,
    y0_px: float,
    later: list[Placing],
    view_px: tuple[float, float],
) -> list[LaneFrame]:
    """Each item's frame at one mapping (cached), the lanes whose frame is stale laid out in one pass.

    Labels are left to `layout.place_together` (appended to `later`, see `layout_pass.layout_lanes`).
    """
    stale: dict[LaneStyle, list[tuple[LaneItem, LaneJob]]] = {}
    for item in items:
        job = item.frame_job(px_per_day, x0_px, px_per_unit, y0_px, view_px)
        if job is not None:
            stale.setdefault(item.style, []).append((item, job))
    left, right = view_px
    for style, lanes in stale.items():  # one style on a timeline: one pass
        jobs = [job for _, job in lanes]
        made = layout_lanes(
            jobs, px_per_day, x0_px, right, left, style.theme.row_height, style.label_widths, later
        )
        for (item, _), frame in zip(lanes, made, strict=True):
            item.take_frame(frame)
    return [item.laid_out for item in items]

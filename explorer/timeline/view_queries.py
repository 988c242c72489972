"""Where things are drawn on the timeline, for clicks, keys, tests and tools: the event on top at a
point, where an event's mark and label are seen, the lane area, the day under a point, the events
between two days.

A part of TimelineView (view.py), whose lane items, view box and scroll bar these read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect
from PySide6.QtGui import QColor

from explorer.timeline.hit_test import Hit, drawn_at
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.placement import DrawnMark, drawn_mark, placement, seen_label, seen_point

if TYPE_CHECKING:
    from explorer.timeline.view import TimelineView


class ViewQueries:
    """What is drawn where, in viewport coordinates (see the module)."""

    @property
    def _view(self) -> TimelineView:
        """The timeline this is a part of."""
        return cast("TimelineView", self)

    def placement(self, event_id: str, track: str | None = None) -> tuple[LaneItem, int] | None:
        """The lane item and local index of an event: in `track`, or its home lane (else another it is on)."""
        v = self._view
        row = v.session.columns.index_of(event_id)
        return None if row is None else v._placement_of(row, track)

    def _placement_of(self, row: int, track: str | None = None) -> tuple[LaneItem, int] | None:
        v = self._view
        cols = v.session.columns
        # an event on several lanes is drawn in each: the one asked for, else the first visible one
        lanes = [track] if track is not None else [cols.track_ids[lane] for lane in cols.lanes_of(row)]
        return placement((item for t in lanes if (item := v._items.get(t)) is not None), row)

    def _drawn_lanes(self) -> list[LaneItem]:
        v = self._view
        return [item for item in v._items.values() if item.isVisible()]

    def hit_at(self, pos: QPoint | QPointF) -> Hit | None:
        """What is drawn on top at a viewport position (label, mark, bar, band) and how many are stacked."""
        v = self._view
        return drawn_at(v._drawn_lanes(), float(pos.x()), float(pos.y()))

    def event_at(self, pos: QPoint | QPointF) -> str | None:
        """The event drawn on top at a viewport position (what a click there selects)."""
        v = self._view
        hit = v.hit_at(pos)
        return None if hit is None else hit.event_id

    def drawn_mark(self, row: int, track: str | None = None) -> DrawnMark | None:
        """Where a columns row is drawn in detail at the present zoom (in `track`, default its home lane)."""
        v = self._view
        found = v._placement_of(row, track)
        if found is None:
            return None
        left, right = v.viewbox_px()
        return drawn_mark(found[0], found[1], left, right)

    def _drawn(self, event_id: str, track: str | None = None) -> DrawnMark | None:
        v = self._view
        row = v.session.columns.index_of(event_id)
        return None if row is None else v.drawn_mark(row, track)

    def mark_position(self, event_id: str, track: str | None = None) -> QPoint | None:
        """Where an event's mark is drawn and seen, in viewport coordinates; None if it is not.

        An event on several lanes: its placement in `track` (default: its home lane, else another).
        See `placement.seen_point`.
        """
        v = self._view
        mark = v._drawn(event_id, track)
        return None if mark is None else seen_point(mark, event_id, v.lane_area(), v.hit_at)

    def label_rect(self, event_id: str) -> QRect | None:
        """The rectangle of an event's drawn label in viewport coordinates; None when it has no label."""
        v = self._view
        mark = v._drawn(event_id)
        return None if mark is None else seen_label(mark, v.lane_area())

    def label_color(self, event_id: str) -> QColor | None:
        """The pen an event's unselected label is drawn with at this zoom; None when it has no label."""
        v = self._view
        mark = v._drawn(event_id)
        if mark is None or np.isnan(mark.item.label_boxes(mark.frame)[mark.k][0]):
            return None
        return mark.item.label_ink(mark.frame, mark.k)[0]

    def viewbox_rect(self) -> QRect:
        """The view box in viewport coordinates (the lane area and the scroll bar over its right edge)."""
        v = self._view
        return v.mapFromScene(v.viewbox.sceneBoundingRect()).boundingRect()

    def lane_area(self) -> QRect:
        """The lane area (the view box, less the scroll bar) in viewport coordinates: what is seen."""
        v = self._view
        area = v.viewbox_rect()
        if v.lane_scroll.isVisible():
            area.setRight(v.lane_scroll.x() - 1)
        return area

    def viewbox_px(self) -> tuple[float, float]:
        """Left and right edges of the lane area in viewport pixels."""
        v = self._view
        r = v.viewbox_rect()
        return float(r.left()), float(r.right())

    def viewport_point(self, scene: QPointF) -> QPoint:
        """A scene position in viewport coordinates."""
        v = self._view
        return v.mapFromScene(scene)

    def day_at(self, pos: QPointF) -> float:
        """The day under a viewport position."""
        v = self._view
        return float(v.viewbox.mapSceneToView(v.mapToScene(pos.toPoint())).x())

    def events_between(self, d0: float, d1: float, lanes: list[str]) -> list[str]:
        """Ids of shown events in [d0, d1] in these lanes: points by their mark, periods when most of their bar is."""
        v = self._view
        out: list[np.ndarray] = []
        for t in lanes:
            item = v._items.get(t)
            if item is not None:
                out.append(item.data.rows[item.data.in_range(d0, d1)])
        if not out:
            return []
        rows = np.sort(np.concatenate(out))
        return [str(e) for e in v.session.columns.ids[rows]]

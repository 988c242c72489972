"""How tall each lane is and which part of the lane area shows: a mixin of TimelineView.

y is in pixels. Each lane gets the rows its labels want at the present zoom (`rows_wanted`, up to
MAX_LANE_ROWS); spare room is shared out by the number of events; when the lanes want more than
the height, the tallest give up rows down to MIN_LANE_ROWS and then the lane area scrolls
(`lane_scroll`, or the wheel over the lane names). Lanes are sized once a zoom rests, not per frame,
for the view and half a view either side of it: a pan inside that stretch keeps every lane's height.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollBar

from explorer.state import PAIRED_LANES
from explorer.timeline.layout import rows_wanted

if TYPE_CHECKING:
    from explorer.timeline.view import TimelineView

    _Base = TimelineView
else:
    _Base = object

#: The most rows a lane grows to for its labels; the fewest pixels around its rows.
MAX_LANE_ROWS = 8
#: Rows a lane keeps before the lane area scrolls rather than shrink it further.
MIN_LANE_ROWS = 3
LANE_PAD = 6.0
#: How long the zoom must rest before lanes are sized again for the rows it wants (ms).
RELAYOUT_MS = 120


class LaneSizing(_Base):
    """Lane heights for the rows their labels want, and vertical scrolling when they overflow."""

    def _init_lane_sizing(self) -> None:
        """The scroll bar and the timer that sizes lanes once a zoom rests (called by the view's __init__)."""
        self._lanes_height = 0.0
        self._laid_out_for = -1.0
        #: Per lane: (data and font key, scale, first and last day sized for, rows wanted).
        self._rows_for: dict[str, tuple[tuple, float, float, float, int]] = {}
        self.lane_scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.lane_scroll.setObjectName("laneScrollBar")
        self.lane_scroll.hide()
        self.lane_scroll.valueChanged.connect(self._on_lane_scroll_valueChanged)
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(RELAYOUT_MS)
        self._relayout_timer.timeout.connect(self._layout_lanes)
        self.viewbox.sigResized.connect(self._on_viewbox_resized)
        self.session.aboutToClose.connect(self._on_session_aboutToClose)

    def _rows_wanted(self, track_id: str) -> int:
        """Rows a lane would fill at the present zoom with room for every label (1..MAX_LANE_ROWS)."""
        item = self._items.get(track_id)
        d0, d1 = self.visible_range()
        left, right = self.viewbox_px()
        if item is None or right - left < 20 or d1 <= d0:
            return 1
        a = (right - left) / (d1 - d0)
        rh = self.theme.row_height
        key = (id(item.data), right - left, rh, self._style.version)
        hit = self._rows_for.get(track_id)
        if (
            hit is not None
            and hit[0] == key
            and abs(hit[1] - a) <= 1e-9 * a
            and hit[2] <= d0
            and d1 <= hit[3]
        ):
            return hit[4]  # a pan at this zoom: the lane was sized for the stretch around the view
        # size the lane for half a view either side too, so that panning on does not resize it
        half = (right - left) / 2
        rows = rows_wanted(
            item.data,
            a,
            left - d0 * a,
            right + half,
            rh,
            self._style.label_widths,
            left - half,
            MAX_LANE_ROWS,
        )
        span = d1 - d0
        self._rows_for[track_id] = (key, a, d0 - span / 2, d1 + span / 2, rows)
        return rows

    def _lane_heights(self, visible: list[str], weights: list[float]) -> list[float]:
        """Pixel heights: each lane the rows it wants, the rest of the room shared out by weight."""
        rh = self.theme.row_height
        need = [self._rows_wanted(t) * rh + LANE_PAD for t in visible]
        avail = float(self.viewbox.height())
        spare = avail - sum(need)
        if not visible:
            return need
        if spare < 0:
            # too tall: the tallest lanes give up rows down to a floor, then the lane area scrolls
            floor = [min(n, MIN_LANE_ROWS * rh + LANE_PAD) for n in need]
            if sum(floor) >= avail:
                return floor
            lo, hi = 0.0, max(need)
            for _ in range(30):
                cap = (lo + hi) / 2
                if sum(max(f, min(n, cap)) for f, n in zip(floor, need, strict=True)) > avail:
                    hi = cap
                else:
                    lo = cap
            return [max(f, min(n, lo)) for f, n in zip(floor, need, strict=True)]
        total = sum(weights) or 1.0
        return [n + spare * w / total for n, w in zip(need, weights, strict=True)]

    def _layout_lanes(self, force: bool = False) -> None:
        visible = self.session.visible_lanes()
        shown = self.session.shown_mask()
        cols = self.session.columns
        n_lanes = len(cols.track_ids)
        totals = np.bincount(cols.lane, minlength=n_lanes) if len(cols) else np.zeros(n_lanes, int)
        # what each lane draws: undated records are listed in the Undated strip, not counted here
        drawn = shown & cols.dated if len(cols) else shown
        counts = np.bincount(cols.lane[drawn], minlength=n_lanes) if len(cols) else np.zeros(n_lanes, int)
        # spare room goes to lanes with more events (by the square root, from all events so filters
        # don't jolt); y is in pixels, so a lane's rows keep their height whatever the window's
        weights = [
            1.0 + float(np.sqrt(totals[cols.lane_of_track(t)])) / 4.0 if t in cols.track_ids else 1.0
            for t in visible
        ]
        spans = {}
        y = 0.0
        for t, h in zip(visible, self._lane_heights(visible, weights), strict=True):
            spans[t] = (y, y + h)
            y += h
        self._lanes_height = y
        if not force and spans == self._spans and self._laid_out_for == self.viewbox.height():
            self._apply_scroll()
            return
        self._spans = spans
        self._laid_out_for = self.viewbox.height()
        for track_id, item in self._items.items():
            if track_id in self._spans:
                item.set_span(*self._spans[track_id])
                item.show()
            else:
                item.hide()
        paired = {t for t in PAIRED_LANES if t in visible[: len(PAIRED_LANES)]}
        if len(paired) < 2:
            paired = set()
        header = []
        for t in visible:
            track = self.session.track(t)
            n = int(counts[cols.lane_of_track(t)]) if t in cols.track_ids else 0
            header.append(
                (t, track.name if track else t, track.description if track else "", n, *self._spans[t])
            )
        self.header.set_lanes(header, paired)
        self.backdrop.set_lanes([(t, *self._spans[t]) for t in visible], paired)
        self._apply_scroll()
        self.lanesLaidOut.emit()

    def _apply_scroll(self) -> None:
        """Show the lanes from the scroll position down, and the scroll bar when they overflow."""
        avail = max(float(self.viewbox.height()), 1.0)
        overflow = max(0.0, self._lanes_height - avail)
        bar = self.lane_scroll
        bar.blockSignals(True)
        bar.setRange(0, int(math.ceil(overflow)))
        bar.setPageStep(int(avail))
        bar.setSingleStep(int(self.theme.row_height))
        bar.blockSignals(False)
        bar.setVisible(overflow > 0)
        self._place_scroll_bar()
        top = float(min(bar.value(), overflow))
        self.viewbox.setYRange(top, top + avail, padding=0)
        self.viewbox.updateMatrix()  # lanes' frames and hit tests follow the scroll at once

    def _on_lane_scroll_valueChanged(self, _value: int) -> None:
        self._apply_scroll()

    def _place_scroll_bar(self) -> None:
        r = self.mapFromScene(self.viewbox.sceneBoundingRect()).boundingRect()
        w = self.lane_scroll.sizeHint().width()
        self.lane_scroll.setGeometry(r.right() - w + 1, r.top(), w, r.height())

    def scroll_lanes(self, pixels: float) -> None:
        """Scroll the lane area down (positive) or up by some pixels, when the lanes overflow it."""
        self.lane_scroll.setValue(self.lane_scroll.value() + round(pixels))

    def layout_pending(self) -> bool:
        """True while lanes wait to be sized for the zoom just reached (tests wait for False)."""
        return self._relayout_timer.isActive()

    def _on_viewbox_resized(self, *_args: object) -> None:
        self._apply_scroll()
        self._relayout_soon()

    def _relayout_soon(self) -> None:
        # lanes are sized for the rows the present zoom wants: once the zooming stops, not per frame
        if not self.session.closed:
            self._relayout_timer.start()

    def _on_session_aboutToClose(self) -> None:
        self._relayout_timer.stop()  # its titles are read from the database

"""How tall each lane is and which part of the lane area shows.

y is in pixels. Each lane gets the rows its labels want at the present zoom (`rows_wanted`, up to
MAX_LANE_ROWS); spare room is shared out by the number of events; when the lanes want more than
the height, the tallest give up rows down to MIN_LANE_ROWS and then the lane area scrolls
(`scroll_bar`, or the wheel over the lane names). Lanes are sized once a zoom rests, not per frame,
for the view and half a view either side of it: a pan inside that stretch keeps every lane's height.

`LaneSizer` is composed by the view; it sees the view through `SizingHost` and emits `laidOut`
with the new spans, which the view hands to its lane items, lane names and backdrop.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QScrollBar, QWidget

from explorer.timeline.layout import rows_wanted
from explorer.timeline.surface import SizingHost, TimelineSession
from explorer.timeline.viewbox import TimelineViewBox

#: The most rows a lane grows to for its labels; the fewest pixels around its rows.
MAX_LANE_ROWS = 8
#: Rows a lane keeps before the lane area scrolls rather than shrink it further.
MIN_LANE_ROWS = 3
LANE_PAD = 6.0
#: How long the zoom must rest before lanes are sized again for the rows it wants (ms).
RELAYOUT_MS = 120


class LaneSizer(QObject):
    """Lane heights for the rows their labels want, and vertical scrolling when they overflow."""

    #: The lanes moved: {track id: (top, bottom)} of the shown lanes, top to bottom.
    laidOut = Signal(dict)

    def __init__(
        self, host: SizingHost, session: TimelineSession, viewbox: TimelineViewBox, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._host = host
        self.session = session
        self.viewbox = viewbox
        #: The shown lanes' (top, bottom) in view y units, top to bottom.
        self.spans: dict[str, tuple[float, float]] = {}
        self._lanes_height = 0.0
        self._laid_out_for = -1.0
        #: Per lane: (data and font key, scale, first and last day sized for, rows wanted).
        self._rows_for: dict[str, tuple[tuple, float, float, float, int]] = {}
        self.scroll_bar = QScrollBar(Qt.Orientation.Vertical, parent)
        self.scroll_bar.setObjectName("laneScrollBar")
        self.scroll_bar.hide()
        self.scroll_bar.valueChanged.connect(self._on_scroll_bar_valueChanged)
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(RELAYOUT_MS)
        self._relayout_timer.timeout.connect(self.layout)
        viewbox.sigResized.connect(self._on_viewbox_resized)
        session.aboutToClose.connect(self._on_session_aboutToClose)

    def overflows(self) -> bool:
        """True when the lanes are taller than the lane area (it scrolls)."""
        return self.scroll_bar.isVisible()

    def _rows_wanted(self, track_id: str) -> int:
        """Rows a lane would fill at the present zoom with room for every label (1..MAX_LANE_ROWS)."""
        item = self._host.lane_item(track_id)
        d0, d1 = self._host.visible_range()
        left, right = self._host.viewbox_px()
        if item is None or right - left < 20 or d1 <= d0:
            return 1
        a = (right - left) / (d1 - d0)
        rh = self._host.theme.row_height
        key = (id(item.data), right - left, rh, item.style.version)
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
            item.style.label_widths,
            left - half,
            MAX_LANE_ROWS,
        )
        span = d1 - d0
        self._rows_for[track_id] = (key, a, d0 - span / 2, d1 + span / 2, rows)
        return rows

    def _lane_heights(self, visible: list[str], weights: list[float]) -> list[float]:
        """Pixel heights: each lane the rows it wants, the rest of the room shared out by weight."""
        rh = self._host.theme.row_height
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

    def layout(self, force: bool = False) -> None:
        """Size the shown lanes for the present zoom; emit `laidOut` if they moved (or if forced)."""
        visible = self.session.visible_lanes()
        cols = self.session.columns
        n_lanes = len(cols.track_ids)
        totals = np.bincount(cols.lane, minlength=n_lanes) if len(cols) else np.zeros(n_lanes, int)
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
        if not force and spans == self.spans and self._laid_out_for == self.viewbox.height():
            self._apply_scroll()
            return
        self.spans = spans
        self._laid_out_for = self.viewbox.height()
        self._apply_scroll()
        self.laidOut.emit(spans)

    def _apply_scroll(self) -> None:
        """Show the lanes from the scroll position down, and the scroll bar when they overflow."""
        avail = max(float(self.viewbox.height()), 1.0)
        overflow = self._lanes_height - avail
        if overflow <= 1.0:  # a pixel or less (the lanes' floor in rounding) is no reason to scroll
            overflow = 0.0
        bar = self.scroll_bar
        bar.blockSignals(True)
        bar.setRange(0, int(math.ceil(overflow)))
        bar.setPageStep(int(avail))
        bar.setSingleStep(int(self._host.theme.row_height))
        bar.blockSignals(False)
        bar.setVisible(overflow > 0)
        self._place_scroll_bar()
        top = float(min(bar.value(), overflow))
        self.viewbox.setYRange(top, top + avail, padding=0)
        self.viewbox.updateMatrix()  # lanes' frames and hit tests follow the scroll at once

    def _on_scroll_bar_valueChanged(self, _value: int) -> None:
        self._apply_scroll()

    def _place_scroll_bar(self) -> None:
        r = self._host.viewbox_rect()
        w = self.scroll_bar.sizeHint().width()
        self.scroll_bar.setGeometry(r.right() - w + 1, r.top(), w, r.height())

    def scroll_lanes(self, pixels: float) -> None:
        """Scroll the lane area down (positive) or up by some pixels, when the lanes overflow it."""
        self.scroll_bar.setValue(self.scroll_bar.value() + round(pixels))

    def layout_pending(self) -> bool:
        """True while lanes wait to be sized for the zoom just reached (tests wait for False)."""
        return self._relayout_timer.isActive()

    def _on_viewbox_resized(self, *_args: object) -> None:
        self._apply_scroll()
        self.relayout_soon()

    def relayout_soon(self) -> None:
        """Size the lanes again once the zoom has rested for RELAYOUT_MS."""
        # lanes are sized for the rows the present zoom wants: once the zooming stops, not per frame
        if not self.session.closed:
            self._relayout_timer.start()

    def _on_session_aboutToClose(self) -> None:
        self._relayout_timer.stop()  # its titles are read from the database

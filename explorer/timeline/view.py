"""The zoomable multi-lane timeline: one pyqtgraph view, one item per lane, driven by a Session.

x is in day numbers (proleptic Gregorian ordinals); y is in lane units, lanes stacked top to
bottom in the session's lane order, each as tall as its number of events warrants
(`lane_span(track_id)` gives its (y0, y1)). Public interface (for the window, tests, benchmarks
and helpers adding overlays):

* `zoom_to(start, end)` / `visible_range()` / `fit_all()` / `zoom_by(factor)` / `centre_on(id)`;
  `rangeChanged(float, float)` is emitted with the visible day range.
* `mark_position(id)` -> QPoint in viewport coordinates of an event's mark (send mouse events to
  `view.viewport()`), `event_at(QPoint)`, `events_between(d0, d1, lanes)`.
* `lane_item(track_id)` gives the LaneItem (its `current_frame()` is the drawn geometry);
  `lane_span(track_id)`, `lane_at(y)`; `lanesLaidOut()` is emitted after lanes move.
* `add_overlay(item, z)` puts an item in view coordinates: use Z_PERIODS for period bands behind
  the lanes, Z_LINKS for link curves above them; relayout on `lanesLaidOut`/`rangeChanged`.
* Search hits are dimmed from `Session.set_hits`; the filter is `Session.set_filter`.
* `render_frame_to(image)` paints the whole view into a QImage (for benchmarks), as `grab()` does.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QWidget

from explorer.timeline.backdrop import LaneBackdrop, LaneHeader
from explorer.timeline.date_axis import LAST_DAY, DateAxisItem
from explorer.timeline.interaction import TimelineInteraction
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.lane_style import LaneStyle
from explorer.timeline.layout import LaneData
from explorer.timeline.theme import Theme, theme_from_palette
from explorer.timeline.viewbox import TimelineViewBox
from explorer.ui.session import PAIRED_LANES, Session

MIN_SPAN = 7.0
CENTURY = 36525.0
Z_PERIODS, Z_LANES, Z_LINKS, Z_BAND = -50, 0, 50, 100
DayLike = date | str | float | int


def to_day(value: DayLike) -> float:
    """A day number from a date, an ISO date string or a number."""
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, str):
        return float(date.fromisoformat(value).toordinal())
    return float(value)


class TimelineView(TimelineInteraction, pg.GraphicsView):
    """Lanes of events over a date axis, with zoom, pan, selection and keyboard navigation."""

    rangeChanged = Signal(float, float)
    eventActivated = Signal(str)
    lanesLaidOut = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=None)
        self.setObjectName("timelineView")
        self.session = session
        self.theme: Theme = self._make_theme()
        self.setBackground(self.theme.background)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.layout_ = pg.GraphicsLayout()
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(0)
        self.setCentralItem(self.layout_)
        self.viewbox = TimelineViewBox(self)
        self.axis = DateAxisItem(self.theme, orientation="top")
        self.axis.linkToView(self.viewbox)
        self.header = LaneHeader(self.theme, self.viewbox)
        # the lane names do not move when the view zooms or pans: repaint them from a pixmap
        self.header.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        corner = pg.GraphicsWidget()
        corner.setFixedWidth(LaneHeader.WIDTH)
        self.layout_.addItem(corner, row=0, col=0)
        self.layout_.addItem(self.axis, row=0, col=1)
        self.layout_.addItem(self.header, row=1, col=0)
        self.layout_.addItem(self.viewbox, row=1, col=1)
        self._bounds = (0.0, 1.0)
        self._spans: dict[str, tuple[float, float]] = {}
        self.press_modifiers = Qt.KeyboardModifier.NoModifier
        self._max_span = CENTURY
        self.backdrop = LaneBackdrop(self.theme, self._bounds)
        self.viewbox.addItem(self.backdrop, ignoreBounds=True)
        self._band = QGraphicsRectItem()
        self._band.setZValue(Z_BAND)
        self._band.hide()
        self.viewbox.addItem(self._band, ignoreBounds=True)
        self._style = LaneStyle(self.theme, session.columns)
        self._items: dict[str, LaneItem] = {}
        self.viewbox.sigXRangeChanged.connect(self._on_viewbox_range_changed)
        session.selectionChanged.connect(self._on_session_selection_changed)
        session.filterChanged.connect(self._on_session_filter_changed)
        session.hitsChanged.connect(self._on_session_hits_changed)
        session.lanesChanged.connect(self._on_session_lanes_changed)
        session.eventsChanged.connect(self._on_session_events_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)
        self._rebuild(fit=True)
        self._ready = True

    # --- building -------------------------------------------------------------------------------
    def _make_theme(self) -> Theme:
        colors = {t.id: t.color for t in self.session.tracks}
        return theme_from_palette(self.palette(), colors)

    def _rebuild(self, fit: bool = False) -> None:
        """Recreate lane data from the session (events, filter or lanes changed)."""
        cols = self.session.columns
        if self._style.columns is not cols:
            for item in self._items.values():
                self.viewbox.removeItem(item)
            self._items.clear()
            self._style = LaneStyle(self.theme, cols)
        self._update_limits()
        shown = self.session.shown_mask()
        for track_id in cols.track_ids:
            data = LaneData.shared(cols, cols.lane_of_track(track_id), shown)
            item = self._items.get(track_id)
            if item is None:
                item = LaneItem(track_id, self._style, data, self._bounds)
                item.setZValue(Z_LANES)
                self._items[track_id] = item
                self.viewbox.addItem(item, ignoreBounds=True)
            else:
                item.set_data(data)
        self._layout_lanes()
        self._on_session_selection_changed(self.session.selection())
        self._on_session_hits_changed()
        self._on_session_annotations_changed([])
        if fit:
            self.fit_all()

    def _update_limits(self) -> None:
        span = self.session.columns.span()
        if span is None:
            today = date.today().toordinal()
            span = (today - 365, today + 365)
        lo, hi = span
        width = max(hi - lo, 30)
        self._max_span = max(CENTURY, width * 1.1)
        mid = (lo + hi) / 2
        pad = self._max_span / 2
        self._bounds = (
            max(1.0, min(lo - width * 0.05, mid - pad)),
            min(float(LAST_DAY), max(hi + width * 0.05, mid + pad)),
        )
        self.viewbox.setLimits(
            xMin=self._bounds[0], xMax=self._bounds[1], minXRange=MIN_SPAN, maxXRange=self._max_span
        )
        self.backdrop.set_x_bounds(*self._bounds)
        for item in self._items.values():
            item.set_x_bounds(*self._bounds)

    def _layout_lanes(self) -> None:
        visible = self.session.visible_lanes()
        shown = self.session.shown_mask()
        cols = self.session.columns
        n_lanes = len(cols.track_ids)
        totals = np.bincount(cols.lane, minlength=n_lanes) if len(cols) else np.zeros(n_lanes, int)
        counts = np.bincount(cols.lane[shown], minlength=n_lanes) if len(cols) else np.zeros(n_lanes, int)
        # lanes with more events get more room (by the square root, from all events so filters don't jolt)
        self._spans = {}
        y = 0.0
        for t in visible:
            h = 1.0 + float(np.sqrt(totals[cols.lane_of_track(t)])) / 4.0 if t in cols.track_ids else 1.0
            self._spans[t] = (y, y + h)
            y += h
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
        self.viewbox.setYRange(0, max(y, 1.0), padding=0)
        self.lanesLaidOut.emit()

    # --- public interface -------------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        """The visible day range (first, last)."""
        x0, x1 = self.viewbox.viewRange()[0]
        return float(x0), float(x1)

    def zoom_limits(self) -> tuple[float, float]:
        """The narrowest and widest visible spans, in days."""
        return MIN_SPAN, self._max_span

    def zoom_to(self, start: DayLike, end: DayLike) -> None:
        """Show the days from start to end (dates, ISO strings or day numbers), within the limits."""
        d0, d1 = sorted((to_day(start), to_day(end)))
        self.viewbox.setXRange(d0, d1, padding=0)

    def fit_all(self) -> None:
        """Show every shown event (the whole corpus span)."""
        shown = self.session.shown_mask()
        cols = self.session.columns
        if shown.any():
            lo = float(cols.lo[shown].min())
            hi = float(cols.draw_hi[shown].max()) + 1
        else:
            lo, hi = self._bounds
        pad = max((hi - lo) * 0.02, 3.0)
        self.zoom_to(lo - pad, hi + pad)

    def zoom_by(self, factor: float, centre: float | None = None) -> None:
        """Zoom in (factor < 1) or out (factor > 1) around a day (the middle by default)."""
        d0, d1 = self.visible_range()
        c = (d0 + d1) / 2 if centre is None else centre
        self.zoom_to(c - (c - d0) * factor, c + (d1 - c) * factor)

    def centre_on(self, event_id: str) -> None:
        """Bring an event to the middle, zooming out if it is wider than the view."""
        row = self.session.columns.index_of(event_id)
        if row is None:
            return
        cols = self.session.columns
        lo, hi = float(cols.lo[row]), float(cols.draw_hi[row]) + 1
        d0, d1 = self.visible_range()
        span = max(d1 - d0, (hi - lo) * 1.25)
        c = (lo + hi) / 2
        self.zoom_to(c - span / 2, c + span / 2)

    def ensure_visible(self, event_id: str) -> None:
        """Pan so that an event's mark is inside the view."""
        row = self.session.columns.index_of(event_id)
        if row is None:
            return
        c = float(self.session.columns.centre[row])
        d0, d1 = self.visible_range()
        margin = (d1 - d0) * 0.05
        if not d0 + margin <= c <= d1 - margin:
            self.zoom_to(c - (d1 - d0) / 2, c + (d1 - d0) / 2)

    def lane_item(self, track_id: str) -> LaneItem | None:
        """The item drawing a track's lane."""
        return self._items.get(track_id)

    def lane_span(self, track_id: str) -> tuple[float, float] | None:
        """The (top, bottom) of a shown lane in view y units, None when hidden."""
        return self._spans.get(track_id)

    def lane_at(self, y: float) -> str | None:
        """The shown lane at a view y coordinate."""
        return next((t for t, (y0, y1) in self._spans.items() if y0 <= y < y1), None)

    def add_overlay(self, item: pg.GraphicsObject, z: float = Z_LINKS) -> None:
        """Add an item drawn in view coordinates (days by lane units), e.g. period bands or link curves."""
        item.setZValue(z)
        self.viewbox.addItem(item, ignoreBounds=True)

    def render(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        """QGraphicsView.render without the lane names' pixmap cache (SVG and PDF get text, not a bitmap)."""
        self.header.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            super().render(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            self.header.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def render_frame_to(self, image: QImage) -> None:
        """Paint the view into an image of any size (what one frame costs, for benchmarks)."""
        painter = QPainter(image)
        try:
            self.render(painter, QRectF(0, 0, image.width(), image.height()))
        finally:
            painter.end()

    def _event_frame_point(self, event_id: str) -> tuple[LaneItem, int] | None:
        cols = self.session.columns
        row = cols.index_of(event_id)
        if row is None:
            return None
        item = self._items.get(cols.track_ids[int(cols.lane[row])])
        if item is None or not item.isVisible():
            return None
        local = int(np.searchsorted(item.data.rows, row))
        if local >= len(item.data.rows) or item.data.rows[local] != row:
            return None
        return item, local

    def mark_position(self, event_id: str) -> QPoint | None:
        """Where an event's mark is drawn, in viewport coordinates; None if not drawn as a mark."""
        found = self._event_frame_point(event_id)
        if found is None:
            return None
        item, local = found
        frame = item.current_frame()
        if frame is None or frame.mode != "detail":
            return None
        k = int(np.searchsorted(frame.idx, local))
        if k >= len(frame.idx) or frame.idx[k] != local:
            return None
        if frame.period[k]:
            left, right = self.viewbox_px()
            x0, x1 = max(frame.x0[k], left + 2), min(frame.x1[k], right - 2)
            x = min(x0 + 8, (x0 + x1) / 2)
        else:
            x = frame.cx[k]
        return QPoint(round(float(x)), round(float(frame.y[k])))

    def viewbox_px(self) -> tuple[float, float]:
        """Left and right edges of the lane area in viewport pixels."""
        r = self.mapFromScene(self.viewbox.sceneBoundingRect()).boundingRect()
        return float(r.left()), float(r.right())

    def event_at(self, pos: QPoint | QPointF) -> str | None:
        """The event whose mark or bar is at a viewport position."""
        x, y = float(pos.x()), float(pos.y())
        for item in self._items.values():
            if not item.isVisible():
                continue
            frame = item.current_frame()
            if frame is None or not frame.top <= y < frame.top + frame.height:
                continue
            local = frame.nearest(x, y)
            if local is not None:
                return str(self.session.columns.ids[item.data.rows[local]])
        return None

    def events_between(self, d0: float, d1: float, lanes: list[str]) -> list[str]:
        """Ids of shown events in [d0, d1] in these lanes: points by their mark, periods by their bar."""
        out: list[np.ndarray] = []
        for t in lanes:
            item = self._items.get(t)
            if item is not None:
                out.append(item.data.rows[item.data.in_range(d0, d1)])
        if not out:
            return []
        rows = np.sort(np.concatenate(out))
        return [str(e) for e in self.session.columns.ids[rows]]

    # --- reacting to the session and the palette --------------------------------------------------
    def _on_viewbox_range_changed(self, _vb: object, rng: tuple[float, float]) -> None:
        # Apply the new view transform now: pyqtgraph would do it inside the next paint, moving
        # every lane item mid-paint and so queueing a second full paint of the timeline.
        self.viewbox.updateMatrix()
        self.rangeChanged.emit(float(rng[0]), float(rng[1]))

    def _on_session_selection_changed(self, ids: list) -> None:
        mask = self.session.selected_mask()
        for item in self._items.values():
            item.set_selection(mask)

    def _on_session_filter_changed(self) -> None:
        self._rebuild()

    def _on_session_lanes_changed(self) -> None:
        self._rebuild()

    def _on_session_events_changed(self) -> None:
        if any(t.id not in self.theme.lane_colors for t in self.session.tracks):
            self.apply_palette()  # an import added tracks: give their lanes their colours
        self._rebuild()

    def _on_session_annotations_changed(self, _ids: list) -> None:
        marks = self.session.annotations.marks()
        rgb = marks.tag_rgb if marks.any_tags else None
        for item in self._items.values():
            item.set_tag_colors(rgb)

    def _on_session_hits_changed(self) -> None:
        hits = self.session.hit_mask()
        cols = self.session.columns
        shown = self.session.shown_mask()
        for track_id, item in self._items.items():
            if hits is None:
                item.set_hits(None, None)
            else:
                lane = cols.lane_of_track(track_id)
                item.set_hits(hits, LaneData.build(cols, lane, shown & hits))

    def apply_palette(self) -> None:
        """Re-derive colours from the current palette (light or dark)."""
        self.theme = self._make_theme()
        self.setBackground(self.theme.background)
        self._style.theme = self.theme
        self._style._pixmaps.clear()
        self._style.version += 1
        for w in (self.axis, self.header, self.backdrop):
            w.set_theme(self.theme)
        for item in self._items.values():
            item.restyle()

    def changeEvent(self, ev: QEvent) -> None:
        """Follow the system's switch between light and dark."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and getattr(self, "_ready", False):
            self.apply_palette()


__all__ = ["MIN_SPAN", "Z_LANES", "Z_LINKS", "Z_PERIODS", "TimelineView", "to_day"]

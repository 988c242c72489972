"""The zoomable multi-lane timeline: one pyqtgraph view, one item per lane, driven by a Session.

x is in day numbers (proleptic Gregorian ordinals); y is in pixels, lanes stacked top to
bottom in the session's lane order, each as tall as the rows its labels want at the present zoom
(see lane_sizing.py: the lane area scrolls when they overflow it). Public interface (for the
window, tests, benchmarks and helpers adding overlays):

* `zoom_to(start, end)` / `visible_range()` / `fit_all()` / `fit_core()` (the first view: the
  years holding most events) / `zoom_by(factor)` / `centre_on(id)`;
  `rangeChanged(float, float)` is emitted with the visible day range.
* `mark_position(id)` -> QPoint and `label_rect(id)` -> QRect | None in viewport coordinates of an
  event's mark and drawn label (send mouse events to `view.viewport()`); `hit_at(QPoint)` -> Hit
  (what is drawn on top there: label, mark, bar or band, and how many are stacked) and
  `event_at(QPoint)`, which clicks, hovers and the context menu all use; `events_between(d0, d1, lanes)`.
* `lane_item(track_id)` gives the LaneItem (its `current_frame()` is the drawn geometry);
  `lane_span(track_id)`, `lane_at(y)`, `scroll_lanes(px)`; `lanesLaidOut()` is emitted after lanes move;
  `layout_pending()` is True while lanes wait to be sized for a zoom that has just come to rest.
* `add_overlay(item, z)` puts an item in view coordinates: use Z_PERIODS for period bands behind
  the lanes, Z_LINKS for link curves above them; relayout on `lanesLaidOut`/`rangeChanged`.
* Search hits are dimmed from `Session.set_hits`; the filter is `Session.set_filter`.
* `render_frame_to(image)` paints the whole view into a QImage (for benchmarks), as `grab()` does.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QWidget

from explorer.state import Session
from explorer.store.errors import UnknownEvent
from explorer.timeline.backdrop import LaneBackdrop, LaneHeader
from explorer.timeline.date_axis import LAST_DAY, DateAxisItem
from explorer.timeline.hit_test import Hit, drawn_at
from explorer.timeline.interaction import TimelineInteraction
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.lane_sizing import LaneSizing
from explorer.timeline.lane_style import LaneStyle
from explorer.timeline.layout import LaneData, LaneFrame
from explorer.timeline.theme import Theme, theme_from_palette
from explorer.timeline.viewbox import TimelineViewBox

MIN_SPAN = 7.0
#: The width of the frame drawn round the timeline while it has the keyboard focus (pixels).
FOCUS_PEN = 2.0
#: The share of event middles a first view frames (the densest span that holds them), and the
#: fewest events it does so for.
CORE_SHARE = 0.9
CORE_MIN_EVENTS = 50
CENTURY = 36525.0
Z_PERIODS, Z_LANES, Z_LINKS, Z_BAND = -50, 0, 50, 100
DayLike = date | str | float | int
#: Offsets from a marker's centre tried, in order, for a pixel of it that is on top.
_MARK_PROBES = [(0, 0), (-3, 0), (3, 0), (0, -3), (0, 3), (-3, -3), (3, -3), (-3, 3), (3, 3)]


def to_day(value: DayLike) -> float:
    """A day number from a date, an ISO date string or a number."""
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, str):
        return float(date.fromisoformat(value).toordinal())
    return float(value)


class TimelineView(LaneSizing, TimelineInteraction, pg.GraphicsView):
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
        # a screen reader names the view, and reads the current event from its description
        self.setAccessibleName("Timeline")
        self.viewport().setAccessibleName("Timeline lanes")
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
        session.currentChanged.connect(self._on_session_current_changed)
        self._init_lane_sizing()
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
        self._layout_lanes(force=True)
        self._on_session_selection_changed(self.session.selection())
        self._on_session_hits_changed()
        self._on_session_annotations_changed([])
        if fit:
            self.fit_core()

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
        cols = self.session.columns
        shown = self.session.shown_mask() & cols.dated
        if shown.any():
            lo = float(cols.lo[shown].min())
            hi = float(cols.draw_hi[shown].max()) + 1
        else:
            lo, hi = self._bounds
        pad = max((hi - lo) * 0.02, 3.0)
        self.zoom_to(lo - pad, hi + pad)

    def core_range(self) -> tuple[float, float] | None:
        """The days holding the bulk of the shown events: the shortest span holding CORE_SHARE of their
        middles, padded by a twentieth on each side.

        None when fewer than CORE_MIN_EVENTS are shown (the first view then fits them all).
        """
        shown = self.session.shown_mask() & self.session.columns.dated
        n = int(shown.sum())
        if n < CORE_MIN_EVENTS:
            return None  # too few for "the bulk" to mean anything: show them all
        centre = np.sort(self.session.columns.centre[shown])
        k = max(2, math.ceil(CORE_SHARE * n))
        widths = centre[k - 1 :] - centre[: n - k + 1]
        i = int(np.argmin(widths))
        lo, hi = float(centre[i]), float(centre[i + k - 1])
        pad = max((hi - lo) * 0.05, 15.0)
        return lo - pad, hi + pad

    def fit_core(self) -> None:
        """The first view: frame the years that hold most events (outliers stay reachable by fit_all)."""
        core = self.core_range()
        if core is None:
            self.fit_all()
        else:
            self.zoom_to(*core)

    def zoom_by(self, factor: float, centre: float | None = None) -> None:
        """Zoom in (factor < 1) or out (factor > 1) around a day (the middle by default)."""
        d0, d1 = self.visible_range()
        c = (d0 + d1) / 2 if centre is None else centre
        self.zoom_to(c - (c - d0) * factor, c + (d1 - c) * factor)

    def centre_on(self, event_id: str) -> None:
        """Bring an event to the middle, zooming out if it is wider than the view."""
        row = self.session.columns.index_of(event_id)
        if row is None or not self.session.columns.dated[row]:
            return  # an undated record has no place in time (the Undated strip lists it)
        cols = self.session.columns
        lo, hi = float(cols.lo[row]), float(cols.draw_hi[row]) + 1
        d0, d1 = self.visible_range()
        span = max(d1 - d0, (hi - lo) * 1.25)
        c = (lo + hi) / 2
        self.zoom_to(c - span / 2, c + span / 2)

    def ensure_visible(self, event_id: str) -> None:
        """Pan so that an event's mark is inside the view."""
        row = self.session.columns.index_of(event_id)
        if row is None or not self.session.columns.dated[row]:
            return
        c = float(self.session.columns.centre[row])
        d0, d1 = self.visible_range()
        margin = (d1 - d0) * 0.05
        if not d0 + margin <= c <= d1 - margin:
            self.zoom_to(c - (d1 - d0) / 2, c + (d1 - d0) / 2)
        span = self._spans.get(self.session.columns.track_ids[int(self.session.columns.lane[row])])
        if span is not None and self.lane_scroll.isVisible():
            # scroll the lanes so that the event's lane is in sight
            top = float(self.lane_scroll.value())
            avail = float(self.viewbox.height())
            if span[0] < top:
                self.lane_scroll.setValue(math.floor(span[0]))
            elif span[1] > top + avail:
                self.lane_scroll.setValue(math.ceil(span[1] - avail))

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
        """Add an item drawn in view coordinates (days by pixels), e.g. period bands or link curves."""
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

    def _event_frame_point(self, event_id: str, track: str | None = None) -> tuple[LaneItem, int] | None:
        """The lane item and local index of an event: in `track`, or its home lane (else another it is on)."""
        cols = self.session.columns
        row = cols.index_of(event_id)
        if row is None:
            return None
        # an event on several lanes is drawn in each: the one asked for, else the first visible one
        lanes = [track] if track is not None else [cols.track_ids[lane] for lane in cols.lanes_of(row)]
        for lane_track in lanes:
            item = self._items.get(lane_track)
            if item is None or not item.isVisible():
                continue
            local = int(np.searchsorted(item.data.rows, row))
            if local < len(item.data.rows) and item.data.rows[local] == row:
                return item, local
        return None

    def _drawn_lanes(self) -> list[LaneItem]:
        return [item for item in self._items.values() if item.isVisible()]

    def hit_at(self, pos: QPoint | QPointF) -> Hit | None:
        """What is drawn on top at a viewport position (label, mark, bar, band) and how many are stacked."""
        return drawn_at(self._drawn_lanes(), float(pos.x()), float(pos.y()))

    def event_at(self, pos: QPoint | QPointF) -> str | None:
        """The event drawn on top at a viewport position (what a click there selects)."""
        hit = self.hit_at(pos)
        return None if hit is None else hit.event_id

    def _drawn(self, event_id: str, track: str | None = None) -> tuple[LaneItem, LaneFrame, int] | None:
        """The lane, frame and frame position of an event drawn in detail at the present zoom."""
        found = self._event_frame_point(event_id, track)
        if found is None:
            return None
        item, local = found
        frame = item.current_frame()
        if frame is None or frame.mode != "detail":
            return None
        k = int(np.searchsorted(frame.idx, local))
        if k >= len(frame.idx) or frame.idx[k] != local:
            return None
        return item, frame, k

    def mark_position(self, event_id: str, track: str | None = None) -> QPoint | None:
        """Where an event's mark is drawn and seen, in viewport coordinates; None if it is not.

        An event on several lanes: its placement in `track` (default: its home lane, else another).

        A point's marker centre (or, where a label or mark covers that, another pixel of the marker
        that is on top; the centre when the marker lies in a stack of marks); for a period, the
        first pixel of its drawn bar in the lane area where it is on top. None when the event is
        not drawn in detail at this zoom, lies outside the lane area, or is wholly covered.
        """
        found = self._drawn(event_id, track)
        if found is None:
            return None
        item, frame, k = found
        y = round(float(frame.y[k]))
        area = self._lane_area()
        if not area.top() <= y <= area.bottom():
            return None  # scrolled out of the lane area
        if not frame.period[k]:
            cx = float(frame.cx[k])
            if not area.left() <= cx <= area.right():
                return None
            candidates = [(cx + dx, float(y) + dy) for dx, dy in _MARK_PROBES]
        else:
            left, right = float(area.left()), float(area.right())
            x0, x1 = max(float(frame.x0[k]), left + 2), min(float(frame.x1[k]), right - 2)
            candidates = [(x, float(y)) for x in np.arange(x0 + 1.0, x1, 3.0).tolist()]
        for x, yy in candidates:
            point = QPoint(round(x), round(yy))
            hit = self.hit_at(point)
            if hit is not None and hit.event_id == event_id:
                return point
        if not frame.period[k]:
            # under other marks: its own centre, where the tooltip counts the stack
            centre = QPoint(round(float(frame.cx[k])), y)
            hit = self.hit_at(centre)
            if hit is not None and hit.kind == "mark" and hit.stacked > 1:
                return centre
        return None

    def label_rect(self, event_id: str) -> QRect | None:
        """The rectangle of an event's drawn label in viewport coordinates; None when it has no label."""
        found = self._drawn(event_id)
        if found is None:
            return None
        item, frame, k = found
        box = item.label_boxes(frame)[k]
        if np.isnan(box[0]):
            return None
        x, y, w, h = box.tolist()
        rect = QRectF(x, y, w, h).toAlignedRect()
        vague = item.vague_box(frame)
        if vague is not None and vague[0].contains(QPointF(rect.center())):
            return None  # under the "+N dated more vaguely" line
        return rect if self._lane_area().contains(rect.center()) else None

    def label_color(self, event_id: str) -> QColor | None:
        """The pen an event's unselected label is drawn with at this zoom; None when it has no label."""
        found = self._drawn(event_id)
        if found is None or np.isnan(found[0].label_boxes(found[1])[found[2]][0]):
            return None
        item, frame, k = found
        return item.label_ink(frame, k)[0]

    def _lane_area(self) -> QRect:
        """The lane area (the view box, less the scroll bar) in viewport coordinates: what is seen."""
        area = self.mapFromScene(self.viewbox.sceneBoundingRect()).boundingRect()
        if self.lane_scroll.isVisible():
            area.setRight(self.lane_scroll.x() - 1)
        return area

    def viewbox_px(self) -> tuple[float, float]:
        """Left and right edges of the lane area in viewport pixels."""
        r = self.mapFromScene(self.viewbox.sceneBoundingRect()).boundingRect()
        return float(r.left()), float(r.right())

    def events_between(self, d0: float, d1: float, lanes: list[str]) -> list[str]:
        """Ids of shown events in [d0, d1] in these lanes: points by their mark, periods when most of their bar is."""
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
        self._relayout_soon()
        self.rangeChanged.emit(float(rng[0]), float(rng[1]))

    def _on_session_selection_changed(self, ids: list) -> None:
        mask = self.session.selected_mask()
        for item in self._items.values():
            item.set_selection(mask)

    def spoken_event(self, event_id: str) -> str:
        """How a screen reader reads an event: "title, date as worded, track" ("" for none or unknown)."""
        if not event_id:
            return ""
        try:
            ev = self.session.events.get(event_id)
        except UnknownEvent:
            return ""
        track = self.session.track(ev.track)
        return ", ".join(
            part for part in (ev.title, ev.date_words, track.name if track else ev.track) if part
        )

    def _on_session_current_changed(self, event_id: str) -> None:
        text = self.spoken_event(event_id)
        if text == self.accessibleDescription():
            return
        self.setAccessibleDescription(text)
        self.viewport().setAccessibleDescription(text)
        # tell assistive technology: the focus stays on the view while the arrows move between events
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

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

    def paintEvent(self, ev: QPaintEvent) -> None:
        """The scene, then a highlight frame while the timeline has the keyboard focus."""
        super().paintEvent(ev)
        if self.hasFocus():
            p = QPainter(self.viewport())
            pen = QPen(self.theme.highlight, FOCUS_PEN)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            half = FOCUS_PEN / 2.0
            p.drawRect(QRectF(self.viewport().rect()).adjusted(half, half, -half, -half))
            p.end()

    def focusInEvent(self, ev: QFocusEvent) -> None:
        """Show the focus frame."""
        super().focusInEvent(ev)
        self.viewport().update()

    def focusOutEvent(self, ev: QFocusEvent) -> None:
        """Hide the focus frame."""
        super().focusOutEvent(ev)
        self.viewport().update()

    def changeEvent(self, ev: QEvent) -> None:
        """Follow the system's switch between light and dark."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and getattr(self, "_ready", False):
            self.apply_palette()


__all__ = ["MIN_SPAN", "Z_LANES", "Z_LINKS", "Z_PERIODS", "TimelineView", "to_day"]

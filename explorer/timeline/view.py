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
  `layout_pending()` is True while lanes wait to be sized for a zoom that has just come to rest;
  `drawn_mark(row)` / `placement(id)`: where an event is drawn (see placement.py). These queries of
  what is drawn where live in view_queries.py, a part of the view.
* `last_band`: the day range of the last finished rubber band (None after it was used).

The view composes its parts and hands each the narrow Protocol it needs (surface.py): the
`TimelineInteraction` controller (clicks, bands, keys, hover; fed by the view box's signals and
the view's Qt event handlers) and the `LaneSizer` (lane heights and scrolling).
* `add_overlay(item, z)` puts an item in view coordinates: use Z_PERIODS for period bands behind
  the lanes, Z_LINKS for link curves above them; relayout on `lanesLaidOut`/`rangeChanged`.
* Search hits are dimmed from `Session.set_hits`; the filter is `Session.set_filter`.
* `render_frame_to(image)` paints the whole view into a QImage (for benchmarks), as `grab()` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFocusEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QStatusTipEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsView, QScrollBar, QWidget

from explorer.model.entities import PAIRED_LANES
from explorer.store.errors import UnknownEvent
from explorer.timeline.backdrop import LaneBackdrop, LaneHeader
from explorer.timeline.date_axis import LAST_DAY, DateAxisItem
from explorer.timeline.interaction import TimelineInteraction
from explorer.timeline.lane_data import LaneData, core_span
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.lane_layer import LaneLayer
from explorer.timeline.lane_sizing import LaneSizer
from explorer.timeline.lane_style import LaneStyle
from explorer.timeline.surface import NEXT_TURN_MS, TimelineSession
from explorer.timeline.theme import Theme, fill_with, theme_from_palette
from explorer.timeline.view_queries import ViewQueries
from explorer.timeline.viewbox import TimelineViewBox

MIN_SPAN = 7.0
#: The width of the frame drawn round the timeline while it has the keyboard focus (pixels).
FOCUS_PEN = 2.0
#: The share of event middles a first view frames (the densest span that holds them), and the
#: fewest events it does so for.
CORE_SHARE = 0.9
CORE_MIN_EVENTS = 50
CENTURY = 36525.0
Z_PERIODS, Z_LANES, Z_LINKS = -50, 0, 50
DayLike = date | str | float | int


def to_day(value: DayLike) -> float:
    """A day number from a date, an ISO date string or a number."""
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, str):
        return float(date.fromisoformat(value).toordinal())
    return float(value)


class TimelineView(ViewQueries, pg.GraphicsView):
    """Lanes of events over a date axis, with zoom, pan, selection and keyboard navigation."""

    rangeChanged = Signal(float, float)
    eventActivated = Signal(str)
    lanesLaidOut = Signal()
    #: False until built (Qt may send a palette change while the parts are still being made).
    _ready = False

    def __init__(self, session: TimelineSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=None)
        self.setObjectName("timelineView")
        self.session = session
        self.theme: Theme = self._make_theme()
        self.setBackground(self.theme.background)
        # a solid fill costs less than copying pyqtgraph's cached background pixmap at every paint
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # a screen reader names the view, and reads the current event from its description
        self.setAccessibleName("Timeline")
        self.viewport().setAccessibleName("Timeline lanes")
        self.grid = pg.GraphicsLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(0)
        self.setCentralItem(self.grid)
        self.viewbox = TimelineViewBox()
        self.axis = DateAxisItem(self.theme, orientation="top")
        self.axis.linkToView(self.viewbox)
        self.header = LaneHeader(self.theme, self.viewbox)
        # the lane names do not move when the view zooms or pans: repaint them from a pixmap
        self.header.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        corner = pg.GraphicsWidget()
        corner.setFixedWidth(LaneHeader.WIDTH)
        self.grid.addItem(corner, row=0, col=0)
        self.grid.addItem(self.axis, row=0, col=1)
        self.grid.addItem(self.header, row=1, col=0)
        self.grid.addItem(self.viewbox, row=1, col=1)
        self._bounds = (0.0, 1.0)
        self._max_span = CENTURY
        #: The day range of the last finished rubber band (a period can be made from it).
        self.last_band: tuple[float, float] | None = None
        self.backdrop = LaneBackdrop(self.theme, self._bounds)
        self.viewbox.addItem(self.backdrop, ignoreBounds=True)
        self._style = LaneStyle(self.theme, session.columns)
        self._items: dict[str, LaneItem] = {}
        self.lane_layer = LaneLayer(lambda: list(self._items.values()))
        self.add_overlay(self.lane_layer, Z_LANES)
        self.sizer = LaneSizer(self, session, self.viewbox, self)
        self.sizer.laidOut.connect(self._on_sizer_laidOut)
        # the scroll bar lies over the lanes' right edge: opaque, it is not repainted with the lanes
        # under it at every zoom or pan step (about half a millisecond in the Fusion style)
        fill_with(self.sizer.scroll_bar, self.theme.background)
        # A new filter is drawn in the turn after the click (see NEXT_TURN_MS), so the click's turn
        # does only the filter; several changes in a row rebuild once, with the newest filter.
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(NEXT_TURN_MS)
        self._rebuild_timer.timeout.connect(self._rebuild)
        self.interaction = TimelineInteraction(self, session, self.viewbox)
        self.interaction.activated.connect(self.eventActivated)
        self.interaction.bandSelected.connect(self._on_interaction_bandSelected)
        self.interaction.message.connect(self._on_interaction_message)
        self.viewbox.sigXRangeChanged.connect(self._on_viewbox_range_changed)
        session.selectionChanged.connect(self._on_session_selection_changed)
        session.filterChanged.connect(self._on_session_filter_changed)
        session.hitsChanged.connect(self._on_session_hits_changed)
        session.lanesChanged.connect(self._on_session_lanes_changed)
        session.eventsChanged.connect(self._on_session_events_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)
        session.currentChanged.connect(self._on_session_current_changed)
        self._rebuild(fit=True)
        self._ready = True

    # --- building -------------------------------------------------------------------------------
    def _make_theme(self) -> Theme:
        colors = {t.id: t.color for t in self.session.tracks}
        return theme_from_palette(self.palette(), colors)

    def _rebuild(self, fit: bool = False) -> None:
        """Recreate lane data from the session (events, filter or lanes changed)."""
        self._rebuild_timer.stop()
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
            found = self._items.get(track_id)
            if found is None:
                item = LaneItem(track_id, self._style, data, self._bounds, self.lane_layer.batch)
                self.lane_layer.adopt(item)
                self._items[track_id] = item
                self.add_overlay(item, Z_LANES)
            else:
                found.set_data(data)
        self.sizer.layout(force=True)
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
        self.lane_layer.place(self._bounds, self.sizer.spans)

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
        """The days holding the bulk of the shown events (see `lane_data.core_span`); None for few events."""
        cols = self.session.columns
        return core_span(cols.centre[self.session.shown_mask() & cols.dated], CORE_SHARE, CORE_MIN_EVENTS)

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
        span = self.sizer.spans.get(self.session.columns.track_ids[int(self.session.columns.lane[row])])
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
        return self.sizer.spans.get(track_id)

    def lane_at(self, y: float) -> str | None:
        """The shown lane at a view y coordinate."""
        return next((t for t, (y0, y1) in self.sizer.spans.items() if y0 <= y < y1), None)

    @property
    def lane_scroll(self) -> QScrollBar:
        """The scroll bar over the lanes' right edge, shown when they overflow the lane area."""
        return self.sizer.scroll_bar

    def lanes_overflow(self) -> bool:
        """True when the lanes are taller than the lane area (it scrolls)."""
        return self.sizer.overflows()

    def scroll_lanes(self, pixels: float) -> None:
        """Scroll the lane area down (positive) or up by some pixels, when the lanes overflow it."""
        self.sizer.scroll_lanes(pixels)

    def layout_pending(self) -> bool:
        """True while lanes wait to be sized for the zoom just reached, or rebuilt for a new filter."""
        return self._rebuild_timer.isActive() or self.sizer.layout_pending()

    def add_overlay(self, item: QGraphicsItem, z: float = Z_LINKS) -> None:
        """Add an item drawn in view coordinates (days by pixels), e.g. period bands or link curves."""
        item.setZValue(z)
        self.viewbox.addItem(item, ignoreBounds=True)

    def render(self, *args: Any, **kwargs: Any) -> None:
        """QGraphicsView.render without the lane names' pixmap cache (SVG and PDF get text, not a bitmap)."""
        self.header.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            super().render(*args, **kwargs)
        finally:
            self.header.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def render_frame_to(self, image: QImage) -> None:
        """Paint the view into an image of any size (what one frame costs, for benchmarks)."""
        painter = QPainter(image)
        try:
            self.render(painter, QRectF(0, 0, image.width(), image.height()))
        finally:
            painter.end()

    # --- reacting to the session and the palette --------------------------------------------------
    def _on_viewbox_range_changed(self, _vb: object, rng: tuple[float, float]) -> None:
        # Apply the new view transform now: pyqtgraph would do it inside the next paint, moving
        # every lane item mid-paint and so queueing a second full paint of the timeline.
        self.viewbox.updateMatrix()
        self.sizer.relayout_soon()
        self.rangeChanged.emit(float(rng[0]), float(rng[1]))

    def _on_sizer_laidOut(self, spans: dict[str, tuple[float, float]]) -> None:
        """Move the lane items, lane names and backdrop to the new spans."""
        for track_id, item in self._items.items():
            if track_id in spans:
                item.set_span(*spans[track_id])
                item.show()
            else:
                item.hide()
        visible = list(spans)
        paired = {t for t in PAIRED_LANES if t in visible[: len(PAIRED_LANES)]}
        if len(paired) < 2:
            paired = set()
        cols = self.session.columns
        counts = self.session.shown_lane_counts()  # (what each lane draws, dated records only)
        header = []
        for t in visible:
            track = self.session.track(t)
            n = int(counts[cols.lane_of_track(t)]) if t in cols.track_ids else 0
            header.append((t, track.name if track else t, track.description if track else "", n, *spans[t]))
        self.header.set_lanes(header, paired)
        self.backdrop.set_lanes([(t, *spans[t]) for t in visible], paired)
        self.lane_layer.place(self._bounds, spans)
        self.lanesLaidOut.emit()

    def _on_interaction_bandSelected(self, d0: float, d1: float) -> None:
        self.last_band = (d0, d1)

    def _on_interaction_message(self, text: str) -> None:
        QApplication.sendEvent(self, QStatusTipEvent(text))

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
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
        self._rebuild_timer.start()

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
        if self._rebuild_timer.isActive():
            return  # the coming rebuild marks the hits, on lanes made for the new filter
        hits = self.session.hit_mask()
        cols = self.session.columns
        # (one pass over the rows for all lanes, not one per lane)
        shown_hits = None if hits is None else self.session.shown_mask() & hits
        for track_id, item in self._items.items():
            if shown_hits is None:
                item.set_hits(None, None)
            else:
                # a lane's hit density is made when it is first drawn with hits, not for all lanes now
                item.set_hits(hits, partial(LaneData.build, cols, cols.lane_of_track(track_id), shown_hits))

    def apply_palette(self) -> None:
        """Re-derive colours from the current palette (light or dark)."""
        self.theme = self._make_theme()
        self.setBackground(self.theme.background)
        fill_with(self.sizer.scroll_bar, self.theme.background)
        self._style.set_theme(self.theme)
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

    # --- input: handed to the interaction controller ------------------------------------------------
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Arrows walk lanes and events, +/- zoom, Home/End jump, Enter activates."""
        if self.interaction.key_pressed(ev):
            ev.accept()
        else:
            super().keyPressEvent(ev)

    def viewportEvent(self, ev: QEvent) -> bool:
        """Show an event's full title and date as a tooltip."""
        if isinstance(ev, QHelpEvent) and ev.type() == QEvent.Type.ToolTip:
            self.interaction.show_tooltip(ev)
            return True
        return super().viewportEvent(ev)

    def wheelEvent(self, ev: QWheelEvent) -> None:
        """The wheel over the lane names scrolls the lanes (when they overflow); over the lanes it zooms."""
        if self.interaction.wheel(ev):
            ev.accept()
        else:
            super().wheelEvent(ev)

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        """Remember the keys held as the button goes down (Shift starts a rubber band)."""
        self.interaction.pressed(ev)
        super().mousePressEvent(ev)

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:
        """Double-click zooms in around the pointer."""
        if self.interaction.double_clicked(ev):
            ev.accept()
        else:
            super().mouseDoubleClickEvent(ev)

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        """A pointing hand over marks."""
        super().mouseMoveEvent(ev)
        self.interaction.moved(ev)

    def changeEvent(self, ev: QEvent) -> None:
        """Follow the system's switch between light and dark."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and self._ready:
            self.apply_palette()


__all__ = ["MIN_SPAN", "Z_LANES", "Z_LINKS", "Z_PERIODS", "TimelineView", "to_day"]

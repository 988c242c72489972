"""The overview strip (minimap): the whole span with every lane's density and the visible window.

The window is a pyqtgraph LinearRegionItem: drag it to pan, drag its edges to zoom; a click
elsewhere on the strip centres the window there. `windowChanged(float, float)` is emitted while
the user moves it; `set_window(d0, d1)` follows the timeline without echoing back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneWheelEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from explorer.store.columns import sorted_unique
from explorer.timeline.date_axis import DateAxisItem
from explorer.timeline.lane_batches import SHARED_SIZE, BatchPainter, one_per_pixel_span, paint_shared_markers
from explorer.timeline.lane_data import LaneData
from explorer.timeline.surface import TimelineSession
from explorer.timeline.theme import Theme, theme_from_palette, with_alpha

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

LEVELS = (95, 145, 195, 245)


class OverviewDensity(pg.GraphicsObject):
    """Every shown lane as a thin row of shaded bins, with selected events ticked.

    An event on several lanes carries the lanes' shared marker ("⧉") in each of its rows.
    """

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._lanes: list[tuple[str, LaneData]] = []
        self._selected_days = np.zeros(0)
        self._bounds = QRectF(0, 0, 1, 1)
        self._rects = PrimitiveArray(QRectF, 4)
        self._batch = BatchPainter()
        # The bins only change with the lanes, the theme or the strip's size, not when the window
        # moves: they are drawn once into a pixmap, and each paint only copies it.
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple | None = None
        self._version = 0

    def set_theme(self, theme: Theme) -> None:
        """Repaint with another theme."""
        self._theme = theme
        self._version += 1
        self.update()

    def set_lanes(self, lanes: list[tuple[str, LaneData]], lo: float, hi: float) -> None:
        """The lanes top to bottom, over the days lo..hi."""
        self.prepareGeometryChange()
        self._lanes = lanes
        self._bounds = QRectF(lo, 0, max(hi - lo, 1.0), 1)
        self._version += 1
        self.update()

    def set_selected_days(self, days: np.ndarray) -> None:
        """Where selected events sit (days)."""
        self._selected_days = days
        self.update()

    def shared_marks(self) -> list[tuple[int, np.ndarray]]:
        """(row from the top, days) of the events drawn with the shared marker in each lane's row."""
        out = []
        for i, (_track_id, data) in enumerate(self._lanes):
            cols = data.columns
            if cols is None or not len(cols.extra_rows) or not len(data):
                continue
            on = cols.shared[data.rows]
            if on.any():
                out.append((i, data.centre[on]))
        return out

    def boundingRect(self) -> QRectF:
        """The whole span, one unit high."""
        return self._bounds

    def paint(
        self, p: QPainter, opt: QStyleOptionGraphicsItem | None = None, widget: QWidget | None = None
    ) -> None:
        """The cached bins (redrawn when lanes, theme or size changed), then the selection ticks."""
        vb = self.getViewBox()
        if vb is None or not self._lanes:
            return
        t = p.transform()
        a, b, ay, by = t.m11(), t.m31(), t.m22(), t.m32()
        (x0, x1), _ = vb.viewRange()
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        left = x0 * a + b
        key = (a, b, ay, by, x0, x1, dpr, self._version)
        if key != self._pixmap_key or self._pixmap is None:
            self._pixmap = self._render(a, b, ay, x0, x1, left, dpr)
            self._pixmap_key = key
        p.resetTransform()
        p.drawPixmap(QPointF(left, by), self._pixmap)
        if len(self._selected_days):
            p.setPen(QPen(self._theme.highlight, 1.5))
            aliased = (
                not p.testRenderHint(QPainter.RenderHint.Antialiasing)
                and self._theme.highlight.alpha() == 255
            )
            self._batch.lines(p, self.tick_lines(a, b, by, ay, dpr if aliased else 0.0))

    def tick_lines(self, a: float, b: float, top: float, height: float, dpr: float) -> np.ndarray:
        """The selection's (x0, y0, x1, y1) ticks in one array, one per pixel span they cover.

        The strip draws them opaque and without antialiasing, so at a device pixel ratio of 1 ticks that
        fill the same pixel columns look as one (`one_per_pixel_span`; the session's days come
        sorted): with a million events selected a paint drew some 65,000 lines one call each (0.14 s).
        """
        xs = self._selected_days * a + b
        if dpr == 1.0:  # (0: antialiased, every tick drawn)
            xs = one_per_pixel_span(xs, 1.5)
        lines = np.empty((len(xs), 4))
        lines[:, 0] = lines[:, 2] = xs
        lines[:, 1] = top
        lines[:, 3] = top + height
        return lines

    def _render(
        self, a: float, b: float, height: float, x0: float, x1: float, left: float, dpr: float
    ) -> QPixmap:
        """Shaded bins per lane in four steps of intensity, one drawRects per step, into a pixmap."""
        width = max(1, int(math.ceil((x1 - x0) * a)) + 2)
        pm = QPixmap(max(1, int(width * dpr)), max(1, int(math.ceil(height * dpr))))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        try:
            n = len(self._lanes)
            row_h = height / n
            px = 2.0
            edges = x0 + (np.arange(int((x1 - x0) * a / px) + 2) * px) / a
            p.setPen(Qt.PenStyle.NoPen)
            for i, (track_id, data) in enumerate(self._lanes):
                if not len(data):
                    continue
                counts = data.counts_in(edges)
                peak = counts.max()
                if peak <= 0:
                    continue
                level = np.ceil(np.sqrt(counts / peak) * len(LEVELS)).astype(int)  # 0 only for empty bins
                color = self._theme.lane_color(track_id)
                y = i * row_h + 1
                for k, alpha in enumerate(LEVELS, start=1):
                    sel = np.flatnonzero(level == k)
                    if not len(sel):
                        continue
                    self._rects.resize(len(sel))
                    r = self._rects.ndarray()
                    r[:, 0] = edges[sel] * a + b - left
                    r[:, 1] = y
                    r[:, 2] = px
                    r[:, 3] = max(1.0, row_h - 1)
                    p.setBrush(QBrush(with_alpha(color, alpha)))
                    p.drawRects(*self._rects.drawargs())
            # over every lane's bins: the marker of events also on other lanes, once per pixel
            for i, days in self.shared_marks():
                xs = sorted_unique(np.round(days * a + b - left))
                ys = np.full(len(xs), i * row_h + row_h / 2.0 - SHARED_SIZE / 2.0 - 1.0)
                color = self._theme.lane_color(self._lanes[i][0])
                paint_shared_markers(
                    p, self._batch, xs - SHARED_SIZE / 2.0 + 1.0, ys, color, self._theme.background
                )
        finally:
            p.end()
        return pm


class OverviewViewBox(pg.ViewBox):
    """A fixed view of the whole span: a click and the wheel are emitted as signals."""

    #: A left click on the strip, at this day.
    clicked = Signal(float)
    #: The wheel turned over the strip (its angle delta: positive away from the user).
    wheeled = Signal(float)

    def __init__(self) -> None:
        super().__init__(enableMenu=False, defaultPadding=0.0, invertY=True)
        self.setMouseEnabled(x=False, y=False)

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """Centre the window where the strip was clicked."""
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.clicked.emit(float(self.mapSceneToView(ev.scenePos()).x()))

    def wheelEvent(self, ev: QGraphicsSceneWheelEvent, axis: int | None = None) -> None:
        """Wheel over the strip zooms the window."""
        self.wheeled.emit(float(ev.delta()))
        ev.accept()


class OverviewStrip(pg.GraphicsView):
    """The whole span under the timeline with the visible window on it."""

    windowChanged = Signal(float, float)

    def __init__(self, session: TimelineSession, label_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=None)
        self.setObjectName("overviewStrip")
        self.setAccessibleName("Overview of every year")
        self.setAccessibleDescription(
            "Where the timeline's view lies in the whole span; click or drag to move it"
        )
        # a pointer's shortcut only: the keyboard pans and zooms the timeline itself, so Tab passes by
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session = session
        self.theme = theme_from_palette(self.palette(), {t.id: t.color for t in session.tracks})
        self.setBackground(self.theme.stripe)
        # one solid fill costs less than copying pyqtgraph's cached background pixmap at each paint
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        layout = pg.GraphicsLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.setCentralItem(layout)
        self.viewbox = OverviewViewBox()
        self.viewbox.clicked.connect(self._on_viewbox_clicked)
        self.viewbox.wheeled.connect(self._on_viewbox_wheeled)
        self.axis = DateAxisItem(self.theme, orientation="bottom", compact=True)
        self.axis.linkToView(self.viewbox)
        # the strip's axis and title only change with the data or the size, not when the window moves
        # (whose update rectangle touches the axis): repaint them from a pixmap
        self.axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.label = pg.LabelItem("Whole span", justify="left", size="8pt")
        self.label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.label.setFixedWidth(label_width)
        layout.addItem(self.label, row=0, col=0)
        layout.addItem(self.viewbox, row=0, col=1)
        spacer = pg.GraphicsWidget()
        spacer.setFixedWidth(label_width)
        layout.addItem(spacer, row=1, col=0)
        layout.addItem(self.axis, row=1, col=1)
        self.density = OverviewDensity(self.theme)
        self.viewbox.addItem(self.density)
        self.region = pg.LinearRegionItem(values=(0, 1), swapMode="block")
        self.region.setZValue(10)
        self.viewbox.addItem(self.region, ignoreBounds=True)
        self._style_region()
        self._echo = False
        #: The timeline's range, exactly (the region may be drawn up to a quarter of a pixel off it).
        self._window = (0.0, 1.0)
        self.region.sigRegionChanged.connect(self._on_region_changed)
        session.eventsChanged.connect(self.refresh)
        session.filterChanged.connect(self.refresh)
        session.lanesChanged.connect(self.refresh)
        session.selectionChanged.connect(self._on_session_selection_changed)
        self.setFixedHeight(72)
        self.refresh()

    def _style_region(self) -> None:
        hl = self.theme.highlight
        self.region.setBrush(QBrush(with_alpha(hl, 28)))
        self.region.setHoverBrush(QBrush(with_alpha(hl, 50)))
        for line in self.region.lines:
            line.setPen(QPen(hl, 2))
            line.setHoverPen(QPen(hl.lighter(130), 3))
        self.label.setText("Whole span", color=self.theme.muted.name())

    def refresh(self) -> None:
        """Redraw from the session (events, filter or lanes changed)."""
        cols = self.session.columns
        shown = self.session.shown_mask()
        lanes = [
            (t, LaneData.shared(cols, cols.lane_of_track(t), shown))
            for t in self.session.visible_lanes()
            if t in cols.track_ids
        ]
        span = cols.span() or (0, 1)
        pad = max((span[1] - span[0]) * 0.01, 5.0)
        lo, hi = span[0] - pad, span[1] + pad
        self.density.set_lanes(lanes, lo, hi)
        self.viewbox.setRange(xRange=(lo, hi), yRange=(0, 1), padding=0)
        self._place_region()  # (a new scale: the region drawn exactly again)
        self._on_session_selection_changed(self.session.selection())

    def set_window(self, d0: float, d1: float) -> None:
        """Show the timeline's visible range without emitting windowChanged.

        The region moves only when one of its edges would move by a quarter of a pixel or more:
        deep in the timeline a zoom or pan step moves the window by a fraction of one of the
        strip's pixels (a week on a strip of two centuries), and moving it repainted the strip at
        every step with nothing changed on screen. `window_range` is exact all the same.
        """
        self._window = (float(d0), float(d1))
        r0, r1 = self.region.getRegion()
        x0, x1 = self.viewbox.viewRange()[0]
        width = self.viewbox.width()
        quarter = 0.25 * (x1 - x0) / width if width > 0 else 0.0
        if abs(r0 - d0) >= quarter or abs(r1 - d1) >= quarter:
            self._place_region()

    def _place_region(self) -> None:
        """Draw the region at the window's exact range, without emitting windowChanged."""
        self._echo = True
        try:
            self.region.setRegion(self._window)
        finally:
            self._echo = False

    def window_range(self) -> tuple[float, float]:
        """The window's range in days (the timeline's, or where the user dragged the region)."""
        return self._window

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """A new width is a new scale: the region is drawn exactly again."""
        super().resizeEvent(ev)
        if "_window" in vars(self):  # (not while pyqtgraph's view is being made)
            self._place_region()

    def _on_region_changed(self, *args: object) -> None:
        if not self._echo:
            r0, r1 = self.region.getRegion()
            self._window = (float(r0), float(r1))
            self.windowChanged.emit(*self._window)

    def _on_viewbox_clicked(self, day: float) -> None:
        d0, d1 = self.window_range()
        half = (d1 - d0) / 2
        self.windowChanged.emit(day - half, day + half)

    def _on_viewbox_wheeled(self, delta: float) -> None:
        d0, d1 = self.window_range()
        c, half = (d0 + d1) / 2, (d1 - d0) / 2 * (0.8 if delta > 0 else 1.25)
        self.windowChanged.emit(c - half, c + half)

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        # the session's row mask of the selection (made once, shared with the lanes) rather than the
        # ids looked up again (1.6 s for a select all of a million); one tick per distinct day, as
        # the strip draws without antialiasing and a tick drawn twice changes no pixel (a million
        # drawLine calls took 1.8 s)
        mask = self.session.selected_mask()
        days = self.session.columns.centre[mask] if mask.any() else np.zeros(0)
        self.density.set_selected_days(sorted_unique(days) if len(days) > 1 else days)

    def changeEvent(self, ev: QEvent) -> None:
        """Follow the system's switch between light and dark."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and hasattr(self, "density"):
            self.apply_palette()

    def apply_palette(self) -> None:
        """Re-derive colours from the current palette."""
        self.theme = theme_from_palette(self.palette(), {t.id: t.color for t in self.session.tracks})
        self.setBackground(self.theme.stripe)
        self.axis.set_theme(self.theme)
        self.density.set_theme(self.theme)
        self._style_region()

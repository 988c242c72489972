"""One lane of the timeline: a single GraphicsObject that draws all its events with batched calls.

The item lives in the timeline's ViewBox (x in day numbers, y in lane units: the lane spans
`span` = (y0, y1), top to bottom) but paints in device pixels: it reads the painter's transform, lays the lane out with
`explorer.timeline.layout.layout_lane` and resets the transform, so marks stay crisp at any zoom.
Bands, bars and boxes go out as one `drawRects` per style, whiskers as one `drawLines`, markers as
one `drawPixmapFragments` per style (see lane_batches.py), density as one polygon. Only labels are
drawn one by one, and only those that fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGradient,
    QLinearGradient,
    QPaintEngine,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from explorer.store.columns import EXACT, OPEN_END
from explorer.timeline.lane_batches import (
    SHARED_OFFSET,
    SHARED_SIZE,
    BatchPainter,
    one_per_pixel_span,
    paint_shared_markers,
    paint_tag_edges,
    rect_array,
    step_polygon,
)
from explorer.timeline.lane_data import DENSITY, DETAIL, MARK_RADIUS, LaneData, LaneFrame
from explorer.timeline.lane_frames import frames_for
from explorer.timeline.lane_item_labels import LaneLabels
from explorer.timeline.lane_style import LaneStyle
from explorer.timeline.layout import Placing, place_together
from explorer.timeline.layout_pass import LaneJob
from explorer.timeline.theme import with_alpha
from explorer.timeline.zoom_plan import PlanCache

#: Qt enum members looked up once (an enum attribute read in PySide runs Python code: many per frame).
_AA = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush

DIM_OPACITY = 0.22
#: Up to this many selected events of a lane get a label even in a crowd.
MAX_FORCED_LABELS = 25
_VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf)
_RASTER = QPaintEngine.Type.Raster


class LaneItem(LaneLabels, pg.GraphicsObject):
    """All events of one track, drawn over the y `span` of the timeline's ViewBox."""

    def __init__(
        self,
        track_id: str,
        style: LaneStyle,
        data: LaneData,
        x_bounds: tuple[float, float],
        batch: BatchPainter | None = None,
    ) -> None:
        super().__init__()
        self.track_id = track_id
        self.style = style
        self.data = data
        self.span = (0.0, 1.0)
        self._x_bounds = x_bounds
        self._selected = np.zeros(0, dtype=bool)
        #: the distinct days of the selected rows (density ticks), found when first drawn
        self._selected_days: np.ndarray | None = None
        self._hits: np.ndarray | None = None
        self._hit_data: LaneData | Callable[[], LaneData] | None = None
        self._frame: LaneFrame | None = None
        self._frame_key: tuple | None = None
        self._pending_key: tuple | None = None
        #: Rows and geometry at the present zoom, reused while the view pans (see ZoomPlan).
        self.plans = PlanCache()
        #: Draws the frame's arrays in batches, clipped to the view: a LaneLayer's, shared by all lanes,
        #: when the layer paints them on screen (`batch`), else the item's own.
        self._batch = batch if batch is not None else BatchPainter()
        self._vector = False
        #: True when a LaneLayer paints this lane with the others on screen (the item itself then
        #: paints only for SVG, PDF and other vector output).
        self.layered = batch is not None
        #: Repaints this lane's rect through the LaneLayer that draws it (see `join_layer`), else None.
        self._repaint: Callable[[QRectF], None] | None = None
        self._tag_rgb: np.ndarray | None = None
        self._sel_key = b""
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    # --- data -----------------------------------------------------------------------------------
    def set_data(self, data: LaneData) -> None:
        """New rows for this lane (after a filter or an edit)."""
        self.data = data
        self._selected = np.zeros(len(data), dtype=bool)
        self._selected_days = None
        self._sel_key = b""
        self._frame_key = None
        self.plans.clear()
        self._changed()

    def set_span(self, y0: float, y1: float) -> None:
        """Move the lane to another place (y in view units, y0 above y1)."""
        self.prepareGeometryChange()
        self.span = (y0, y1)
        self._frame_key = None

    def set_x_bounds(self, lo: float, hi: float) -> None:
        """The x range the lane may ever draw in (the view's pan limits)."""
        self.prepareGeometryChange()
        self._x_bounds = (lo, hi)

    def set_selection(self, selected_rows_mask: np.ndarray) -> None:
        """Highlight the rows set in a global row mask."""
        self._selected = selected_rows_mask[self.data.rows] if len(selected_rows_mask) else self._selected
        self._selected_days = None
        picked = np.flatnonzero(self._selected) if len(self._selected) else np.zeros(0, dtype=np.int64)
        # a few selected events get a label whatever the crowd (the frame is laid out again for them)
        sel_key = picked.tobytes() if len(picked) <= MAX_FORCED_LABELS else b""
        if sel_key != self._sel_key:
            self._sel_key = sel_key
            self._frame_key = None
        self._changed()

    def set_tag_colors(self, rgb: np.ndarray | None) -> None:
        """Tag colours per global row, shape (events, k) as 0xAARRGGBB with 0 for none (None: no tags)."""
        self._tag_rgb = rgb
        self._changed()

    def set_hits(self, hits: np.ndarray | None, hit_data: LaneData | Callable[[], LaneData] | None) -> None:
        """Dim what is not a hit (None: nothing dimmed); hit_data may be a maker, called when first drawn."""
        self._hits = None if hits is None else hits[self.data.rows]
        self._hit_data = hit_data
        self._changed()

    def _hit_lane_data(self) -> LaneData | None:
        # made on first use: a lane without hits never pays for it
        if self._hits is None or not self._hits.any():
            return None
        if callable(self._hit_data):
            self._hit_data = self._hit_data()
        return self._hit_data

    def restyle(self) -> None:
        """Repaint after a theme change."""
        self._frame_key = None
        self.plans.clear()
        self._changed()

    def join_layer(self, repaint: Callable[[QRectF], None]) -> None:
        """Leave painting on screen and in files to a LaneLayer, which `repaint`s a rect when this lane changes.

        The item then has no contents for the view, which no longer asks it for its bounds and its
        paint at every frame (Python called from Qt, about seventy times a frame for twenty lanes).
        """
        self._repaint = repaint
        self.setFlag(self.GraphicsItemFlag.ItemHasNoContents, True)

    def _changed(self) -> None:
        """Repaint the lane (through its LaneLayer when it has joined one: the view does not paint it)."""
        if self._repaint is not None:
            self._repaint(self.boundingRect())
        else:
            self.update()

    # --- geometry ---------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        """The lane's span across the whole pannable x range."""
        lo, hi = self._x_bounds
        y0, y1 = self.span
        return QRectF(lo, y0, hi - lo, y1 - y0)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> tuple[float, float] | None:
        """Data extent for auto-range: first to last drawn day, or the lane's span."""
        if ax == 1:
            return self.span
        if not len(self.data):
            return None
        return (float(self.data.lo[0]), float(self.data.runmax[-1]))

    def _view_px(self, a: float, b: float) -> tuple[float, float]:
        vb = self.getViewBox()
        if vb is None:
            return 0.0, 0.0
        x0, x1 = vb.viewRange()[0]
        return a * x0 + b, a * x1 + b

    def frame_for(
        self,
        px_per_day: float,
        x0_px: float,
        px_per_unit: float,
        y0_px: float,
        later: list[Placing] | None = None,
        view_px: tuple[float, float] | None = None,
    ) -> LaneFrame:
        """The lane's layout for a device mapping (x px = px_per_day * day + x0_px, y px = px_per_unit * y +
        y0_px), cached. With `later`, labels may be left to `layout.place_together` (see `layout_lane`);
        `view_px`: the view's left and right edges at that mapping, when the caller has them already."""
        placings: list[Placing] = [] if later is None else later
        if view_px is None:
            view_px = self._view_px(px_per_day, x0_px)
        frame = frames_for([self], px_per_day, x0_px, px_per_unit, y0_px, placings, view_px)[0]
        if later is None:
            place_together(placings)
        return frame

    def frame_job(
        self, px_per_day: float, x0_px: float, px_per_unit: float, y0_px: float, view_px: tuple[float, float]
    ) -> LaneJob | None:
        """None when the cached frame holds for this mapping, else what to lay out (then `take_frame` the result)."""
        left, right = view_px
        top = px_per_unit * self.span[0] + y0_px
        height = px_per_unit * (self.span[1] - self.span[0])
        key = (px_per_day, x0_px, left, right, top, height, self.style.version, id(self.data), self._sel_key)
        if key == self._frame_key and self._frame is not None:
            return None
        self._pending_key = key
        forced = self._selected if self._sel_key and len(self._selected) == len(self.data) else None
        return LaneJob(self.data, top, height, forced, self.plans)

    def take_frame(self, frame: LaneFrame) -> None:
        """Keep the frame laid out for the job `frame_job` last gave."""
        self._frame = frame
        self._frame_key = self._pending_key

    @property
    def laid_out(self) -> LaneFrame:
        """The frame last laid out (see `frame_for`)."""
        assert self._frame is not None
        return self._frame

    def hit_flags(self, frame: LaneFrame) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """A frame's events' flags, which are search hits (None when nothing is dimmed), which selected."""
        sel = self._selected[frame.idx] if len(self._selected) else np.zeros(len(frame.idx), dtype=bool)
        hits = None if self._hits is None else self._hits[frame.idx] | sel  # painted as paint() does
        return self.data.flags[frame.idx], hits, sel

    def event_ids(self, local: np.ndarray) -> list[str]:
        """The event ids of some local indices."""
        assert self.data.columns is not None
        return [str(e) for e in self.data.columns.ids[self.data.rows[local]]]

    def current_frame(self) -> LaneFrame | None:
        """The layout for the item's present place on screen (for hit-testing and tests)."""
        view = self.getViewWidget()
        if view is None:
            return None
        t = self.deviceTransform(view.viewportTransform())
        return self.frame_for(t.m11(), t.m31(), t.m22(), t.m32())

    # --- painting -------------------------------------------------------------------------------
    def paint(self, p: QPainter, opt: QStyleOptionGraphicsItem | None, widget: QWidget | None = None) -> None:
        """Lay out in device pixels and draw in batches (on screen, the view's LaneLayer does it for all lanes)."""
        engine = p.paintEngine().type()
        if self.layered and engine == _RASTER:
            return
        t = p.transform()
        frame = self.frame_for(t.m11(), t.m31(), t.m22(), t.m32())
        self.begin_paint(p, t.m11(), t.m31(), engine in _VECTOR_ENGINES)
        self.paint_frame(p, frame, widget.devicePixelRatioF() if widget is not None else 1.0)

    def prepare(self, clip: tuple[float, float]) -> None:
        """Paint on screen (pixmaps, laid-out text) clipped to these device x edges (for the LaneLayer)."""
        self._batch.clip = clip
        self._vector = False

    def begin_paint(self, p: QPainter, a: float, b: float, vector: bool) -> None:
        """Set up the batches for painting at x px = a * day + b in device pixels (the transform is reset)."""
        left, right = self._view_px(a, b)
        self._batch.clip = (left - 4.0, right + 4.0)
        # SVG and PDF (image export) get shapes and text, the screen pixmaps and laid-out text
        self._vector = vector
        p.resetTransform()
        self._batch.begin(p)

    def paint_frame(self, p: QPainter, frame: LaneFrame, dpr: float) -> None:
        """Draw a laid-out frame, with the transform reset (see `begin_paint`)."""
        color = self.style.theme.lane_color(self.track_id)
        if frame.mode == DETAIL:
            if frame.vague:
                self._paint_vague(p, frame, color)
            if self._hits is None:
                self._paint_detail(p, frame, color, dpr, None)
            else:
                # the selection is never dimmed: it is what the person is reading about
                hit = (
                    self._hits[frame.idx] | self._selected[frame.idx]
                    if len(self._selected)
                    else self._hits[frame.idx]
                )
                p.setOpacity(DIM_OPACITY)
                self._paint_detail(p, frame, color, dpr, ~hit)
                p.setOpacity(1.0)
                self._paint_detail(p, frame, color, dpr, hit)
        elif frame.mode == DENSITY:
            self._paint_density(p, frame, color)

    def _markers(
        self, p: QPainter, color: QColor, kind: str, dpr: float, x: np.ndarray, y: np.ndarray
    ) -> None:
        if not len(x):
            return
        if self._vector:
            # SVG and PDF get shapes, not a bitmap per marker
            for cx, cy in zip(x.tolist(), y.tolist(), strict=True):
                self.style.paint_marker(p, QPointF(cx, cy), color, kind)
            return
        self._batch.pixmaps(p, self.style.marker(color, kind, dpr), x, y)

    def _paint_detail(
        self, p: QPainter, f: LaneFrame, color: QColor, dpr: float, subset: np.ndarray | None
    ) -> None:
        theme = self.style.theme
        style = self.style
        sel_all = self._selected[f.idx] if len(self._selected) else np.zeros(len(f.idx), dtype=bool)
        keep = np.ones(len(f.idx), dtype=bool) if subset is None else subset
        flags = self.data.flags[f.idx]
        period = f.period & keep
        point = ~f.period & keep
        h = f.row_height
        box_h = h - 6.0
        # periods: faint possible range, solid certain part, fading open end
        y_box = f.y - box_h / 2.0
        if period.any():
            open_end = period & ((flags & OPEN_END) != 0)
            closed = period & ~open_end
            p.setPen(_NO_PEN)
            start_part = period & (f.sx > f.x0 + 0.5)
            end_part = closed & (f.x1 > f.ex + 0.5)
            rects = np.concatenate(
                [
                    rect_array(
                        f.x0[start_part], y_box[start_part], f.sx[start_part] - f.x0[start_part], box_h
                    ),
                    rect_array(f.ex[end_part], y_box[end_part], f.x1[end_part] - f.ex[end_part], box_h),
                ]
            )
            self._batch.fill_merged(p, rects, lambda a: style.brush(color, a), 45)
            solid = closed & (f.ex > f.sx)
            sx = f.sx[solid]
            w = np.maximum(f.ex[solid] - sx, 2.0)
            solid_alpha = theme.bar_alpha
            self._batch.fill_merged(
                p, rect_array(sx, y_box[solid], w, box_h), lambda a: style.brush(color, a), solid_alpha
            )
            self._batch.outlines(p, style.pen(color, 1.0, cosmetic=True), sx, sx + w, y_box[solid], box_h)
            if open_end.any():

                def fade(alpha: int) -> QBrush:
                    grad = QLinearGradient(0, 0, 1, 0)
                    grad.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
                    grad.setColorAt(0.0, with_alpha(color, alpha))
                    grad.setColorAt(1.0, with_alpha(color, 0))
                    return QBrush(grad)

                p.setPen(_NO_PEN)
                fx = np.maximum(f.sx[open_end], f.x0[open_end])
                fades = rect_array(fx, y_box[open_end], np.maximum(f.x1[open_end] - fx, 1.0), box_h)
                if self._vector:
                    self._batch.fill_merged(p, fades, fade, 150)
                else:
                    self._batch.fades(p, self.style.fade(color, 150), fades)
        # points: a band with whiskers over the possible range, the marker at its centre
        ranged = point & (f.x1 - f.x0 > 2.0 * MARK_RADIUS * 0.6) & ((flags & EXACT) == 0)
        if ranged.any():
            # a band wider than the view says only "somewhere around here": draw it thin, which also
            # keeps thousands of overlapping vague dates cheap to fill
            left, right = self._view_px(f.a, f.b)
            wide = (f.x0[ranged] < left) & (f.x1[ranged] > right)
            band_h = np.where(wide, 3.0, 8.0)
            p.setPen(_NO_PEN)
            bx0 = np.maximum(f.x0[ranged], left - 2)
            bx1 = np.minimum(f.x1[ranged], right + 2)
            rects = rect_array(bx0, f.y[ranged] - band_h / 2.0, bx1 - bx0, 0.0)
            rects[:, 3] = band_h
            self._batch.fill_merged(p, rects, lambda a: style.brush(color, a), 55)
            p.setPen(style.pen(color, 1.0, 170))
            x0, x1, yy = f.x0[ranged], f.x1[ranged], f.y[ranged]
            caps = np.concatenate(
                [
                    np.column_stack([x0, yy - 5, x0, yy + 5]),
                    np.column_stack([x1, yy - 5, x1, yy + 5]),
                ]
            )
            self._batch.antialias(p, True)
            self._batch.lines(p, caps)
        # selection
        sel = sel_all & keep
        if sel.any():
            p.setPen(style.pen(theme.highlight, 2.0))
            p.setBrush(_NO_BRUSH)
            sp = sel & f.period
            x0 = np.maximum(f.x0[sp], -10.0)
            self._batch.rects(
                p, rect_array(x0 - 2, y_box[sp] - 2, np.maximum(f.x1[sp], x0 + 2) - x0 + 4, box_h + 4)
            )
            spt = sel & ~f.period
            self._markers(p, color, "halo", dpr, f.cx[spt], f.y[spt])
        exact = point & ((flags & EXACT) != 0)
        approx = point & ~exact
        self._markers(p, color, "exact", dpr, f.cx[exact], f.y[exact])
        self._markers(p, color, "approx", dpr, f.cx[approx], f.y[approx])
        self._paint_over(p, f, keep, color)
        self._paint_labels(p, f, keep, sel_all)

    def _paint_over(self, p: QPainter, f: LaneFrame, keep: np.ndarray, color: QColor) -> None:
        """What goes over a lane's bars and marks, under its labels: shared-event markers, tag edges."""
        self._paint_shared(p, f, keep, color)
        if self._tag_rgb is not None:
            paint_tag_edges(
                p, self._batch, f, self.data.rows, keep, self._tag_rgb, self.style.theme.background
            )

    # --- for the LaneLayer, which draws the bars and marks of all lanes together ----------------------
    @property
    def dimmed(self) -> bool:
        """True while a search dims what is not a hit (the lane is then drawn on its own)."""
        return self._hits is not None

    def selected_in(self, frame: LaneFrame) -> np.ndarray:
        """Which of a frame's events are selected."""
        return self._selected[frame.idx] if len(self._selected) else np.zeros(len(frame.idx), dtype=bool)

    def paint_over(self, p: QPainter, frame: LaneFrame) -> None:
        """Shared-event markers and tag edges of a detail frame (after every lane's bars and marks)."""
        keep = np.ones(len(frame.idx), dtype=bool)
        self._paint_over(p, frame, keep, self.style.theme.lane_color(self.track_id))

    def _paint_shared(self, p: QPainter, f: LaneFrame, keep: np.ndarray, color: QColor) -> None:
        """Events on several lanes: the shared marker ("⧉") at the upper right of the mark or bar start.

        Drawn in every lane the event is on (and in the overview strip), so the reader knows it appears
        elsewhere too.
        """
        cols = self.data.columns
        if cols is None or not len(cols.extra_rows):
            return
        on = keep & cols.shared[self.data.rows[f.idx]]
        if not on.any():
            return
        left, _ = self._batch.clip
        x = np.where(f.period[on], np.maximum(f.sx[on], left + 2.0), f.cx[on]) + SHARED_OFFSET
        y = f.y[on] - SHARED_OFFSET - SHARED_SIZE
        paint_shared_markers(p, self._batch, x, y, color, self.style.theme.background)

    def vague_box(self, frame: LaneFrame) -> tuple[QRectF, str] | None:
        """Where the "+N dated more vaguely" line's text goes (device pixels) and the text; None if none."""
        if not frame.vague:
            return None
        return self.style.vague_note(frame, self._view_px(frame.a, frame.b)[1])

    def _paint_vague(self, p: QPainter, f: LaneFrame, color: QColor) -> None:
        """A faint strip and a count for the events whose dates are vaguer than the whole view."""
        left, right = self._batch.clip
        y = f.top + f.height - 5.0
        self._batch.antialias(p, True)
        p.setPen(_NO_PEN)
        p.setBrush(self.style.brush(color, 60))
        p.drawRect(QRectF(left, y, right - left, 3.0))
        found = self.vague_box(f)
        if found is None:
            return
        box, text = found
        theme = self.style.theme
        # on a patch of background: in a lane shrunk to fit, its last row runs under this line
        p.fillRect(box, theme.background)
        p.setFont(theme.small_font)
        p.setPen(theme.muted)
        if self._vector:
            p.drawText(QPointF(box.left() + 4, y - 3), text)
        else:  # laid out once per count, not at every frame
            p.drawStaticText(
                QPointF(box.left() + 4, y - 3 - self.style.small_fm.ascent()), self.style.static_note(text)
            )

    def _paint_density(self, p: QPainter, f: LaneFrame, color: QColor) -> None:
        base = f.top + f.height - 3.0
        full = f.height - 8.0
        counts = f.density_n
        peak = float(counts.max()) if len(counts) else 0.0
        if peak <= 0:
            return
        scale = full / math.sqrt(peak)
        dim = self._hits is not None
        self._batch.antialias(p, False)  # a step outline gains nothing from it
        p.setOpacity(DIM_OPACITY if dim else 1.0)
        p.setPen(self.style.pen(color, 1.0, 200))
        p.setBrush(self.style.brush(color, 110))
        p.drawPolygon(step_polygon(f.density_x, base - np.sqrt(counts) * scale, base))
        p.setOpacity(1.0)
        hit_data = self._hit_lane_data() if dim else None
        if hit_data is not None and len(hit_data):
            hits = hit_data.counts_in(f.density_days)
            p.setPen(QPen(color.darker(120), 1.0))
            p.setBrush(QBrush(with_alpha(color, 220)))
            p.drawPolygon(step_polygon(f.density_x, base - np.sqrt(hits) * scale, base))
        ticks = self.density_ticks(f)
        if len(ticks):
            p.setPen(self.style.pen(self.style.theme.highlight, 2.0))
            self._batch.lines(p, ticks)

    def density_ticks(self, f: LaneFrame, once: bool = False, dpr: float = 1.0) -> np.ndarray:
        """The (x0, y0, x1, y1) lines marking the selected events over a density frame (may be empty).

        With `once`, for a painter whose 2-px lines are opaque and aliased (where lines that cover the
        same pixels look as one): one line per selected day, and at a device pixel ratio of 1 one per
        pixel span (`one_per_pixel_span`). With a million events selected every frame drew about a
        million lines (0.1-0.23 s a paint); the selected days are found (sorted) once per selection.
        """
        if not (len(self._selected) and self._selected.any()):
            return np.zeros((0, 4))
        if once:
            if self._selected_days is None:
                self._selected_days = np.unique(self.data.centre[np.flatnonzero(self._selected)])
            xs = self._selected_days * f.a + f.b
            if dpr == 1.0:  # (measured to give the same pixels at 1; at 2 one view in three differed)
                xs = one_per_pixel_span(xs, 2.0)
        else:
            xs = self.data.centre[np.flatnonzero(self._selected)] * f.a + f.b
        return np.column_stack(
            [xs, np.full(len(xs), f.top + 3.0), xs, np.full(len(xs), f.top + f.height - 3.0)]
        )

"""Every lane's bars and marks on screen in one pass: one C++ array per style for all lanes.

Each `LaneItem` lays its lane out (`frame_for`) and keeps hit-testing and vector output (SVG, PDF:
the items paint themselves there). On screen a single `LaneLayer` over all lanes paints them: the
frames' labels are placed together (`layout.place_together`), their arrays joined, every mask and
rect worked out once for all lanes, and each style goes out from one array as one draw call per lane
colour (`BatchPainter.*_groups`), then the labels (lane_labels.py), instead of the numpy and Python
a lane paid for each style on its own. Lanes do not overlap, so drawing style by style across lanes
looks the same as lane by lane (tests/timeline/test_lane_layer.py compares the pictures).
A lane dimmed by a search (two passes at two opacities) is still drawn on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPaintEngine, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from explorer.store.columns import EXACT, OPEN_END
from explorer.timeline.lane_batches import DEDUPE_LINES, MERGE_RECTS, BatchPainter, rect_array, step_outlines
from explorer.timeline.lane_data import DENSITY, DETAIL, MARK_RADIUS, LaneFrame
from explorer.timeline.lane_frames import frames_for
from explorer.timeline.lane_item import LaneItem
from explorer.timeline.lane_labels import paint_labels
from explorer.timeline.lane_style import LaneInks
from explorer.timeline.layout import Placing, place_together

_RASTER = QPaintEngine.Type.Raster
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def _set_ink(p: QPainter, pen: QPen, brush: QBrush) -> None:
    p.setPen(pen)
    p.setBrush(brush)


def _groups(lanes: np.ndarray, n: int) -> tuple[np.ndarray | slice, np.ndarray]:
    """A stable order that puts items lane by lane, and where each lane's items begin and end in it."""
    if len(lanes) < 2 or not (lanes[1:] < lanes[:-1]).any():
        return slice(None), np.searchsorted(lanes, np.arange(n + 1))  # in lane order already
    order = np.argsort(lanes, kind="stable")
    return order, np.searchsorted(lanes[order], np.arange(n + 1))


class LaneLayer(pg.GraphicsObject):
    """Paints all shown lanes (given by `lanes`, top to bottom) on raster devices, in one pass."""

    def __init__(self, lanes: Callable[[], list[LaneItem]]) -> None:
        super().__init__()
        self._lanes = lanes
        #: The C++ arrays the batches are drawn from, shared with the lane items (give it to them).
        self.batch = self._batch = BatchPainter()
        self._bounds = QRectF(0.0, 0.0, 1.0, 1.0)
        #: Paints so far (tests count them), and lanes drawn in them on their own (dimmed by a search).
        self.paints = 0
        self.lanes_alone = 0
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    def adopt(self, item: LaneItem) -> None:
        """Draw this lane item everywhere, on screen with the others and in files (SVG, PDF) as it draws itself."""
        item.join_layer(self.update)

    def place(self, x_bounds: tuple[float, float], spans: dict[str, tuple[float, float]]) -> None:
        """Cover the pannable x range over the lanes' spans (view coordinates)."""
        self.prepareGeometryChange()
        lo, hi = x_bounds
        self._bounds = QRectF(lo, 0.0, hi - lo, max((y1 for _, y1 in spans.values()), default=1.0))

    def boundingRect(self) -> QRectF:
        """All lanes over the pannable x range."""
        return self._bounds

    def paint(self, p: QPainter, opt: QStyleOptionGraphicsItem | None, widget: QWidget | None = None) -> None:
        """Lay every shown lane out in device pixels and draw them style by style."""
        if p.paintEngine().type() != _RASTER:
            # SVG and PDF: each adopted lane item draws itself, as shapes and text, as the view would
            # paint it (in the painter's state the view gives every item, kept apart from the next's)
            for item in self._lanes():
                if item.isVisible() and item.flags() & _NO_CONTENTS:
                    p.save()
                    item.paint(p, opt, widget)
                    p.restore()
            return
        vb = self.getViewBox()
        # lanes scrolled out of the exposed area are left out, as the view leaves out items it need not paint
        shown = p.clipBoundingRect() if p.hasClipping() else None
        items = [
            item
            for item in self._lanes()
            if item.isVisible()
            and (shown is None or (item.span[1] > shown.top() and item.span[0] < shown.bottom()))
        ]
        if vb is None or not items:
            return
        self.paints += 1
        t = p.transform()
        a, b, ay, by = t.m11(), t.m31(), t.m22(), t.m32()
        x0, x1 = vb.viewRange()[0]
        left, right = a * x0 + b, a * x1 + b
        # lanes laid out one by one, their labels placed for all lanes at once
        later: list[Placing] = []
        frames = list(zip(items, frames_for(items, a, b, ay, by, later, (left, right)), strict=True))
        place_together(later)
        p.resetTransform()
        self._batch.begin(p)
        clip = (left - 4.0, right + 4.0)
        self._batch.clip = clip
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        together: list[tuple[LaneItem, LaneFrame]] = []
        dense: list[tuple[LaneItem, LaneFrame]] = []
        vague: list[tuple[LaneItem, LaneFrame]] = []
        for item, frame in frames:
            item.prepare(clip)
            if item.dimmed or frame.row_height != frames[0][1].row_height:
                self.lanes_alone += 1
                item.paint_frame(p, frame, dpr)
            elif frame.mode == DENSITY:
                dense.append((item, frame))
            elif frame.mode == DETAIL:
                if frame.vague:
                    vague.append((item, frame))
                if len(frame.idx):
                    together.append((item, frame))
        if vague:
            self._paint_vague(p, vague, x1, dpr)
        if together:
            inks = together[0][0].style.inks(tuple(item.track_id for item, _ in together), dpr)
            self._paint_details(p, together, left, right, inks)
            for item, frame in together:
                item.paint_over(p, frame)
            paint_labels(p, self._batch, together, inks)
        if dense:
            self._paint_densities(p, dense, dpr)

    def _paint_vague(
        self, p: QPainter, lanes: list[tuple[LaneItem, LaneFrame]], x1: float, dpr: float
    ) -> None:
        """The "+N dated more vaguely" strips and counts of detail frames, as `LaneItem._paint_vague` draws
        one lane's: every strip, then every patch, then every count (lanes do not overlap)."""
        style = lanes[0][0].style
        theme = style.theme
        inks = style.inks(tuple(item.track_id for item, _ in lanes), dpr)
        left, right = self._batch.clip
        p.setPen(_NO_PEN)
        strips = np.array([[left, f.top + f.height - 5.0, right - left, 3.0] for _, f in lanes])
        self._batch.rect_groups(p, strips, np.arange(len(lanes) + 1), inks.brushes(60), antialiased=True)
        # the view's right edge as each lane item works it out (LaneItem.vague_box)
        notes = [style.vague_note(f, f.a * x1 + f.b) for _, f in lanes]
        background = theme.background
        for box, _ in notes:
            p.fillRect(box, background)  # a lane shrunk to fit runs its last row under the line
        p.setFont(theme.small_font)
        p.setPen(theme.muted)
        ascent = style.small_fm.ascent()
        for (_, f), (box, text) in zip(lanes, notes, strict=True):
            y = f.top + f.height - 5.0
            p.drawStaticText(QPointF(box.left() + 4, y - 3 - ascent), style.static_note(text))

    def _paint_densities(self, p: QPainter, lanes: list[tuple[LaneItem, LaneFrame]], dpr: float) -> None:
        """Density frames' step outlines, every lane from one array, then the selection's ticks over them."""
        # a lane with nothing in view draws nothing, as LaneItem's own density does
        drawn = [(item, f) for item, f in lanes if len(f.density_n) and f.density_n.max() > 0]
        if not drawn:
            return
        style = drawn[0][0].style
        pts, bounds = step_outlines(
            [f.density_x for _, f in drawn],
            [f.density_n for _, f in drawn],
            np.array([f.top + f.height - 3.0 for _, f in drawn]),
            np.array([f.height - 8.0 for _, f in drawn]),
        )
        lane_inks = style.inks(tuple(item.track_id for item, _ in drawn), dpr)
        inks = [
            partial(_set_ink, p, pen, brush)
            for pen, brush in zip(lane_inks.pens(1.0, 200), lane_inks.brushes(110), strict=True)
        ]
        self._batch.polygon_groups(p, pts, bounds, inks)
        # lanes do not overlap: every lane's ticks after every lane's outline look as lane by lane
        pen = style.pen(style.theme.highlight, 2.0)
        # (outlines leave antialiasing off: an opaque tick drawn twice on one day looks as once)
        once = pen.color().alpha() == 255 and p.opacity() >= 1.0
        ticks = [t for t in (item.density_ticks(f, once, dpr) for item, f in drawn) if len(t)]
        if ticks:
            p.setPen(pen)
            self._batch.antialias(p, False)
            self._batch.lines(p, np.concatenate(ticks))

    def _paint_details(
        self, p: QPainter, lanes: list[tuple[LaneItem, LaneFrame]], left: float, right: float, inks: LaneInks
    ) -> None:
        """Bars, bands, whiskers, selection and marks of detail frames, as LaneItem draws one lane's."""
        batch = self._batch
        style = lanes[0][0].style
        theme = style.theme
        fs = [f for _, f in lanes]
        n = len(fs)
        lane = np.repeat(np.arange(n), [len(f.idx) for f in fs])
        x0 = np.concatenate([f.x0 for f in fs])
        x1 = np.concatenate([f.x1 for f in fs])
        cx = np.concatenate([f.cx for f in fs])
        sx = np.concatenate([f.sx for f in fs])
        ex = np.concatenate([f.ex for f in fs])
        y = np.concatenate([f.y for f in fs])
        period = np.concatenate([f.period for f in fs])
        flags = np.concatenate([item.data.flags[f.idx] for item, f in lanes])
        sel = np.concatenate([item.selected_in(f) for item, f in lanes])
        point = ~period
        box_h = fs[0].row_height - 6.0
        y_box = y - box_h / 2.0
        if period.any():
            open_end = period & ((flags & OPEN_END) != 0)
            closed = period & ~open_end
            p.setPen(_NO_PEN)
            # periods: faint possible range, solid certain part, fading open end
            start_part = period & (sx > x0 + 0.5)
            end_part = closed & (x1 > ex + 0.5)
            rects = np.concatenate(
                [
                    rect_array(x0[start_part], y_box[start_part], sx[start_part] - x0[start_part], box_h),
                    rect_array(ex[end_part], y_box[end_part], x1[end_part] - ex[end_part], box_h),
                ]
            )
            self._fills(p, inks, rects, np.concatenate([lane[start_part], lane[end_part]]), 45)
            solid = closed & (ex > sx)
            ssx = sx[solid]
            w = np.maximum(ex[solid] - ssx, 2.0)
            self._fills(p, inks, rect_array(ssx, y_box[solid], w, box_h), lane[solid], theme.bar_alpha)
            self._outlines(p, inks, ssx, ssx + w, y_box[solid], box_h, lane[solid])
            if open_end.any():
                p.setPen(_NO_PEN)
                fx = np.maximum(sx[open_end], x0[open_end])
                fades = rect_array(fx, y_box[open_end], np.maximum(x1[open_end] - fx, 1.0), box_h)
                # lanes are already in order (frames joined top to bottom): one array, a call per lane
                batch.fade_groups(p, fades, lane[open_end], inks.fades(150).__getitem__)
        # points: a band with whiskers over the possible range, the marker at its centre
        ranged = point & (x1 - x0 > 2.0 * MARK_RADIUS * 0.6) & ((flags & EXACT) == 0)
        if ranged.any():
            # a band wider than the view says only "somewhere around here": drawn thin
            rx0, rx1, ry = x0[ranged], x1[ranged], y[ranged]
            band_h = np.where((rx0 < left) & (rx1 > right), 3.0, 8.0)
            p.setPen(_NO_PEN)
            bx0 = np.maximum(rx0, left - 2)
            bx1 = np.minimum(rx1, right + 2)
            rects = rect_array(bx0, ry - band_h / 2.0, bx1 - bx0, 0.0)
            rects[:, 3] = band_h
            self._fills(p, inks, rects, lane[ranged], 55)
            caps = np.concatenate(
                [np.column_stack([rx0, ry - 5, rx0, ry + 5]), np.column_stack([rx1, ry - 5, rx1, ry + 5])]
            )
            order, bounds = _groups(np.concatenate([lane[ranged], lane[ranged]]), n)
            batch.antialias(p, True)
            batch.line_groups(p, caps[order], bounds, inks.pens(1.0, 170))
        # selection: one pen for every lane
        if sel.any():
            p.setPen(style.pen(theme.highlight, 2.0))
            p.setBrush(_NO_BRUSH)
            sp = sel & period
            sx0 = np.maximum(x0[sp], -10.0)
            batch.rects(
                p, rect_array(sx0 - 2, y_box[sp] - 2, np.maximum(x1[sp], sx0 + 2) - sx0 + 4, box_h + 4)
            )
            self._markers(p, inks, "halo", cx, y, lane, sel & ~period, n)
        exact = point & ((flags & EXACT) != 0)
        self._markers(p, inks, "exact", cx, y, lane, exact, n)
        self._markers(p, inks, "approx", cx, y, lane, point & ~exact, n)

    def _markers(
        self,
        p: QPainter,
        inks: LaneInks,
        kind: str,
        cx: np.ndarray,
        y: np.ndarray,
        lane: np.ndarray,
        which: np.ndarray,
        n: int,
    ) -> None:
        if not which.any():
            return
        bounds = np.searchsorted(lane[which], np.arange(n + 1))
        self._batch.pixmap_groups(p, inks.markers(kind), cx[which], y[which], bounds)

    def _fills(self, p: QPainter, inks: LaneInks, rects: np.ndarray, lanes: np.ndarray, alpha: int) -> None:
        """Translucent fills of each lane's colour; a lane with many is merged as `BatchPainter.fill_merged` does."""
        if not len(rects):
            return
        n = len(inks.colors)
        order, bounds = _groups(lanes, n)
        rects = rects[order]
        counts = np.diff(bounds)
        brushes = inks.brushes(alpha)
        crowded = counts >= MERGE_RECTS
        if not crowded.any():
            self._batch.rect_groups(p, rects, bounds, brushes)
            return
        few = [None if many else brush for brush, many in zip(brushes, crowded.tolist(), strict=True)]
        self._batch.rect_groups(p, rects, bounds, few)
        style = inks.style
        for g in np.flatnonzero(crowded).tolist():
            c = inks.colors[g]
            self._batch.fill_merged(p, rects[bounds[g] : bounds[g + 1]], partial(style.brush, c), alpha)

    def _outlines(
        self,
        p: QPainter,
        inks: LaneInks,
        x0: np.ndarray,
        x1: np.ndarray,
        y: np.ndarray,
        h: float,
        lanes: np.ndarray,
    ) -> None:
        """Bars' outlines as lines (see `BatchPainter.outlines`), every lane from one array."""
        if not len(x0):
            return
        batch = self._batch
        left, right = batch.clip
        a = np.maximum(x0, left)
        b = np.minimum(x1, right)
        on = b > a
        a, b, yy, s0, s1, ln = a[on], b[on], y[on], x0[on], x1[on], lanes[on]
        cap0 = (s0 >= left) & (s0 <= right)
        cap1 = (s1 >= left) & (s1 <= right)
        lines = np.concatenate(
            [
                np.column_stack([a, yy, b, yy]),
                np.column_stack([a, yy + h, b, yy + h]),
                np.column_stack([s0[cap0], yy[cap0], s0[cap0], yy[cap0] + h]),
                np.column_stack([s1[cap1], yy[cap1], s1[cap1], yy[cap1] + h]),
            ]
        )
        n = len(inks.colors)
        lane_of = np.concatenate([ln, ln, ln[cap0], ln[cap1]])
        order = np.argsort(lane_of, kind="stable")
        bounds = np.searchsorted(lane_of[order], np.arange(n + 1))
        counts = np.diff(bounds)
        pens = inks.pens(1.0, cosmetic=True)
        crowded = counts >= DEDUPE_LINES
        if crowded.any():
            # a lane with very many bars leaves out the lines drawn twice, as it does on its own
            for g in np.flatnonzero(crowded).tolist():
                mine = ln == g
                batch.outlines(p, pens[g], s0[mine], s1[mine], yy[mine], h)
            order = order[~crowded[lane_of[order]]]
            counts[crowded] = 0
            bounds = np.concatenate([[0], np.cumsum(counts)])
        batch.antialias(p, False)
        batch.line_groups(p, lines[order], bounds, pens)

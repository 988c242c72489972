"""Drawing many primitives from numpy arrays in few QPainter calls: the lanes' batches.

A `BatchPainter` holds the reusable C++ arrays (pyqtgraph's PrimitiveArray gives numpy views of
them) and the view's x clip for one paint: rects go out as one `drawRects`, lines as one
`drawLines`, markers and fading open ends as one `drawPixmapFragments`. What a lane draws, and in
which order, is lane_item.py's business; how to draw a lot of it fast is this module's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, cast

import numpy as np
import pyqtgraph as pg
import shiboken6
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QPolygonF

from explorer.store.columns import sorted_unique
from explorer.timeline.lane_data import MARK_RADIUS, LaneFrame
from explorer.timeline.theme import with_alpha

#: Width and height of the coloured edge under a point event's mark (pixels).
EDGE_W, EDGE_H = 16.0, 3.0
#: The shared-event marker ("⧉", an event also on other lanes): side and offset from the mark (px).
SHARED_SIZE = 5.0
SHARED_OFFSET = 3.0
#: From this many translucent rects of one lane on, identical ones are filled once (see fill_merged).
MERGE_RECTS = 64
#: From this many outline segments on, repeated ones are drawn once.
DEDUPE_LINES = 256


_T = TypeVar("_T")


def spans(bounds: np.ndarray) -> list[tuple[int, int, int]]:
    """(g, start, end) of the non-empty groups g of a bounds array (group g is [bounds[g], bounds[g + 1]))."""
    b = bounds.tolist()
    return [(g, s0, s1) for g, (s0, s1) in enumerate(zip(b[:-1], b[1:])) if s1 > s0]  # noqa: B905 (one list)


def _address(a: np.ndarray) -> int:
    """Where an array's data begin (numpy's `ctypes.data` builds a helper object for it at every read)."""
    return int(a.__array_interface__["data"][0])


def _element(address: int, cls: type[_T]) -> _T:
    """The C++ array element at `address` seen as a `cls` (not copied: a drawXxx(first, count) reads on)."""
    return cast(_T, shiboken6.wrapInstance(address, cls))


#: Qt enum members looked up once (an enum attribute read in PySide runs Python code: many per frame).
_AA = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush


class BatchPainter:
    """Batched rects, lines and pixmaps clipped to the view's x range (set `clip` before painting)."""

    def __init__(self) -> None:
        #: Left and right edges (device pixels) beyond which nothing needs drawing.
        self.clip = (-1e6, 1e6)
        self._rects = PrimitiveArray(QRectF, 4)
        self._lines = PrimitiveArray(QLineF, 4)
        self._frags = PrimitiveArray(QPainter.PixmapFragment, 10)
        #: Polygons reused by `polygon_groups`, one per group.
        self._polys: list[QPolygonF] = []
        #: The painter's antialiasing as last set through `antialias` (toggled only when it changes).
        self._aa = True

    def begin(self, p: QPainter) -> None:
        """Start painting an item: antialiasing on, as its marks and text want."""
        p.setRenderHint(_AA, True)
        self._aa = True

    def antialias(self, p: QPainter, on: bool) -> None:
        """Antialias from now on or not; a setRenderHint per change of state, not two per batch."""
        if on is not self._aa:
            p.setRenderHint(_AA, on)
            self._aa = on

    def clip_x(self, rects: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Left and right edges of (x, y, w, h) rects clipped to the view (empty where x1 <= x0)."""
        left, right = self.clip
        return np.maximum(rects[:, 0], left), np.minimum(rects[:, 0] + rects[:, 2], right)

    def rects(self, p: QPainter, rects: np.ndarray) -> None:
        """Fill (or outline, with the pen set) (x, y, w, h) rects clipped to the view, in one call."""
        if not len(rects):
            return
        # clip to the view (huge off-screen rects are slow to clip) and fill without antialiasing,
        # which for axis-aligned rects only blurs their edges and costs a path rasteriser
        x0, x1 = self.clip_x(rects)
        self._rects.resize(len(rects))
        out = self._rects.ndarray()
        out[:, 0] = x0
        out[:, 1] = rects[:, 1]
        out[:, 2] = np.maximum(x1 - x0, 0.0)
        out[:, 3] = rects[:, 3]
        self.antialias(p, False)
        p.drawRects(*self._rects.drawargs())

    def rect_groups(
        self,
        p: QPainter,
        rects: np.ndarray,
        bounds: np.ndarray,
        styles: Sequence[Callable[[], None] | QBrush | None],
        antialiased: bool = False,
    ) -> None:
        """Draw (x, y, w, h) rects from one array, group by group: clipped to the view without antialiasing
        (or as they are, antialiased).

        Group g is rects[bounds[g]:bounds[g + 1]], drawn with the brush `styles[g]` or after `styles[g]()`
        sets its brush or pen (None: not drawn): one C++ array for all groups, one drawRects per group.
        """
        if not len(rects):
            return
        self._rects.resize(len(rects))
        out = self._rects.ndarray()
        if antialiased:
            out[:] = rects
        else:
            x0, x1 = self.clip_x(rects)
            out[:, 0] = x0
            out[:, 1] = rects[:, 1]
            out[:, 2] = np.maximum(x1 - x0, 0.0)
            out[:, 3] = rects[:, 3]
        self.antialias(p, antialiased)
        base = _address(out)
        for g, s0, s1 in spans(bounds):
            style = styles[g]
            if style is None:
                continue
            if isinstance(style, QBrush):
                p.setBrush(style)
            else:
                style()
            p.drawRects(_element(base + 32 * s0, QRectF), s1 - s0)

    def line_groups(self, p: QPainter, lines: np.ndarray, bounds: np.ndarray, pens: Sequence[QPen]) -> None:
        """Draw (x0, y0, x1, y1) lines from one array, group g (lines[bounds[g]:bounds[g + 1]]) with pens[g]."""
        if not len(lines):
            return
        self._lines.resize(len(lines))
        out = self._lines.ndarray()
        out[:] = lines
        base = _address(out)
        for g, s0, s1 in spans(bounds):
            p.setPen(pens[g])
            p.drawLines(_element(base + 32 * s0, QLineF), s1 - s0)

    def pixmap_groups(
        self, p: QPainter, pms: Sequence[QPixmap], x: np.ndarray, y: np.ndarray, bounds: np.ndarray
    ) -> None:
        """Pre-rendered pixmaps of one size centred at (x, y), group g (bounds[g]:bounds[g + 1]) with pms[g]."""
        if not len(x):
            return
        f = self._fragments(pms[0], x, y)
        self.antialias(p, True)
        base = _address(f)
        for g, s0, s1 in spans(bounds):
            p.drawPixmapFragments(_element(base + 80 * s0, QPainter.PixmapFragment), s1 - s0, pms[g])

    def polygon_groups(
        self, p: QPainter, pts: np.ndarray, bounds: np.ndarray, styles: Sequence[Callable[[], None]]
    ) -> None:
        """Fill and outline polygons from one (x, y) array: group g is pts[bounds[g]:bounds[g + 1]], drawn
        after `styles[g]()` sets its pen and brush, without antialiasing (step outlines gain nothing from it).

        Each group is copied into a QPolygonF kept between frames (grown, not made anew, per frame).
        """
        self.antialias(p, False)
        polys = self._polys
        for g, (s0, s1) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)):
            if s1 <= s0:
                continue
            if g == len(polys):
                polys.append(QPolygonF())
            poly = polys[g]
            poly.resize(s1 - s0)
            pg.functions.ndarray_from_qpolygonf(poly)[:] = pts[s0:s1]
            styles[g]()
            p.drawPolygon(poly)

    def fill_antialiased(self, p: QPainter, rects: np.ndarray) -> None:
        """Fill (x, y, w, h) rects with the brush set, antialiased (edges between pixels shaded), in one call."""
        if not len(rects):
            return
        self._rects.resize(len(rects))
        self._rects.ndarray()[:] = rects
        self.antialias(p, True)
        p.drawRects(*self._rects.drawargs())

    def fill_merged(self, p: QPainter, rects: np.ndarray, brush: Callable[[int], QBrush], alpha: int) -> None:
        """Fill translucent rects, each distinct one once with the opacity of all its copies together.

        Long bars in a crowded row, clipped to the view, are often the very same rect many times
        over; n layers of opacity a look like one of 1 - (1 - a)**n, for a fraction of the fill.
        """
        if not len(rects):
            return
        if len(rects) < MERGE_RECTS:  # too few to be worth merging
            p.setBrush(brush(alpha))
            self.rects(p, rects)
            return
        left = self.clip[0]
        x0, x1 = self.clip_x(rects)
        keep = x1 > x0
        if not keep.any():
            return
        # one int64 key per rect in half pixels (16 bits for x, y and width, 15 for the height)
        scaled = np.round(
            np.column_stack([x0[keep] - left, rects[keep, 1], x1[keep] - x0[keep], rects[keep, 3]]) * 2.0
        )
        half = np.clip(scaled, 0, 0xFFFF).astype(np.int64)
        half[:, 3] = np.minimum(half[:, 3], 0x7FFF)
        key = ((half[:, 0] << 47) | (half[:, 1] << 31) | (half[:, 2] << 15)) | half[:, 3]
        _, first, copies = np.unique(key, return_index=True, return_counts=True)
        box = half[first].astype(np.float64) / 2.0
        box[:, 0] += left
        a = alpha / 255.0
        for n in sorted_unique(copies).tolist():
            p.setBrush(brush(round(255.0 * (1.0 - (1.0 - a) ** n))))
            self.rects(p, box[copies == n])

    def fades(self, p: QPainter, pm: QPixmap, rects: np.ndarray) -> None:
        """Open ends fading out left to right: one stretched gradient strip per rect, in one call.

        (A gradient brush is set up again for every rect it fills, which costs more than the fill.)
        """
        x0, x1 = self.clip_x(rects)
        keep = x1 > x0
        if not keep.any():
            return
        x0, x1, y, h = x0[keep], x1[keep], rects[keep, 1], rects[keep, 3]
        self._frags.resize(len(x0))
        f = self._frags.ndarray()
        f[:, 0] = (x0 + x1) / 2.0
        f[:, 1] = y + h / 2.0
        f[:, 2:6] = [0, 0, pm.width(), pm.height()]
        f[:, 6] = (x1 - x0) / pm.width()
        f[:, 7] = h / pm.height()
        f[:, 8:10] = [0.0, 1.0]
        frags, count = self._frags.drawargs()
        self.antialias(p, True)
        p.drawPixmapFragments(frags, count, pm)

    def fade_groups(
        self, p: QPainter, rects: np.ndarray, lanes: np.ndarray, fade: Callable[[int], QPixmap]
    ) -> None:
        """Open ends of several groups (see `fades`) from one array: `lanes` gives each rect's group, in
        ascending order, and group g is drawn with the strip `fade(g)`, one call per group."""
        x0, x1 = self.clip_x(rects)
        keep = x1 > x0
        if not keep.any():
            return
        x0, x1, y, h, lanes = x0[keep], x1[keep], rects[keep, 1], rects[keep, 3], lanes[keep]
        first = fade(int(lanes[0]))
        pw, ph = first.width(), first.height()  # every strip has the same size
        self._frags.resize(len(x0))
        f = self._frags.ndarray()
        f[:, 0] = (x0 + x1) / 2.0
        f[:, 1] = y + h / 2.0
        f[:, 2:6] = [0, 0, pw, ph]
        f[:, 6] = (x1 - x0) / pw
        f[:, 7] = h / ph
        f[:, 8:10] = [0.0, 1.0]
        self.antialias(p, True)
        base = _address(f)
        ends = np.flatnonzero(np.diff(lanes)) + 1
        starts = [0, *ends.tolist()]
        stops = [*ends.tolist(), len(lanes)]
        for s0, s1 in zip(starts, stops, strict=True):
            p.drawPixmapFragments(
                _element(base + 80 * s0, QPainter.PixmapFragment), s1 - s0, fade(int(lanes[s0]))
            )

    def outlines(
        self, p: QPainter, pen: QPen, x0: np.ndarray, x1: np.ndarray, y: np.ndarray, h: float
    ) -> None:
        """Outline boxes as lines clipped to the view: top and bottom edges, and only the ends on screen.

        (A pen on drawRects strokes every box in full, however far past the view it runs.)
        """
        if not len(x0):
            return
        left, right = self.clip
        a = np.maximum(x0, left)
        b = np.minimum(x1, right)
        on = b > a
        a, b, yy, s0, s1 = a[on], b[on], y[on], x0[on], x1[on]
        cap0 = (s0 >= left) & (s0 <= right)
        cap1 = (s1 >= left) & (s1 <= right)
        n, m0 = len(a), int(cap0.sum())
        # filled in place: top and bottom edges, then the ends on screen
        lines = np.empty((2 * n + m0 + int(cap1.sum()), 4))
        lines[:n, 0] = lines[n : 2 * n, 0] = a
        lines[:n, 2] = lines[n : 2 * n, 2] = b
        lines[:n, 1] = lines[:n, 3] = yy
        lines[n : 2 * n, 1] = lines[n : 2 * n, 3] = yy + h
        ends = lines[2 * n :]
        ends[:m0, 0] = ends[:m0, 2] = s0[cap0]
        ends[m0:, 0] = ends[m0:, 2] = s1[cap1]
        ends[:m0, 1] = yy[cap0]
        ends[m0:, 1] = yy[cap1]
        ends[:, 3] = ends[:, 1] + h
        # bars in a crowded row often cover the same pixels: an opaque line drawn twice looks the same
        # (only worth finding among many: the search costs more than drawing a few lines twice), but
        # at the painter's opacity (dimmed non-hits) twice is darker than once
        if len(lines) >= DEDUPE_LINES or (len(lines) > 1 and p.opacity() < 1.0):
            half = np.round(lines * 2.0).astype(np.int64)
            half[:, 0::2] -= int(left * 2.0)
            half = np.clip(half, 0, 0x7FFF)
            key = (half[:, 0] << 45) | (half[:, 1] << 30) | (half[:, 2] << 15) | half[:, 3]
            _, first = np.unique(key, return_index=True)
            lines = lines[first]
        pen.setCosmetic(True)  # the raster engine's fast path for thin lines (the transform is reset)
        p.setPen(pen)
        self.antialias(p, False)
        self.lines(p, lines)

    def lines(self, p: QPainter, lines: np.ndarray) -> None:
        """Draw (x0, y0, x1, y1) lines in one call."""
        if not len(lines):
            return
        self._lines.resize(len(lines))
        self._lines.ndarray()[:] = lines
        p.drawLines(*self._lines.drawargs())

    def _fragments(self, pm: QPixmap, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The kept fragment array filled with one fragment of `pm` (all of it, at its own scale) per (x, y)."""
        dpr = pm.devicePixelRatio()
        self._frags.resize(len(x))
        f = self._frags.ndarray()
        f[:, 0] = x
        f[:, 1] = y
        f[:, 2:6] = [0, 0, pm.width(), pm.height()]
        f[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]
        return f

    def pixmaps(self, p: QPainter, pm: QPixmap, x: np.ndarray, y: np.ndarray) -> None:
        """One pre-rendered pixmap (a marker) centred at each (x, y), in one call."""
        if not len(x):
            return
        self._fragments(pm, x, y)
        frags, count = self._frags.drawargs()
        self.antialias(p, True)
        p.drawPixmapFragments(frags, count, pm)


def one_per_pixel_span(xs: np.ndarray, width: float) -> np.ndarray:
    """Of the x of vertical aliased lines `width` px wide, each one that fills other pixel columns than
    the one before it (sorted x: every line filling the same columns is a neighbour).

    Qt puts a coordinate on its 1/64-px grid and fills the pixels whose centres the line covers, so
    an opaque line drawn again over the same columns looks as once: a selection of a million events
    draws a few hundred ticks a lane instead of a million.
    """
    grid = np.round(xs * 64.0) / 64.0
    first, end = np.ceil(grid - width / 2.0 - 0.5), np.ceil(grid + width / 2.0 - 0.5)
    keep = np.ones(len(xs), dtype=bool)
    keep[1:] = (first[1:] != first[:-1]) | (end[1:] != end[:-1])
    return xs[keep]


def rect_array(x: np.ndarray, y: np.ndarray, w: np.ndarray | float, h: float) -> np.ndarray:
    """An (n, 4) array of (x, y, w, h) rects."""
    n = len(x)
    out = np.empty((n, 4))
    out[:, 0] = x
    out[:, 1] = y
    out[:, 2] = w
    out[:, 3] = h
    return out


def step_polygon(edges_px: np.ndarray, tops: np.ndarray, base: float) -> QPolygonF:
    """A closed step outline over bins: up and across each bin, down to the base at both ends."""
    n = len(tops)
    pts = np.empty((2 * n + 2, 2))
    pts[0] = (edges_px[0], base)
    pts[1 : 2 * n + 1 : 2, 0] = edges_px[:-1]
    pts[2 : 2 * n + 2 : 2, 0] = edges_px[1:]
    pts[1 : 2 * n + 1 : 2, 1] = tops
    pts[2 : 2 * n + 2 : 2, 1] = tops
    pts[-1] = (edges_px[-1], base)
    poly = pg.functions.create_qpolygonf(len(pts))
    pg.functions.ndarray_from_qpolygonf(poly)[:] = pts
    return poly


def step_outlines(
    edges_px: list[np.ndarray], counts: list[np.ndarray], bottoms: np.ndarray, heights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The step outlines (see `step_polygon`) of several lanes' density bins in one (x, y) array.

    Lane k has bins between edges_px[k] with counts[k] (at least one bin, a positive peak), drawn
    up from `bottoms[k]` by sqrt(count), scaled so that its peak is `heights[k]` high.
    Returns the points and where each lane's polygon begins and ends in them.
    """
    n = np.array([len(c) for c in counts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(n)[:-1]])
    c = np.concatenate(counts)
    peak = np.maximum.reduceat(c, starts)
    base = np.repeat(bottoms, n)
    top = base - np.sqrt(c) * np.repeat(heights / np.sqrt(peak), n)
    bounds = np.concatenate([[0], np.cumsum(2 * n + 2)])
    pos = np.repeat(bounds[:-1] + 1 - 2 * starts, n) + 2 * np.arange(len(c))
    pts = np.empty((int(bounds[-1]), 2))
    pts[pos, 0] = np.concatenate([e[:-1] for e in edges_px])
    pts[pos + 1, 0] = np.concatenate([e[1:] for e in edges_px])
    pts[pos, 1] = pts[pos + 1, 1] = top
    pts[bounds[:-1], 0] = [e[0] for e in edges_px]
    pts[bounds[1:] - 1, 0] = [e[-1] for e in edges_px]
    pts[bounds[:-1], 1] = pts[bounds[1:] - 1, 1] = bottoms
    return pts, bounds


def paint_tag_edges(
    p: QPainter,
    batch: BatchPainter,
    f: LaneFrame,
    rows: np.ndarray,
    keep: np.ndarray,
    rgb: np.ndarray,
    background: QColor,
) -> None:
    """Coloured edges under tagged marks (one segment per tag) and along the bottom of tagged bars."""
    if not len(f.idx) or not len(rgb):
        return
    colors = rgb[rows[f.idx]]
    tagged = keep & (colors[:, 0] != 0)
    if not tagged.any():
        return
    i = np.flatnonzero(tagged)
    c = colors[i]
    n = np.maximum((c != 0).sum(axis=1), 1)
    period = f.period[i]
    box_h = f.row_height - 6.0
    # a bar's edge runs along its certain part when it has one, else along the whole bar
    certain = f.ex[i] > f.sx[i] + 2.0
    bar_left = np.where(certain, f.sx[i], f.x0[i])
    bar_right = np.where(certain, f.ex[i], f.x1[i])
    left = np.where(period, bar_left, f.cx[i] - EDGE_W / 2.0)
    width = np.where(period, np.maximum(bar_right - bar_left, 6.0), EDGE_W)
    top = np.where(period, f.y[i] + box_h / 2.0 - EDGE_H, f.y[i] + MARK_RADIUS + 2.5)
    seg = width / n
    gap = np.where(n > 1, 1.0, 0.0)
    all_rects, all_colors = [], []
    for j in range(c.shape[1]):
        on = n > j
        if not on.any():
            continue
        r = np.empty((int(on.sum()), 4))
        r[:, 0] = left[on] + j * seg[on]
        r[:, 1] = top[on]
        r[:, 2] = seg[on] - gap[on]
        r[:, 3] = EDGE_H
        all_rects.append(r)
        all_colors.append(c[on, j])
    rects = np.concatenate(all_rects)
    cols = np.concatenate(all_colors)
    p.setPen(_NO_PEN)
    # a rim in the background colour keeps the edge readable on a bar of a similar colour
    p.setBrush(QBrush(with_alpha(background, 230)))
    rim = rects.copy()
    rim[:, 0] -= 1.0
    rim[:, 1] -= 1.0
    rim[:, 2] += 2.0
    rim[:, 3] += 2.0
    batch.rects(p, rim)
    for value in sorted_unique(cols).tolist():
        p.setBrush(QBrush(QColor.fromRgba(int(value))))
        batch.rects(p, rects[cols == value])


def paint_shared_markers(
    p: QPainter, batch: BatchPainter, x: np.ndarray, y: np.ndarray, color: QColor, background: QColor
) -> None:
    """The shared-event marker ("⧉": two offset squares) with its top left square's corner at each (x, y)."""
    if not len(x):
        return
    squares = np.concatenate(
        [rect_array(x, y, SHARED_SIZE, SHARED_SIZE), rect_array(x - 2.0, y + 2.0, SHARED_SIZE, SHARED_SIZE)]
    )
    p.setBrush(_NO_BRUSH)
    p.setPen(QPen(background, 3.0))  # a halo keeps the squares legible over a crowd
    batch.rects(p, squares)
    p.setPen(QPen(color, 1.5))
    batch.rects(p, squares)

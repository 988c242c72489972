"""What the user adds to the timeline: period bands behind the lanes, link curves over them, tag edges.

`PeriodBands` and `LinkCurves` are single GraphicsObjects in the view box (added with
`TimelineView.add_overlay`) that paint in device pixels like the lanes do. They see the view
through the `OverlayHost` Protocol; a link's ends are where `TimelineView.drawn_mark` says the
events are drawn (the same answer `mark_position` gives). Tag edges under marks are drawn by the
lanes (lane_batches.py).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)

from explorer.model import Link, Period, parse_date
from explorer.model.dates import OPEN_HI
from explorer.store.columns import sorted_unique
from explorer.timeline.date_axis import LAST_DAY
from explorer.timeline.lane_data import MARK_RADIUS
from explorer.timeline.surface import OverlayHost
from explorer.timeline.theme import Theme, ink_on, over, readable_on, with_alpha

#: Colours of the built-in link types; a type the user typed is drawn in the muted text colour.
LINK_COLORS = {
    "response to": "#2d7dd2",
    "consequence of": "#d1495b",
    "contradicts": "#8e44ad",
    "same issue": "#2a9d8f",
}


#: Up to this many bands in view, their stretches are worked out without numpy (see composite_bands).
FEW_BANDS = 8

#: From this many stretches of bands on, they are drawn as one strip (see PeriodBands._fill_stretches).
STRIP_STRETCHES = 4

#: Opacity of a period's name plate over the lanes.
PILL_ALPHA = 235


def band_label_color(color: QColor, background: QColor) -> QColor:
    """The text colour for a period's name on its plate (the colour at PILL_ALPHA over the background)."""
    return QColor.fromRgba(_band_label_rgba(color.rgba(), background.rgba()))


@lru_cache(maxsize=256)
def _band_label_rgba(color: int, background: int) -> int:
    # contrast ratios per period per frame add up: worked out once per pair of colours
    fill = over(with_alpha(QColor.fromRgba(color), PILL_ALPHA), QColor.fromRgba(background))
    return ink_on(fill, readable_on(fill)).rgba()


def composite_bands(
    bands: list[tuple[float, float, QColor]], cache: dict[tuple[int, ...], QColor | None] | None = None
) -> list[tuple[float, float, QColor]]:
    """Translucent bands (x0, x1, colour) painted in order, as disjoint stretches of one colour each.

    Painting "over" is associative: a stretch covered by several bands looks the same filled once
    with their composite colour, for the price of one fill instead of one per band. `cache` keeps
    the composite of each run of colours between frames (it depends on the colours alone).
    """
    if not bands:
        return []
    rgba = [b[2].rgba() for b in bands]
    memo = cache if cache is not None else {}
    out: list[tuple[float, float, QColor]] = []
    if len(bands) <= FEW_BANDS:
        # the same stretches in plain Python: a frame has a band or two in view, and the numpy
        # calls below cost about 90 µs whatever their size
        ends_of = [(float(b[0]), float(b[1])) for b in bands]
        cuts = sorted({x for pair in ends_of for x in pair})
        stretches = [
            (s0, s1, [j for j, (b0, b1) in enumerate(ends_of) if b0 <= s0 and s1 <= b1])
            for s0, s1 in zip(cuts[:-1], cuts[1:], strict=True)
        ]
    else:
        x0 = np.array([b[0] for b in bands])
        x1 = np.array([b[1] for b in bands])
        cut_array = sorted_unique(np.concatenate([x0, x1]))
        starts, ends = cut_array[:-1], cut_array[1:]
        covers = (x0 <= starts[:, None]) & (ends[:, None] <= x1)  # stretch by band
        stretches = [
            (s0, s1, np.flatnonzero(cover).tolist())
            for s0, s1, cover in zip(starts.tolist(), ends.tolist(), covers, strict=True)
        ]
    for s0, s1, layers in stretches:
        key = tuple(rgba[j] for j in layers)
        if key in memo:
            color = memo[key]
        else:
            color = memo[key] = _composite([bands[j][2] for j in layers])
        if color is None:
            continue
        if out and out[-1][1] == s0 and out[-1][2] == color:
            out[-1] = (out[-1][0], s1, color)
        else:
            out.append((s0, s1, color))
    return out


def _composite(layers: list[QColor]) -> QColor | None:
    """Translucent colours painted over one another in order, as one colour (None: transparent)."""
    r = g = bl = alpha = 0.0  # premultiplied
    for color in layers:
        a = color.alphaF()
        r, g, bl = (
            color.redF() * a + r * (1 - a),
            color.greenF() * a + g * (1 - a),
            color.blueF() * a + bl * (1 - a),
        )
        alpha = a + alpha * (1 - a)
    if alpha <= 0:
        return None
    return QColor.fromRgbF(r / alpha, g / alpha, bl / alpha, alpha)


def link_color(kind: str, fallback: QColor) -> QColor:
    """The colour a link type is drawn in."""
    hexcolor = LINK_COLORS.get(kind)
    return QColor(hexcolor) if hexcolor else QColor(fallback)


class _Inks:
    """The colours, pens and brushes a period is drawn with (made once per colour, not per frame)."""

    def __init__(self, hexcolor: str) -> None:
        self.color = QColor(hexcolor)
        #: The band on a light and on a dark background.
        self.band = (with_alpha(self.color, 42), with_alpha(self.color, 58))
        self.edge = QPen(with_alpha(self.color, 200), 1.0, Qt.PenStyle.DashLine)
        self.pill_pen = QPen(with_alpha(self.color.darker(130), 220), 1.0)
        self.pill_brush = QBrush(with_alpha(self.color, PILL_ALPHA))


@lru_cache(maxsize=256)
def _inks(hexcolor: str) -> _Inks:
    return _Inks(hexcolor)


class _Overlay(pg.GraphicsObject):
    """An item over the whole pannable range and all lanes of a timeline view."""

    def __init__(self, view: OverlayHost) -> None:
        super().__init__()
        self._view = view
        self._bottom = 1.0
        self._fonts: dict[bool, tuple[Theme, QFont, QFontMetricsF]] = {}
        #: Widths of texts in the small fonts, measured once per theme.
        self._widths: dict[tuple[bool, str], float] = {}
        #: Texts laid out once per theme (drawText() lays a string out afresh at every call).
        self._statics: dict[tuple[bool, str], QStaticText] = {}
        view.lanesLaidOut.connect(self._on_view_lanes_laid_out)
        self._on_view_lanes_laid_out()

    def _on_view_lanes_laid_out(self) -> None:
        spans = [self._view.lane_span(t) for t in self._view.session.visible_lanes()]
        self.prepareGeometryChange()
        self._bottom = max((s[1] for s in spans if s is not None), default=1.0)
        self.update()

    def boundingRect(self) -> QRectF:
        """Every day the view can show, over all lanes."""
        return QRectF(1.0, 0.0, float(LAST_DAY), self._bottom)

    def _small_font(self, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
        """The theme's small font (bold or not) and its metrics, made once per theme."""
        theme = self._view.theme
        hit = self._fonts.get(bold)
        if hit is None or hit[0] is not theme:
            font = QFont(theme.small_font)
            font.setBold(bold)
            hit = self._fonts[bold] = (theme, font, QFontMetricsF(font))
            self._widths.clear()
            self._statics.clear()
        return hit[1], hit[2]

    def _text_width(self, text: str, bold: bool, fm: QFontMetricsF) -> float:
        """The advance of a text in the small font (see `_small_font`, which gives `fm`), measured once."""
        key = (bold, text)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = fm.horizontalAdvance(text)
        return w

    def _static_text(self, text: str, bold: bool, font: QFont) -> QStaticText:
        """A text laid out once in the small font (see `_small_font`, which gives `font`)."""
        key = (bold, text)
        st = self._statics.get(key)
        if st is None:
            if len(self._statics) > 2_000:
                self._statics.clear()
            st = self._statics[key] = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=font)
        return st


class PeriodBands(_Overlay):
    """The user's periods: translucent bands behind every lane with their names along the top."""

    def __init__(self, view: OverlayHost) -> None:
        super().__init__(view)
        self._periods: list[tuple[Period, float, float]] = []
        #: Composite colours of runs of overlapping bands (see composite_bands), kept between frames.
        self._composites: dict[tuple[int, ...], QColor | None] = {}
        #: The one-pixel-high strip the bands are painted into before being tiled down the lanes (see _fill_stretches).
        self._strip = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        #: Each colour's dashed edge stroked once (see _draw_edges).
        self._edges: dict[tuple, QImage] = {}
        #: The names, drawn above the lanes (add it with a higher z than the lanes).
        self.labels = PeriodLabels(view, self)

    def set_periods(self, periods: list[Period]) -> None:
        """The periods to draw (each with an EDTF date or interval)."""
        out = []
        for period in periods:
            try:
                f = parse_date(period.date)
            except ValueError:
                continue
            hi = float(LAST_DAY) if f.hi >= OPEN_HI else float(f.hi) + 1.0
            out.append((period, float(f.lo), hi))
        self._periods = out
        self.update()
        self.labels.update()

    def periods(self) -> list[tuple[Period, float, float]]:
        """The drawn periods with their first day and the day after their last."""
        return list(self._periods)

    def paint(self, p: QPainter, *args: object) -> None:
        """Bands and their dashed edges in device pixels."""
        vb = self.getViewBox()
        if vb is None or not self._periods:
            return
        t = p.transform()
        a, b, ay, by = t.m11(), t.m31(), t.m22(), t.m32()
        (x0, x1), _ = vb.viewRange()
        left, right = a * x0 + b, a * x1 + b
        top, bottom = by, ay * self._bottom + by
        p.resetTransform()
        theme = self._view.theme
        bands: list[tuple[float, float, QColor]] = []
        edges: list[tuple[float, QPen]] = []
        for period, lo, hi in self._periods:
            px0, px1 = a * lo + b, a * hi + b
            if px1 < left or px0 > right:
                continue
            inks = _inks(period.color)
            bx0, bx1 = max(px0, left - 2), min(px1, right + 2)
            bands.append((bx0, max(bx1, bx0 + 1.0), inks.band[theme.dark]))
            edges.extend((x, inks.edge) for x in (px0, px1) if left - 1 <= x <= right + 1)
        # overlapping bands: each stretch filled once, with the colour of all its layers (the fill of
        # a lane area's height is what a frame pays for, once per band that covers it)
        if len(self._composites) > 1024:
            self._composites.clear()
        self._fill_stretches(p, composite_bands(bands, self._composites), top, bottom)
        self._draw_edges(p, edges, top, bottom)

    def _draw_edges(self, p: QPainter, edges: list[tuple[float, QPen]], top: float, bottom: float) -> None:
        """The bands' dashed edges from `top` to `bottom`, each one pixel wide at a whole x.

        A dashed line is stroked dash by dash (about a tenth of a millisecond for a lane area's
        height); every edge of one colour is the same line moved sideways by whole pixels, so on
        screen it is stroked once into an image (keyed by colour and by where top and bottom fall
        inside their pixels) and each edge is a copy of it. SVG and PDF keep their lines.
        """
        if not edges:
            return
        if not _one_to_one_raster(p):
            for x, pen in edges:
                p.setPen(pen)
                p.drawLine(QPointF(round(x) + 0.5, top), QPointF(round(x) + 0.5, bottom))
            return
        y0 = math.floor(top)
        # one image per pen (a colour's pen is one object): the key of the cache is made once per colour
        images: dict[int, QImage] = {}
        for x, pen in edges:
            image = images.get(id(pen))
            if image is None:
                image = images[id(pen)] = self._edge_image(pen, top - y0, bottom - y0)
            p.drawImage(QPoint(round(x), y0), image)

    def _edge_image(self, pen: QPen, top: float, bottom: float) -> QImage:
        """A dashed edge stroked from `top` to `bottom` down a transparent image one pixel wide."""
        key = (pen.color().rgba(), int(pen.style().value), top, bottom)
        image = self._edges.get(key)
        if image is None:
            if len(self._edges) > 64:  # the lanes' height changed many times: start again
                self._edges.clear()
            image = QImage(1, max(1, math.ceil(bottom) + 1), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            ip = QPainter(image)
            ip.setPen(pen)
            ip.drawLine(QPointF(0.5, top), QPointF(0.5, bottom))
            ip.end()
            self._edges[key] = image
        return image

    def _fill_stretches(
        self, p: QPainter, stretches: list[tuple[float, float, QColor]], top: float, bottom: float
    ) -> None:
        """Fill the bands' stretches (x0, x1, colour) from `top` to `bottom` as fillRect would, in one draw.

        A translucent fill costs a call per scanline per rect, and the bands are tall and narrow:
        the stretches are painted into a strip one pixel high (each rounded to whole pixels as an
        unantialiased fillRect rounds it), which is then tiled down the lanes' height at once.
        """
        if not stretches:
            return
        # worth it for several stretches only (the strip costs a painter of its own and a texture);
        # on screen only (SVG and PDF keep a rect per stretch), at one device pixel per pixel:
        # antialiased, faded, scaled or on a device of fewer colours a fill rounds and blends otherwise
        if len(stretches) < STRIP_STRETCHES or not _one_to_one_raster(p):
            for x0, x1, color in stretches:
                p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), color)
            return
        cols = [(_q_round(x0), _q_round(x1), color) for x0, x1, color in stretches]
        lo = min(c[0] for c in cols)
        width = max(c[1] for c in cols) - lo
        y0, y1 = _q_round(top), _q_round(bottom)
        if width <= 0 or y1 <= y0:
            return
        strip = self._strip
        if strip.width() < width:
            strip = self._strip = QImage(width, 1, QImage.Format.Format_ARGB32_Premultiplied)
        strip.fill(0)
        sp = QPainter(strip)
        sp.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for c0, c1, color in cols:
            if c1 > c0:
                sp.fillRect(QRect(c0 - lo, 0, c1 - c0, 1), color)
        sp.end()
        # the strip as a texture tiled down the lanes' height: each scanline is a copy of it blended
        # as an unscaled image is (the same sums), not an image stretched pixel by pixel, which cost
        # several times as much for the same pixels
        origin = p.brushOrigin()
        p.setBrushOrigin(QPointF(lo, y0))
        p.fillRect(QRect(lo, y0, width, y1 - y0), QBrush(strip))
        p.setBrushOrigin(origin)


def _one_to_one_raster(p: QPainter) -> bool:
    """True when `p` paints on screen (raster) at one device pixel per pixel, unantialiased, opaque,
    over: then a shape drawn into an image and copied lands on exactly the pixels drawn directly."""
    return (
        p.paintEngine().type() == QPaintEngine.Type.Raster
        and not p.testRenderHint(QPainter.RenderHint.Antialiasing)
        and p.opacity() >= 1.0
        and p.device().depth() >= 24
        and p.device().devicePixelRatio() == 1.0
        and p.compositionMode() == QPainter.CompositionMode.CompositionMode_SourceOver
    )


def pill_text_origin(box: QRectF, fm: QFontMetricsF) -> QPointF:
    """Where drawText(box, AlignCenter) puts a period's name on its plate (6 pixels in, as the plate is
    the name's advance and 12 wider), for drawStaticText: x on Qt's 1/64-pixel text grid as drawText()
    puts it (see date_axis._fixed), the line centred in the box."""
    return QPointF(math.floor((box.left() + 6.0) * 64.0) / 64.0, box.top() + (box.height() - fm.height()) / 2)


def _q_round(x: float) -> int:
    """Round as Qt's qRound does (half away from zero), which an unantialiased fillRect uses."""
    return math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5)


class PeriodLabels(_Overlay):
    """The names of the periods of a PeriodBands in pills along the bottom (lanes fill from the top), above the lanes."""

    def __init__(self, view: OverlayHost, bands: PeriodBands) -> None:
        super().__init__(view)
        self._bands = bands

    def paint(self, p: QPainter, *args: object) -> None:
        """One pill per visible period, stacked when they would overlap."""
        vb = self.getViewBox()
        periods = self._bands.periods()
        if vb is None or not periods:
            return
        t = p.transform()
        a, b = t.m11(), t.m31()
        bottom = t.m22() * self._bottom + t.m32()
        (x0, x1), _ = vb.viewRange()
        left, right = a * x0 + b, a * x1 + b
        p.resetTransform()
        font, fm = self._small_font(bold=True)
        p.setFont(font)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        taken: list[list[tuple[float, float]]] = []
        for period, lo, hi in periods:
            px0, px1 = a * lo + b, a * hi + b
            if px1 < left or px0 > right:
                continue
            inks = _inks(period.color)
            text = period.name
            w = self._text_width(text, True, fm) + 12
            lx = max(min(max(px0, left) + 4, right - w - 4), left + 2)
            line = 0
            while line < len(taken) and any(lx < e and lx + w > s for s, e in taken[line]):
                line += 1
            if line == len(taken):
                taken.append([])
            taken[line].append((lx, lx + w))
            h = fm.height() + 3
            box = QRectF(lx, bottom - 3 - h - line * (h + 3), w, h)
            p.setPen(inks.pill_pen)
            p.setBrush(inks.pill_brush)
            p.drawRoundedRect(box, 4, 4)
            p.setPen(band_label_color(inks.color, self._view.theme.background))
            p.drawStaticText(pill_text_origin(box, fm), self._static_text(text, True, font))


class LinkCurves(_Overlay):
    """Links between events as arcs with an arrowhead at the target; those of the current event stand out."""

    def __init__(self, view: OverlayHost) -> None:
        super().__init__(view)
        self._links: list[tuple[Link, int, int]] = []
        view.session.currentChanged.connect(self._on_session_current_changed)

    def set_links(self, links: list[Link]) -> None:
        """The links to draw (their events' rows are looked up once, here)."""
        cols = self._view.session.columns
        known = cols.known_ids(dict.fromkeys(x for link in links for x in (link.source, link.target)))
        row_of = dict(zip(known, cols.rows_of(known).tolist(), strict=True))
        self._links = [
            (link, row_of[link.source], row_of[link.target])
            for link in links
            if link.source in row_of and link.target in row_of
        ]
        self.update()

    def links(self) -> list[Link]:
        """The links drawn (those whose two events are in the database)."""
        return [link for link, _, _ in self._links]

    def _on_session_current_changed(self, _event_id: str) -> None:
        self.update()

    def _point(self, row: int, t: tuple[float, float, float, float], m: QTransform) -> QPointF | None:
        """Where an event is drawn in device pixels: its mark, else its place in its lane; None if hidden."""
        view = self._view
        cols = view.session.columns
        if not view.session.shown_mask()[row] or not cols.dated[row]:
            return None  # hidden, or undated: not drawn in the lanes, so no curve ends there
        span = view.lane_span(cols.track_ids[int(cols.lane[row])])
        if span is None:
            return None
        mark = view.drawn_mark(row)
        if mark is not None:
            # a bar: a little way into its visible part, where the curve reads as leaving the bar
            x = min(mark.x + 8.0, (mark.x + mark.x_end) / 2.0) if mark.period else mark.x
            return m.map(QPointF(x, mark.y))
        a, b, ay, by = t
        return QPointF(a * float(cols.centre[row]) + b, ay * (span[0] + span[1]) / 2.0 + by)

    def paint(self, p: QPainter, *args: object) -> None:
        """Curves, arrowheads and (for the current event) type labels in device pixels."""
        vb, view = self.getViewBox(), self._view
        if vb is None or not self._links:
            return
        t = p.transform()
        coeffs = (t.m11(), t.m31(), t.m22(), t.m32())
        inv, ok = self.deviceTransform(view.viewportTransform()).inverted()
        m = inv * t if ok else QTransform()
        (x0, x1), _ = vb.viewRange()
        left, right = coeffs[0] * x0 + coeffs[1], coeffs[0] * x1 + coeffs[1]
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        current = view.session.current()
        theme = view.theme
        labels = []
        for link, source, target in self._links[:2000]:
            a = self._point(source, coeffs, m)
            z = self._point(target, coeffs, m)
            if a is None or z is None or (a.x() < left and z.x() < left) or (a.x() > right and z.x() > right):
                continue
            strong = bool(current) and current in (link.source, link.target)
            color = link_color(link.type, theme.muted)
            path, tip, tangent, mid = _arc(a, z, coeffs[3], right)
            p.setPen(QPen(with_alpha(color, 255 if strong else 170), 2.4 if strong else 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(with_alpha(color, 255 if strong else 190)))
            p.drawPolygon(_arrowhead(tip, tangent, 9.0 if strong else 7.5))
            if strong:
                labels.append((mid, link.type, color))
        font, fm = self._small_font()
        p.setFont(font)
        for mid, text, color in labels:
            w = fm.horizontalAdvance(text) + 10
            box = QRectF(mid.x() - w / 2, mid.y() - fm.height() / 2 - 1, w, fm.height() + 2)
            p.setPen(QPen(with_alpha(color, 200), 1.0))
            p.setBrush(QBrush(with_alpha(theme.background, 235)))
            p.drawRoundedRect(box, 4, 4)
            p.setPen(color.darker(115) if not theme.dark else color.lighter(130))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _arc(
    a: QPointF, z: QPointF, top: float, right: float = 1e9
) -> tuple[QPainterPath, QPointF, QPointF, QPointF]:
    """A curve between two marks: its path, the arrow tip, the direction there and its middle.

    Marks far apart in time are joined by an arc rising above both (kept below `top`); marks
    nearly above one another by a bow out to the right (to the left near the view's `right` edge),
    so the curve never hides in a lane's row.
    """
    dx, dy = z.x() - a.x(), z.y() - a.y()
    if abs(dx) >= abs(dy) * 0.6:
        lift = min(110.0, max(24.0, abs(dx) * 0.2 + abs(dy) * 0.25))
        apex_y = max(min(a.y(), z.y()) - lift, top + 6.0)
        c1 = QPointF(a.x() + dx * 0.2, apex_y)
        c2 = QPointF(z.x() - dx * 0.2, apex_y)
    else:
        bow = min(90.0, max(28.0, abs(dy) * 0.2)) + abs(dx) * 0.5
        x = max(a.x(), z.x()) + bow
        if x + 20 > right:
            x = min(a.x(), z.x()) - bow
        c1 = QPointF(x, a.y() + dy * 0.15)
        c2 = QPointF(x, z.y() - dy * 0.15)
    start = _toward(a, c1, MARK_RADIUS + 2.0)
    tip = _toward(z, c2, MARK_RADIUS + 2.5)
    path = QPainterPath(start)
    path.cubicTo(c1, c2, tip)
    mid = (start + c1 * 3 + c2 * 3 + tip) / 8.0
    return path, tip, tip - c2, mid


def _toward(p: QPointF, q: QPointF, d: float) -> QPointF:
    v = q - p
    n = (v.x() ** 2 + v.y() ** 2) ** 0.5
    return p if n < 1e-6 else p + v * (d / n)


def _arrowhead(tip: QPointF, direction: QPointF, size: float) -> QPolygonF:
    n = (direction.x() ** 2 + direction.y() ** 2) ** 0.5 or 1.0
    ux, uy = direction.x() / n, direction.y() / n
    back = QPointF(tip.x() - ux * size, tip.y() - uy * size)
    wing = QPointF(-uy * size * 0.5, ux * size * 0.5)
    return QPolygonF([tip, back + wing, back - wing])

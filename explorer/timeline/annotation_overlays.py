"""What the user adds to the timeline: period bands behind the lanes, link curves over them, tag edges.

`PeriodBands` and `LinkCurves` are single GraphicsObjects in the view box (added with
`TimelineView.add_overlay`) that paint in device pixels like the lanes do. `paint_tag_edges`
is called by each LaneItem: it reads the per-row tag colours (numpy, from the Session) for the
marks in the frame and draws one `drawRects` batch per colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from explorer.model import Link, Period, parse_date
from explorer.model.dates import OPEN_HI
from explorer.timeline.date_axis import LAST_DAY
from explorer.timeline.layout import DETAIL, MARK_RADIUS, LaneFrame
from explorer.timeline.theme import ink_on, over, readable_on, with_alpha

if TYPE_CHECKING:
    from explorer.timeline.view import TimelineView

#: Width and height of the coloured edge under a point event's mark (pixels).
EDGE_W, EDGE_H = 16.0, 3.0
#: Colours of the built-in link types; a type the user typed is drawn in the muted text colour.
LINK_COLORS = {
    "response to": "#2d7dd2",
    "consequence of": "#d1495b",
    "contradicts": "#8e44ad",
    "same issue": "#2a9d8f",
}


#: Opacity of a period's name plate over the lanes.
PILL_ALPHA = 235


def band_label_color(color: QColor, background: QColor) -> QColor:
    """The text colour for a period's name on its plate (the colour at PILL_ALPHA over the background)."""
    fill = over(with_alpha(color, PILL_ALPHA), background)
    return ink_on(fill, readable_on(fill))


def link_color(kind: str, fallback: QColor) -> QColor:
    """The colour a link type is drawn in."""
    hexcolor = LINK_COLORS.get(kind)
    return QColor(hexcolor) if hexcolor else QColor(fallback)


def paint_tag_edges(
    p: QPainter,
    f: LaneFrame,
    rows: np.ndarray,
    keep: np.ndarray,
    rgb: np.ndarray,
    draw_rects: Callable[[QPainter, np.ndarray], None],
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
    p.setPen(Qt.PenStyle.NoPen)
    # a rim in the background colour keeps the edge readable on a bar of a similar colour
    p.setBrush(QBrush(with_alpha(background, 230)))
    rim = rects.copy()
    rim[:, 0] -= 1.0
    rim[:, 1] -= 1.0
    rim[:, 2] += 2.0
    rim[:, 3] += 2.0
    draw_rects(p, rim)
    for value in np.unique(cols).tolist():
        p.setBrush(QBrush(QColor.fromRgba(int(value))))
        draw_rects(p, rects[cols == value])


class _Overlay(pg.GraphicsObject):
    """An item over the whole pannable range and all lanes of a TimelineView."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__()
        self._view = view
        self._bottom = 1.0
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

    def _small_font(self, bold: bool = False) -> QFont:
        font = QFont(self._view.theme.small_font)
        font.setBold(bold)
        return font


class PeriodBands(_Overlay):
    """The user's periods: translucent bands behind every lane with their names along the top."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._periods: list[tuple[Period, float, float]] = []
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
        for period, lo, hi in self._periods:
            px0, px1 = a * lo + b, a * hi + b
            if px1 < left or px0 > right:
                continue
            color = QColor(period.color)
            bx0, bx1 = max(px0, left - 2), min(px1, right + 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.fillRect(
                QRectF(bx0, top, max(bx1 - bx0, 1.0), bottom - top),
                with_alpha(color, 58 if theme.dark else 42),
            )
            p.setPen(QPen(with_alpha(color, 200), 1.0, Qt.PenStyle.DashLine))
            for x in (px0, px1):
                if left - 1 <= x <= right + 1:
                    p.drawLine(QPointF(round(x) + 0.5, top), QPointF(round(x) + 0.5, bottom))


class PeriodLabels(_Overlay):
    """The names of the periods of a PeriodBands in pills along the bottom (lanes fill from the top), above the lanes."""

    def __init__(self, view: TimelineView, bands: PeriodBands) -> None:
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
        font = self._small_font(bold=True)
        fm = QFontMetricsF(font)
        p.setFont(font)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        taken: list[list[tuple[float, float]]] = []
        for period, lo, hi in periods:
            px0, px1 = a * lo + b, a * hi + b
            if px1 < left or px0 > right:
                continue
            color = QColor(period.color)
            text = period.name
            w = fm.horizontalAdvance(text) + 12
            lx = max(min(max(px0, left) + 4, right - w - 4), left + 2)
            line = 0
            while line < len(taken) and any(lx < e and lx + w > s for s, e in taken[line]):
                line += 1
            if line == len(taken):
                taken.append([])
            taken[line].append((lx, lx + w))
            h = fm.height() + 3
            box = QRectF(lx, bottom - 3 - h - line * (h + 3), w, h)
            p.setPen(QPen(with_alpha(color.darker(130), 220), 1.0))
            p.setBrush(QBrush(with_alpha(color, PILL_ALPHA)))
            p.drawRoundedRect(box, 4, 4)
            p.setPen(band_label_color(color, self._view.theme.background))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class LinkCurves(_Overlay):
    """Links between events as arcs with an arrowhead at the target; those of the current event stand out."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._links: list[tuple[Link, int, int]] = []
        view.session.currentChanged.connect(self._on_session_current_changed)

    def set_links(self, links: list[Link]) -> None:
        """The links to draw (their events' rows are looked up once, here)."""
        cols = self._view.session.columns
        ends = cols.rows_of_nums(
            self._view.session.events.nums_of([x for link in links for x in (link.source, link.target)])
        )
        self._links = [
            (link, int(ends[2 * i]), int(ends[2 * i + 1]))
            for i, link in enumerate(links)
            if ends[2 * i] >= 0 and ends[2 * i + 1] >= 0
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
        track = cols.track_ids[int(cols.lane[row])]
        span = view.lane_span(track)
        item = view.lane_item(track)
        if span is None or item is None:
            return None
        local = int(np.searchsorted(item.data.rows, row))
        frame = item.current_frame()
        if frame is not None and frame.mode == DETAIL and local < len(item.data.rows):
            k = int(np.searchsorted(frame.idx, local))
            if k < len(frame.idx) and frame.idx[k] == local:
                x = float(frame.cx[k])
                if frame.period[k]:
                    left, right = view.viewbox_px()
                    x0, x1 = max(frame.x0[k], left + 2), min(frame.x1[k], right - 2)
                    x = float(min(x0 + 8, (x0 + x1) / 2))
                return m.map(QPointF(x, float(frame.y[k])))
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
        p.setFont(self._small_font())
        fm = QFontMetricsF(p.font())
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

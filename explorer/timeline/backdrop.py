"""What lies behind and beside the lanes: stripes, the paired-lane tint, grid lines and lane names."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsSceneHoverEvent

from explorer.formats.text import escape_html, literal_html
from explorer.timeline.date_axis import choose_levels, ticks_between
from explorer.timeline.theme import Theme, with_alpha


class LaneBackdrop(pg.GraphicsObject):
    """Alternating lane stripes, the tint behind the compared pair, separators and date grid lines."""

    def __init__(self, theme: Theme, x_bounds: tuple[float, float]) -> None:
        super().__init__()
        self._theme = theme
        self._x_bounds = x_bounds
        self._lanes: list[tuple[str, float, float]] = []
        self._paired: set[str] = set()
        self.setZValue(-100)

    def set_theme(self, theme: Theme) -> None:
        """Repaint with another theme."""
        self._theme = theme
        self.update()

    def set_lanes(self, lanes: list[tuple[str, float, float]], paired: set[str]) -> None:
        """(track id, y0, y1) of the shown lanes top to bottom, and the ids of the compared pair."""
        self.prepareGeometryChange()
        self._lanes = list(lanes)
        self._paired = set(paired)

    def set_x_bounds(self, lo: float, hi: float) -> None:
        """The pannable x range."""
        self.prepareGeometryChange()
        self._x_bounds = (lo, hi)

    def boundingRect(self) -> QRectF:
        """All lanes over the pannable range."""
        lo, hi = self._x_bounds
        bottom = self._lanes[-1][2] if self._lanes else 1.0
        return QRectF(lo, 0.0, hi - lo, bottom)

    def paint(self, p: QPainter, *args: object) -> None:
        """Stripes and grid in device pixels."""
        vb = self.getViewBox()
        if vb is None:
            return
        t = p.transform()
        a, b, ay, by = t.m11(), t.m31(), t.m22(), t.m32()
        (x0, x1), _ = vb.viewRange()
        left, right = a * x0 + b, a * x1 + b
        p.resetTransform()
        theme = self._theme
        n_bottom = self._lanes[-1][2] if self._lanes else 0.0
        for s, (lane, y0, y1) in enumerate(self._lanes):
            top, bottom = ay * y0 + by, ay * y1 + by
            if lane in self._paired:
                p.fillRect(QRectF(left, top, right - left, bottom - top), theme.pair_tint)
            elif s % 2:
                p.fillRect(QRectF(left, top, right - left, bottom - top), theme.stripe)
        # vertical grid: faint at fine ticks, stronger at their context boundaries (one call per
        # pen: each drawLine() crosses into Qt on its own)
        if a > 0 and right > left:
            fine, ctx = choose_levels(a)
            y_end = ay * n_bottom + by
            for level, color in ((fine, theme.grid), (ctx, theme.grid_major)):
                if level is None:
                    continue
                xs = [round(a * d + b) + 0.5 for d in ticks_between(level, x0, x1)]
                grid = [QLineF(x, by, x, y_end) for x in xs]
                if grid:
                    p.setPen(QPen(color, 1))
                    p.drawLines(grid)
        # separators between lanes (they never touch one another, so drawn by width, not in order)
        seps: dict[int, list[QLineF]] = {1: [], 2: []}
        for s in range(1, len(self._lanes)):
            y = round(ay * self._lanes[s][1] + by) + 0.5
            strong = self._lanes[s - 1][0] in self._paired and self._lanes[s][0] not in self._paired
            seps[2 if strong else 1].append(QLineF(left, y, right, y))
        for width, lines in seps.items():
            if lines:
                p.setPen(QPen(theme.separator, width))
                p.drawLines(lines)


class LaneHeader(pg.GraphicsWidget):
    """The lane names on the left of the timeline, aligned with the lanes' slots."""

    WIDTH = 196

    def __init__(self, theme: Theme, viewbox: pg.ViewBox) -> None:
        super().__init__()
        self._theme = theme
        self._vb = viewbox
        self._lanes: list[tuple[str, str, str, int, float, float]] = []
        self._paired: set[str] = set()
        self.setFixedWidth(self.WIDTH)
        self.setAcceptHoverEvents(True)
        viewbox.sigYRangeChanged.connect(self._on_viewbox_changed)
        viewbox.sigResized.connect(self._on_viewbox_changed)

    def set_theme(self, theme: Theme) -> None:
        """Repaint with another theme."""
        self._theme = theme
        self.update()

    def set_lanes(self, lanes: list[tuple[str, str, str, int, float, float]], paired: set[str]) -> None:
        """(id, name, description, events shown, y0, y1) for each shown lane, top to bottom."""
        self._lanes = list(lanes)
        self._paired = set(paired)
        self.update()

    def _on_viewbox_changed(self, *args: object) -> None:
        self.update()

    def slot_rect(self, slot: int) -> QRectF:
        """The header rectangle of the lane shown `slot`-th from the top, in this item's coordinates."""
        v0, v1 = self._vb.viewRange()[1]
        scale = self.boundingRect().height() / max(v1 - v0, 1e-9)
        _, _, _, _, y0, y1 = self._lanes[slot]
        return QRectF(0, (y0 - v0) * scale, self.WIDTH, (y1 - y0) * scale)

    def boundingRect(self) -> QRectF:
        """The widget's own rectangle."""
        return QRectF(0, 0, self.geometry().width(), self.geometry().height())

    def paint(self, p: QPainter, *args: object) -> None:
        """Colour bar, name and event count per lane."""
        theme = self._theme
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        name_fm = QFontMetricsF(theme.bold_font)
        small_fm = QFontMetricsF(theme.small_font)
        paired_slots = [s for s, lane in enumerate(self._lanes) if lane[0] in self._paired]
        if len(paired_slots) >= 2:
            r = self.slot_rect(paired_slots[0]).united(self.slot_rect(paired_slots[-1]))
            p.fillRect(r, theme.pair_tint)
        for s, (tid, name, _desc, count, _y0, _y1) in enumerate(self._lanes):
            r = self.slot_rect(s)
            if tid not in self._paired and s % 2:
                p.fillRect(r, theme.stripe)
            color = theme.lane_color(tid)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
            inset = min(6.0, r.height() / 4)
            p.drawRoundedRect(QRectF(8, r.top() + inset, 4, max(3.0, r.height() - 2 * inset)), 2, 2)
            text_w = self.WIDTH - 30
            if r.height() < name_fm.height() + 12:
                # a short lane: its name alone, small and centred on it
                p.setFont(theme.small_font)
                p.setPen(theme.text)
                name = small_fm.elidedText(name, Qt.TextElideMode.ElideRight, text_w)
                p.drawText(QRectF(20, r.top(), text_w, r.height()), Qt.AlignmentFlag.AlignVCenter, name)
                continue
            p.setFont(theme.bold_font)
            p.setPen(theme.text)
            y = r.top() + 7
            # a long name wraps onto a second line when the lane is tall enough
            lines = 2 if r.height() >= 2 * name_fm.height() + small_fm.height() + 16 else 1
            box = QRectF(20, y, text_w, name_fm.height() * lines)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
            used = p.boundingRect(box, flags, name)
            if used.height() > box.height() + 0.5 or used.width() > text_w + 0.5:
                name = name_fm.elidedText(name, Qt.TextElideMode.ElideRight, text_w)
                used = QRectF(20, y, text_w, name_fm.height())
            p.drawText(box, flags, name)
            if r.height() >= used.height() + small_fm.height() + 14:
                p.setFont(theme.small_font)
                p.setPen(theme.muted)
                sub = f"{count:,} event{'s' if count != 1 else ''}"
                p.drawText(QRectF(20, y + used.height() + 1, text_w, small_fm.height()), 0, sub)
        if len(paired_slots) >= 2:
            r = self.slot_rect(paired_slots[0]).united(self.slot_rect(paired_slots[-1]))
            p.setPen(QPen(with_alpha(theme.highlight, 150), 1.5))
            x = 3.5
            p.drawLine(QPointF(x, r.top() + 6), QPointF(x, r.bottom() - 6))
        p.setPen(QPen(theme.separator, 1))
        x = self.WIDTH - 0.5
        p.drawLine(QPointF(x, 0), QPointF(x, self.boundingRect().height()))
        for s in range(1, len(self._lanes)):
            y = round(self.slot_rect(s).top()) + 0.5
            strong = self._lanes[s - 1][0] in self._paired and self._lanes[s][0] not in self._paired
            p.setPen(QPen(theme.separator, 2 if strong else 1))
            p.drawLine(QPointF(0, y), QPointF(self.WIDTH, y))

    def hoverMoveEvent(self, ev: QGraphicsSceneHoverEvent) -> None:
        """Explain the lane under the pointer in a tooltip."""
        for s, (_tid, name, desc, *_rest) in enumerate(self._lanes):
            if self.slot_rect(s).contains(ev.pos()):
                self.setToolTip(
                    f"<b>{escape_html(name)}</b><br>{escape_html(desc)}" if desc else literal_html(name)
                )
                return
        self.setToolTip("")

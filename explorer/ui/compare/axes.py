"""Pieces shared by the comparison's rows: a clickable x-only ViewBox, date grid lines, selection
marks and the row header on the left (a colour bar, a title and a line of explanation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen

from explorer.timeline.date_axis import choose_levels, ticks_between
from explorer.timeline.theme import Theme, with_alpha

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

HEADER_WIDTH = 164
AXIS_WIDTH = 38


class ClickViewBox(pg.ViewBox):
    """x-only pan and zoom; a left click reports its place in view coordinates and pixels."""

    clicked = Signal(float, float, object)

    def __init__(self) -> None:
        super().__init__(enableMenu=False, defaultPadding=0.0)
        self.setMouseEnabled(x=True, y=False)
        self.setMouseMode(pg.ViewBox.PanMode)
        self.disableAutoRange(axis=pg.ViewBox.XAxis)

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """Left click: emit (x, y) in view coordinates with the keyboard modifiers."""
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        p = self.mapSceneToView(ev.scenePos())
        self.clicked.emit(float(p.x()), float(p.y()), ev.modifiers())

    def px_per_day(self) -> float:
        """Horizontal pixels per day."""
        (x0, x1), _ = self.viewRange()
        return self.width() / max(x1 - x0, 1e-9)

    def px_per_unit_y(self) -> float:
        """Vertical pixels per y unit."""
        _, (y0, y1) = self.viewRange()
        return self.height() / max(y1 - y0, 1e-9)


class DateGrid(pg.GraphicsObject):
    """Vertical lines at the date axis' fine ticks (faint) and context ticks (stronger)."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.setZValue(-100)

    def boundingRect(self) -> QRectF:
        """The whole view."""
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def paint(self, p: QPainter, *args: object) -> None:
        """Grid lines in device pixels."""
        vb = self.getViewBox()
        if vb is None:
            return
        t = p.transform()
        a, b = t.m11(), t.m31()
        (x0, x1), (y0, y1) = vb.viewRange()
        top, bottom = sorted((t.m22() * y0 + t.m32(), t.m22() * y1 + t.m32()))
        p.resetTransform()
        if a <= 0:
            return
        fine, ctx = choose_levels(a)
        for level, color in ((fine, self.theme.grid), (ctx, self.theme.grid_major)):
            if level is None:
                continue
            p.setPen(QPen(color, 1))
            for d in ticks_between(level, x0, x1):
                x = round(a * d + b) + 0.5
                p.drawLine(QPointF(x, top), QPointF(x, bottom))


class SelectionMarks(pg.GraphicsObject):
    """Thin highlight lines at the anchor days of the selected events."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.days = np.zeros(0)
        self.setZValue(50)

    def set_days(self, days: np.ndarray) -> None:
        """The days to mark."""
        self.days = np.asarray(days, dtype=float)
        self.update()

    def boundingRect(self) -> QRectF:
        """The whole view."""
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def paint(self, p: QPainter, *args: object) -> None:
        """One line per selected day across the row."""
        vb = self.getViewBox()
        if vb is None or not len(self.days):
            return
        t = p.transform()
        a, b = t.m11(), t.m31()
        _, (y0, y1) = vb.viewRange()
        top, bottom = sorted((t.m22() * y0 + t.m32(), t.m22() * y1 + t.m32()))
        p.resetTransform()
        p.setPen(QPen(with_alpha(self.theme.highlight, 200), 2))
        for d in self.days.tolist():
            x = a * d + b
            p.drawLine(QPointF(x, top), QPointF(x, bottom))


def key_layout(
    keys: list[tuple[QColor, str]], metrics: QFontMetricsF, width: float
) -> list[tuple[float, float, int]]:
    """Where each key goes: (x, width, line), filling a line before starting the next."""
    out: list[tuple[float, float, int]] = []
    x, line = 0.0, 0
    for _color, name in keys:
        w = 14 + metrics.horizontalAdvance(name) + 8
        if x > 0 and x + w > width:
            x, line = 0.0, line + 1
        out.append((x, w, line))
        x += w
    return out


class RowHeader(pg.GraphicsWidget):
    """The left cell of a row: a colour bar (or swatches), a bold title and a muted line below."""

    def __init__(
        self, theme: Theme, title: str, subtitle: str = "", colors: list[QColor] | None = None
    ) -> None:
        super().__init__()
        self.theme = theme
        self.title = title
        self.subtitle = subtitle
        self.colors = colors or []
        self.keys: list[tuple[QColor, str]] = []
        self.tint: QColor | None = None
        self.setFixedWidth(HEADER_WIDTH)

    def set_text(self, title: str, subtitle: str = "") -> None:
        """Change the words."""
        self.title, self.subtitle = title, subtitle
        self.update()

    def set_keys(self, keys: list[tuple[QColor, str]]) -> None:
        """A small key under the title: coloured dots with names."""
        self.keys = keys
        self.update()

    def boundingRect(self) -> QRectF:
        """The cell."""
        g = self.geometry()
        return QRectF(0, 0, g.width(), g.height())

    def paint(self, p: QPainter, *args: object) -> None:
        """Bar, title, subtitle and key."""
        th = self.theme
        r = self.boundingRect()
        if self.tint is not None:
            p.fillRect(r, self.tint)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.colors:
            n = len(self.colors)
            h = (r.height() - 12) / n
            for i, c in enumerate(self.colors):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QBrush(c))
                p.drawRoundedRect(QRectF(8, 6 + i * h, 4, max(2.0, h - 2)), 2, 2)
        text_w = HEADER_WIDTH - 30
        bold = QFontMetricsF(th.bold_font)
        small = QFontMetricsF(th.small_font)
        y = 6.0
        p.setFont(th.bold_font)
        p.setPen(th.text)
        title = bold.elidedText(self.title, Qt.TextElideMode.ElideRight, text_w)
        p.drawText(QRectF(20, y, text_w, bold.height()), Qt.AlignmentFlag.AlignLeft, title)
        y += bold.height() + 1
        p.setFont(th.small_font)
        # The key comes before the subtitle: a short row drops words of the subtitle, never a party
        # or a series ("the West" must not vanish), and keys share a line when they fit.
        spots = key_layout(self.keys, small, text_w)
        key_h = (max((row for _, _, row in spots), default=-1) + 1) * (small.height() + 1)
        room_h = r.height() - y - key_h - 2
        if self.subtitle and room_h >= small.height():
            p.setPen(th.muted)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
            room = QRectF(20, y, text_w, room_h)
            used = p.boundingRect(room, flags, self.subtitle)
            if used.height() > room.height():  # one line, elided, rather than a cut-off second line
                line = small.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, text_w)
                p.drawText(QRectF(20, y, text_w, small.height()), Qt.AlignmentFlag.AlignLeft, line)
                used = QRectF(0, 0, text_w, small.height())
            else:
                p.drawText(room, flags, self.subtitle)
            y += min(used.height(), room.height()) + 3
        for (color, name), (x, _w, row) in zip(self.keys, spots, strict=True):
            ky = y + row * (small.height() + 1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
            p.drawEllipse(QPointF(20 + x + 5, ky + small.height() / 2), 4, 4)
            p.setPen(th.text)
            label = small.elidedText(name, Qt.TextElideMode.ElideRight, text_w - x - 14)
            p.drawText(
                QRectF(20 + x + 14, ky, text_w - x - 14, small.height()), Qt.AlignmentFlag.AlignLeft, label
            )
        p.setPen(QPen(th.separator, 1))
        p.drawLine(QPointF(r.right() - 0.5, 0), QPointF(r.right() - 0.5, r.height()))

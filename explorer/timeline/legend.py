"""The legend strip: what each kind of mark on the timeline means."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QGradient,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from explorer.timeline.theme import Theme, theme_from_palette, with_alpha

ENTRIES = (
    ("exact", "exact day"),
    ("approx", "approximate (band: every possible day)"),
    ("period", "period (faint: uncertain ends)"),
    ("open", "open-ended"),
    ("shared", "also on another lane"),
    ("density", "density"),
    ("selected", "selected"),
)


class LegendStrip(QWidget):
    """A one-line key to the marks, drawn with the timeline's own colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineLegend")
        self.theme: Theme = theme_from_palette(self.palette())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("How the timeline draws dates of different certainty")

    def sizeHint(self) -> QSize:
        """One line of small text."""
        return QSize(900, int(QFontMetricsF(self.theme.small_font).height() + 12))

    def changeEvent(self, ev: QEvent) -> None:
        """Follow palette changes."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange:
            self.theme = theme_from_palette(self.palette())
            self.update()

    def paintEvent(self, ev: QPaintEvent) -> None:
        """Sample glyph and words for each entry, left to right, as many as fit."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        theme = self.theme
        p.fillRect(self.rect(), theme.background)
        p.setPen(QPen(theme.separator, 1))
        p.drawLine(QPointF(0, self.height() - 0.5), QPointF(self.width(), self.height() - 0.5))
        fm = QFontMetricsF(theme.small_font)
        p.setFont(theme.small_font)
        color = theme.muted
        y = self.height() / 2.0
        x = 12.0
        for kind, words in ENTRIES:
            glyph_w = 34.0
            text_w = fm.horizontalAdvance(words)
            if x + glyph_w + text_w > self.width() - 8:
                break
            self._glyph(p, kind, QRectF(x, y - 7, glyph_w - 8, 14), color)
            p.setPen(theme.muted)
            p.drawText(
                QRectF(x + glyph_w - 2, 0, text_w + 2, self.height()), Qt.AlignmentFlag.AlignVCenter, words
            )
            x += glyph_w + text_w + 22
        p.end()

    def _glyph(self, p: QPainter, kind: str, r: QRectF, color: QColor) -> None:
        theme = self.theme
        c = r.center()
        if kind == "exact":
            p.setPen(QPen(color.darker(135), 1.2))
            p.setBrush(QBrush(color))
            p.drawEllipse(c, 5, 5)
        elif kind == "approx":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(with_alpha(color, 60)))
            p.drawRect(QRectF(r.left(), c.y() - 4, r.width(), 8))
            p.setPen(QPen(with_alpha(color, 170), 1))
            p.drawLine(QPointF(r.left(), c.y() - 5), QPointF(r.left(), c.y() + 5))
            p.drawLine(QPointF(r.right(), c.y() - 5), QPointF(r.right(), c.y() + 5))
            p.setPen(QPen(color, 1.8))
            p.setBrush(QBrush(theme.background))
            p.drawEllipse(c, 4.4, 4.4)
        elif kind == "period":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(with_alpha(color, 45)))
            p.drawRect(r)
            p.setPen(QPen(color, 1))
            p.setBrush(QBrush(with_alpha(color, 90)))
            p.drawRect(r.adjusted(6, 0, -6, 0))
        elif kind == "open":
            g = QLinearGradient(0, 0, 1, 0)
            g.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
            g.setColorAt(0, with_alpha(color, 160))
            g.setColorAt(1, with_alpha(color, 0))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(g))
            p.drawRect(r)
        elif kind == "shared":
            # the lanes' marker for an event on several lanes: two small squares at the mark's upper right
            p.setPen(QPen(color.darker(135), 1.2))
            p.setBrush(QBrush(color))
            p.drawEllipse(c, 5, 5)
            p.setPen(QPen(color, 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(c.x() + 3, c.y() - 8, 5, 5))
            p.drawRect(QRectF(c.x() + 1, c.y() - 6, 5, 5))
        elif kind == "density":
            p.setPen(QPen(with_alpha(color, 200), 1))
            p.setBrush(QBrush(with_alpha(color, 110)))
            heights = (4, 9, 13, 7, 11, 5)
            w = r.width() / len(heights)
            for i, h in enumerate(heights):
                p.drawRect(QRectF(r.left() + i * w, r.bottom() - h, w, h))
        elif kind == "selected":
            p.setPen(QPen(theme.highlight, 2.2))
            p.setBrush(QBrush(with_alpha(theme.highlight, 60)))
            p.drawEllipse(c, 7, 7)
            p.setPen(QPen(color.darker(135), 1.2))
            p.setBrush(QBrush(color))
            p.drawEllipse(c, 4.2, 4.2)

"""The comparison as a figure for a report: a title, the lead/lag sentence, the charts with their
legends, Table two and the attribution line, as a PNG (at twice the screen's resolution, so it stays
crisp when printed) or an SVG of vector shapes and text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from explorer.store.atomic import write_atomic

#: Device pixels per screen pixel in a PNG.
PNG_SCALE = 2.0


def figure_rect(view: QWidget, top: QWidget, bottom: QWidget) -> QRect:
    """The part of the view from the top of one child to the bottom of another."""
    a = top.mapTo(view, QPoint(0, 0))
    b = bottom.mapTo(view, QPoint(0, bottom.height()))
    return QRect(QPoint(0, a.y()), QPoint(view.width() - 1, b.y() - 1))


#: Space around the title and the attribution line, in screen pixels.
MARGIN = 8


class _Frame:
    """The title above the view's part and the attribution below it: fonts, heights and the whole size."""

    def __init__(self, view: QWidget, rect: QRect, title: str, attribution: str) -> None:
        self.title, self.attribution, self.rect = title, attribution, rect
        self.title_font = QFont(view.font())
        self.title_font.setBold(True)
        self.title_font.setPointSizeF(self.title_font.pointSizeF() * 1.35)
        self.small_font = QFont(view.font())
        self.small_font.setPointSizeF(self.small_font.pointSizeF() * 0.9)
        width = rect.width() - 2 * MARGIN
        self.title_h = self._height(self.title_font, title, width)
        self.attribution_h = self._height(self.small_font, attribution, width)

    @staticmethod
    def _height(font: QFont, text: str, width: int) -> int:
        if not text:
            return 0
        box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), _WRAP, text)
        return box.height() + 2 * MARGIN

    @property
    def size(self) -> QSize:
        """The whole figure's size in screen pixels."""
        return QSize(self.rect.width(), self.title_h + self.rect.height() + self.attribution_h)

    def paint(self, view: QWidget, painter: QPainter) -> None:
        """Title, the view's part, then the attribution (each as text, so an SVG has <text> elements)."""
        painter.fillRect(QRect(QPoint(0, 0), self.size), view.palette().window())
        width = self.rect.width() - 2 * MARGIN
        painter.setPen(view.palette().windowText().color())
        if self.title:
            painter.setFont(self.title_font)
            painter.drawText(QRect(MARGIN, MARGIN, width, self.title_h - 2 * MARGIN), _WRAP, self.title)
        view.render(painter, QPoint(0, self.title_h), QRegion(self.rect))
        if self.attribution:
            painter.setFont(self.small_font)
            painter.setPen(view.palette().placeholderText().color())
            top = self.title_h + self.rect.height() + MARGIN
            painter.drawText(
                QRect(MARGIN, top, width, self.attribution_h - 2 * MARGIN), _WRAP, self.attribution
            )


_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)


def write_figure(
    view: QWidget, rect: QRect, path: Path | str, title: str = "", attribution: str = ""
) -> Path:
    """Draw that part of the view, with a title above and an attribution below, into a .png or .svg file
    (written atomically)."""
    target = Path(path)
    frame = _Frame(view, rect, title, attribution)
    size = frame.size
    if target.suffix.lower() == ".svg":

        def write_svg(tmp: Path) -> None:
            gen = QSvgGenerator()
            gen.setFileName(str(tmp))
            gen.setSize(size)
            gen.setViewBox(QRect(QPoint(0, 0), size))
            gen.setTitle(title or "Neutrality Explorer: comparison")
            if attribution:
                gen.setDescription(attribution)
            painter = QPainter(gen)
            frame.paint(view, painter)
            painter.end()

        return write_atomic(target, write_svg)

    def write_png(tmp: Path) -> None:
        image = QImage(QSize(round(size.width() * PNG_SCALE), round(size.height() * PNG_SCALE)), _ARGB)
        image.fill(QColor("white"))
        image.setDevicePixelRatio(PNG_SCALE)
        painter = QPainter(image)
        frame.paint(view, painter)
        painter.end()
        # the stub types the format as bytes, but PySide6 refuses bytes at run time (ValueError): str it is
        if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"the PNG could not be written to {tmp}")

    return write_atomic(target, write_png)


_ARGB = QImage.Format.Format_ARGB32

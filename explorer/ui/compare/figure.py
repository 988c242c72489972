"""The comparison as a figure for a report: the lead/lag sentence, the charts and Table two, as a
PNG (at twice the screen's resolution, so it stays crisp when printed) or an SVG of vector shapes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from explorer.formats.atomic import write_atomic

#: Device pixels per screen pixel in a PNG.
PNG_SCALE = 2.0


def figure_rect(view: QWidget, top: QWidget, bottom: QWidget) -> QRect:
    """The part of the view from the top of one child to the bottom of another."""
    a = top.mapTo(view, QPoint(0, 0))
    b = bottom.mapTo(view, QPoint(0, bottom.height()))
    return QRect(QPoint(0, a.y()), QPoint(view.width() - 1, b.y() - 1))


def _paint(view: QWidget, painter: QPainter, rect: QRect) -> None:
    painter.fillRect(QRect(QPoint(0, 0), rect.size()), view.palette().window())
    view.render(painter, QPoint(0, 0), QRegion(rect))


def write_figure(view: QWidget, rect: QRect, path: Path | str) -> Path:
    """Draw that part of the view into a .png or .svg file (written atomically)."""
    target = Path(path)
    if target.suffix.lower() == ".svg":

        def write_svg(tmp: Path) -> None:
            gen = QSvgGenerator()
            gen.setFileName(str(tmp))
            gen.setSize(rect.size())
            gen.setViewBox(QRect(QPoint(0, 0), rect.size()))
            gen.setTitle("Neutrality Explorer: comparison")
            painter = QPainter(gen)
            _paint(view, painter, rect)
            painter.end()

        return write_atomic(target, write_svg)

    def write_png(tmp: Path) -> None:
        size = QSize(round(rect.width() * PNG_SCALE), round(rect.height() * PNG_SCALE))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        image.setDevicePixelRatio(PNG_SCALE)
        painter = QPainter(image)
        _paint(view, painter, rect)
        painter.end()
        # the stub types the format as bytes, but PySide6 refuses bytes at run time (ValueError): str it is
        if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"the PNG could not be written to {tmp}")

    return write_atomic(target, write_png)

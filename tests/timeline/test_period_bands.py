"""Overlapping period bands filled once per stretch look exactly like the bands filled one by one."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.timeline.annotation_overlays import composite_bands


def _paint(fills: list[tuple[float, float, QColor]]) -> QImage:
    image = QImage(120, 4, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#f4f1ea"))
    p = QPainter(image)
    for x0, x1, color in fills:
        p.fillRect(QRectF(x0, 0, x1 - x0, 4), color)
    p.end()
    return image


def test_overlapping_bands_composite_to_what_one_by_one_fills_show():
    bands = [
        (10.0, 70.0, QColor(200, 40, 40, 42)),
        (30.0, 100.0, QColor(40, 90, 200, 42)),
        (50.0, 60.0, QColor(20, 160, 60, 58)),
        (50.0, 60.0, QColor(20, 160, 60, 58)),  # the same band twice: twice as dense, as before
    ]
    stretches = composite_bands(bands)
    assert len(stretches) < 2 * len(bands)  # each stretch is filled once
    assert all(a[1] <= b[0] for a, b in zip(stretches, stretches[1:], strict=False))  # disjoint
    one_by_one, at_once = _paint(bands), _paint(stretches)
    for x in range(120):
        want, got = one_by_one.pixelColor(x, 1), at_once.pixelColor(x, 1)
        rgb_want, rgb_got = (want.red(), want.green(), want.blue()), (got.red(), got.green(), got.blue())
        assert max(abs(a - b) for a, b in zip(rgb_want, rgb_got, strict=True)) <= 2, (
            x,
            want.name(),
            got.name(),
        )

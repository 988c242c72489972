"""Period bands: overlapping ones filled once per stretch, and all stretches drawn as one strip, look exactly as filled one by one."""

from __future__ import annotations

import numpy as np
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


def test_bands_drawn_as_one_stretched_strip_look_as_filled_stretch_by_stretch(
    qtbot, generated_window, monkeypatch
):
    from pointing import zoom

    from explorer.timeline import annotation_overlays

    session = generated_window.timeline.session
    # overlapping periods, a band wider than the view and one at fractional pixel edges
    session.annotations.add_period("Cold war", "1947/1991", color="#3a6ea5")
    session.annotations.add_period("Détente", "1969/1979", color="#c0392b")
    session.annotations.add_period("Oil crisis", "1973-10/1974-03", color="#27ae60")
    session.annotations.add_period("Long", "1900/2100", color="#8e44ad")
    tl = generated_window.timeline
    zoom(qtbot, tl, "1960-01-01", "1985-06-17")
    fills, draws = [], []
    stretch = annotation_overlays.PeriodBands._fill_stretches

    def counted(bands, p, stretches, top, bottom):
        draws.append(len(stretches))
        stretch(bands, p, stretches, top, bottom)

    monkeypatch.setattr(annotation_overlays.PeriodBands, "_fill_stretches", counted)
    at_once = tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert draws and max(draws) >= 4, "the test needs several stretches of bands in view"

    def one_by_one(bands, p, stretches, top, bottom):
        for x0, x1, color in stretches:
            fills.append(x0)
            p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), color)

    monkeypatch.setattr(annotation_overlays.PeriodBands, "_fill_stretches", one_by_one)
    filled = tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert fills, "the bands were not drawn"
    assert at_once == filled  # pixel for pixel
    monkeypatch.setattr(annotation_overlays.PeriodBands, "_fill_stretches", lambda *a: None)
    assert tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32) != filled  # the bands show


def test_dashed_edges_copied_from_one_stroke_look_as_stroked_one_by_one(qtbot, generated_window, monkeypatch):
    from pointing import zoom
    from PySide6.QtCore import QPointF

    from explorer.timeline import annotation_overlays

    session = generated_window.timeline.session
    session.annotations.add_period("Cold war", "1947/1991", color="#3a6ea5")
    session.annotations.add_period("Détente", "1969/1979", color="#c0392b")
    session.annotations.add_period("Oil crisis", "1973-10/1974-03", color="#27ae60")
    session.annotations.add_period("Embargo", "1973-10-17/1974-03-18", color="#27ae60")
    tl = generated_window.timeline
    # a range whose day edges fall at fractional pixels, and lanes of a fractional height
    zoom(qtbot, tl, "1966-02-03", "1981-07-19")
    stroked: list[float] = []

    def one_by_one(bands, p, edges, top, bottom):
        for x, pen in edges:
            stroked.append(x)
            p.setPen(pen)
            p.drawLine(QPointF(round(x) + 0.5, top), QPointF(round(x) + 0.5, bottom))

    copied = tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    monkeypatch.setattr(annotation_overlays.PeriodBands, "_draw_edges", one_by_one)
    by_hand = tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert len(stroked) >= 6, "the test needs several edges in view"
    assert copied == by_hand  # pixel for pixel
    monkeypatch.setattr(annotation_overlays.PeriodBands, "_draw_edges", lambda *a: None)
    assert tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32) != by_hand  # the edges show


def test_period_names_drawn_from_laid_out_text_sit_where_drawtext_puts_them(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetricsF, QStaticText

    from explorer.timeline.annotation_overlays import pill_text_origin

    font = QFont()
    font.setPointSizeF(8.0)
    font.setBold(True)
    fm = QFontMetricsF(font)

    def drawn(name: str, left: float, top: float, static: bool) -> QImage:
        image = QImage(220, 30, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(font)
        p.setPen(QColor("#202020"))
        box = QRectF(left, top, fm.horizontalAdvance(name) + 12, fm.height() + 3)
        if static:
            st = QStaticText(name)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=font)
            p.drawStaticText(pill_text_origin(box, fm), st)
        else:
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        p.end()
        return image

    blank = drawn("", 0.0, 0.0, False)
    for name in ("Cold war", "Détente", "Oil crisis", "The long 1970s (1969-1981)", "I"):
        for left in (3.0, 10.25, 17.5, 40.99999999999999, 63.015625, 81.7):
            for top in (2.0, 5.5, 7.3):
                reference = drawn(name, left, top, static=False)
                assert reference != blank
                assert drawn(name, left, top, static=True) == reference, (name, left, top)


def test_a_few_bands_give_the_stretches_the_many_band_path_gives(monkeypatch):
    from explorer.timeline import annotation_overlays

    rng = np.random.default_rng(5)
    colors = [QColor(200, 40, 40, 42), QColor(40, 90, 200, 42), QColor(20, 160, 60, 58), QColor(0, 0, 0, 0)]
    cases = []
    for n in range(1, annotation_overlays.FEW_BANDS + 1):
        for _ in range(40):
            x0 = rng.choice([0.0, 10.0, 10.5, 33.25, 70.0], size=n) + rng.integers(0, 3, size=n)
            w = rng.choice([0.5, 1.0, 20.0, 60.0], size=n)
            cases.append(
                [
                    (float(a), float(b), colors[int(c)])
                    for a, b, c in zip(x0, x0 + w, rng.integers(0, 4, size=n), strict=True)
                ]
            )
    few = [composite_bands(bands) for bands in cases]
    monkeypatch.setattr(annotation_overlays, "FEW_BANDS", 0)
    many = [composite_bands(bands) for bands in cases]
    assert [[(a, b, c.rgba()) for a, b, c in s] for s in few] == [
        [(a, b, c.rgba()) for a, b, c in s] for s in many
    ]
    assert any(len(s) > 2 for s in few)

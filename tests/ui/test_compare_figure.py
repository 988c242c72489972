"""The comparison's Figure button: a PNG and an SVG with a title, the legends and the attribution as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def compare(qtbot, window):
    """The window with the comparison brought up through its menu action."""
    window.menu_actions["compare"].trigger()
    view = window.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    return view


def _save_as(qtbot, compare, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(compare.exported):
        qtbot.mouseClick(compare.figure_button, Qt.MouseButton.LeftButton)
    assert path.is_file()


def test_the_svg_figure_has_its_title_legends_and_attribution_as_text(
    qtbot, compare, monkeypatch, tmp_path: Path
) -> None:
    out = tmp_path / "comparison.svg"
    _save_as(qtbot, compare, monkeypatch, out)
    texts = [t.text or "" for t in ET.parse(out).getroot().iter(f"{SVG}text")]
    title = re.fullmatch(r"Foreign policy vs National security, (\d{4})–(\d{4})", texts[0])
    assert title, f"the title comes first: {texts[0]!r}"
    assert int(title[1]) <= 1992 and int(title[2]) >= 2016, "the years the charts show"
    assert {"foreign-policy", "security"} <= set(texts), "the cumulative count's legend"
    assert {"low", "mediate / middle", "middle to high", "high"} <= set(texts), "Table two's colour legend"
    assert {"Belarus", "Russia", "the West"} <= set(texts), "the importance row's legend"
    credit = " ".join(texts[-3:])
    assert "Bohdan and Gumer Isaev" in credit and "2016" in credit, "the paper is credited"
    assert "belarusdigest.com/papers/belarusneutrality.pdf" in credit
    assert "Neutrality Explorer" in credit
    assert texts.index(next(t for t in texts if "Bohdan" in t)) > texts.index("Table two"), "below the figure"


def test_the_png_figure_has_a_title_band_and_an_attribution_band(
    qtbot, compare, monkeypatch, tmp_path: Path
) -> None:
    out = tmp_path / "comparison.png"
    _save_as(qtbot, compare, monkeypatch, out)
    image = QImage(str(out))
    assert not image.isNull()
    from explorer.ui.compare.figure import PNG_SCALE, figure_rect

    body = figure_rect(compare, compare.sentence, compare.split)
    extra = image.height() / PNG_SCALE - body.height()
    assert extra > 2 * compare.fontMetrics().height(), "room above and below the view's part"
    background = compare.palette().window().color()

    def inked(y0: int, y1: int) -> int:
        step = 3
        return sum(
            1
            for y in range(y0, y1, step)
            for x in range(0, image.width(), step)
            if _far(QColor(image.pixel(x, y)), background)
        )

    title_band = round(compare.fontMetrics().height() * 1.5 * PNG_SCALE)
    assert inked(0, title_band) > 50, "the title is drawn at the top"
    bottom = image.height()
    assert inked(bottom - title_band, bottom) > 50, "the attribution is drawn at the bottom"


def _far(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 120

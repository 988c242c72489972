"""View > Theme: Light and Dark applied to the whole app, remembered, and legible: label text on the
lane colours the timeline actually paints reaches WCAG AA (4.5:1), as do tags, periods and Table two."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from annotation_gui import show_window
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from explorer.store.annotations import DEFAULT_PERIOD_COLOR, TAG_PALETTE
from explorer.timeline.annotation_overlays import PILL_ALPHA, band_label_color
from explorer.timeline.theme import with_alpha
from explorer.ui.compare.heatmap import SCALE, readable_on
from explorer.ui.themes import apply_theme, contrast_ratio, over, relative_luminance

AA = 4.5


@pytest.fixture(autouse=True)
def back_to_system():
    yield
    apply_theme("system")


def _near(a: QColor, b: QColor, tol: int) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < tol


def _fills_under(image: QImage, rect: QRect, ink: QColor) -> list[QColor]:
    """The colours that cover a real share (5 %) of a label's box, less the text's own: what its text is read on."""
    seen: Counter[int] = Counter()
    for y in range(rect.top() + 2, rect.bottom() - 1):
        for x in range(rect.left() + 1, rect.right()):
            if image.valid(x, y):
                seen[image.pixel(x, y)] += 1
    total = sum(seen.values())
    fills = [QColor.fromRgb(rgb) for rgb, n in seen.items() if n >= 0.05 * total]
    return [c for c in fills if not _near(c, ink, 40)]


def _check_lanes(win) -> dict[str, float]:
    """Per track, the worst contrast between a period label's pen (as the timeline chose it) and the fills under it."""
    tl = win.timeline
    image = tl.viewport().grab().toImage()
    worst: dict[str, float] = {}
    s = win.session
    for eid in s.columns.ids.tolist():
        ev = s.events.get(str(eid))
        if "/" not in ev.date:
            continue
        rect, ink = tl.label_rect(str(eid)), tl.label_color(str(eid))
        if rect is None or ink is None or rect.width() < 30:
            continue
        # the pen the timeline reports is the one it painted with: some text pixels have that colour
        text_px = [
            (x, y)
            for y in range(rect.top(), rect.bottom())
            for x in range(rect.left(), rect.right())
            if image.valid(x, y) and _near(image.pixelColor(x, y), ink, 40)
        ]
        assert text_px, f"no pixel of the label of {eid} in its reported colour {ink.name()}"
        for fill in _fills_under(image, rect, ink):
            worst[ev.track] = min(worst.get(ev.track, 99.0), contrast_ratio(ink, fill))
    return worst


@pytest.mark.parametrize("name", ["light", "dark"])
def test_theme_applies_everywhere_is_remembered_and_its_colours_reach_aa(
    qtbot, db_path: Path, name: str
) -> None:
    win = show_window(qtbot, db_path)
    win.zoom_to("1994-01-01", "2002-12-31")
    win.themes.menu.actions()[list(win.themes.actions).index(name)].trigger()
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    assert (relative_luminance(base) < 0.2) == (name == "dark")
    wanted = QApplication.palette().color(QPalette.ColorRole.Highlight)
    # the palette reaches the widgets as posted PaletteChange events
    qtbot.waitUntil(
        lambda: all(w.theme.highlight == wanted for w in (win.timeline, win.overview, win.legend)),
        timeout=3000,
    )
    assert win.timeline.theme.dark == win.overview.theme.dark == win.legend.theme.dark == (name == "dark")
    assert win.settings.value("view/theme") == name
    assert win.themes.actions[name].isChecked()
    # the painted background follows the theme
    image = win.timeline.viewport().grab().toImage()
    assert (
        relative_luminance(image.pixelColor(image.width() - 5, image.height() - 5)) < 0.2
        if name == "dark"
        else True
    )
    theme = win.timeline.theme
    assert contrast_ratio(theme.text, theme.background) >= 7
    assert contrast_ratio(theme.highlight_text, theme.highlight) >= AA  # a selected label
    assert contrast_ratio(theme.muted, theme.background) >= AA  # the axis and the counts
    # tag chips (palette text over the tag colour at alpha 70) and the heatmap's cells
    pal = QApplication.palette()
    for hexcolor in TAG_PALETTE:
        c = QColor(hexcolor)
        c.setAlpha(70)
        assert (
            contrast_ratio(pal.color(QPalette.ColorRole.Text), over(c, pal.color(QPalette.ColorRole.Base)))
            >= AA
        )
    for _score, hexcolor in SCALE:
        cell = QColor(hexcolor)
        assert contrast_ratio(readable_on(cell, QColor("#1a1208"), QColor("#ffffff")), cell) >= AA
        cell.setAlpha(70)
        assert (
            contrast_ratio(pal.color(QPalette.ColorRole.Text), over(cell, pal.color(QPalette.ColorRole.Base)))
            >= AA
        )
    # the default period colour's band label (dark text on it)
    assert contrast_ratio(QColor("#1d1d1d"), QColor(DEFAULT_PERIOD_COLOR)) >= AA


@pytest.mark.parametrize("name", ["light", "dark"])
def test_lane_labels_on_the_painted_lane_colours_reach_aa(qtbot, db_path: Path, name: str) -> None:
    win = show_window(qtbot, db_path)
    win.zoom_to("1994-01-01", "2002-12-31")
    win.themes.choose(name)
    wanted = QApplication.palette().color(QPalette.ColorRole.Highlight)
    qtbot.waitUntil(lambda: win.timeline.theme.highlight == wanted, timeout=3000)
    worst = _check_lanes(win)
    assert len(worst) >= 3, f"too few period labels found to measure: {worst}"
    assert min(worst.values()) >= AA, worst


@pytest.mark.parametrize("name", ["light", "dark"])
def test_period_band_names_reach_aa_on_every_tag_colour(qtbot, db_path: Path, name: str) -> None:
    win = show_window(qtbot, db_path)
    win.themes.choose(name)
    wanted = QApplication.palette().color(QPalette.ColorRole.Highlight)
    qtbot.waitUntil(lambda: win.timeline.theme.highlight == wanted, timeout=3000)
    background = win.timeline.theme.background
    for hexcolor in (*TAG_PALETTE, DEFAULT_PERIOD_COLOR):
        plate = over(with_alpha(QColor(hexcolor), PILL_ALPHA), background)
        assert contrast_ratio(band_label_color(QColor(hexcolor), background), plate) >= AA, hexcolor


def test_the_remembered_theme_is_applied_to_a_new_window(qtbot, db_path: Path) -> None:
    win = show_window(qtbot, db_path)
    win.themes.choose("dark")
    apply_theme("system")
    QApplication.processEvents()
    assert relative_luminance(QApplication.palette().color(QPalette.ColorRole.Base)) > 0.5
    second = show_window(qtbot, db_path)
    assert second.themes.actions["dark"].isChecked()
    assert relative_luminance(QApplication.palette().color(QPalette.ColorRole.Base)) < 0.2

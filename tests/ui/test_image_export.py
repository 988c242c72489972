"""PNG and SVG pictures of the timeline from the export dialog: the requested size, not blank, a title
and the paper's attribution; the SVG is valid XML with event titles as <text> and marks as shapes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from export_helpers import open_dialog, rubber_band
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from explorer.ui.dialogs.export_dialog import ExportDialog
from explorer.ui.image_export import ImageOptions, render_image, size_presets

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def export_image(qtbot, window, tmp_path, monkeypatch):
    """Export through File > Export Selection with a format, a size preset and optionally a custom size."""

    def run(fmt: str, preset: str, size: tuple[int, int] | None = None, title: str = ""):
        target = tmp_path / f"picture.{fmt}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        window.menu_actions["export_selection"].trigger()
        dialog = open_dialog(qtbot, window, ExportDialog)
        dialog.set_format(fmt)
        dialog.size_combo.setCurrentIndex(dialog.size_combo.findData(preset))
        if size is not None:
            dialog.width_spin.setValue(size[0])
            dialog.height_spin.setValue(size[1])
        if title:
            qtbot.keyClicks(dialog.title_edit, title)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(target.exists)
        return target

    return run


def colours(image: QImage, n: int = 120) -> int:
    small = image.scaled(n, n)
    return len({small.pixel(x, y) for x in range(n) for y in range(n)})


def test_png_has_the_requested_custom_size_and_is_not_blank(qtbot, window, export_image):
    path = export_image("png", "custom", (1000, 640))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 640)
    assert colours(image) > 60, "the picture is not blank"


def test_png_for_print_is_a4_at_300_dpi(qtbot, window, export_image):
    image = QImage(str(export_image("png", "a4")))
    assert (image.width(), image.height()) == (3508, 2480)
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    assert colours(image) > 60


def test_svg_is_xml_with_the_titles_of_the_visible_events_as_text(qtbot, window, export_image):
    chosen = rubber_band(qtbot, window)
    path = export_image("svg", "slide", title="Belarus between East and West")
    root = ET.parse(path).getroot()
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "Belarus between East and West" in texts
    assert any(t.startswith("Data: Siarhei Bohdan and Gumer Isaev") for t in texts), "the paper is credited"
    session = window.session
    titles = {session.events.get(e).title for e in session.columns.ids[session.shown_mask()].tolist()}
    full = [t for t in texts if t in titles]
    assert len(full) >= 5, "event titles are written as text, not drawn as outlines"
    selected_titles = {session.events.get(e).title for e in chosen}
    elided_or_full = [
        t for t in texts if any(s.startswith(t.rstrip("…")) for s in selected_titles) and len(t) > 3
    ]
    assert elided_or_full, "the selected events are labelled"
    assert not list(root.iter(f"{SVG}image")), "marks are shapes, not bitmaps"
    assert root.get("viewBox") == "0 0 1280 720"


def test_the_image_does_not_change_the_window_view(qtbot, window, export_image):
    window.zoom_to("1990-01-01", "2000-01-01")
    before = window.timeline.visible_range()
    export_image("png", "slide")
    assert window.timeline.visible_range() == pytest.approx(before)


def test_presets_cover_slides_print_the_window_and_custom(qtbot, window):
    presets = {p.key: p for p in size_presets(window.timeline.size())}
    assert (presets["slide"].width, presets["slide"].height) == (1920, 1080)
    assert (presets["a4"].width, presets["a4"].height, presets["a4"].dpi) == (3508, 2480, 300.0)
    assert (presets["window"].width, presets["window"].height) == window.timeline.size().toTuple()
    assert "custom" in presets


def test_a_thumbnail_is_the_same_picture_scaled_down(qtbot, window):
    opts = ImageOptions(1920, 1080, 144.0, "Title", "Sub", "Data: x")
    thumb = render_image(window.timeline, opts, 480)
    assert (thumb.width(), thumb.height()) == (480, 270)
    assert colours(thumb) > 30


def test_the_picture_has_the_users_periods_and_links_and_the_svgs_own_size_is_reported(
    qtbot, window, export_image
):
    """What the timeline draws over the lanes is in the picture too; the status bar gives the SVG's size."""
    edits = window.session.annotations
    edits.add_period("Airbase talks", "2013-04/2015-10")
    edits.add_link(
        "sco-observer-status-2015", "turkish-russian-relations-sour-over-syria-2015", "response to"
    )
    window.timeline.zoom_to(*window.timeline.visible_range())  # (unchanged: the whole corpus is in view)
    text = export_image("svg", "slide").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any(t.startswith("Airbase talks") for t in texts), "the period's name is drawn"
    assert 'stroke="#2d7dd2"' in text, "the link is drawn in the colour of its type"
    w, h = root.get("viewBox").split()[2:]
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Saved a {w} × {h} SVG ("), message
    assert root.get("width").endswith("mm") and f"{float(root.get('width')[:-2]):.0f} ×" in message


def test_without_periods_and_links_the_picture_has_neither(qtbot, window, export_image):
    text = export_image("svg", "slide").read_text(encoding="utf-8")
    assert 'stroke="#2d7dd2"' not in text
    assert "Airbase talks" not in text

"""The app icon: the SVG and the committed PNG renders that installing copies without Qt."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from explorer.commands.install_desktop import ICON_SIZES
from explorer.resources import resource, resources_dir

APP = "neutrality-explorer"
SVG = resource(f"icons/{APP}.svg")


def png_header(path: Path) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) from a PNG's IHDR chunk."""
    data = path.read_bytes()[:29]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def png_path(size: int) -> Path:
    """The committed render at one size."""
    return resources_dir() / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP}.png"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_committed_png_is_square_rgba_at_its_folder_size(size: int) -> None:
    assert png_header(png_path(size)) == (size, size, 8, 6)


def test_svg_is_square_and_uses_both_lane_colours() -> None:
    root = ET.parse(SVG).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 64 64"
    fills = {el.get("fill") for el in root.iter()}
    assert {"#2f6fb3", "#c0503a"} <= fills


@pytest.mark.parametrize("size", [16, 48, 256])
def test_committed_pngs_match_a_fresh_render_of_the_svg(size: int, qapp: object) -> None:
    """Fails when the SVG changed but scripts/render_icons.py was not run again."""
    # pytest-qt's qapp: a QApplication, so that later widget tests do not meet a bare QGuiApplication.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    fresh = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    fresh.fill(Qt.GlobalColor.transparent)
    painter = QPainter(fresh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter, QRectF(0, 0, size, size))
    painter.end()

    def pixels(image: QImage) -> np.ndarray:
        image = image.convertToFormat(QImage.Format.Format_RGBA8888)
        return np.frombuffer(image.constBits(), np.uint8, size * size * 4).astype(int).reshape(size, size, 4)

    committed = QImage(str(png_path(size)))
    difference = np.abs(pixels(fresh) - pixels(committed))
    # Tolerant of anti-aliasing differences between Qt versions, not of a changed drawing.
    assert difference.mean() < 1.0 and (difference > 64).mean() < 0.01

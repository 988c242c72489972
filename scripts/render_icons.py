#!/usr/bin/env python3
"""Render resources/icons/neutrality-explorer.svg to the PNG sizes committed under resources/icons/hicolor.

Run after changing the SVG:  QT_QPA_PLATFORM=offscreen python scripts/render_icons.py
The PNGs are committed so that installing (and `neutrality install-desktop`) never needs Qt to draw them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "neutrality-explorer"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, target: Path) -> None:
    """Draw the SVG into a transparent size x size PNG."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(target), "PNG"):
        raise SystemExit(f"render_icons: could not write {target}.")


def main(argv: list[str] | None = None) -> int:
    """Render every size and report the files written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=ICONS / f"{NAME}.svg", help="the source SVG")
    parser.add_argument("--out", type=Path, default=ICONS / "hicolor", help="the hicolor folder to fill")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = args.out / f"{size}x{size}" / "apps" / f"{NAME}.png"
        render(args.svg, size, target)
        print(f"Wrote {target} ({target.stat().st_size} bytes).")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""PNG and SVG pictures of the current timeline view, with a title, a key and the paper's attribution.

The picture is laid out in logical pixels (96 per inch) and drawn by a fresh TimelineView made for
it offscreen, so the lanes are laid out for the picture's own size rather than stretched from the
window; a PNG is painted at `scale` device pixels per logical pixel (crisp text and marks at any
size), an SVG is written by QSvgGenerator as vector shapes and <text> elements.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPalette, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from explorer.store.atomic import write_atomic
from explorer.timeline.annotation_overlays import LinkCurves, PeriodBands
from explorer.timeline.legend import LegendStrip
from explorer.timeline.theme import Theme, theme_from_palette
from explorer.timeline.view import Z_LINKS, Z_PERIODS, TimelineView

REFERENCE_DPI = 96.0
IMAGE_FORMATS = {
    "png": ("PNG image of the timeline view", ".png"),
    "svg": ("SVG image of the timeline view", ".svg"),
}


@dataclass(frozen=True)
class SizePreset:
    """A named picture size: pixels, and how many pixels a logical pixel becomes (its dpi / 96)."""

    key: str
    label: str
    width: int
    height: int
    dpi: float = REFERENCE_DPI

    @property
    def scale(self) -> float:
        """Device pixels per logical pixel."""
        return self.dpi / REFERENCE_DPI


def custom_dpi(width: int, height: int) -> float:
    """A dpi that gives a custom size about the text size of a 1280 x 720 layout (never below 96)."""
    return REFERENCE_DPI * max(1.0, min(4.0, min(width / 1280.0, height / 720.0)))


def size_presets(window: QSize) -> list[SizePreset]:
    """Slide, A4 print, the timeline's present size and a custom size (that starts as a slide)."""
    return [
        SizePreset("slide", "Slide (1920 × 1080)", 1920, 1080, 144.0),
        SizePreset("a4", "Print: A4 landscape, 300 dpi (3508 × 2480)", 3508, 2480, 300.0),
        SizePreset(
            "window", f"Current window size ({window.width()} × {window.height()})", *window.toTuple()
        ),
        SizePreset("custom", "Custom size…", 1920, 1080, custom_dpi(1920, 1080)),
    ]


@dataclass(frozen=True)
class ImageOptions:
    """What goes into a picture of the timeline and at which size."""

    width: int = 1920
    height: int = 1080
    dpi: float = 144.0
    title: str = ""
    subtitle: str = ""
    attribution: str = ""
    mark_selection: bool = True

    @property
    def scale(self) -> float:
        """Device pixels per logical pixel."""
        return self.dpi / REFERENCE_DPI

    @property
    def logical(self) -> QSizeF:
        """The page in logical pixels."""
        return QSizeF(self.width / self.scale, self.height / self.scale)


def attribution(meta: dict[str, str]) -> str:
    """“Data: authors, Title (publisher, series, year). url” from the database's metadata."""
    title = meta.get("paper_title", "")
    if not title:
        return "Made with Neutrality Explorer."
    try:
        authors = " and ".join(json.loads(meta.get("paper_authors") or "[]"))
    except ValueError:
        authors = ""
    details = ", ".join(
        p
        for p in (
            meta.get("paper_publisher"),
            meta.get("paper_series"),
            (meta.get("paper_published") or "")[:4],
        )
        if p
    )
    text = f"Data: {authors + ', ' if authors else ''}“{title}”" + (f" ({details})" if details else "") + "."
    url = meta.get("paper_url", "")
    return f"{text} {url}" if url else text


def light_palette() -> QPalette:
    """The style's light palette: pictures are for paper and projectors, whatever the desktop theme."""
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    return style.standardPalette() if style is not None else QPalette()


def _screen_dpi() -> float:
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInch()) if screen is not None else REFERENCE_DPI


@contextlib.contextmanager
def offscreen_timeline(source: TimelineView, size: QSize, mark_selection: bool) -> Iterator[TimelineView]:
    """A TimelineView on the same session and range, laid out at `size` and never shown on screen."""
    view = TimelineView(source.session)
    try:
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.setPalette(light_palette())
        view.resize(size)
        view.show()
        QApplication.sendPostedEvents(view)
        view.zoom_to(*source.visible_range())
        _copy_overlays(source, view)
        if not mark_selection:
            cols = view.session.columns
            none = np.zeros(len(cols), dtype=bool)
            for track_id in cols.track_ids:
                item = view.lane_item(track_id)
                if item is not None:
                    item.set_selection(none)
        yield view
    finally:
        view.hide()
        view.deleteLater()


def _copy_overlays(source: TimelineView, view: TimelineView) -> None:
    """Draw the user's periods and links on the picture's view when the window's timeline shows them."""
    # (overlays are added with ignoreBounds, so they are children of the view box, not in addedItems)
    items = source.viewbox.childGroup.childItems()
    shown = [i for i in items if isinstance(i, PeriodBands | LinkCurves) and i.isVisible()]
    add_annotation_overlays(
        view,
        periods=any(isinstance(i, PeriodBands) for i in shown),
        links=any(isinstance(i, LinkCurves) for i in shown),
    )


def add_annotation_overlays(view: TimelineView, periods: bool = True, links: bool = True) -> None:
    """Draw the user's periods and links on a view, as the annotation tools do in the window."""
    session = view.session
    if periods:
        bands = PeriodBands(view)
        view.add_overlay(bands, Z_PERIODS)
        view.add_overlay(bands.labels, Z_LINKS - 1)
        bands.set_periods(session.annotations.periods())
    if links:
        curves = LinkCurves(view)
        view.add_overlay(curves, Z_LINKS)
        curves.set_links(session.annotations.links())


def size_in_words(options: ImageOptions, kind: str) -> str:
    """The size a saved image really has: pixels for a PNG; an SVG's own units and its print size."""
    if kind != "svg":
        return f"a {options.width} × {options.height} pixel PNG"
    page = options.logical
    w, h = round(page.width()), round(page.height())
    mm = 25.4 / round(_screen_dpi())
    return f"a {w} × {h} SVG ({w * mm:.0f} × {h * mm:.0f} mm)"


class TimelinePicture:
    """Lays out title, subtitle, timeline, key and attribution on a page and paints them."""

    def __init__(self, source: TimelineView, options: ImageOptions) -> None:
        self.source = source
        self.options = options
        self.theme: Theme = theme_from_palette(light_palette())
        base = QFont(self.theme.font)
        self.title_font = QFont(base)
        self.title_font.setPointSizeF(base.pointSizeF() * 2.0)
        self.title_font.setWeight(QFont.Weight.Bold)
        self.sub_font = QFont(base)
        self.sub_font.setPointSizeF(base.pointSizeF() * 1.15)
        self.small_font = QFont(self.theme.small_font)

    def _margin(self, page: QSizeF) -> float:
        return max(14.0, min(page.width(), page.height()) * 0.035)

    def paint(self, p: QPainter, page: QSizeF) -> None:
        """Paint the whole page, in logical pixels, on any paint device."""
        o, t = self.options, self.theme
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(QRectF(0, 0, page.width(), page.height()), t.background)
        m = self._margin(page)
        width = page.width() - 2 * m
        y = m
        title_fm, sub_fm, small_fm = (
            QFontMetricsF(f) for f in (self.title_font, self.sub_font, self.small_font)
        )
        if o.title:
            p.setFont(self.title_font)
            p.setPen(t.text)
            text = title_fm.elidedText(o.title, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(m, y, width, title_fm.height()), Qt.AlignmentFlag.AlignLeft, text)
            y += title_fm.height() + 2
        if o.subtitle:
            p.setFont(self.sub_font)
            p.setPen(t.muted)
            text = sub_fm.elidedText(o.subtitle, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(m, y, width, sub_fm.height()), Qt.AlignmentFlag.AlignLeft, text)
            y += sub_fm.height()
        y += m * 0.5
        legend_h = small_fm.height() + 12
        foot_h = legend_h + small_fm.height() * 2 + 10
        box = QRectF(m, y, width, max(80.0, page.height() - m - foot_h - y))
        size = QSize(max(200, int(box.width())), max(80, int(box.height())))
        frame = QRectF(box.topLeft(), QSizeF(size))
        with offscreen_timeline(self.source, size, o.mark_selection) as view:
            view.render(p, frame, QRect(QPoint(0, 0), size))
        # SVG has no clip for marks that reach past the lanes' edge: cover them with the margin
        bottom = frame.bottom() + m * 0.25
        for r in (
            QRectF(0, frame.top(), frame.left(), bottom - frame.top()),
            QRectF(frame.right(), frame.top(), page.width() - frame.right(), bottom - frame.top()),
            QRectF(0, frame.bottom(), page.width(), bottom - frame.bottom()),
        ):
            p.fillRect(r, t.background)
        p.setPen(QPen(t.separator, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame.adjusted(-0.5, -0.5, 0.5, 0.5))
        y = box.top() + size.height() + 4
        legend = LegendStrip()
        legend.setPalette(light_palette())
        legend.resize(int(width), int(legend_h))
        legend.render(p, QPoint(int(m), int(y)))
        legend.deleteLater()
        y += legend_h + 4
        p.setFont(self.small_font)
        p.setPen(t.muted)
        text = o.attribution
        if small_fm.horizontalAdvance(text) > width and " http" in text:
            text = text.replace(" http", "\nhttp", 1)  # the address on a line of its own
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        p.drawText(QRectF(m, y, width, small_fm.height() * 2 + 2), flags, text)


def render_image(source: TimelineView, options: ImageOptions, pixel_width: int | None = None) -> QImage:
    """The picture as an image: `options.width` x `options.height`, or scaled down to `pixel_width`."""
    factor = 1.0 if pixel_width is None else pixel_width / options.width
    w, h = max(1, round(options.width * factor)), max(1, round(options.height * factor))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(_screen_dpi() / 0.0254)
    image.setDotsPerMeterX(dpm)  # fonts are measured for the screen, so paint at the screen's dpi
    image.setDotsPerMeterY(dpm)
    image.setDevicePixelRatio(options.scale * factor)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        TimelinePicture(source, options).paint(painter, options.logical)
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)
    image.setDotsPerMeterX(round(options.dpi * factor / 0.0254))
    image.setDotsPerMeterY(round(options.dpi * factor / 0.0254))
    return image


def png_bytes(source: TimelineView, options: ImageOptions) -> bytes:
    """The picture as PNG file contents."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    render_image(source, options).save(buf, "PNG")  # type: ignore[call-overload]  # the stub wants bytes, Qt wants str
    buf.close()
    return bytes(data.data())


def svg_bytes(source: TimelineView, options: ImageOptions) -> bytes:
    """The picture as an SVG document: shapes and text, sized in millimetres for print."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    page = options.logical
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(round(page.width()), round(page.height())))
    gen.setViewBox(QRectF(0, 0, page.width(), page.height()))
    gen.setResolution(round(_screen_dpi()))
    gen.setTitle(options.title or "Timeline")
    gen.setDescription(options.attribution)
    painter = QPainter(gen)
    try:
        TimelinePicture(source, options).paint(painter, page)
    finally:
        painter.end()
    buf.close()
    return bytes(data.data())


def write_image(source: TimelineView, options: ImageOptions, path: Path | str, kind: str) -> Path:
    """Write a PNG or SVG of the timeline atomically (OutputError, one sentence, when it cannot be written)."""
    data = svg_bytes(source, options) if kind == "svg" else png_bytes(source, options)
    return write_atomic(path, data)


__all__ = [
    "IMAGE_FORMATS",
    "ImageOptions",
    "SizePreset",
    "TimelinePicture",
    "add_annotation_overlays",
    "attribution",
    "custom_dpi",
    "png_bytes",
    "render_image",
    "size_in_words",
    "size_presets",
    "svg_bytes",
    "write_image",
]

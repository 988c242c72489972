"""Colours and fonts of the timeline, derived from the system palette (light or dark)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Final

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """The colour `t` of the way from `a` to `b` (0 gives a, 1 gives b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def with_alpha(c: QColor, alpha: int) -> QColor:
    """A copy of `c` with the given alpha (0-255)."""
    out = QColor(c)
    out.setAlpha(alpha)
    return out


def luminance(c: QColor) -> float:
    """Relative luminance from 0 (black) to 1 (white)."""
    return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()


#: WCAG 2 AA contrast for normal text.
AA: Final = 4.5
#: Opacity of a period's certain part (its bar) on a dark and on a light background.
BAR_ALPHA_DARK: Final = 95
BAR_ALPHA_LIGHT: Final = 80


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(c: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    return 0.2126 * _linear(c.redF()) + 0.7152 * _linear(c.greenF()) + 0.0722 * _linear(c.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours, from 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top: QColor, bottom: QColor) -> QColor:
    """`top` (with its alpha) painted over an opaque `bottom`."""
    t = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * t + bottom.redF() * (1 - t),
        top.greenF() * t + bottom.greenF() * (1 - t),
        top.blueF() * t + bottom.blueF() * (1 - t),
        1.0,
    )


def readable_on(fill: QColor, dark: QColor | None = None, light: QColor | None = None) -> QColor:
    """Whichever of a dark and a light text colour has the higher contrast on `fill`."""
    d, li = dark or QColor("#1d1d1d"), light or QColor("#ffffff")
    return d if contrast_ratio(d, fill) >= contrast_ratio(li, fill) else li


def ink_on(fill: QColor, preferred: QColor) -> QColor:
    """`preferred` if it reaches AA on `fill`, else a near-black or white that does (black at worst)."""
    if contrast_ratio(preferred, fill) >= AA:
        return preferred
    # a mid-tone fill may be too light for white and too dark for #1d1d1d: pure black then
    for ink in (QColor("#1d1d1d"), QColor("#ffffff"), QColor("#000000")):
        if contrast_ratio(ink, fill) >= AA:
            return ink
    return readable_on(fill, QColor("#000000"), QColor("#ffffff"))


@dataclass
class Theme:
    """Everything the timeline paints with, for one palette."""

    dark: bool
    background: QColor
    stripe: QColor
    pair_tint: QColor
    separator: QColor
    grid: QColor
    grid_major: QColor
    text: QColor
    muted: QColor
    highlight: QColor
    highlight_text: QColor
    font: QFont
    small_font: QFont
    bold_font: QFont
    lane_colors: dict[str, QColor] = field(default_factory=dict)
    _inks: dict[tuple[str, int], QColor] = field(default_factory=dict, repr=False)
    _fills: dict[str, QColor] = field(default_factory=dict, repr=False)

    def lane_color(self, track_id: str) -> QColor:
        """The colour of a lane, made readable on this background."""
        return self.lane_colors.get(track_id, self.muted)

    @property
    def bar_alpha(self) -> int:
        """Opacity of a period's certain part (darker backgrounds need a little more)."""
        return BAR_ALPHA_DARK if self.dark else BAR_ALPHA_LIGHT

    def bar_fill(self, track_id: str) -> QColor:
        """The opaque colour one period bar of a lane shows on this background (cached per lane)."""
        fill = self._fills.get(track_id)
        if fill is None:
            fill = self._fills[track_id] = over(
                with_alpha(self.lane_color(track_id), self.bar_alpha), self.background
            )
        return fill

    def label_color_for(self, track_id: str, fill: QColor) -> QColor:
        """The text colour for a lane's label on `fill`: the theme's text where it reaches AA (cached)."""
        key = (track_id, fill.rgb())
        ink = self._inks.get(key)
        if ink is None:
            ink = self._inks[key] = ink_on(fill, self.text)
        return ink

    @cached_property
    def row_height(self) -> float:
        """Height of one row of marks and labels within a lane (pixels; measured once: read per lane per frame)."""
        return max(18.0, QFontMetricsF(self.font).height() + 6)


def theme_from_palette(palette: QPalette | None = None, track_colors: dict[str, str] | None = None) -> Theme:
    """A theme for the palette (the application's by default) and the tracks' own colours."""
    pal = palette if palette is not None else QGuiApplication.palette()
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    dark = luminance(base) < 0.5
    font = QFont(QGuiApplication.font())
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    lanes: dict[str, QColor] = {}
    for tid, hexcolor in (track_colors or {}).items():
        c = QColor(hexcolor)
        if not c.isValid():
            c = QColor("#777777")
        if dark:
            # Track colours are chosen for white paper; lift them so they read on a dark base.
            c = QColor.fromHsvF(c.hsvHueF(), min(1.0, c.hsvSaturationF() * 0.8), max(c.valueF(), 0.82), 1.0)
        lanes[tid] = c
    return Theme(
        dark=dark,
        background=base,
        stripe=mix(base, text, 0.035),
        pair_tint=mix(base, pal.color(QPalette.ColorRole.Highlight), 0.06),
        separator=mix(base, text, 0.16),
        grid=mix(base, text, 0.07),
        grid_major=mix(base, text, 0.16),
        text=text,
        muted=mix(base, text, 0.6),
        highlight=pal.color(QPalette.ColorRole.Highlight),
        highlight_text=pal.color(QPalette.ColorRole.HighlightedText),
        font=font,
        small_font=small,
        bold_font=bold,
        lane_colors=lanes,
    )


def fill_with(widget: QWidget, color: QColor) -> None:
    """Fill a widget with a colour before it paints: Qt then takes it as opaque, and does not repaint
    it when what lies under it is repainted (its own translucent pixels then show that colour)."""
    pal = widget.palette()
    pal.setColor(widget.backgroundRole(), color)
    widget.setPalette(pal)
    widget.setAutoFillBackground(True)

"""Colours and fonts of the timeline, derived from the system palette (light or dark)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPalette


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

    def lane_color(self, track_id: str) -> QColor:
        """The colour of a lane, made readable on this background."""
        return self.lane_colors.get(track_id, self.muted)

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
            h, s, v, _ = c.getHsvF()
            c = QColor.fromHsvF(h, min(1.0, s * 0.8), max(v, 0.82), 1.0)
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

"""A calendar axis over proleptic Gregorian day numbers, with ticks that adapt to the zoom.

The axis shows two rows: fine ticks (days, months, years or runs of years) and, beside them,
their context (the month of the days, the year of the months, the decade, century or
millennium of the years). Day numbers are `date.toordinal()`, so the 7th century and the years
before 1970 need nothing special. The tick arithmetic is plain Python (`choose_levels`,
`ticks_between`, `tick_label`, `context_label`) so it can be tested without a display.
"""

from __future__ import annotations

import calendar
import math
from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintEngine, QPainter, QPen, QStaticText

from explorer.timeline.theme import Theme

DAY, MONTH, YEAR = "day", "month", "year"
Level = tuple[str, int]

#: Candidate fine levels, finest first.
FINE_LEVELS: tuple[Level, ...] = (
    (DAY, 1),
    (DAY, 2),
    (DAY, 5),
    (MONTH, 1),
    (MONTH, 3),
    (MONTH, 6),
    (YEAR, 1),
    (YEAR, 2),
    (YEAR, 5),
    (YEAR, 10),
    (YEAR, 20),
    (YEAR, 50),
    (YEAR, 100),
    (YEAR, 200),
    (YEAR, 500),
    (YEAR, 1000),
)
_UNIT_DAYS = {DAY: 1.0, MONTH: 30.44, YEAR: 365.2425}
#: The least room a label of each unit needs, in pixels ("27", "Sep", "1996").
_MIN_PX = {DAY: 24.0, MONTH: 38.0, YEAR: 44.0}
FIRST_DAY = 1
LAST_DAY = date.max.toordinal()


def level_days(level: Level) -> float:
    """The approximate length of one step of a level, in days."""
    return _UNIT_DAYS[level[0]] * level[1]


def choose_levels(px_per_day: float) -> tuple[Level, Level | None]:
    """The fine level whose labels fit at this scale, and the context level above it."""
    fine = FINE_LEVELS[-1]
    for level in FINE_LEVELS:
        if level_days(level) * px_per_day >= _MIN_PX[level[0]]:
            fine = level
            break
    return fine, context_level(fine)


def context_level(fine: Level) -> Level | None:
    """The coarser level that names where the fine ticks are (month for days, year for months...)."""
    unit, step = fine
    if unit == DAY:
        return (MONTH, 1)
    if unit == MONTH:
        return (YEAR, 1)
    if step < 10:
        return (YEAR, 10)
    if step < 100:
        return (YEAR, 100)
    if step < 1000:
        return (YEAR, 1000)
    return None


def _clamp(day: float) -> int:
    return int(min(max(day, FIRST_DAY), LAST_DAY))


def ticks_between(level: Level, d0: float, d1: float) -> list[int]:
    """Day numbers of the level's calendar-aligned ticks within [d0, d1]."""
    unit, step = level
    lo, hi = _clamp(d0), _clamp(d1)
    if hi < lo:
        return []
    out: list[int] = []
    if unit == DAY:
        first, last = date.fromordinal(lo), date.fromordinal(hi)
        y, m = first.year, first.month
        days = range(1, 32, step) if step > 1 else range(1, 32)
        while (y, m) <= (last.year, last.month):
            ndays = calendar.monthrange(y, m)[1]
            for d in days:
                # keep the last tick of a month clear of the 1st of the next one
                if d > ndays or (step > 1 and d > ndays - step // 2):
                    break
                o = date(y, m, d).toordinal()
                if lo <= o <= hi:
                    out.append(o)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if unit == MONTH:
        first, last = date.fromordinal(lo), date.fromordinal(hi)
        index = first.year * 12 + (first.month - 1)
        index -= index % step
        while index <= last.year * 12 + last.month - 1:
            y, m = divmod(index, 12)
            if y >= 1:
                o = date(y, m + 1, 1).toordinal()
                if lo <= o <= hi:
                    out.append(o)
            index += step
        return out
    y0 = date.fromordinal(lo).year
    y1 = date.fromordinal(hi).year
    y = y0 - y0 % step
    while y <= y1:
        if y >= 1:
            o = date(y, 1, 1).toordinal()
            if lo <= o <= hi:
                out.append(o)
        y += step
    return out


def tick_label(level: Level, day: int, wide: bool = False) -> str:
    """The fine label of a tick ("27", "Sep" or "September", "1996")."""
    d = date.fromordinal(day)
    unit, _ = level
    if unit == DAY:
        return str(d.day)
    if unit == MONTH:
        return calendar.month_name[d.month] if wide else calendar.month_abbr[d.month]
    return str(d.year)


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def context_label(level: Level, day: int) -> str:
    """The context label of a span ("November 1996", "1996", "1990s", "19th century")."""
    d = date.fromordinal(day)
    unit, step = level
    if unit == MONTH:
        return f"{calendar.month_name[d.month]} {d.year}"
    if step == 1:
        return str(d.year)
    if step == 10:
        return f"{d.year - d.year % 10}s"
    if step == 100:
        n = d.year // 100 + 1
        return f"{n}{_ordinal_suffix(n)} century"
    n = d.year // 1000 + 1
    return f"{n}{_ordinal_suffix(n)} millennium"


def _fixed(x: float) -> float:
    """x put on Qt's text grid (1/64 pixel) the way drawText() puts it: a label at 245.99999 lands
    where drawText() drew it, not a subpixel off once the item's offset is added to it."""
    return math.floor(x * 64.0) / 64.0


class DateAxisItem(pg.AxisItem):
    """A two-row calendar axis for a view whose x is in day numbers."""

    def __init__(self, theme: Theme, orientation: str = "top", compact: bool = False) -> None:
        super().__init__(orientation=orientation)
        self._theme = theme
        self._compact = compact
        self.setStyle(autoExpandTextSpace=False)
        # no SI prefix on day numbers: pyqtgraph would otherwise re-set the label's HTML every step
        self.enableAutoSIPrefix(False)
        self._texts: dict[tuple, tuple[str, float]] = {}
        # each label's glyphs laid out once: drawText() lays a string out afresh at every call
        self._static: dict[tuple[str, bool], QStaticText] = {}
        #: Labels drawn once as plain text (see `_to_draw`).
        self._drawn_once: set[tuple[str, bool]] = set()
        self._update_height()

    #: Whether pyqtgraph's axis title is shown (never, unless `showLabel(True)` is called).
    _title_shown = False

    def showLabel(self, show: bool = True) -> None:  # noqa: N802 (pyqtgraph's name)
        """Show or hide pyqtgraph's axis title, its HTML set when it is shown."""
        self._title_shown = show
        if show:
            self.label.setHtml(self.labelString())
        super().showLabel(show)

    def _updateLabel(self) -> None:  # noqa: N802 (pyqtgraph's name)
        # pyqtgraph sets its hidden title's HTML at each pen, style and range change (9 times an
        # axis at the window's open, laying out rich text nobody sees): set only while it shows
        if self._title_shown:
            super()._updateLabel()
            return
        self._adjustSize()
        self.picture = None
        self.update()

    def set_theme(self, theme: Theme) -> None:
        """Repaint with another theme."""
        self._theme = theme
        self._update_height()
        self.update()

    def _text(self, kind: str, level: Level, t: int, wide: bool = False) -> tuple[str, float]:
        """A tick's label and its width in the axis font, measured once (the ticks recur at each zoom)."""
        key = (kind, level, t, wide)
        hit = self._texts.get(key)
        if hit is None:
            if len(self._texts) > 20_000:  # a long session of zooming: start again
                self._texts.clear()
            if kind == "fine":
                text = tick_label(level, t, wide)
                hit = (text, self._fm.horizontalAdvance(text))
            else:
                text = context_label(level, t)
                hit = (text, self._bold_fm.horizontalAdvance(text))
            self._texts[key] = hit
        return hit

    def _static_text(self, text: str, bold: bool) -> QStaticText:
        """A label's QStaticText in the axis font (bold for the context row), made once."""
        key = (text, bold)
        st = self._static.get(key)
        if st is None:
            if len(self._static) > 4_000:  # a long session of zooming: start again
                self._static.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self._bold_font if bold else self._theme.small_font)
            self._static[key] = st
        return st

    def _to_draw(self, text: str, bold: bool) -> QStaticText | str:
        """A label to draw: plain text the first time it is drawn, its QStaticText from the second.

        A new zoom level brings new labels, drawn once per step; laying one out as a QStaticText costs
        about three times drawing it as text, and pays off only from its second drawing (a pan, a
        repaint). Both put the same pixels at a position on Qt's text grid (`_fixed`): `drawText` at the
        baseline, `drawStaticText` at the top. Text outside ASCII (a fallback font may draw it, on
        another baseline in a QStaticText) is laid out as a QStaticText from the first drawing.
        """
        key = (text, bold)
        st = self._static.get(key)
        if st is not None:
            return st
        if key in self._drawn_once or not text.isascii():
            return self._static_text(text, bold)
        if len(self._drawn_once) > 4_000:
            self._drawn_once.clear()
        self._drawn_once.add(key)
        return text

    def _draw_label(self, p: QPainter, x: float, top: float, text: str, bold: bool, raster: bool) -> None:
        """A label with its top left at (x on the text grid, top), on screen as `_to_draw` says
        (SVG and PDF keep the QStaticText they had)."""
        label = self._to_draw(text, bold) if raster else self._static_text(text, bold)
        if isinstance(label, str):
            ascent = (self._bold_fm if bold else self._fm).ascent()
            p.drawText(QPointF(_fixed(x), top + ascent), label)
        else:
            p.drawStaticText(QPointF(_fixed(x), top), label)

    def _update_height(self) -> None:
        fm = QFontMetricsF(self._theme.small_font)
        self._fm = fm
        self._bold_font = QFont(self._theme.small_font)
        self._bold_font.setWeight(QFont.Weight.DemiBold)
        self._bold_fm = QFontMetricsF(self._bold_font)
        self._texts.clear()
        self._static.clear()
        self._drawn_once.clear()
        rows = 1 if self._compact else 2
        self.setHeight(int(rows * (fm.height() + 5) + 6))

    # --- the AxisItem interface (used by pyqtgraph and by grid lines) ------------------------
    def levels_for(self, d0: float, d1: float, width_px: float) -> tuple[Level, Level | None]:
        """The fine and context levels for a visible range drawn over `width_px` pixels."""
        return choose_levels(width_px / max(d1 - d0, 1e-9))

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        """Context ticks first, then fine ticks, as pyqtgraph expects."""
        d0, d1 = sorted((minVal, maxVal))
        fine, ctx = self.levels_for(d0, d1, size)
        out: list[tuple[float, list[float]]] = []
        if ctx is not None:
            out.append((level_days(ctx), [float(v) for v in ticks_between(ctx, d0, d1)]))
        out.append((level_days(fine), [float(v) for v in ticks_between(fine, d0, d1)]))
        return out

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Labels for tick values at a spacing returned by tickValues."""
        level = min(FINE_LEVELS, key=lambda lv: abs(level_days(lv) - spacing))
        return [tick_label(level, int(v)) for v in values]

    def boundingRect(self) -> QRectF:
        """Exactly the axis' own rectangle (no tick overhang)."""
        return self.mapRectFromParent(self.geometry())

    # --- painting ------------------------------------------------------------------------------
    def paint(self, p: QPainter, *args: object) -> None:
        """Draw the fine row and the context row with their tick marks."""
        view = self.linkedView()
        rect = self.boundingRect()
        width = rect.width()
        if view is None or width <= 0:
            return
        d0, d1 = view.viewRange()[0]
        if d1 <= d0:
            return
        scale = width / (d1 - d0)
        fine, ctx = self.levels_for(d0, d1, width)
        theme = self._theme
        fm = self._fm
        row = fm.height() + 5
        top = self.orientation == "top"
        edge = rect.bottom() if top else rect.top()
        sign = -1.0 if top else 1.0
        if top:
            fine_row = QRectF(0, rect.bottom() - 4 - row, width, row)
            ctx_row = QRectF(0, fine_row.top() - row, width, row)
        else:
            fine_row = QRectF(0, rect.top() + 4, width, row)
            ctx_row = QRectF(0, fine_row.bottom(), width, row)

        # where drawText(row, AlignVCenter) would put a line of text: centred in the row
        fine_y = fine_row.top() + (fine_row.height() - fm.height()) / 2
        ctx_y = ctx_row.top() + (ctx_row.height() - self._bold_fm.height()) / 2
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        raster = p.paintEngine().type() == QPaintEngine.Type.Raster
        p.setPen(QPen(theme.separator, 1))
        p.drawLine(QPointF(0, edge), QPointF(width, edge))

        def x_of(day: float) -> float:
            return (day - d0) * scale

        # fine ticks and labels
        p.setFont(theme.small_font)
        fine_ticks = ticks_between(fine, d0 - level_days(fine) * 1.5, d1)
        step_px = level_days(fine) * scale
        wide = fine[0] == MONTH and fine[1] == 1 and step_px > 90
        p.setPen(QPen(theme.grid_major, 1))
        end = edge + sign * 4
        # one call for all the tick marks (each drawLine() crosses into Qt on its own)
        marks = [QLineF(x, edge, x, end) for t in fine_ticks if (x := x_of(t)) >= 0]
        if marks:
            p.drawLines(marks)
        p.setPen(theme.muted)
        right_of_last = -1e9
        for t in fine_ticks:
            text, w = self._text("fine", fine, int(t), wide)
            x = x_of(t)
            if fine[1] == 1 and step_px >= w + 6:
                x += (step_px - w) / 2  # a single day, month or year: name the span
            else:
                x += 3
            if x < 0 or x + w > width or x < right_of_last + 6:
                continue
            self._draw_label(p, x, fine_y, text, False, raster)
            right_of_last = x + w

        if ctx is None or self._compact:
            return
        # context boundaries run across both rows; the label of the span at the left edge sticks
        p.setFont(self._bold_font)
        starts = ticks_between(ctx, d0 - level_days(ctx) * 1.2, d1)
        if not starts or starts[0] > d0:
            first = ticks_between(ctx, d0 - level_days(ctx) * 2.5, d0)
            starts = first[-1:] + starts
        p.setPen(QPen(theme.separator, 1))
        top_y = ctx_row.top() + 2
        bounds = [QLineF(x, top_y, x, edge) for t in starts if 0 <= (x := x_of(t)) <= width]
        if bounds:
            p.drawLines(bounds)
        p.setPen(theme.text)
        for i, t in enumerate(starts):
            text, w = self._text("ctx", ctx, int(t))
            x = max(x_of(t) + 4, 4.0)
            if i + 1 < len(starts):
                x = min(x, x_of(starts[i + 1]) - w - 8)
                if x < 0 or (x < x_of(t) + 4 - 1e-6 and x_of(t) >= 0):
                    continue
            if x + w > width:
                continue
            self._draw_label(p, x, ctx_y, text, True, raster)

"""The rows of the comparison, each a header, a y axis and a ViewBox sharing the x axis (day numbers).

Every row can `pick(x, y)` what lies under a point (in view coordinates): the ids of the events a
mark stands for and a sentence about it, used for clicks (select) and tooltips.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPen

from explorer.analysis import Density, LagStats, Series
from explorer.analysis.importance import ImportanceTable
from explorer.analysis.lag import DAYS_PER_MONTH, LagPair
from explorer.model import PARTY_NAMES
from explorer.store.columns import sorted_unique
from explorer.timeline.theme import Theme, with_alpha
from explorer.ui.compare.axes import AXIS_WIDTH, ClickViewBox, DateGrid, RowHeader, SelectionMarks

#: Party colours (ColorBrewer Dark2: distinct from each other and from the track colours).
PARTY_COLORS = {"belarus": "#1b9e77", "russia": "#d95f02", "west": "#7570b3"}
#: How far apart the parties' points sit vertically, so equal scores do not hide each other.
PARTY_OFFSET = {"belarus": 0.14, "russia": 0.0, "west": -0.14}
PICK_PX = 9.0
#: The most vertices a curve of the comparison draws at once (see step_points and LagRow).
MAX_POINTS = 4000


@dataclass(frozen=True)
class Pick:
    """What a point on a row stands for: event ids and a sentence."""

    ids: list[str]
    text: str


class Dots(pg.ScatterPlotItem):
    """Scatter points that leave clicks to the row (which picks with its own tolerance)."""

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """Not handled here: the ViewBox below reports the click."""
        ev.ignore()


def day_words(day: float) -> str:
    """A day number as '3 Mar 2014'."""
    d = date.fromordinal(max(1, int(day)))
    return f"{d.day} {d:%b} {d.year}"


class Row:
    """A header cell, a y axis and a clickable ViewBox with date grid lines and selection marks."""

    def __init__(
        self, theme: Theme, title: str, subtitle: str = "", colors: list[QColor] | None = None
    ) -> None:
        self.theme = theme
        self.header = RowHeader(theme, title, subtitle, colors)
        self.vb = ClickViewBox()
        self.axis = pg.AxisItem("left")
        self.axis.setWidth(AXIS_WIDTH)
        self.axis.linkToView(self.vb)
        self.axis.setPen(QPen(theme.separator))
        self.axis.setTextPen(QPen(theme.muted))
        self.axis.setStyle(tickFont=theme.small_font, tickLength=-4, maxTickLevel=0)
        self.grid = DateGrid(theme)
        self.vb.addItem(self.grid, ignoreBounds=True)
        self.marks = SelectionMarks(theme)
        self.vb.addItem(self.marks, ignoreBounds=True)

    def follow_range(self) -> None:
        """Redraw for the shown range once the events in hand are done (`_draw_range`).

        While the view is shown or resized its linked ranges change a dozen times in one go; each
        redraw of a few thousand points costs milliseconds, so only the last range is drawn.
        """
        self._range_timer = QTimer()
        self._range_timer.setSingleShot(True)
        self._range_timer.setInterval(0)
        self._range_timer.timeout.connect(self._on_range_timer_timeout)
        self.vb.sigXRangeChanged.connect(self._range_timer.start)

    def range_pending(self) -> bool:
        """True while a change of the shown range waits to be drawn."""
        timer = getattr(self, "_range_timer", None)
        return timer is not None and timer.isActive()

    def flush_range(self) -> None:
        """Draw a pending range now (before the rows are rendered into a figure)."""
        if self.range_pending():
            self._range_timer.stop()
            self._on_range_timer_timeout()

    def _on_range_timer_timeout(self) -> None:
        x0, x1 = self.vb.viewRange()[0]
        self._draw_range(float(x0), float(x1))

    def redraw_range(self) -> None:
        """Draw the shown range again on the next turn (the row's data changed, not its range)."""
        timer = getattr(self, "_range_timer", None)
        if timer is not None:
            timer.start()

    def _draw_range(self, x0: float, x1: float) -> None:
        """Draw what lies in [x0, x1] (rows that draw by range override this)."""

    def pick(self, x: float, y: float) -> Pick | None:
        """The mark under a point, None when there is none."""
        return None

    def set_tint(self, color: QColor) -> None:
        """A background behind the row and its header (the compared pair, as on the timeline)."""
        self.vb.setBackgroundColor(color)
        self.header.tint = color
        self.header.update()

    def set_selected_days(self, days: np.ndarray) -> None:
        """Mark the selected events' anchor days."""
        self.marks.set_days(days)


class DensityRow(Row):
    """Events per bin of one series as bars in its colour."""

    def __init__(self, theme: Theme, series: Series, color: QColor, name: str) -> None:
        super().__init__(theme, name, "", [color])
        self.bars = pg.BarGraphItem(x0=[0], x1=[1], height=[0], brush=color, pen=pg.mkPen(None))
        self.vb.addItem(self.bars)
        self.set_series(series, color, name)

    def set_series(self, series: Series, color: QColor, name: str) -> None:
        """Show another series (or the same one recomputed); its bars come with the next `set_density`."""
        self.series = series
        self.color = color
        self.density: Density | None = None
        self.header.colors = [color]
        self.header.set_text(name, self.header.subtitle)

    def set_density(self, density: Density, unit: str) -> None:
        """Show the counts of this series in the density's bins."""
        self.density = density
        counts = density.counts.get(self.series.key, np.zeros(0, int))
        edges = density.edges
        if not len(counts):
            self.bars.setOpts(x0=[0], x1=[0], height=[0])
            return
        gap = np.minimum((edges[1:] - edges[:-1]) * 0.12, 1e9)
        self.bars.setOpts(
            x0=edges[:-1] + gap / 2,
            x1=edges[1:] - gap / 2,
            height=counts,
            brush=with_alpha(self.color, 215),
            pen=pg.mkPen(None),
        )
        peak = max(1, int(counts.max()))
        self.vb.setYRange(0, peak * 1.12, padding=0)
        self.axis.setTicks([[(peak, str(peak)), (0, "0")]])
        shown, total = int(counts.sum()), len(self.series)
        # the same total as the cumulative line's end and the lead/lag sentence's pairs
        words = f"all {total:,} in view" if shown == total else f"{shown:,} of {total:,} in view"
        self.header.set_text(self.header.title, f"{words}, per {unit}")

    def bin_at(self, x: float) -> int | None:
        """The bin holding a day."""
        if self.density is None or len(self.density.edges) < 2:
            return None
        i = int(np.searchsorted(self.density.edges, x, side="right")) - 1
        return i if 0 <= i < len(self.density.edges) - 1 else None

    def pick(self, x: float, y: float) -> Pick | None:
        """The bar under a point: its events."""
        i = self.bin_at(x)
        if i is None or self.density is None:
            return None
        lo, hi = self.density.edges[i], self.density.edges[i + 1]
        inside = (self.series.days >= lo) & (self.series.days < hi)
        ids = self.series.ids_at(np.flatnonzero(inside))
        n = len(ids)
        return Pick(ids, f"{self.density.labels[i]}: {n} {self.series.label} event{'s' if n != 1 else ''}")


def step_points(
    days: np.ndarray, x0: float, x1: float, most: int = MAX_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """The running count of sorted days as a step line over [x0, x1]: exact while the range holds
    at most `most` distinct days, else sampled on a grid that fine (a wide pen over a quarter of a
    million vertices takes seconds to draw; at a few thousand the steps are below a pixel anyway)."""
    at = np.searchsorted(days, [x0, x1], side="right")
    inside = sorted_unique(days[(days > x0) & (days <= x1)]) if at[1] > at[0] else np.zeros(0)
    if len(inside) <= most:
        before = np.searchsorted(days, inside, side="left")
        after = np.searchsorted(days, inside, side="right")
        xs = np.concatenate([[x0], np.repeat(inside, 2), [x1]])
        ys = np.concatenate([[at[0]], np.column_stack([before, after]).ravel(), [at[1]]])
        return xs.astype(float), ys.astype(float)
    grid = np.linspace(x0, x1, most)
    counts = np.searchsorted(days, grid, side="right")
    return np.repeat(grid, 2)[1:].astype(float), np.repeat(counts, 2)[:-1].astype(float)


class CumulativeRow(Row):
    """Running counts of every series as step lines, with the total at the right end."""

    def __init__(self, theme: Theme, series: list[Series], colors: list[QColor]) -> None:
        super().__init__(theme, "Cumulative count", "Events so far: who moved first", None)
        self.curves: list[pg.PlotCurveItem] = []
        self.labels: list[pg.TextItem] = []
        for _ in series:
            # the points are those of the shown range (set on every range change, see below)
            curve = pg.PlotCurveItem(np.zeros(1), np.zeros(1))
            self.vb.addItem(curve)
            self.curves.append(curve)
            label = pg.TextItem("", anchor=(1, 1))
            label.setFont(theme.bold_font)
            self.vb.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        self.follow_range()
        self.set_series(series, colors)

    def set_series(self, series: list[Series], colors: list[QColor]) -> None:
        """Show these series (as many as the row has lines) in these colours."""
        self.series = series
        self.colors = colors
        for s, c, curve, label in zip(series, colors, self.curves, self.labels, strict=True):
            curve.setPen(pg.mkPen(c, width=2.2))
            label.setText(f"{len(s.days)}", color=c)
        self.top = max([1] + [len(s.days) for s in series])
        self.vb.setYRange(0, self.top * 1.2, padding=0)
        self.header.set_keys([(c, s.label) for s, c in zip(series, colors, strict=True)])
        self.redraw_range()

    def _draw_range(self, x0: float, x1: float) -> None:
        # the running totals at the right edge of the view, just above their lines
        x = x1 - (x1 - x0) * 0.005
        for s, label, curve in zip(self.series, self.labels, self.curves, strict=True):
            n = int(np.searchsorted(s.days, x1, side="right"))
            label.setText(f"{n}")
            label.setPos(x, n)
            curve.setData(*step_points(s.days, x0, x1))
        self.vb.setYRange(0, self.top * 1.2, padding=0)

    def pick(self, x: float, y: float) -> Pick | None:
        """The step nearest a point: the latest event of that series on or before the day."""
        ppy = self.vb.px_per_unit_y()
        best: tuple[float, Series] | None = None
        for s in self.series:
            n = int(np.searchsorted(s.days, x, side="right"))
            dist = abs(n - y) * ppy
            if n and dist <= PICK_PX * 2 and (best is None or dist < best[0]):
                best = (dist, s)
        if best is None:
            return None
        s = best[1]
        n = int(np.searchsorted(s.days, x, side="right"))
        return Pick([s.ids[n - 1]], f"By {day_words(x)}: {n} {s.label} event{'s' if n != 1 else ''}")


def pair_words(p: LagPair, follower: str, leader: str) -> str:
    """A pair in words at its dates' precision: whole days or months, never a fraction of a month."""
    lo, hi = p.lag_min, p.lag_max
    if p.precision == "day":
        span = f"{lo:+.0f} to {hi:+.0f} days" if lo != hi else f"{lo:+.0f} days"
    else:
        lo_m, hi_m = int(np.floor(lo / DAYS_PER_MONTH)), int(np.ceil(hi / DAYS_PER_MONTH))
        span = f"{lo_m:+d} to {hi_m:+d} months"
    order = {"later": "later", "earlier": "earlier", "unknown": "order unknown"}[p.order]
    return (
        f"{follower.capitalize()} step and the nearest {leader} step: {order} "
        f"(possible lag {span}; {p.precision}-level dates)"
    )


class LagRow(Row):
    """Each follower event joined to the nearest earlier leader event; the gap is the slant."""

    def __init__(self, theme: Theme, stats: LagStats, leader: QColor, follower: QColor) -> None:
        super().__init__(theme, "Lead and lag", "", [leader, follower])
        self.axis.setTicks([[]])
        self.links = pg.PlotCurveItem(np.zeros(0), np.zeros(0), connect="pairs")
        # separate lines, not one path: stroking one path of 2,000 crossing links took 30-50 ms a paint
        self.links.setSegmentedLineMode("on")
        self.vb.addItem(self.links)
        self.lead_dots = Dots([], [], size=7, pen=pg.mkPen(None))
        self.follow_dots = Dots([], [], size=7, pen=pg.mkPen(None))
        self.vb.addItem(self.lead_dots)
        self.vb.addItem(self.follow_dots)
        self.vb.setYRange(-0.35, 1.35, padding=0)
        # only the pairs in view are drawn, and at most MAX_POINTS / 2 of them (evenly sampled)
        self.follow_range()
        self.set_stats(stats, leader, follower)

    def set_stats(self, stats: LagStats, leader: QColor, follower: QColor) -> None:
        """Show these pairs, the leader's dots on top and the follower's below."""
        o = stats.orders()
        sub = (
            "nothing to pair"
            if not stats.n
            else f"later {o['later']}, earlier {o['earlier']}, order unknown {o['unknown']}"
        )
        self.stats = stats
        self.header.colors = [leader, follower]
        self.header.set_text(self.header.title, sub)
        self.header.set_keys(
            [(leader, f"{stats.leader_label} (top)"), (follower, f"{stats.follower_label} (below)")]
        )
        self._prev, self._days = stats.arrays.previous_day, stats.arrays.day
        self._subtitle = sub
        self.links.setPen(pg.mkPen(with_alpha(follower, 110), width=1.4))
        self.lead_dots.setBrush(pg.mkBrush(leader))
        self.follow_dots.setBrush(pg.mkBrush(follower))
        self.redraw_range()

    def _draw_range(self, x0: float, x1: float) -> None:
        shown = np.flatnonzero((self._prev <= x1) & (self._days >= x0))
        most = MAX_POINTS // 2
        sampled = len(shown) > most
        if sampled:
            shown = shown[np.linspace(0, len(shown) - 1, most).astype(int)]
        prev, days = self._prev[shown], self._days[shown]
        lines = np.empty(2 * len(shown))
        lines[0::2], lines[1::2] = prev, days
        self.links.setData(lines, np.tile([1.0, 0.0], len(shown)), connect="pairs")
        self.lead_dots.setData(prev, np.ones(len(prev)))
        self.follow_dots.setData(days, np.zeros(len(days)))
        note = f"{self._subtitle}; {most:,} of the pairs in view drawn" if sampled else self._subtitle
        if note != self.header.subtitle:
            self.header.set_text(self.header.title, note)

    def pick(self, x: float, y: float) -> Pick | None:
        """The pair whose link passes nearest a point."""
        if not len(self._days):
            return None
        t = min(max(y, 0.0), 1.0)
        at_y = self._days + (self._prev - self._days) * t
        dist = np.abs(at_y - x) * self.vb.px_per_day()
        k = int(np.argmin(dist))
        if dist[k] > PICK_PX:
            return None
        p = self.stats.pair(k)
        return Pick(
            [p.previous_id, p.event_id], pair_words(p, self.stats.follower_label, self.stats.leader_label)
        )


class ImportanceRow(Row):
    """Table two over time: each rated event as a point per party, from low (1) to high (3)."""

    def __init__(self, theme: Theme, table: ImportanceTable, allowed: set[str] | None) -> None:
        super().__init__(theme, "Importance", "Table two, by party", None)
        self.header.set_text(self.header.title, "Table two, by party; numbers are its rows")
        self.axis.setTicks([[(1.0, "low"), (2.0, "mid"), (3.0, "high")]])
        self.vb.setYRange(0.6, 3.4, padding=0)
        self._marks: list[pg.GraphicsObject] = []
        self.set_table(table, allowed)

    def set_table(self, table: ImportanceTable, allowed: set[str] | None) -> None:
        """Show Table two's points of the events the filter allows (None: every rated event)."""
        for item in self._marks:
            self.vb.removeItem(item)
        self._marks = []
        self.table = table
        self.points: list[tuple[float, float, str, str, str]] = []
        theme = self.theme
        keys = []
        for party in table.parties:
            color = QColor(PARTY_COLORS.get(party, "#888888"))
            pts = sorted(
                (
                    p
                    for p in table.points
                    if not np.isnan(p.score(party)) and (allowed is None or p.event_id in allowed)
                ),
                key=lambda p: (p.day, p.row),
            )
            x = np.array([p.day for p in pts], dtype=float)
            y = np.array([p.score(party) for p in pts], dtype=float) + PARTY_OFFSET.get(party, 0.0)
            dots = Dots(x, y, size=10, brush=pg.mkBrush(color), pen=pg.mkPen(theme.background, width=1.2))
            self.vb.addItem(dots)
            self._marks.append(dots)
            for p, yy in zip(pts, y.tolist(), strict=True):
                self.points.append((p.day, yy, p.event_id, party, p.words.get(party, "")))
            keys.append((color, PARTY_NAMES.get(party, party)))
        # each rated event labelled with its row of Table two (the numbers heading the table beside),
        # right of its first rated point; rows sharing a spot share one label ("4, 5")
        spots: dict[tuple[float, float], list[int]] = {}
        for pt in table.points:
            if allowed is not None and pt.event_id not in allowed:
                continue
            rated = [
                pt.score(q) + PARTY_OFFSET.get(q, 0.0) for q in table.parties if not np.isnan(pt.score(q))
            ]
            if rated:
                spots.setdefault((pt.day, rated[0]), []).append(pt.row)
        self.row_labels: list[pg.TextItem] = []
        for (day, yy), rows in sorted(spots.items()):
            label = pg.TextItem(", ".join(map(str, sorted(rows))), color=theme.text, anchor=(-0.25, 0.5))
            label.setFont(theme.small_font)
            label.setPos(day, yy)
            self.vb.addItem(label, ignoreBounds=True)
            self.row_labels.append(label)
            self._marks.append(label)
        self.header.set_keys(keys)
        self.labels = {p.event_id: p.label for p in table.points}

    def pick(self, x: float, y: float) -> Pick | None:
        """The point nearest a click (within a few pixels)."""
        if not self.points:
            return None
        arr = np.array([(p[0], p[1]) for p in self.points], dtype=float)
        d = np.hypot((arr[:, 0] - x) * self.vb.px_per_day(), (arr[:, 1] - y) * self.vb.px_per_unit_y())
        k = int(np.argmin(d))
        if d[k] > PICK_PX:
            return None
        _day, _y, eid, party, word = self.points[k]
        return Pick([eid], f"{self.labels.get(eid, eid)}: {word} for {PARTY_NAMES.get(party, party)}")


__all__ = [
    "PARTY_COLORS",
    "CumulativeRow",
    "DensityRow",
    "ImportanceRow",
    "LagRow",
    "Pick",
    "Row",
    "day_words",
    "pair_words",
]

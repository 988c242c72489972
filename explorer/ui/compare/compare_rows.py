"""The comparison's rows: made once, filled with new numbers when only the numbers change.

A part of CompareView (compare_view.py), whose numbers, plots and settings these read. Making the rows
is most of a present's time (about 40 ms at any size: pyqtgraph makes each row's axis and view box
and lays the whole grid out again on every item added), while a filter or an edit changes only their
numbers; the first rows are made, empty, while the view is still hidden (`prepare_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor

from explorer.analysis import LagStats, Series, lag_stats
from explorer.timeline.date_axis import DateAxisItem
from explorer.timeline.surface import NEXT_TURN_MS
from explorer.timeline.theme import Theme
from explorer.ui.compare.axes import AXIS_WIDTH, HEADER_WIDTH
from explorer.ui.compare.rows import CumulativeRow, DensityRow, ImportanceRow, LagRow, Row

if TYPE_CHECKING:
    from explorer.ui.compare.compare_view import CompareView

#: Relative heights of the rows.
STRETCH = {"density": 3, "cumulative": 5, "lag": 3, "importance": 4}
#: The least height of a row, and what the two date axes and margins take.
ROW_MIN_HEIGHT = 34
AXES_HEIGHT = 110
#: What rows are made for: (series, a lead/lag row, theme); rows of the same shape take new numbers.
Shape = tuple[int, bool, Theme]
#: The rows, and those of them that are density rows.
MadeRows = tuple[list[Row], list[DensityRow]]


def _shape_of(rows: list[Row], density_rows: list[DensityRow]) -> Shape:
    """The shape of rows made by `CompareRows._new_rows` (its first row is never absent)."""
    return (len(density_rows), any(isinstance(r, LagRow) for r in rows), rows[0].theme)


class CompareRows:
    """The rows of the comparison: made, laid in the plots' grid, and filled with numbers."""

    @property
    def _view(self) -> CompareView:
        """The comparison this is a part of."""
        return cast("CompareView", self)

    def _layout_rows(self, allowed: set[str] | None) -> None:
        """Show the numbers in the rows: the rows in place take the new numbers when they are the
        same rows (as many series, a lead/lag row or none, the same theme), else they are made anew.

        Making them is most of a present's time (about 40 ms at any size: pyqtgraph lays the whole
        grid out again on every item added), and a filter or an edit changes only their numbers;
        the first rows were made beforehand, empty, while the view was hidden (`prepare_rows`).
        """
        v = self._view
        stats = v._shown_stats()
        shape = v._shape(len(v.series), stats is not None)
        if not v.rows and v._spare_rows and _shape_of(*v._spare_rows) == shape:
            v.rows, v.density_rows = v._spare_rows
        v._spare_rows = None
        if not v.rows or _shape_of(v.rows, v.density_rows) != shape:
            labels = [spec.label for spec in v.specs()]
            made = v._new_rows(v.series, v.colors, labels, stats, allowed)
            v.rows, v.density_rows = v._lay_rows(*made)
        else:
            v._refill_rows(stats, allowed)
        # rows stay readable: a dock too low for them scrolls (see explorer.ui.window_layout); set
        # once they show numbers, not while laid out hidden (the dock is sized for the view shown)
        v.plots.setMinimumHeight(ROW_MIN_HEIGHT * len(v.rows) + AXES_HEIGHT)
        if v._range is None:
            v._range = v._default_range()
        v._syncing = True
        try:
            v.rows[0].vb.setXRange(*v._range, padding=0)
        finally:
            v._syncing = False
        v._update_density()

    def _refill_rows(self, stats: LagStats | None, allowed: set[str] | None) -> None:
        """Give the rows in place the new numbers (the same series count and rows as they were made for)."""
        v = self._view
        specs = v.specs()
        for drow, s, c, spec in zip(v.density_rows, v.series, v.colors, specs, strict=True):
            drow.set_series(s, c, spec.label)
        for row in v.rows:
            if isinstance(row, CumulativeRow):
                row.set_series(v.series, v.colors)
            elif isinstance(row, LagRow) and stats is not None:
                row.set_stats(stats, *self._leader_follower(v.colors))
            elif isinstance(row, ImportanceRow):
                row.set_table(v.importance, allowed)

    def _leader_follower(self, colors: list[QColor]) -> tuple[QColor, QColor]:
        """The colours of the lead/lag row's leader and follower (the first two series, or swapped)."""
        first, second = colors[0], colors[1]
        return (second, first) if self._view.swap.isChecked() else (first, second)

    def _shape(self, series: int, lag_row: bool) -> Shape:
        return (series, lag_row, self._view.theme)

    def prepare_rows(self) -> None:
        """Make the rows of the chosen series, without numbers, while the view is hidden (the window
        does this when idle after its first paint): the first showing then only fills them in.

        Over two turns of the event loop, the rows then their places in the grid (20-30 ms each)."""
        v = self._view
        if v.rows or v._spare_rows or v.session.closed:
            return
        specs = v.specs()
        empty = [Series(s.key, s.label, (), np.zeros(0)) for s in specs]
        stats = lag_stats(empty[0], empty[1]) if len(empty) > 1 else None
        colors, labels = [v._color(s) for s in specs], [s.label for s in specs]
        made = v._new_rows(empty, colors, labels, stats, None)
        QTimer.singleShot(NEXT_TURN_MS, v, lambda: v._lay_spare_rows(made))

    def _lay_spare_rows(self, made: MadeRows) -> None:
        v = self._view
        if v.rows or v._spare_rows or v.session.closed:
            return  # shown meanwhile: its rows were made with its numbers
        # not painted until they show numbers (`_present` lets them paint on the turn after)
        v.plots.setUpdatesEnabled(False)
        v._spare_rows = v._lay_rows(*made)

    def _new_rows(
        self,
        series: list[Series],
        colors: list[QColor],
        labels: list[str],
        stats: LagStats | None,
        allowed: set[str] | None,
    ) -> MadeRows:
        """The rows, not yet in the plots' grid: a density row per series, the cumulative counts, the
        lead/lag pairs (with `stats`) and Table two's points."""
        v = self._view
        th = v.theme
        rows: list[Row] = []
        density_rows: list[DensityRow] = []
        for s, c, label in zip(series, colors, labels, strict=True):
            density_row = DensityRow(th, s, c, label)
            density_row.set_tint(th.pair_tint)
            density_rows.append(density_row)
            rows.append(density_row)
        rows.append(CumulativeRow(th, series, colors))
        if stats is not None:
            rows.append(LagRow(th, stats, *self._leader_follower(colors)))
        rows.append(ImportanceRow(th, v.importance, allowed))
        return rows, density_rows

    def _lay_rows(self, rows: list[Row], density_rows: list[DensityRow]) -> MadeRows:
        """Put the rows and the date axes in the plots' grid (what was there before goes)."""
        v = self._view
        ci = v.plots.ci
        ci.clear()
        th = v.theme
        v.plots.setBackground(th.background)
        top = DateAxisItem(th, orientation="top")
        bottom = DateAxisItem(th, orientation="bottom", compact=True)
        corner = pg.GraphicsWidget()
        corner.setFixedWidth(HEADER_WIDTH + AXIS_WIDTH)
        ci.addItem(corner, row=0, col=0, colspan=2)
        ci.addItem(top, row=0, col=2)
        master = rows[0].vb
        for i, row in enumerate(rows, start=1):
            ci.addItem(row.header, row=i, col=0)
            ci.addItem(row.axis, row=i, col=1)
            ci.addItem(row.vb, row=i, col=2)
            kind = type(row).__name__.replace("Row", "").lower()
            ci.layout.setRowStretchFactor(i, STRETCH.get(kind, 3))
            if row.vb is not master:
                row.vb.setXLink(master)
            row.vb.clicked.connect(lambda x, y, mods, r=row: v._on_row_clicked(r, x, y, mods))
        ci.addItem(bottom, row=len(rows) + 1, col=2)
        # ci.clear() left the layout empty, and an empty top-level layout shrinks its widget to
        # nothing; re-adding rows only grows it back to its minimum (the headers' width), so the
        # charts collapsed to a line until the window was resized: give it the view's whole area
        ci.setGeometry(QRectF(v.plots.viewport().rect()))
        top.linkToView(master)
        bottom.linkToView(master)
        master.sigXRangeChanged.connect(v._on_master_x_range_changed)
        master.sigResized.connect(v._density_timer.start)
        return rows, density_rows

"""The comparison view: chosen series on one time axis, linked both ways with the main timeline.

From the top: the date axis (the timeline's own DateAxisItem), a density strip per series (events
per calendar bin, finer as you zoom in: recomputed on every range change), cumulative counts, the
lead and lag pairs of the first two series, and Table two's importance per party over time; beside
them, Table two as a heatmap. The lead/lag finding is stated as sentences above. Clicking a bar, a
step, a pair, a point or a cell selects its events; Ctrl-click adds them. The whole view follows the
window's filter. The numbers export as CSV (see explorer.ui.compare.export).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis import LagStats, Series, cumulative, density, lag_stats, lead_lag
from explorer.analysis.compare import Cumulative, Density
from explorer.analysis.lag import HOW_COMPUTED, LeadLag
from explorer.formats.text import escape_html, literal_html
from explorer.state import Session
from explorer.timeline.surface import NEXT_TURN_MS
from explorer.timeline.theme import Theme, theme_from_palette
from explorer.ui.compare.compare_output import CompareOutput
from explorer.ui.compare.compare_rows import CompareRows, MadeRows
from explorer.ui.compare.heatmap import ImportanceHeatmap, heatmap_panel, panel_narrowest
from explorer.ui.compare.rows import DensityRow, Row
from explorer.ui.compare.series_choice import SeriesChooser, SeriesSpec, build_series

#: Table two's share of the width beside the charts, within these bounds (pixels).
HEATMAP_SHARE, HEATMAP_MIN, HEATMAP_MAX = 0.36, 290, 470
#: Below this width Table two sits under the charts instead of beside them.
STACK_WIDTH = 860


def unit_of(edges: np.ndarray) -> str:
    """The calendar unit of density bins, from their width."""
    width = float(np.median(np.diff(edges))) if len(edges) > 1 else 365.0
    for unit, days in (("decade", 3000), ("year", 300), ("quarter", 80), ("month", 25), ("week", 6)):
        if width >= days:
            return unit
    return "day"


class CompareView(CompareRows, CompareOutput, QWidget):
    """Density, cumulative counts, lead/lag and importance for the chosen series, and Table two."""

    rangeChanged = Signal(float, float)
    exported = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.session = session
        self.theme: Theme = self._make_theme()
        self._init_state()
        self._build_toolbar()
        self._build_charts()
        self._lay_out()
        self._connect_signals()

    def _init_state(self) -> None:
        """The computed numbers, empty until the first rebuild."""
        self._dirty = True
        self._syncing = False
        self.series: list[Series] = []
        self.colors: list[QColor] = []
        self.rows: list[Row] = []
        self.density_rows: list[DensityRow] = []
        self.lead_lag: LeadLag | None = None
        self.cumulative: Cumulative | None = None
        self.importance = self.session.events.importance()
        self.density: Density | None = None
        self.extra_stats: list[LagStats] = []
        self._range: tuple[float, float] | None = None
        #: numbers made on one turn of the event loop wait for the next to be drawn (see _compute)
        self._present_pending = False
        self._allowed: set[str] | None = None
        #: rows made while hidden, not yet showing numbers (see prepare_rows)
        self._spare_rows: MadeRows | None = None
        #: `fit_series` asked before the first numbers: fit once they are drawn
        self._fit_pending = False

    def _build_toolbar(self) -> None:
        """The series chooser and the buttons above the charts."""
        self.chooser = SeriesChooser(self.session)
        self.swap = self._tool("compareSwap", "Swap lead/lag", "Measure the other series after the first")
        self.swap.setCheckable(True)
        self.count_shared = self._tool(
            "compareCountShared",
            "Count shared",
            "Count an event on several lanes in every track it is on (by default it counts once, in its home track)",
        )
        self.count_shared.setCheckable(True)
        self.fit = self._tool("compareFit", "Fit", "Show the whole span of the compared series")
        self.export_button = self._tool(
            "compareExport", "Export numbers…", "Save the numbers behind every plot as CSV"
        )
        self.figure_button = self._tool(
            "compareFigure", "Export figure…", "Save the sentence, the charts and Table two as PNG or SVG"
        )
        self.how = self._tool("compareHowComputed", "How is this computed?", HOW_COMPUTED)
        self.how.clicked.connect(self._on_how_clicked)

    def _build_charts(self) -> None:
        """The lead/lag sentence, the plots and Table two beside them in a splitter."""
        self.sentence = QLabel()
        self.sentence.setObjectName("leadLagSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground(self.theme.background)  # (not pyqtgraph's black before the first rows)
        self.plots.setObjectName("comparePlots")
        self.plots.ci.setContentsMargins(0, 4, 12, 4)
        self.plots.ci.layout.setVerticalSpacing(6)
        self.plots.ci.layout.setHorizontalSpacing(0)
        self.heatmap = ImportanceHeatmap(self.session, self.importance)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.plots)
        self.split.addWidget(heatmap_panel(self.heatmap))
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([900, 400])
        self.split.setChildrenCollapsible(False)
        # until the user drags the handle, Table two keeps its share as the view is resized
        self._split_dragged = False
        self.split.splitterMoved.connect(self._on_split_splitter_moved)
        self.split.installEventFilter(self)

    def _lay_out(self) -> None:
        """The toolbar over the sentence over the charts."""
        # the choices on the left, view and export on the right; one row below the other when the
        # view is too narrow for both (no "Compare" caption: the dock's title says it)
        self._choices, self._actions = QHBoxLayout(), QHBoxLayout()
        for row, widgets in (
            (self._choices, (self.chooser, self.swap, self.count_shared, self.how)),
            (self._actions, ()),
        ):
            row.setSpacing(6)
            for w in widgets:
                row.addWidget(w)
        self._choices.addStretch(1)
        self._actions.addStretch(1)
        for w in (self.fit, self.export_button, self.figure_button):
            self._actions.addWidget(w)
        self.bar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bar.setSpacing(6)
        self.bar.addLayout(self._choices, 1)
        self.bar.addLayout(self._actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        # the least width is that of the stacked bar (see minimumSizeHint and resizeEvent)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addLayout(self.bar)
        layout.addWidget(self.sentence)
        layout.addWidget(self.split, 1)

    def _connect_signals(self) -> None:
        """Redraw on the user's choices and the session's changes; follow the mouse over the plots."""
        self._density_timer = QTimer(self)
        self._density_timer.setSingleShot(True)
        self._density_timer.setInterval(30)
        self._density_timer.timeout.connect(self._update_density)
        # a filter or an edit is followed on the next turn of the event loop, after the timeline's
        # own redraw (each takes a tenth of a second at a million events); several changes, one rebuild
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self._on_rebuild_timer_timeout)
        self.chooser.chosen.connect(self._on_chooser_chosen)
        self.swap.toggled.connect(self._on_swap_toggled)
        self.count_shared.toggled.connect(self._on_swap_toggled)  # the same: every number again
        self.fit.clicked.connect(self.fit_series)
        self.plots.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.session.filterChanged.connect(self._on_session_data_changed)
        self.session.eventsChanged.connect(self._on_session_data_changed)
        self.session.selectionChanged.connect(self._on_session_selection_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.figure_button.clicked.connect(self._on_figure_button_clicked)

    def _on_split_splitter_moved(self, _pos: int, _index: int) -> None:
        self._split_dragged = True

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        """Share the splitter's width between the charts and Table two when it is resized."""
        if watched is self.split and ev.type() == QEvent.Type.Resize:
            # narrow: Table two goes below the charts, so the charts keep the whole width
            vertical = self.split.width() < STACK_WIDTH
            orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
            # Table two's least height below the charts, or width beside them (no label's word cut)
            least = HEATMAP_MIN if vertical else panel_narrowest(self.heatmap)
            if self.split.orientation() != orientation:
                self.split.setOrientation(orientation)
                heat = self.split.widget(1)
                if heat is not None:
                    heat.setMinimumSize(QSize(0, least) if vertical else QSize(least, 0))
            if not self._split_dragged:
                length = self.split.height() if vertical else self.split.width()
                table = int(max(least, min(HEATMAP_MAX, length * HEATMAP_SHARE)))
                self.split.setSizes([max(0, length - table), table])
        return super().eventFilter(watched, ev)

    def _on_how_clicked(self) -> None:
        # a click shows the note at once (hovering shows it too, as the button's tooltip)
        QToolTip.showText(self.how.mapToGlobal(self.how.rect().bottomLeft()), HOW_COMPUTED, self.how)

    def _tool(self, name: str, text: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setObjectName(name)
        b.setText(text)
        b.setToolTip(tip)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return b

    def _make_theme(self) -> Theme:
        return theme_from_palette(self.palette(), {t.id: t.color for t in self.session.tracks})

    # --- building -------------------------------------------------------------------------------------
    def specs(self) -> list[SeriesSpec]:
        """The compared series' specs."""
        return self.chooser.specs()

    def _color(self, spec: SeriesSpec) -> QColor:
        return self.theme.lane_color(spec.key) if spec.kind == "track" else QColor(spec.color)

    def _default_range(self) -> tuple[float, float]:
        days = [s.days for s in self.series if len(s)] or [
            build_series(self.session, s, count_shared=self.count_shared.isChecked()).days
            for s in self.specs()
        ]
        flat = np.concatenate(days) if days else np.zeros(0)
        if not len(flat):
            span = self.session.columns.span()
            return (float(span[0]), float(span[1])) if span else (700000.0, 740000.0)
        # from the 2nd percentile: one early outlier should not squeeze the rest into a corner
        lo, hi = float(np.percentile(flat, 2)) if len(flat) > 20 else float(flat.min()), float(flat.max())
        pad = max((hi - lo) * 0.05, 60.0)
        return lo - pad, hi + pad

    def rebuild(self) -> None:
        """Recompute every series and number and lay the rows out again."""
        self._allowed = self._compute()
        self._present()

    def _rebuild_in_turns(self) -> None:
        """`rebuild` over two turns of the event loop, the numbers then the rows (tens of ms each at 1M)."""
        self._allowed = self._compute()
        self._present_pending = True
        QTimer.singleShot(NEXT_TURN_MS, self, self._present_if_current)

    def _present_if_current(self) -> None:
        if self._present_pending and not self._dirty and not self.session.closed:
            self._present()

    def _compute(self) -> set[str] | None:
        """Every series and number (no widget changes); the rated events the filter allows."""
        self._dirty = False
        specs = self.specs()
        self.series = [
            build_series(self.session, s, count_shared=self.count_shared.isChecked()) for s in specs
        ]
        self.colors = [self._color(s) for s in specs]
        a, b = (self.series + [None, None])[:2]
        # (each series carries its events' possible starts: no bounds to look up by id)
        self.lead_lag = lead_lag(a, b) if a is not None and b is not None else None
        # every further series is stated against the same leader, so no shown track goes unmentioned
        leader = self.series[1] if self.swap.isChecked() and b is not None else a
        self.extra_stats = [lag_stats(leader, s) for s in self.series[2:] if leader is not None]
        self.cumulative = cumulative(self.series)
        self.importance = self.session.events.importance()
        return self._allowed_rated()

    def _present(self) -> None:
        """Draw the numbers `_compute` made: Table two, the rows, the sentence.

        The rows are painted on the next turn of the event loop: laying them out and their first
        paints (which pyqtgraph repeats while the axes settle) held the window for 100 ms in one
        turn at a million events, about half and half.
        """
        self._present_pending = False
        self.plots.setUpdatesEnabled(False)
        QTimer.singleShot(NEXT_TURN_MS, self, self._paint_rows)
        allowed = self._allowed
        dimmed = set() if allowed is None else {p.event_id for p in self.importance.points} - allowed
        self.heatmap.set_table(self.importance, dimmed)
        self._layout_rows(allowed)
        self._update_sentence()
        self._on_session_selection_changed(self.session.selection())
        if self._fit_pending:
            self._fit_pending = False
            self.fit_series()

    def _paint_rows(self) -> None:
        self.plots.setUpdatesEnabled(True)  # (which asks for their paint)

    def _allowed_rated(self) -> set[str] | None:
        """The rated events (Table two) that the window's filter lets through; None without a filter."""
        mask = self.session.filter_mask()
        if mask is None:
            return None
        # only the table's few ids are looked up, never the whole id column
        cols = self.session.columns
        rated = cols.known_ids(dict.fromkeys(p.event_id for p in self.importance.points))
        return {e for e, row in zip(rated, cols.rows_of(rated).tolist(), strict=True) if mask[row]}

    def _shown_stats(self) -> LagStats | None:
        if self.lead_lag is None:
            return None
        return self.lead_lag.backward if self.swap.isChecked() else self.lead_lag.forward

    def _update_sentence(self) -> None:
        muted = self.theme.muted.name()
        if self.lead_lag is None:
            self.sentence.setText(
                f"<span style='color:{muted}'>Choose two series to measure which moved first.</span>"
            )
            return
        shown = self._shown_stats()
        assert shown is not None
        lines = [f"<span style='font-size:large'><b>{escape_html(shown.sentence())}</b></span>"]
        lines += [f"<b>{escape_html(s.sentence())}</b>" for s in self.extra_stats]
        if detail := shown.detail():
            lines.append(f"<span style='color:{muted}'>{escape_html(detail)}</span>")
        self.sentence.setText("<br>".join(lines))

    def layout_pending(self) -> bool:
        """True while the bins or the rows wait to be laid out for the charts' range (tests wait for False)."""
        return (
            self._density_timer.isActive()
            or self._rebuild_timer.isActive()
            or self._present_pending
            or any(r.range_pending() for r in self.rows)
        )

    def _update_density(self) -> None:
        if not self.density_rows:
            return
        vb = self.rows[0].vb
        d0, d1 = vb.viewRange()[0]
        if d1 - d0 < 1:
            return
        bins = max(6, int(vb.width() / 14)) if vb.width() > 0 else 60
        self.density = counts = density(self.series, start=d0, end=d1, bins=bins)
        unit = unit_of(counts.edges)
        for row in self.density_rows:
            row.set_density(counts, unit)

    # --- the x range, linked with the timeline -----------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        """The shown day range."""
        if not self.rows:
            return self._range or self._default_range()
        x0, x1 = self.rows[0].vb.viewRange()[0]
        return float(x0), float(x1)

    def set_range(self, d0: float, d1: float) -> None:
        """Show these days (from the timeline: no echo back)."""
        self._range = (float(d0), float(d1))
        if self.rows:
            self._syncing = True
            try:
                self.rows[0].vb.setXRange(d0, d1, padding=0)
            finally:
                self._syncing = False

    def fit_series(self) -> None:
        """Show the whole span of the compared series (the timeline follows)."""
        if not self.rows and (self._dirty or self._present_pending):
            self._fit_pending = True  # (not worked out twice: once the series are made and drawn)
            return
        d0, d1 = self._default_range()
        self.set_range(d0, d1)
        self.rangeChanged.emit(d0, d1)

    def _on_master_x_range_changed(self, _vb: object, rng: tuple[float, float]) -> None:
        if not self.rows:
            return  # rows made ahead (prepare_rows) being laid out: no range of the user's yet
        self._range = (float(rng[0]), float(rng[1]))
        self._density_timer.start()
        if not self._syncing:
            self.rangeChanged.emit(*self._range)

    # --- picking -----------------------------------------------------------------------------------------
    def _on_row_clicked(self, row: Row, x: float, y: float, mods: Qt.KeyboardModifier) -> None:
        picked = row.pick(x, y)
        if picked is None or not picked.ids:
            return
        if mods & Qt.KeyboardModifier.ControlModifier:
            self.session.add_to_selection(picked.ids)
        else:
            self.session.set_selection(picked.ids)

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        for row in self.rows:
            if row.vb.sceneBoundingRect().contains(pos):
                p = row.vb.mapSceneToView(pos)
                picked = row.pick(p.x(), p.y())
                text = picked.text if picked is not None else ""
                if literal_html(text) != self.plots.toolTip():
                    self.plots.setToolTip(literal_html(text))
                    if not text:
                        QToolTip.hideText()
                return
        self.plots.setToolTip("")

    # --- the session ---------------------------------------------------------------------------------------
    def _on_chooser_chosen(self, _specs: list) -> None:
        self._dirty = True
        if self.isVisible():
            self.rebuild()

    def _on_swap_toggled(self, _on: bool) -> None:
        self._dirty = True
        if self.isVisible():
            self.rebuild()

    def _on_session_data_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            # the numbers on screen are those of the old filter: say so until the new ones are in
            self._say_computing()
            self._rebuild_timer.start()

    def _say_computing(self) -> None:
        muted = self.theme.muted.name()
        self.sentence.setText(f"<span style='color:{muted}'>Computing…</span>")

    def _on_rebuild_timer_timeout(self) -> None:
        if self._dirty and self.isVisible() and not self.session.closed:
            self._rebuild_in_turns()

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        if not self.rows:
            return
        days = np.array(list(self.session.events.anchor_days(list(ids[:2000])).values()), dtype=float)
        for row in self.rows:
            row.set_selected_days(days)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the bar with its two groups one below the other."""
        hint = super().minimumSizeHint()
        groups = (self._choices.minimumSize().width(), self._actions.minimumSize().width())
        others = (self.split.minimumSizeHint().width(), self.sentence.minimumSizeHint().width())
        return QSize(max(*groups, *others) + 16, hint.height())

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """Stack the bar's two groups when one row would be wider than the view."""
        one_row = self._choices.sizeHint().width() + self._actions.sizeHint().width() + 6 + 16
        direction = QBoxLayout.Direction.LeftToRight
        if ev.size().width() < one_row:
            direction = QBoxLayout.Direction.TopToBottom
        if self.bar.direction() != direction:
            self.bar.setDirection(direction)
        super().resizeEvent(ev)

    def showEvent(self, ev: QShowEvent) -> None:
        """Compute the numbers the first time the view is seen (and when they went stale)."""
        super().showEvent(ev)
        if self._dirty:
            # on a later turn: the dock is drawn first, then the numbers are made, then drawn
            self._say_computing()
            self._rebuild_timer.start()

    def changeEvent(self, ev: QEvent) -> None:
        """Follow the palette (light or dark)."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and hasattr(self, "plots"):
            self.theme = self._make_theme()
            self._dirty = True
            if self.isVisible():
                self.rebuild()

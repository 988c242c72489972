"""The Filters dock: every facet's values with their counts, a date range and Clear all.

Clicking a value (or Space on it) selects or unselects it; values within a facet are ORed, facets
ANDed. A value's count is how many events would be shown with it selected, given the other facets
(`explorer.store.filters.facet_counts`). Long facets (actors, themes, tags) show their first values
and a "Show all" row. Counts are computed only while the dock is visible (the first time just after it
is first shown, so the window appears before the facet columns are read).
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeyEvent, QPalette, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import literal_html
from explorer.state import Session
from explorer.state.filters import FilterState
from explorer.store.filters import FACET_LABELS, FACETS, FacetCounter, FacetValue, Filter
from explorer.timeline.surface import NEXT_TURN_MS
from explorer.timeline.theme import mix
from explorer.ui.facets.date_range import DateRangeBox, data_bounds

FACET_ROLE = Qt.ItemDataRole.UserRole
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
MORE_ROLE = Qt.ItemDataRole.UserRole + 2
#: Facets listed shortly (their first values and "Show all") and how many values that is.
LONG_FACETS = {"actor": 8, "theme": 8, "tag": 10}
#: Facets folded when the panel opens (unless something in them is selected).
FOLDED = ("precision", "flagged", "notes")


class FacetTree(QTreeWidget):
    """The facets as folding sections of values; Space or Return toggles the current value."""

    def __init__(self, on_toggle: Callable[[QTreeWidgetItem], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_toggle = on_toggle
        self.setObjectName("facetTree")
        self.setAccessibleName("Filters")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setIconSize(QSize(10, 10))
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Space and Return toggle the current value (or fold a facet)."""
        item = self.currentItem()
        if item is not None and ev.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_toggle(item)
            return
        super().keyPressEvent(ev)


#: From this many events a recount is spread over several turns of the event loop.
BACKGROUND_MIN = 50_000
#: From this many events the first count's columns are read on a thread (a million take about 2 s;
#: 10,000 took 150 ms on the GUI thread, in the turns right after the window's first paint).
READ_ELSEWHERE_MIN = 5_000
#: A recount spread over turns counts for about this long (s) per turn before letting the loop run.
SLICE_S = 0.015


class WrappedLine(QLabel):
    """A label that wraps onto a second line when narrow, without making its dock scroll.

    "Showing 90,143 of 1,000,000 events" beside Clear all is wider than the Filters dock at
    1024x700: on one line it pushed the whole panel into a sideways scroll. An ordinary wrapping
    label asks for height-for-width layout, and the dock's scroll area then gives the panel its
    preferred height (the facet tree's whole list) and scrolls it; this one asks for the height
    its current width needs instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._lines_height = 0

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        """No height-for-width: see the class."""
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as a word, as tall as the text wrapped at the current width."""
        return QSize(self.fontMetrics().averageCharWidth() * 8, self._height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The whole text on one line."""
        return QSize(super().sizeHint().width(), self._height())

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Set the text; the height it needs is worked out again."""
        super().setText(text)
        self._refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """A new width may need another number of lines."""
        super().resizeEvent(event)
        self._refit()

    def _height(self) -> int:
        return max(self.heightForWidth(max(self.width(), 1)), self.fontMetrics().height())

    def _refit(self) -> None:
        if self._height() != self._lines_height:
            self._lines_height = self._height()
            self.updateGeometry()


class _Count:
    """A recount under way: the filter it counts for, what is left and what is done."""

    __slots__ = ("counter", "done", "filter", "focus", "generation", "todo")

    def __init__(self, generation: int, filter: Filter, counter: FacetCounter, todo: list[str]) -> None:  # noqa: A002
        self.generation = generation
        self.filter = filter
        self.counter = counter
        self.todo = todo
        self.done: dict[str, list[FacetValue]] = {}
        self.focus: tuple[str, str] | None = None


class FacetPanel(QWidget):
    """Facet values with counts; clicking one filters the timeline, the table and the comparison."""

    #: (corpus signature, FacetData) read on a thread, or None when that failed
    columnsLoaded = Signal(object)

    def __init__(
        self,
        state: FilterState,
        visible_range: Callable[[], tuple[float, float]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.columnsLoaded.connect(self._on_columns_loaded, Qt.ConnectionType.QueuedConnection)
        self.state = state
        self._dirty = True
        #: A recount spread over turns (large databases), dropped when the filter or data change meanwhile
        self._count: _Count | None = None
        self._generation = 0
        #: Facets whose counts alone are out of date (after an annotation change; see `_on_state_facets_stale`)
        self._stale: set[str] = set()
        self._expanded: dict[str, bool] = {f: f not in FOLDED for f in FACETS}
        self._show_all: set[str] = set()
        self._headers: dict[str, QTreeWidgetItem] = {}
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        # the columns the first and last day were found for, and those days (one attribute: the
        # facet thread sets it while the GUI thread may read it)
        self._bounds: tuple[object, tuple[int, int] | None] = (None, None)
        self._undated: tuple[object, np.ndarray] = (None, np.zeros(0, dtype=np.int64))  # (the same)
        self.shown_label = WrappedLine()
        self.shown_label.setObjectName("facetShownCount")
        self.clear_button = QPushButton("Clear all")
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setToolTip("Remove every filter")
        self.dates = DateRangeBox(visible_range)
        self.tree = FacetTree(self._on_item_toggled)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        top = QHBoxLayout()
        top.addWidget(self.shown_label, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.dates)
        layout.addWidget(self.tree, 1)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.dates.rangeEdited.connect(self._on_dates_range_edited)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        self.tree.itemCollapsed.connect(self._on_tree_item_collapsed)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        state.changed.connect(self._on_state_changed)
        state.countsStale.connect(self._on_state_changed)
        state.facetsStale.connect(self._on_state_facets_stale)
        state.session.filterChanged.connect(self._update_shown)
        state.session.lanesChanged.connect(self._update_shown)

    def sizeHint(self) -> QSize:
        """A narrow column beside the timeline."""
        return QSize(300, 500)

    # --- for tests and the window ---------------------------------------------------------------------
    def item_for(self, facet: str, value: str) -> QTreeWidgetItem | None:
        """The row of a facet value (refreshing first if needed), None when it is not listed."""
        self.refresh_if_needed()
        return self._items.get((facet, value))

    def count_of(self, facet: str, value: str) -> int | None:
        """The count shown beside a value."""
        item = self.item_for(facet, value)
        return None if item is None else int(item.data(1, Qt.ItemDataRole.UserRole))

    def refresh_if_needed(self) -> None:
        """Recompute the counts if the filter or the data changed since they were shown."""
        if self.state.session.closed:
            return  # (a recount set for the next turn of the event loop, after the window closed)
        if self._dirty:
            self.refresh()
        elif self._stale:
            self._refresh_stale()

    def _refresh_stale(self) -> None:
        """Count again only the facets an annotation change may have changed (a flag, a tag)."""
        if self.state.waiting() or not self._headers:
            return
        facets = tuple(f for f in FACETS if f in self._stale)
        self._stale.clear()
        counts = self.state.counts(facets)
        flt = self.state.filter()
        self.tree.setUpdatesEnabled(False)
        try:
            for facet in facets:
                self._fill_facet(facet, counts.get(facet, []), set(flt.values(facet)))
        finally:
            self.tree.setUpdatesEnabled(True)

    # --- building --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every facet's counts and show them."""
        if self.state.waiting():
            # the columns are on their way from a worker; counting now would read them again here
            self.shown_label.setText("Counting…")
            return
        self._count = None
        self._show_counts(self.state.counts(), self.state.filter())

    def _show_counts(self, counts: dict[str, list[FacetValue]], flt: Filter) -> None:
        """Show every facet's counts (made for `flt`, the present filter)."""
        self._dirty = False
        self._stale.clear()
        self.tree.setUpdatesEnabled(False)
        try:
            for facet in FACETS:
                self._fill_facet(facet, counts.get(facet, []), set(flt.values(facet)))
        finally:
            self.tree.setUpdatesEnabled(True)
        cols = self.state.session.columns
        of, bounds = self._bounds
        if of is not cols:  # (two passes over every event: once per set of columns)
            bounds = data_bounds(cols)
            self._bounds = (cols, bounds)
        self.dates.show_range(flt.date_range, bounds)
        self.clear_button.setEnabled(self.state.is_active())
        self._update_shown()

    def _header(self, facet: str) -> QTreeWidgetItem:
        item = self._headers.get(facet)
        if item is None:
            item = QTreeWidgetItem(self.tree)
            item.setData(0, FACET_ROLE, facet)
            font = QFont(self.font())
            font.setWeight(QFont.Weight.DemiBold)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._headers[facet] = item
        return item

    def _fill_facet(self, facet: str, values: list[FacetValue], selected: set[str]) -> None:
        header = self._header(facet)
        n_sel = len(selected)
        header.setText(0, FACET_LABELS[facet] + (f"  ·  {n_sel} selected" if n_sel else ""))
        header.setForeground(0, QBrush(self.palette().color(QPalette.ColorRole.Text)))
        limit = LONG_FACETS.get(facet)
        shown = values
        if limit is not None and facet not in self._show_all and len(values) > limit + 2:
            shown = values[:limit] + [v for v in values[limit:] if v.value in selected]
        header.takeChildren()
        for key in [k for k in self._items if k[0] == facet]:
            del self._items[key]
        muted = mix(
            self.palette().color(QPalette.ColorRole.Base), self.palette().color(QPalette.ColorRole.Text), 0.5
        )
        for v in shown:
            child = QTreeWidgetItem(header)
            child.setText(0, v.label)
            child.setToolTip(0, literal_html(f"{v.label}: {v.count:,} event{'s' if v.count != 1 else ''}"))
            child.setText(1, f"{v.count:,}")
            child.setData(1, Qt.ItemDataRole.UserRole, v.count)
            child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            child.setForeground(1, QBrush(muted))
            child.setData(0, FACET_ROLE, facet)
            child.setData(0, VALUE_ROLE, v.value)
            on = v.value in selected
            child.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if v.count == 0 and not on:
                child.setForeground(0, QBrush(muted))
            if facet == "track":
                child.setIcon(0, _swatch(self.state.session, v.value))
            self._items[(facet, v.value)] = child
        if len(shown) < len(values) or facet in self._show_all and limit and len(values) > limit + 2:
            more = QTreeWidgetItem(header)
            hidden = len(values) - len(shown)
            more.setText(0, f"Show all {len(values):,}…" if hidden else "Show fewer")
            font = QFont(self.font())
            font.setItalic(True)
            more.setFont(0, font)
            more.setForeground(0, QBrush(self.palette().color(QPalette.ColorRole.Link)))
            more.setData(0, MORE_ROLE, facet)
            more.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        header.setExpanded(self._expanded.get(facet, True) or bool(selected))
        header.setHidden(not values)  # no tags yet, say

    def _update_shown(self) -> None:
        session = self.state.session
        cols = session.columns
        shown, total = session.shown_count(), len(cols)
        of, undated_rows = self._undated
        if of is not cols:  # (the undated rows are few: looked up once per columns)
            undated_rows = np.flatnonzero(~cols.dated)
            self._undated = (cols, undated_rows)
        undated = int(np.count_nonzero(session.shown_mask()[undated_rows]))
        self.shown_label.setText(
            (f"Showing {shown:,} of {total:,} events" if shown != total else f"All {total:,} events shown")
            + (f" ({undated:,} undated)" if undated else "")
        )

    # --- counting over several turns (large databases) -------------------------------------------------
    def _refresh_later(self, focus: tuple[str, str] | None = None) -> None:
        """Recount as a later turn of the event loop asked: in slices for a large database."""
        session = self.state.session
        if session.closed:
            return
        if not self._dirty or len(session.columns) < BACKGROUND_MIN or self.state.waiting():
            self.refresh_if_needed()
            self._focus(focus)
            return
        job = self._count
        if job is None or job.generation != self._generation:
            job = _Count(self._generation, self.state.filter(), self.state.counter(), list(FACETS))
            self._count = job
            # on a turn of its own: what else the change set off (the lanes laid out again, their
            # paint) comes first, not in the same turn (at a million events the two held the window
            # for over 100 ms)
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._count_slice(job))
        job.focus = focus or job.focus

    def _count_slice(self, job: _Count) -> None:
        """Count facets for about SLICE_S, then again on a later turn; show them all once done."""
        if job is not self._count or self.state.session.closed:
            return  # replaced by a newer count, or counted at once (refresh)
        if job.generation != self._generation:
            self._count = None
            self._refresh_later(job.focus)  # the filter or the data changed meanwhile: count afresh
            return
        began = time.perf_counter()
        while job.todo:  # (at least one facet per turn)
            facet = job.todo.pop(0)
            job.done[facet] = self.state.count(job.counter, facet)
            if time.perf_counter() - began >= SLICE_S:
                break
        if job.todo:
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._count_slice(job))
            return
        self._count = None
        self._show_counts(job.done, job.filter)
        self._focus(job.focus)

    def _focus(self, focus: tuple[str, str] | None) -> None:
        again = self._items.get(focus) if focus is not None else None
        if again is not None:
            self.tree.setCurrentItem(again)

    # --- reacting ---------------------------------------------------------------------------------------
    def _on_state_changed(self) -> None:
        self._dirty = True
        self._generation += 1
        if self.isVisible():
            QTimer.singleShot(NEXT_TURN_MS, self, self._refresh_later)  # (see _on_item_toggled)

    def _on_state_facets_stale(self, facets: tuple[str, ...]) -> None:
        self._stale.update(facets)
        if self._count is not None:
            # a recount under way read the annotations before this change: count everything again
            self._dirty = True
            self._generation += 1
        if self.isVisible():
            # on a later turn of the event loop: the write that changed them is drawn first
            QTimer.singleShot(NEXT_TURN_MS, self, self._refresh_later)

    def showEvent(self, ev: QShowEvent) -> None:
        """Compute the counts once the panel is on screen (the first time reads the facet columns)."""
        super().showEvent(ev)
        if self._dirty:
            if not self._headers:
                self.shown_label.setText("Counting…")
                # The first count reads every event's facets (seconds at a million events): let the
                # window paint first; a zero timer set now would run before that paint.
                self.tree.viewport().installEventFilter(self)
                return
            QTimer.singleShot(NEXT_TURN_MS, self, self._refresh_later)

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Start the first count once the panel has been painted (see showEvent)."""
        if ev.type() == QEvent.Type.Paint and obj is self.tree.viewport():
            obj.removeEventFilter(self)
            QTimer.singleShot(NEXT_TURN_MS, self, self._first_refresh)
        return super().eventFilter(obj, ev)

    def _first_refresh(self) -> None:
        session = self.state.session
        if not self.isVisible() or session.closed:
            return
        # numpy imports numpy.ma on the first np.unique of a session (0.15-0.2 s without bytecode):
        # import it now, after the first paint and beside the GUI thread, not in the user's first click
        threading.Thread(target=importlib.import_module, args=("numpy.ma",), daemon=True).start()
        if (
            len(session.columns) >= READ_ELSEWHERE_MIN
            and session.path is not None
            and not self.state.columns_loaded()
        ):
            # The facet columns of a large database take seconds to read: read them on a thread
            # (mostly SQLite's and numpy's work, outside the GIL) and count when they arrive.
            self.state.loading_elsewhere()
            threading.Thread(
                target=self._load_elsewhere, args=(Path(session.path),), name="neutrality-facets", daemon=True
            ).start()
            return
        self.refresh_if_needed()

    def _load_elsewhere(self, path: Path) -> None:
        """On the thread: read the columns; the panel adopts them on the GUI thread."""
        try:
            loaded: object = self.state.load_elsewhere(path)
            if isinstance(loaded, tuple):
                self.state.prepare_row_map(loaded[1])
            # the first and last day too: the first pass over the timeline's columns touches their
            # pages for the first time (about 20 ms on the GUI thread at a million events)
            cols = self.state.session.columns
            self._bounds = (cols, data_bounds(cols))
            self._undated = (cols, np.flatnonzero(~cols.dated))
        except Exception:  # noqa: BLE001 - the count is then made in the GUI thread as before
            loaded = None
        with contextlib.suppress(RuntimeError):  # the panel was deleted meanwhile
            self.columnsLoaded.emit(loaded)

    def _on_columns_loaded(self, loaded: object) -> None:
        session = self.state.session
        if session.closed:
            return
        self.state.columns_arrived(loaded if isinstance(loaded, tuple) else None)
        if self.isVisible():
            # (a filter that waited for the columns was applied just now: count on a later turn)
            QTimer.singleShot(NEXT_TURN_MS, self, self._refresh_later)

    def changeEvent(self, ev: QEvent) -> None:
        """Redraw muted colours after a palette change."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and self._headers:
            self._on_state_changed()

    def _on_item_toggled(self, item: QTreeWidgetItem) -> None:
        more = item.data(0, MORE_ROLE)
        if more:
            self._show_all.symmetric_difference_update({more})
            self.refresh()
            return
        value = item.data(0, VALUE_ROLE)
        facet = item.data(0, FACET_ROLE)
        if value is None:
            item.setExpanded(not item.isExpanded())
            return
        self.state.toggle(facet, value)
        # the counts on a later turn of the event loop: the filtered timeline is drawn first, and
        # neither waits for the other (each is a tenth of a second at a million events)
        QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._refresh_later((facet, value)))

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self._on_item_toggled(item)

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        facet = item.data(0, FACET_ROLE)
        if item.data(0, VALUE_ROLE) is None and facet:
            self._expanded[facet] = True

    def _on_tree_item_collapsed(self, item: QTreeWidgetItem) -> None:
        facet = item.data(0, FACET_ROLE)
        if item.data(0, VALUE_ROLE) is None and facet:
            self._expanded[facet] = False

    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        facet = item.data(0, FACET_ROLE) if item is not None else None
        menu = QMenu(self)
        if facet and self.state.filter().values(facet):
            act = menu.addAction(f"Clear “{FACET_LABELS[facet]}”")
            act.triggered.connect(lambda: self.state.clear(facet))
        clear = menu.addAction("Clear All Filters")
        clear.setEnabled(self.state.is_active())
        clear.triggered.connect(lambda: self.state.clear())
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _on_clear_button_clicked(self) -> None:
        self.state.clear()

    def _on_dates_range_edited(self, rng: tuple[int, int] | None) -> None:
        self.state.set_date_range(rng)


def _swatch(session: Session, track_id: str) -> QIcon:
    """A small square in a track's colour."""
    track = session.track(track_id)
    pm = QPixmap(10, 10)
    pm.fill(QColor(track.color if track else "#888888"))
    return QIcon(pm)

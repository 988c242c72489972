"""Search in the main window: the search bar, the Search dock, Edit > Find.

The bar (a toolbar above the timeline) holds the field; the dock (tabbed with the Filters) lists
the hits. Stepping to a hit (Enter, Shift+Enter, F3, a click in the list) centres the timeline on
it and selects it, so the detail panel shows it. `SearchFeature.state`, `.bar` and `.results` are
the pieces; the facet filter narrows the hits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from explorer.ui.actions import Actions
from explorer.ui.docks import Docks
from explorer.ui.search.search_panel import SearchBar, SearchResults

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.timeline.view import TimelineView

#: The modules of the Search dock's list (read on a thread before `prepare` makes it).
RESULTS_MODULES = ("explorer.ui.search.results",)
DOCK = "searchDock"
#: Stepping to a hit from a view wider than WIDE_VIEW days zooms to STEP_SPAN days around it.
WIDE_VIEW = 365.2425 * 25
STEP_SPAN = 365.2425 * 8
#: The dock the Search dock is tabbed with.
TAB_WITH = "filterDock"


class SearchFeature(QObject):
    """The search state, bar and results, connected to the timeline, the selection and the menu."""

    #: A function from the search worker's thread, to be called on the GUI thread.
    _posted = Signal(object)

    def __init__(
        self,
        session: Session,
        actions: Actions,
        docks: Docks,
        timeline: TimelineView,
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.timeline = timeline
        self.state = session.search
        # a large database is searched on a worker thread; its answers come back through the event loop
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)
        self.state.use_worker(self._posted.emit)
        self.bar = SearchBar(self.state)
        # the bar sits in a toolbar of its own above the timeline
        toolbar = QToolBar("Search Bar", window)
        toolbar.setObjectName("searchToolBar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        toggle = toolbar.toggleViewAction()
        toggle.setObjectName("toggle_searchToolBar")
        toggle.setStatusTip("Show or hide the search bar")
        actions.add_to_section("view", "panels", toggle)
        self.toolbar = toolbar
        self.docks = docks
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        # (the list of hits is made when the dock is first seen: a search brings it forward)
        self.dock: QDockWidget = docks.add_built_when_seen(
            DOCK, "Search", self._build_results, left, TAB_WITH
        )
        docks[TAB_WITH].raise_()
        actions["find"].triggered.connect(self._on_find_triggered)
        actions["find_next"].triggered.connect(lambda: self.state.step(1))
        actions["find_previous"].triggered.connect(lambda: self.state.step(-1))
        self.state.stepped.connect(self._on_state_stepped)
        self._raised_for = ""
        self.state.resultsChanged.connect(self._on_state_results_changed)

    def prepare(self) -> None:
        """Make the Search dock's list now, behind its tab (the window does this when idle after its
        first paint), so that the first search does not also make it (about 15 ms, and its module)."""
        if not self.session.closed:
            self.docks.content(DOCK)

    def _build_results(self) -> SearchResults:
        results = SearchResults(self.state)
        results.clearRequested.connect(self.bar.clear)
        return results

    @property
    def results(self) -> SearchResults:
        """The Search dock's list of hits (built on first use)."""
        results = self.docks.content(DOCK)
        assert isinstance(results, SearchResults)
        return results

    def _on_posted(self, fn: Callable[[], None]) -> None:
        # on a turn of its own, after what is already waiting: a queued call alone ran before the paint
        # the search had asked for (and before a timer already due); from a zero timer it runs after
        # both, so the rest of a page of hits does not hold up the first ones' showing
        QTimer.singleShot(0, fn)

    def _on_find_triggered(self) -> None:
        self.toolbar.show()
        self.bar.focus_field()

    def _on_state_results_changed(self) -> None:
        # a new search brings the list forward (once per query, so the user may switch away)
        query = self.state.query().strip()
        if query and query != self._raised_for and self.dock.toggleViewAction().isChecked():
            self.dock.raise_()
        self._raised_for = query

    def _on_state_stepped(self, event_id: str) -> None:
        self.session.set_selection([event_id])
        cols = self.session.columns
        row = cols.index_of(event_id)
        d0, d1 = self.timeline.visible_range()
        if row is not None and cols.dated[row] and d1 - d0 > WIDE_VIEW:
            # from a view of decades, come close enough to read the hit among its neighbours
            c = float(cols.centre[row])
            self.timeline.zoom_to(c - STEP_SPAN / 2, c + STEP_SPAN / 2)
        self.timeline.centre_on(event_id)

"""Search in the main window (an EXTENSION_MODULES entry): the search bar, the Search dock, Edit > Find.

The bar (a toolbar above the timeline) holds the field; the dock (tabbed with the Filters) lists
the hits. Stepping to a hit (Enter, Shift+Enter, F3, a click in the list) centres the timeline on
it and selects it, so the detail panel shows it. `window.search_state`, `window.search_bar` and
`window.search_results` are the pieces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QToolBar

from explorer.ui.actions import ActionSpec, Key
from explorer.ui.docks import DockSpec
from explorer.ui.search.search_panel import SearchBar, SearchResults

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from explorer.ui.main_window import MainWindow

DOCK = "searchDock"
#: Stepping to a hit from a view wider than WIDE_VIEW days zooms to STEP_SPAN days around it.
WIDE_VIEW = 365.2425 * 25
STEP_SPAN = 365.2425 * 8
#: The dock the Search dock is tabbed with (when it exists).
TAB_WITH = "filterDock"
SPECS = (
    ActionSpec(
        "find", "&Find…", "edit", "select", Key.Find, "Search every event's text, actors, sources and notes"
    ),
    ActionSpec(
        "find_next", "Find &Next", "edit", "select", Key.FindNext, "Go to the next search hit on the timeline"
    ),
    ActionSpec(
        "find_previous",
        "Find Pre&vious",
        "edit",
        "select",
        Key.FindPrevious,
        "Go to the previous search hit on the timeline",
    ),
)


class SearchWiring:
    """Connects the search state and panel to the window's timeline, selection and menu."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.state = window.session.search
        self.results: SearchResults | None = None
        window.search_state = self.state  # type: ignore[attr-defined]
        self.bar = SearchBar(self.state)
        window.search_bar = self.bar  # type: ignore[attr-defined]
        toolbar = QToolBar("Search Bar", window)
        toolbar.setObjectName("searchToolBar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        toggle = toolbar.toggleViewAction()
        toggle.setObjectName("toggle_searchToolBar")
        toggle.setStatusTip("Show or hide the search bar")
        window.menu_actions.add_to_section("view", "panels", toggle)
        self.toolbar = toolbar
        tab_with = TAB_WITH if TAB_WITH in window.docks else None
        spec = DockSpec(DOCK, "Search", self._make_results, Qt.DockWidgetArea.LeftDockWidgetArea, tab_with)
        self.dock: QDockWidget = window.add_dock(spec)
        if tab_with:
            window.docks[tab_with].raise_()
        actions = window.menu_actions
        for spec in SPECS:
            if spec.name not in actions:
                actions.add(spec)
        actions["find"].triggered.connect(self._on_find_triggered)
        actions["find_next"].triggered.connect(lambda: self.state.step(1))
        actions["find_previous"].triggered.connect(lambda: self.state.step(-1))
        self.state.stepped.connect(self._on_state_stepped)
        self._raised_for = ""
        self.state.resultsChanged.connect(self._on_state_results_changed)

    def _make_results(self, window: MainWindow) -> QWidget:
        self.results = SearchResults(self.state)
        self.results.clearRequested.connect(self.bar.clear)
        window.search_results = self.results  # type: ignore[attr-defined]
        return self.results

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
        window = self.window
        window.session.set_selection([event_id])
        cols = window.session.columns
        row = cols.index_of(event_id)
        d0, d1 = window.timeline.visible_range()
        if row is not None and cols.dated[row] and d1 - d0 > WIDE_VIEW:
            # from a view of decades, come close enough to read the hit among its neighbours
            c = float(cols.centre[row])
            window.zoom_to(c - STEP_SPAN / 2, c + STEP_SPAN / 2)
        window.centre_on(event_id)


def install(window: MainWindow) -> None:
    """Add the Search dock and the Find actions to a new window."""
    window.search_wiring = SearchWiring(window)  # type: ignore[attr-defined]

"""Filters and saved views in the main window (an EXTENSION_MODULES entry).

Adds the Filters dock (facets with counts, dates, Clear all), the Saved views dock (tabbed with it),
a summary of the active filters in the status bar, View > Clear Filters, View > Save View… and
File > Open View…. `window.filter_state` and `window.saved_views` are the non-widget halves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from explorer.formats.text import literal_html
from explorer.ui.actions import ActionSpec
from explorer.ui.docks import DockSpec
from explorer.ui.facets.facet_panel import FacetPanel
from explorer.ui.facets.saved_views import SavedViews
from explorer.ui.facets.views_panel import VIEW_FILTER, SavedViewsPanel, open_view_file
from explorer.ui.folders import last_folder, remember_folder

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from explorer.ui.main_window import MainWindow

FILTER_DOCK, VIEWS_DOCK = "filterDock", "viewsDock"
Left = Qt.DockWidgetArea.LeftDockWidgetArea
SPECS = (
    ActionSpec("open_view", "Open &View…", "file", "open", None, "Open a saved view file someone sent you"),
    ActionSpec("clear_filters", "Clear &Filters", "view", "views", "Ctrl+Shift+F", "Show every event again"),
    ActionSpec(
        "save_view",
        "&Save View…",
        "view",
        "views",
        None,
        "Keep the filters, search, zoom, lanes and selection under a name",
    ),
)


class FacetWiring:
    """Connects the filter state, the two docks, the status bar and the menu of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.state = window.session.filters
        self.views = SavedViews(window, window)
        window.filter_state = self.state  # type: ignore[attr-defined]
        window.saved_views = self.views  # type: ignore[attr-defined]
        self.facet_panel: FacetPanel | None = None
        self.views_panel: SavedViewsPanel | None = None
        window.add_dock(DockSpec(FILTER_DOCK, "Filters", self._make_facets, Left))
        views_dock = window.add_dock(DockSpec(VIEWS_DOCK, "Saved Views", self._make_views, Left))
        window.tabifyDockWidget(window.docks[FILTER_DOCK], views_dock)
        window.docks[FILTER_DOCK].raise_()
        self.summary = QLabel()
        self.summary.setObjectName("filterSummary")
        self.summary.setContentsMargins(8, 0, 8, 0)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it names lanes, actors and tags from files
        window.statusBar().insertPermanentWidget(0, self.summary)
        actions = window.menu_actions
        for spec in SPECS:
            if spec.name not in actions:
                actions.add(spec)
        actions["open_view"].triggered.connect(self._on_open_view_triggered)
        actions["clear_filters"].triggered.connect(lambda: self.state.clear())
        actions["save_view"].triggered.connect(self._on_save_view_triggered)
        self.state.changed.connect(self._on_state_changed)
        self._on_state_changed()

    def _make_facets(self, window: MainWindow) -> QWidget:
        self.facet_panel = FacetPanel(self.state, window.timeline.visible_range)
        window.facet_panel = self.facet_panel  # type: ignore[attr-defined]
        return self.facet_panel

    def _make_views(self, window: MainWindow) -> QWidget:
        self.views_panel = SavedViewsPanel(self.views, settings=window.settings)
        window.views_panel = self.views_panel  # type: ignore[attr-defined]
        return self.views_panel

    def _on_state_changed(self) -> None:
        text = self.state.summary()
        self.summary.setText(f"Filtered by {text}" if text else "")
        self.summary.setToolTip(literal_html(text))
        self.summary.setVisible(bool(text))
        self.window.menu_actions["clear_filters"].setEnabled(self.state.is_active())

    def _on_open_view_triggered(self) -> None:
        settings = self.window.settings
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open View", last_folder(settings, "share"), VIEW_FILTER
        )
        if path:
            remember_folder(settings, "share", path)
            open_view_file(self.window, self.views, Path(path))

    def _on_save_view_triggered(self) -> None:
        dock = self.window.docks[VIEWS_DOCK]
        dock.show()
        dock.raise_()
        if self.views_panel is not None:
            self.views_panel.save_current()


def install(window: MainWindow) -> None:
    """Add the filter and saved-view docks to a new window."""
    window.facet_wiring = FacetWiring(window)  # type: ignore[attr-defined]

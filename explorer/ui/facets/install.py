"""Filters and saved views in the main window.

`FiltersFeature` adds the Filters dock (facets with counts, dates, Clear all), a summary of the active
filters in the status bar and View > Clear Filters; its `state` is the non-widget half the search and
saved views use. `SavedViewsFeature` adds the Saved Views dock (tabbed with the Filters), View > Save
View… and File > Open View….
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QStatusBar, QWidget

from explorer.formats.text import literal_html
from explorer.ui.actions import Actions
from explorer.ui.docks import Docks
from explorer.ui.facets.facet_panel import FacetPanel
from explorer.ui.facets.view_state import ViewParts
from explorer.ui.folders import last_folder, remember_folder

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.timeline.view import TimelineView
    from explorer.ui.facets.saved_views import SavedViews
    from explorer.ui.facets.views_panel import SavedViewsPanel

FILTER_DOCK, VIEWS_DOCK = "filterDock", "viewsDock"
Left = Qt.DockWidgetArea.LeftDockWidgetArea


class FiltersFeature(QObject):
    """The filter state, the Filters dock, the status bar's summary and View > Clear Filters."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        docks: Docks,
        timeline: TimelineView,
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.actions = actions
        self.state = session.filters
        self.panel = FacetPanel(self.state, timeline.visible_range)
        docks.add(FILTER_DOCK, "Filters", self.panel, Left)
        self.summary = QLabel()
        self.summary.setObjectName("filterSummary")
        self.summary.setContentsMargins(8, 0, 8, 0)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it names lanes, actors and tags from files
        status.insertPermanentWidget(0, self.summary)
        actions["clear_filters"].triggered.connect(lambda: self.state.clear())
        self.state.changed.connect(self._on_state_changed)
        self._on_state_changed()

    def _on_state_changed(self) -> None:
        text = self.state.summary()
        self.summary.setText(f"Filtered by {text}" if text else "")
        self.summary.setToolTip(literal_html(text))
        self.summary.setVisible(bool(text))
        self.actions["clear_filters"].setEnabled(self.state.is_active())


class SavedViewsFeature(QObject):
    """Saved views (filters, search, zoom, lanes, selection under a name): their dock and menu actions."""

    def __init__(
        self,
        parts: ViewParts,
        actions: Actions,
        docks: Docks,
        settings: QSettings,
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.settings = settings
        self.docks = docks
        self._parts = parts
        self._views: SavedViews | None = None
        self.status = status
        # (the dock's list is made when its tab is first brought forward)
        docks.add_built_when_seen(VIEWS_DOCK, "Saved Views", self._build_panel, Left, tabify_with=FILTER_DOCK)
        docks[FILTER_DOCK].raise_()
        actions["open_view"].triggered.connect(self._on_open_view_triggered)
        actions["save_view"].triggered.connect(self._on_save_view_triggered)

    @property
    def views(self) -> SavedViews:
        """The saved views themselves (made on first use: the dock's tab, or a command)."""
        if self._views is None:
            from explorer.ui.facets.saved_views import SavedViews

            self._views = SavedViews(self._parts, self)
        return self._views

    def _build_panel(self) -> SavedViewsPanel:
        from explorer.ui.facets.views_panel import SavedViewsPanel

        panel = SavedViewsPanel(self.views, settings=self.settings)
        panel.said.connect(self._say)
        return panel

    @property
    def panel(self) -> SavedViewsPanel:
        """The Saved Views dock's list (built on first use)."""
        from explorer.ui.facets.views_panel import SavedViewsPanel

        panel = self.docks.content(VIEWS_DOCK)
        assert isinstance(panel, SavedViewsPanel)
        return panel

    def _on_open_view_triggered(self) -> None:
        from explorer.ui.facets.views_panel import VIEW_FILTER, open_view_file

        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Open View", last_folder(self.settings, "share"), VIEW_FILTER
        )
        if path:
            remember_folder(self.settings, "share", path)
            open_view_file(self.parent_widget, self.views, Path(path), self._say)

    def _say(self, sentence: str) -> None:
        self.status.showMessage(sentence, 6000)

    def _on_save_view_triggered(self) -> None:
        self.docks.bring_forward(VIEWS_DOCK)
        self.panel.save_current()

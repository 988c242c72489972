"""The comparison in the main window: the Compare dock, View > Compare Tracks (Ctrl+K) and the
"compare" named view (`neutrality-explorer --screenshot F --view compare`).

The dock sits in the bottom area, tabbed with the event table; showing it gives it most of the
window's height (and narrows the details panel), so the timeline stays visible above it on the same
day range: zooming or panning either one moves the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStatusBar, QVBoxLayout, QWidget

from explorer.timeline.surface import NEXT_TURN_MS
from explorer.ui.actions import Actions
from explorer.ui.docks import Docks
from explorer.ui.idle_build import build_when_imported

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.timeline.view import TimelineView
    from explorer.ui.compare.compare_view import CompareView

DOCK = "compareDock"
#: The share of the window's height the dock takes when it is brought up ...
SHARE = 0.58
#: ... leaving the timeline (legend, axis, lanes, overview strip) at least this many pixels.
TIMELINE_ROOM = 300
#: What the menu bar, the search bar and the status bar take of the window's height.
CHROME_HEIGHT = 80
#: The details panel is narrowed to this many pixels, so the comparison gets the width.
DETAIL_WIDTH = 330
#: The view is built (hidden) this long (ms) after the timeline's first paint, when the window is idle,
#: so that the first View > Compare Tracks does not also import its modules and make its widgets.
PREBUILD_MS = 2500
VIEW_MODULE = "explorer.ui.compare.compare_view"


class CompareFeature(QObject):
    """The comparison's dock and action, kept on the timeline's day range."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        docks: Docks,
        timeline: TimelineView,
        status: QStatusBar,
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.timeline = timeline
        self.session = session
        self.status = status
        self._seen = False
        # The view (its plots, the analysis and pyqtgraph's plot items) is built when the dock is
        # first seen or the view is first asked for, not before the window's first paint; the dock
        # is there from the start, so a remembered layout puts it back and View > panels lists it.
        self._view: CompareView | None = None
        self.holder = QWidget()
        self.holder.setObjectName("compareHolder")
        self._holder_layout = QVBoxLayout(self.holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.dock: QDockWidget = docks.add(DOCK, "Compare", self.holder, bottom, "tableDock", visible=False)
        actions["compare"].triggered.connect(self.show_compare)
        timeline.rangeChanged.connect(self._on_timeline_range_changed)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        timeline.viewport().installEventFilter(self)

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """At the timeline's first paint, set the view to be built a little later (see PREBUILD_MS)."""
        if ev.type() == QEvent.Type.Paint and obj is self.timeline.viewport():
            obj.removeEventFilter(self)
            QTimer.singleShot(PREBUILD_MS, self, self._prebuild)
        return False

    def _prebuild(self) -> None:
        if self._view is None and not self.session.closed:
            # its modules are read on a thread, its widgets then made on the GUI thread
            build_when_imported(self, (VIEW_MODULE,), self._build_hidden, "compare-imports")

    def _build_hidden(self) -> None:
        if self._view is None and not self.session.closed:
            # (hidden, it computes nothing: its numbers are made when it is first seen)
            view = self.view
            # its rows, empty, on turns of their own (about 40 ms: pyqtgraph lays them out)
            QTimer.singleShot(NEXT_TURN_MS, view, view.prepare_rows)

    @property
    def built(self) -> bool:
        """True once the comparison's widgets exist (built hidden after the first paint, or when asked)."""
        return self._view is not None

    @property
    def view(self) -> CompareView:
        """The comparison's widget (built on first use)."""
        if self._view is None:
            from explorer.ui.compare.compare_view import CompareView

            view = CompareView(self.session)
            view.rangeChanged.connect(self._on_view_range_changed)
            view.exported.connect(lambda text: self.status.showMessage(text, 8000))
            self._holder_layout.addWidget(view)
            self._view = view
        return self._view

    def show_compare(self) -> None:
        """Bring the comparison up, give it room and show the span of the compared series."""
        first = self.view.rows == []
        self.dock.show()
        self.dock.raise_()
        if not self.dock.isFloating():
            win = self.window
            height = min(int(win.height() * SHARE), win.height() - TIMELINE_ROOM - CHROME_HEIGHT)
            win.resizeDocks([self.dock], [max(height, 200)], Qt.Orientation.Vertical)
            detail = self.docks.get("detailDock")
            if detail is not None and detail.isVisible() and detail.width() > DETAIL_WIDTH:
                win.resizeDocks([detail], [DETAIL_WIDTH], Qt.Orientation.Horizontal)
        if first:
            self.view.fit_series()
        else:
            self.view.set_range(*self.timeline.visible_range())

    def _on_view_range_changed(self, d0: float, d1: float) -> None:
        timeline = self.timeline
        timeline.zoom_to(d0, d1)
        # the timeline keeps to its limits: if it clamped the range, the comparison follows it
        t0, t1 = timeline.visible_range()
        if abs(t0 - d0) > 0.5 or abs(t1 - d1) > 0.5:
            self.view.set_range(t0, t1)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        # (a dock behind another tab stays isVisible(); this signal is what says it is seen)
        self._seen = visible
        # (self.view builds the view on its first showing: a remembered layout, View > panels)
        if visible and self.view.rows:
            # back in front: catch up with where the timeline went meanwhile
            self.view.set_range(*self.timeline.visible_range())

    def _on_timeline_range_changed(self, d0: float, d1: float) -> None:
        if self._seen:
            self.view.set_range(d0, d1)

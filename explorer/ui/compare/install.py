"""The comparison in the main window (an EXTENSION_MODULES entry): the Compare dock, View > Compare
Tracks (Ctrl+K) and the "compare" named view (`neutrality-explorer --screenshot F --view compare`).

The dock sits in the bottom area, tabbed with the event table; showing it gives it most of the
window's height (and narrows the details panel), so the timeline stays visible above it on the same
day range: zooming or panning either one moves the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from explorer.ui.actions import ActionSpec
from explorer.ui.compare.compare_view import CompareView
from explorer.ui.docks import DockSpec
from explorer.ui.views import register_view

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from explorer.ui.main_window import MainWindow

DOCK = "compareDock"
#: The share of the window's height the dock takes when it is brought up ...
SHARE = 0.58
#: ... leaving the timeline (legend, axis, lanes, overview strip) at least this many pixels.
TIMELINE_ROOM = 300
#: What the menu bar, the search bar and the status bar take of the window's height.
CHROME_HEIGHT = 80
#: The details panel is narrowed to this many pixels, so the comparison gets the width.
DETAIL_WIDTH = 330
SPEC = ActionSpec(
    "compare",
    "&Compare Tracks",
    "view",
    "views",
    "Ctrl+K",
    "Foreign policy and security side by side: density, cumulative counts, lead and lag, Table two",
)


class CompareWiring:
    """Connects the comparison with the window: its dock, action and the timeline's range."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view: CompareView | None = None
        self._seen = False
        tab_with = "tableDock" if "tableDock" in window.docks else None
        spec = DockSpec(
            DOCK, "Compare", self._make_view, Qt.DockWidgetArea.BottomDockWidgetArea, tab_with, False
        )
        self.dock: QDockWidget = window.add_dock(spec)
        if SPEC.name not in window.menu_actions:
            window.menu_actions.add(SPEC)
        window.menu_actions[SPEC.name].triggered.connect(self.show_compare)
        window.timeline.rangeChanged.connect(self._on_timeline_range_changed)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    def _make_view(self, window: MainWindow) -> QWidget:
        self.view = CompareView(window.session)
        window.compare_view = self.view  # type: ignore[attr-defined]
        self.view.rangeChanged.connect(self._on_view_range_changed)
        self.view.exported.connect(lambda text: window.statusBar().showMessage(text, 8000))
        return self.view

    def show_compare(self) -> None:
        """Bring the comparison up, give it room and show the span of the compared series."""
        first = self.view is not None and self.view.rows == []
        self.dock.show()
        self.dock.raise_()
        if not self.dock.isFloating():
            win = self.window
            height = min(int(win.height() * SHARE), win.height() - TIMELINE_ROOM - CHROME_HEIGHT)
            win.resizeDocks([self.dock], [max(height, 200)], Qt.Orientation.Vertical)
            detail = win.docks.get("detailDock")
            if detail is not None and detail.isVisible() and detail.width() > DETAIL_WIDTH:
                win.resizeDocks([detail], [DETAIL_WIDTH], Qt.Orientation.Horizontal)
        if self.view is not None:
            if first:
                self.view.fit_series()
            else:
                self.view.set_range(*self.window.timeline.visible_range())

    def _on_view_range_changed(self, d0: float, d1: float) -> None:
        timeline = self.window.timeline
        timeline.zoom_to(d0, d1)
        # the timeline keeps to its limits: if it clamped the range, the comparison follows it
        t0, t1 = timeline.visible_range()
        if self.view is not None and (abs(t0 - d0) > 0.5 or abs(t1 - d1) > 0.5):
            self.view.set_range(t0, t1)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        # (a dock behind another tab stays isVisible(); this signal is what says it is seen)
        self._seen = visible
        if visible and self.view is not None and self.view.rows:
            # back in front: catch up with where the timeline went meanwhile
            self.view.set_range(*self.window.timeline.visible_range())

    def _on_timeline_range_changed(self, d0: float, d1: float) -> None:
        if self._seen and self.view is not None:
            self.view.set_range(d0, d1)


def _activate(window: MainWindow) -> None:
    wiring = getattr(window, "compare_wiring", None)
    if wiring is not None:
        wiring.show_compare()


def install(window: MainWindow) -> None:
    """Add the Compare dock and View > Compare Tracks to a new window."""
    window.compare_wiring = CompareWiring(window)  # type: ignore[attr-defined]


register_view("compare", _activate)

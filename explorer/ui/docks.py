"""The window's dock panels by name: features add theirs through `Docks.add` and bring one forward by name.

A dock's name is its objectName, which is also how QMainWindow saves its place; each dock gets a
toggle in View > panels. Features receive the `Docks` host in their constructor (see
explorer.ui.main_window), so no feature needs the window itself to add a panel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from explorer.ui.accessibility import name_clear_buttons
from explorer.ui.actions import Actions
from explorer.ui.window_layout import scrollable

Area = Qt.DockWidgetArea


class Docks(Mapping[str, QDockWidget]):
    """The docks of one main window, by objectName, in the order they were added."""

    def __init__(self, window: QMainWindow, actions: Actions) -> None:
        self._window = window
        self._actions = actions
        self._docks: dict[str, QDockWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._built: dict[str, QWidget] = {}
        self._live = False

    def __getitem__(self, name: str) -> QDockWidget:
        return self._docks[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._docks)

    def __len__(self) -> int:
        return len(self._docks)

    def add(
        self,
        name: str,
        title: str,
        content: QWidget,
        area: Area = Area.RightDockWidgetArea,
        tabify_with: str | None = None,
        visible: bool = True,
    ) -> QDockWidget:
        """Put a widget in a new dock, tabbed with another dock if given, with a toggle in View > panels."""
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        # a dock smaller than its content scrolls instead of clipping it
        dock.setWidget(scrollable(content, name))
        self._place(dock, name, title, area, tabify_with, visible)
        self._built[name] = content
        return dock

    def add_built_when_seen(
        self,
        name: str,
        title: str,
        build: Callable[[], QWidget],
        area: Area = Area.RightDockWidgetArea,
        tabify_with: str | None = None,
        visible: bool = True,
    ) -> QDockWidget:
        """Like `add`, but the content is made by `build` when the dock is first seen (its tab brought
        forward, or the dock shown) or `content` asks for it: a dock behind another tab at start
        then costs nothing before the window's first paint. Its place and toggle are there at once,
        so a remembered layout puts it back."""
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        self._builders[name] = build
        self._place(dock, name, title, area, tabify_with, visible)
        # (a dock behind another tab stays isVisible(); this signal is what says it is seen)
        dock.visibilityChanged.connect(lambda seen: self._on_dock_visibility_changed(name, seen))
        return dock

    def window_shown(self) -> None:
        """Called by the window on its first show, once it has put the docks' tabs in order: the
        docks that are seen then are built on the next turn of the event loop, any other when seen."""
        QTimer.singleShot(0, self._window, self._on_window_settled)

    def _on_window_settled(self) -> None:
        self._live = True
        for name in list(self._builders):
            dock = self._docks[name]
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                self.content(name)

    def _on_dock_visibility_changed(self, name: str, seen: bool) -> None:
        # While the window is first shown every dock is shown, the last tab of each group in front
        # until the window raises the tab it wants; which docks are seen is known a turn later.
        if seen and self._live and name in self._builders:
            self.content(name)

    def content(self, name: str) -> QWidget:
        """The widget in a dock (built now if it was waiting to be seen)."""
        built = self._built.get(name)
        if built is None:
            built = self._built[name] = self._builders.pop(name)()
            self._docks[name].setWidget(scrollable(built, name))
            name_clear_buttons(built)  # (the window named those of the docks built with it)
        return built

    def _place(
        self, dock: QDockWidget, name: str, title: str, area: Area, tabify_with: str | None, visible: bool
    ) -> None:
        self._window.addDockWidget(area, dock)
        if tabify_with is not None:
            self._window.tabifyDockWidget(self._docks[tabify_with], dock)
        dock.setVisible(visible)
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"toggle_{name}")
        toggle.setStatusTip(f"Show or hide the {title.lower()} panel")
        self._actions.add_to_section("view", "panels", toggle)
        self._docks[name] = dock

    def order_tabs(self, names: list[str]) -> None:
        """Put docks already tabbed together in this order of tabs, the first in front."""
        first = self._docks[names[0]]
        for name in names[1:]:
            # tabifying a dock that is in the group already moves its tab to the end
            self._window.tabifyDockWidget(first, self._docks[name])
        first.raise_()

    def bring_forward(self, name: str) -> QDockWidget:
        """Show a dock and put its tab in front."""
        dock = self._docks[name]
        dock.show()
        dock.raise_()
        return dock

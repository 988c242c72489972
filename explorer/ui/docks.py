"""The window's dock panels by name: features add theirs through `Docks.add` and bring one forward by name.

A dock's name is its objectName, which is also how QMainWindow saves its place; each dock gets a
toggle in View > panels. Features receive the `Docks` host in their constructor (see
explorer.ui.main_window), so no feature needs the window itself to add a panel.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from explorer.ui.actions import Actions
from explorer.ui.window_layout import scrollable

Area = Qt.DockWidgetArea


class Docks(Mapping[str, QDockWidget]):
    """The docks of one main window, by objectName, in the order they were added."""

    def __init__(self, window: QMainWindow, actions: Actions) -> None:
        self._window = window
        self._actions = actions
        self._docks: dict[str, QDockWidget] = {}

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
        self._window.addDockWidget(area, dock)
        if tabify_with is not None:
            self._window.tabifyDockWidget(self._docks[tabify_with], dock)
        dock.setVisible(visible)
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"toggle_{name}")
        toggle.setStatusTip(f"Show or hide the {title.lower()} panel")
        self._actions.add_to_section("view", "panels", toggle)
        self._docks[name] = dock
        return dock

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

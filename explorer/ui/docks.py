"""Dock panels of the main window, each made by a small factory; others register more.

A `DockSpec` names the dock (its objectName, which is also how its place is saved), gives its
title and area, and a factory that builds the widget from the window (read `window.session`,
connect to its signals). Register before the window is built with `register_dock`, or call
`window.add_dock(spec)` on a live window; the View menu gets a toggle for each dock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class DockSpec:
    """One dock: name (objectName), title, where it goes and how its widget is made."""

    name: str
    title: str
    factory: Callable[[MainWindow], QWidget]
    area: Area = Area.RightDockWidgetArea
    tabify_with: str | None = None
    visible: bool = True


def _detail_dock(window: MainWindow) -> QWidget:
    from explorer.ui.panels.detail_panel import DetailPanel

    return DetailPanel(window.session)


def _table_dock(window: MainWindow) -> QWidget:
    from explorer.ui.panels.event_table import EventTable

    return EventTable(window.session)


DOCK_SPECS: list[DockSpec] = [
    DockSpec("detailDock", "Details", _detail_dock, Area.RightDockWidgetArea),
    DockSpec("tableDock", "Events", _table_dock, Area.BottomDockWidgetArea),
]

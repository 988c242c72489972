"""How big the main window starts, how its docks share the room, and where Tab goes next.

A first window takes the available screen area (QScreen.availableGeometry: without panels and
docks of the desktop) up to 1600x1000, leaving room for the window manager's title bar; a remembered
geometry that no longer fits the screen (a smaller monitor, a lower resolution) is clamped into it.
Dock sizes follow the window's size, and below NARROW_WIDTH the left column (filters, saved views,
search) joins the event table's tabs at the bottom, so the lanes keep most of the width. Every dock's
content sits in a scroll area unless it scrolls itself, so nothing a dock holds is ever out of reach.
Tab and Shift+Tab pass over widgets that cannot be seen: QMainWindow keeps the docks behind another
tab visible but moves them outside the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QFrame, QScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

#: The size a window opens at when the screen has room for it.
PREFERRED_SIZE = QSize(1600, 1000)
#: What the window manager adds around a window (title bar, borders), kept free of the screen's edges.
FRAME_ALLOWANCE = QSize(16, 40)
#: Below this width the left dock column moves into the bottom tabs.
NARROW_WIDTH = 1280

Area = Qt.DockWidgetArea


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, round(value))))


def first_geometry(area: QRect, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """The geometry (without the frame) of a first window: centred in the area and fitting it."""
    room = area.size() - FRAME_ALLOWANCE
    size = preferred.boundedTo(room).expandedTo(QSize(200, 200))
    x = area.x() + max(0, (area.width() - size.width()) // 2)
    # the title bar sits above the geometry: keep it on the screen too
    y = area.y() + FRAME_ALLOWANCE.height() - 8 + max(0, (room.height() - size.height()) // 2)
    return QRect(x, y, size.width(), size.height())


def clamp_geometry(rect: QRect, area: QRect) -> QRect:
    """A remembered geometry shrunk and moved so that it (and its title bar) lies inside the area."""
    room = area.size() - FRAME_ALLOWANCE
    size = rect.size().boundedTo(room).expandedTo(QSize(200, 200))
    top = area.y() + FRAME_ALLOWANCE.height() - 8
    x = min(max(rect.x(), area.x()), area.x() + area.width() - size.width())
    y = min(max(rect.y(), top), area.y() + area.height() - size.height() - 8)
    return QRect(x, max(y, top), size.width(), size.height())


def fits(rect: QRect, area: QRect) -> bool:
    """Whether a geometry and its title bar lie inside the area."""
    return clamp_geometry(rect, area) == rect


def dock_sizes(width: int, height: int) -> tuple[int, int, int]:
    """Default widths of the left and right dock columns and the bottom docks' height."""
    left = _clamp(width * 0.21, 300, 340)
    right = _clamp(width * 0.25, 320, 440) if width >= NARROW_WIDTH else 320
    bottom = _clamp(height * 0.28, 170, 270)
    return left, right, bottom


def scrollable(content: QWidget, name: str) -> QWidget:
    """The content as it goes into a dock: in a frameless scroll area unless it scrolls itself."""
    if isinstance(content, QAbstractScrollArea):
        return content
    area = QScrollArea()
    area.setObjectName(f"{name}Scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


def apply_default_layout(window: QMainWindow, docks: Mapping[str, QDockWidget]) -> None:
    """Size the docks for the window's current size (a first start, or View > Reset Layout)."""
    left, right, bottom = dock_sizes(window.width(), window.height())
    table = docks.get("tableDock")
    if window.width() < NARROW_WIDTH and table is not None:
        for dock in docks.values():
            if window.dockWidgetArea(dock) == Area.LeftDockWidgetArea and not dock.isFloating():
                window.tabifyDockWidget(table, dock)
        table.raise_()
    elif table is not None:
        table.raise_()  # as on a first start: the event table's tab in front
    lefts = [d for d in docks.values() if window.dockWidgetArea(d) == Area.LeftDockWidgetArea]
    rights = [d for d in docks.values() if window.dockWidgetArea(d) == Area.RightDockWidgetArea]
    bottoms = [d for d in docks.values() if window.dockWidgetArea(d) == Area.BottomDockWidgetArea]
    horizontal = lefts[:1] + rights[:1]
    widths = ([left] if lefts else []) + ([right] if rights else [])
    if horizontal:
        window.resizeDocks(horizontal, widths, Qt.Orientation.Horizontal)
    if bottoms:
        window.resizeDocks(bottoms[:1], [bottom], Qt.Orientation.Vertical)


def shrink_side_docks(window: QMainWindow, docks: Mapping[str, QDockWidget]) -> None:
    """After the window got narrower: side docks wider than this size's defaults give the room back,
    so the lanes are not the only thing that shrinks."""
    left, right, _ = dock_sizes(window.width(), window.height())
    shown = [d for d in docks.values() if d.isVisible() and not d.isFloating()]
    for area, width in ((Area.LeftDockWidgetArea, left), (Area.RightDockWidgetArea, right)):
        column = [d for d in shown if window.dockWidgetArea(d) == area and not d.visibleRegion().isEmpty()]
        if column and column[0].width() > width:
            window.resizeDocks(column[:1], [width], Qt.Orientation.Horizontal)


def on_screen(window: QWidget, widget: QWidget) -> bool:
    """Whether a widget shows in the window (docks behind another tab are moved outside it)."""
    if not widget.isVisible() or widget.window() is not window:
        return False
    return window.rect().intersects(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def next_tab_stop(window: QWidget, start: QWidget, forward: bool) -> QWidget | None:
    """The next widget in the focus chain that takes Tab and can be seen; None when there is none."""
    w: QWidget | None = start
    for _ in range(5000):  # the chain is a ring; this only guards against a broken one
        assert w is not None
        w = w.nextInFocusChain() if forward else w.previousInFocusChain()
        if w is None or w is start:
            return None
        takes_tab = bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.focusProxy() is None
        if takes_tab and w.isEnabled() and on_screen(window, w):
            return w
    return None

"""Finding what a window's docks clip: widgets outside their parent, squeezed below their minimum
size, or scroll content that cannot be scrolled to."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QMainWindow, QScrollArea, QWidget

TOLERANCE = 1


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}({w.objectName() or '-'})"


def _contained(inner: QRect, outer: QRect) -> bool:
    return outer.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE).contains(inner)


def _scroll_problems(area: QScrollArea, path: str) -> list[str]:
    """Scroll content larger than the viewport is fine only when it can be scrolled to."""
    content = area.widget()
    if content is None or not content.isVisible():
        return []
    out = []
    view = area.viewport().size()
    for wider, policy, bar, what in (
        (
            content.width() > view.width() + TOLERANCE,
            area.horizontalScrollBarPolicy(),
            area.horizontalScrollBar(),
            "wide",
        ),
        (
            content.height() > view.height() + TOLERANCE,
            area.verticalScrollBarPolicy(),
            area.verticalScrollBar(),
            "high",
        ),
    ):
        if wider and (policy == Qt.ScrollBarPolicy.ScrollBarAlwaysOff or bar.maximum() <= 0):
            out.append(f"{path}: the content is too {what} for its viewport and cannot be scrolled")
    return out + _problems(content, f"{path}/{_name(content)}")


def _problems(parent: QWidget, path: str) -> list[str]:
    out: list[str] = []
    for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isVisible() or child.isWindow():
            continue
        where = f"{path}/{_name(child)}"
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            continue
        if not _contained(child.geometry(), parent.rect()):
            out.append(f"{where}: {child.geometry().getRect()} lies outside {parent.rect().getRect()}")
            continue
        # what a layout honours: an explicit minimum size, else the widget's own hint
        hint = child.minimumSizeHint()
        least = (child.minimumWidth() or hint.width(), child.minimumHeight() or hint.height())
        if child.layout() is None and (
            child.width() < least[0] - TOLERANCE or child.height() < least[1] - TOLERANCE
        ):
            out.append(f"{where}: squeezed to {child.size().toTuple()} below {least}")
        if isinstance(child, QScrollArea):
            out += _scroll_problems(child, where)
        elif not isinstance(child, QAbstractScrollArea):
            out += _problems(child, where)
    return out


def clipping_problems(window: QMainWindow, sideways_ok: bool = False) -> list[str]:
    """Everything a shown dock (or the central area) clips, as sentences; empty when nothing is.
    Unless sideways_ok, a dock whose content fits only by scrolling sideways counts too."""
    out: list[str] = []
    for name, dock in getattr(window, "docks", {}).items():
        if not dock.isVisible() or dock.visibleRegion().isEmpty():
            continue  # closed, or behind another tab
        if not _contained(dock.geometry(), window.rect()):
            out.append(
                f"{name}: {dock.geometry().getRect()} lies outside the window {window.rect().getRect()}"
            )
        content = dock.widget()
        inner = content.widget() if isinstance(content, QScrollArea) else None
        if inner is not None and not sideways_ok and inner.width() > content.viewport().width() + TOLERANCE:
            out.append(
                f"{name}: {inner.width()} px of content in {content.viewport().width()} px, scrolled sideways"
            )
        if isinstance(content, QScrollArea):
            out += _scroll_problems(content, name)
        elif content is not None and not isinstance(content, QAbstractScrollArea):
            out += _problems(content, name)
    central = window.centralWidget()
    if central is not None:
        out += _problems(central, "central")
    return out


def choose_in_menu(qtbot, chooser, label: str) -> None:
    """Open the series menu with a click and click the entry with this label."""
    picked: list[str] = []

    def click_entry() -> None:
        menu = chooser.menu_
        act = next(a for a in menu.actions() if a.text() == label)
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(act).center())
        picked.append(label)

    QTimer.singleShot(50, click_entry)
    qtbot.mouseClick(chooser, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(picked))

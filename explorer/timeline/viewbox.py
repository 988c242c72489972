"""The timeline's ViewBox: wheel zooms around the cursor, drag pans, Shift-drag draws a rubber band."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent, MouseDragEvent

    from explorer.timeline.view import TimelineView


class TimelineViewBox(pg.ViewBox):
    """x-only zoom and pan; clicks, double-clicks and rubber bands go back to the TimelineView."""

    def __init__(self, owner: TimelineView) -> None:
        super().__init__(enableMenu=False, invertY=True, defaultPadding=0.0)
        self._owner = owner
        self._banding = False
        self._band_add = False
        self.setMouseEnabled(x=True, y=False)
        self.setMouseMode(pg.ViewBox.PanMode)
        self.disableAutoRange()

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """Left click selects (Ctrl adds or removes)."""
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        if not ev.double():  # double-clicks are handled by the view (zoom in)
            self._owner._on_mark_clicked(ev.scenePos(), ev.modifiers())

    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        """Shift-drag selects a time range over the lanes it covers; any other left drag pans."""
        if ev.button() == Qt.MouseButton.LeftButton:
            # the keys held when the button went down decide what the drag does
            mods = ev.modifiers() | self._owner.press_modifiers
            if ev.isStart():
                self._banding = bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self._band_add = bool(mods & Qt.KeyboardModifier.ControlModifier)
            if self._banding:
                ev.accept()
                start = ev.buttonDownScenePos(Qt.MouseButton.LeftButton)
                self._owner._on_band_dragged(start, ev.scenePos(), ev.isFinish(), self._band_add)
                if ev.isFinish():
                    self._banding = False
                return
        super().mouseDragEvent(ev, axis)

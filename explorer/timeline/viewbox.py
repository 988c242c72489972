"""The timeline's ViewBox: wheel zooms around the cursor, drag pans, Shift-drag draws a rubber band.

It knows nothing of the view that holds it: clicks and rubber bands go out as signals (in scene
coordinates), which the timeline's interaction controller turns into selections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent, MouseDragEvent


class TimelineViewBox(pg.ViewBox):
    """x-only zoom and pan; single clicks and rubber bands are emitted as signals."""

    #: A single left click: scene position and the keys held.
    clicked = Signal(QPointF, Qt.KeyboardModifier)
    #: A Shift-drag: start and present scene positions, whether it ended, whether Ctrl adds to the selection.
    bandDragged = Signal(QPointF, QPointF, bool, bool)

    def __init__(self) -> None:
        super().__init__(enableMenu=False, invertY=True, defaultPadding=0.0)
        #: The keys held as the button went down (the view sets it: a drag's own events may lack them).
        self.press_modifiers = Qt.KeyboardModifier.NoModifier
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
            self.clicked.emit(ev.scenePos(), ev.modifiers())

    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        """Shift-drag selects a time range over the lanes it covers; any other left drag pans."""
        if ev.button() == Qt.MouseButton.LeftButton:
            # the keys held when the button went down decide what the drag does
            mods = ev.modifiers() | self.press_modifiers
            if ev.isStart():
                self._banding = bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self._band_add = bool(mods & Qt.KeyboardModifier.ControlModifier)
            if self._banding:
                ev.accept()
                start = ev.buttonDownScenePos(Qt.MouseButton.LeftButton)
                self.bandDragged.emit(start, ev.scenePos(), ev.isFinish(), self._band_add)
                if ev.isFinish():
                    self._banding = False
                return
        super().mouseDragEvent(ev, axis)

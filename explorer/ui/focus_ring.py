"""A visible focus ring around the button that has keyboard focus.

The flat and glyph buttons (flag, stars, tag chips' ● and ✕, the undated records, icon-only tool
buttons) and the views (the details text, the event table, the filter tree) draw no focus indication of their
own in Fusion, so Tab and Enter moved onto them unseen. One overlay
per window (the main window and each dialog, made when first needed) draws a ring in the palette's
highlight colour around the focused button, only when the focus came from the keyboard (a click shows
where it went already). Built by `explorer.ui.accessibility`.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QGraphicsView,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

#: How far the ring stands off the button, and its width, in pixels.
MARGIN = 2
WIDTH = 2


def _address(widget: QWidget) -> int:
    """The C++ object's address: a key that does not depend on which Python wrapper is at hand."""
    return int(shiboken6.getCppPointer(widget)[0])


def wants_ring(widget: QWidget | None) -> bool:
    """True for the widgets that show no focus of their own.

    Flat buttons (check and radio boxes draw theirs), and the views a reader moves through: the details
    text, the event table, the filter tree (Fusion highlights no view's frame; a text field one types in
    shows its caret, and the timeline draws its own frame).
    """
    if isinstance(widget, QAbstractButton):
        return not isinstance(widget, QCheckBox | QRadioButton)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.isReadOnly()
    return isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QGraphicsView)


class FocusRing(QWidget):
    """A mouse-transparent overlay over one window that rings its keyboard-focused button."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def ring(self, target: QWidget | None) -> None:
        """Ring this button of the window (None: hide the ring)."""
        if self.target is not None and self.target is not target:
            self.target.removeEventFilter(self)
        self.target = target
        if target is None:
            self.hide()
            return
        target.installEventFilter(self)
        self._follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the button as it moves, resizes or hides (a scrolled panel, a redrawn chip)."""
        if watched is self.target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Hide,
            QEvent.Type.Show,
        ):
            self._follow()
        return False

    def ring_rect(self) -> QRect:
        """Where the ring is drawn, in the window's coordinates (empty when hidden)."""
        return self.geometry() if self.isVisible() else QRect()

    def _follow(self) -> None:
        target, owner = self.target, self.parentWidget()
        if target is None or owner is None or not target.isVisible():
            self.hide()
            return
        top_left = target.mapTo(owner, target.rect().topLeft())
        pad = MARGIN + WIDTH
        self.setGeometry(QRect(top_left, target.size()).adjusted(-pad, -pad, pad, pad))
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded ring in the highlight colour, inside this overlay's edge."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), WIDTH)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = WIDTH / 2
        p.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 4, 4)
        p.end()


class FocusRings(QObject):
    """Watches the application's focus and keeps one FocusRing per window that needs one."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRings")
        self.window = window
        self.rings: dict[int, FocusRing] = {}
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def ring_of(self, window: QWidget) -> FocusRing:
        """The ring overlay of a window (made on first use, gone with the window)."""
        key = _address(window)
        ring = self.rings.get(key)
        if ring is None:
            ring = self.rings[key] = FocusRing(window)
            ring.destroyed.connect(lambda *_: self.rings.pop(key, None))
        return ring

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        try:
            if old is not None and (ring := self.rings.get(_address(old.window()))) is not None:
                ring.ring(None)
        except RuntimeError:  # the old widget is being destroyed: its window's ring goes with it
            pass
        keyboard = QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton
        popup = new is not None and new.window().windowType() == Qt.WindowType.Popup  # a combo's list
        if new is not None and keyboard and not popup and wants_ring(new) and self._owns(new):
            self.ring_of(new.window()).ring(new)

    def _owns(self, widget: QWidget) -> bool:
        """True for a widget of this main window or of one of its dialogs (another window has its own)."""
        top = widget.window()
        while (parent := top.parentWidget()) is not None:
            top = parent.window()
        return top is self.window

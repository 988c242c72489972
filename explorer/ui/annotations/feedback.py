"""Telling the user why an annotation was not saved, without a modal dialog in the way."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QToolTip, QWidget

from explorer.formats.text import literal_html
from explorer.store import StoreError


def tell(widget: QWidget, sentence: str, msecs: int = 8000) -> None:
    """Show one sentence in the window's status bar (or as a tooltip by the widget)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(sentence, msecs)
    else:
        QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), literal_html(sentence), widget)


def report(widget: QWidget, exc: StoreError) -> None:
    """Show a store error's sentence."""
    tell(widget, str(exc))

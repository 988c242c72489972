"""The one place the app hands a link to the system: http, https and mailto only, refusals said in a sentence."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QMainWindow, QTextBrowser, QToolTip, QWidget

from explorer.formats.text import literal_html, safe_link

#: What an inert text browser shows for any image: one transparent pixel.
_BLANK = QImage(1, 1, QImage.Format.Format_ARGB32)
_BLANK.fill(0)
#: How much of a refused link a sentence quotes.
_SHOWN = 80


def _quoted(url: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in url.strip())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def tell(widget: QWidget, sentence: str, msecs: int = 10000) -> None:
    """One sentence in the window's status bar, or as a tooltip by the widget in a dialog."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(sentence, msecs)  # the status bar shows plain text only
    else:
        QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), literal_html(sentence), widget)


def open_link(widget: QWidget, url: QUrl | str) -> bool:
    """Open a web or e-mail link in the system's program; refuse every other scheme. True when it opened."""
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded) if isinstance(url, QUrl) else url
    allowed = safe_link(text)
    qurl = QUrl(allowed or "")
    # Checked again as Qt reads it, so that Qt's parsing cannot turn an allowed text into another scheme.
    encoded = qurl.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    if allowed is None or not qurl.isValid() or safe_link(encoded) is None:
        tell(
            widget,
            f"The link “{_quoted(text)}” was not opened: only web (http, https) and e-mail (mailto) links are.",
        )
        return False
    if not QDesktopServices.openUrl(qurl):
        tell(widget, f"No browser or mail program could open the link “{_quoted(text)}”.")
        return False
    return True


class InertTextBrowser(QTextBrowser):
    """A text browser for imported text: it follows no link itself and loads no image or style sheet.

    Escaping keeps markup out; this is the second wall, so that an <img> that slipped through still
    cannot read a local file (file:///dev/zero once crashed the app).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        """Nothing, whatever is asked for: a blank pixel for an image, no bytes for anything else."""
        # Never None or a null image: for those, QTextDocument reads the local file (or a relative
        # name from the working folder) by itself.
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return _BLANK
        return QByteArray()

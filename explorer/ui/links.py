"""The one place the app hands a link to the system: http, https and mailto only, refusals said in a sentence."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from explorer.formats.text import quoted, safe_link
from explorer.ui.annotations.feedback import tell

#: What an inert text browser shows for any image: one transparent pixel.
_BLANK = QImage(1, 1, QImage.Format.Format_ARGB32)
_BLANK.fill(0)
#: How much of a refused link a sentence quotes.
_SHOWN = 80


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
            f"The link {quoted(text.strip(), _SHOWN)} was not opened: only web (http, https) and e-mail (mailto) "
            "links are.",
        )
        return False
    if not QDesktopServices.openUrl(qurl):
        tell(widget, f"No browser or mail program could open the link {quoted(text.strip(), _SHOWN)}.")
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

"""Help > About: the data's provenance (from the database's meta table) and the versions in use."""

from __future__ import annotations

import json
import sqlite3
import sys

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from explorer import __version__
from explorer.formats.text import escape_html, link_html
from explorer.ui.links import open_link


def versions() -> dict[str, str]:
    """Versions of the app and the libraries it runs on."""
    import numpy
    import pyqtgraph
    import PySide6

    return {
        "Neutrality Explorer": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "SQLite": sqlite3.sqlite_version,
        "NumPy": numpy.__version__,
        "Python": sys.version.split()[0],
    }


def provenance_html(meta: dict[str, str]) -> str:
    """Paper, authors, year, publisher and link as rich text."""
    e = escape_html
    title = meta.get("paper_title") or "Unknown source"
    try:
        authors = ", ".join(json.loads(meta.get("paper_authors", "[]")))
    except ValueError:
        authors = meta.get("paper_authors", "")
    year = (meta.get("paper_published") or "")[:4]
    publisher = ", ".join(x for x in (meta.get("paper_publisher"), meta.get("paper_series")) if x)
    url = meta.get("paper_url", "")
    link = f"<br>{link_html(url)}" if url else ""
    corpus = meta.get("corpus_version")
    corpus_line = f"<br>Corpus version {e(corpus)}" if corpus else ""
    return (
        f"<p>The events are taken from<br><b>{e(title)}</b><br>"
        f"{e(authors)}{' (' + e(year) + ')' if year else ''}"
        f"{'<br>' + e(publisher) if publisher else ''}{link}{corpus_line}</p>"
    )


class AboutDialog(QDialog):
    """What the app is, where its data come from, and what it runs on."""

    def __init__(self, meta: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Neutrality Explorer")
        icon = QLabel()
        app_icon = QGuiApplication.windowIcon()
        if not app_icon.isNull():
            icon.setPixmap(app_icon.pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        rows = "".join(
            f"<tr><td style='padding-right:12px'>{escape_html(k)}</td><td>{escape_html(v)}</td></tr>"
            for k, v in versions().items()
        )
        text = (
            f"<h2>Neutrality Explorer {escape_html(__version__)}</h2>"
            "<p>Explore the events of Belarusian foreign and national-security policy on a zoomable, "
            "sourced timeline.</p>"
            f"{provenance_html(meta)}<h4>Versions</h4><table>{rows}</table>"
        )
        self.label = QLabel(text)
        self.label.setObjectName("aboutText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        # The meta table comes from the workspace file, so its link goes through the app's link policy.
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self._on_label_link_activated)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _on_label_link_activated(self, url: str) -> None:
        open_link(self, url)

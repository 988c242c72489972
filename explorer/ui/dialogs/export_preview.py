"""The export dialog's live preview: the start of the text, a thumbnail of a picture, or a table summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.bundle import Bundle, tag_objects

#: How much rendered text the preview shows.
MAX_LINES = 120
MAX_CHARS = 12_000


def text_excerpt(text: str) -> str:
    """The first part of an export's text (no byte-order mark), cut at a line end."""
    lines = text.lstrip("\ufeff").splitlines()
    cut = "\n".join(lines[:MAX_LINES])
    more = len(lines) > MAX_LINES
    if len(cut) > MAX_CHARS:
        cut, more = cut[:MAX_CHARS].rsplit("\n", 1)[0], True
    return cut + ("\n…" if more else "")


def table_rows(bundle: Bundle) -> list[tuple[str, int]]:
    """What an SQLite subset of the bundle would hold: (table, rows)."""
    return [
        ("events", len(bundle.events)),
        ("tracks", len(bundle.tracks)),
        ("sources", len(bundle.sources)),
        ("actors", len(bundle.actors)),
        ("themes", len(bundle.themes)),
        ("notes", sum(len(n) for n in bundle.notes.values())),
        ("tags", len(tag_objects(bundle))),
        ("event_tags", sum(len(t) for t in bundle.tags.values())),
        ("assessments", len(bundle.assessments)),
        ("periods", len(bundle.periods)),
        ("links", len(bundle.links)),
    ]


class ExportPreview(QWidget):
    """A caption over one of three pages: text, picture, table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPreview")
        self.caption = QLabel()
        self.caption.setObjectName("previewCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # captions may quote titles and file names
        self.caption.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("previewText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.picture = QLabel()
        self.picture.setObjectName("previewPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setFrameShape(QFrame.Shape.StyledPanel)
        self.picture.setMinimumSize(320, 200)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("previewTable")
        self.table.setHorizontalHeaderLabels(["Table", "Rows"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.pages = QStackedWidget()
        for w in (self.text, self.picture, self.table):
            self.pages.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.caption)

    def show_text(self, text: str, caption: str, wrap: bool = False) -> None:
        """The start of a text export (wrapped for prose such as Markdown)."""
        mode = QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap
        self.text.setLineWrapMode(mode)
        self.text.setPlainText(text_excerpt(text))
        self.pages.setCurrentWidget(self.text)
        self.caption.setText(caption)

    def show_image(self, image: QImage, caption: str) -> None:
        """A thumbnail of a picture."""
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.pages.setCurrentWidget(self.picture)
        self.caption.setText(caption)

    def show_tables(self, bundle: Bundle, caption: str) -> None:
        """The tables of an SQLite export and how many rows each gets."""
        rows = table_rows(bundle)
        self.table.setRowCount(len(rows))
        for r, (name, count) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            cell = QTableWidgetItem(f"{count:,}")
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, cell)
        self.pages.setCurrentWidget(self.table)
        self.caption.setText(caption)

    def show_message(self, sentence: str) -> None:
        """No preview, and why."""
        self.text.setPlainText("")
        self.pages.setCurrentWidget(self.text)
        self.caption.setText(sentence)

    def current_text(self) -> str:
        """The text shown (for tests and accessibility)."""
        return self.text.toPlainText()

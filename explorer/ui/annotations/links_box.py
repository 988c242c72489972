"""An event's links to and from other events: click one to go there; add with a searchable dialog."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QIcon, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import escape_html, literal_html
from explorer.model import Link
from explorer.state import Session
from explorer.store import StoreError
from explorer.timeline.annotation_overlays import link_color
from explorer.ui.annotations.feedback import report
from explorer.ui.panels.detail_html import Colors


def _dot(color: QColor, size: int = 10) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


def describe_link(link: Link, event_id: str, title: str) -> tuple[str, str]:
    """(plain text, sentence) for a link seen from one of its events."""
    if link.source == event_id:
        return f"{link.type} → {title}", f"This event is “{link.type}” {title}."
    return f"← {title} ({link.type} this)", f"{title} is “{link.type}” this event."


class LinkRow(QFrame):
    """One link: the type in its colour, the other event's title (click to go there), and a remove button."""

    clicked = Signal(str)
    removeRequested = Signal(int)
    menuRequested = Signal(QPoint)

    def __init__(self, link: Link, event_id: str, title: str, colors: Colors, editable: bool) -> None:
        super().__init__()
        self.setObjectName("linkRow")
        self.link = link
        self.other = link.target if link.source == event_id else link.source
        self.text, sentence = describe_link(link, event_id, title)
        color = link_color(link.type, QColor(colors.muted))
        kind = f"<span style='color:{color.name()}'>●</span>&nbsp;<b>{escape_html(link.type)}</b>"
        name = f"<span style='color:{colors.link}'>{escape_html(title)}</span>"
        text = f"{kind} → {name}" if link.source == event_id else f"{kind} ← {name}"
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setToolTip(
            literal_html(sentence + (f"\n{link.note}" if link.note else "") + "\nClick to go there.")
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            f"QFrame#linkRow {{ border-radius: 4px; }} QFrame#linkRow:hover {{ background: {colors.quote_bg}; }}"
            " QToolButton { border: none; background: transparent; }"
        )
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeLinkButton")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip("Remove this link")
        self.remove_button.setAccessibleName("Remove link")
        self.remove_button.setAccessibleDescription("Remove this link between the two events")
        self.remove_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(int(self.link.id or 0)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.remove_button.setVisible(editable)

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        """A left click goes to the other event."""
        if ev.button() == Qt.MouseButton.LeftButton and self.rect().contains(ev.position().toPoint()):
            self.clicked.emit(self.other)
        super().mouseReleaseEvent(ev)

    def contextMenuEvent(self, ev: QContextMenuEvent) -> None:
        """Go there or remove the link."""
        self.menuRequested.emit(ev.globalPos())


class LinksBox(QWidget):
    """The links of the event in focus; clicking one asks to select and centre the other event."""

    navigateRequested = Signal(str)
    addRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linksBox")
        self.session = session
        self._event_id = ""
        self._editable = True
        self.rows: list[LinkRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(1)
        self.empty = QLabel("No links yet.")
        self.add_button = QPushButton("Link to Event…")
        self.add_button.setObjectName("addLinkButton")
        self.add_button.setToolTip("Link this event to another one (a response, a consequence…)")
        self.add_button.clicked.connect(self.addRequested)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_box)
        layout.addLayout(row)

    def set_editable(self, editable: bool) -> None:
        """Allow adding and removing links, or not."""
        self._editable = editable
        self.add_button.setEnabled(editable)
        self.refresh()

    def show_event(self, event_id: str) -> None:
        """Show the links of an event ("" clears)."""
        self._event_id = event_id
        self.refresh()

    def other_ids(self) -> list[str]:
        """The linked events, in list order."""
        return [r.other for r in self.rows]

    def refresh(self) -> None:
        """Re-read the links from the store."""
        for r in self.rows:
            self._rows_box.removeWidget(r)
            r.hide()
            r.deleteLater()
        self.rows = []
        links = self.session.annotations.links_for(self._event_id) if self._event_id else []
        cols = self.session.columns
        colors = Colors.from_palette(self.palette())
        for link in links:
            other = link.target if link.source == self._event_id else link.source
            i = cols.index_of(other)
            title = str(cols.titles[i]) if i is not None else f"{other} (no longer in the database)"
            row = LinkRow(link, self._event_id, title, colors, self._editable)
            row.clicked.connect(self._go)
            row.removeRequested.connect(self.remove)
            row.menuRequested.connect(lambda pos, r=row: self._menu(r, pos))
            self._rows_box.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not links)
        self.empty.setStyleSheet(f"color: {colors.muted}")

    def _go(self, other: str | None) -> None:
        if other and self.session.columns.index_of(other) is not None:
            # after the click is handled: going there rebuilds these rows
            QTimer.singleShot(0, self, lambda: self.navigateRequested.emit(other))

    def _menu(self, row: LinkRow, pos: QPoint) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other, link_id = row.other, int(row.link.id or 0)
        menu.addAction("Go to Event", lambda: self._go(other))
        menu.addAction("Remove Link", lambda: self.remove(link_id)).setEnabled(self._editable)
        menu.popup(pos)
        return menu

    def remove(self, link_id: int) -> None:
        """Delete a link (undoable)."""
        try:
            self.session.annotations.delete_link(link_id)
        except StoreError as exc:
            report(self, exc)

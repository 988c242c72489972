"""The detail panel: everything the corpus says about the event in focus, loaded on demand."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QSplitter, QVBoxLayout, QWidget

from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.links import InertTextBrowser, open_link
from explorer.ui.panels.detail_html import Colors, event_html
from explorer.ui.panels.selection_list import SelectionList

EMPTY_TEXT = "Select an event on the timeline or in the table to read what the paper says about it."


class DetailPanel(QWidget):
    """Title, date in words with its EDTF, track, section, summary, quote, sources, actors, themes, importance."""

    #: the event shown ("" for none); a class default because a palette change can come during __init__
    _event_id = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.session = session
        self._event_id = ""
        self._html = ""  # the text shown (see _set_html)
        self._theme_labels: dict[str, str] | None = None
        self.count_label = QLabel()
        self.count_label.setObjectName("selectionCount")
        self.selection_list = SelectionList(session)
        self.browser = InertTextBrowser()
        self.browser.setObjectName("detailText")
        self.browser.setAccessibleName("Event details")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._on_browser_custom_context_menu_requested)
        self._context_actions: list[QAction] = []
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.count_label)
        top_layout.addWidget(self.selection_list)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 3)
        self._top = top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        session.currentChanged.connect(self._on_session_current_changed)
        session.selectionChanged.connect(self._on_session_selection_changed)
        session.eventsChanged.connect(self._on_session_events_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)
        self._on_session_selection_changed(session.selection())
        self.show_event(session.current())

    def shown_event_id(self) -> str:
        """The id of the event shown ("" when none)."""
        return self._event_id

    def text(self) -> str:
        """The shown text as plain text."""
        return self.browser.toPlainText()

    def show_event(self, event_id: str) -> None:
        """Show one event (an empty id clears the panel)."""
        self._event_id = event_id
        if not event_id:
            muted = Colors.from_palette(self.palette()).muted
            self._set_html(f"<p style='color:{muted}; margin:24px 8px'>{EMPTY_TEXT}</p>")
            return
        try:
            event = self.session.events.get(event_id)
        except StoreError as exc:
            self._html = ""
            self.browser.setPlainText(str(exc))
            return
        sources = self.session.events.sources(event.source_ids)
        order = {sid: i for i, sid in enumerate(event.source_ids)}
        sources.sort(key=lambda s: order.get(s.id, 0))
        html = event_html(
            event,
            self.session.track(event.track),
            sources,
            self._themes(),
            self.session.events.meta(),
            Colors.from_palette(self.palette()),
            also=[t for tid in self.session.events.also_on(event_id) if (t := self.session.track(tid))],
        )
        self._set_html(html)

    def _set_html(self, html: str) -> None:
        """Show this text, unless it is already shown: the same event shown again (a flag or note of
        it changed, say) keeps the reader's place and costs no new layout (about 10 ms)."""
        if html == self._html:
            return
        self._html = html
        self.browser.setHtml(html)

    def focus_details(self) -> None:
        """Move keyboard focus to the text (Enter on the timeline)."""
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _themes(self) -> dict[str, str]:
        if self._theme_labels is None:
            self._theme_labels = self.session.events.theme_labels()
        return self._theme_labels

    def add_section_below(self, section: QWidget, name: str) -> QSplitter:
        """Show another feature's box (the annotations) below the paper's text, sharing its room."""
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.setObjectName(name)
        inner.setChildrenCollapsible(False)
        self.splitter.replaceWidget(self.splitter.indexOf(self.browser), inner)
        inner.addWidget(self.browser)
        inner.addWidget(section)
        self.browser.show()
        inner.setStretchFactor(0, 4)
        inner.setStretchFactor(1, 5)
        inner.setSizes([400, 500])
        return inner

    def add_context_action(self, action: QAction) -> None:
        """Offer an action (Copy as Citation) in the text's context menu, after Copy and Select All."""
        self._context_actions.append(action)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The menu a right click at `pos` (in the text's viewport) opens."""
        scrolled = QPoint(
            self.browser.horizontalScrollBar().value(), self.browser.verticalScrollBar().value()
        )
        menu = self.browser.createStandardContextMenu(pos + scrolled)  # (document coordinates)
        menu.setObjectName("detailContextMenu")
        if self._context_actions:
            menu.addSeparator()
            menu.addActions(self._context_actions)
        return menu

    def _on_browser_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.browser.viewport().mapToGlobal(pos))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        open_link(self, url)

    def _on_session_current_changed(self, event_id: str) -> None:
        self.show_event(event_id)

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        many = len(ids) > 1
        was_visible = self._top.isVisibleTo(self)
        self._top.setVisible(many)
        if many and not was_visible:
            rows = min(len(ids), 6)
            list_h = rows * self.selection_list.sizeHintForRow(0) + self.count_label.sizeHint().height() + 12
            self.splitter.setSizes([list_h, max(200, self.height() - list_h)])
        if many:
            self.count_label.setText(f"<b>{len(ids):,} events selected</b> — click one to read it")

    def _on_session_events_changed(self) -> None:
        self._theme_labels = None
        self.show_event(self.session.current())

    def _on_session_annotations_changed(self, ids: list) -> None:
        if self._event_id in ids:
            self.show_event(self._event_id)

    def changeEvent(self, ev: QEvent) -> None:
        """Re-colour the text when the palette changes."""
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and self._event_id:
            self.show_event(self._event_id)

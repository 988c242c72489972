"""The annotation section of the detail panel: assessment, tags, notes and links of the event in focus."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.annotations.assessment_box import AssessmentBox
from explorer.ui.annotations.link_dialog import LinkDialog
from explorer.ui.annotations.links_box import LinksBox
from explorer.ui.annotations.notes_box import NotesBox
from explorer.ui.annotations.tag_box import TagBox
from explorer.ui.panels.detail_html import Colors

READ_ONLY_TEXT = "This database is read-only: your annotations are shown but cannot be changed."


class AnnotationPanel(QScrollArea):
    """Flag, stars and own importance; tags; notes with their editor; links. Follows the current event."""

    navigateRequested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.setAccessibleName("Your annotations")
        # Tab goes straight to the flag and stars: the scroll area itself would take focus unseen
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session = session
        self._event_id = ""
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # sized to fit a narrow dock; should a box still be wider, it scrolls rather than clips
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        inner = QWidget()
        inner.setObjectName("annotationContent")
        self.readonly_notice = QLabel(READ_ONLY_TEXT)
        self.readonly_notice.setObjectName("readOnlyNotice")
        self.readonly_notice.setWordWrap(True)
        self.readonly_notice.setStyleSheet(
            "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e9d27a;"
            " border-radius: 4px; padding: 5px 8px; }"
        )
        self.assessment = AssessmentBox(session)
        self.tags = TagBox(session)
        self.notes = NotesBox(session)
        self.links = LinksBox(session)
        self.links.navigateRequested.connect(self.navigateRequested)
        self.links.addRequested.connect(self.open_link_dialog)
        self.empty = QLabel("Select an event to write notes, tag it or rate it.")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.readonly_notice)
        layout.addWidget(self.empty)
        self._sections: list[QWidget] = []
        for title, box in (
            ("Your assessment", self.assessment),
            ("Tags", self.tags),
            ("Notes", self.notes),
            ("Links", self.links),
        ):
            self._add_section(layout, title, box)
        layout.addStretch(1)
        self.setWidget(inner)
        editable = not session.readonly
        for box in (self.assessment, self.tags, self.notes, self.links):
            box.set_editable(editable)
        self.readonly_notice.setVisible(not editable)
        session.currentChanged.connect(self._on_session_current_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)
        session.eventsChanged.connect(self._on_session_events_changed)
        self.show_event(session.current())

    def _add_section(self, layout: QVBoxLayout, title: str, box: QWidget) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setStyleSheet(f"color: {Colors.from_palette(self.palette()).rule}")
        heading = QLabel(title)
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        heading.setContentsMargins(0, 6, 0, 2)
        for w in (rule, heading, box):
            layout.addWidget(w)
            self._sections.append(w)
        self._sections.remove(box)
        self._sections.append(box)

    def shown_event_id(self) -> str:
        """The event whose annotations are shown."""
        return self._event_id

    def show_event(self, event_id: str) -> None:
        """Show the annotations of an event ("" for none)."""
        self._event_id = event_id
        try:
            event = self.session.events.get(event_id) if event_id else None
        except StoreError:
            event = None
        for w in self._sections:
            w.setVisible(event is not None)
        self.empty.setVisible(event is None)
        self.assessment.show_event(event)
        self.tags.show_event(event_id if event else "")
        self.notes.show_event(event_id if event else "")
        self.links.show_event(event_id if event else "")

    def open_link_dialog(self) -> LinkDialog | None:
        """Open the dialog linking the current event to another (window-modal, not blocking)."""
        if not self._event_id or self.session.readonly:
            return None
        dialog = LinkDialog(self.session, self._event_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_session_current_changed(self, event_id: str) -> None:
        self.show_event(event_id)

    def _on_session_annotations_changed(self, ids: list) -> None:
        if self._event_id and (not ids or self._event_id in ids):
            self.assessment.refresh()
            self.tags.refresh()
            self.notes.refresh()
            self.links.refresh()

    def _on_session_events_changed(self) -> None:
        self.show_event(self.session.current())

"""The annotation section of the detail panel: assessment, tags, notes and links of the event in focus.

The four boxes (some hundred widgets) are built on a turn of the event loop after the window's
first paint (`prepare`), or when an event is shown before that: until then the section only says
how to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.accessibility import name_clear_buttons
from explorer.ui.panels.detail_html import Colors

if TYPE_CHECKING:
    from explorer.ui.annotations.assessment_box import AssessmentBox
    from explorer.ui.annotations.link_dialog import LinkDialog
    from explorer.ui.annotations.links_box import LinksBox
    from explorer.ui.annotations.notes_box import NotesBox
    from explorer.ui.annotations.tag_box import TagBox

READ_ONLY_TEXT = "This database is read-only: your annotations are shown but cannot be changed."


#: The boxes' modules, imported when the boxes are first needed (`prepare` has them read on a thread).
BOX_MODULES = tuple(
    f"explorer.ui.annotations.{name}" for name in ("assessment_box", "tag_box", "notes_box", "links_box")
)


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
        if session.readonly:  # (a style sheet makes Qt style the label through its slower sheet style)
            self.readonly_notice.setStyleSheet(
                "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e9d27a;"
                " border-radius: 4px; padding: 5px 8px; }"
            )
        self.empty = QLabel("Select an event to write notes, tag it or rate it.")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.readonly_notice)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self._layout = layout
        self._sections: list[QWidget] = []
        self._boxes: tuple[AssessmentBox, TagBox, NotesBox, LinksBox] | None = None
        self.setWidget(inner)
        self.readonly_notice.setVisible(session.readonly)
        session.currentChanged.connect(self._on_session_current_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)
        session.eventsChanged.connect(self._on_session_events_changed)
        self.show_event(session.current())

    # --- the boxes, built on first use ----------------------------------------------------------------
    def _built(self) -> tuple[AssessmentBox, TagBox, NotesBox, LinksBox]:
        """The four boxes, built (and hidden) the first time anything needs them."""
        if self._boxes is not None:
            return self._boxes
        from explorer.ui.annotations.assessment_box import AssessmentBox
        from explorer.ui.annotations.links_box import LinksBox
        from explorer.ui.annotations.notes_box import NotesBox
        from explorer.ui.annotations.tag_box import TagBox

        session = self.session
        boxes = (AssessmentBox(session), TagBox(session), NotesBox(session), LinksBox(session))
        self._boxes = boxes
        links = boxes[3]
        links.navigateRequested.connect(self.navigateRequested)
        links.addRequested.connect(self.open_link_dialog)
        # the sections go between the empty note and the stretch at the end
        at = self._layout.indexOf(self.empty) + 1
        for title, box in zip(("Your assessment", "Tags", "Notes", "Links"), boxes, strict=True):
            at = self._add_section(self._layout, at, title, box)
        editable = not session.readonly
        for box in boxes:
            box.set_editable(editable)
        for w in self._sections:
            w.setVisible(False)  # until show_event says which event they are for
        name_clear_buttons(self._layout.parentWidget() or self)
        return boxes

    def prepare(self) -> None:
        """Build the boxes now (hidden until an event is shown), on a quiet turn after the window opens."""
        if not self.session.closed:
            self._built()

    @property
    def assessment(self) -> AssessmentBox:
        """The flag, stars and own importance."""
        return self._built()[0]

    @property
    def tags(self) -> TagBox:
        """The event's tags."""
        return self._built()[1]

    @property
    def notes(self) -> NotesBox:
        """The notes and their editor."""
        return self._built()[2]

    @property
    def links(self) -> LinksBox:
        """The links to other events."""
        return self._built()[3]

    def _add_section(self, layout: QVBoxLayout, at: int, title: str, box: QWidget) -> int:
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
            layout.insertWidget(at, w)
            at += 1
            self._sections.append(w)
        self._sections.remove(box)
        self._sections.append(box)
        return at

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
        self.empty.setVisible(event is None)
        if event is None and self._boxes is None:
            return  # nothing to show or clear yet
        assessment, tags, notes, links = self._built()
        for w in self._sections:
            w.setVisible(event is not None)
        assessment.show_event(event)
        tags.show_event(event_id if event else "")
        notes.show_event(event_id if event else "")
        links.show_event(event_id if event else "")

    def open_link_dialog(self) -> LinkDialog | None:
        """Open the dialog linking the current event to another (window-modal, not blocking)."""
        if not self._event_id or self.session.readonly:
            return None
        from explorer.ui.annotations.link_dialog import LinkDialog

        dialog = LinkDialog(self.session, self._event_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_session_current_changed(self, event_id: str) -> None:
        self.show_event(event_id)

    def _on_session_annotations_changed(self, ids: list) -> None:
        if self._event_id and self._boxes is not None and (not ids or self._event_id in ids):
            for box in self._boxes:
                box.refresh()

    def _on_session_events_changed(self) -> None:
        self.show_event(self.session.current())

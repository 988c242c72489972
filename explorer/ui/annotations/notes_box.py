"""An event's notes: rendered Markdown with Edit / Delete, and the editor that saves as the user types.

Typing never makes one undo step per key: the editor commits after a short pause, on focus-out,
on Ctrl+Enter (which also finishes the note) and before the event, the note or the database
changes. All commits of one note in one editing run share a merge key, so the undo stack folds
them into a single "Add note" or "Edit note" step.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.model import Note
from explorer.state import Session
from explorer.store import StoreError
from explorer.store.errors import InvalidAnnotation
from explorer.ui.annotations.feedback import report, tell
from explorer.ui.annotations.note_html import DELETE_SCHEME, EDIT_SCHEME, notes_html
from explorer.ui.links import InertTextBrowser, open_link
from explorer.ui.panels.detail_html import Colors
from explorer.ui.undo_keys import UndoFallThrough

#: Pause in typing after which the note is saved (ms).
IDLE_MS = 900
_runs = itertools.count(1)


class NoteEditor(QPlainTextEdit):
    """A plain-text Markdown editor that reports focus-out and Ctrl+Enter."""

    focusLost = Signal()
    finishRequested = Signal()

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Ctrl+Enter finishes the note."""
        if ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ev.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
        ):
            ev.accept()
            self.finishRequested.emit()
            return
        super().keyPressEvent(ev)

    def focusOutEvent(self, ev: QFocusEvent) -> None:
        """Save when focus leaves."""
        super().focusOutEvent(ev)
        self.focusLost.emit()


class NotesView(InertTextBrowser):
    """The rendered notes; as tall as its text so the surrounding panel scrolls instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesView")
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(0)
        self.viewport().setAutoFillBackground(False)

    def fit(self) -> None:
        """Height to fit the text at the present width."""
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 2)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """Re-fit when the width changes."""
        super().resizeEvent(ev)
        self.fit()


class NotesBox(QWidget):
    """The notes of the event in focus and one editor for a new or an existing note."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesBox")
        self.session = session
        self._event_id = ""
        self._note_id: int | None = None
        self._run = next(_runs)
        self._dirty = False
        self._failed = ""  # why the last save was refused (disk full, too long...), shown until one succeeds
        self._loading = False
        self._editable = True
        self.view = NotesView()
        self._html = ""  # the notes' text shown
        self.view.anchorClicked.connect(self._on_view_anchor_clicked)
        self.editor = NoteEditor()
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName("Note")
        self.editor.setPlaceholderText("Write a note in Markdown… (saved as you type; Ctrl+Enter to finish)")
        self.editor.setTabChangesFocus(True)
        UndoFallThrough(self.editor)
        self.editor.setFixedHeight(84)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.focusLost.connect(self.commit)
        self.editor.finishRequested.connect(self._on_editor_finish_requested)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.commit)
        self.status = QLabel()
        self.status.setObjectName("noteStatus")
        self.status.setWordWrap(True)  # "Not saved: <why>" may be long; wrap rather than widen the panel
        self.new_button = QPushButton("New note")
        self.new_button.setObjectName("newNoteButton")
        self.new_button.setToolTip("Save this note and start another")
        self.new_button.clicked.connect(self._on_editor_finish_requested)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.view)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        session.aboutToClose.connect(self.commit)
        self._update_status()

    # --- what is shown ---------------------------------------------------------------------------
    def set_editable(self, editable: bool) -> None:
        """Allow writing notes, or not."""
        self._editable = editable
        self.editor.setReadOnly(not editable)
        self.editor.setEnabled(editable)
        self.new_button.setEnabled(editable)
        self.refresh()

    def show_event(self, event_id: str) -> None:
        """Save what is being typed, then show another event's notes with an empty editor."""
        text = self.editor.toPlainText()
        if not self.commit() and text.strip():
            # the text could not be saved (a full disk...): keep it where the user can paste it back
            QGuiApplication.clipboard().setText(text)
            tell(self, f"{self._failed} The note's text was copied to the clipboard.")
        self._event_id = event_id
        self._bind(None, "")
        self.refresh()

    def editing_note(self) -> int | None:
        """The id of the note in the editor (None for a new note)."""
        return self._note_id

    def notes(self) -> list[Note]:
        """The event's notes, oldest first."""
        return self.session.annotations.notes_for(self._event_id) if self._event_id else []

    def refresh(self) -> None:
        """Re-render the notes; follow undo and redo of the note being edited."""
        notes = self.notes()
        if self._note_id is not None and not self._dirty:
            mine = next((n for n in notes if n.id == self._note_id), None)
            if mine is None:
                self._bind(None, "")
            elif mine.body != self.editor.toPlainText():
                self._bind(mine.id, mine.body)
        colors = Colors.from_palette(self.palette())
        me = self.session.annotations.author()
        html = notes_html(notes, colors, self._note_id, readonly=not self._editable, me=me)
        if html != self._html:  # (a flag or tag changed: the notes as they were, scrolled as they were)
            self._html = html
            self.view.setHtml(html)
        self.view.setVisible(bool(notes))
        self.view.fit()
        self._update_status()

    def _bind(self, note_id: int | None, body: str) -> None:
        self.idle.stop()
        self._note_id = note_id
        self._run = next(_runs)
        self._dirty = False
        self._failed = ""
        self._loading = True
        try:
            self.editor.setPlainText(body)
        finally:
            self._loading = False
        self._update_status()

    def _update_status(self) -> None:
        muted = Colors.from_palette(self.palette()).muted
        self.status.setStyleSheet(f"color: {muted}")
        if not self._editable:
            self.status.setText("")
        elif self._failed:
            self.status.setStyleSheet("")
            self.status.setText(f"Not saved: {self._failed}")
        elif self._dirty:
            self.status.setText("Typing…")
        elif self._note_id is not None:
            self.status.setText("Saved · editing this note")
        else:
            self.status.setText("")
        self.new_button.setVisible(self._note_id is not None or bool(self.editor.toPlainText().strip()))

    # --- saving ---------------------------------------------------------------------------------
    def commit(self) -> bool:
        """Save the editor's text now (a new note, or an edit merged into the note's undo step).

        False when the store refused it (a full disk, a note over the limit): the text stays in
        the editor, marked unsaved with the reason, and the next commit tries again.
        """
        self.idle.stop()
        if not self._dirty or not self._event_id or self.session.closed:
            return True
        self._dirty = False
        body = self.editor.toPlainText()
        if not body.strip():
            self._update_status()
            return True
        edits = self.session.annotations
        key = ("note", self._run)
        try:
            if self._note_id is not None:
                try:
                    edits.update_note(self._note_id, body, merge_key=key)
                except InvalidAnnotation:  # the note was taken back (undo) while being typed: keep the text
                    self._note_id, self._run = None, next(_runs)
                    key = ("note", self._run)
            if self._note_id is None:
                self._note_id = edits.add_note(self._event_id, body, merge_key=key).id
                self.refresh()
        except StoreError as exc:
            self._dirty, self._failed = True, str(exc)
            report(self, exc)
            self._update_status()
            return False
        self._failed = ""
        self._update_status()
        return True

    def finish(self) -> None:
        """Save, then empty the editor for a new note (not when the save was refused: the text stays)."""
        if not self.commit():
            return
        self._bind(None, "")
        self.refresh()

    def edit_note(self, note_id: int) -> None:
        """Load an existing note into the editor (unless the text there could not be saved)."""
        if not self.commit():
            return
        note = next((n for n in self.notes() if n.id == note_id), None)
        if note is not None:
            self._bind(note.id, note.body)
            self.refresh()
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def delete_note(self, note_id: int) -> None:
        """Delete a note (undoable); the editor lets go of it."""
        if note_id == self._note_id:
            self._bind(None, "")
        try:
            self.session.annotations.delete_note(note_id)
        except StoreError as exc:
            report(self, exc)

    def _on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.idle.start()
        self._update_status()

    def _on_editor_finish_requested(self) -> None:
        self.finish()

    def _on_view_anchor_clicked(self, url: QUrl) -> None:
        scheme, _, rest = url.toString().partition(":")
        if scheme == EDIT_SCHEME and rest.isdigit():
            self.edit_note(int(rest))
        elif scheme == DELETE_SCHEME and rest.isdigit():
            self.delete_note(int(rest))
        else:
            open_link(self, url)

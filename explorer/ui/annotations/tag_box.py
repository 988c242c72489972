"""An event's tags as coloured chips, a field to add one (completed from existing tags), colour per tag."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import literal_html
from explorer.model import Tag
from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.annotations.feedback import report
from explorer.ui.annotations.flow_layout import FlowLayout
from explorer.ui.undo_keys import UndoFallThrough

#: The most characters of a tag's name a chip shows.
CHIP_CHARS = 32


class TagChip(QFrame):
    """One tag: a colour dot (click to change the colour), its name and a remove button."""

    removeRequested = Signal(str)
    colorRequested = Signal(str)

    def __init__(self, tag: Tag, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChip")
        self.tag_name = tag.name
        # a screen reader hears the chip, then its two glyph buttons, by name rather than "●" and "✕"
        self.setAccessibleName(f"Tag {tag.name}")
        self.setAccessibleDescription(
            f"The tag “{tag.name}” on this event, colour {QColor(tag.color).name()}"
        )
        self.color = tag.color
        c = QColor(tag.color)
        self.setStyleSheet(
            f"QFrame#tagChip {{ border: 1px solid {c.name()}; border-radius: 10px;"
            f" background: rgba({c.red()}, {c.green()}, {c.blue()}, 40); }}"
            " QToolButton { border: none; background: transparent; padding: 0px; }"
        )
        self.color_button = QToolButton()
        self.color_button.setObjectName("tagColorButton")
        self.color_button.setText("●")
        self.color_button.setStyleSheet(f"QToolButton {{ color: {c.name()}; font-size: 14px; }}")
        self.color_button.setToolTip(literal_html(f"Change the colour of “{tag.name}” (everywhere)"))
        self.color_button.setAccessibleName(f"Colour of tag {tag.name}")
        self.color_button.setAccessibleDescription("Change this tag's colour on every event")
        self.color_button.setEnabled(editable)
        self.color_button.clicked.connect(lambda: self.colorRequested.emit(self.tag_name))
        # a long name (up to 80 characters) is cut, so that a chip fits the panel; the tooltip has it all
        name = QLabel(tag.name if len(tag.name) <= CHIP_CHARS else tag.name[: CHIP_CHARS - 1] + "…")
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setObjectName("tagName")
        name.setToolTip(literal_html(tag.name))
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeTagButton")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(literal_html(f"Remove the tag “{tag.name}” from this event"))
        self.remove_button.setAccessibleName(f"Remove tag {tag.name}")
        self.remove_button.setAccessibleDescription(
            "Take this tag off this event (Edit > Undo brings it back)"
        )
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.tag_name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 6, 1)
        layout.setSpacing(3)
        layout.addWidget(self.color_button)
        layout.addWidget(name)
        layout.addWidget(self.remove_button)
        self.remove_button.setVisible(editable)  # after it has a parent, or it would show as a window


#: Chips shown before a "more" button: 200 chips (the most an event may have) take a quarter of a
#: second to build, too slow for selecting an event.
SHOWN_TAGS = 40


class TagBox(QWidget):
    """The tags of the event in focus; Enter in the field adds one, chips remove or recolour."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagBox")
        self.session = session
        self._event_id = ""
        self._editable = True
        self.chips: list[TagChip] = []
        self._all_tags = False  # show every chip (after "more" was clicked), until another event is shown
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreTagsButton")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self._chip_area = QWidget()
        self.more_button.setParent(self._chip_area)
        self.more_button.hide()
        self._flow = FlowLayout(self._chip_area, spacing=5)
        self.edit = QLineEdit()
        self.edit.setObjectName("tagEdit")
        self.edit.setAccessibleName("Add a tag")
        self.edit.setPlaceholderText("Add a tag and press Enter…")
        self.edit.setClearButtonEnabled(True)
        UndoFallThrough(self.edit)  # Ctrl+Z in the empty field takes back the last tag, not nothing
        self.completion_model = QStringListModel(self)
        self.completer = QCompleter(self.completion_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.edit.setCompleter(self.completer)
        self.edit.returnPressed.connect(self._on_edit_return_pressed)
        self.completer.activated.connect(self._on_completer_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(5)
        layout.addWidget(self._chip_area)
        layout.addWidget(self.edit)

    def set_editable(self, editable: bool) -> None:
        """Allow adding, removing and recolouring tags, or not."""
        self._editable = editable
        self.edit.setEnabled(editable)
        self.refresh()

    def show_event(self, event_id: str) -> None:
        """Show the tags of an event ("" clears)."""
        self._event_id = event_id
        self._all_tags = False
        self.edit.setText("")  # not clear(): that keeps an undo step, and Ctrl+Z would refill the field
        self.refresh()

    def tag_names(self) -> list[str]:
        """Names of the tags shown, in order."""
        return [c.tag_name for c in self.chips]

    def refresh(self) -> None:
        """Re-read the event's tags and the completion list."""
        store = self.session.annotations
        tags = store.tags_for(self._event_id) if self._event_id else []
        for chip in self.chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._flow.removeWidget(self.more_button)
        self.chips = []
        shown = tags if self._all_tags or len(tags) <= SHOWN_TAGS else tags[:SHOWN_TAGS]
        for tag in shown:
            chip = TagChip(tag, self._editable, self._chip_area)
            chip.removeRequested.connect(self._on_chip_remove_requested)
            chip.colorRequested.connect(self._on_chip_color_requested)
            self._flow.addWidget(chip)
            self.chips.append(chip)
        hidden = len(tags) - len(shown)
        if hidden:
            self.more_button.setText(f"+ {hidden} more")
            self.more_button.setToolTip(f"Show all {len(tags)} tags of this event")
            self._flow.addWidget(self.more_button)
        self.more_button.setVisible(bool(hidden))
        self._chip_area.setVisible(bool(tags))
        self._order_tab_stops()
        have = {t.name.casefold() for t in tags}
        self.completion_model.setStringList([t.name for t in store.tags() if t.name.casefold() not in have])
        self._chip_area.updateGeometry()

    def _order_tab_stops(self) -> None:
        """Tab reaches the chips' buttons in the order they are drawn, just before the field.

        Chips are made after the field, so Qt would put them last in the window's Tab order, after
        every other panel, where a keyboard user would never find them.
        """
        stops = [b for chip in self.chips for b in (chip.color_button, chip.remove_button)]
        if self.more_button.isVisibleTo(self):
            stops.append(self.more_button)
        if not stops:
            return
        before = self.edit.previousInFocusChain()
        order = [*([before] if before is not None else []), *stops, self.edit]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def add(self, text: str) -> None:
        """Tag the event in focus (several tags at once when separated by commas)."""
        names = [n.strip() for n in text.split(",") if n.strip()]
        if not names or not self._event_id:
            return
        for name in names:
            try:
                self.session.annotations.add_tag(self._event_id, name)
            except StoreError as exc:
                report(self, exc)
                return
        self.edit.setText("")  # not clear(): that keeps an undo step, and Ctrl+Z would refill the field

    def _on_more_button_clicked(self) -> None:
        self._all_tags = True
        self.refresh()

    def _on_edit_return_pressed(self) -> None:
        self.add(self.edit.text())

    def _on_completer_activated(self, text: str) -> None:
        self.add(text)

    def _on_chip_remove_requested(self, name: str) -> None:
        try:
            self.session.annotations.remove_tag(self._event_id, name)
        except StoreError as exc:
            report(self, exc)

    def _on_chip_color_requested(self, name: str) -> None:
        chip = next((c for c in self.chips if c.tag_name == name), None)
        initial = QColor(chip.color if chip else "#888888")
        color = QColorDialog.getColor(initial, self, f"Colour of the tag “{name}”")
        if not color.isValid():
            return
        try:
            self.session.annotations.recolor_tag(name, color.name())
        except StoreError as exc:
            report(self, exc)

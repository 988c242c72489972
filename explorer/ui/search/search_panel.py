"""The search bar (a toolbar above the timeline) and the Search results dock.

The bar holds the field (Ctrl+F), the number of matches and previous/next buttons. Typing searches
after a short pause; Enter and Shift+Enter step to the next and previous hit in the results' order
(best match first by default, or by date), centring the timeline on it and selecting it; Escape
clears the search. Clicking a hit in the results does the same as stepping to it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.state.search import BEST, BY_DATE, DEBOUNCE_MS, PAGE, SearchState
from explorer.timeline.theme import mix
from explorer.ui.accessibility import name_field_buttons

PLACEHOLDER = "Search events, actors, sources, notes…  (Ctrl+F)"
HELP = (
    'Words match as prefixes (lukash finds Lukashenka); "quotes" for a phrase; -word or NOT word to'
    " leave out; a OR b; title:, actor:, theme:, source:, quote:, note:, tag: for one field.\n"
    "Enter and Shift+Enter step through the hits; Escape clears."
)
EMPTY_HINT = (
    "Type in the search field above the timeline.\n\nMatches are marked on the timeline and listed"
    " here with the words that matched. Enter and Shift+Enter step through them; Escape clears."
)


def magnifier(pal: QPalette, size: int = 16) -> QIcon:
    """A small magnifying glass in the palette's muted text colour."""
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    color = mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text), 0.6)
    p.setPen(QPen(color, 1.6))
    p.drawEllipse(QRectF(3, 3, 7.5, 7.5))
    p.setPen(QPen(color, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(9.6, 9.6), QPointF(13, 13))
    p.end()
    return QIcon(pm)


class SearchField(QLineEdit):
    """A line edit that steps with Enter / Shift+Enter and clears with Escape."""

    stepRequested = Signal(int)
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName("Search")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self.setToolTip(HELP)
        icon = self.addAction(magnifier(self.palette()), QLineEdit.ActionPosition.LeadingPosition)
        icon.setObjectName("searchIcon")
        name_field_buttons(self, {"searchIcon": "Search"})  # what a screen reader says for the magnifier

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Enter: next hit; Shift+Enter: previous; Escape: clear."""
        key = ev.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            back = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.stepRequested.emit(-1 if back else 1)
            ev.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.clearRequested.emit()
            ev.accept()
            return
        super().keyPressEvent(ev)


class SearchBar(QWidget):
    """Field, match count and previous/next buttons over a SearchState."""

    def __init__(self, state: SearchState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.state = state
        self.field = SearchField()
        self.field.setMinimumWidth(260)
        self.field.setMaximumWidth(560)
        self.count_label = QLabel()
        self.count_label.setObjectName("searchCount")
        self.previous = self._button("searchPrevious", "‹", "Previous hit (Shift+Enter)")
        self.next = self._button("searchNext", "›", "Next hit (Enter)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addSpacing(6)
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        self.field.textEdited.connect(self._on_field_text_edited)
        self.field.textChanged.connect(self._on_field_text_changed)
        self.field.stepRequested.connect(self._on_field_step_requested)
        self.field.clearRequested.connect(self.clear)
        self.previous.clicked.connect(lambda: self.state.step(-1))
        self.next.clicked.connect(lambda: self.state.step(1))
        state.resultsChanged.connect(self._on_state_results_changed)
        state.stepped.connect(self._on_state_stepped)
        # typing is searched once it pauses: the state says a query waits, this timer runs it
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(state.flush)
        state.queryPending.connect(self._on_state_query_pending)
        self._on_state_results_changed()

    def _on_state_query_pending(self) -> None:
        self._debounce.start()

    def _button(self, name: str, text: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setObjectName(name)
        b.setText(text)
        b.setToolTip(tip)
        # the glyph ("‹", "›") says nothing to a screen reader: the tip without its keys does
        b.setAccessibleName(tip.split(" (")[0])
        b.setAccessibleDescription(tip)
        b.setAutoRaise(True)
        b.setFixedWidth(26)
        return b

    def focus_field(self) -> None:
        """Put the cursor in the field with its text selected (Ctrl+F)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str) -> None:
        """Show and run a query now (restoring a saved view)."""
        self.field.setText(text)
        self.state.set_query(text, immediately=True)

    def clear(self) -> None:
        """Empty the field and clear the search (Escape)."""
        self.field.clear()
        self.state.clear()

    def _on_field_text_edited(self, text: str) -> None:
        self.state.set_query(text)

    def _on_field_text_changed(self, text: str) -> None:
        # the clear button and setText change the text without an edit
        if not text and self.state.query():
            self.state.clear()

    def _on_field_step_requested(self, delta: int) -> None:
        self.state.step(delta)

    def _on_state_results_changed(self) -> None:
        st = self.state
        has = bool(st.hits())
        self.previous.setEnabled(has)
        self.next.setEnabled(has)
        self.count_label.setText(count_words(st))
        self._on_state_stepped("")

    def _on_state_stepped(self, _event_id: str) -> None:
        st = self.state
        if st.position() >= 0 and st.hits():
            self.count_label.setText(f"{st.position() + 1:,} of {count_words(st)}")


def count_words(st: SearchState) -> str:
    """'12 matches', 'No matches', or why nothing was searched."""
    if not st.query().strip():
        return ""
    if st.running():
        return "Searching…"
    if not st.searchable():
        return "Nothing to search for"
    n = st.count()
    return "No matches" if n == 0 else f"{n:,} match{'es' if n != 1 else ''}"


class HitList(QListView):
    """The hits; shows a hint when empty; Escape clears the search from here too."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = EMPTY_HINT

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        """Escape clears; everything else as a list view."""
        if ev.key() == Qt.Key.Key_Escape:
            self.clearRequested.emit()
            ev.accept()
            return
        super().keyPressEvent(ev)

    def paintEvent(self, ev: QPaintEvent) -> None:
        """The list, or the hint when it is empty."""
        super().paintEvent(ev)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.hint:
            p = QPainter(self.viewport())
            pal = self.palette()
            p.setPen(mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text), 0.55))
            r = self.viewport().rect().adjusted(14, 14, -14, -14)
            p.drawText(r, int(Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap), self.hint)
            p.end()


class SearchResults(QWidget):
    """The Search dock: the order of the hits and their list."""

    clearRequested = Signal()

    def __init__(self, state: SearchState, parent: QWidget | None = None) -> None:
        # (the list's model and drawing, with the store's search, load with the dock's first showing)
        from explorer.ui.search.results import HitDelegate, HitListModel

        super().__init__(parent)
        self.setObjectName("searchResultsPanel")
        self.state = state
        self.summary = QLabel()
        self.summary.setObjectName("searchResultsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a search from a view file
        self.order = QComboBox()
        self.order.setObjectName("searchOrder")
        self.order.addItem("Best match first", BEST)
        self.order.addItem("By date", BY_DATE)
        self.order.setToolTip("The order of the list, and of stepping with Enter and Shift+Enter")
        self.model = HitListModel(state, self)
        self.list = HitList()
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        self.list.clearRequested.connect(self.clearRequested)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_clicked)
        self.order.currentIndexChanged.connect(self._on_order_current_index_changed)
        state.resultsChanged.connect(self._on_state_results_changed)
        state.stepped.connect(self._on_state_stepped)
        self._on_state_results_changed()

    def sizeHint(self) -> QSize:
        """As wide as the other docks of the left column."""
        return QSize(300, 400)

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self.state.go_to(index.row())

    def _on_order_current_index_changed(self, _i: int) -> None:
        self.state.set_order(self.order.currentData())

    def _on_state_results_changed(self) -> None:
        st = self.state
        text = count_words(st)
        if text and st.count() > len(st.hits()) and len(st.hits()) == PAGE:
            text += f" (the best {PAGE:,} listed)"
        self.summary.setText(text or "No search")
        hint = "No event matches." if st.searchable() and st.count() == 0 else EMPTY_HINT
        # the rows repaint themselves when they change; the hint only shows on an empty list
        if hint != self.list.hint and self.model.rowCount() == 0:
            self.list.viewport().update()
        self.list.hint = hint
        self._on_state_stepped("")

    def _on_state_stepped(self, _event_id: str) -> None:
        pos = self.state.position()
        if pos < 0:
            return
        index = self.model.index(pos, 0)
        self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)

"""The user's own assessment of an event: a flag, 0-5 stars, and importance per party beside the paper's."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from explorer.formats.text import escape_html
from explorer.model import PARTIES, PARTY_NAMES, Event, importance_score
from explorer.state import Session
from explorer.store import StoreError
from explorer.store.annotations import IMPORTANCE_LEVELS
from explorer.ui.annotations.feedback import report
from explorer.ui.panels.detail_html import Colors

STAR_COLOR = "#e0a100"
#: A star button: room for the 16 px glyph and no more, so the row fits a narrow dock.
STAR_SIZE = QSize(23, 24)
NOT_RATED = "—"
FLAG_TEXT, FLAGGED_TEXT = "⚐  Flag", "⚑  Flagged"


class AssessmentBox(QWidget):
    """Flag button, five stars and an importance combo per party next to the paper's Table two rating."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentBox")
        self.session = session
        self._event_id = ""
        self._stars = 0
        self._build_flag()
        top = self._star_row()
        grid = self._importance_grid()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)
        self._restyle()

    def _build_flag(self) -> None:
        """The flag button, as wide as its longer text."""
        self.flag_button = QToolButton()
        self.flag_button.setObjectName("flagButton")
        self.flag_button.setCheckable(True)
        self.flag_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.flag_button.setToolTip("Flag this event to find it again")
        self.flag_button.setAccessibleDescription("Flag this event to find it again, or take the flag off")
        self.flag_button.clicked.connect(self._on_flag_button_clicked)
        # as wide as its longer text, so flagging does not shift the stars under the pointer
        widths = []
        for text in (FLAG_TEXT, FLAGGED_TEXT):
            self.flag_button.setText(text)
            widths.append(self.flag_button.sizeHint().width())
        self.flag_button.setFixedWidth(max(widths))

    def _star_row(self) -> QHBoxLayout:
        """The flag, the five star buttons and the stars' caption in one row."""
        self.star_buttons: list[QToolButton] = []
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        top.addWidget(self.flag_button)
        top.addSpacing(8)
        for n in range(1, 6):
            b = QToolButton()
            b.setObjectName(f"star{n}")
            b.setAutoRaise(True)
            b.setFixedSize(STAR_SIZE)
            b.setToolTip(f"{n} star{'s' if n > 1 else ''} (click the same star again to clear)")
            b.setAccessibleDescription(
                f"Rate this event {n} of 5 stars; the same star again clears the rating"
            )
            b.clicked.connect(partial(self._on_star_clicked, n))
            self.star_buttons.append(b)
            top.addWidget(b)
        self.stars_label = QLabel()
        self.stars_label.setObjectName("starsLabel")
        top.addSpacing(6)
        top.addWidget(self.stars_label)
        top.addStretch(1)
        return top

    def _importance_grid(self) -> QGridLayout:
        """The paper's importance and a combo for yours, one row per party."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 6, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        # short headings and wrapping words keep the box inside a narrow details dock
        self._heading_paper = QLabel("The paper")
        self._heading_paper.setToolTip("The paper's own rating, from its Table two")
        self._heading_yours = QLabel("Yours")
        grid.addWidget(QLabel("Importance"), 0, 0)
        grid.addWidget(self._heading_paper, 0, 1)
        grid.addWidget(self._heading_yours, 0, 2)
        self.paper_labels: dict[str, QLabel] = {}
        self.combos: dict[str, QComboBox] = {}
        for i, party in enumerate(PARTIES, start=1):
            party_label = QLabel(PARTY_NAMES[party].replace("the West", "The West"))
            grid.addWidget(party_label, i, 0)
            paper = QLabel()
            paper.setTextFormat(Qt.TextFormat.RichText)
            paper.setWordWrap(True)
            self.paper_labels[party] = paper
            grid.addWidget(paper, i, 1)
            combo = QComboBox()
            combo.setObjectName(f"importance_{party}")
            combo.setAccessibleName(f"Your importance for {PARTY_NAMES[party]}")
            # on Linux a screen reader names a combo box by its label (the relation a buddy makes)
            party_label.setBuddy(combo)
            combo.addItem(NOT_RATED, None)
            for level in IMPORTANCE_LEVELS:
                combo.addItem(level, level)
            combo.setToolTip(f"Your own rating of the event's importance for {PARTY_NAMES[party]}")
            combo.activated.connect(partial(self._on_combo_activated, party))
            self.combos[party] = combo
            grid.addWidget(combo, i, 2)
        grid.setColumnStretch(1, 1)
        return grid

    def _restyle(self) -> None:
        muted = Colors.from_palette(self.palette()).muted
        for w in (self._heading_paper, self._heading_yours, self.stars_label):
            w.setStyleSheet(f"color: {muted}")

    def set_editable(self, editable: bool) -> None:
        """Enable or disable every control (read-only databases)."""
        for w in (self.flag_button, *self.star_buttons, *self.combos.values()):
            w.setEnabled(editable)

    def show_event(self, event: Event | None) -> None:
        """Show an event's assessment and the paper's ratings (None clears)."""
        self._event_id = event.id if event is not None else ""
        colors = Colors.from_palette(self.palette())
        words = event.importance.as_dict() if event is not None and event.importance is not None else {}
        for party, label in self.paper_labels.items():
            word = words.get(party)
            if not word:
                label.setText(f"<span style='color:{colors.muted}'>not rated</span>")
                continue
            score = importance_score(word) or 0.0
            pips = "".join(
                f"<span style='color:{colors.accent if score >= i - 0.25 else colors.rule}'>&#9679;</span>"
                for i in (1, 2, 3)
            )
            label.setText(f"{pips}&nbsp;<span style='color:{colors.muted}'>{escape_html(word)}</span>")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the assessment from the store."""
        a = self.session.annotations.assessment_for(self._event_id) if self._event_id else None
        flagged = bool(a and a.flagged)
        self.flag_button.setChecked(flagged)
        self.flag_button.setText(FLAGGED_TEXT if flagged else FLAG_TEXT)
        self._stars = a.stars if a else 0
        for n, b in enumerate(self.star_buttons, start=1):
            on = n <= self._stars
            b.setText("★" if on else "☆")
            b.setStyleSheet(f"QToolButton {{ color: {STAR_COLOR}; font-size: 16px; padding: 0px; }}")
            b.setAccessibleName(f"{n} star{'s' if n > 1 else ''}{' (set)' if on else ''}")
        self.flag_button.setAccessibleName("Flagged" if flagged else "Flag")
        self.stars_label.setText(f"{self._stars} of 5" if self._stars else "no stars")
        for party, combo in self.combos.items():
            level = getattr(a, party) if a else None
            combo.setCurrentIndex(max(0, combo.findData(level)))

    def _write(self, **fields: object) -> None:
        if not self._event_id:
            return
        try:
            self.session.annotations.set_assessment(self._event_id, **fields)
        except StoreError as exc:
            report(self, exc)
            self.refresh()

    def _on_flag_button_clicked(self, checked: bool) -> None:
        self._write(flagged=checked)

    def _on_star_clicked(self, n: int) -> None:
        self._write(stars=0 if n == self._stars else n)

    def _on_combo_activated(self, party: str, index: int) -> None:
        self._write(**{party: self.combos[party].itemData(index)})

"""Saving a time range as a named period, or editing one: name, two EDTF dates, a note and a colour."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import escape_html
from explorer.model import DateError, Period, describe, parse_date
from explorer.state import Session
from explorer.store import StoreError
from explorer.store.annotations import DEFAULT_PERIOD_COLOR


def day_text(day: float) -> str:
    """A day number as an ISO date."""
    return date.fromordinal(max(1, min(int(round(day)), date.max.toordinal()))).isoformat()


def interval(start: str, end: str) -> str:
    """The EDTF of a period from its two ends (one date when they are equal, open with '..')."""
    a, b = start.strip() or "..", end.strip() or ".."
    return a if a == b else f"{a}/{b}"


class PeriodDialog(QDialog):
    """New period (from a day range) or an existing period to edit."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        period: Period | None = None,
        days: tuple[float, float] | None = None,
    ) -> None:
        """`days` is a range on the axis, [first day, end) in day numbers, for a new period."""
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle("Edit Period" if period else "New Period")
        self.session = session
        self.period = period
        self.saved: Period | None = None
        self.color = period.color if period else DEFAULT_PERIOD_COLOR
        self.name = QLineEdit(period.name if period else "")
        self.name.setObjectName("periodName")
        self.name.setPlaceholderText("e.g. after Crimea")
        if period is not None:
            first, _, last = period.date.partition("/")
            last = last or first
        elif days is not None:
            # days[1] is where the range ends on the axis: the day before it is the last day in it
            lo = math.floor(days[0])
            first, last = day_text(lo), day_text(max(lo, math.ceil(days[1]) - 1))
        else:
            first = last = ""
        self.start = QLineEdit(first)
        self.start.setObjectName("periodFrom")
        self.end = QLineEdit(last)
        self.end.setObjectName("periodTo")
        for w in (self.start, self.end):
            w.setPlaceholderText("EDTF: 2014-03-18, 2014-03, 2014~ … ('..' for open)")
            w.textChanged.connect(self._on_dates_changed)
        self.words = QLabel()
        self.words.setObjectName("periodWords")
        self.note = QPlainTextEdit(period.note if period else "")
        self.note.setObjectName("periodNote")
        self.note.setPlaceholderText("What marks this period (optional)")
        self.note.setFixedHeight(70)
        self.color_button = QPushButton()
        self.color_button.setObjectName("periodColorButton")
        self.color_button.clicked.connect(self._on_color_button_clicked)
        self.error = QLabel()
        self.error.setObjectName("periodError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setObjectName("periodSaveButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("From:", dates)
        form.addRow("", self.words)
        form.addRow("Note:", self.note)
        form.addRow("Colour:", self.color_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 0)
        self._show_color()
        self._on_dates_changed()

    def date(self) -> str:
        """The EDTF of the period as typed."""
        return interval(self.start.text(), self.end.text())

    def _show_color(self) -> None:
        c = QColor(self.color)
        fg = "#1d1d1d" if c.lightnessF() > 0.55 else "#ffffff"
        self.color_button.setText(c.name())
        self.color_button.setStyleSheet(
            f"QPushButton {{ background: {c.name()}; color: {fg}; padding: 3px 12px; }}"
        )

    def _on_color_button_clicked(self) -> None:
        color = QColorDialog.getColor(QColor(self.color), self, "Colour of the period")
        if color.isValid():
            self.color = color.name()
            self._show_color()

    def _on_dates_changed(self) -> None:
        try:
            f = parse_date(self.date())
        except DateError as exc:
            self.words.setText(f"<span style='color:#c0392b'>{escape_html(str(exc))}</span>")
            self.ok.setEnabled(False)
            return
        self.words.setText(f"<i>{describe(f.edtf)}</i>")
        self.ok.setEnabled(True)

    def accept(self) -> None:
        """Save the period; stay open with the reason when it cannot be saved."""
        edits = self.session.annotations
        try:
            if self.period is None or self.period.id is None:
                self.saved = edits.add_period(
                    self.name.text(), self.date(), self.note.toPlainText(), self.color
                )
            else:
                edits.update_period(
                    self.period.id,
                    name=self.name.text(),
                    date=self.date(),
                    note=self.note.toPlainText(),
                    color=self.color,
                )
                self.saved = next((p for p in edits.periods() if p.id == self.period.id), None)
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()

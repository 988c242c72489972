"""The dates of the Filters dock: [x] Only between … [Visible range], then [date] to [date]."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGridLayout, QLabel, QToolButton, QWidget

from explorer.store.columns import OPEN_END, EventColumns

#: QDateEdit shows the proleptic Gregorian calendar from year 1, as the day numbers do.
FIRST = QDate(1, 1, 1)
LAST = QDate(9999, 12, 31)


def to_qdate(day: int) -> QDate:
    """A QDate from a day number."""
    d = date.fromordinal(max(1, int(day)))
    return QDate(d.year, d.month, d.day)


def data_bounds(cols: EventColumns) -> tuple[int, int] | None:
    """The first and last day the events can fall on; an open end counts up to its known start,
    not to the fade the timeline draws after it (which ran to "30 Dec 2025"). Undated records are left out."""
    dated = cols.dated  # an undated record falls on no day
    if not dated.any():
        return None
    last = np.where(cols.flags & OPEN_END, cols.start_max, cols.hi)[dated]
    return int(cols.lo[dated].min()), int(last.max())


def to_day(q: QDate) -> int:
    """A day number from a QDate."""
    return date(q.year(), q.month(), q.day()).toordinal()


class DateRangeBox(QWidget):
    """Two date fields and a switch; `rangeEdited` gives (first, last) day numbers or None."""

    rangeEdited = Signal(object)

    def __init__(
        self, visible_range: Callable[[], tuple[float, float]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dateRangeBox")
        self._visible_range = visible_range
        self.enabled = QCheckBox("Only events between")
        self.enabled.setObjectName("dateRangeEnabled")
        self.enabled.setToolTip("Show only events whose possible dates overlap this range")
        self.start = self._date_field("dateRangeStart", "The first day of the range")
        self.end = self._date_field("dateRangeEnd", "The last day of the range")
        self.visible = QToolButton()
        self.visible.setObjectName("useVisibleRange")
        self.visible.setText("Visible range")
        self.visible.setToolTip("Use the range the timeline shows now")
        self.visible.setAutoRaise(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(3)
        layout.addWidget(self.enabled, 0, 0, 1, 2)
        layout.addWidget(self.visible, 0, 2)
        layout.addWidget(self.start, 1, 0)
        layout.addWidget(QLabel("and"), 1, 1)
        layout.addWidget(self.end, 1, 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(2, 1)
        self.enabled.toggled.connect(self._on_enabled_toggled)
        self.start.editingFinished.connect(self._on_field_editing_finished)
        self.end.editingFinished.connect(self._on_field_editing_finished)
        self.visible.clicked.connect(self._on_visible_clicked)
        self._set_fields_enabled(False)

    def _date_field(self, name: str, tip: str) -> QDateEdit:
        field = QDateEdit()
        field.setObjectName(name)
        field.setToolTip(tip)
        field.setAccessibleName(tip.replace("The first day", "First day").replace("The last day", "Last day"))
        field.setDateRange(FIRST, LAST)
        field.setDisplayFormat("d MMM yyyy")
        field.setCalendarPopup(True)
        return field

    def _set_fields_enabled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def show_range(self, rng: tuple[int, int] | None, default: tuple[int, int] | None = None) -> None:
        """Show a range (None: switched off, with `default` in the fields) without emitting."""
        self.blockSignals(True)
        for w in (self.enabled, self.start, self.end):
            w.blockSignals(True)
        try:
            self.enabled.setChecked(rng is not None)
            shown = rng or default
            if shown is not None:
                self.start.setDate(to_qdate(shown[0]))
                self.end.setDate(to_qdate(shown[1]))
            self._set_fields_enabled(rng is not None)
        finally:
            for w in (self.enabled, self.start, self.end):
                w.blockSignals(False)
            self.blockSignals(False)

    def value(self) -> tuple[int, int] | None:
        """The range the fields hold, None when switched off."""
        if not self.enabled.isChecked():
            return None
        a, b = to_day(self.start.date()), to_day(self.end.date())
        return (min(a, b), max(a, b))

    def _on_enabled_toggled(self, on: bool) -> None:
        self._set_fields_enabled(on)
        self.rangeEdited.emit(self.value())

    def _on_field_editing_finished(self) -> None:
        if self.enabled.isChecked():
            self.rangeEdited.emit(self.value())

    def _on_visible_clicked(self) -> None:
        d0, d1 = self._visible_range()
        self.show_range((int(d0), int(d1)))
        self.rangeEdited.emit(self.value())

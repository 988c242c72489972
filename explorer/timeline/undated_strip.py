"""The "Undated" strip beside the legend: the shown records the source gives no date for.

They have no place on the date axis, so they are never drawn in the lanes (see store/columns.py);
this strip lists them instead, one button each, labelled with where the paper puts them
("§4.3", the section) and their title. A click selects the record as a click in the lanes would, so
the detail panel and the table follow. Hidden when no undated record is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from explorer.timeline.surface import TimelineSession

#: Buttons drawn at most; more undated records are counted and left to the event table.
MAX_BUTTONS = 8
#: The narrowest a button gets when many share the strip (its text is elided, the tooltip is whole).
MIN_BUTTON = 48


def undated_rows(session: TimelineSession) -> np.ndarray:
    """The columns rows of the shown undated records, in table order."""
    cols = session.columns
    return np.flatnonzero(session.shown_mask() & ~cols.dated)


class ElidedButton(QToolButton):
    """A flat button sharing the strip's width with the others, its text elided to what fits.

    Its width hint is ignored, so the strip never widens the window whatever the titles' length.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_BUTTON)
        self.setFixedHeight(self.fontMetrics().height() + 6)
        self.setText(text)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """Elide the text to the new width."""
        super().resizeEvent(ev)
        room = max(0, self.width() - 2 * self.fontMetrics().horizontalAdvance("x"))
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, room))


class UndatedStrip(QFrame):
    """A labelled row of buttons, one per shown undated record; selection kept in step."""

    def __init__(self, session: TimelineSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undatedStrip")
        self.setFrameShape(QFrame.Shape.NoFrame)
        # it shares the legend's line: as wide as it is given (buttons elide), never taller than a line
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.session = session
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 0, 4, 0)
        self._layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setObjectName("undatedHeading")
        self.heading.setAccessibleName("Undated records")
        self.heading.setToolTip(
            "The source gives no date for these records: they are placed only by their section "
            "and are not drawn on the date axis."
        )
        self._layout.addWidget(self.heading)
        self._box = QHBoxLayout()
        self._box.setSpacing(4)
        self._layout.addLayout(self._box, 1)
        self.buttons: dict[str, QToolButton] = {}
        #: each button's event row in the session's columns
        self._rows: dict[str, int] = {}
        session.eventsChanged.connect(self.refresh)
        session.filterChanged.connect(self.refresh)
        session.lanesChanged.connect(self.refresh)
        session.selectionChanged.connect(self._on_session_selection_changed)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the buttons for the undated records now shown."""
        for button in self.buttons.values():
            self._box.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        rows = undated_rows(self.session)
        self.setVisible(len(rows) > 0)
        if not len(rows):
            return
        self.heading.setText(f"<b>Undated</b> ({len(rows):,}):")
        ids = [str(i) for i in self.session.columns.ids[rows[:MAX_BUTTONS]]]
        self._rows = dict(zip(ids, rows[:MAX_BUTTONS].tolist(), strict=True))
        for event in (self.session.events.get(i) for i in ids):
            # "§4.3 Title": the section is all the placing the paper gives (the tooltip says it in words)
            where = f"§{event.section} " if event.section else ""
            button = ElidedButton(f"{where}{event.title}")
            button.setObjectName(f"undated:{event.id}")
            button.setToolTip(f"{event.title}\n{event.date_words}")
            # the elided text is all a screen reader would get otherwise
            button.setAccessibleName(f"Undated: {event.title}")
            button.setAccessibleDescription(f"{event.date_words}; select it to read its details")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _on=False, eid=event.id: self._on_button_clicked(eid))
            self._box.addWidget(button)
            self.buttons[event.id] = button
        if len(rows) > MAX_BUTTONS:
            more = ElidedButton(f"+{len(rows) - MAX_BUTTONS:,} more in the event table")
            more.setEnabled(False)
            more.setAccessibleName(
                f"{len(rows) - MAX_BUTTONS:,} more undated records, listed in the event table"
            )
            self._box.addWidget(more)
            self.buttons[""] = more
        self._on_session_selection_changed(self.session.selection())

    def _on_button_clicked(self, event_id: str) -> None:
        self.session.set_selection([event_id], current=event_id)

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        # the few buttons' rows in the session's mask: a set of a million selected ids took 0.12 s
        mask = self.session.selected_mask() if ids else None
        for eid, button in self.buttons.items():
            if eid:
                button.setChecked(mask is not None and bool(mask[self._rows[eid]]))


__all__ = ["MAX_BUTTONS", "ElidedButton", "UndatedStrip", "undated_rows"]

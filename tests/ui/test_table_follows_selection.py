"""The event table scrolls to the event the user just selected, wherever it was selected: a click
on a timeline mark, Home and End on the timeline, a click on a row."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from explorer.ui.panels.event_table import ID_ROLE

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def row_in_view(table, event_id: str) -> bool:
    """Whether the row of an event lies wholly inside the table's viewport."""
    row = table.row_of(event_id)
    assert row is not None
    rect: QRect = table.visualRect(table.model().index(row, 1))
    return table.viewport().rect().contains(rect)


def current_id(window) -> str:
    return window.session.current()


def test_selecting_on_the_timeline_scrolls_the_table_to_that_event(qtbot, window):
    table, tl = window.table, window.timeline
    tl.centre_on(MOSCOW)
    pos = tl.mark_position(MOSCOW)
    assert pos is not None
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert current_id(window) == MOSCOW
    assert row_in_view(table, MOSCOW)
    seen = []
    for key in (Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_End):
        qtbot.keyClick(tl, key)
        now = current_id(window)
        assert now not in seen[-1:], "the key moved to another event"
        seen.append(now)
        assert row_in_view(table, now), f"after {key.name} the table does not show {now}"
        assert table.currentIndex().row() == table.row_of(now)
    rows = [table.row_of(e) for e in seen]
    assert abs(rows[0] - rows[1]) > 2 * (table.viewport().height() // table.rowHeight(0)), (
        "the first and last events of a lane are more than a screenful apart, so this tests scrolling"
    )


def test_clicking_a_row_keeps_it_current_and_in_view(qtbot, window):
    table = window.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: table.verticalScrollBar().value() > 0)
    index = table.indexAt(table.viewport().rect().center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    eid = index.data(ID_ROLE)
    assert current_id(window) == eid
    assert row_in_view(table, eid)

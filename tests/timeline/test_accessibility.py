"""A screen reader can follow the timeline: the view is named, and the event the arrows move to is
read from its accessible description as "title, date as worded, track", the one the details show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def _read(widget: QWidget, what: QAccessible.Text) -> str:
    """What assistive technology reads from a widget (its QAccessible interface)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(what)


def test_arrow_keys_announce_the_event_the_details_show(qtbot, window) -> None:
    tl = window.timeline
    assert _read(tl, QAccessible.Text.Name) == "Timeline"
    assert _read(tl.viewport(), QAccessible.Text.Name) == "Timeline lanes"
    tl.centre_on(MOSCOW)
    pos = tl.mark_position(MOSCOW)
    assert pos is not None
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    tl.setFocus()
    qtbot.waitUntil(tl.hasFocus, timeout=2000)
    said = []
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(tl, key)
        shown = window.detail.shown_event_id()
        assert shown and shown != MOSCOW
        ev = window.session.events.get(shown)
        track = window.session.track(ev.track)
        assert track is not None
        described = _read(tl, QAccessible.Text.Description)
        assert described == f"{ev.title}, {ev.date_words}, {track.name}"
        # the details say the same title and date in words
        assert ev.title in window.detail.text()
        said.append(described)
    assert len(set(said)) == 3, said  # each move is a new announcement


def test_undated_records_are_named_for_a_screen_reader(qtbot, window) -> None:
    strip = window.undated
    buttons = {eid: b for eid, b in strip.buttons.items() if eid}
    assert buttons, "the corpus has undated records: the strip should show them"
    for eid, button in buttons.items():
        ev = window.session.events.get(eid)
        assert _read(button, QAccessible.Text.Name) == f"Undated: {ev.title}"
        assert ev.date_words in _read(button, QAccessible.Text.Description)

"""The timeline from the keyboard: arrows walk lanes and events, +/- zoom within limits,
Home/End jump, Enter moves focus to the details."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from window_helpers import settle

from explorer.timeline.view import MIN_SPAN

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def lane_in_date_order(session, track: str) -> list[str]:
    """A lane's events in date order, as the store lists them."""
    return [e.id for e in session.events.all() if e.track == track]


def start_on(qtbot, window, event_id: str) -> None:
    tl = window.timeline
    tl.centre_on(event_id)
    settle(qtbot)
    pos = tl.mark_position(event_id)
    assert pos is not None
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.selected_event_ids() == [event_id]


def test_left_and_right_walk_the_lane_in_date_order(qtbot, window):
    order = lane_in_date_order(window.session, "context")
    start = order.index(MOSCOW)
    start_on(qtbot, window, MOSCOW)
    tl = window.timeline
    for step in range(1, 5):
        qtbot.keyClick(tl, Qt.Key.Key_Right)
        assert window.selected_event_ids() == [order[start + step]]
    for step in range(3, -3, -1):
        qtbot.keyClick(tl, Qt.Key.Key_Left)
        assert window.selected_event_ids() == [order[start + step]]


def test_home_and_end_jump_to_the_first_and_last_event_of_the_lane(qtbot, window):
    order = lane_in_date_order(window.session, "context")
    start_on(qtbot, window, MOSCOW)
    qtbot.keyClick(window.timeline, Qt.Key.Key_End)
    assert window.selected_event_ids() == [order[-1]]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Home)
    assert window.selected_event_ids() == [order[0]]


def test_up_and_down_change_lane(qtbot, window):
    lanes = window.session.visible_lanes()
    start_on(qtbot, window, MOSCOW)
    here = lanes.index("context")
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    moved = window.session.events.get(window.selected_event_ids()[0])
    assert moved.track == lanes[here + 1]
    qtbot.keyClick(window.timeline, Qt.Key.Key_Up)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Up)
    moved = window.session.events.get(window.selected_event_ids()[0])
    assert moved.track == lanes[here - 1]


def test_enter_moves_focus_to_the_detail_panel(qtbot, window):
    start_on(qtbot, window, MOSCOW)
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Return)
    settle(qtbot)
    assert window.detail.browser.hasFocus()


def span(tl) -> float:
    d0, d1 = tl.visible_range()
    return d1 - d0


def test_plus_and_minus_zoom_and_stop_at_the_limits(qtbot, window):
    tl = window.timeline
    window.zoom_to("1990-01-01", "2000-01-01")
    settle(qtbot)
    before = span(tl)
    qtbot.keyClick(tl, Qt.Key.Key_Plus)
    assert abs(span(tl) - before / 2) < 1
    for _ in range(20):
        qtbot.keyClick(tl, Qt.Key.Key_Plus)
    assert abs(span(tl) - MIN_SPAN) < 0.01, "about a week is the closest view"
    for _ in range(30):
        qtbot.keyClick(tl, Qt.Key.Key_Minus)
    widest = span(tl)
    assert widest == pytest.approx(tl.zoom_limits()[1])
    assert 36000 <= widest <= 366 * 300, "about a century, or the corpus span when that is longer"
    qtbot.keyClick(tl, Qt.Key.Key_Minus)
    assert span(tl) == pytest.approx(widest)


def test_wheel_and_api_zoom_respect_the_same_limits(qtbot, window):
    tl = window.timeline
    window.zoom_to("1996-11-27", "1996-11-28")
    settle(qtbot)
    assert abs(span(tl) - MIN_SPAN) < 0.01
    window.zoom_to(1, 3_000_000)
    assert span(tl) == pytest.approx(tl.zoom_limits()[1])


def test_fit_all_shows_every_event(qtbot, window):
    tl = window.timeline
    window.zoom_to("2000-01-01", "2001-01-01")
    window.menu_actions["fit_all"].trigger()
    d0, d1 = tl.visible_range()
    cols = window.session.columns
    dated = cols.dated  # undated records are in the Undated strip, not on the axis
    assert d0 <= cols.lo[dated].min() and d1 >= cols.draw_hi[dated].max()


def test_window_starts_with_every_lane_drawn(qtbot, window):
    # what the first view frames is tested in tests/timeline/test_first_view.py
    for track in window.session.visible_lanes():
        assert window.timeline.lane_item(track).current_frame().mode != "empty"

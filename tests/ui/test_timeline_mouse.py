"""The timeline under the mouse: click selects, Ctrl-click adds, Shift-drag selects a range, wheel and
double-click zoom, drag pans. Positions come from where the view says the marks are drawn."""

from __future__ import annotations

from input_helpers import wheel
from PySide6.QtCore import QPoint, Qt
from window_helpers import settle

from explorer.model import parse_date
from explorer.store.columns import OPEN_FADE_DAYS

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"
LAOS = "laos-neutrality-declared-geneva-1962"


def day_at(timeline, x: float) -> float:
    """The day under a viewport x coordinate, through the view's own mapping."""
    scene = timeline.mapToScene(QPoint(round(x), 10))
    return timeline.viewbox.mapSceneToView(scene).x()


def click(qtbot, timeline, pos: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def test_clicking_an_event_fills_the_detail_panel(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "1966-01-01")
    settle(qtbot)
    pos = tl.mark_position(MOSCOW)
    assert pos is not None
    click(qtbot, tl, pos)
    assert window.selected_event_ids() == [MOSCOW]
    text = window.detail.text()
    assert "The Moscow Memorandum establishes Austria's neutral status" in text
    assert "1955" in text


def test_clicking_empty_space_clears_the_selection(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "1966-01-01")
    settle(qtbot)
    click(qtbot, tl, tl.mark_position(MOSCOW))
    assert window.selected_event_ids() == [MOSCOW]
    left, _ = tl.viewbox_px()
    click(qtbot, tl, QPoint(int(left) + 3, tl.height() - 8))
    assert window.selected_event_ids() == []


def test_ctrl_click_adds_to_the_selection(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "1966-01-01")
    settle(qtbot)
    click(qtbot, tl, tl.mark_position(MOSCOW))
    click(qtbot, tl, tl.mark_position(LAOS), Qt.KeyboardModifier.ControlModifier)
    assert sorted(window.selected_event_ids()) == sorted([MOSCOW, LAOS])


def expected_in_range(session, track: str, d0: float, d1: float) -> set[str]:
    """Events of a lane inside [d0, d1], from their FuzzyDates: points by the middle of their range,
    periods when more than half of their drawn bar lies inside."""
    out = set()
    for ev in session.events.all():
        if ev.track != track:
            continue
        f = parse_date(ev.date)
        if f.is_interval:
            end = f.start_max.toordinal() + OPEN_FADE_DAYS if f.open_end else f.hi + 1
            if min(end, d1) - max(f.lo, d0) > 0.5 * (end - f.lo):
                out.add(ev.id)
        elif d0 <= (f.lo + f.hi + 1) / 2 <= d1:
            out.add(ev.id)
    return out


def test_shift_drag_selects_exactly_the_events_in_its_range(qtbot, window):
    tl = window.timeline
    window.zoom_to("1988-01-01", "2012-01-01")
    settle(qtbot)
    frame = tl.lane_item("reactions").current_frame()
    left, right = tl.viewbox_px()
    x0, x1 = left + (right - left) * 0.3, left + (right - left) * 0.6
    y0, y1 = frame.top + 4, frame.top + frame.height - 4
    start, end = QPoint(round(x0), round(y0)), QPoint(round(x1), round(y1))
    vp = tl.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, shift, start)
    for t in (0.1, 0.4, 0.7, 1.0):
        qtbot.mouseMove(vp, QPoint(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t)))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, shift, end)
    settle(qtbot)
    expected = expected_in_range(window.session, "reactions", day_at(tl, start.x()), day_at(tl, end.x()))
    assert expected, "the test range should hold some events"
    assert set(window.selected_event_ids()) == expected


def test_double_click_zooms_in_around_the_pointer(qtbot, window):
    tl = window.timeline
    window.zoom_to("1900-01-01", "2000-01-01")
    settle(qtbot)
    left, right = tl.viewbox_px()
    x = round(left + (right - left) * 0.25)
    pos = QPoint(x, tl.height() - 10)
    under = day_at(tl, x)
    qtbot.mouseDClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    settle(qtbot)
    d0, d1 = tl.visible_range()
    assert abs((d1 - d0) - 36524 / 2) < 40
    assert abs(day_at(tl, x) - under) < (d1 - d0) / 200


def test_wheel_zooms_around_the_cursor(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "2000-01-01")
    settle(qtbot)
    left, right = tl.viewbox_px()
    x = round(left + (right - left) * 0.7)
    pos = QPoint(x, tl.height() // 2)
    under = day_at(tl, x)
    span0 = tl.visible_range()[1] - tl.visible_range()[0]
    wheel(tl.viewport(), pos, 2)
    settle(qtbot)
    span1 = tl.visible_range()[1] - tl.visible_range()[0]
    assert span1 < span0
    assert abs(day_at(tl, x) - under) < span1 / 150


def test_dragging_pans_the_timeline(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "2000-01-01")
    settle(qtbot)
    d0, d1 = tl.visible_range()
    left, right = tl.viewbox_px()
    y = tl.height() - 10
    a, b = QPoint(round(left + 400), y), QPoint(round(left + 200), y)
    vp = tl.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    for t in (0.25, 0.5, 0.75, 1.0):
        qtbot.mouseMove(vp, QPoint(round(a.x() + (b.x() - a.x()) * t), y))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    settle(qtbot)
    e0, e1 = tl.visible_range()
    assert abs((e1 - e0) - (d1 - d0)) < 1
    assert e0 > d0 + (d1 - d0) * 0.05

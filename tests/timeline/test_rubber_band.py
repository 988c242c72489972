"""Shift+drag selects what is drawn inside the band: marks by their place, periods only when most of
their bar is inside (a 1990s period that merely overlaps the band stays out), and says so."""

from __future__ import annotations

from datetime import date

from pointing import settle, show, zoom
from PySide6.QtCore import QPoint, QPointF, Qt

from explorer.model import parse_date
from explorer.store.columns import OPEN_FADE_DAYS

EVENTS = [
    ("nineties", "1990/2010", "foreign", "A long period from the 1990s"),
    ("wide", "2013-01/2015-12", "foreign", "Three years round the band"),
    ("inside", "2014-03/2014-09", "foreign", "Half a year inside the band"),
    ("point", "2014-06-15", "foreign", "A day inside the band"),
    ("later", "2016-02-01", "foreign", "A day after the band"),
    ("other-lane", "2014-06-20", "security", "A day in a lane the band does not cover"),
]


def day_at(timeline, x: int) -> float:
    return timeline.viewbox.mapSceneToView(timeline.mapToScene(QPoint(x, 10))).x()


def expected(d0: float, d1: float) -> set[str]:
    """From the dates: a point by its middle, a period when more than half of its bar is in [d0, d1]."""
    out = set()
    for eid, edtf, track, _ in EVENTS:
        if track != "foreign":
            continue
        f = parse_date(edtf)
        if f.is_interval:
            end = f.start_max.toordinal() + OPEN_FADE_DAYS if f.open_end else f.hi + 1
            if min(end, d1) - max(f.lo, d0) > 0.5 * (end - f.lo):
                out.add(eid)
        elif d0 <= (f.lo + f.hi + 1) / 2 <= d1:
            out.add(eid)
    return out


def test_shift_drag_takes_marks_inside_and_periods_mostly_inside(qtbot, make_db):
    win = show(qtbot, make_db(EVENTS))
    tl = win.timeline
    zoom(qtbot, tl, "2012-01-01", "2017-01-01")
    # drag over the days of 2014 across the foreign lane's rows only
    y_top, y_bottom = tl.lane_span("foreign")
    first = to_px(tl, date(2014, 1, 1).toordinal(), y_top)
    last = to_px(tl, date(2015, 1, 1).toordinal(), y_bottom)
    start_x, end_x = first.x(), last.x()
    start, end = QPoint(start_x, first.y() + 3), QPoint(end_x, last.y() - 3)
    vp = tl.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, shift, start)
    for t in (0.2, 0.5, 0.8, 1.0):
        qtbot.mouseMove(
            vp, QPoint(round(start_x + (end_x - start_x) * t), round(start.y() + (end.y() - start.y()) * t))
        )
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, shift, end)
    settle(qtbot, tl)
    want = expected(day_at(tl, start_x), day_at(tl, end_x))
    assert want == {"inside", "point"}  # the data were chosen so; the rule decides "wide" and "nineties"
    assert set(win.selected_event_ids()) == want
    message = win.statusBar().currentMessage()
    assert "Selected 2 events" in message and "most of their length" in message


def to_px(timeline, day: float, y: float) -> QPoint:
    """A point of the view (day, y) in viewport pixels."""
    return timeline.mapFromScene(timeline.viewbox.mapViewToScene(QPointF(day, y)))


def test_a_band_over_both_lanes_of_a_shared_event_counts_it_once(qtbot, window):
    tl = window.timeline
    airbase = "belarus-refuses-russian-airbase-2015"
    zoom(qtbot, tl, "2015-01-01", "2016-06-01")
    lanes = [tl.lane_span(t) for t in ("foreign", "security")]
    assert all(span is not None for span in lanes)
    top = min(span[0] for span in lanes)
    bottom = max(span[1] for span in lanes)
    first = to_px(tl, date(2015, 1, 15).toordinal(), top)
    last = to_px(tl, date(2016, 5, 15).toordinal(), bottom)
    start, end = QPoint(first.x(), first.y() + 2), QPoint(last.x(), last.y() - 2)
    vp = tl.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, shift, start)
    for t in (0.3, 0.7, 1.0):
        qtbot.mouseMove(
            vp,
            QPoint(
                round(start.x() + (end.x() - start.x()) * t), round(start.y() + (end.y() - start.y()) * t)
            ),
        )
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, shift, end)
    selected = window.selected_event_ids()
    assert airbase in selected  # drawn in both lanes the band covers
    # the status bar's sentence counts what was selected: the shared event once
    assert f"Selected {len(selected)} events" in window.statusBar().currentMessage()

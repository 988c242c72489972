"""What the lanes draw: uncertainty bands over the whole possible range, crisp exact days, fading
open ends, labels that never overlap, density when marks cannot be told apart, dates of any era."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from window_helpers import settle, show_main_window

from explorer.model import parse_date
from explorer.store.columns import OPEN_FADE_DAYS
from explorer.timeline.lane_data import MARK_RADIUS


def px_of_day(tl, day: float) -> float:
    """Viewport x of a day, through the view's own mapping (independent of the lane's layout)."""
    scene = tl.viewbox.mapViewToScene(QPointF(day, 0))
    return tl.viewportTransform().map(scene).x()


def drawn(tl, session, event_id: str):
    """(frame, k): the lane frame and the event's position in it."""
    track = session.events.get(event_id).track
    item = tl.lane_item(track)
    frame = item.current_frame()
    row = session.columns.index_of(event_id)
    local = int(np.searchsorted(item.data.rows, row))
    k = int(np.searchsorted(frame.idx, local))
    assert frame.mode == "detail" and frame.idx[k] == local
    return frame, k


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("laos-neutrality-declared-geneva-1962", "1961-01-01", "1964-01-01"),  # a month
        ("moscow-memorandum-austrian-neutrality-1955", "1953-06-01", "1957-06-01"),  # a year
        ("first-signs-of-neutrality-2006", "2003-01-01", "2009-01-01"),  # c. 2006
    ],
)
def test_an_approximate_date_draws_its_whole_possible_range(qtbot, window, event_id, start, end):
    tl = window.timeline
    window.zoom_to(start, end)
    settle(qtbot)
    f = parse_date(window.session.events.get(event_id).date)
    assert not f.exact_day
    frame, k = drawn(tl, window.session, event_id)
    first, after_last = f.start_min.toordinal(), f.end_max.toordinal() + 1
    assert frame.x0[k] == pytest.approx(px_of_day(tl, first), abs=0.5)
    assert frame.x1[k] == pytest.approx(px_of_day(tl, after_last), abs=0.5)
    assert frame.cx[k] == pytest.approx((px_of_day(tl, first) + px_of_day(tl, after_last)) / 2, abs=0.5)


def test_an_exact_day_is_one_day_wide_with_its_marker_on_it(qtbot, window, db_path):
    exact = next(e for e in window.session.events.all() if e.fuzzy.exact_day)
    tl = window.timeline
    d = exact.fuzzy.lo
    window.zoom_to(d - 20, d + 20)
    settle(qtbot)
    frame, k = drawn(tl, window.session, exact.id)
    assert frame.x1[k] - frame.x0[k] == pytest.approx(px_of_day(tl, d + 1) - px_of_day(tl, d), abs=0.5)
    assert frame.x0[k] <= frame.cx[k] <= frame.x1[k]


def test_an_open_ended_period_fades_past_its_start(qtbot, window):
    ev = next(e for e in window.session.events.all() if e.fuzzy.open_end)
    f = ev.fuzzy
    tl = window.timeline
    window.zoom_to(f.lo - 400, f.start_max.toordinal() + OPEN_FADE_DAYS + 400)
    settle(qtbot)
    frame, k = drawn(tl, window.session, ev.id)
    assert frame.period[k]
    assert frame.x0[k] == pytest.approx(px_of_day(tl, f.lo), abs=0.5)
    assert frame.x1[k] == pytest.approx(px_of_day(tl, f.start_max.toordinal() + OPEN_FADE_DAYS), abs=0.5)


@pytest.mark.parametrize(
    ("start", "end"),
    [("1780-01-01", "2030-01-01"), ("1990-01-01", "2017-01-01"), ("2009-01-01", "2011-06-01")],
)
def test_labels_never_overlap_each_other_or_the_next_mark(qtbot, window, start, end):
    tl = window.timeline
    window.zoom_to(start, end)
    settle(qtbot)
    shown_labels = 0
    for track in window.session.visible_lanes():
        item = tl.lane_item(track)
        frame = item.current_frame()
        if frame.mode != "detail":
            continue
        ext0 = np.where(frame.period, frame.x0, np.minimum(frame.x0, frame.cx - MARK_RADIUS))
        for row in np.unique(frame.row):
            ks = np.flatnonzero(frame.row == row)
            ks = ks[np.argsort(ext0[ks], kind="stable")]
            for a, b in zip(ks[:-1], ks[1:], strict=True):
                if frame.label_w[a] > 0:
                    assert frame.label_x[a] + frame.label_w[a] <= ext0[b] + 1e-6
        for k in np.flatnonzero(frame.label_w > 0):
            row = int(item.data.rows[frame.idx[k]])
            text = item.style.elided(row, frame.label_w[k])
            assert item.style.fm.horizontalAdvance(text) <= frame.label_w[k] + 1
            shown_labels += 1
    assert shown_labels > 0


def test_a_crowded_lane_draws_density_and_a_close_view_draws_marks(qtbot, make_db):
    from explorer.app import MainWindow

    rng = np.random.default_rng(7)
    days = rng.integers(0, 3650, size=4000)
    events = [
        (f"e{i}", (np.datetime64("2000-01-01") + int(d)).astype(str), "foreign", f"Event {i}")
        for i, d in enumerate(days)
    ]
    win = show_main_window(qtbot, MainWindow(make_db(events)))
    win.timeline.fit_all()  # the first view frames the bulk; the counts below want every event
    item = win.timeline.lane_item("foreign")
    frame = item.current_frame()
    assert frame.mode == "density"
    # every bin counts exactly the events whose day falls in it
    lo = win.session.columns.lo
    edges = frame.density_days
    for i in range(0, len(edges) - 1, max(1, len(edges) // 25)):
        expected = int(((lo < edges[i + 1]) & (lo + 1 > edges[i])).sum())
        assert frame.density_n[i] == expected
    assert frame.density_n.sum() >= len(events)
    win.zoom_to("2004-03-01", "2004-03-09")
    settle(qtbot)
    close = item.current_frame()
    assert close.mode == "detail" and len(close.idx) > 0


def test_seventh_century_dates_are_placed_and_labelled(qtbot, make_db):
    from explorer.app import MainWindow

    win = MainWindow(
        make_db(
            [
                ("roman-persian-war", "0602/0629", "context", "Last great Roman-Persian War"),
                ("hegira", "0622", "context", "The Hegira"),
                ("synod", "0664~", "foreign", "Synod of Whitby"),
            ]
        )
    )
    show_main_window(qtbot, win)
    tl = win.timeline
    d0, d1 = tl.visible_range()
    assert d0 <= parse_date("0602").lo and d1 >= parse_date("0664~").hi
    frame, k = drawn(tl, win.session, "hegira")
    assert frame.x0[k] == pytest.approx(px_of_day(tl, parse_date("0622").lo), abs=0.5)
    from explorer.timeline.date_axis import context_label, tick_label, ticks_between

    fine, ctx = tl.axis.levels_for(d0, d1, tl.axis.width())
    assert "620" in [tick_label(fine, t) for t in ticks_between(fine, d0, d1)]
    win.zoom_to("0550-01-01", "0750-01-01")
    d0, d1 = tl.visible_range()
    fine, ctx = tl.axis.levels_for(d0, d1, tl.axis.width())
    assert "7th century" in [context_label(ctx, t) for t in ticks_between(ctx, d0, d1)]


def test_search_hits_dim_the_rest_and_selection_is_highlighted(qtbot, window):
    tl = window.timeline
    ids = [e.id for e in window.session.events.all() if e.track == "foreign"][:3]
    window.session.set_hits(ids)
    window.select_events(ids[:1])
    settle(qtbot)
    item = tl.lane_item("foreign")
    local = np.searchsorted(item.data.rows, window.session.columns.index_of(ids[0]))
    assert item._hits is not None and item._hits.sum() == 3
    assert item._selected[local]
    img = tl.grab().toImage()
    assert not img.isNull()
    window.session.set_hits(None)
    assert item._hits is None

"""The timeline redraws for a new filter in the turn after the click: a person ticks a facet and
changes the dates straight after, and the lanes end up drawing exactly the events of the last filter,
with the search's hits marked; the hit list keeps its rows (and their selection) when a filter
re-runs the search and lets the same hits through."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from window_helpers import click_value

from explorer.state.search import BY_DATE
from explorer.store.filters import filtered_nums
from explorer.ui.search.results import ID_ROLE


def _set_dates(qtbot, window, start: QDate, end: QDate) -> None:
    dates = window.filters.panel.dates
    if not dates.enabled.isChecked():
        qtbot.mouseClick(dates.enabled, Qt.MouseButton.LeftButton)
    dates.start.setDate(start)
    dates.end.setDate(end)
    dates.end.editingFinished.emit()


def _drawn_events(timeline) -> set[str]:
    """Every event a shown lane lays out in detail at the present zoom."""
    out: set[str] = set()
    for track in timeline.session.visible_lanes():
        item = timeline.lane_item(track)
        frame = item.current_frame() if item is not None else None
        if frame is not None and frame.mode == "detail":
            out.update(item.event_ids(frame.idx))
    return out


def _search(qtbot, window, text: str) -> None:
    field = window.findChild(QLineEdit, "searchField")
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    state = window.search.state
    qtbot.waitUntil(lambda: not state.pending() and not state.running() and bool(state.hits()), timeout=5000)


def _listed(window) -> list[str]:
    model = window.search.results.list.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def test_a_facet_then_the_dates_at_once_draw_the_last_filter_s_events(qtbot, window):
    tl = window.timeline
    cols = window.session.columns
    db = window.session._db
    window.zoom_to("2013-06-01", "2017-06-01")
    qtbot.waitUntil(lambda: not tl.layout_pending())
    before = _drawn_events(tl)
    click_value(qtbot, window, "track", "security")
    _set_dates(qtbot, window, QDate(2014, 1, 1), QDate(2016, 12, 31))  # before the timeline redrew
    flt = window.filters.state.filter()
    assert flt.track == ("security",) and flt.date_range is not None
    passing = set(filtered_nums(db, flt).tolist())
    dated = {str(cols.ids[r]) for r in np.flatnonzero(cols.dated) if int(cols.num[r]) in passing}
    assert dated and dated != before, "the filter changes what the lanes draw"
    every = [str(e) for e in cols.ids]

    def placed() -> set[str]:
        return {e for e in every if tl.placement(e) is not None}

    # wait as a person would: until the lanes hold the last filter's events, and nothing else
    qtbot.waitUntil(lambda: not tl.layout_pending() and placed() == dated, timeout=5000)
    drawn = _drawn_events(tl)
    assert drawn and drawn <= dated, "the lanes draw only events the last filter lets through"
    assert window.session.shown_count() == len(passing)
    assert before - dated, "events drawn before the filter are gone from the lanes"


def test_a_search_s_hits_are_marked_on_the_lanes_drawn_for_a_new_filter(qtbot, window):
    tl = window.timeline
    cols = window.session.columns
    _search(qtbot, window, "Russia")
    click_value(qtbot, window, "track", "security")
    state = window.search.state
    qtbot.waitUntil(lambda: not tl.layout_pending() and not state.running(), timeout=5000)
    listed = _listed(window)
    assert listed, "the search lists hits inside the filter"
    hits = window.session.hit_mask()
    assert hits is not None
    for event_id in listed:
        if not cols.dated[cols.index_of(event_id)]:
            continue  # an undated record is listed beside the legend, not on a lane
        found = tl.placement(event_id)
        assert found is not None, f"{event_id} is drawn"
        item, _ = found
        # the lane dims what is not a hit, and this row is one of its hits
        assert item.dimmed and hits[cols.index_of(event_id)]
    shown = window.session.shown_mask()
    assert all(shown[cols.index_of(e)] for e in listed)


def test_a_filter_that_keeps_every_hit_leaves_the_list_and_its_selection_alone(qtbot, window):
    _search(qtbot, window, "Medvedev")  # four hits, all dated, all on the security lane
    state = window.search.state
    # listed by date (a filtered search ranks equal scores in another order: by date they stay put)
    order = window.search.results.order
    order.setFocus()
    qtbot.keyClick(order, Qt.Key.Key_Down)
    assert order.currentData() == BY_DATE
    qtbot.waitUntil(lambda: state.order() == BY_DATE and not state.running(), timeout=5000)
    hits = _listed(window)
    assert hits
    view = window.search.results.list
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: state.position() == 0)
    assert view.selectionModel().isRowSelected(0)
    # the security track holds every hit: the search re-runs, and lists the same rows
    with qtbot.assertNotEmitted(view.model().modelReset, wait=100):
        click_value(qtbot, window, "track", "security")
        qtbot.waitUntil(lambda: not state.running(), timeout=5000)
    assert window.filters.state.filter().track == ("security",)
    assert _listed(window) == hits
    assert view.selectionModel().isRowSelected(0), "the hit stays selected"
    # a filter that drops some hits does change the list
    _set_dates(qtbot, window, QDate(2012, 1, 1), QDate(2030, 12, 31))
    qtbot.waitUntil(lambda: not state.running() and _listed(window) != hits, timeout=5000)
    assert 0 < len(_listed(window)) < len(hits)
    shown = window.session.shown_mask()
    cols = window.session.columns
    assert all(shown[cols.index_of(e)] for e in _listed(window))

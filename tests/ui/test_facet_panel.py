"""Facets as a person uses them: click values in the Filters dock, watch the counts, the table and the
timeline follow, read the summary in the status bar, limit the dates, clear everything."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel
from window_helpers import click_value, show_main_window

from explorer.store.filters import Filter, count_filtered, facet_counts
from explorer.ui.facets.date_range import to_qdate


def table_rows(window) -> int:
    return window.table.proxy.rowCount()


def test_the_filters_dock_lists_every_facet_with_counts(qtbot, window):
    panel = window.filters.panel
    db = window.session._db
    expected = facet_counts(db, Filter())
    for facet in ("track", "precision", "importance_russia", "flagged", "notes"):
        for v in expected[facet]:
            assert panel.count_of(facet, v.value) == v.count
    # 40 dated and Raukou's undated remark at home, and one foreign event the paper places there too
    assert panel.count_of("track", "security") == 42


def test_clicking_a_track_filters_the_table_the_timeline_and_the_counts(qtbot, window):
    panel = window.filters.panel
    total = table_rows(window)
    belarus_before = panel.count_of("actor", "Belarus")
    click_value(qtbot, window, "track", "security")
    n = count_filtered(window.session._db, Filter(track=("security",)))
    assert table_rows(window) == n < total
    assert window.session.shown_count() == n
    # other lanes are emptied but for the shown events on both lanes: security's placed on foreign
    # too, and the foreign event the paper also places on security (the filter shows it, as its lane does)
    cols = window.session.columns
    both = [
        "belarus-kazakhstan-reject-armenian-csto-claim-2015",
        "belarus-refuses-russian-airbase-2015",
        "military-supplies-to-ukraine-since-2014",
    ]
    # the timeline redraws for the filter in the turn after the click: wait for it as a person would
    qtbot.waitUntil(lambda: sorted(cols.ids[window.timeline.lane_item("foreign").data.rows].tolist()) == both)
    foreign_rows = window.timeline.lane_item("foreign").data.rows
    assert all(cols.lane_of_track("security") in cols.lanes_of(int(r)) for r in foreign_rows)
    # the lane draws the dated ones; the undated record is listed beside the legend
    assert window.timeline.lane_item("security").data.rows.size == n - 1  # n counts the placed one too
    assert set(window.undated.buttons) == {"raukou-calls-airbase-issue-political"}
    assert panel.count_of("actor", "Belarus") < belarus_before, "the other facets count within the filter"
    # 64 at home and 2 placed there too; a facet's own counts ignore its own selection
    assert panel.count_of("track", "foreign") == 66
    assert panel.item_for("track", "security").checkState(0) == Qt.CheckState.Checked
    summary = window.findChild(QLabel, "filterSummary")
    assert summary.isVisible() and "National security" in summary.text()
    assert f"{n} of" in window.findChild(QLabel, "shownCount").text()


def test_values_of_one_facet_add_up_and_facets_narrow_each_other(qtbot, window):
    click_value(qtbot, window, "track", "security")
    click_value(qtbot, window, "track", "foreign")
    both = table_rows(window)
    assert both == 105  # 103 dated and one undated record in each track
    click_value(qtbot, window, "actor", "Russia")
    narrowed = count_filtered(window.session._db, Filter(track=("security", "foreign"), actor=("Russia",)))
    assert table_rows(window) == window.session.shown_count() == narrowed < both
    ids = window.table.selected_ids()  # nothing selected, but every listed row must pass
    assert ids == []
    cols = window.session.columns
    shown = np.flatnonzero(window.session.shown_mask())
    assert {cols.track_ids[int(cols.lane[r])] for r in shown} <= {"security", "foreign"}


def test_clicking_a_value_again_and_clear_all_bring_everything_back(qtbot, window):
    total = table_rows(window)
    click_value(qtbot, window, "track", "security")
    click_value(qtbot, window, "track", "security")
    assert table_rows(window) == total
    assert window.session.filter_mask() is None
    click_value(qtbot, window, "importance_russia", "high")
    click_value(qtbot, window, "precision", "year")
    assert table_rows(window) < total
    qtbot.mouseClick(window.filters.panel.clear_button, Qt.MouseButton.LeftButton)
    assert table_rows(window) == total
    assert window.findChild(QLabel, "filterSummary").text() == ""
    assert not window.menu_actions["clear_filters"].isEnabled()


def test_the_date_range_keeps_events_that_may_overlap_it(qtbot, window):
    dates = window.filters.panel.dates
    qtbot.mouseClick(dates.enabled, Qt.MouseButton.LeftButton)
    dates.start.setDate(QDate(2014, 1, 1))
    dates.end.setDate(QDate(2014, 12, 31))
    dates.end.editingFinished.emit()
    f = window.filters.state.filter()
    assert f.date_range is not None
    n = count_filtered(window.session._db, f)
    total = len(window.session.columns)
    assert table_rows(window) == n < total
    assert "2014" in window.findChild(QLabel, "filterSummary").text()
    qtbot.mouseClick(dates.enabled, Qt.MouseButton.LeftButton)
    assert window.filters.state.filter().date_range is None
    assert table_rows(window) == total


def test_use_visible_range_takes_the_timeline_s_range(qtbot, window):
    window.zoom_to("2008-01-01", "2010-01-01")
    qtbot.mouseClick(window.filters.panel.dates.visible, Qt.MouseButton.LeftButton)
    lo, hi = window.filters.state.filter().date_range
    d0, d1 = window.timeline.visible_range()
    assert (lo, hi) == (int(d0), int(d1))
    assert window.session.shown_count() < len(window.session.columns)


def test_long_facets_show_their_first_values_and_show_all_on_demand(qtbot, window):
    panel = window.filters.panel
    header = panel._headers["actor"]
    first = header.childCount()
    more = header.child(first - 1)
    assert more.text(0).startswith("Show all")
    tree = panel.tree
    tree.scrollToItem(more)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(more).center())
    assert panel._headers["actor"].childCount() > first + 20


def test_space_toggles_the_current_value_from_the_keyboard(qtbot, window):
    panel = window.filters.panel
    item = panel.item_for("track", "concepts")
    panel.tree.setCurrentItem(item)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Space)
    assert window.filters.state.filter().track == ("concepts",)
    assert window.session.shown_count() == 16  # 15 dated and one undated


def test_a_filter_on_tags_follows_a_new_tag(qtbot, window):
    session = window.session
    session.annotations.add_tag("belarus-refuses-russian-airbase-2015", "airbase")
    assert window.filters.panel.count_of("tag", "airbase") == 1
    click_value(qtbot, window, "tag", "airbase")
    assert session.shown_count() == 1
    session.annotations.add_tag("russian-airbase-discussions-2013-2015", "airbase")
    assert session.shown_count() == 2, "the filter is applied again after the annotation changed"


def test_a_large_database_s_first_counts_are_read_on_a_thread(qtbot, db_path, monkeypatch):
    """The first count's columns come from a thread, and the counts are those of the GUI thread's own read."""
    import threading

    from explorer.app import MainWindow
    from explorer.state import filters
    from explorer.store import filter_data
    from explorer.ui.facets import facet_panel

    readers: list[str] = []
    bounds_on: list[str] = []

    def spy(path):
        readers.append(threading.current_thread().name)
        return filter_data.load_elsewhere(path)

    def bounds_spy(cols):
        bounds_on.append(threading.current_thread().name)
        return data_bounds(cols)

    data_bounds = facet_panel.data_bounds
    monkeypatch.setattr(facet_panel, "BACKGROUND_MIN", 0)  # the corpus counts as large
    monkeypatch.setattr(facet_panel, "READ_ELSEWHERE_MIN", 0)
    monkeypatch.setattr(filters, "load_elsewhere", spy)
    monkeypatch.setattr(facet_panel, "data_bounds", bounds_spy)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    panel = win.filters.panel
    qtbot.waitUntil(lambda: bool(panel._headers) and not panel._dirty, timeout=10000)
    assert readers == ["neutrality-facets"]
    # the first and last day (a pass over every event's dates) were found there too, and are shown
    assert bounds_on == ["neutrality-facets"]
    first, last = data_bounds(win.session.columns)
    assert (panel.dates.start.date(), panel.dates.end.date()) == (to_qdate(first), to_qdate(last))
    db = win.session._db
    assert filter_data.is_cached(db) and filter_data.snapshot(db).conn is db.conn
    expected = facet_counts(db, Filter())
    for facet in ("track", "precision", "importance_russia", "flagged", "notes"):
        for v in expected[facet]:
            assert panel.count_of(facet, v.value) == v.count
    click_value(qtbot, win, "track", "security")
    assert table_rows(win) == count_filtered(db, Filter(track=("security",)))


def test_a_date_range_ticked_while_the_columns_are_read_elsewhere_waits_for_them(qtbot, db_path, monkeypatch):
    """At a million events the facet columns take seconds on their thread: a date range ticked before
    they arrive is not read a second time on the GUI thread (which froze the window); it is applied,
    with the counts, the moment they arrive, and the table shows exactly the events it lets through."""
    import threading

    from explorer.app import MainWindow
    from explorer.state import filters
    from explorer.store import filter_data
    from explorer.ui.facets import facet_panel

    release = threading.Event()

    def slow(path):
        release.wait(20)
        return filter_data.load_elsewhere(path)

    monkeypatch.setattr(facet_panel, "BACKGROUND_MIN", 0)  # the corpus counts as large
    monkeypatch.setattr(facet_panel, "READ_ELSEWHERE_MIN", 0)
    monkeypatch.setattr(filters, "load_elsewhere", slow)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    panel, state, db = win.filters.panel, win.filters.state, win.session._db
    qtbot.waitUntil(state.waiting)
    total = table_rows(win)
    qtbot.mouseClick(panel.dates.enabled, Qt.MouseButton.LeftButton)
    panel.dates.start.setDate(QDate(2014, 1, 1))
    panel.dates.end.setDate(QDate(2014, 12, 31))
    panel.dates.end.editingFinished.emit()
    assert state.filter().date_range is not None
    assert not filter_data.is_cached(db), "the GUI thread did not read the columns itself"
    assert table_rows(win) == total and panel.shown_label.text() == "Counting…"
    release.set()
    qtbot.waitUntil(lambda: not state.waiting() and not panel._dirty, timeout=10000)
    n = count_filtered(db, state.filter())
    assert table_rows(win) == n < total
    assert win.session.shown_count() == n
    assert panel.shown_label.text() == f"Showing {n:,} of {total:,} events"


def test_flagging_counts_only_the_annotation_facets_again_and_undo_brings_the_count_back(
    qtbot, window, monkeypatch
):
    """A flag changes what the annotation facets count, never the tracks or actors: only those are
    counted again (a million events' actors took a tenth of a second per flag), and they are right."""
    from explorer.state import filters

    session, panel = window.session, window.filters.panel
    asked: list[tuple[str, ...]] = []
    real = filters.facet_counts

    def spy(db, flt, facets=filters.FACETS):
        asked.append(tuple(facets))
        return real(db, flt, facets)

    monkeypatch.setattr(filters, "facet_counts", spy)
    before = panel.count_of("flagged", "yes") or 0
    actors = panel.count_of("actor", "Belarus")
    ids = session.columns.ids[:2].tolist()
    session.set_selection(ids, current=ids[0])
    asked.clear()
    window.menu_actions["bulk_flag"].trigger()
    qtbot.waitUntil(lambda: panel.count_of("flagged", "yes") == before + 2)
    assert asked and all(set(a) == set(filters.ANNOTATION_FACETS) for a in asked), asked
    assert panel.count_of("actor", "Belarus") == actors
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (panel.count_of("flagged", "yes") or 0) == before)


def test_a_large_database_s_counts_are_spread_over_turns_and_a_newer_filter_wins(qtbot, db_path, monkeypatch):
    """At a million events counting every facet holds the window for a tenth of a second: the counts
    are made a facet or two per turn of the event loop. A value clicked and a date range set before
    they are done: the counts shown in the end are those of the final filter, every facet of them."""
    from explorer.app import MainWindow
    from explorer.store.filters import FACETS
    from explorer.ui.facets import facet_panel

    monkeypatch.setattr(facet_panel, "BACKGROUND_MIN", 0)  # the corpus counts as large
    monkeypatch.setattr(facet_panel, "READ_ELSEWHERE_MIN", 0)
    monkeypatch.setattr(facet_panel, "SLICE_S", 0.0)  # one facet per turn
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    panel, state, db = win.filters.panel, win.filters.state, win.session._db
    qtbot.waitUntil(lambda: bool(panel._headers) and not panel._dirty, timeout=10000)
    slices: list[int] = []
    real = panel._count_slice
    monkeypatch.setattr(panel, "_count_slice", lambda job: (slices.append(len(job.todo)), real(job)))
    click_value(qtbot, win, "track", "security")
    qtbot.waitUntil(lambda: panel._count is not None and bool(panel._count.done))
    assert len(panel._count.done) < len(FACETS), "the first turn counted one facet, not all"
    # a date range before the counts for the track are done
    qtbot.mouseClick(panel.dates.enabled, Qt.MouseButton.LeftButton, pos=panel.dates.enabled.rect().center())
    panel.dates.start.setDate(QDate(2014, 1, 1))
    panel.dates.end.setDate(QDate(2015, 12, 31))
    panel.dates.end.editingFinished.emit()
    qtbot.waitUntil(lambda: not panel._dirty and panel._count is None, timeout=10000)
    assert len(slices) > len(FACETS), "the counts took a turn per facet"
    final = state.filter()
    assert final.track == ("security",) and final.date_range is not None
    expected = facet_counts(db, final)
    for facet in FACETS:
        for v in expected[facet]:
            item = panel._items.get((facet, v.value))
            if item is not None:
                assert int(item.data(1, Qt.ItemDataRole.UserRole)) == v.count, (facet, v.value)
    assert table_rows(win) == count_filtered(db, final)


def test_a_large_database_s_recount_starts_after_the_lanes_are_laid_out_and_drawn(
    qtbot, db_path, monkeypatch
):
    """At a million events a facet click laid the lanes out again and counted the first facets in
    the same turn of the event loop, then painted: over 100 ms without a break. The first count
    waits for a turn of its own, after the timeline has been laid out and painted for the filter."""
    from explorer.app import MainWindow
    from explorer.timeline.view import TimelineView
    from explorer.ui.facets import facet_panel

    monkeypatch.setattr(facet_panel, "BACKGROUND_MIN", 0)  # the corpus counts as large
    monkeypatch.setattr(facet_panel, "READ_ELSEWHERE_MIN", 0)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    panel = win.filters.panel
    qtbot.waitUntil(lambda: bool(panel._headers) and not panel._dirty, timeout=10000)
    happened: list[str] = []
    real_slice, real_rebuild = panel._count_slice, TimelineView._rebuild
    monkeypatch.setattr(panel, "_count_slice", lambda job: (happened.append("count"), real_slice(job))[1])
    monkeypatch.setattr(
        TimelineView, "_rebuild", lambda view: (happened.append("lanes"), real_rebuild(view))[1]
    )

    class Paints(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
            if ev.type() == QEvent.Type.Paint:
                happened.append("paint")
            return False

    painted = Paints()
    win.timeline.viewport().installEventFilter(painted)
    click_value(qtbot, win, "track", "security")
    qtbot.waitUntil(lambda: not panel._dirty and panel._count is None, timeout=10000)
    win.timeline.viewport().removeEventFilter(painted)
    assert "count" in happened and "lanes" in happened
    lanes, first_count = happened.index("lanes"), happened.index("count")
    assert lanes < first_count and "paint" in happened[lanes:first_count], happened
    assert panel.count_of("track", "security") == win.session.shown_count()


def test_a_narrow_filters_dock_wraps_the_count_and_scrolls_nothing(qtbot, window):
    """At 1024x700 "Showing 90,143 of 1,000,000 events" beside Clear all was wider than the dock: the
    whole panel scrolled sideways, Clear all and the counts cut off at its edge."""
    from PySide6.QtWidgets import QDockWidget, QPushButton, QScrollArea

    dock = window.findChild(QDockWidget, "filterDock")
    window.resizeDocks([dock], [300], Qt.Orientation.Horizontal)  # (the narrowest by default)
    click_value(qtbot, window, "track", "security")
    panel = window.filters.panel
    qtbot.waitUntil(lambda: panel.shown_label.text().startswith("Showing"))
    area = dock.findChild(QScrollArea, "filterDockScroll")
    qtbot.waitUntil(lambda: dock.width() <= 310)
    label, button = panel.shown_label, panel.findChild(QPushButton, "clearFilters")
    one_line = label.fontMetrics().height()
    assert label.height() >= 2 * one_line - 2, "the count wraps onto a second line"
    assert not area.horizontalScrollBar().isVisible() and not area.verticalScrollBar().isVisible()
    assert panel.width() <= area.viewport().width() and panel.height() <= area.viewport().height()
    right = button.mapTo(area.viewport(), button.rect().topRight()).x()
    assert right < area.viewport().width(), "Clear all is whole"

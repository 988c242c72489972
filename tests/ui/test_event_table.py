"""The event table: a well-behaved model, sorting by the date's bounds, selection in step with the
timeline both ways, double-click centres the timeline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from window_helpers import click_value, settle, show_main_window

from explorer.ui.panels.event_table_model import ID_ROLE, SORT_ROLE, EventTableModel

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    table = window.table
    window.session.set_selection(["moscow-memorandum-austrian-neutrality-1955"])
    qtmodeltester.check(table.source_model)
    # (the tester watches the layout changes of a sort: persistent indexes, the selection's, follow)
    for column in range(table.model().columnCount()):
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert table.selected_ids() == ["moscow-memorandum-austrian-neutrality-1955"]
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert table.selected_ids() == ["moscow-memorandum-austrian-neutrality-1955"]


def test_model_on_an_empty_database(qtmodeltester, make_db):
    from explorer.state import Session

    session = Session.open(make_db([]))
    qtmodeltester.check(EventTableModel(session))


def test_sorting_by_date_sorts_by_the_bounds_not_the_words(qtbot, window):
    table = window.table
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    proxy = table.proxy
    ids = [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    events = [window.session.events.get(e) for e in ids]
    dated = [e for e in events if not e.undated]
    assert events[len(dated) :] == [e for e in events if e.undated], "undated records come last"
    bounds = [(e.fuzzy.lo, e.fuzzy.hi) for e in dated]
    assert bounds == sorted(bounds)
    words = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert words != sorted(words), "sorting the words would give another order"
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    ids = [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    keys = [proxy.index(r, 0).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert keys == sorted(keys, reverse=True)


def test_clicking_a_row_selects_the_event_on_the_timeline(qtbot, window):
    table = window.table
    row = table.row_of(MOSCOW)
    index = table.proxy.index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert window.selected_event_ids() == [MOSCOW]
    item = window.timeline.lane_item("context")
    local = list(item.data.rows).index(window.session.columns.index_of(MOSCOW))
    assert item._selected[local]
    assert "Moscow Memorandum" in window.detail.text()


def test_clicking_on_the_timeline_selects_the_row(qtbot, window):
    tl = window.timeline
    tl.centre_on(MOSCOW)
    settle(qtbot)
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=tl.mark_position(MOSCOW))
    assert window.table.selected_ids() == [MOSCOW]


def test_hidden_lanes_leave_the_table_too(qtbot, window):
    before = window.table.proxy.rowCount()
    window.session.set_lane_hidden("context", True)
    hidden = sum(1 for e in window.session.events.all() if e.track == "context")
    assert window.table.proxy.rowCount() == before - hidden


def test_double_clicking_a_row_centres_the_timeline_on_the_event(qtbot, window):
    table = window.table
    window.zoom_to("2010-01-01", "2011-01-01")
    index = table.proxy.index(table.row_of(MOSCOW), 1)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    # a person's double-click: press and release, then the second press arrives as a double-click
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    d0, d1 = window.timeline.visible_range()
    centre = window.session.columns.centre[window.session.columns.index_of(MOSCOW)]
    assert abs((d0 + d1) / 2 - centre) < 1


def test_a_click_on_a_text_column_s_header_reads_its_keys_once_however_many_blocks(
    qtbot, window, monkeypatch
):
    from explorer.ui.panels import event_table_model as event_table

    # one row a block: the 179 rows are far more blocks than the table keeps, as 10,000 rows are at 64 a block
    monkeypatch.setattr(event_table, "BLOCK", 1)
    table, events = window.table, window.session.events
    table.source_model._blocks.clear()
    reads: list[int] = []
    keys_read: list[tuple[int, str]] = []
    real, real_keys = events.row_texts, type(window.session.columns).whole_text
    monkeypatch.setattr(events, "row_texts", lambda nums: (reads.append(len(nums)), real(nums))[1])
    monkeypatch.setattr(
        type(window.session.columns),
        "whole_text",
        lambda cols, c: (keys_read.append((len(cols), c)), real_keys(cols, c))[1],
    )
    for column, expected, text in ((1, "Event", "title"), (4, "EDTF", "date"), (3, "Precision", "precision")):
        header = table.horizontalHeader()
        assert table.proxy.headerData(column, Qt.Orientation.Horizontal) == expected
        reads.clear()
        keys_read.clear()
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        settle(qtbot)
        shown_rows = table.viewport().height() // table.rowHeight(0) + 2
        # every row's key of the one column in one read for the sort, then a block for each row drawn
        assert keys_read == [(table.proxy.rowCount(), text)]
        assert len(reads) <= shown_rows
        assert QGuiApplication.overrideCursor() is None  # (a wait cursor only for long sorts, and put back)
        keys = [table.proxy.index(r, column).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
        assert keys == sorted(keys) or keys == sorted(keys, reverse=True)


@pytest.fixture
def held_reads(monkeypatch, window):
    """The text reads of a sort made on a thread, held until `go` is set; `readers` names their threads."""
    import threading

    from explorer.ui.panels import event_table_model as event_table

    monkeypatch.setattr(event_table, "BUSY_SORT", 100)  # the corpus's 179 rows count as many here
    columns = type(window.session.columns)
    real = columns.whole_text
    go, readers = threading.Event(), []

    def held(cols, column, conn=None):
        readers.append(threading.current_thread().name)
        assert go.wait(10), "the test never let the read go on"
        return real(cols, column, conn)

    monkeypatch.setattr(columns, "whole_text", held)
    yield go, readers
    go.set()


def _titles(table) -> list[str]:
    return [table.proxy.index(r, 1).data() for r in range(table.proxy.rowCount())]


def test_a_long_sort_by_title_is_made_on_a_thread_while_the_table_stays_in_use(qtbot, window, held_reads):
    go, readers = held_reads
    table, model = window.table, window.table.source_model
    before = _titles(table)
    _click_header(qtbot, table, 1)
    qtbot.waitUntil(lambda: bool(readers))  # (the thread has begun to read)
    # under way: the rows keep their order, the window says what it does, and nothing waits for it
    assert all(name == "neutrality-table-sort" for name in readers)
    assert model.sorting()
    assert window.statusBar().currentMessage() == f"Sorting {len(before):,} events by Event…"
    assert table.viewport().cursor().shape() == Qt.CursorShape.BusyCursor
    assert QGuiApplication.overrideCursor() is None
    assert _titles(table) == before
    QTest.keyClick(table, Qt.Key.Key_Down)  # the table still answers the keyboard
    assert table.currentIndex().row() >= 0
    window.session.set_selection([MOSCOW])
    go.set()
    qtbot.waitUntil(lambda: not model.sorting())
    titles = _titles(table)
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles == sorted(before, key=str.casefold, reverse=descending)
    assert table.selected_ids() == [MOSCOW]  # the selection made meanwhile moved with its row
    assert window.statusBar().currentMessage() == ""
    assert table.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor


def test_a_click_on_the_date_while_the_titles_are_being_ordered_wins(qtbot, window, held_reads):
    go, _readers = held_reads
    table, model = window.table, window.table.source_model
    _click_header(qtbot, table, 1)
    assert model.sorting()
    _click_header(qtbot, table, 0)  # the user changes their mind: by date, at once
    assert not model.sorting()
    dates = [table.proxy.index(r, 0).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert dates == sorted(dates, reverse=descending)
    go.set()
    qtbot.waitUntil(lambda: model._ranking is None)
    settle(qtbot)
    # the titles' order came later and was kept for the next click, but the table stays by date
    assert [table.proxy.index(r, 0).data(SORT_ROLE) for r in range(table.proxy.rowCount())] == dates
    assert table.horizontalHeader().sortIndicatorSection() == 0
    assert window.statusBar().currentMessage() == ""


def test_a_filter_while_the_titles_are_being_ordered_keeps_the_sort_asked_for(qtbot, window, held_reads):
    go, readers = held_reads
    table, model, session = window.table, window.table.source_model, window.session
    _click_header(qtbot, table, 0)  # sorted by date, quickly
    _click_header(qtbot, table, 1)  # then by title, on a thread
    qtbot.waitUntil(lambda: bool(readers))
    session.set_lane_hidden("security", True)  # a lane hidden meanwhile: the table follows at once
    assert model.sorting(), "the sort by title is still wanted"
    shown = _titles(table)
    go.set()
    qtbot.waitUntil(lambda: not model.sorting())
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _titles(table) == sorted(shown, key=str.casefold, reverse=descending)
    assert table.horizontalHeader().sortIndicatorSection() == 1


def test_a_title_order_made_before_the_events_changed_is_made_again(qtbot, window, held_reads, monkeypatch):
    go, readers = held_reads
    table, model, session = window.table, window.table.source_model, window.session
    _click_header(qtbot, table, 1)
    qtbot.waitUntil(lambda: bool(readers))
    assert len(readers) == 1
    # the events change while the thread reads (an import, say): what it read is out of date
    session.eventsChanged.emit()
    go.set()
    qtbot.waitUntil(lambda: not model.sorting())
    assert len(readers) == 2, "the order was made again from the texts as they are now"
    titles = _titles(table)
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles == sorted(titles, key=str.casefold, reverse=descending)


def test_a_sort_whose_thread_fails_is_made_on_the_gui_thread_under_the_wait_cursor(
    qtbot, window, monkeypatch
):
    import threading

    from explorer.ui.panels import event_table_model as event_table

    monkeypatch.setattr(event_table, "BUSY_SORT", 100)
    tried, shapes = [], []
    real = event_table.text_ranks

    def failing_elsewhere(cols, path, text):
        tried.append(threading.current_thread().name)
        raise OSError(f"{path} went away")

    def noting(whole_text, text):
        cursor = QGuiApplication.overrideCursor()
        shapes.append((threading.current_thread().name, None if cursor is None else cursor.shape()))
        return real(whole_text, text)

    monkeypatch.setattr(event_table, "text_ranks_elsewhere", failing_elsewhere)
    monkeypatch.setattr(event_table, "text_ranks", noting)
    table, model = window.table, window.table.source_model
    before = _titles(table)
    _click_header(qtbot, table, 1)
    qtbot.waitUntil(lambda: not model.sorting())
    assert tried == ["neutrality-table-sort"]
    assert shapes == [("MainThread", Qt.CursorShape.WaitCursor)]  # then made here, under the wait cursor
    assert QGuiApplication.overrideCursor() is None
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _titles(table) == sorted(before, key=str.casefold, reverse=descending)


def _click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    settle(qtbot)


def test_a_table_sorted_by_title_keeps_the_selection_and_its_order_after_a_lane_is_hidden(qtbot, window):
    table, proxy, session = window.table, window.table.proxy, window.session
    session.set_selection([MOSCOW])
    _click_header(qtbot, table, 1)

    def titles_and_dates() -> tuple[list[str], list[int]]:
        rows = range(proxy.rowCount())
        return [proxy.index(r, 1).data() for r in rows], [proxy.index(r, 0).data(SORT_ROLE) for r in rows]

    titles, dates = titles_and_dates()
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles == sorted(titles, key=str.casefold, reverse=descending)
    # events of the same title keep their date order, as Qt's own (stable) sort kept them
    same = [(t.casefold(), d) for t, d in zip(titles, dates, strict=True)]
    for (t1, d1), (t2, d2) in zip(same, same[1:], strict=False):
        assert t1 != t2 or d1 <= d2
    assert table.selected_ids() == [MOSCOW]  # the selection moved with its row
    row = table.row_of(MOSCOW)
    assert "Moscow Memorandum" in proxy.index(row, 1).data()
    assert table.selectionModel().isRowSelected(row)
    _click_header(qtbot, table, 1)  # the other way round
    again, _ = titles_and_dates()
    assert again == sorted(titles, key=str.casefold, reverse=not descending)
    session.set_lane_hidden("security", True)
    shown, _ = titles_and_dates()
    assert len(shown) < len(titles)
    assert shown == sorted(shown, key=str.casefold, reverse=not descending)  # still sorted by title
    assert table.selected_ids() == [MOSCOW]


def test_a_sorted_table_follows_a_filter_without_reading_its_texts_again(qtbot, window, monkeypatch):
    table, proxy, columns = window.table, window.table.proxy, type(window.session.columns)
    keys_read: list[str] = []
    real = columns.whole_text
    monkeypatch.setattr(columns, "whole_text", lambda cols, c: (keys_read.append(c), real(cols, c))[1])
    _click_header(qtbot, table, 1)
    assert keys_read == ["title"]

    def titles_and_dates() -> list[tuple[str, int]]:
        rows = range(proxy.rowCount())
        return [(proxy.index(r, 1).data().casefold(), proxy.index(r, 0).data(SORT_ROLE)) for r in rows]

    every = titles_and_dates()
    click_value(qtbot, window, "track", "security")  # a filter: the table follows, still by title
    settle(qtbot)
    shown = titles_and_dates()
    assert 0 < len(shown) < len(every)
    assert "National security" in {proxy.index(r, 2).data() for r in range(proxy.rowCount())}
    assert shown == sorted(
        shown, reverse=table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    )
    _click_header(qtbot, table, 1)  # and the other way round
    again = titles_and_dates()
    descending = table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # by title, and events of the same title in date order whichever way the titles run
    assert [t for t, _ in again] == sorted((t for t, _ in shown), reverse=descending)
    for (t1, d1), (t2, d2) in zip(again, again[1:], strict=False):
        assert t1 != t2 or d1 <= d2
    assert keys_read == ["title"], "the titles were read once, for the first sort"


def bulk_lookups(monkeypatch, session) -> list[str]:
    """The names of the columns' look-ups of many ids at once (known_ids, mask_of), as they are called:
    each is a whole-column read and a dictionary of every id at a million events."""
    many: list[str] = []
    for name in ("known_ids", "mask_of"):
        was = getattr(type(session.columns), name)
        monkeypatch.setattr(
            type(session.columns),
            name,
            lambda cols, ids, _n=name, _f=was: (many.append(_n), _f(cols, ids))[1],
        )
    return many


def test_select_all_shown_selects_every_row_without_a_look_up_per_event(qtbot, window, monkeypatch):
    table, session = window.table, window.session
    _click_header(qtbot, table, 1)  # sorted by title: the rows are not in the columns' order
    session.set_lane_hidden("security", True)
    looked_up: list[str] = []
    real = type(session.columns).index_of
    monkeypatch.setattr(
        type(session.columns), "index_of", lambda cols, eid: (looked_up.append(eid), real(cols, eid))[1]
    )
    many = bulk_lookups(monkeypatch, session)  # (twice, at a million events: seconds)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot)
    assert len(looked_up) <= 1  # the current event's row; it was a query and a search for each event
    assert many == []
    assert len(session.selection()) == session.shown_count() == table.proxy.rowCount()
    rows = {i.row() for i in table.selectionModel().selectedRows()}
    assert rows == set(range(table.proxy.rowCount()))
    session.set_selection([MOSCOW])
    assert [i.row() for i in table.selectionModel().selectedRows()] == [table.row_of(MOSCOW)]
    assert table.selected_ids() == [MOSCOW]


def test_select_all_shown_reads_no_id_until_a_command_needs_them(qtbot, window, monkeypatch):
    """At a million events Select All Shown read a million ids (half a second) that no view shows:
    the table, the lanes and the count work from the selection's rows. A command that needs the ids
    (Copy as Markdown) still gets every selected event."""
    import numpy as np

    from explorer.formats.text import escape_markdown
    from explorer.ui.panels import selection_list

    monkeypatch.setattr(selection_list, "LISTED", 10)  # (the list of the selected shows the first ten)
    session = window.session
    session.set_lane_hidden("security", True)
    reads: list[tuple[str, int]] = []
    cls = type(session.columns)
    whole, some = cls.whole_text, cls._read_text
    monkeypatch.setattr(cls, "whole_text", lambda cols, c: (reads.append((c, -1)), whole(cols, c))[1])
    monkeypatch.setattr(
        cls, "_read_text", lambda cols, c, nums: (reads.append((c, len(nums))), some(cols, c, nums))[1]
    )
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot)
    n = session.shown_count()
    assert window.selected_label.text() == f"{n:,} selected"
    assert {i.row() for i in window.table.selectionModel().selectedRows()} == set(range(n))
    ids_read = [k for column, k in reads if column == "id"]
    # at most those listed and the event shown in the detail panel
    assert -1 not in ids_read and sum(ids_read) <= 11 < n, ids_read
    qtbot.keyClick(
        window.timeline, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    text = QApplication.clipboard().text()
    bullets = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(bullets) == n
    for title in session.columns.titles[np.flatnonzero(session.shown_mask())].tolist():
        assert escape_markdown(title) in text


def test_rows_picked_in_a_sorted_table_select_those_events_in_the_table_s_order(qtbot, window, monkeypatch):
    table, model, session = window.table, window.table.proxy, window.session
    _click_header(qtbot, table, 1)

    def click(row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        rect = table.visualRect(model.index(row, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(2)
    click(6, Qt.KeyboardModifier.ShiftModifier)
    click(9, Qt.KeyboardModifier.ControlModifier)
    expected = [model.index(r, 0).data(ID_ROLE) for r in (2, 3, 4, 5, 6, 9)]
    assert table.selected_ids() == expected
    assert session.selection() == expected
    many = bulk_lookups(monkeypatch, session)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the table's own select all
    every = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert table.selected_ids() == every
    assert sorted(session.selection()) == sorted(every)
    # the table's own range of whole rows (a click, then a shift-click on the last row) goes to the
    # session by rows
    assert many == []
    session.clear_selection()
    many.clear()  # (clearing looks up an empty list)
    click(0)
    table.scrollToBottom()
    click(model.rowCount() - 1, Qt.KeyboardModifier.ShiftModifier)
    assert session.selection() == every, "in the table's order"
    assert many == []


def test_after_a_select_all_the_column_titles_are_drawn_without_asking_every_row(qtbot, window, monkeypatch):
    from explorer.ui.panels.event_table import EventTable

    asked: list[int] = []
    real = EventTableModel.rowCount
    monkeypatch.setattr(EventTableModel, "rowCount", lambda model, *a: (asked.append(1), real(model, *a))[1])
    table = EventTable(window.session)
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    qtbot.waitExposed(table)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.selection()) == table.model().rowCount()
    QApplication.processEvents()  # (the selection settles)
    asked.clear()
    table.horizontalHeader().viewport().repaint()
    # (with the table's selection, the 6 titles asked all 179 rows whether they were selected)
    assert len(asked) < table.model().rowCount()
    _click_header(qtbot, table, 1)  # a click on a title still sorts
    titles = [table.model().index(r, 1).data() for r in range(table.model().rowCount())]
    assert titles in (sorted(titles, key=str.casefold), sorted(titles, key=str.casefold, reverse=True))


@pytest.mark.parametrize("first", [(1024, 700), (1400, 900)], ids=["opened narrow", "narrowed"])
def test_a_narrow_window_keeps_the_titles_readable_and_a_wide_one_gives_them_the_room(qtbot, db_path, first):
    from explorer.app import MainWindow
    from explorer.ui.panels.event_table import TITLES_MIN

    window = show_main_window(qtbot, MainWindow(db_path), first)
    table = window.table
    header = table.horizontalHeader()

    def filled() -> bool:
        return sum(header.sectionSize(c) for c in range(header.count())) == table.viewport().width()

    window.resize(1024, 700)
    qtbot.waitUntil(lambda: table.viewport().width() < 760)
    settle(qtbot)
    assert header.sectionSize(1) >= TITLES_MIN, "not squeezed to a few letters beside the other columns"
    assert table.visualRect(table.model().index(0, 1)).width() >= TITLES_MIN
    # a person widens the Date column by dragging its right edge: the titles keep their room
    edge = header.sectionViewportPosition(0) + header.sectionSize(0) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for dx in (20, 60, 120):
        QTest.mouseMove(header.viewport(), QPoint(edge + dx, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 120, y))
    assert header.sectionSize(0) > 200
    assert header.sectionSize(1) >= TITLES_MIN
    window.resize(1900, 1000)
    qtbot.waitUntil(lambda: table.viewport().width() > 1100)
    settle(qtbot)
    assert filled() and header.sectionSize(1) > TITLES_MIN, "wide again, the titles stretch to the edge"


def test_runs_merge_consecutive_rows():
    import numpy as np

    from explorer.ui.panels.event_table import _runs

    assert _runs(np.array([], dtype=np.int64)) == []
    assert _runs(np.array([3])) == [(3, 3)]
    assert _runs(np.array([1, 2, 3, 7, 8, 10])) == [(1, 3), (7, 8), (10, 10)]
    assert _runs(np.arange(5, 1_000_005)) == [(5, 1_000_004)]

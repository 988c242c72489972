"""A large database is searched on a worker thread. A person types a search, ticks a facet and
changes the dates before the first answer arrives: the list, the count and the dimmed timeline end
up showing the last request's answer, and no older answer is ever shown in between."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidget
from window_helpers import show_main_window

from explorer.store.filters import filtered_nums, match_nums
from explorer.store.search import compile_query, count_matches
from explorer.ui.search.results import ID_ROLE

TEXT = "Russia"


def _click_facet(qtbot, window, facet: str, value: str) -> None:
    panel = window.filters.panel
    item = panel.item_for(facet, value)
    assert item is not None
    tree: QTreeWidget = panel.tree
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def test_a_fast_sequence_shows_only_the_last_request_s_answer(qtbot, db_path: Path, monkeypatch) -> None:
    from explorer.app import MainWindow
    from explorer.state import search as search_state
    from explorer.state import search_worker

    monkeypatch.setattr(search_state, "BACKGROUND_MIN", 0)  # the corpus counts as large
    gate = threading.Event()
    asked: list[str] = []
    real = search_worker.answer

    def held(db, job):
        asked.append(threading.current_thread().name)
        gate.wait(20)  # every answer waits until the person has done everything
        return real(db, job)

    monkeypatch.setattr(search_worker, "answer", held)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    state, db = win.search.state, win.session._db
    labels: list[str] = []
    state.resultsChanged.connect(lambda: labels.append(win.search.bar.count_label.text()))

    field = win.findChild(QLineEdit, "searchField")
    field.setFocus()
    qtbot.keyClicks(field, TEXT)
    qtbot.waitUntil(lambda: state.running(), timeout=3000)  # the typing was sent to the worker
    assert win.search.bar.count_label.text() == "Searching…"
    _click_facet(qtbot, win, "track", "security")
    dates = win.filters.panel.dates
    qtbot.mouseClick(dates.enabled, Qt.MouseButton.LeftButton)
    dates.start.setDate(QDate(2014, 1, 1))
    dates.end.setDate(QDate(2016, 12, 31))
    dates.end.editingFinished.emit()
    assert state.running()
    gate.set()
    qtbot.waitUntil(lambda: not state.running(), timeout=10000)

    flt = win.filters.state.filter()
    assert flt.track == ("security",) and flt.date_range is not None
    expected = count_matches(db, TEXT, where=flt)
    assert 0 < expected < count_matches(db, TEXT)
    assert state.count() == expected
    assert win.search.bar.count_label.text() == f"{expected:,} match{'es' if expected != 1 else ''}"
    # the list holds only events the filter lets through, and the timeline marks every match
    passing = set(filtered_nums(db, flt).tolist())
    model = win.search.results.list.model()
    listed = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    cols = win.session.columns
    assert len(listed) == expected
    assert all(int(cols.num[cols.index_of(i)]) in passing for i in listed)
    hits = win.session.hit_mask()
    assert hits is not None
    assert set(cols.num[hits].tolist()) == set(match_nums(db, compile_query(db, TEXT)).tolist())
    # the worker ran them (never the GUI thread), and no answer but the last one was shown
    assert asked and set(asked) == {"neutrality-search"}
    shown = [t for t in labels if t != "Searching…"]
    assert shown == [win.search.bar.count_label.text()], labels
    assert np.all(hits[cols.rows_of(listed)])


def test_the_matches_are_turned_into_the_timeline_s_mask_on_the_worker(
    qtbot, db_path: Path, monkeypatch
) -> None:
    """Every match's row (a pass over a million rows) is found on the worker, not after the answer
    arrives on the GUI thread; the timeline marks exactly the matches."""
    from explorer.app import MainWindow
    from explorer.state import search as search_state
    from explorer.store.columns import EventColumns

    monkeypatch.setattr(search_state, "BACKGROUND_MIN", 0)  # the corpus counts as large
    threads: list[str] = []
    real = EventColumns.mask_of_nums

    def spy(self, nums):
        threads.append(threading.current_thread().name)
        return real(self, nums)

    monkeypatch.setattr(EventColumns, "mask_of_nums", spy)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    state, db = win.search.state, win.session._db
    field = win.findChild(QLineEdit, "searchField")
    field.setFocus()
    qtbot.keyClicks(field, TEXT)
    qtbot.waitUntil(lambda: state.running(), timeout=3000)
    qtbot.waitUntil(lambda: not state.running() and win.session.hit_mask() is not None, timeout=10000)
    cols = win.session.columns
    hits = win.session.hit_mask()
    assert set(cols.num[hits].tolist()) == set(match_nums(db, compile_query(db, TEXT)).tolist())
    assert threads and set(threads) == {"neutrality-search"}, threads

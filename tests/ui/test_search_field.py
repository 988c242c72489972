"""Search as a person uses it: type in the field, read the count and the highlighted hits, step through
them with Enter and Shift+Enter (the timeline centres on each and the details follow), Escape clears."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from explorer.store.search import search_ids
from explorer.ui.search.results import ID_ROLE, SNIPPET_HTML_ROLE, TITLE_HTML_ROLE

AIRBASE = "belarus-refuses-russian-airbase-2015"


def field_of(window) -> QLineEdit:
    field = window.findChild(QLineEdit, "searchField")
    assert field is not None, "the window has a search field named searchField"
    return field


def type_text(qtbot, widget, text: str) -> None:
    """Type text as a keyboard would: QTest for ASCII, key events carrying the text for the rest."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for ch in text:  # QTest.keyClicks only knows ASCII keys; a keyboard layout sends the character
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_query(qtbot, window, text: str) -> None:
    """Type into the search field and wait until the typing has been searched."""
    field = field_of(window)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    type_text(qtbot, field, text)
    assert field.text() == text
    state = window.search.state
    # (searched, and every hit of the page listed: the rest of a long list comes a turn after the first)
    qtbot.waitUntil(
        lambda: not state.pending() and state.query() == text and not state.listing(), timeout=3000
    )


def listed_ids(window) -> list[str]:
    model = window.search.results.list.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def hit_is_visible(window, event_id: str) -> bool:
    cols = window.session.columns
    row = cols.index_of(event_id)
    if not cols.dated[row]:  # an undated hit is shown, selected, beside the legend, not on the axis
        button = window.undated.buttons.get(event_id)
        return button is not None and button.isVisible() and button.isChecked()
    d0, d1 = window.timeline.visible_range()
    return d0 <= float(cols.centre[row]) <= d1


def test_typing_a_query_shows_the_count_the_highlighted_hits_and_dims_the_rest(qtbot, window):
    expected = search_ids(window.session._db, "airbase")
    assert AIRBASE in expected and len(expected) > 3
    type_query(qtbot, window, "airbase")
    assert window.search.bar.count_label.text() == f"{len(expected)} matches"
    assert set(listed_ids(window)) == set(expected)
    model = window.search.results.list.model()
    n = model.rowCount()
    htmls = [
        model.index(r, 0).data(SNIPPET_HTML_ROLE) + model.index(r, 0).data(TITLE_HTML_ROLE) for r in range(n)
    ]
    assert all("<b>airbase</b>" in h.lower() for h in htmls), "the matched word is bold in every hit"
    hits = window.session.hit_mask()
    assert hits is not None and int(hits.sum()) == len(expected)
    item = window.timeline.lane_item("security")
    assert item._hits is not None and 0 < int(item._hits.sum()) < len(item._hits), (
        "the rest of the lane is dimmed"
    )


def test_the_list_is_ranked_like_the_store_search(qtbot, window):
    type_query(qtbot, window, "lukashenka")
    expected = [e for e in search_ids(window.session._db, "lukashenka", limit=500)]
    assert listed_ids(window) == expected
    assert window.search.bar.count_label.text() == f"{len(expected)} matches"


def test_enter_and_shift_enter_step_through_hits_centring_and_selecting_each(qtbot, window):
    window.zoom_to("1800-01-01", "1810-01-01")  # nowhere near the hits
    type_query(qtbot, window, "airbase")
    field = field_of(window)
    order = listed_ids(window)
    seen = []
    for expected in order:
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert window.selected_event_ids() == [expected]
        assert window.detail.shown_event_id() == expected
        assert hit_is_visible(window, expected), "the timeline is centred on the hit"
        seen.append(expected)
    assert seen == order
    qtbot.keyClick(field, Qt.Key.Key_Return)  # wraps round to the first
    assert window.selected_event_ids() == [order[0]]
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_event_ids() == [order[-1]]
    assert hit_is_visible(window, order[-1])
    qtbot.keyClick(field, Qt.Key.Key_Enter, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_event_ids() == [order[-2]]
    assert window.search.bar.count_label.text() == f"{len(order) - 1} of {len(order)} matches"


def test_stepping_by_date_follows_the_timeline_from_left_to_right(qtbot, window):
    type_query(qtbot, window, "airbase")
    results = window.search.results
    results.order.setCurrentIndex(results.order.findData("date"))
    order = listed_ids(window)
    cols = window.session.columns
    assert [cols.index_of(e) for e in order] == sorted(cols.index_of(e) for e in order)
    field = field_of(window)
    for expected in order:
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert window.selected_event_ids() == [expected]


def test_clicking_a_hit_in_the_list_selects_and_centres_it(qtbot, window):
    window.zoom_to("1800-01-01", "1810-01-01")
    type_query(qtbot, window, "crimea")
    lst = window.search.results.list
    window.docks["searchDock"].raise_()
    qtbot.waitUntil(lst.isVisible)
    index = lst.model().index(1, 0)
    target = index.data(ID_ROLE)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualRect(index).center())
    assert window.selected_event_ids() == [target]
    assert hit_is_visible(window, target)


@pytest.mark.parametrize(
    "nasty",
    [
        '"',
        "((",
        'title:"',
        "NOT",
        "-",
        "*",
        "AND(",
        "^near",
        "ЛУКАШЕНКО",
        "a" * 300,
        "\u0301x",
        "zubr OR",
        "☃ 🙂",
    ],
)
def test_nasty_input_neither_crashes_nor_leaves_stale_hits(qtbot, window, nasty):
    type_query(qtbot, window, nasty)
    state = window.search.state
    text = window.search.bar.count_label.text()
    assert text in ("Nothing to search for", "No matches") or text.endswith(("match", "matches"))
    hits = window.session.hit_mask()
    shown = window.session.shown_mask()
    assert state.count() == (0 if hits is None else int((hits & shown).sum()))
    assert len(listed_ids(window)) == min(state.count(), 500)
    qtbot.keyClick(field_of(window), Qt.Key.Key_Return)  # stepping with or without hits is harmless


def test_escape_clears_the_search_and_undims_the_timeline(qtbot, window):
    type_query(qtbot, window, "airbase")
    field = field_of(window)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert window.session.hit_mask() is None
    assert listed_ids(window) == []
    assert window.search.bar.count_label.text() == ""
    assert window.timeline.lane_item("security")._hits is None


def test_the_clear_button_of_the_field_clears_the_search_too(qtbot, window):
    type_query(qtbot, window, "airbase")
    field_of(window).clear()
    assert window.session.hit_mask() is None


def test_ctrl_f_puts_the_cursor_in_the_search_field(qtbot, window):
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.timeline)
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field_of(window))


def test_hits_respect_the_facet_filter(qtbot, window):
    window.filters.state.set_values("track", ["foreign"])
    type_query(qtbot, window, "airbase")
    # each hit is on the foreign lane: at home there, or placed there too (events on several lanes)
    cols = window.session.columns
    foreign = cols.lane_of_track("foreign")
    ids = listed_ids(window)

    def on_foreign(e: str) -> bool:
        row = cols.index_of(e)
        return bool(cols.lane[row] == foreign or (cols.extra_lane[cols.extra_rows == row] == foreign).any())

    assert ids and all(on_foreign(e) for e in ids)
    assert window.search.state.count() == len(listed_ids(window))


def test_the_hit_model_is_well_behaved(qtbot, qtmodeltester, window):
    type_query(qtbot, window, "lukashenka")
    qtmodeltester.check(window.search.results.model)


def test_typing_a_query_brings_the_search_results_forward(qtbot, window):
    dock = window.docks["searchDock"]
    assert dock.visibleRegion().isEmpty(), "the Filters tab is in front at first"
    qtbot.keyClicks(window.search.bar.field, "airbase")
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())


def test_the_list_of_hits_is_made_behind_its_tab_when_idle_and_shows_the_first_search(qtbot, window):
    """The Search dock's list is made after the window's first paint, behind the Filters tab, so the
    first search does not also make it (test_startup_imports checks it is not made before)."""
    from PySide6.QtWidgets import QListView

    dock = window.docks["searchDock"]
    qtbot.waitUntil(lambda: window.findChild(QListView, "searchResults") is not None, timeout=3000)
    assert dock.visibleRegion().isEmpty(), "made behind the Filters tab, not brought forward"
    expected = search_ids(window.session._db, "airbase")
    type_query(qtbot, window, "airbase")
    # the search brought the dock forward, its list showing the hits
    shown = window.findChild(QListView, "searchResults")
    qtbot.waitUntil(shown.isVisible, timeout=3000)
    model = shown.model()
    assert {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())} == set(expected)


def test_a_query_with_many_hits_lists_the_first_at_once_and_the_rest_on_the_next_turn(qtbot, border_db):
    """Below the worker's size the search runs in the GUI thread: the list shows the first hundred
    hits at once and the rest of its page on the next turn, ranked as one page would be."""
    from window_helpers import show_main_window

    from explorer.app import MainWindow
    from explorer.state.search import FIRST_PAGE

    path = border_db
    window = show_main_window(qtbot, MainWindow(path))
    state = window.search.state
    listed_sizes: list[tuple[int, bool]] = []
    state.resultsChanged.connect(lambda: listed_sizes.append((len(state.hits()), state.listing())))
    type_query(qtbot, window, "border")
    assert len(state.hits()) == 240
    assert listed_sizes[0] == (FIRST_PAGE, True) and listed_sizes[-1] == (240, False)
    window.search.docks.bring_forward("searchDock")
    qtbot.waitUntil(lambda: len(listed_ids(window)) == 240, timeout=3000)
    assert listed_ids(window) == search_ids(window.session._db, "border", limit=500)
    assert window.search.bar.count_label.text() == "240 matches"

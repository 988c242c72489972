"""An event on several lanes in the window: drawn in each of its lanes (with the shared marker), a click
on either placement selects the same event and fills the details, and the selection shows in both."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from window_helpers import show_main_window

AIRBASE = "belarus-refuses-russian-airbase-2015"
TITLE = "Belarusian leadership refuses the Russian airbase outright"


@pytest.fixture
def window(qtbot, undated_db: Path):
    """A shown main window on the database built from this checkout's corpus (with its placements)."""
    from explorer.app import MainWindow

    win = show_main_window(qtbot, MainWindow(undated_db))
    qtbot.waitUntil(lambda: not win.timeline.layout_pending())
    return win


#: Ranges around autumn 2015 to view; a label of a neighbour can cover a mark at some zooms.
ZOOMS = [("2014-01-01", "2017-01-01"), ("2013-01-01", "2017-01-01"), ("2015-01-01", "2016-06-01")]


def _zoom_to_both(qtbot, window) -> tuple[QPoint, QPoint]:
    """Zoom until the event is drawn and on top in both its lanes; its two placements."""
    tl = window.timeline
    for a, b in ZOOMS:
        window.zoom_to(a, b)
        qtbot.waitUntil(lambda: not tl.layout_pending())
        home, other = tl.mark_position(AIRBASE, "security"), tl.mark_position(AIRBASE, "foreign")
        if home is not None and other is not None:
            return home, other
    raise AssertionError("the shared event is not drawn (on top) in both of its lanes at any zoom tried")


def _click(qtbot, tl, pos: QPoint) -> None:
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def test_the_event_is_drawn_in_both_lanes_and_either_click_selects_it(qtbot, window):
    tl = window.timeline
    home, other = _zoom_to_both(qtbot, window)
    to_view = tl.viewbox.mapSceneToView
    assert tl.lane_at(to_view(tl.mapToScene(home)).y()) == "security"
    assert tl.lane_at(to_view(tl.mapToScene(other)).y()) == "foreign"
    assert tl.hit_at(home).event_id == tl.hit_at(other).event_id == AIRBASE
    assert tl.mark_position(AIRBASE) == home, "by default, the home lane's placement"

    for pos in (other, home):
        left, _ = tl.viewbox_px()
        _click(qtbot, tl, QPoint(int(left) + 3, tl.height() - 8))  # empty space: nothing selected
        assert window.selected_event_ids() == []
        _click(qtbot, tl, pos)
        assert window.selected_event_ids() == [AIRBASE], "one event, whichever lane was clicked"
        assert TITLE in window.detail.text()
        assert (
            "National security" in window.detail.text() and "also on ■ Foreign policy" in window.detail.text()
        )
        # one selection, highlighted in every lane that draws the event
        row = window.session.columns.index_of(AIRBASE)
        for track in ("security", "foreign"):
            item = tl.lane_item(track)
            local = int(np.searchsorted(item.data.rows, row))
            assert item.data.rows[local] == row and item._selected[local], f"not highlighted in {track}"


def test_the_shared_marker_is_drawn_beside_each_placement(qtbot, window):
    tl, cols = window.timeline, window.session.columns
    placements = dict(zip(("security", "foreign"), _zoom_to_both(qtbot, window), strict=True))
    row = cols.index_of(AIRBASE)
    assert cols.shared[row] and not cols.shared[cols.index_of("minsk-moves-and-shrinks-airbase-plan")]
    marked = tl.viewport().grab().toImage()
    # the same view drawn as if the event were on one lane only: only the marker's pixels change
    cols.__dict__["shared"] = np.zeros(len(cols), dtype=bool)
    for track in ("security", "foreign"):
        tl.lane_item(track).update()
    qtbot.waitUntil(lambda: tl.viewport().grab().toImage() != marked)
    plain = tl.viewport().grab().toImage()
    for track, pos in placements.items():
        # the squares sit up and to the right of the mark (lane_batches.SHARED_OFFSET, SHARED_SIZE)
        near = [(pos.x() + dx, pos.y() - dy) for dx in range(0, 12) for dy in range(0, 12)]
        changed = [xy for xy in near if marked.pixelColor(*xy) != plain.pixelColor(*xy)]
        assert changed, f"no shared marker beside the {track} placement"


def test_the_comparison_counts_it_once_until_asked_to_count_it_in_every_track(qtbot, window):
    window.menu_actions["compare"].trigger()
    view = window.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    foreign, security = view.series[0], view.series[1]
    assert (foreign.key, security.key) == ("foreign", "security")
    assert AIRBASE in security.ids and AIRBASE not in foreign.ids, "counted once, in its home track"
    n_foreign = len(foreign.ids)
    toggle = view.count_shared
    assert toggle.isVisible() and not toggle.isChecked()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: AIRBASE in view.series[0].ids)
    assert AIRBASE in view.series[1].ids
    assert len(view.series[0].ids) == n_foreign + 2, "the two shared events placed on foreign"
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: AIRBASE not in view.series[0].ids)

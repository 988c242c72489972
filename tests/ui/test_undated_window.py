"""The window on a corpus with undated records: never drawn in the time lanes, listed in the event
table (after the dated events) and in the "Undated" strip, selectable there, and counted as such."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from window_helpers import show_main_window

from explorer.ui.panels.event_table import ID_ROLE

UNDATED = {
    "raukou-calls-airbase-issue-political": ("4.3", "security"),
    "belarus-begins-implementing-neutrality-clause": ("5", "concepts"),
    "secessions-belarus-deems-illegitimate": ("5", "foreign"),
}


@pytest.fixture
def window(qtbot, undated_db: Path):
    """A shown main window on the database built from this checkout's corpus."""
    from explorer.app import MainWindow

    win = show_main_window(qtbot, MainWindow(undated_db))
    qtbot.waitUntil(lambda: not win.timeline.layout_pending())
    return win


def _lane_pixels(tl, track: str) -> list[QPoint]:
    """Every pixel column of a lane's rows, every 3rd pixel row (a mark or a label is taller)."""
    box = tl.viewbox.sceneBoundingRect()
    left, right = tl.mapFromScene(box.topLeft()).x(), tl.mapFromScene(box.bottomRight()).x()
    top, bottom = tl.mapFromScene(box.topLeft()).y(), tl.mapFromScene(box.bottomRight()).y()
    out = []
    for y in range(top, bottom, 3):
        view_y = tl.viewbox.mapSceneToView(tl.mapToScene(QPoint(left + 1, y))).y()
        if tl.lane_at(view_y) == track:
            out += [QPoint(x, y) for x in range(left, right)]
    return out


def test_undated_records_are_nowhere_in_the_lanes(qtbot, window):
    tl, cols = window.timeline, window.session.columns
    rows = cols.rows_of(list(UNDATED))
    assert len(rows) == 3
    for track in cols.track_ids:
        item = tl.lane_item(track)
        assert not np.isin(rows, item.data.rows).any(), f"the {track} lane holds an undated record"
    left_bound, right_bound = tl._bounds
    found = set()
    # the whole span, then the far right end the view can reach (where a sentinel day would be)
    for d0, d1 in ((left_bound, right_bound), (right_bound - 3650, right_bound)):
        tl.zoom_to(d0, d1)
        qtbot.waitUntil(lambda: not tl.layout_pending())
        for eid, (_section, track) in UNDATED.items():
            assert tl.mark_position(eid) is None and tl.label_rect(eid) is None
            hits = {h.event_id for p in _lane_pixels(tl, track) if (h := tl.hit_at(p)) is not None}
            assert eid not in hits
            found |= hits
    assert found and not found & set(UNDATED), "the scan does find the lanes' dated events"
    # each lane's header counts what it draws (events placed there too); the strip counts the undated ones
    counts = {lane[0]: lane[3] for lane in tl.header._lanes}
    shown = window.session.shown_mask()
    for track in cols.track_ids:
        assert counts[track] == int(shown[cols.lane_rows(cols.lane_of_track(track))].sum())
    foreign = cols.lane_of_track("foreign")
    placed = int((cols.extra_lane == foreign).sum())
    assert (
        placed >= 2 and counts["foreign"] == int((shown & cols.dated & (cols.lane == foreign)).sum()) + placed
    )
    # one undated foreign record is left out of its lane's count
    assert counts["foreign"] == int((shown & (cols.lane == foreign)).sum()) - 1 + placed


def test_the_table_lists_them_last_and_a_click_shows_them_in_the_details(qtbot, window):
    table = window.table
    model = table.model()
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    n = model.rowCount()
    last = [model.index(r, 1).data(ID_ROLE) for r in range(n - 3, n)]
    assert last == list(UNDATED), "after every dated event, in the paper's section order"
    assert [model.index(r, 0).data() for r in range(n - 3, n)] == [
        f"undated (section {s})" for s, _ in UNDATED.values()
    ]
    eid = "raukou-calls-airbase-issue-political"
    row = table.row_of(eid)
    table.scrollTo(model.index(row, 1))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(row, 1)).center()
    )
    assert window.session.selection() == [eid]
    qtbot.waitUntil(lambda: "Raukou" in window.detail.browser.toPlainText())
    text = window.detail.browser.toPlainText()
    assert "undated (section 4.3)" in text and "not drawn on the date axis" in text
    assert window.undated.buttons[eid].isChecked(), "the strip shows the selection too"


def test_the_strip_selects_and_the_counts_say_how_many_are_undated(qtbot, window):
    strip = window.undated
    assert strip.isVisible() and "Undated" in strip.heading.text() and "(3)" in strip.heading.text()
    assert set(strip.buttons) == set(UNDATED)
    button = strip.buttons["secessions-belarus-deems-illegitimate"]
    assert button.full_text.startswith("§5 Secessions")
    assert "undated (section 5)" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.session.current() == "secessions-belarus-deems-illegitimate"
    qtbot.waitUntil(lambda: "Karabakh" in window.detail.browser.toPlainText())
    assert "(3 undated)" in window.shown_label.text()
    # a date range leaves them out, and the filter's summary says so
    window.filters.panel.state.set_date_range((1, 800_000))
    qtbot.waitUntil(lambda: not strip.isVisible())
    assert "undated" not in window.shown_label.text()
    assert "(undated excluded)" in window.filters.panel.state.summary()


def test_the_link_dialog_lists_them_as_undated(qtbot, window):
    from explorer.ui.annotations.link_dialog import ID_ROLE as CHOICE_ID
    from explorer.ui.annotations.link_dialog import EventChoiceModel

    model = EventChoiceModel(window.session, exclude="moscow-memorandum-austrian-neutrality-1955")
    model.set_query("airbase")
    shown = {model.index(r).data(CHOICE_ID): model.index(r).data() for r in range(model.rowCount())}
    assert shown["raukou-calls-airbase-issue-political"].startswith("undated · Defence Minister Raukou")
    dated = [text for eid, text in shown.items() if eid not in UNDATED]
    assert dated and all(text[:4].isdigit() for text in dated)


def test_the_timelinejs_preview_says_it_leaves_them_out(qtbot, window):
    from export_helpers import open_dialog, press_shortcut

    from explorer.ui.dialogs.export_dialog import ExportDialog

    window.select_events(
        ["moscow-memorandum-austrian-neutrality-1955", "raukou-calls-airbase-issue-political"]
    )
    press_shortcut(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, window, ExportDialog)
    dialog.set_format("timelinejs")
    dialog.update_preview()
    caption = dialog.preview.caption.text()
    assert caption.endswith("1 undated event left out: TimelineJS needs a start date."), caption
    assert "Raukou" not in dialog.preview.current_text()
    dialog.set_format("json")
    dialog.update_preview()
    assert "left out" not in dialog.preview.caption.text()
    assert "undated (section 4.3)" in dialog.preview.current_text()
    dialog.reject()

"""Laying out a zoom reads no title from the database (counted, not timed).

A new zoom lays out every event around the view and needs each one's label width to choose its
row. Those widths are estimated from the title lengths read with the columns: the thousands of
titles a zoom never shows are not read on the GUI thread to measure them (at 100,000 events that
read took up to 3 ms of a step); only the labels drawn read their titles, and a small timeline
reads all of them once, when its first lanes are laid out in detail.
"""

from __future__ import annotations

import shutil

import numpy as np
from pointing import show, wheel, zoom
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from explorer.store.columns import EventColumns
from explorer.timeline import lane_style
from explorer.timeline.lane_style import LaneStyle


class TitleReads:
    """The rows whose titles are read from the database to estimate label widths, and how many widths were asked."""

    def __init__(self, monkeypatch) -> None:
        self.for_widths: list[int] = []
        self.widths_asked = 0
        self._in_widths = False
        real_read, real_widths = EventColumns._read_text, LaneStyle.label_widths

        def read(cols, column: str, nums: np.ndarray) -> dict[int, str]:
            if column == "title" and self._in_widths:
                self.for_widths.extend(cols.rows_of_nums(nums).tolist())
            return real_read(cols, column, nums)

        def widths(style, rows: np.ndarray) -> np.ndarray:
            self._in_widths = True
            try:
                self.widths_asked += len(rows)
                return real_widths(style, rows)
            finally:
                self._in_widths = False

        monkeypatch.setattr(EventColumns, "_read_text", read)
        monkeypatch.setattr(LaneStyle, "label_widths", widths)


def _open_zoomed(qtbot, generated_db, tmp_path):
    """A window on a copy of the generated database, zoomed to two months of 2014 and drawn."""
    target = tmp_path / "generated.db"
    shutil.copyfile(generated_db, target)
    win = show(qtbot, target)
    zoom(qtbot, win.timeline, "2014-03-01", "2014-05-01")
    win.timeline.grab()
    return win


def test_opening_and_wheel_zooms_read_no_title_to_lay_labels_out(qtbot, generated_db, tmp_path, monkeypatch):
    # as a timeline too large to read every title at once (lane_style.ALL_TITLES) lays them out
    monkeypatch.setattr(lane_style, "ALL_TITLES", 0)
    reads = TitleReads(monkeypatch)
    win = _open_zoomed(qtbot, generated_db, tmp_path)
    tl = win.timeline
    left, right = tl.viewbox_px()
    y = round(tl.mapFromScene(tl.viewbox.sceneBoundingRect().center()).y())
    labelled: set[int] = set()
    for _ in range(4):
        wheel(tl.viewport(), QPoint(round((left + right) / 2), y), -1)  # out: events new to the view
        QApplication.processEvents()
        tl.grab()
        for track in tl.session.visible_lanes():
            item = tl.lane_item(track)
            frame = item.current_frame() if item is not None else None
            if frame is not None and frame.mode == "detail":
                labelled.update(item.data.rows[frame.idx[frame.label_w > 0]].tolist())
    assert reads.widths_asked > 2000, "the test needs label widths of many events"
    assert reads.for_widths == []
    assert labelled, "the zooms should draw labels"
    # the estimate is the one made from each title as read: its length in characters
    cols = win.session.columns
    rows = np.arange(0, len(cols), 97)
    lengths = np.array([len(t) for t in cols.titles[rows]], dtype=np.float64)
    style = tl.lane_item(tl.session.visible_lanes()[0]).style
    assert np.array_equal(style.label_widths(rows), (lengths * style._char_w + 2.0).astype(np.float32))


def test_a_small_timeline_reads_every_title_once_not_a_query_per_zoom(
    qtbot, generated_db, tmp_path, monkeypatch
):
    queries: list[int] = []
    real, real_whole = EventColumns._read_text, EventColumns.whole_text

    def read(cols, column: str, nums: np.ndarray) -> dict[int, str]:
        if column == "title":
            queries.append(len(nums))
        return real(cols, column, nums)

    def read_whole(cols, column: str, conn=None) -> np.ndarray:
        if column == "title":
            queries.append(len(cols))
        return real_whole(cols, column, conn)

    # (by num, or in one scan of the column when most rows are wanted)
    monkeypatch.setattr(EventColumns, "_read_text", read)
    monkeypatch.setattr(EventColumns, "whole_text", read_whole)
    win = _open_zoomed(qtbot, generated_db, tmp_path)
    tl = win.timeline
    assert queries == [len(win.session.columns)]  # every title at once, as the lanes were first laid out
    left, right = tl.viewbox_px()
    y = round(tl.mapFromScene(tl.viewbox.sceneBoundingRect().center()).y())
    shown: set[str] = set()
    for notches in (-1, -1, -1, 2, 2):
        wheel(tl.viewport(), QPoint(round((left + right) / 2), y), notches)
        QApplication.processEvents()
        tl.grab()
        shown.update(e for t in tl.session.visible_lanes() for e in _labelled_ids(tl, t))
    assert len(shown) > 20, "the zooms should label many events"
    assert queries == [len(win.session.columns)]


def _labelled_ids(tl, track: str) -> list[str]:
    """The ids of a lane's events drawn with a label now."""
    item = tl.lane_item(track)
    frame = item.current_frame() if item is not None else None
    if frame is None or frame.mode != "detail":
        return []
    return item.event_ids(frame.idx[frame.label_w > 0])

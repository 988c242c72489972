"""A pan at constant zoom costs what changed: lanes are shifted, not packed or sized afresh, and
the overview strip moves its window without redrawing its static layer (counted, not timed)."""

from __future__ import annotations

import numpy as np
from pointing import settle, zoom
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest

from explorer.timeline import lane_sizing, layout, zoom_plan
from explorer.timeline.overview import OverviewDensity


class Calls:
    """Counts the calls of a function it wraps."""

    def __init__(self, fn):
        self.fn, self.n = fn, 0

    def __call__(self, *args, **kwargs):
        self.n += 1
        return self.fn(*args, **kwargs)


class Paints(QObject):
    """Counts the paint events a widget receives."""

    n = 0

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
        if ev.type() == QEvent.Type.Paint:
            self.n += 1
        return False


def _lane_middle(tl) -> QPoint:
    """A point in the middle of the lane area (viewport coordinates)."""
    left, right = tl.viewbox_px()
    y = round(tl.mapFromScene(tl.viewbox.sceneBoundingRect().center()).y())
    return QPoint(round((left + right) / 2), y)


def _drag(qtbot, tl, start: QPoint, dx: int, steps: int = 6) -> None:
    """A real left-button drag across the lanes, in a few moves (each one a frame)."""
    vp = tl.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(vp, start + QPoint(round(dx * i / steps), 0))
        qtbot.wait(5)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0))


def _marks(tl) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """Where the marks of the events drawn in detail sit (device pixels of their lane's frame), and
    the lanes showing a "+N dated more vaguely" row (which takes a row from their events)."""
    out, vague = {}, set()
    for track in tl.session.visible_lanes():
        item = tl.lane_item(track)
        frame = item.current_frame() if item is not None else None
        if frame is None or frame.mode != "detail":
            continue
        if frame.vague:
            vague.add(track)
        for eid, cx, y in zip(item.event_ids(frame.idx), frame.cx.tolist(), frame.y.tolist(), strict=True):
            out[eid] = (cx, y)
    return out, vague


def test_a_pan_shifts_the_lanes_and_keeps_the_strip(qtbot, generated_window, monkeypatch):
    win = generated_window
    tl, strip = win.timeline, win.overview
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    tl.grab()  # the frames of this zoom are laid out (and the strip drawn) before counting
    strip.grab()
    before, vague_before = _marks(tl)
    assert len(before) >= 10, "the test needs lanes drawn in detail"
    d0, d1 = tl.visible_range()

    packs = Calls(layout.pack_rows)
    sizings = Calls(lane_sizing.rows_wanted)
    statics = Calls(OverviewDensity._render)
    monkeypatch.setattr(layout, "pack_rows", packs)
    monkeypatch.setattr(zoom_plan, "pack_rows", packs)
    monkeypatch.setattr(lane_sizing, "rows_wanted", sizings)
    monkeypatch.setattr(OverviewDensity, "_render", statics)
    strip_paints = Paints()
    strip.viewport().installEventFilter(strip_paints)

    dx = 90
    _drag(qtbot, tl, _lane_middle(tl), dx)
    qtbot.waitUntil(lambda: strip_paints.n > 0)  # the strip showed its window in the new place
    settle(qtbot, tl)
    tl.grab()

    # the view panned, at the same zoom, and the strip's window followed
    e0, e1 = tl.visible_range()
    assert e0 < d0 and abs((e1 - e0) - (d1 - d0)) < 1e-6 * (d1 - d0)
    w0, w1 = strip.window()
    assert abs(w0 - e0) < 1e-6 * (e1 - e0) and abs(w1 - e1) < 1e-6 * (e1 - e0)
    # every mark moved with the pointer and kept its row
    shift = (d0 - e0) * (tl.viewbox_px()[1] - tl.viewbox_px()[0]) / (e1 - e0)
    assert shift > dx / 3  # (pyqtgraph starts the pan once the pointer has moved a little)
    after, vague_after = _marks(tl)
    # a lane whose "+N dated more vaguely" row came or went has one row fewer or more for its events:
    # only those are packed again (once each)
    changed = vague_before ^ vague_after
    lane_of = {eid: t for t in tl.session.visible_lanes() for eid in tl.lane_item(t).event_ids(
        np.arange(len(tl.lane_item(t).data)))}  # fmt: skip
    moved = [eid for eid in before if eid in after and lane_of[eid] not in changed]
    assert len(moved) >= 10
    for eid in moved:
        assert abs(after[eid][0] - before[eid][0] - shift) < 0.5, eid
        assert after[eid][1] == before[eid][1], eid
    # ...without sizing any lane again, packing rows but for those lanes, or redrawing the strip's bins
    assert packs.n == len(changed)
    assert sizings.n == 0
    assert statics.n == 0

    # a zoom step, by contrast, lays the lanes out afresh and sizes them (the counters count)
    tl.zoom_by(0.5)
    settle(qtbot, tl)
    tl.grab()
    assert packs.n > 0
    assert sizings.n > 0
    assert statics.n == 0  # the strip's bins do not depend on the timeline's zoom either

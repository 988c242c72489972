"""A pan at constant zoom costs what changed: lanes are shifted, not packed or sized afresh, and
the overview strip moves its window without redrawing its static layer (counted, not timed).

Counted too, so the fixed cost of a frame cannot creep back: the lane names, the strip's axis
and title (pixmap caches) are not painted again, and widgets whose content did not change (the
status bar's counts, the legend) get no paint event at all.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from pointing import Paints, settle, show, watch_paints, wheel, zoom
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.timeline import lane_sizing, layout, layout_pass, zoom_plan
from explorer.timeline.backdrop import LaneHeader
from explorer.timeline.date_axis import DateAxisItem
from explorer.timeline.overview import OverviewDensity


class Calls:
    """Counts the calls of a function it wraps."""

    def __init__(self, fn):
        self.fn, self.n = fn, 0

    def __call__(self, *args, **kwargs):
        self.n += 1
        return self.fn(*args, **kwargs)

    def also(self, fn):
        """Another function whose calls count here too."""

        def counted(*args, **kwargs):
            self.n += 1
            return fn(*args, **kwargs)

        return counted


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
        QApplication.processEvents()  # the frame this step asks for is painted before the next
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


class PaintsOf:
    """Counts the paints of a graphics item class (for one instance or all) by a method its paint() calls.

    (PySide binds an item's paint() override when the item is made, so paint() itself cannot be
    wrapped afterwards; the helpers it calls through `self` can.)
    """

    def __init__(self, monkeypatch, cls, method: str, only=None) -> None:
        self.n = 0
        fn = getattr(cls, method)

        def counted(item, *args):
            if only is None or item is only:
                self.n += 1
            return fn(item, *args)

        monkeypatch.setattr(cls, method, counted)


class Counted:
    """The calls that make a layout from scratch, and redraw static layers, counted while active."""

    def __init__(self, monkeypatch, win=None) -> None:
        self.packs = Calls(layout.pack_rows)
        self.sizings = Calls(lane_sizing.rows_wanted)
        self.statics = Calls(OverviewDensity._render)
        monkeypatch.setattr(layout, "pack_rows", self.packs)
        monkeypatch.setattr(zoom_plan, "pack_rows", self.packs)
        # lanes laid out together are packed lane by lane from lists: each counts as a lane packed
        monkeypatch.setattr(layout_pass, "pack_lists", self.packs.also(layout_pass.pack_lists))
        monkeypatch.setattr(lane_sizing, "rows_wanted", self.sizings)
        monkeypatch.setattr(OverviewDensity, "_render", self.statics)
        self.header = PaintsOf(monkeypatch, LaneHeader, "slot_rect")
        self.strip_axis = PaintsOf(
            monkeypatch, DateAxisItem, "levels_for", only=win.overview.axis if win else None
        )
        self.timeline_axis = PaintsOf(
            monkeypatch, DateAxisItem, "levels_for", only=win.timeline.axis if win else None
        )
        # widgets whose content a pan does not change: no paint event at all
        self.still: dict[str, Paints] = {}
        if win is not None:
            for name in ("shownCount", "selectedCount"):
                self._watch(name, win.findChild(QObject, name))
            self._watch("legend", win.legend)

    def _watch(self, name: str, widget) -> None:
        assert widget is not None, name
        self.still[name] = watch_paints(widget)

    def assert_static_layers_untouched(self) -> None:
        """Nothing painted that a pan leaves as it was."""
        assert self.statics.n == 0, "the strip's bins were drawn again"
        assert self.header.n == 0, "the lane names were painted again (their pixmap cache was lost)"
        assert self.strip_axis.n == 0, "the strip's axis was painted again (its pixmap cache was lost)"
        assert {name: p.n for name, p in self.still.items()} == dict.fromkeys(self.still, 0)


def _pan_by_drag(qtbot, win, dx: int) -> tuple[float, float, float]:
    """Drag the timeline by dx pixels and wait for what follows; the pan in pixels and the old range."""
    tl, strip = win.timeline, win.overview
    d0, d1 = tl.visible_range()
    strip_paints = watch_paints(strip.viewport())
    _drag(qtbot, tl, _lane_middle(tl), dx)
    qtbot.waitUntil(lambda: strip_paints.n > 0)  # the strip showed its window in the new place
    strip.viewport().removeEventFilter(strip_paints)
    settle(qtbot, tl)
    tl.grab()
    # the view panned, at the same zoom, and the strip's window followed
    e0, e1 = tl.visible_range()
    assert (e0 < d0) == (dx > 0) and abs((e1 - e0) - (d1 - d0)) < 1e-6 * (d1 - d0)
    w0, w1 = strip.window_range()
    assert abs(w0 - e0) < 1e-6 * (e1 - e0) and abs(w1 - e1) < 1e-6 * (e1 - e0)
    left, right = tl.viewbox_px()
    shift = (d0 - e0) * (right - left) / (e1 - e0)
    assert abs(shift) > abs(dx) / 3  # (pyqtgraph starts the pan once the pointer has moved a little)
    return shift, d0, d1


def _settled(qtbot, win, start: str, end: str) -> None:
    """Show a range, let the lanes be sized for it, and draw it (the frames of this zoom exist)."""
    zoom(qtbot, win.timeline, start, end)
    win.timeline.grab()
    win.overview.grab()


def test_a_pan_shifts_marks_and_labels_without_laying_out_anew(qtbot, make_db, monkeypatch):
    # two lanes of exactly dated days and short periods, close enough to share rows
    events = []
    for i in range(40):
        day = date(2014, 1, 1) + timedelta(days=9 * i)
        events.append((f"p{i}", day.isoformat(), "foreign" if i % 2 else "security", f"Day event number {i}"))
        if i % 5 == 0:
            iso = f"{day.isoformat()}/{(day + timedelta(days=20)).isoformat()}"
            events.append((f"r{i}", iso, "security", f"Period number {i}"))
    win = show(qtbot, make_db(events))
    tl = win.timeline
    _settled(qtbot, win, "2014-03-01", "2014-07-01")
    before, _ = _marks(tl)
    labels_before = {e: tl.label_rect(e) for e in before}
    assert len(before) >= 10 and sum(r is not None for r in labels_before.values()) >= 5

    counted = Counted(monkeypatch, win)
    total = 0.0
    for dx in (100, -60):
        shift, _, _ = _pan_by_drag(qtbot, win, dx)
        total += shift
        after, _ = _marks(tl)
        moved = [e for e in before if e in after]
        assert len(moved) >= 8
        for eid in moved:
            # every mark moved with the pointer and kept its row
            assert abs(after[eid][0] - before[eid][0] - shift) < 0.5, eid
            assert after[eid][1] == before[eid][1], eid
        before = after
    # a label well inside the view before and after moved with its mark, whole
    left, right = tl.viewbox_px()
    inside = 0
    for eid, rect in labels_before.items():
        now = tl.label_rect(eid)
        if rect is None or now is None or min(rect.left(), now.left()) < left + 60:
            continue
        if max(rect.right(), now.right()) > right - 60:
            continue
        inside += 1
        assert abs(now.left() - rect.left() - total) <= 1 and now.width() == rect.width(), eid
        assert now.top() == rect.top(), eid
    assert inside >= 2
    # ...and nothing was packed, sized or drawn into a static layer again (the counters count:
    # the timeline's own axis, whose ticks moved, was painted at each step)
    assert counted.packs.n == 0
    assert counted.sizings.n == 0
    assert counted.timeline_axis.n > 0
    counted.assert_static_layers_untouched()

    # a zoom step, by contrast, lays the lanes out afresh and sizes them (the counters count)
    tl.zoom_by(0.5)
    settle(qtbot, tl)
    tl.grab()
    assert counted.packs.n > 0
    assert counted.sizings.n > 0
    assert counted.statics.n == 0  # the strip's bins do not depend on the timeline's zoom either


def test_a_pan_over_twenty_busy_lanes_packs_at_most_a_few_anew(qtbot, generated_window, monkeypatch):
    win = generated_window
    tl = win.timeline
    _settled(qtbot, win, "2014-01-01", "2015-01-01")
    before, vague_before = _marks(tl)
    detail_lanes = {
        t for t in tl.session.visible_lanes() if (f := tl.lane_item(t).current_frame()) and f.mode == "detail"
    }
    assert len(detail_lanes) >= 10, "the test needs lanes drawn in detail"

    counted = Counted(monkeypatch, win)
    shift, _, _ = _pan_by_drag(qtbot, win, 90)
    after, vague_after = _marks(tl)
    # a lane whose "+N dated more vaguely" row came or went has a row more or fewer for its events;
    # every other lane kept each event's row and moved it with the pointer
    changed = vague_before ^ vague_after
    lane_of = {
        e: t for t in detail_lanes for e in tl.lane_item(t).event_ids(np.arange(len(tl.lane_item(t).data)))
    }
    moved = [e for e in before if e in after and lane_of.get(e) not in changed]
    assert len(moved) >= 10
    for eid in moved:
        assert abs(after[eid][0] - before[eid][0] - shift) < 0.5, eid
        assert after[eid][1] == before[eid][1], eid
    # laying every lane out from scratch would pack each detail lane at each of the drag's frames;
    # only lanes whose set of drawn long periods or vague row changed are packed again
    assert counted.packs.n < len(detail_lanes) / 2
    assert counted.sizings.n == 0
    counted.assert_static_layers_untouched()


def test_the_lane_names_count_their_events_once_per_filter_not_at_every_zoom(
    qtbot, generated_window, monkeypatch
):
    """Each lane's name says how many events it draws; the lanes are sized again at every zoom's rest,
    and counting a million rows took 20-30 ms of that turn, for counts only a filter changes."""
    from input_helpers import click_value

    from explorer.store.columns import EventColumns

    win = generated_window
    tl = win.timeline
    original = EventColumns.lane_counts
    counting = Calls(original)
    monkeypatch.setattr(EventColumns, "lane_counts", lambda cols, mask: counting(cols, mask))
    moved: list[dict] = []
    tl.sizer.laidOut.connect(moved.append)
    for notches in (4, 4, 4, -3):  # wheel zooms over the lanes, each left to rest
        wheel(tl.viewport(), _lane_middle(tl), notches)
        settle(qtbot, tl)
    assert len(moved) >= 2, "the lanes were sized anew for the new zooms, their names moved with them"
    assert counting.n == 0, "the lanes' counts were not made again for an unchanged filter"

    track = next(v for f, v in win.filters.panel._items if f == "track")  # (a lane's name, listed first)
    click_value(qtbot, win, "track", track)
    qtbot.waitUntil(lambda: counting.n > 0)
    settle(qtbot, tl)
    cols = tl.session.columns
    shown = tl.session.shown_mask()
    by_lane = original(cols, shown & cols.dated)
    named = {lane[0]: lane[3] for lane in tl.header._lanes}
    assert named == {t: int(by_lane[cols.lane_of_track(t)]) for t in named}
    assert named[track] > 0 and sum(named.values()) < len(cols), "the counts are the filter's"


def _quarter_pixel(strip) -> float:
    """A quarter of one of the strip's pixels, in days."""
    (x0, x1), _ = strip.viewbox.viewRange()
    return 0.25 * (x1 - x0) / strip.viewbox.width()


def test_a_pan_by_less_than_a_strip_pixel_leaves_the_strip_unpainted_and_its_window_exact(qtbot, make_db):
    """Deep in the timeline a pan moves the strip's window by a fraction of one of its pixels: the
    strip is not painted again for it, its window still gives the timeline's range exactly, and the
    region drawn is never a quarter of a pixel or more away from it."""
    events = [
        (f"e{y}", f"{y}-06-01", "foreign" if y % 2 else "security", f"Event of {y}")
        for y in range(1900, 2016)
    ]
    win = show(qtbot, make_db(events))
    tl, strip = win.timeline, win.overview
    _settled(qtbot, win, "1990-01-01", "1990-03-01")  # two months: about two of the strip's pixels
    quarter = _quarter_pixel(strip)
    d0, d1 = tl.visible_range()
    assert (d1 - d0) < 12 * quarter, "the window is a few strip pixels wide"

    strip_paints = watch_paints(strip.viewport())
    _drag(qtbot, tl, _lane_middle(tl), 40)  # a pan of about two days
    settle(qtbot, tl)
    QApplication.processEvents()
    e0, e1 = tl.visible_range()
    assert e0 < d0, "the timeline panned"
    assert strip.window_range() == (e0, e1)  # exact, as the strip's clicks and wheel need it
    r0, r1 = strip.region.getRegion()
    assert abs(r0 - e0) < quarter and abs(r1 - e1) < quarter
    assert strip_paints.n == 0, "the strip was painted again for a window that did not move on screen"

    # pans that add up to pixels move the region, which stays within a quarter of a pixel
    for _ in range(8):
        _drag(qtbot, tl, _lane_middle(tl), 300)
        settle(qtbot, tl)
        QApplication.processEvents()
        e0, e1 = tl.visible_range()
        r0, r1 = strip.region.getRegion()
        assert strip.window_range() == (e0, e1)
        assert abs(r0 - e0) < quarter and abs(r1 - e1) < quarter
    assert e0 < d0 - 8 * quarter and strip_paints.n > 0, "the region moved, and the strip showed it"

    # a new width is a new scale: the region is drawn at the exact window again
    win.resize(1000, 900)
    qtbot.waitUntil(lambda: tuple(strip.region.getRegion()) == (e0, e1))

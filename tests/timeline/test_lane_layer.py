"""On screen one LaneLayer draws every lane, style by style: what a frame costs is counted, not timed.

A zoom step paints the timeline's viewport once; the lanes' bars, bands and marks go out in a fixed
number of batches whatever the number of lanes (one array per style, one draw call per lane colour
inside it), and the picture is the one the lanes drew one by one before (compared pixel by pixel).
"""

from __future__ import annotations

import numpy as np
import pytest
from pointing import settle, watch_paints, zoom
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsItem

from explorer.timeline import lane_batches
from explorer.timeline.lane_item import LaneItem


class Batches:
    """Counts the BatchPainter calls a frame makes: grouped (all lanes at once) and per lane."""

    GROUPED = ("rect_groups", "line_groups", "pixmap_groups")
    PER_LANE = ("fill_merged", "outlines", "pixmaps")

    def __init__(self, monkeypatch) -> None:
        self.n = dict.fromkeys(self.GROUPED + self.PER_LANE, 0)
        for name in self.n:
            fn = getattr(lane_batches.BatchPainter, name)

            def counted(batch, *args, _fn=fn, _name=name, **kwargs):
                self.n[_name] += 1
                return _fn(batch, *args, **kwargs)

            monkeypatch.setattr(lane_batches.BatchPainter, name, counted)

    def reset(self) -> None:
        self.n = dict.fromkeys(self.n, 0)

    def grouped(self) -> int:
        return sum(self.n[k] for k in self.GROUPED)

    def per_lane(self) -> int:
        return sum(self.n[k] for k in self.PER_LANE)


def _detail_lanes(tl) -> int:
    frames = [tl.lane_item(t).current_frame() for t in tl.session.visible_lanes()]
    return sum(1 for f in frames if f is not None and f.mode == "detail" and len(f.idx))


def _steps(tl, n: int) -> None:
    """Zoom steps as the benchmark takes them: a new range, then the events it queues."""
    d0, d1 = tl.visible_range()
    for i in range(n):
        shift = (d1 - d0) * 0.002 * (i % 2 + 1)
        tl.zoom_to(d0 + shift, d1 + shift)
        QApplication.processEvents()


def test_a_zoom_step_paints_the_viewport_once_and_every_lane_in_one_pass(
    qtbot, generated_window, monkeypatch
):
    tl = generated_window.timeline
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    tl.grab()
    assert _detail_lanes(tl) >= 10, "the test needs many lanes drawn in detail"
    batches = Batches(monkeypatch)
    paints = watch_paints(tl.viewport())
    layer_before = tl.lane_layer.paints
    _steps(tl, 6)
    tl.viewport().removeEventFilter(paints)
    # one paint of the viewport per step (not a second one queued while painting), one pass of the layer
    assert paints.n == 6
    assert tl.lane_layer.paints - layer_before == 6
    # a fixed number of batches per frame, not a batch per style per lane (the "+N dated more vaguely"
    # strips of every lane are one of them)
    assert 0 < batches.grouped() <= 9 * 6
    assert batches.per_lane() == 0


def test_the_batches_of_a_frame_do_not_grow_with_the_number_of_lanes(qtbot, generated_window, monkeypatch):
    tl = generated_window.timeline
    session = tl.session
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    batches = Batches(monkeypatch)

    def per_frame() -> tuple[int, int]:
        tl.grab()
        batches.reset()
        _steps(tl, 4)
        return batches.grouped(), _detail_lanes(tl)

    many, lanes_many = per_frame()
    visible = session.visible_lanes()
    session.set_lane_layout(session.lane_order(), hidden=visible[3:])
    settle(qtbot, tl)
    few, lanes_few = per_frame()
    assert lanes_many >= 10 and 1 <= lanes_few <= 3
    assert many == few  # one batch per style, whatever the number of lanes


def _grab(tl) -> QImage:
    return tl.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _grab_lane_by_lane(tl) -> QImage:
    """The timeline drawn with the one-pass layer off, each lane item painting itself."""
    items = [tl.lane_item(t) for t in tl.session.columns.track_ids]
    # (the view paints an item only with contents: a lane the layer adopted has none)
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    try:
        for item in items:
            item.layered = False
            item.setFlag(no_contents, False)
        tl.lane_layer.hide()
        return _grab(tl)
    finally:
        for item in items:
            item.layered = True
            item.setFlag(no_contents, True)
        tl.lane_layer.show()


def _most_apart(a: QImage, b: QImage) -> int:
    """The largest difference of any colour channel between two images of one size."""
    assert a.size() == b.size()

    def channels(img: QImage) -> np.ndarray:
        raw = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
        return raw.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4].astype(int)

    return int(np.abs(channels(a) - channels(b)).max())


def test_all_lanes_in_one_pass_look_as_each_lane_drawn_on_its_own(qtbot, generated_window):
    tl = generated_window.timeline
    cols = tl.session.columns
    # a crowded year, a selection (bars, marks and labels of it) and the corpus-wide overview
    for start, end in (("2014-01-01", "2015-01-01"), ("1990-01-01", "2025-01-01")):
        zoom(qtbot, tl, start, end)
        tl.session.set_selection([str(e) for e in cols.ids[:: max(1, len(cols) // 12)]])
        together = _grab(tl)
        one_by_one = _grab_lane_by_lane(tl)
        assert _most_apart(together, one_by_one) <= 2, (start, end)


def test_vector_output_is_drawn_by_the_lanes_themselves(qtbot, generated_window, monkeypatch):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    tl = generated_window.timeline
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    drawn = []
    monkeypatch.setattr(LaneItem, "paint_frame", lambda item, *a: drawn.append(item.track_id))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(tl.viewport().size())
    p = QPainter(gen)
    tl.render(p, QRectF(0, 0, tl.viewport().width(), tl.viewport().height()))
    p.end()
    assert set(drawn) >= {
        t for t in tl.session.visible_lanes() if tl.lane_item(t).current_frame() is not None
    }
    assert len(drawn) >= 10


def _density_lanes(tl) -> int:
    frames = [tl.lane_item(t).current_frame() for t in tl.session.visible_lanes()]
    return sum(1 for f in frames if f is not None and f.mode == "density")


def test_density_lanes_go_out_in_the_one_pass_and_look_as_each_lane_drawn_on_its_own(
    qtbot, generated_window, monkeypatch
):
    tl = generated_window.timeline
    cols = tl.session.columns
    zoom(qtbot, tl, "1900-01-01", "2030-01-01")
    tl.session.set_selection([str(e) for e in cols.ids[:: max(1, len(cols) // 12)]])
    settle(qtbot, tl)
    tl.grab()
    lanes = _density_lanes(tl)
    assert lanes >= 3, "the test needs several lanes in density mode"
    # every density lane from one array: one polygon batch per frame, no lane drawing its own
    polygons = Batches(monkeypatch)
    monkeypatch.setattr(
        LaneItem, "paint_frame", lambda *a: (_ for _ in ()).throw(AssertionError("a lane drew itself"))
    )
    outlines = []
    real = lane_batches.BatchPainter.polygon_groups
    monkeypatch.setattr(
        lane_batches.BatchPainter,
        "polygon_groups",
        lambda batch, p, pts, bounds, inks: (
            outlines.append(len(bounds) - 1),
            real(batch, p, pts, bounds, inks),
        ),
    )
    together = _grab(tl)
    # one batch for the lanes on screen (a lane scrolled below the viewport is left out)
    assert len(outlines) == 1 and 3 <= outlines[0] <= lanes
    assert polygons.per_lane() == 0
    monkeypatch.undo()
    one_by_one = _grab_lane_by_lane(tl)
    assert _most_apart(together, one_by_one) == 0


def _vague_lanes(tl) -> int:
    frames = [tl.lane_item(t).current_frame() for t in tl.session.visible_lanes()]
    return sum(1 for f in frames if f is not None and f.mode == "detail" and f.vague)


def test_the_lines_of_events_dated_more_vaguely_go_out_in_the_one_pass_and_look_as_each_lane_drawn_alone(
    qtbot, generated_window, monkeypatch
):
    tl = generated_window.timeline
    # a few weeks: many events' possible ranges run past both edges of the view
    zoom(qtbot, tl, "2014-03-01", "2014-04-01")
    settle(qtbot, tl)
    tl.grab()
    assert _vague_lanes(tl) >= 3, "the test needs several lanes with a '+N dated more vaguely' line"
    monkeypatch.setattr(
        LaneItem, "_paint_vague", lambda *a: (_ for _ in ()).throw(AssertionError("a lane drew its own line"))
    )
    together = _grab(tl)
    monkeypatch.undo()
    one_by_one = _grab_lane_by_lane(tl)
    assert _most_apart(together, one_by_one) == 0


@pytest.mark.parametrize(
    "window", [("1900-01-01", "2030-01-01"), ("1800-01-01", "2100-01-01"), ("1913-03-17", "2027-09-03")]
)
def test_a_large_selection_ticks_each_pixel_column_once_over_the_densities_and_looks_the_same(
    qtbot, generated_window, monkeypatch, window
):
    from PySide6.QtCore import Qt

    tl = generated_window.timeline
    zoom(qtbot, tl, *window)
    tl.setFocus()
    qtbot.keyClick(tl, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot, tl)
    assert _density_lanes(tl) >= 3, "the test needs several lanes in density mode"
    drawn: list[int] = []
    real_lines = lane_batches.BatchPainter.lines
    monkeypatch.setattr(
        lane_batches.BatchPainter,
        "lines",
        lambda batch, p, lines: (drawn.append(len(lines)), real_lines(batch, p, lines))[1],
    )
    once = _grab(tl)
    ticks_once = max(drawn)
    real_ticks = LaneItem.density_ticks
    monkeypatch.setattr(LaneItem, "density_ticks", lambda item, f, once=False, dpr=1.0: real_ticks(item, f))
    drawn.clear()
    every = _grab(tl)
    assert max(drawn) > ticks_once, "events share pixel columns: fewer lines once per column"
    assert _most_apart(once, every) == 0


def test_the_view_leaves_adopted_lanes_to_the_layer_and_repaints_a_lane_that_changes(
    qtbot, generated_window, monkeypatch
):
    tl = generated_window.timeline
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    items = [tl.lane_item(t) for t in tl.session.visible_lanes()]
    asked = []
    real_paint = LaneItem.paint
    monkeypatch.setattr(LaneItem, "paint", lambda item, *a: (asked.append(item), real_paint(item, *a)))
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents

    def asked_in_a_repaint() -> int:
        asked.clear()
        tl.viewport().repaint()
        return len(asked)

    # the counting sees the view paint lane items that have contents...
    for item in items:
        item.setFlag(no_contents, False)
    assert asked_in_a_repaint() >= 5  # (the lanes in sight)
    # ...and none of the lanes the layer adopted (it draws them all in its one pass)
    for item in items:
        item.setFlag(no_contents, True)
    layer_paints = tl.lane_layer.paints
    assert asked_in_a_repaint() == 0
    assert tl.lane_layer.paints > layer_paints
    # a lane whose selection changes is painted again, through the layer, without anything else asking
    paints = watch_paints(tl.viewport())
    settle(qtbot, tl)
    QApplication.processEvents()
    before = paints.n, tl.lane_layer.paints
    QApplication.processEvents()
    assert (paints.n, tl.lane_layer.paints) == before  # nothing else is about to repaint
    picked = np.zeros(len(tl.session.columns), dtype=bool)
    picked[items[0].data.rows[:3]] = True
    items[0].set_selection(picked)
    qtbot.waitUntil(lambda: paints.n > before[0] and tl.lane_layer.paints > before[1], timeout=2000)

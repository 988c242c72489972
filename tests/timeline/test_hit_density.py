"""A search dims the lanes; a lane in density mode draws its hits' own density over the dimmed one.
That density is made when the lane is first drawn with hits: a lane without hits never makes it,
and a search answered while a new filter is pending marks the lanes made for that filter."""

from __future__ import annotations

import numpy as np
from pointing import settle, zoom
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from explorer.timeline.lane_data import LaneData


def _lane_image(tl, track: str) -> QImage:
    """What the viewport shows of one lane."""
    top, bottom = tl.lane_item(track).span
    x = tl.visible_range()[0]
    y0 = tl.viewport_point(tl.viewbox.mapViewToScene(QPointF(x, top))).y()
    y1 = tl.viewport_point(tl.viewbox.mapViewToScene(QPointF(x, bottom))).y()
    image = tl.viewport().grab().toImage()
    return image.copy(0, min(y0, y1), image.width(), max(1, abs(y1 - y0)))


def test_only_a_lane_drawn_with_hits_makes_their_density(qtbot, generated_window, monkeypatch):
    tl = generated_window.timeline
    session = tl.session
    cols = session.columns
    zoom(qtbot, tl, "1900-01-01", "2030-01-01")
    tl.grab()
    frames = {t: tl.lane_item(t).current_frame() for t in session.visible_lanes()}
    dense = [t for t, f in frames.items() if f is not None and f.mode == "density"]
    assert len(dense) >= 2, "the test needs lanes in density mode"
    made: list[int] = []
    real = LaneData.build.__func__

    def spy(cls, columns, lane, shown=None):
        made.append(lane)
        return real(cls, columns, lane, shown)

    monkeypatch.setattr(LaneData, "build", classmethod(spy))
    hit_track = dense[0]
    lane = cols.lane_of_track(hit_track)
    # every other event of one lane is a hit; the other lanes have none
    hits = np.zeros(len(cols), dtype=bool)
    hits[cols.lane_rows(lane)[::2]] = True
    session.set_hits(hits)
    assert made == [], "nothing is made before a lane is drawn"
    with_hits = _lane_image(tl, hit_track)
    assert made == [lane], "only the lane with hits made its density, once"
    tl.grab()
    assert made == [lane], "and it is kept for the next paint"
    for t in dense[1:]:
        assert tl.lane_item(t).dimmed
    # no hit at all on that lane: the dimmed density alone, which looks different
    session.set_hits(np.zeros(len(cols), dtype=bool))
    without = _lane_image(tl, hit_track)
    assert with_hits != without, "the hits' density is drawn over the dimmed lane"


def test_hits_arriving_before_a_pending_filter_redraw_mark_the_new_lanes(qtbot, generated_window):
    tl = generated_window.timeline
    session = tl.session
    cols = session.columns
    settle(qtbot, tl)
    keep = np.zeros(len(cols), dtype=bool)
    keep[::3] = True
    session.set_filter(keep)
    assert tl.layout_pending(), "the lanes are redrawn for the filter in the next turn"
    hits = np.zeros(len(cols), dtype=bool)
    hits[::6] = True
    session.set_hits(hits)
    settle(qtbot, tl)
    shown = session.shown_mask()
    for t in session.visible_lanes():
        item = tl.lane_item(t)
        assert np.all(shown[item.data.rows]), f"{t} draws only the filter's events"
        assert item.dimmed

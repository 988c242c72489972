"""The overview strip marks an event that sits on several lanes with the lanes' shared marker, in the
row of each lane it is on (and nowhere else), as the lanes themselves do."""

from __future__ import annotations

from pathlib import Path

from pointing import show
from PySide6.QtCore import QPointF

AIRBASE = "belarus-refuses-russian-airbase-2015"
#: The marker (two 5 px squares, 2 px apart) and its halo fit in this many pixels round its centre.
REACH = 6


def _exact_lane_pixels(image, color, x: int, y: int) -> int:
    """Pixels of exactly a lane's colour in a box round (x, y) (the bins are translucent: never exact)."""
    n = 0
    for px in range(max(0, x - REACH), min(image.width(), x + REACH + 1)):
        for py in range(max(0, y - REACH), min(image.height(), y + REACH + 1)):
            if image.pixelColor(px, py).rgb() == color.rgb():
                n += 1
    return n


def test_the_strip_marks_a_shared_event_in_each_of_its_lanes(qtbot, undated_db: Path):
    win = show(qtbot, undated_db)
    strip, session = win.overview, win.session
    cols = session.columns
    row = cols.index_of(AIRBASE)
    assert row is not None
    lanes = [cols.track_ids[lane] for lane in cols.lanes_of(row)]
    assert len(lanes) == 2, "the corpus places the airbase refusal under both policies"
    # the strip's window (a translucent box) elsewhere, so colours there are the strip's own
    win.timeline.zoom_to("1930-01-01", "1940-01-01")
    qtbot.waitUntil(lambda: strip.window_range()[1] < float(cols.centre[row]) - 3650)
    image = strip.grab().toImage()
    # where the strip draws that day, and the middle of each lane's row (lanes in their shown order)
    day = float(cols.centre[row])
    x = round(strip.mapFromScene(strip.viewbox.mapViewToScene(QPointF(day, 0.5))).x())
    shown = session.visible_lanes()
    top = strip.mapFromScene(strip.viewbox.mapViewToScene(QPointF(day, 0.0))).y()
    bottom = strip.mapFromScene(strip.viewbox.mapViewToScene(QPointF(day, 1.0))).y()
    row_h = (bottom - top) / len(shown)

    def middle(track: str) -> int:
        return round(top + (shown.index(track) + 0.5) * row_h)

    for track in lanes:
        color = strip.theme.lane_color(track)
        assert _exact_lane_pixels(image, color, x, middle(track)) >= 4, track
    # a lane the event is not on has no marker there
    other = next(t for t in shown if t not in lanes)
    assert _exact_lane_pixels(image, strip.theme.lane_color(other), x, middle(other)) == 0

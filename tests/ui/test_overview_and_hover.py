"""The overview strip follows the timeline and drives it; hovering a mark shows its full title."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from window_helpers import settle

MOSCOW = "moscow-memorandum-austrian-neutrality-1955"


def overview_x(strip, day: float) -> QPoint:
    scene = strip.viewbox.mapViewToScene(QPointF(day, 0.5))
    return strip.mapFromScene(scene)


def test_the_overview_shows_the_visible_window(qtbot, window):
    window.zoom_to("1990-01-01", "2000-01-01")
    d0, d1 = window.overview.window_range()
    assert abs(d0 - window.timeline.visible_range()[0]) < 1
    assert abs(d1 - window.timeline.visible_range()[1]) < 1


def test_dragging_the_window_on_the_overview_pans_the_timeline(qtbot, window):
    strip = window.overview
    window.zoom_to("1950-01-01", "1970-01-01")
    settle(qtbot)
    start = overview_x(strip, (window.timeline.visible_range()[0] + window.timeline.visible_range()[1]) / 2)
    end = start + QPoint(80, 0)
    vp = strip.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for t in (0.25, 0.5, 0.75, 1.0):
        qtbot.mouseMove(vp, start + QPoint(round(80 * t), 0))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    settle(qtbot)
    d0, d1 = window.timeline.visible_range()
    assert d0 > date(1951, 1, 1).toordinal(), "the window moved later in time"
    assert abs((d1 - d0) - (date(1970, 1, 1) - date(1950, 1, 1)).days) < 2, "and kept its width"


def test_clicking_the_overview_centres_the_window_there(qtbot, window):
    strip = window.overview
    window.zoom_to("1950-01-01", "1960-01-01")
    settle(qtbot)
    target = float(date(1999, 9, 9).toordinal())
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=overview_x(strip, target))
    d0, d1 = window.timeline.visible_range()
    assert abs((d0 + d1) / 2 - target) < (d1 - d0) * 0.05


def test_hovering_a_mark_shows_its_full_title(qtbot, window):
    tl = window.timeline
    window.zoom_to("1950-01-01", "1966-01-01")
    settle(qtbot)
    pos = tl.mark_position(MOSCOW)
    vp = tl.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert QToolTip.isVisible()
    assert "The Moscow Memorandum establishes Austria's neutral status" in QToolTip.text()
    assert "1955" in QToolTip.text()

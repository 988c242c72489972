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


def test_select_all_ticks_each_selected_day_once_and_draws_what_a_tick_per_event_drew(
    qtbot, window, monkeypatch
):
    """Select All Shown on a million events drew a million ticks and looked every id up again; the
    strip now ticks each distinct day once (it draws without antialiasing: a tick drawn twice over
    changes no pixel) from the session's row mask."""
    import numpy as np

    strip, session = window.overview, window.session
    looked_up: list[int] = []
    real = type(session.columns).rows_of
    monkeypatch.setattr(
        type(session.columns), "rows_of", lambda cols, ids: (looked_up.append(1), real(cols, ids))[1]
    )
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot)
    assert looked_up == []
    every = session.columns.centre[session.selected_mask()]
    ticked = strip.density._selected_days
    assert len(session.selection()) == len(every) > len(ticked) > 0, "events share days in the corpus"
    assert sorted(set(every.tolist())) == ticked.tolist()
    once = strip.grab().toImage()
    strip.density.set_selected_days(np.asarray(every))  # a tick per event, as before
    settle(qtbot)
    assert strip.grab().toImage() == once
    session.clear_selection()
    settle(qtbot)
    assert strip.grab().toImage() != once, "the ticks are in the picture compared"


def test_the_strip_draws_one_tick_per_pixel_span_in_one_call_and_the_same_picture(qtbot, window, monkeypatch):
    """A million selected events drew some 65,000 ticks one call each (0.14 s a paint); ticks that fill
    the same pixel columns now go once, in one call, and the strip looks exactly as before."""
    strip = window.overview
    density = strip.density
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot)
    drawn: list[int] = []
    real = density.tick_lines
    monkeypatch.setattr(density, "tick_lines", lambda *a: (drawn.append(len(r := real(*a))), r)[1])
    strip.update()
    once = strip.grab().toImage()
    assert drawn, "the ticks were drawn"
    merged = drawn[-1]
    # the same ticks, every one drawn (as before): the same pixels
    monkeypatch.setattr(
        density, "tick_lines", lambda a, b, top, h, dpr: (drawn.append(-1), real(a, b, top, h, 0.0))[1]
    )
    every = strip.grab().toImage()
    assert drawn[-1] == -1
    assert merged < len(density._selected_days), "days share pixel columns at this width"
    assert every == once

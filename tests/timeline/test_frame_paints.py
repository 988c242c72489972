"""A zoom or pan step repaints what it changed, and nothing else (paint events counted, never timed).

The lanes' scroll bar lies over the lanes' right edge: it is opaque, so the lanes repainting under
it on every step do not repaint it too; it still repaints when it scrolls, and the pixels on
screen stay those of a fresh render. The date axis lays each label out once, and the range words
in the status bar repaint alone, not the status bar and window behind them. The bar is not shown
for a pixel of overflow.
"""

from __future__ import annotations

from datetime import date

from pointing import Paints, settle, watch_paints, zoom
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _drag_pan(qtbot, tl, dx: int, lanes: Paints, steps: int, after_move=lambda: None) -> None:
    """A real left-button drag across the lanes, waiting for the lanes to be painted after each move."""
    vp = tl.viewport()
    start = QPoint(vp.width() // 2, vp.height() // 2)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        before = lanes.n
        QTest.mouseMove(vp, start + QPoint(round(dx * i / steps), 0))
        if i > 1:  # (pyqtgraph starts the pan once the pointer has moved a little)
            qtbot.waitUntil(lambda before=before: lanes.n > before)  # the lanes under the bar repainted
        after_move()
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0))


def _bar_state(bar) -> tuple:
    """What the scroll bar shows (its range, page, value and place): when it changes, it repaints."""
    return (
        bar.minimum(),
        bar.maximum(),
        bar.pageStep(),
        bar.value(),
        bar.geometry().getRect(),
        bar.isVisible(),
    )


def _seen_and_fresh(widget) -> tuple[QImage, QImage]:
    """The part of a widget that is seen, as the window system holds it (the backing store) and as a
    fresh render draws it."""
    QApplication.processEvents()
    seen = widget.visibleRegion().boundingRect()
    top = widget.window()
    at = widget.mapTo(top, seen.topLeft())
    shot = top.screen().grabWindow(top.winId(), at.x(), at.y(), seen.width(), seen.height())
    fresh = widget.grab(seen)
    rgb = QImage.Format.Format_RGB32
    return shot.toImage().convertToFormat(rgb), fresh.toImage().convertToFormat(rgb)


def test_panning_over_the_lanes_does_not_repaint_their_scroll_bar(qtbot, generated_window):
    win = generated_window
    tl = win.timeline
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    bar = tl.lane_scroll
    assert bar.isVisible(), "the test needs lanes taller than the lane area"
    # the press gives the view the focus, whose frame repaints all of it once: have it before counting
    tl.setFocus()
    QApplication.processEvents()
    tl.grab()
    lanes, on_bar = watch_paints(tl.viewport()), watch_paints(bar)
    # (should the lanes be sized anew mid-drag, the bar's handle moves: that repaint is due)
    states = [_bar_state(bar)]
    _drag_pan(qtbot, tl, 120, lanes, steps=8, after_move=lambda: states.append(_bar_state(bar)))
    assert tl.visible_range()[0] < date(2014, 1, 1).toordinal()  # the view moved back in time
    changes = sum(a != b for a, b in zip(states, states[1:], strict=False))
    assert on_bar.n <= changes < 3  # ...and the bar over them kept its pixels

    # scrolling the lanes moves the bar's handle: then it repaints
    settle(qtbot, tl)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: on_bar.n > 0)
    # what is on screen is what a fresh render of the bar draws (no stale pixels under it)
    seen, fresh = _seen_and_fresh(bar)
    assert seen.width() > 4 and seen == fresh


def test_the_scroll_bar_pixels_on_screen_match_a_fresh_render_after_zoom_steps(qtbot, generated_window):
    win = generated_window
    tl = win.timeline
    zoom(qtbot, tl, "2014-01-01", "2015-01-01")
    bar = tl.lane_scroll
    assert bar.isVisible()
    tl.setFocus()
    QApplication.processEvents()
    on_bar = watch_paints(bar)
    states = [_bar_state(bar)]
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Plus):
        d0, d1 = tl.visible_range()
        QTest.keyClick(tl, key)
        QApplication.processEvents()
        states.append(_bar_state(bar))
        assert tl.visible_range() != (d0, d1)  # the key zoomed
    assert on_bar.n <= sum(a != b for a, b in zip(states, states[1:], strict=False)) < 3
    seen, fresh = _seen_and_fresh(bar)
    assert seen.width() > 4 and seen == fresh


def test_the_date_axis_lays_each_label_out_once_while_panning(qtbot, window, monkeypatch):
    from explorer.timeline import date_axis

    made: list[str] = []
    real = date_axis.QStaticText

    def counted(text):
        made.append(text)
        return real(text)

    monkeypatch.setattr(date_axis, "QStaticText", counted)
    tl = window.timeline
    zoom(qtbot, tl, "1914-01-01", "1916-01-01")
    lanes = watch_paints(tl.viewport())
    _drag_pan(qtbot, tl, 150, lanes, steps=5)  # the first pass meets new labels...
    assert made, "the axis drew no label"
    _drag_pan(qtbot, tl, -150, lanes, steps=5)  # ...back over the same days meets none
    made.clear()
    _drag_pan(qtbot, tl, 150, lanes, steps=5)
    _drag_pan(qtbot, tl, -150, lanes, steps=5)
    assert made == []
    assert lanes.n >= 16  # every move repainted the lanes and the axis over them


def test_a_pan_repaints_the_range_words_but_not_the_status_bar_behind_them(qtbot, window):
    tl = window.timeline
    zoom(qtbot, tl, "1914-06-01", "1914-09-01")
    words = window.findChild(QObject, "visibleRange")
    before = words.text()
    tl.setFocus()  # (the press would give it the focus, whose frame repaints the view once)
    QApplication.processEvents()
    lanes = watch_paints(tl.viewport())
    on_words, on_bar, on_window = watch_paints(words), watch_paints(window.statusBar()), watch_paints(window)
    _drag_pan(qtbot, tl, 200, lanes, steps=5)
    qtbot.waitUntil(lambda: on_words.n > 0)
    assert words.text() != before  # the words follow the view...
    assert on_bar.n == 0 and on_window.n == 0  # ...and only they are repainted


def test_the_lanes_scroll_bar_is_not_shown_for_a_pixel_of_overflow(qtbot, window):
    # on the corpus, zooming in from 2005-2016 left the lanes a pixel taller than their area at
    # four of eight rests, and a scroll bar appeared with one pixel to scroll
    tl = window.timeline
    bar = tl.lane_scroll
    zoom(qtbot, tl, "2005-01-01", "2016-01-01")
    tl.setFocus()
    rests = []
    for _ in range(8):
        QTest.keyClick(tl, Qt.Key.Key_Plus)
        settle(qtbot, tl)
        rests.append((tl.visible_range(), bar.isVisible(), bar.maximum()))
    assert len({r[0] for r in rests}) == 8  # every key zoomed
    assert [r for r in rests if r[1] and r[2] <= 1] == []

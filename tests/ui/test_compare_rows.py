"""The comparison's rows are made once: a filter click or Swap fills the rows in place, showing what
rows made anew would show, pixel for pixel; and the first rows are made while the view is still
hidden, so that View > Compare Tracks only fills them in (making them held the window for about
40 ms, the longest turn of opening the comparison at a million events)."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from window_helpers import click_value, show_main_window

from explorer.ui.compare.rows import CumulativeRow, LagRow


def _settled(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.layout_pending() and "Computing…" not in view.sentence.text())


def _pixels(qtbot, view) -> QImage:
    """What the charts show once their numbers are drawn and the window's layout has come to rest
    (a click in the Filters dock moves the docks' edges for a moment)."""
    size = None
    while size != view.plots.size():
        size = view.plots.size()
        qtbot.wait(100)
        _settled(qtbot, view)
    return view.plots.grab().toImage()


def _made_anew(qtbot, view) -> QImage:
    """The same numbers drawn by rows made from nothing (as a change in the number of series makes them)."""
    old = list(view.rows)
    view.rows = []  # (no rows in place: the next numbers get rows of their own)
    view.rebuild()
    assert not any(a is b for a, b in zip(view.rows, old, strict=True)), "the rows were made anew"
    return _pixels(qtbot, view)


def _colour_at(view, item, point: QPointF) -> QColor:
    """The colour the charts show at a point of one of their items (item coordinates)."""
    at = view.plots.mapFromScene(item.mapToScene(point))
    return view.plots.viewport().grab().toImage().pixelColor(at)


def _same_rows(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def test_a_facet_click_refills_the_rows_showing_what_new_rows_would(qtbot, window, compare):
    rows = list(compare.rows)
    cumulative = next(r for r in rows if isinstance(r, CumulativeRow))
    before = [int(label.textItem.toPlainText()) for label in cumulative.labels]
    first = _pixels(qtbot, compare)
    click_value(qtbot, window, "actor", "Russia")
    _settled(qtbot, compare)
    assert _same_rows(compare.rows, rows), "the rows in place took the filter's numbers"
    after = [int(label.textItem.toPlainText()) for label in cumulative.labels]
    assert all(a < b for a, b in zip(after, before, strict=True)), "the running totals are the filter's"
    filled = _pixels(qtbot, compare)
    assert filled != first
    assert filled == _made_anew(qtbot, compare)


def test_swap_refills_the_lead_and_lag_row_as_new_rows_would(qtbot, window, compare):
    lag = next(r for r in compare.rows if isinstance(r, LagRow))
    leader_before = lag.stats.leader_label
    rows = list(compare.rows)
    qtbot.mouseClick(compare.swap, Qt.MouseButton.LeftButton)
    _settled(qtbot, compare)
    assert _same_rows(compare.rows, rows)
    assert lag.stats.leader_label != leader_before
    assert lag.header.keys[0][1] == f"{lag.stats.leader_label} (top)", "the key names the new leader"
    shown = _pixels(qtbot, compare)
    # the top row of dots is the new leader's, in its colour (the security track's, second series)
    x0, x1 = compare.visible_range()
    day = next(d for d in lag._prev.tolist() if x0 + 30 < d < x1 - 30)
    assert _colour_at(compare, lag.vb.childGroup, QPointF(day, 1.0)) == compare.colors[1]
    assert shown == _made_anew(qtbot, compare)


def test_other_series_of_the_same_number_refill_the_rows_in_their_colours(qtbot, window, compare):
    from explorer.ui.compare.series_choice import available_specs

    rows = list(compare.rows)
    specs = {s.uid: s for s in available_specs(window.session)}
    compare.chooser.set_specs([specs["track:security"], specs["track:context"]])
    _settled(qtbot, compare)
    assert _same_rows(compare.rows, rows)
    assert [r.series.key for r in compare.density_rows] == ["security", "context"]
    assert [r.header.title for r in compare.density_rows] == [
        specs["track:security"].label,
        specs["track:context"].label,
    ]
    shown = _pixels(qtbot, compare)
    context = compare.density_rows[1]
    bar = QPointF(10, context.header.boundingRect().height() / 2)  # the colour bar left of its name
    assert _colour_at(compare, context.header, bar) == window.timeline.theme.lane_color("context")
    assert shown == _made_anew(qtbot, compare)


def test_the_first_rows_are_made_hidden_and_showing_the_view_fills_them(qtbot, db_path, monkeypatch):
    from explorer.app import MainWindow
    from explorer.ui.compare import install

    monkeypatch.setattr(install, "PREBUILD_MS", 0)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    shown_days = win.timeline.visible_range()
    feature = win.compare
    qtbot.waitUntil(lambda: feature.built and feature.view._spare_rows is not None)
    view = feature.view
    assert not view.isVisible() and view.series == [] and view.rows == [], "made hidden, nothing computed"
    assert win.timeline.visible_range() == shown_days, "laying the hidden rows out did not move the timeline"
    spare = list(view._spare_rows[0])
    qtbot.keyClick(win.timeline, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    assert _same_rows(view.rows, spare), "the rows made beforehand show the numbers"
    assert "Security steps vs the nearest foreign-policy step" in view.sentence.text()
    assert _pixels(qtbot, view) == _made_anew(qtbot, view)


def _first_showing(qtbot, path, ahead: bool, monkeypatch) -> tuple:
    """Open a window, bring the comparison up with Ctrl+K (its rows made ahead or not): the view's
    size, the charts' size and what they show."""
    from explorer.app import MainWindow
    from explorer.ui.compare import install
    from explorer.ui.compare.compare_rows import CompareRows

    with monkeypatch.context() as patch:
        patch.setattr(install, "PREBUILD_MS", 0)
        if not ahead:
            patch.setattr(CompareRows, "prepare_rows", lambda self: None)
        win = show_main_window(qtbot, MainWindow(path, restore=False, persist=False))
        feature = win.compare
        qtbot.waitUntil(lambda: feature.built)
        if ahead:
            qtbot.waitUntil(lambda: feature.view._spare_rows is not None)
        qtbot.keyClick(win.timeline, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        view = feature.view
        qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
        _wait_until_laid_out(
            qtbot, view
        )  # (the dock's layout may still be on its way: a person sees its end)
        seen = (view.size(), view.plots.size(), _pixels(qtbot, view))
        win.close()
        return seen


def _wait_until_laid_out(qtbot, view) -> None:
    """Wait until no layout request is pending and the view's and its charts' sizes stay the same
    from one look to the next (the window's layout can take a turn or two after a dock is shown)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    last: list[object] = [None]

    def settled() -> bool:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        now = (view.size(), view.plots.size())
        same, last[0] = now == last[0], now
        return same

    qtbot.waitUntil(settled, timeout=5000)


def test_rows_made_ahead_show_as_rows_made_at_the_showing_would(qtbot, db_path, tmp_path, monkeypatch):
    """Made ahead, the rows asked the dock for their least height before it was shown, and the
    comparison opened taller than the dock, scrolled, with fewer rows in view than before."""
    seen = {}
    for ahead in (False, True):
        path = tmp_path / f"ahead-{ahead}.db"
        shutil.copyfile(db_path, path)
        seen[ahead] = _first_showing(qtbot, path, ahead, monkeypatch)
    assert seen[True][:2] == seen[False][:2]
    assert seen[True][2] == seen[False][2]


def _toggle_in_chooser(qtbot, compare, label: str) -> None:
    """Open the series chooser with a click and click a series in its menu (which then closes)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(50, pick)  # (the menu opens in the click's own event loop)
            return
        action = next(a for a in menu.actions() if a.text() == label)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(50, pick)
    qtbot.mouseClick(compare.chooser, Qt.MouseButton.LeftButton)


def test_one_series_then_two_again_through_the_chooser(qtbot, window, compare):
    """One series has no lead and lag (its rows are made anew, without that row); a second series
    brings it back, and Swap then refills the rows as rows made anew would show them."""
    from explorer.ui.compare.series_choice import available_specs

    specs = {s.key: s for s in available_specs(window.session) if s.kind == "track"}
    _toggle_in_chooser(qtbot, compare, specs["security"].label)
    _settled(qtbot, compare)
    assert [r.series.key for r in compare.density_rows] == ["foreign"]
    assert not any(isinstance(r, LagRow) for r in compare.rows)
    assert "Choose two series to measure which moved first." in compare.sentence.text()
    _toggle_in_chooser(qtbot, compare, specs["context"].label)
    _settled(qtbot, compare)
    assert [r.series.key for r in compare.density_rows] == ["foreign", "context"]
    rows = list(compare.rows)
    qtbot.mouseClick(compare.swap, Qt.MouseButton.LeftButton)
    _settled(qtbot, compare)
    assert _same_rows(compare.rows, rows)
    lag = next(r for r in compare.rows if isinstance(r, LagRow))
    assert lag.stats.leader == "context", "swapped: the second series leads"
    assert lag.header.keys[0][1] == f"{lag.stats.leader_label} (top)"
    assert _pixels(qtbot, compare) == _made_anew(qtbot, compare)

"""The comparison keeps its geometry when series are added and removed through its menu: the chart
column stays as wide as the room beside the row headers and every row keeps a readable height."""

from __future__ import annotations

import numpy as np
import pytest
from layout_helpers import choose_in_menu
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from explorer.ui.compare.axes import AXIS_WIDTH, HEADER_WIDTH


def chart_problem(view) -> str:
    """What is wrong with the charts' geometry, or "" when every row spans the room beside the
    headers with a usable height."""
    room = view.plots.viewport().width() - HEADER_WIDTH - AXIS_WIDTH - 12
    if view.plots.ci.geometry().width() != view.plots.viewport().width():
        return f"the layout is {view.plots.ci.geometry().width():.0f} px wide of {view.plots.width()}"
    for row in view.rows:
        geo = row.vb.geometry()
        if geo.width() < room - 2:
            return f"{type(row).__name__} is {geo.width():.0f} px wide of {room}"
        if geo.height() < 24:
            return f"{type(row).__name__} is {geo.height():.0f} px high"
    return ""


def assert_charts_fill_their_column(qtbot, view) -> None:
    """The charts reach (and keep) their full size once the layout has settled."""
    try:
        qtbot.waitUntil(lambda: not chart_problem(view), timeout=2000)
    except qtbot.TimeoutError:
        raise AssertionError(chart_problem(view)) from None


def test_adding_and_removing_a_series_keeps_the_charts_full_size(qtbot, window):
    window.resize(1300, 860)
    window.menu_actions["compare"].trigger()
    view = window.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    assert_charts_fill_their_column(qtbot, view)
    choose_in_menu(qtbot, view.chooser, "Concepts and doctrine")
    qtbot.waitUntil(lambda: len(view.density_rows) == 3)
    assert_charts_fill_their_column(qtbot, view)
    choose_in_menu(qtbot, view.chooser, "Concepts and doctrine")
    qtbot.waitUntil(lambda: len(view.density_rows) == 2)
    assert_charts_fill_their_column(qtbot, view)
    qtbot.mouseClick(view.fit, Qt.MouseButton.LeftButton)
    assert_charts_fill_their_column(qtbot, view)


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_the_comparison_exports_as_a_figure(qtbot, window, tmp_path, monkeypatch, suffix):
    window.menu_actions["compare"].trigger()
    view = window.compare.view
    assert_charts_fill_their_column(qtbot, view)
    target = tmp_path / f"comparison.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(view.figure_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert f"Wrote comparison.{suffix}" in window.statusBar().currentMessage()
    if suffix == "svg":
        text = target.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text
        assert "Table two" in text, "the heatmap's title is in the drawing as text"
        return
    image = QImage(str(target))
    shown = view.sentence.height() + view.split.height()
    assert image.width() == 2 * view.width() and image.height() >= 2 * shown
    small = image.scaled(120, 80)
    colours = {small.pixel(x, y) for x in range(120) for y in range(80)}
    assert len(colours) > 40, "the figure is not blank"


def test_the_running_count_is_exact_when_few_days_are_in_view():
    from explorer.ui.compare.rows import step_points

    xs, ys = step_points(np.array([1.0, 1.0, 3.0, 5.0, 20.0]), 0.0, 10.0)
    assert xs.tolist() == [0, 1, 1, 3, 3, 5, 5, 10]
    assert ys.tolist() == [0, 0, 2, 2, 3, 3, 4, 4]


def test_the_running_count_of_many_days_is_sampled_at_the_true_counts():
    from explorer.ui.compare.rows import step_points

    days = np.sort(np.random.default_rng(7).uniform(0, 70000, 300_000))
    xs, ys = step_points(days, 1000.0, 60000.0, most=2000)
    assert len(xs) == len(ys) < 4000
    assert np.all(np.diff(ys) >= 0) and np.all(np.diff(xs) >= 0)
    risen = slice(0, None, 2)  # the points after each rise: the count there is the true one
    assert np.array_equal(ys[risen], np.searchsorted(days, xs[risen], side="right"))


def test_a_lag_row_with_many_pairs_draws_a_sample_and_says_so(qtbot, window):
    from PySide6.QtGui import QColor

    from explorer.analysis import LagPair, LagStats
    from explorer.timeline.theme import theme_from_palette
    from explorer.ui.compare.rows import MAX_POINTS, LagRow

    days = np.arange(10_000, 60_000, 2.0)
    pairs = tuple(LagPair(f"b{i}", d, f"a{i}", d - 5) for i, d in enumerate(days.tolist()))
    stats = LagStats.from_pairs("foreign", "security", "foreign-policy", "security", pairs)
    theme = theme_from_palette(window.palette(), {})
    row = LagRow(theme, stats, QColor("blue"), QColor("red"))
    row.vb.setXRange(10_000, 60_000, padding=0)
    qtbot.waitUntil(lambda: not row.range_pending())
    assert len(row.follow_dots.data) <= MAX_POINTS // 2
    assert "of the pairs in view drawn" in row.header.subtitle
    row.vb.setXRange(20_000, 20_100, padding=0)
    qtbot.waitUntil(lambda: not row.range_pending())
    assert 45 <= len(row.follow_dots.data) <= 55, "a narrow range draws every pair in it"
    assert "drawn" not in row.header.subtitle

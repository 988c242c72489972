"""The comparison view as a person uses it: open it (View > Compare Tracks), read the lead/lag sentence,
click bars, pairs, points and cells to select their events, zoom either it or the timeline and see the
other follow, filter, choose other series, export the numbers, and render it from the command line."""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
from datetime import date

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QToolTip

from explorer.analysis import compare as compare_numbers
from explorer.ui.compare.compare_view import unit_of
from explorer.ui.compare.heatmap import TEXT_INSET
from explorer.ui.compare.rows import CumulativeRow, ImportanceRow, LagRow


def view_point(view, row, x: float, y: float) -> QPoint:
    """Viewport coordinates of a point (day, y) on a row."""
    scene = row.vb.mapViewToScene(QPointF(x, y))
    return view.plots.mapFromScene(scene)


def click(qtbot, view, row, x: float, y: float, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(view.plots.viewport(), Qt.MouseButton.LeftButton, mods, view_point(view, row, x, y))


def test_the_action_shows_the_comparison_with_the_lead_lag_sentence(qtbot, window, compare):
    assert window.menu_actions["compare"].shortcut().toString() == "Ctrl+K"
    assert window.docks["compareDock"].isVisible()
    stats = compare_numbers(window.session._db).lead_lag.forward
    expected = stats.sentence()
    assert expected.startswith("Security steps vs the nearest foreign-policy step: order unknown in ")
    assert html.escape(expected) in compare.sentence.text()
    assert html.escape(stats.detail()) in compare.sentence.text()
    assert [r.series.key for r in compare.density_rows] == ["foreign", "security"]
    assert any(isinstance(r, LagRow) for r in compare.rows)


def test_clicking_a_density_bar_selects_its_events(qtbot, window, compare):
    row = compare.density_rows[1]
    counts = compare.density.counts["security"]
    i = int(np.argmax(counts))
    lo, hi = compare.density.edges[i], compare.density.edges[i + 1]
    click(qtbot, compare, row, (lo + hi) / 2, counts[i] / 2)
    expected = [e for e, d in zip(row.series.ids, row.series.days, strict=True) if lo <= d < hi]
    assert len(expected) == counts[i] > 1
    assert sorted(window.selected_event_ids()) == sorted(expected)
    assert window.detail.shown_event_id() in expected
    assert len(row.marks.days) == len(expected), "the selection is marked on the comparison"


def test_ctrl_click_on_another_bar_adds_its_events(qtbot, window, compare):
    row = compare.density_rows[0]
    counts = compare.density.counts["foreign"]
    filled = np.flatnonzero(counts)
    edges = compare.density.edges
    first, second = filled[-1], filled[-2]
    click(qtbot, compare, row, (edges[first] + edges[first + 1]) / 2, 0.5)
    n = len(window.selected_event_ids())
    click(
        qtbot, compare, row, (edges[second] + edges[second + 1]) / 2, 0.5, Qt.KeyboardModifier.ControlModifier
    )
    assert len(window.selected_event_ids()) == n + int(counts[second])


def test_clicking_a_lead_lag_pair_selects_both_events(qtbot, window, compare):
    row = next(r for r in compare.rows if isinstance(r, LagRow))
    # a pair drawn alone: pairs anchored on the same day sit on one pixel and the top one wins
    days = [p.day for p in row.stats.pairs]
    alone = [p for p in row.stats.pairs if days.count(p.day) == 1]
    pair = alone[len(alone) // 2]
    click(qtbot, compare, row, pair.day, 0.0)
    assert set(window.selected_event_ids()) == {pair.previous_id, pair.event_id}


def test_clicking_an_importance_point_and_a_heatmap_cell_select_that_step(qtbot, window, compare):
    row = next(r for r in compare.rows if isinstance(r, ImportanceRow))
    day, y, event_id, _party, _word = row.points[0]
    click(qtbot, compare, row, day, y)
    assert window.selected_event_ids() == [event_id]
    heat = compare.heatmap
    second = heat.table_model.table.points[1].event_id
    index = heat.table_model.index(1, 2)
    qtbot.mouseClick(heat.viewport(), Qt.MouseButton.LeftButton, pos=heat.visualRect(index).center())
    assert window.selected_event_ids() == [second]
    assert {i.row() for i in heat.selectionModel().selectedIndexes()} == {1}


def test_the_x_range_is_linked_both_ways_with_the_timeline(qtbot, window, compare):
    window.zoom_to("2008-01-01", "2012-01-01")
    qtbot.waitUntil(lambda: compare.density.labels[0].startswith("2008"))  # finer bins when zoomed in
    d0, d1 = compare.visible_range()
    t0, t1 = window.timeline.visible_range()
    assert abs(d0 - t0) < 1 and abs(d1 - t1) < 1
    compare.rows[0].vb.setXRange(734000.0, 735000.0, padding=0)  # as a drag or the wheel would
    t0, t1 = window.timeline.visible_range()
    assert abs(t0 - 734000) < 1 and abs(t1 - 735000) < 1
    qtbot.waitUntil(lambda: compare.density.edges[0] >= 733900)
    assert unit_of(compare.density.edges) in ("quarter", "month", "week"), "finer than years"


def test_the_comparison_follows_the_filter(qtbot, window, compare):
    before = {r.series.key: len(r.series) for r in compare.density_rows}
    window.filters.state.set_values("actor", ["Russia"])
    assert compare.sentence.text().endswith("Computing…</span>"), "never the old filter's numbers"
    qtbot.waitUntil(lambda: not compare.layout_pending())
    after = {r.series.key: len(r.series) for r in compare.density_rows}
    assert all(after[k] < before[k] for k in before)
    shown = set(window.session.columns.ids[window.session.filter_mask()].tolist())
    assert set(compare.density_rows[0].series.ids) <= shown


def test_the_heatmap_s_model_stays_sound_when_a_filter_dims_its_rows(qtbot, qtmodeltester, window, compare):
    model = compare.heatmap.model()
    assert model.rowCount() > 0 and model.columnCount() == 4
    qtmodeltester.check(model)  # (and it keeps watching the reset the filter makes)
    window.filters.state.set_values("actor", ["Russia"])
    qtmodeltester.check(model)


def test_after_a_filter_the_rows_are_laid_out_on_one_turn_and_painted_on_the_next(
    qtbot, window, compare, monkeypatch
):
    """At a million events laying the comparison's rows out and their first paints held the window
    for 100 ms in one turn of the event loop: the rows are laid out with their updates held, and
    painted on the next turn, with the new filter's numbers."""
    from explorer.bench.frames import PaintCounter

    view = compare
    seen: list[bool] = []
    real = type(view)._present

    def present(self) -> None:
        real(self)
        seen.append(self.plots.updatesEnabled())

    painted = PaintCounter()
    view.plots.viewport().installEventFilter(painted)
    monkeypatch.setattr(type(view), "_present", present)
    window.filters.state.set_values("actor", ["Russia"])
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [False], "laid out with the rows' paint held"
    at_layout = painted.count
    qtbot.waitUntil(lambda: view.plots.updatesEnabled() and painted.count > at_layout)
    view.plots.viewport().removeEventFilter(painted)
    headers = " ".join(r.header.subtitle for r in view.density_rows)
    assert "in view" in headers
    image = view.plots.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 3, "the rows are drawn"


def test_choosing_other_series(qtbot, window, compare):
    from explorer.ui.compare.series_choice import available_specs

    specs = {s.uid: s for s in available_specs(window.session)}
    compare.chooser.set_specs([specs["track:security"], specs["track:context"], specs["track:foreign"]])
    assert [r.series.key for r in compare.density_rows] == ["security", "context", "foreign"]
    cumulative = next(r for r in compare.rows if isinstance(r, CumulativeRow))
    assert len(cumulative.curves) == 3
    assert "Other states" in compare.chooser.text() or "context" in compare.sentence.text().lower()


def test_export_numbers_writes_one_csv_per_plot(qtbot, window, compare, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "numbers.csv"), ""))
    qtbot.mouseClick(compare.export_button, Qt.MouseButton.LeftButton)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"numbers-{p}.csv" for p in ("density", "cumulative", "lead-lag", "importance"))
    with (folder / "numbers-density.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["bin_start", "bin_end", "label", "foreign", "security"]
    assert len(rows) - 1 == len(compare.density.labels)
    assert "Wrote 4 files" in window.statusBar().currentMessage()


def test_hovering_a_bar_explains_it(qtbot, window, compare):
    row = compare.density_rows[0]
    counts = compare.density.counts["foreign"]
    i = int(np.argmax(counts))
    edges = compare.density.edges
    pos = view_point(compare, row, (edges[i] + edges[i + 1]) / 2, 0.5)
    compare._on_scene_mouse_moved(compare.plots.mapToScene(pos))
    assert compare.plots.toolTip() == f"{compare.density.labels[i]}: {counts[i]} foreign-policy events"


def test_screenshot_of_the_compare_view(tmp_path, db_path, isolated_home):
    out = tmp_path / "compare.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEUTRALITY_EXPLORER_HOME=str(isolated_home))
    args = ["--screenshot", str(out), "--size", "1600x1000", "--view", "compare", str(db_path)]
    done = subprocess.run(
        [sys.executable, "-m", "explorer", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    small = image.scaled(160, 100)
    colours = {small.pixel(x, y) for x in range(160) for y in range(100)}
    assert len(colours) > 60, "the screenshot is not blank"


def test_the_comparison_catches_up_with_the_timeline_after_being_behind_a_tab(qtbot, window, compare):
    dock = window.docks["compareDock"]
    with qtbot.waitSignal(dock.visibilityChanged):
        window.docks["tableDock"].raise_()
    window.zoom_to("2001-01-01", "2003-01-01")
    assert compare.visible_range()[0] < 730000, "a comparison nobody sees is left alone"
    with qtbot.waitSignal(dock.visibilityChanged):
        dock.raise_()
    d0, d1 = compare.visible_range()
    t0, t1 = window.timeline.visible_range()
    assert abs(d0 - t0) < 1 and abs(d1 - t1) < 1


def test_the_sentence_the_cumulative_line_and_the_density_header_count_the_same_events(
    qtbot, window, compare
):
    text = compare.sentence.text()
    n = int(re.search(r"order unknown in \d+ of (\d+) pairs", text).group(1))
    cumulative = next(r for r in compare.rows if isinstance(r, CumulativeRow))
    security = compare.series[1]
    assert n == len(security) == int(cumulative.curves[1].getData()[1][-1]), "the line ends at the same count"
    header = compare.density_rows[1].header.subtitle
    assert re.match(rf"(all {n} in view|\d+ of {n} in view), per ", header), header
    later, earlier = (int(x) for x in re.search(r"later in (\d+), earlier in (\d+)", text).groups())
    unknown = int(re.search(r"order unknown in (\d+)", text).group(1))
    assert later + earlier + unknown == n
    assert not re.search(r"\d\.\d month", text), "no fraction of a month"


def test_every_shown_track_is_in_the_sentence(qtbot, window, compare):
    from explorer.ui.compare.series_choice import available_specs

    specs = {s.uid: s for s in available_specs(window.session)}
    compare.chooser.set_specs([specs["track:foreign"], specs["track:security"], specs["track:context"]])
    qtbot.waitUntil(lambda: len(compare.density_rows) == 3)
    text = compare.sentence.text()
    assert "Security steps vs the nearest foreign-policy step" in text
    label = compare.series[2].label
    assert f"{label[:1].upper()}{label[1:]} steps vs the nearest foreign-policy step" in text


def test_how_it_is_computed_is_one_click_away(qtbot, window, compare):
    from explorer.analysis.lag import HOW_COMPUTED

    button = compare.how
    assert button.isVisible() and button.toolTip() == HOW_COMPUTED
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == HOW_COMPUTED)


def test_importance_points_are_labelled_with_their_table_row(qtbot, window, compare):
    row = next(r for r in compare.rows if isinstance(r, ImportanceRow))
    numbers = [int(n) for label in row.row_labels for n in label.toPlainText().split(", ")]
    assert sorted(numbers) == list(range(1, 12))
    # the same numbers head Table two's rows beside the plot
    header = compare.heatmap.verticalHeader().model()
    assert header.headerData(0, Qt.Orientation.Vertical) in (1, "1")


def test_the_party_key_fits_the_header_so_the_west_is_not_cut(qtbot, window, compare):
    from PySide6.QtGui import QFontMetricsF

    from explorer.ui.compare.axes import HEADER_WIDTH, key_layout

    row = next(r for r in compare.rows if isinstance(r, ImportanceRow))
    names = [name for _, name in row.header.keys]
    assert names[-1] == "the West"
    small = QFontMetricsF(compare.theme.small_font)
    spots = key_layout(row.header.keys, small, HEADER_WIDTH - 30)
    lines = max(line for _, _, line in spots) + 1
    needed = 6 + QFontMetricsF(compare.theme.bold_font).height() + 1 + lines * (small.height() + 1)
    assert row.header.geometry().height() >= needed
    assert all(x + w <= HEADER_WIDTH - 30 + 8 for x, w, _ in spots), "each key within the header's width"


def test_the_view_is_built_hidden_after_the_first_paint_and_shows_the_comparison_when_asked(
    qtbot, db_path, monkeypatch
):
    """The first View > Compare Tracks was the window's longest stall at small sizes (its modules and
    widgets made, then its numbers): the widgets are made beforehand, when the window is idle after its
    first paint, computing nothing while hidden; asked for, it shows the comparison as before."""
    from window_helpers import show_main_window

    from explorer.app import MainWindow
    from explorer.ui.compare import install

    monkeypatch.setattr(install, "PREBUILD_MS", 0)
    win = show_main_window(qtbot, MainWindow(db_path, restore=False, persist=False))
    feature = win.compare
    qtbot.waitUntil(lambda: feature.built)  # (what the frame bench waits for before its series)
    view = feature._view
    assert view is not None
    assert not win.docks["compareDock"].isVisible() and view.rows == [], "built hidden, nothing computed"
    qtbot.keyClick(win.timeline, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    assert feature.view is view
    assert "Security steps vs the nearest foreign-policy step" in view.sentence.text()


def test_shown_again_after_a_filter_it_says_computing_until_the_new_numbers_are_drawn(qtbot, window, compare):
    """The numbers are made and drawn on later turns than the dock's showing: until then the old
    filter's sentence is never shown as current, and the first showing fits the compared series."""
    timeline_range = window.timeline.visible_range()
    span = compare._default_range()
    assert abs(timeline_range[0] - span[0]) < 2 and abs(timeline_range[1] - span[1]) < 2, "fitted"
    before = compare.sentence.text()
    window.docks["compareDock"].close()
    qtbot.waitUntil(lambda: not compare.isVisible())
    window.filters.state.set_values("track", ["security", "foreign"])
    window.filters.state.set_date_range((date(2014, 1, 1).toordinal(), date(2016, 12, 31).toordinal()))
    qtbot.keyClick(window.timeline, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert compare.isVisible()
    assert "Computing…" in compare.sentence.text()
    qtbot.waitUntil(lambda: not compare.layout_pending() and "Computing…" not in compare.sentence.text())
    assert compare.sentence.text() != before


def _drag_handle(qtbot, handle, dx: int) -> None:
    """Drag a splitter handle sideways by dx pixels, as a person would, in steps."""
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    for t in (0.25, 0.5, 0.75, 1.0):
        qtbot.mouseMove(handle, start + QPoint(round(dx * t), 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))


def test_table_two_s_rows_wrap_again_when_its_splitter_is_dragged_and_no_word_is_cut(qtbot, window, compare):
    from PySide6.QtGui import QFontMetrics

    heat = compare.heatmap
    model = heat.model()
    font = model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    fm = QFontMetrics(font)
    assert compare.split.orientation() == Qt.Orientation.Horizontal, "Table two beside the charts"

    def lines_needed(row: int) -> int:
        """Lines the row's label takes wrapped at the label column's width, as drawn."""
        width = max(20, heat.columnWidth(0) - TEXT_INSET)
        rect = fm.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, model.index(row, 0).data())
        return round(rect.height() / fm.lineSpacing())

    def heights() -> list[int]:
        return [heat.rowHeight(r) for r in range(model.rowCount())]

    def every_label_fits() -> bool:
        return all(heat.rowHeight(r) >= lines_needed(r) * fm.lineSpacing() for r in range(model.rowCount()))

    words = [w for r in range(model.rowCount()) for w in model.index(r, 0).data().split()]
    first_width, first = heat.columnWidth(0), heights()
    assert every_label_fits()
    _drag_handle(qtbot, compare.split.handle(1), -300)  # Table two wider: its labels on fewer lines
    qtbot.waitUntil(lambda: heat.columnWidth(0) > first_width + 100)
    qtbot.waitUntil(lambda: every_label_fits() and sum(heights()) < sum(first))
    wide = heights()
    _drag_handle(qtbot, compare.split.handle(1), 1000)  # as narrow as the splitter lets it be
    qtbot.waitUntil(lambda: heat.columnWidth(0) < first_width)
    qtbot.waitUntil(lambda: every_label_fits() and sum(heights()) > sum(wide))
    # at its narrowest every word of every label still fits the column whole (none cut inside)
    assert all(fm.horizontalAdvance(w) <= heat.columnWidth(0) - TEXT_INSET for w in words)

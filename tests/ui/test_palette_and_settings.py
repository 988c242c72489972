"""Desktop manners: the dark palette is followed, and lanes, zoom and layout come back next time."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from window_helpers import show_main_window

from explorer.timeline.theme import luminance


def dark_palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#333333",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Highlight: "#3d7fd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb2ff",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    return pal


def test_the_timeline_follows_a_dark_palette(qtbot, db_path):
    from explorer.app import MainWindow

    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark_palette())
    try:
        win = show_main_window(qtbot, MainWindow(db_path))
        tl = win.timeline
        assert tl.theme.dark
        image = tl.grab().toImage()
        left, right = tl.viewbox_px()
        # (inside the focus frame the timeline draws round itself while it has the keyboard focus)
        corner = QColor(image.pixel(QPoint(int(right) - 8, image.height() - 8)))
        assert luminance(corner) < 0.4, "the lanes sit on a dark background (a light theme gives about 0.95)"
        light = sum(
            1 for x in range(0, 150) for y in range(60, 120) if luminance(QColor(image.pixel(x, y))) > 0.7
        )
        assert light > 20, "lane names are drawn in a light colour"
        for track in win.session.tracks:
            assert luminance(tl.theme.lane_color(track.id)) > 0.3, "lane colours are lifted for contrast"
        win.select_events(["moscow-memorandum-austrian-neutrality-1955"])
        from explorer.ui.panels.detail_html import Colors

        muted = Colors.from_palette(win.detail.palette()).muted
        assert muted in win.detail.browser.toHtml().lower()
        assert luminance(QColor(muted)) > 0.45, "secondary text stays readable on dark"
    finally:
        app.setPalette(old)


def test_switching_to_dark_while_running_restyles_the_timeline(qtbot, window):
    app = QApplication.instance()
    old = app.palette()
    assert not window.timeline.theme.dark
    app.setPalette(dark_palette())
    try:
        qtbot.waitUntil(lambda: window.timeline.theme.dark, timeout=2000)
    finally:
        app.setPalette(old)
    qtbot.waitUntil(lambda: not window.timeline.theme.dark, timeout=2000)


def test_lanes_zoom_and_layout_are_restored_next_time(qtbot, db_path, isolated_home):
    from explorer.app import MainWindow

    first = MainWindow(db_path)
    qtbot.addWidget(first)
    first.show()
    first.findChild(type(first.menu_actions["fit_all"]), "lane_concepts").trigger()
    order = ["security", "foreign", "reactions", "context", "concepts"]
    first.session.set_lane_layout(order, first.session.hidden_lanes())
    first.zoom_to("1990-01-01", "2000-01-01")
    first.docks["tableDock"].hide()
    zoom = first.timeline.visible_range()
    first.close()
    assert (isolated_home / "settings.ini").exists(), "settings stay in NEUTRALITY_EXPLORER_HOME"

    second = MainWindow(db_path)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.session.hidden_lanes() == {"concepts"}
    assert second.session.lane_order() == order
    assert not second.menu_actions["fit_all"].isCheckable()
    assert not second.findChild(type(second.menu_actions["fit_all"]), "lane_concepts").isChecked()
    d0, d1 = second.timeline.visible_range()
    assert abs(d0 - zoom[0]) < 1 and abs(d1 - zoom[1]) < 1
    assert not second.docks["tableDock"].isVisible()
    assert second.timeline.lane_span("concepts") is None
    assert second.timeline.lane_span("security")[0] == 0.0


def test_the_zoom_of_another_database_is_not_applied(qtbot, db_path, tmp_path):
    import shutil

    from explorer.app import MainWindow

    first = MainWindow(db_path)
    qtbot.addWidget(first)
    first.zoom_to("1990-01-01", "1991-01-01")
    first.close()
    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    second = MainWindow(other)
    qtbot.addWidget(second)
    d0, d1 = second.timeline.visible_range()
    # the first view of a database (its core years), not the other database's one-year zoom
    c0, c1 = second.timeline.core_range()
    assert abs(d0 - c0) < 1 and abs(d1 - c1) < 1 and d1 - d0 > 365 * 5

"""The window at common sizes: the first window fits the screen, a remembered one is brought back
inside a smaller screen, and at 1024x700 and 1920x1080 no dock clips what it holds (before and
after View > Reset Layout, with the comparison open), the lanes keep their room, and the assessment
row stays still and reachable."""

from __future__ import annotations

import pytest
from layout_helpers import choose_in_menu, clipping_problems
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from explorer.timeline.backdrop import LaneHeader
from explorer.ui.settings import make_settings
from explorer.ui.window_layout import FRAME_ALLOWANCE

LAPTOP = QRect(0, 0, 1366, 768)


def open_window(qtbot, db_path, area: QRect, size: tuple[int, int] | None = None, **kw):
    """A main window on a screen of this area, shown (at `size` when given) and settled."""
    from explorer.app import MainWindow

    win = MainWindow(db_path, screen_area=area, **kw)
    qtbot.addWidget(win)
    if size is not None:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


def assert_inside_with_title_bar(win, area: QRect) -> None:
    geo = win.geometry()
    assert area.contains(geo), f"{geo.getRect()} leaves the screen {area.getRect()}"
    assert geo.top() - area.top() >= FRAME_ALLOWANCE.height() - 8, "no room left for the title bar"
    bar = win.statusBar()
    bottom = win.mapToGlobal(QPoint(0, bar.geometry().bottom())).y() if bar.isVisible() else geo.bottom()
    assert bottom <= area.bottom(), "the status bar is below the screen's edge"


def test_the_first_window_fits_a_1366x768_screen(qtbot, db_path):
    win = open_window(qtbot, db_path, LAPTOP)
    assert_inside_with_title_bar(win, LAPTOP)
    assert win.width() >= 1300 and win.height() >= 700, "the window uses the screen it has"


def test_the_first_window_on_a_large_screen_keeps_its_preferred_size(qtbot, db_path):
    win = open_window(qtbot, db_path, QRect(0, 0, 2560, 1440))
    assert win.size().toTuple() == (1600, 1000)


def test_a_remembered_window_larger_than_the_screen_is_clamped(qtbot, db_path):
    first = open_window(qtbot, db_path, QRect(0, 0, 2560, 1440))
    first.setGeometry(40, 60, 1600, 1000)
    first.save_settings()
    first.close()
    again = open_window(qtbot, db_path, LAPTOP, settings=make_settings())
    assert_inside_with_title_bar(again, LAPTOP)


def select_first_event_by_click(qtbot, win) -> None:
    """Click the table's first row, so the details and the assessment are shown."""
    table = win.table
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(win.session.current()))


def no_clipping(qtbot, win, when: str) -> None:
    """Once the layout has settled, nothing in a shown dock is clipped."""
    try:
        qtbot.waitUntil(lambda: not clipping_problems(win), timeout=2000)
    except qtbot.TimeoutError:
        raise AssertionError(f"{when}: " + "\n".join(clipping_problems(win))) from None


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_no_dock_clips_its_content(qtbot, db_path, size):
    win = open_window(qtbot, db_path, QRect(0, 0, size[0], size[1] + 40), size, persist=False)
    assert win.size().toTuple() == size, "the window's minimum size is larger than the screen"
    select_first_event_by_click(qtbot, win)
    no_clipping(qtbot, win, "first start")
    lane_area = win.timeline.viewport().width() - LaneHeader.WIDTH
    assert lane_area >= 0.4 * size[0], f"the lanes get {lane_area} px of {size[0]}"
    win.menu_actions["reset_layout"].trigger()
    no_clipping(qtbot, win, "after View > Reset Layout")
    win.menu_actions["compare"].trigger()
    qtbot.waitUntil(lambda: bool(win.compare.view.rows))
    no_clipping(qtbot, win, "with the comparison open")
    choose_in_menu(qtbot, win.compare.view.chooser, "Concepts and doctrine")
    qtbot.waitUntil(lambda: len(win.compare.view.density_rows) == 3)
    no_clipping(qtbot, win, "comparing three tracks")
    assert win.timeline.height() >= 200, f"the timeline is squeezed to {win.timeline.height()} px"


def test_after_reset_layout_every_star_and_importance_box_is_in_view(qtbot, db_path):
    win = open_window(qtbot, db_path, QRect(0, 0, 1024, 740), (1024, 700), persist=False)
    win.menu_actions["reset_layout"].trigger()
    select_first_event_by_click(qtbot, win)
    panel = win.findChild(QScrollArea, "annotationPanel")
    box = panel.findChild(QWidget, "assessmentBox")
    view = panel.viewport()
    for w in [*box.star_buttons, *box.combos.values(), box.flag_button]:
        top_left = w.mapTo(view, QPoint(0, 0))
        rect = QRect(top_left, w.size())
        assert view.rect().contains(rect), f"{w.objectName()} at {rect.getRect()} is outside {view.rect()}"


def test_flagging_does_not_move_the_stars(qtbot, window):
    select_first_event_by_click(qtbot, window)
    box = window.findChild(QWidget, "assessmentBox")
    before = (box.flag_button.width(), box.star_buttons[0].geometry())
    qtbot.mouseClick(box.flag_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Flagged" in box.flag_button.text())
    assert (box.flag_button.width(), box.star_buttons[0].geometry()) == before


def test_a_narrower_window_takes_room_from_the_side_docks_too(qtbot, db_path):
    win = open_window(qtbot, db_path, QRect(0, 0, 1920, 1120), (1900, 1000), persist=False)
    qtbot.waitUntil(lambda: win.timeline.viewport().width() > 900)
    win.resize(1300, 800)
    qtbot.waitUntil(lambda: win.width() == 1300)

    def lane_area() -> int:
        return win.timeline.viewport().width() - LaneHeader.WIDTH

    try:
        qtbot.waitUntil(lambda: lane_area() >= 0.33 * 1300, timeout=2000)
    except qtbot.TimeoutError:
        raise AssertionError(f"the lanes kept only {lane_area()} px of 1300") from None
    no_clipping(qtbot, win, "after narrowing")

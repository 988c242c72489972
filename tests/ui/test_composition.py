"""The composition root: every menu action defined in ui/actions.py is connected by a feature."""

from __future__ import annotations

from PySide6.QtCore import SIGNAL
from PySide6.QtWidgets import QMenuBar, QWidget

from explorer.ui.actions import ACTION_SPECS, Actions


def _listeners(action) -> int:
    return action.receivers(SIGNAL("triggered(bool)")) + action.receivers(SIGNAL("toggled(bool)"))


def test_every_menu_action_is_connected_by_the_feature_that_uses_it(qtbot, window):
    # a bare set of the same actions in a menu bar: what Qt itself connects, with no feature
    parent = QWidget()
    qtbot.addWidget(parent)
    bare = Actions(parent)
    bare.build_menus(QMenuBar(parent))
    assert set(window.menu_actions.names()) == {spec.name for spec in ACTION_SPECS}
    unconnected = [n for n in bare.names() if _listeners(window.menu_actions[n]) <= _listeners(bare[n])]
    assert unconnected == []


def test_the_command_features_are_built_after_the_first_paint_with_the_menus_in_place(qtbot, db_path):
    from explorer.app import MainWindow

    win = MainWindow(db_path, restore=False, persist=False)
    qtbot.addWidget(win)
    file_menu = win.menu_actions.menus["file"]
    # File > Share is a submenu of its own feature: not there until the window has been painted
    assert "S&hare" not in [a.text() for a in file_menu.actions()]
    win.resize(1200, 800)
    win.show()
    qtbot.waitUntil(lambda: "S&hare" in [a.text() for a in file_menu.actions()], timeout=3000)
    texts = [a.text() for a in file_menu.actions() if a.text()]
    # in its place, between File > Import and File > Datasets
    assert texts.index("&Import…") < texts.index("S&hare") < texts.index("&Datasets…")


def test_a_command_given_before_the_first_paint_still_runs(qtbot, db_path):
    from PySide6.QtWidgets import QDialog

    from explorer.app import MainWindow

    win = MainWindow(db_path, restore=False, persist=False)
    qtbot.addWidget(win)
    win.menu_actions["datasets"].trigger()  # (a script, or a key pressed while the window opens)
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in win.findChildren(QDialog, "datasetsDialog")), timeout=3000
    )

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

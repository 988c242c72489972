"""The small records made at import as named tuples keep what their frozen dataclasses gave: equal by
value, hashable, immutable, printed with their field names."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from explorer.ui.actions import ACTION_SPECS, ActionSpec
from explorer.ui.panels.detail_html import Colors


def test_an_action_spec_is_equal_by_value_immutable_and_named_in_its_repr() -> None:
    a = ActionSpec("zoom_in", "Zoom &In", "view", "zoom", tip="Closer")
    b = ActionSpec("zoom_in", "Zoom &In", "view", "zoom", tip="Closer")
    assert a == b and hash(a) == hash(b)
    assert a != ActionSpec("zoom_in", "Zoom &In", "view", "zoom", tip="Further")
    assert (a.shortcut, a.checkable, a.checked, a.more_keys) == (None, False, False, ())
    with pytest.raises(AttributeError):
        a.text = "Other"  # type: ignore[misc]
    assert repr(a).startswith("ActionSpec(name='zoom_in', text='Zoom &In', menu='view'")
    assert len({spec.name for spec in ACTION_SPECS}) == len(ACTION_SPECS)


def test_colors_from_a_palette_are_equal_by_value_and_immutable(qapp) -> None:
    pal = QPalette()
    one, two = Colors.from_palette(pal), Colors.from_palette(pal)
    assert one == two and hash(one) == hash(two)
    assert one.text == pal.color(QPalette.ColorRole.Text).name()
    with pytest.raises(AttributeError):
        one.muted = "#000000"  # type: ignore[misc]
    assert repr(one).startswith("Colors(text=")

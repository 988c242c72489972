"""The journeys with the keyboard alone (QTest key clicks only): the window starts on the timeline, arrows
pick events, Enter opens the details, Tab reaches the flag, stars, tag field and tag chips with a ring
that shows where focus is, Ctrl+Z undoes, Enter in the export dialog exports, Ctrl+K compares and the
help windows open. Every stop Tab makes has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QFileDialog, QTabBar, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier


def _focus() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None, "focus went nowhere"
    return w


def _press(qtbot, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focus(), key, mods)


def _tab_until(qtbot, wanted, limit: int = 40) -> QWidget:
    """Press Tab until focus is on a widget `wanted` accepts; that widget."""
    for _ in range(limit):
        _press(qtbot, Qt.Key.Key_Tab)
        if wanted(_focus()):
            return _focus()
    raise AssertionError(f"Tab never reached it; stopped on {_focus().objectName()!r}")


def _ringed(window, button: QWidget) -> bool:
    """True when a focus ring is drawn around the button (in its window)."""
    ring = window.focus_rings.ring_of(button.window())
    spot = QRect(button.mapTo(button.window(), QPoint(0, 0)), button.size())
    return ring.isVisible() and ring.ring_rect().contains(spot)


def _spoken_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


@pytest.fixture
def started(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_window_starts_on_the_timeline_and_the_arrows_read_out_each_event(qtbot, started) -> None:
    tl = started.timeline
    assert _focus() is tl, f"the first focus went to {_focus().objectName()!r}"
    _press(qtbot, Qt.Key.Key_Right)
    current = started.session.current()
    assert current and started.session.selection() == [current]
    ev = started.session.events.get(current)
    spoken = tl.accessibleDescription()
    assert spoken.startswith(ev.title + ", ") and spoken.endswith(started.session.track(ev.track).name)
    _press(qtbot, Qt.Key.Key_Right)
    assert started.session.current() != current and tl.accessibleDescription() != spoken


def test_details_flag_stars_tag_chip_and_undo_by_keyboard_with_a_visible_ring(qtbot, started) -> None:
    _press(qtbot, Qt.Key.Key_Right)
    event_id = started.session.current()
    _press(qtbot, Qt.Key.Key_Return)
    assert _focus() is started.detail.browser
    assert _ringed(started, started.detail.browser), "the frameless details text shows it has focus"
    panel = started.annotations.panel
    flag = _tab_until(qtbot, lambda w: w is panel.assessment.flag_button)
    assert _ringed(started, flag), "the flag button shows it has focus"
    _press(qtbot, Qt.Key.Key_Tab)
    star1 = _focus()
    assert star1 is panel.assessment.star_buttons[0] and _ringed(started, star1)
    _press(qtbot, Qt.Key.Key_Space)
    store = started.session.annotations
    assert store.assessment_for(event_id).stars == 1  # type: ignore[union-attr]
    field = _tab_until(qtbot, lambda w: w is panel.tags.edit)
    qtbot.keyClicks(field, "airbase")
    _press(qtbot, Qt.Key.Key_Return)
    assert [t.name for t in store.tags_for(event_id)] == ["airbase"]
    # the chip's buttons come just before the field, each named and ringed
    _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    remove = _focus()
    assert remove is panel.tags.chips[0].remove_button
    assert _spoken_name(remove) == "Remove tag airbase" and _ringed(started, remove)
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: store.tags_for(event_id) == [])
    # focus is in the (empty) tag field now: Ctrl+Z there brings the tag back, it is not the field's
    assert _focus() is field
    _press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [t.name for t in store.tags_for(event_id)] == ["airbase"]


def test_enter_in_the_export_dialog_exports_rather_than_cancels(
    qtbot, started, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "picked.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    _press(qtbot, Qt.Key.Key_Right)
    _press(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "exportDialog"
    # offscreen, the dialog is not activated: the key goes to what has focus inside it
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(target.exists)
    assert started.session.current() in target.read_text(encoding="utf-8")


def test_ctrl_k_opens_the_comparison_and_tab_reaches_its_controls(qtbot, started) -> None:
    _press(qtbot, Qt.Key.Key_K, CTRL)
    view = started.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    reached = _tab_until(qtbot, lambda w: view.isAncestorOf(w), limit=60)
    assert _spoken_name(reached), f"{reached.objectName()!r} has no name"


def _shown(name: str) -> QWidget | None:
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def test_help_opens_the_shortcuts_and_the_guide_from_the_keyboard(qtbot, started) -> None:
    _press(qtbot, Qt.Key.Key_Slash, CTRL)
    qtbot.waitUntil(lambda: _shown("shortcutsDialog") is not None)
    shortcuts = _shown("shortcutsDialog")
    qtbot.keyClick(shortcuts.focusWidget() or shortcuts, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _shown("shortcutsDialog") is None)
    _press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: _shown("guideDialog") is not None)


def test_every_stop_tab_makes_has_a_name_a_screen_reader_can_say(qtbot, started) -> None:
    _press(qtbot, Qt.Key.Key_Right)  # an event in focus, so the annotation controls are on
    unnamed = []
    for _ in range(60):
        _press(qtbot, Qt.Key.Key_Tab)
        w = _focus()
        name = _spoken_name(w)
        if isinstance(w, QTabBar):  # read as its current tab, which has a name
            name = w.tabText(w.currentIndex())
        if not name.strip():
            unnamed.append(f"{type(w).__name__}:{w.objectName()}")
    assert unnamed == [], f"Tab stops without a name: {sorted(set(unnamed))}"


def test_the_menu_key_on_the_timeline_offers_the_event_in_focus(qtbot, started) -> None:
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    tl = started.timeline
    for _ in range(3):
        _press(qtbot, Qt.Key.Key_Right)
    current = started.session.current()
    assert tl.mark_position(current) is not None
    # what Qt sends for the Menu key or Shift+F10: a keyboard context menu at the middle of the view
    middle = tl.viewport().rect().center()
    QApplication.sendEvent(
        tl.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, middle, tl.viewport().mapToGlobal(middle)),
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert "Add Note" in [a.text() for a in menu.actions()]
    assert started.session.current() == current and started.session.selection() == [current]
    menu.close()


def test_shift_down_in_the_table_then_ctrl_shift_t_tags_every_selected_row(qtbot, started) -> None:

    _press(qtbot, Qt.Key.Key_Tab)
    table = started.table
    assert _focus() is table and _ringed(started, table)
    _press(qtbot, Qt.Key.Key_Home, CTRL)  # the first row, selected
    for _ in range(3):
        _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = started.session.selection()
    assert len(ids) == 4
    _press(qtbot, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _shown("bulkTagDialog") is not None)
    dialog = _shown("bulkTagDialog")
    field = dialog.focusWidget()
    qtbot.keyClicks(field, "reviewed")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    notes = started.session.annotations
    qtbot.waitUntil(lambda: all("reviewed" in {t.name for t in notes.tags_for(e)} for e in ids))
    assert started.statusBar().currentMessage() == "Tag 4 events “reviewed”."

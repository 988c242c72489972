"""Annotations where they are seen: tag colours in the table and on the timeline, periods, links, menus."""

from __future__ import annotations

import os

import numpy as np
import pytest
from annotation_gui import NAM, REFERENDUM, UNION, active_dialog, press, rows, show_window
from annotation_helpers import make_corpus
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QPlainTextEdit, QPushButton, QToolButton
from window_helpers import settle

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
MAGENTA = QColor("#ff00ff")


@pytest.fixture
def db(tmp_path):
    return make_corpus(tmp_path / "small.db")


@pytest.fixture
def win(qtbot, db):
    return show_window(qtbot, db)


def count_near(image: QImage, color: QColor, tolerance: int = 40) -> int:
    """How many pixels of an image are close to a colour (summed RGB difference)."""
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    px = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(img.height(), img.bytesPerLine())
    bgr = px[:, : img.width() * 4].reshape(img.height(), img.width(), 4)[..., :3].astype(int)
    want = np.array([color.blue(), color.green(), color.red()])
    return int((np.abs(bgr - want).sum(axis=2) <= tolerance).sum())


def add_tag_by_typing(qtbot, win, name: str) -> None:
    box = win.annotations.panel.tags
    qtbot.keyClicks(box.edit, name)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)


def test_a_tag_colour_shows_in_the_table(qtbot, win, monkeypatch):
    from PySide6.QtWidgets import QColorDialog

    from explorer.ui.panels.event_table import TAGS_COLUMN, TAGS_ROLE

    win.select_events([UNION])
    add_tag_by_typing(qtbot, win, "treaty")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor(MAGENTA))
    qtbot.mouseClick(win.annotations.panel.tags.chips[0].color_button, Qt.MouseButton.LeftButton)
    table = win.table
    row = table.row_of(UNION)
    index = table.proxy.index(row, TAGS_COLUMN)
    assert index.data() == "treaty"
    assert index.data(TAGS_ROLE) == [("treaty", "#ff00ff")]
    table.scrollTo(index)
    settle(qtbot)
    cell = table.viewport().grab(table.visualRect(index)).toImage()
    assert count_near(cell, MAGENTA) > 10, "the tag's chip is drawn in its colour"


def test_a_tag_colour_edges_the_mark_on_the_timeline(qtbot, win):
    win.session.annotations.add_tag(REFERENDUM, "watch", "#ff00ff")
    win.zoom_to("2021-06-01", "2022-12-01")
    settle(qtbot)
    pos = win.timeline.mark_position(REFERENDUM)
    assert pos is not None
    shot = win.timeline.viewport().grab().toImage().copy(pos.x() - 12, pos.y() + 4, 24, 8)
    assert count_near(shot, MAGENTA) >= 10, "a magenta edge is drawn under the mark"
    win.session.annotations.undo_stack.undo()
    settle(qtbot)
    shot = win.timeline.viewport().grab().toImage().copy(pos.x() - 12, pos.y() + 4, 24, 8)
    assert count_near(shot, MAGENTA) == 0


def test_a_period_is_saved_from_the_visible_range_drawn_listed_and_zoomed_to(qtbot, win, db):
    from explorer.ui.annotations.period_dialog import PeriodDialog

    win.zoom_to("1998-01-01", "2000-01-01")
    before = win.timeline.viewport().grab().toImage()
    press(qtbot, win, Qt.Key.Key_P, Ctrl | Shift)
    dialog = active_dialog(qtbot, PeriodDialog)
    assert dialog.start.text().startswith("1998-01") and dialog.end.text().startswith("1999-12")
    dialog.start.setText("")
    qtbot.keyClicks(dialog.start, "1998-09")
    dialog.end.setText("")
    qtbot.keyClicks(dialog.end, "1999-12-08")
    qtbot.keyClicks(dialog.name, "between NAM and the Union State")
    qtbot.keyClicks(dialog.note, "Two steps in opposite directions")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT name, date, note FROM periods") == [
        ("between NAM and the Union State", "1998-09/1999-12-08", "Two steps in opposite directions")
    ]
    panel = win.annotations.periods
    assert [p.name for p in panel.periods()] == ["between NAM and the Union State"]
    settle(qtbot)
    after = win.timeline.viewport().grab().toImage()
    changed = sum(
        before.pixel(x, y) != after.pixel(x, y)
        for x in range(0, after.width(), 4)
        for y in range(0, after.height(), 4)
    )
    assert changed > 200, "a band is drawn behind the lanes"
    win.zoom_to("1990-01-01", "2025-01-01")
    win.docks["periodsDock"].raise_()  # its tab is behind the event table's
    qtbot.waitUntil(panel.tree.isVisible)
    item = panel.tree.topLevelItem(0)
    rect = panel.tree.visualItemRect(item)
    # a double-click is a click, then a second press that Qt reports as a double-click
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    d0, d1 = win.timeline.visible_range()
    from datetime import date

    assert d0 < date(1998, 9, 1).toordinal() < date(1999, 12, 8).toordinal() < d1 and d1 - d0 < 600


def test_a_period_is_edited_and_removed_from_the_dock_and_undo_brings_it_back(qtbot, win, db):
    from explorer.ui.annotations.period_dialog import PeriodDialog

    win.session.annotations.add_period("after Crimea", "2014-03-18/2016-12-31")
    panel = win.annotations.periods
    win.docks["periodsDock"].show()
    win.docks["periodsDock"].raise_()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, PeriodDialog)
    assert dialog.name.text() == "after Crimea" and dialog.end.text() == "2016-12-31"
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "after the annexation")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT name FROM periods") == [("after the annexation",)]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT name FROM periods") == []
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert rows(db, "SELECT name FROM periods") == [("after the annexation",)]
    assert [p.name for p in panel.periods()] == ["after the annexation"]
    assert [p.name for p, _, _ in win.annotations.bands.periods()] == ["after the annexation"]


def test_a_bad_period_date_keeps_save_disabled(qtbot, win):
    from explorer.ui.annotations.period_dialog import PeriodDialog

    dialog = win.annotations.new_period((730000.0, 730100.0))
    dialog = active_dialog(qtbot, PeriodDialog)
    dialog.end.setText("")
    qtbot.keyClicks(dialog.end, "not a date")
    assert not dialog.ok.isEnabled()
    dialog.reject()


def choose_link_target(qtbot, win, text: str):
    from explorer.ui.annotations.link_dialog import LinkDialog

    qtbot.mouseClick(win.findChild(QPushButton, "addLinkButton"), Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, LinkDialog)
    assert dialog.type_combo.currentText() == "response to"
    qtbot.keyClicks(dialog.search, text)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=2000)
    return dialog


def test_a_link_is_made_listed_in_both_panels_drawn_and_navigable(qtbot, win, db):
    win.select_events([UNION])
    dialog = choose_link_target(qtbot, win, "non-aligned")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT source_event, target_event, type FROM links") == [(UNION, NAM, "response to")]
    links = win.annotations.panel.links
    assert links.other_ids() == [NAM]
    assert links.rows[0].text == "response to → Belarus joins the Non-Aligned Movement"
    assert [(k.source, k.target) for k in win.annotations.curves.links()] == [(UNION, NAM)]
    win.zoom_to("1998-01-01", "2000-06-01")
    settle(qtbot)
    drawn = win.timeline.viewport().grab().toImage()
    assert count_near(drawn, QColor("#2d7dd2"), 30) > 40, "a curve in the link type's colour joins the marks"
    win.zoom_to("2030-01-01", "2040-01-01")
    qtbot.mouseClick(links.rows[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.session.current() == NAM, timeout=2000)
    d0, d1 = win.timeline.visible_range()
    row = win.session.columns.index_of(NAM)
    assert d0 < win.session.columns.centre[row] < d1, "the timeline is centred on the other event"
    assert links.other_ids() == [UNION], "the other event's panel lists the link too"
    assert links.rows[0].text == "← Union State treaty with Russia (response to this)"
    qtbot.mouseClick(links.rows[0].remove_button, Qt.MouseButton.LeftButton)
    assert rows(db, "SELECT count(*) FROM links") == [(0,)]
    assert links.other_ids() == [] and links.empty.isVisibleTo(links)
    press(qtbot, win, Qt.Key.Key_Z, Ctrl)
    assert links.other_ids() == [UNION]


def test_the_link_dialog_s_event_list_stays_a_sound_model_while_the_user_types(qtbot, qtmodeltester, win):
    from explorer.ui.annotations.link_dialog import LinkDialog

    win.select_events([UNION])
    qtbot.mouseClick(win.findChild(QPushButton, "addLinkButton"), Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, LinkDialog)
    everything = dialog.model.rowCount()
    assert everything > 1
    qtmodeltester.check(dialog.model)  # (and it keeps watching the resets the typing makes)
    qtbot.keyClicks(dialog.search, "non-aligned")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=2000)
    qtmodeltester.check(dialog.model)
    qtbot.keyClicks(dialog.search, "zzz no such event")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=2000)
    qtmodeltester.check(dialog.model)
    dialog.reject()


def test_a_duplicate_link_is_refused_with_a_sentence_in_the_dialog(qtbot, win, db):
    win.session.annotations.add_link(UNION, NAM, "response to")
    win.select_events([UNION])
    dialog = choose_link_target(qtbot, win, "non-aligned")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already linked" in dialog.error.text()
    dialog.type_combo.setCurrentText("my own relation")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert len(rows(db, "SELECT id FROM links")) == 2
    assert sorted(r[0] for r in rows(db, "SELECT type FROM links")) == ["my own relation", "response to"]


def test_the_timeline_menu_annotates_the_event_under_the_pointer(qtbot, win, db):
    win.zoom_to("2021-06-01", "2022-12-01")
    settle(qtbot)
    pos = win.timeline.mark_position(REFERENDUM)
    vp = win.timeline.viewport()
    QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, vp.mapToGlobal(pos)))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:3] == ["Add Note", "Flag", "Link to Event…"] and "New Period from View…" in texts
    assert win.session.current() == REFERENDUM
    next(a for a in menu.actions() if a.text() == "Flag").trigger()
    menu.close()
    assert rows(db, "SELECT event_id, flagged FROM assessments") == [(REFERENDUM, 1)]
    menu = win.annotations.context_menu(QPoint(1, 1))
    assert [a.text() for a in menu.actions() if a.text()] == ["New Period from View…"]


def test_a_read_only_file_disables_every_editing_control(qtbot, db):
    os.chmod(db, 0o444)
    win = show_window(qtbot, db)
    win.select_events([NAM])
    assert win.session.readonly
    win.docks["periodsDock"].raise_()  # its list is made when its tab is first brought forward
    qtbot.waitUntil(lambda: win.findChild(QPushButton, "newPeriodButton") is not None, timeout=3000)
    for cls, name in (
        (QPlainTextEdit, "noteEditor"),
        (QToolButton, "flagButton"),
        (QToolButton, "star3"),
        (QComboBox, "importance_west"),
        (QPushButton, "addLinkButton"),
        (QPushButton, "newPeriodButton"),
    ):
        assert not win.findChild(cls, name).isEnabled(), name
    assert not win.annotations.panel.tags.edit.isEnabled()
    for name in ("add_note", "toggle_flag", "link_event", "new_period"):
        assert not win.annotations.actions[name].isEnabled(), name
    notice = win.annotations.panel.readonly_notice
    assert notice.isVisible() and "read-only" in notice.text()
    assert win.statusBar().findChild(QPushButton) is None
    assert win.findChild(type(notice), "readOnlyStatus").isVisible()
    press(qtbot, win, Qt.Key.Key_G, Ctrl | Shift)
    assert rows(db, "SELECT count(*) FROM assessments") == [(0,)]


def test_a_shift_dragged_range_becomes_the_new_period_s_dates(qtbot, win):
    from explorer.ui.annotations.period_dialog import PeriodDialog

    win.zoom_to("1990-01-01", "2025-01-01")
    settle(qtbot)
    tl, vp = win.timeline, win.timeline.viewport()
    left, right = tl.viewbox_px()
    y = vp.height() // 2
    start, end = QPoint(round(left + (right - left) * 0.25), y), QPoint(round(left + (right - left) * 0.5), y)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Shift, start)
    for t in (0.2, 0.6, 1.0):
        qtbot.mouseMove(vp, QPoint(round(start.x() + (end.x() - start.x()) * t), y))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, Shift, end)
    settle(qtbot)
    press(qtbot, win, Qt.Key.Key_P, Ctrl | Shift)
    dialog = active_dialog(qtbot, PeriodDialog)
    first, last = dialog.start.text(), dialog.end.text()
    d0, d1 = win.timeline.visible_range()
    span = d1 - d0
    from datetime import date

    assert abs(date.fromisoformat(first).toordinal() - (d0 + span * 0.25)) < span * 0.03
    assert abs(date.fromisoformat(last).toordinal() - (d0 + span * 0.5)) < span * 0.03
    dialog.reject()


def test_the_annotation_boxes_are_built_after_the_first_paint_and_shown_on_the_first_click(qtbot, db):
    from explorer.app import MainWindow
    from explorer.ui.annotations.notes_box import NotesBox

    win = MainWindow(db, restore=False, persist=False)
    qtbot.addWidget(win)
    # not before the window's first paint (the start stays lean)...
    assert win.findChildren(NotesBox) == []
    win.show()
    qtbot.waitExposed(win)
    # ...but on a turn of their own after it, hidden, so the first click does not build them
    qtbot.waitUntil(lambda: len(win.findChildren(NotesBox)) == 1, timeout=3000)
    panel = win.annotations.panel
    # before any event is chosen the section only says how to start
    assert panel.empty.isVisible()
    assert not win.findChildren(NotesBox)[0].isVisible()
    table = win.table
    index = table.model().index(0, 1)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: not panel.empty.isVisible(), timeout=3000)
    notes = win.findChildren(NotesBox)
    assert len(notes) == 1 and notes[0].isVisible()
    stars = [b for b in win.findChildren(QToolButton) if b.objectName().startswith("star") and b.isVisible()]
    assert len(stars) == 5  # the rating is there to click, for the event clicked
    assert panel.shown_event_id() == table.model().index(0, 0).data(Qt.ItemDataRole.UserRole + 1)


def test_the_periods_list_is_made_when_its_tab_is_first_clicked(qtbot, win):
    from PySide6.QtWidgets import QTabBar, QTreeWidget

    # the dock is there from the start (its tab, its toggle in View > panels), its list not yet
    assert win.findChild(QTreeWidget, "periodList") is None
    assert win.docks["periodsDock"].toggleViewAction().objectName() == "toggle_periodsDock"
    bar, index = next(
        (bar, i)
        for bar in win.findChildren(QTabBar)
        for i in range(bar.count())
        if bar.tabText(i) == "Periods"
    )
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: win.findChild(QTreeWidget, "periodList") is not None, timeout=3000)
    tree = win.findChild(QTreeWidget, "periodList")
    qtbot.waitUntil(tree.isVisible, timeout=3000)
    shown = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert len(shown) == len(win.session.annotations.periods())


def test_a_remembered_layout_with_the_periods_tab_in_front_shows_its_list(qtbot, db, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QTreeWidget
    from window_helpers import show_main_window

    from explorer.app import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = show_main_window(qtbot, MainWindow(db, settings=settings))
    first.docks["periodsDock"].raise_()
    qtbot.waitUntil(lambda: first.findChild(QTreeWidget, "periodList") is not None, timeout=3000)
    first.close()  # remembers the layout, the Periods tab in front
    second = show_main_window(qtbot, MainWindow(db, settings=settings))
    # the dock comes back in front, and its list is made for it once the window has settled
    qtbot.waitUntil(lambda: second.findChild(QTreeWidget, "periodList") is not None, timeout=3000)
    tree = second.findChild(QTreeWidget, "periodList")
    qtbot.waitUntil(tree.isVisible, timeout=3000)
    assert not second.docks["periodsDock"].visibleRegion().isEmpty()
    assert second.docks["tableDock"].visibleRegion().isEmpty()  # the Events tab is behind it

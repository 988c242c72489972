"""The detail panel: the date in words with its EDTF, track, section, summary, quote with its
attribution, importance, sources with links that open in the browser; a list for several events."""

from __future__ import annotations

from annotation_gui import anchor_point
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication
from window_helpers import settle


def test_details_show_what_the_paper_says(qtbot, window):
    ev = next(e for e in window.session.events.all() if e.quote and e.importance and e.section)
    window.select_events([ev.id])
    text = window.detail.text()
    assert ev.title in text
    assert ev.date_words in text and ev.date in text
    assert window.session.track(ev.track).name in text
    assert f"section {ev.section}" in text
    assert ev.quote in text
    assert f"— Bohdan and Isaev 2016, section {ev.section}" in text
    assert "Importance" in text and "Belarus" in text and "the West" in text
    for actor in ev.actors:
        assert actor in text


def test_clicking_a_source_link_opens_the_system_browser(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)) or True)
    ev = next(
        e
        for e in window.session.events.all()
        if any(s.url for s in window.session.events.sources(e.source_ids))
    )
    url = next(s.url for s in window.session.events.sources(ev.source_ids) if s.url)
    window.select_events([ev.id])
    browser = window.detail.browser
    window.docks["detailDock"].show()
    browser.setFocus()
    settle(qtbot)
    cursor = QTextCursor(browser.document())
    browser.setTextCursor(cursor)
    pos = None
    for _ in range(40):
        pos = anchor_point(browser, url)
        if pos is not None and browser.viewport().rect().contains(pos):
            break
        browser.verticalScrollBar().setValue(browser.verticalScrollBar().value() + 60)
        QApplication.processEvents()  # paint the scrolled view before reading where things are
    assert pos is not None
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert opened == [QUrl(url)]


def test_several_selected_events_are_listed_and_one_can_be_read(qtbot, window):
    ids = [e.id for e in window.session.events.all()][:4]
    window.select_events(list(reversed(ids)))
    panel = window.detail
    assert panel.selection_list.isVisibleTo(panel)
    assert sorted(panel.selection_list.ids()) == sorted(ids)
    cols = window.session.columns
    rows = [cols.index_of(e) for e in panel.selection_list.ids()]
    assert rows == sorted(rows)  # listed in date order, whatever order they were chosen in
    third = panel.selection_list.item(2)
    rect = panel.selection_list.visualItemRect(third)
    qtbot.mouseClick(panel.selection_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = third.data(Qt.ItemDataRole.UserRole)
    assert panel.shown_event_id() == chosen
    assert window.session.events.get(chosen).title in panel.text()
    assert sorted(window.selected_event_ids()) == sorted(ids), "reading one keeps the selection"


def test_one_selected_event_hides_the_list(qtbot, window):
    ids = [e.id for e in window.session.events.all()][:1]
    window.select_events(ids)
    assert not window.detail.selection_list.isVisibleTo(window.detail)

"""The detail panel: the date in words with its EDTF, track, section, summary, quote with its
attribution, importance, sources with links that open in the browser; a list for several events."""

from __future__ import annotations

from annotation_gui import anchor_point
from input_helpers import wheel
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication, QToolButton
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


def test_flagging_and_starring_the_event_being_read_keeps_the_readers_place(qtbot, window):
    # the details are shown again when the event's annotations change; the paper's text does not
    # change with them, so it must not be laid out again and jump back to the top
    ev = max(window.session.events.all(), key=lambda e: len(e.quote or "") + len(e.summary or ""))
    window.select_events([ev.id])
    window.docks["detailDock"].show()
    browser = window.detail.browser
    settle(qtbot)
    bar = browser.verticalScrollBar()
    for _ in range(30):
        if bar.value() >= bar.maximum() // 2:
            break
        wheel(browser.viewport(), browser.viewport().rect().center(), -1)  # towards the user: down
        QApplication.processEvents()
    read_at = bar.value()
    assert read_at > 0, "the details do not scroll: nothing to keep"
    qtbot.mouseClick(window.findChild(QToolButton, "flagButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QToolButton, "star3"), Qt.MouseButton.LeftButton)
    settle(qtbot)
    found = window.session.annotations.assessment_for(ev.id)
    assert found is not None and found.flagged and found.stars == 3
    assert bar.value() == read_at
    assert ev.title in window.detail.text()
    # another event's details are new text: read from its top
    other = next(e for e in window.session.events.all() if e.id != ev.id)
    window.select_events([other.id])
    settle(qtbot)
    assert other.title in window.detail.text() and bar.value() == 0

"""Hostile files are inert in the window: imported through File > Import, then selected by clicking in the
table and on the timeline, hovered, their links clicked; nothing loads a local file, nothing draws an image
from the file, and nothing but http, https and mailto ever reaches QDesktopServices.openUrl."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from annotation_gui import anchor_point
from export_helpers import open_dialog
from hostile_corpus import (
    BAD_COLORS,
    BAD_URLS,
    DATE_RANGE,
    GOOD_URL,
    IMG,
    hostile_csv,
    hostile_json,
    hostile_timelinejs,
    rich_text_faults,
    widget_faults,
)
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QTextBrowser, QToolTip
from test_search_field import type_query
from window_helpers import settle

from explorer.ui.dialogs.import_dialog import ImportDialog
from explorer.ui.links import InertTextBrowser
from explorer.ui.panels.event_table import ID_ROLE
from explorer.ui.search.results import SNIPPET_HTML_ROLE, TITLE_HTML_ROLE


@pytest.fixture
def watch(monkeypatch):
    """Record every URL handed to the system and every resource a text browser or document asks for."""
    seen: dict[str, list[str]] = {"opened": [], "loaded": []}

    def opened(url):
        seen["opened"].append(QUrl(url).toString())
        return True

    def recording(original):
        def load(self, kind, url):
            seen["loaded"].append(QUrl(url).toString())
            return original(self, kind, url)

        return load

    monkeypatch.setattr(QDesktopServices, "openUrl", opened)
    for cls in (QTextBrowser, InertTextBrowser, QTextDocument):
        monkeypatch.setattr(cls, "loadResource", recording(cls.loadResource))
    return seen


def import_through_the_menu(qtbot, window, monkeypatch, path: Path) -> list[tuple[str, ...]]:
    """File > Import with this file, check the dialog, click Import, close it; the rows it listed first."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.menu_actions["import_events"].trigger()
    dialog = open_dialog(qtbot, window, ImportDialog)
    assert widget_faults(dialog) == []
    model = dialog.problems.model()
    listed = [
        tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())
    ]
    assert dialog.import_button.isVisible(), dialog.status.text()
    with qtbot.waitSignal(window.session.eventsChanged):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert widget_faults(dialog) == []
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return listed


def hover(widget, pos: QPoint) -> str:
    """The tooltip a person sees after resting the pointer at `pos` ('' when none shows)."""
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def click_table_row(qtbot, window, event_id: str) -> str:
    """Click the event's title cell in the event table; the tooltip shown when hovering it."""
    window.docks["tableDock"].show()
    window.docks["tableDock"].raise_()
    view = window.table
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == event_id)
    index = model.index(row, 1)
    view.scrollTo(index)
    settle(qtbot)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.selected_event_ids() == [event_id])
    return hover(view.viewport(), pos)


def click_timeline_mark(qtbot, window, event_id: str) -> str:
    """Click the event's mark on the timeline; the tooltip shown when hovering it."""
    tl = window.timeline
    window.zoom_to(*DATE_RANGE)
    settle(qtbot)
    qtbot.waitUntil(lambda: tl.mark_position(event_id) is not None)
    pos = tl.mark_position(event_id)
    qtbot.mouseClick(tl.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.selected_event_ids() == [event_id]
    return hover(tl.viewport(), pos)


def click_text(qtbot, browser: QTextBrowser, text: str) -> None:
    """Click in the middle of the first place `text` is drawn in a text browser (scrolled into view)."""
    cursor = browser.document().find(text)
    assert not cursor.isNull(), f"“{text}” is not shown"
    middle = QTextCursor(browser.document())
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    browser.setTextCursor(middle)
    browser.ensureCursorVisible()
    QApplication.processEvents()  # paint the scrolled view before reading where things are
    pos = browser.cursorRect(middle).center()
    assert browser.viewport().rect().contains(pos)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def click_link(qtbot, browser: QTextBrowser, href: str) -> None:
    """Scroll a link into view and click it where it is drawn."""
    click_text(qtbot, browser, browser.document().toPlainText()[0:0] or link_text(browser, href))
    assert anchor_point(browser, href) is not None


def link_text(browser: QTextBrowser, href: str) -> str:
    """The words of the first link to `href`."""
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().anchorHref() == href:
                return frag.text()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def anchors(browser: QTextBrowser) -> list[str]:
    """Every link target in a text browser's document."""
    out = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href:
                out.append(href)
            it += 1
        block = block.next()
    return out


def test_a_hostile_json_file_is_shown_as_text_and_its_links_do_not_open(
    qtbot, window, tmp_path, monkeypatch, watch
):
    listed = import_through_the_menu(qtbot, window, monkeypatch, hostile_json(tmp_path / "hostile.json"))
    assert (
        "hostile.json",
        "tracks[0] (line 4)",
        "color",
        f"The colour “{BAD_COLORS[0]}” is not of the form #rrggbb; the lane gets a colour of the palette instead.",
    ) in listed, listed
    assert sum(row[2] == "color" for row in listed) == len(BAD_COLORS), "each bad colour is reported once"

    tip = click_table_row(qtbot, window, "hostile-1")
    assert IMG in window.detail.text(), "the title is shown as the text it is"
    assert rich_text_faults(tip, "table tooltip") == []
    doc = QTextDocument()
    doc.setHtml(tip) if QtGui.Qt.mightBeRichText(tip) else doc.setPlainText(tip)
    assert IMG in doc.toPlainText(), "the tooltip reads as the title"

    tip = click_timeline_mark(qtbot, window, "hostile-2")
    assert window.detail.text().startswith(IMG)
    assert tip and rich_text_faults(tip, "timeline tooltip") == []

    # back to the first event: its sources hold every dangerous scheme, as links and inside citations
    click_table_row(qtbot, window, "hostile-1")
    browser = window.detail.browser
    assert all(QUrl(h).scheme() in ("http", "https", "mailto") for h in anchors(browser)), anchors(browser)
    for url in BAD_URLS[:4]:
        click_text(qtbot, browser, url)
    assert watch["opened"] == [], "a dangerous address is text: clicking it opens nothing"
    click_link(qtbot, browser, GOOD_URL)
    assert watch["opened"] == [QUrl(GOOD_URL).toString()]

    # the note's Markdown links: the dangerous ones are text, the https one opens
    notes = window.annotations.panel.notes.view
    window.docks["detailDock"].show()
    qtbot.waitUntil(lambda: "click me" in notes.toPlainText())
    assert all(
        QUrl(h).scheme() in ("http", "https", "mailto", "note-edit", "note-delete") for h in anchors(notes)
    )
    for text in ("click me", "local file", "raw"):
        click_text(qtbot, notes, text)
    assert watch["opened"] == [QUrl(GOOD_URL).toString()]
    click_text(qtbot, notes, "the good one")
    assert watch["opened"][-1] == "https://example.org/note"

    # the lane header of the hostile lane, under the pointer
    tl = window.timeline
    header = tl.header
    slot = next(i for i, lane in enumerate(header._lanes) if lane[1].startswith("Lane <img"))
    centre = tl.mapFromScene(header.mapToScene(header.slot_rect(slot).center()))
    qtbot.mouseMove(tl.viewport(), centre)
    qtbot.waitUntil(lambda: header.toolTip() != "")
    assert rich_text_faults(header.toolTip(), "lane header tooltip") == []
    assert rich_text_faults(hover(tl.viewport(), centre), "lane header tooltip shown") == []

    # the search list draws titles and snippets as rich text
    type_query(qtbot, window, "passwd")
    results = window.search.results.list
    model = results.model()
    assert model.rowCount() >= 2
    for r in range(model.rowCount()):
        for role in (TITLE_HTML_ROLE, SNIPPET_HTML_ROLE):
            assert rich_text_faults(model.index(r, 0).data(role), f"search hit {r}", rich=True) == []
    results.viewport().grab()  # the delegate lays the rich text out as it paints

    faults = widget_faults(window)
    assert faults == [], "\n".join(faults)
    assert watch["loaded"] == [], "no text asked for any resource"
    assert all(QUrl(u).scheme() in ("http", "https", "mailto") for u in watch["opened"])


@pytest.mark.parametrize("make", [hostile_csv, hostile_timelinejs], ids=["csv", "timelinejs"])
def test_hostile_csv_and_timelinejs_files_are_shown_as_text(
    qtbot, window, tmp_path, monkeypatch, watch, make
):
    suffix = ".csv" if make is hostile_csv else ".json"
    before = set(window.session.columns.ids.tolist())
    # the file's name hides HTML too: it is quoted by the dialog, the progress and the status bar
    import_through_the_menu(qtbot, window, monkeypatch, make(tmp_path / f"<img src=x.png>{suffix}"))
    new = sorted(set(window.session.columns.ids.tolist()) - before)
    assert new
    click_table_row(qtbot, window, new[0])
    browser = window.detail.browser
    assert "<img src=file:///etc/passwd>" in browser.toPlainText(), "the HTML is shown as the text it is"
    assert all(QUrl(h).scheme() in ("http", "https", "mailto") for h in anchors(browser)), anchors(browser)
    if make is hostile_csv:  # its sources carry the dangerous links; TimelineJS keeps only http(s) media
        for url in BAD_URLS[:4]:
            click_text(qtbot, browser, url)
    faults = widget_faults(window)
    assert faults == [], "\n".join(faults)
    assert watch["opened"] == [] and watch["loaded"] == []


def test_a_hostile_colour_already_in_the_workspace_is_not_written_into_the_detail_html(qtbot, db_path, watch):
    from window_helpers import show_main_window

    from explorer.app import MainWindow

    bad = "red'><img src='file:///etc/passwd'>"
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE tracks SET color = ?, name = ?", [bad, "<img src=file:///etc/passwd>"])
        conn.execute("UPDATE meta SET value = 'javascript:alert(1)' WHERE key = 'paper_url'")
    window = show_main_window(qtbot, MainWindow(db_path))
    first = str(window.session.columns.ids[0])
    click_table_row(qtbot, window, first)
    html = window.detail.browser.toHtml()
    assert rich_text_faults(html, "detail", rich=True) == []
    assert "red'" not in html, "the stored colour is not written into the page"
    assert "&lt;img src=file:///etc/passwd&gt;" in html, "the lane name is shown as text"
    faults = widget_faults(window)
    assert faults == [], "\n".join(faults)
    assert watch["loaded"] == []


def test_a_view_file_with_html_in_its_names_is_shown_as_text(qtbot, window, tmp_path, monkeypatch, watch):
    import json

    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "theirs.view.json"
    state = {"filter": {"tag": [IMG]}, "lanes": ["security", IMG], "selection": [IMG]}
    path.write_text(
        json.dumps({"format": "neutrality-explorer/view@1", "name": f"View {IMG}", "state": state})
    )
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    window.menu_actions["open_view"].trigger()
    assert len(shown) == 1, "the missing parts are listed in one warning"
    assert rich_text_faults(shown[0], "view warning") == []
    doc = QTextDocument()
    doc.setHtml(shown[0])
    assert f"View {IMG}" in doc.toPlainText(), "the warning names the view as written"
    window.docks["viewsDock"].show()
    window.docks["viewsDock"].raise_()
    faults = widget_faults(window)
    assert faults == [], "\n".join(faults)
    assert watch["loaded"] == [] and watch["opened"] == []

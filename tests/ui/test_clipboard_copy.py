"""Edit > Copy as Markdown and Copy as Tab-Separated put the selected events on the clipboard."""

from __future__ import annotations

from export_helpers import rubber_band
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from explorer.formats.text import escape_markdown


def test_copy_as_markdown_gives_markdown_and_plain_text_with_the_titles(qtbot, window):
    chosen = rubber_band(qtbot, window)
    QGuiApplication.clipboard().clear()
    window.menu_actions["copy_markdown"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat("text/markdown")
    markdown = bytes(mime.data("text/markdown")).decode("utf-8")
    assert mime.text() == markdown
    bullets = [line for line in markdown.splitlines() if line.startswith("- **")]
    assert len(bullets) == len(chosen)
    for eid in chosen:
        assert escape_markdown(window.session.events.get(eid).title) in markdown
    assert f"Copied {len(chosen)} events as Markdown" in window.statusBar().currentMessage()


def test_copy_as_tab_separated_gives_one_row_per_selected_event(qtbot, window):
    chosen = rubber_band(qtbot, window)
    window.menu_actions["copy_tsv"].trigger()
    text = QGuiApplication.clipboard().text()
    header, *rows = text.rstrip("\n").split("\n")
    columns = header.split("\t")
    assert columns[:2] == ["id", "title"]
    cells = [dict(zip(columns, r.split("\t"), strict=True)) for r in rows]
    assert sorted(c["id"] for c in cells) == sorted(chosen)
    assert {c["title"] for c in cells} == {window.session.events.get(e).title for e in chosen}


def test_copy_actions_wait_for_a_selection(qtbot, window):
    window.session.clear_selection()
    assert not window.menu_actions["copy_markdown"].isEnabled()
    assert not window.menu_actions["copy_tsv"].isEnabled()
    window.select_events([str(window.session.columns.ids[0])])
    assert window.menu_actions["copy_markdown"].isEnabled()


def test_ctrl_c_copies_the_same_rows_as_copy_as_tab_separated(qtbot, window):
    chosen = rubber_band(qtbot, window)
    window.menu_actions["copy_tsv"].trigger()
    from_menu = QGuiApplication.clipboard().text()
    QGuiApplication.clipboard().clear()
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()), timeout=2000)
    assert QGuiApplication.clipboard().text() == from_menu
    assert len(from_menu.rstrip("\n").split("\n")) == 1 + len(chosen)  # a header, then one row each

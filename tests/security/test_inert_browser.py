"""The text browsers that show imported text load nothing, even when an <img> or a style sheet link
reaches them: not by URL, not by a name relative to the working folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from explorer.ui.links import InertTextBrowser


@pytest.fixture
def secret_picture(tmp_path, monkeypatch):
    """An 8x8 red PNG in the working folder: (its file: URL, its bare name)."""
    picture = tmp_path / "secret.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    assert image.save(str(picture))
    monkeypatch.chdir(tmp_path)
    return QUrl.fromLocalFile(str(picture)).toString(), "secret.png"


def shown(qtbot, kind, html: str) -> QTextBrowser:
    browser = kind()
    qtbot.addWidget(browser)
    browser.setHtml(html)
    browser.show()
    qtbot.waitExposed(browser)
    browser.document().size()  # laid out: images are asked for now
    return browser


@pytest.mark.parametrize(("kind", "loads"), [(QTextBrowser, True), (InertTextBrowser, False)])
@pytest.mark.parametrize("which", [0, 1], ids=["file-url", "relative-name"])
def test_an_image_in_the_html_is_read_only_by_a_plain_text_browser(qtbot, secret_picture, kind, loads, which):
    src = secret_picture[which]
    browser = shown(qtbot, kind, f"<p>before <img src='{src}'> after</p>")
    found = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
    read = isinstance(found, QImage | QPixmap) and found.size() == QSize(8, 8)
    assert read is loads, found


@pytest.mark.parametrize(("kind", "loads"), [(QTextBrowser, True), (InertTextBrowser, False)])
def test_a_style_sheet_link_is_read_only_by_a_plain_text_browser(qtbot, tmp_path, kind, loads):
    sheet = tmp_path / "red.css"
    sheet.write_text("p { color: #ff0000; }")
    url = QUrl.fromLocalFile(str(sheet)).toString()
    browser = shown(
        qtbot,
        kind,
        f"<html><head><link rel='stylesheet' type='text/css' href='{url}'></head><p>hello</p></html>",
    )
    cursor = QTextCursor(browser.document())
    cursor.setPosition(2)
    assert (cursor.charFormat().foreground().color().name() == "#ff0000") is loads


def test_the_detail_panel_and_the_notes_view_are_inert_browsers(qtbot):
    from explorer.ui.annotations.notes_box import NotesView
    from explorer.ui.panels import detail_panel

    assert detail_panel.InertTextBrowser is InertTextBrowser
    view = NotesView()
    qtbot.addWidget(view)
    assert isinstance(view, InertTextBrowser)
    assert not view.openLinks() and not view.openExternalLinks()

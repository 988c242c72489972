"""One link policy for every place that opens a URL: http, https and mailto are opened, everything else is
refused with a sentence; a link the system cannot open is said so too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QToolTip

from explorer.formats.text import link_html, safe_link
from explorer.ui.links import open_link

CASES = [
    ("https://example.org/a?b=1&c=2#d", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/Upper", True),
    ("mailto:someone@example.org", True),
    ("https://treaties.un.org/doc/Volume 456/x.pdf", True),  # the corpus has spaces in real links
    ("  https://example.org/padded  ", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("file:///etc/passwd", False),
    ("FILE:///C:/Windows/win.ini", False),
    ("smb://attacker.example/share", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False),
    ("ftp://example.org/file", False),
    ("//evil.example/protocol-relative", False),
    ("relative/path.html", False),
    ("https:///no-host", False),
    ("https:no-slashes", False),
    ("http://[bad-ipv6/", False),
    ("java\tscript:alert(1)", False),
    ("https://example.org/\x00nul", False),
    ("https://example.org\\@evil.example/", False),
    ("mailto:", False),
    ("", False),
]


@pytest.mark.parametrize(("url", "allowed"), CASES, ids=[repr(u)[:40] for u, _ in CASES])
def test_only_http_https_and_mailto_are_linked_and_opened(qtbot, monkeypatch, url, allowed):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: opened.append(QUrl(u).toString()) or True)
    window = QMainWindow()
    qtbot.addWidget(window)
    assert (safe_link(url) is not None) is allowed
    assert ("<a href=" in link_html(url)) is allowed, "a refused URL is never written as a link"
    assert open_link(window, url) is allowed
    assert len(opened) == int(allowed)
    if allowed:
        assert QUrl(opened[0]).scheme() in ("http", "https", "mailto")
        assert window.statusBar().currentMessage() == ""
    else:
        assert "was not opened" in window.statusBar().currentMessage()


def test_a_link_no_program_can_open_is_said_in_a_sentence(qtbot, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: False)
    window = QMainWindow()
    qtbot.addWidget(window)
    assert open_link(window, QUrl("https://example.org/x")) is False
    assert window.statusBar().currentMessage() == (
        "No browser or mail program could open the link “https://example.org/x”."
    )


def test_a_refusal_outside_a_main_window_is_a_tooltip_that_shows_the_link_as_text(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: pytest.fail("nothing may be opened"))
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert open_link(w, "file:///etc/<b>passwd</b>") is False
    assert QToolTip.isVisible()
    assert "&lt;b&gt;passwd" in QToolTip.text(), "the refused address is escaped, not rendered"


def test_the_about_dialog_shows_a_dangerous_paper_link_as_text(qtbot, monkeypatch):
    from explorer.ui.dialogs.about import AboutDialog

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: pytest.fail("nothing may be opened"))
    dialog = AboutDialog({"paper_url": "javascript:alert(1)", "paper_title": "<img src=file:///etc/passwd>"})
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    assert "javascript:alert(1)" in text and "href" not in text
    assert "<img" not in text and "&lt;img" in text
    assert not dialog.label.openExternalLinks()
    good = AboutDialog({"paper_url": "https://example.org/paper"})
    qtbot.addWidget(good)
    assert '<a href="https://example.org/paper">' in good.label.text()

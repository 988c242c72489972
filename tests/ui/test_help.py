"""Help: the shortcuts window lists exactly the window's actions that have keys; the guide renders its
Markdown; How to Cite copies both citations."""

from __future__ import annotations

from pathlib import Path

from annotation_gui import show_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from explorer.ui.help import CiteDialog, GuideDialog, ShortcutsDialog, guide_path


def _shown(qtbot, cls: type):
    """The visible top-level window of a class, once it is shown."""

    def find() -> list:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(find()), timeout=3000)
    return find()[0]


def test_shortcuts_window_lists_every_action_with_keys(qtbot, db_path: Path) -> None:
    win = show_window(qtbot, db_path)
    qtbot.keyClick(win.timeline, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, ShortcutsDialog)
    listed = dialog.listed()
    # Undo and Redo carry the last change in their text; the window lists them by role
    expected = {
        (
            {"undo": "Undo", "redo": "Redo"}.get(a.objectName(), a.text().replace("&", "")),
            a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
        )
        for a in win.findChildren(QAction)
        if not a.shortcut().isEmpty()
    }
    shown = {(text, keys.split(", ")[0]) for _menu, text, keys in listed}
    assert shown == expected and len(listed) == len(expected) > 15
    menus = {m for m, _t, _k in listed}
    assert {"File", "Edit", "View", "Help"} <= menus
    assert ("Edit", "Tag Selected Events…", "Ctrl+Shift+T") in listed
    assert ("Help", "Keyboard Shortcuts", "Ctrl+/") in listed
    assert ("Edit", "Undo", "Ctrl+Z") in listed
    # a new action with keys shows up the next time: the list is read from the window, not kept
    extra = QAction("Brand New Thing", win)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    assert ("Window", "Brand New Thing", "Ctrl+Alt+J") in ShortcutsDialog(win).listed()


def test_guide_renders_the_markdown_file(qtbot, db_path: Path) -> None:
    win = show_window(qtbot, db_path)
    win.help.actions["guide"].trigger()
    dialog = _shown(qtbot, GuideDialog)
    text = dialog.browser.toPlainText()
    headings = [
        line[3:] for line in guide_path().read_text(encoding="utf-8").splitlines() if line.startswith("## ")
    ]
    assert headings == [
        "What the marks mean",
        "How dates are shown",
        "Selecting and editing many events",
        "How to compare",
        "How to share",
        "Keys",
    ]
    for heading in headings:
        assert heading in text
    assert "**" not in text and "A band" in text  # rendered, not shown as Markdown source
    assert "Each event sits on the lane" in text  # a paragraph is not broken where the file wraps


def test_how_to_cite_copies_the_paper_and_the_app(qtbot, db_path: Path) -> None:
    win = show_window(qtbot, db_path)
    win.help.actions["cite"].trigger()
    dialog = _shown(qtbot, CiteDialog)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert (
        "Bohdan, Siarhei, and Gumer Isaev. 2016. Elements of Neutrality in Belarusian Foreign Policy"
        in copied
    )
    assert (
        "Analytical Paper 7. Ostrogorski Centre. http://belarusdigest.com/papers/belarusneutrality.pdf."
        in copied
    )
    assert "Neutrality Explorer, version" in copied
    assert dialog.copy_button.text() == "Copied"

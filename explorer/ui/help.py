"""Help > Keyboard Shortcuts, Help > Guide and Help > How to Cite.

The shortcuts window is generated from the window's live QActions (every action with a shortcut,
grouped by the menu that holds it), so it cannot go stale. The guide is resources/guide.md
rendered by the notes' safe Markdown renderer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer import __version__
from explorer.resources import resource
from explorer.ui.actions import Actions
from explorer.ui.links import open_link

if TYPE_CHECKING:
    from explorer.state import Session

#: The Help menu's actions (defined in explorer.ui.actions).
HELP_ACTIONS = ("guide", "shortcuts", "cite")
#: Actions outside any menu are listed under this heading.
OTHER = "Window"
#: Actions whose text changes as the app runs ("Undo Tag 40 events …"), by objectName: listed by role.
STABLE_TEXT = {"undo": "Undo", "redo": "Redo"}


@dataclass(frozen=True)
class ShortcutRow:
    """One action with its keys, under the menu path that holds it."""

    menu: str
    text: str
    keys: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("\t", " ").strip()


def _walk(menu: QMenu, path: str, found: dict[QAction, str]) -> None:
    for act in menu.actions():
        sub = act.menu()
        if isinstance(sub, QMenu):
            _walk(sub, f"{path} › {_plain(sub.title())}", found)
        elif not act.isSeparator():
            found.setdefault(act, path)


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every QAction of the window with a shortcut, with its menu path, in menu order (others last)."""
    where: dict[QAction, str] = {}
    for act in window.menuBar().actions():
        sub = act.menu()
        if isinstance(sub, QMenu):
            _walk(sub, _plain(sub.title()), where)
    others = [a for a in window.findChildren(QAction) if a not in where]
    rows = []
    for act in [*where, *others]:
        keys = [k for k in act.shortcuts() if not k.isEmpty()]
        if not keys:
            continue
        rows.append(
            ShortcutRow(
                where.get(act, OTHER),
                STABLE_TEXT.get(act.objectName(), _plain(act.text())),
                ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys),
            )
        )
    return rows


class ShortcutsDialog(QDialog):
    """A tree: one branch per menu, one row per action with its keys."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutsTree")
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setAccessibleName("Keyboard shortcuts by menu")
        branches: dict[str, QTreeWidgetItem] = {}
        for row in shortcut_rows(window):
            branch = branches.get(row.menu)
            if branch is None:
                branch = branches[row.menu] = QTreeWidgetItem(self.tree, [row.menu])
                branch.setFirstColumnSpanned(True)
            QTreeWidgetItem(branch, [row.text, row.keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def listed(self) -> list[tuple[str, str, str]]:
        """What the tree shows: (menu, command, keys) per row."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            branch = self.tree.topLevelItem(i)
            assert branch is not None  # (i is below the count)
            for j in range(branch.childCount()):
                child = branch.child(j)
                assert child is not None
                out.append((branch.text(0), child.text(0), child.text(1)))
        return out


def guide_path() -> Path:
    """resources/guide.md: the installed copy, else the source checkout's."""
    installed = resource("guide.md")
    if installed.exists():
        return installed
    return Path(__file__).resolve().parents[2] / "resources" / "guide.md"


class GuideDialog(QDialog):
    """The guide, rendered from Markdown; links open through the app's one link policy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("Guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: open_link(self, url.toString()))
        try:
            text = guide_path().read_text(encoding="utf-8")
        except OSError as exc:
            text = f"The guide could not be read ({exc.strerror or exc})."
        from explorer.formats.note_markdown import render_markdown  # (the Markdown library: on first use)

        self.browser.setHtml(render_markdown(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 620)


def paper_citation(meta: dict[str, str]) -> str:
    """The paper as a reference in author-date style, from the database's meta table."""
    try:
        names = [str(n) for n in json.loads(meta.get("paper_authors", "[]"))]
    except ValueError:
        names = [meta.get("paper_authors", "")]
    # "Siarhei Bohdan" -> "Bohdan, Siarhei" for the first author, as author-date styles do
    if names and " " in names[0]:
        first, _, last = names[0].rpartition(" ")
        names[0] = f"{last}, {first}"
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (f", and {names[-1]}" if names else "")
    year = (meta.get("paper_published") or "n.d.")[:4]
    title = meta.get("paper_title") or "Untitled"
    tail = ". ".join(
        x for x in (meta.get("paper_series"), meta.get("paper_publisher"), meta.get("paper_url")) if x
    )
    return f"{authors}. {year}. {title}. {tail}."


def app_citation(meta: dict[str, str]) -> str:
    """The app (and the corpus version it shows) as a software reference."""
    corpus = meta.get("corpus_version")
    data = f" Corpus version {corpus}." if corpus else ""
    return f"Neutrality Explorer developers. Neutrality Explorer, version {__version__} [software].{data}"


class CiteDialog(QDialog):
    """The two citations as plain, selectable text with a Copy button."""

    def __init__(self, meta: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("citeDialog")
        self.setWindowTitle("How to Cite")
        self.text = QPlainTextEdit()
        self.text.setObjectName("citationText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Citations")
        self.text.setPlainText(
            f"The paper the events come from:\n{paper_citation(meta)}\n\nThis app:\n{app_citation(meta)}\n"
        )
        intro = QLabel(
            "Please cite the paper when you use the data; cite the app too when you use its views."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("copyCitation")
        self.copy_button.setAccessibleDescription("Copy both citations to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(600, 300)

    def copy(self) -> None:
        """Put both citations on the clipboard."""
        QGuiApplication.clipboard().setText(self.text.toPlainText().strip())
        self.copy_button.setText("Copied")


class HelpTools:
    """The Help menu's guide, shortcuts and citation actions of one window."""

    def __init__(self, session: Session, actions: Actions, window: QMainWindow) -> None:
        self.session = session
        self.window = window
        self.actions = {name: actions[name] for name in HELP_ACTIONS}
        self.actions["guide"].triggered.connect(self.show_guide)
        self.actions["shortcuts"].triggered.connect(self.show_shortcuts)
        self.actions["cite"].triggered.connect(self.show_cite)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_guide(self) -> QDialog:
        """Open the guide (not modal: it can stay open beside the window)."""
        return self._open(GuideDialog(self.window))

    def show_shortcuts(self) -> QDialog:
        """Open the shortcuts window, built from the actions as they are now."""
        return self._open(ShortcutsDialog(self.window))

    def show_cite(self) -> QDialog:
        """Open How to Cite."""
        return self._open(CiteDialog(self.session.events.meta(), self.window))

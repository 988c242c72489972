"""The Periods dock: the user's named time ranges; double-click zooms to one, the menu edits or removes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.formats.text import literal_html
from explorer.model import Period, describe, parse_date
from explorer.model.dates import OPEN_HI
from explorer.state import Session
from explorer.store import StoreError
from explorer.ui.annotations.feedback import report
from explorer.ui.annotations.links_box import _dot
from explorer.ui.annotations.period_dialog import PeriodDialog

PERIOD_ROLE = Qt.ItemDataRole.UserRole
DayRange = tuple[float, float]


class PeriodsPanel(QWidget):
    """A list of periods with New / Edit / Remove; dialogs open window-modal without blocking."""

    zoomRequested = Signal(float, float)

    def __init__(
        self, session: Session, default_range: Callable[[], DayRange], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("periodsPanel")
        self.session = session
        self._default_range = default_range
        self.tree = QTreeWidget()
        self.tree.setObjectName("periodList")
        self.tree.setAccessibleName("Periods")
        self.tree.setHeaderLabels(["Period", "When", "Note"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 280)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self.new_button = QPushButton("New from View…")
        self.new_button.setObjectName("newPeriodButton")
        self.new_button.setToolTip("Save the visible time range (or the last Shift-drag range) as a period")
        self.new_button.clicked.connect(self.new_period)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editPeriodButton")
        self.edit_button.clicked.connect(lambda: self.edit_period(self.current()))
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removePeriodButton")
        self.remove_button.clicked.connect(lambda: self.remove_period(self.current()))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        session.periodsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the periods."""
        current = self.current()
        keep = current.id if current is not None else None
        self.tree.clear()
        for period in self.session.annotations.periods():
            item = QTreeWidgetItem([period.name, describe(period.date), " ".join(period.note.split())])
            item.setIcon(0, _dot(QColor(period.color), 12))
            item.setData(0, PERIOD_ROLE, period)
            item.setToolTip(0, literal_html(f"{period.name}: {period.date}"))
            item.setToolTip(2, literal_html(period.note))
            self.tree.addTopLevelItem(item)
            if period.id == keep:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def periods(self) -> list[Period]:
        """The listed periods, in order."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.data(0, PERIOD_ROLE) for item in items if item is not None]

    def current(self) -> Period | None:
        """The selected period."""
        item = self.tree.currentItem()
        return item.data(0, PERIOD_ROLE) if item is not None else None

    def _update_buttons(self, *args: object) -> None:
        editable = not self.session.readonly
        self.new_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and self.current() is not None)
        self.remove_button.setEnabled(editable and self.current() is not None)

    # --- actions ---------------------------------------------------------------------------------------
    def new_period(self) -> PeriodDialog:
        """Open the dialog for a new period over the default range."""
        dialog = PeriodDialog(self.session, self.window(), days=self._default_range())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_period(self, period: Period | None) -> PeriodDialog | None:
        """Open the dialog for an existing period."""
        if period is None or self.session.readonly:
            return None
        dialog = PeriodDialog(self.session, self.window(), period=period)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def remove_period(self, period: Period | None) -> None:
        """Remove a period (undoable)."""
        if period is None or period.id is None:
            return
        try:
            self.session.annotations.delete_period(period.id)
        except StoreError as exc:
            report(self, exc)

    def zoom_to(self, period: Period) -> None:
        """Ask the timeline to show a period with a little room on both sides."""
        f = parse_date(period.date)
        lo, hi = float(f.lo), float(min(f.hi, OPEN_HI - 1) + 1)
        if f.hi >= OPEN_HI:
            hi = max(lo + 365.0, self._default_range()[1])
        pad = max((hi - lo) * 0.06, 5.0)
        self.zoomRequested.emit(lo - pad, hi + pad)

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.zoom_to(item.data(0, PERIOD_ROLE))

    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        menu = QMenu(self)
        if item is not None:
            period = item.data(0, PERIOD_ROLE)
            menu.addAction("Zoom to Period", lambda: self.zoom_to(period))
            edit = menu.addAction("Edit Period…", lambda: self.edit_period(period))
            remove = menu.addAction("Remove Period", lambda: self.remove_period(period))
            edit.setEnabled(not self.session.readonly)
            remove.setEnabled(not self.session.readonly)
            menu.addSeparator()
        new = menu.addAction("New Period from View…", self.new_period)
        new.setEnabled(not self.session.readonly)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

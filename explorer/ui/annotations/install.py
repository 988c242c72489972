"""Annotations in the main window: the detail panel's section, the Periods dock, timeline overlays,
the Tags column's chips, Edit > Undo / Redo and the annotate actions, and the timeline's context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget

from explorer.store import StoreError
from explorer.store.columns import OPEN_END
from explorer.timeline.annotation_overlays import LinkCurves, PeriodBands
from explorer.timeline.view import Z_LINKS, Z_PERIODS, TimelineView
from explorer.ui.actions import Actions
from explorer.ui.annotations.feedback import report
from explorer.ui.annotations.panel import AnnotationPanel
from explorer.ui.annotations.tag_delegate import TagChipDelegate
from explorer.ui.annotations.undo_actions import UndoActions
from explorer.ui.docks import Area, Docks

if TYPE_CHECKING:
    from explorer.state import Session
    from explorer.ui.annotations.period_dialog import PeriodDialog
    from explorer.ui.annotations.periods_panel import DayRange, PeriodsPanel
    from explorer.ui.panels.detail_panel import DetailPanel
    from explorer.ui.panels.event_table import EventTable

Key = QKeySequence.StandardKey

#: The annotate actions (defined in explorer.ui.actions) this feature enables and connects.
ANNOTATE_ACTIONS = ("add_note", "toggle_flag", "link_event", "new_period")
PERIODS_DOCK = "periodsDock"


class AnnotationTools(QObject):
    """Everything annotations add to one window, kept together so the window only wires."""

    def __init__(
        self,
        session: Session,
        actions: Actions,
        docks: Docks,
        timeline: TimelineView,
        detail: DetailPanel,
        table: EventTable,
        status: QStatusBar,
        first_start: bool,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationTools")
        self.parent_widget = parent
        self.session = s = session
        self.timeline = tl = timeline
        self.docks = docks
        self._spent_band: tuple[float, float] | None = None
        self.stack = s.annotations.undo_stack
        # the detail panel's annotation section, below the paper's text
        self.panel = AnnotationPanel(s)
        self.splitter = detail.add_section_below(self.panel, "annotationSplitter")
        self.panel.navigateRequested.connect(self._on_panel_navigate_requested)
        # timeline overlays
        self.bands = PeriodBands(tl)
        self.curves = LinkCurves(tl)
        tl.add_overlay(self.bands, Z_PERIODS)
        tl.add_overlay(self.bands.labels, Z_LINKS - 1)
        tl.add_overlay(self.curves, Z_LINKS)
        s.periodsChanged.connect(self._on_session_periods_changed)
        s.linksChanged.connect(self._on_session_links_changed)
        s.eventsChanged.connect(self._on_session_links_changed)
        self._on_session_periods_changed()
        self._on_session_links_changed()
        # the Periods dock, behind the event table (its list is made when the dock is first seen)
        docks.add_built_when_seen(
            PERIODS_DOCK, "Periods", self._build_periods, Area.BottomDockWidgetArea, "tableDock"
        )
        if first_start:
            # the event table's tab in front (raise_ only takes once the window is shown)
            QTimer.singleShot(0, self, docks["tableDock"].raise_)
        table.show_tags_with(TagChipDelegate(table))
        self._build_actions(actions)
        tl.viewport().installEventFilter(self)
        tl.rangeChanged.connect(self._on_timeline_range_changed)
        if s.readonly:
            label = QLabel("Read-only")
            label.setObjectName("readOnlyStatus")
            label.setToolTip("This database cannot be written: annotations cannot be changed.")
            label.setStyleSheet("QLabel { color: #8a6d00; font-weight: bold; padding: 0 8px; }")
            status.addPermanentWidget(label)
        s.currentChanged.connect(self._update_actions)
        self._update_actions()

    # --- building ----------------------------------------------------------------------------------
    def _build_periods(self) -> PeriodsPanel:
        from explorer.ui.annotations.periods_panel import PeriodsPanel

        panel = PeriodsPanel(self.session, self.default_range)
        panel.zoomRequested.connect(self.timeline.zoom_to)
        return panel

    @property
    def periods(self) -> PeriodsPanel:
        """The Periods dock's list (built on first use)."""
        from explorer.ui.annotations.periods_panel import PeriodsPanel

        panel = self.docks.content(PERIODS_DOCK)
        assert isinstance(panel, PeriodsPanel)
        return panel

    def _build_actions(self, actions: Actions) -> None:
        # Edit > Undo and Redo follow the annotations' undo stack: enabled when it can, named by its step
        undo, redo = actions["undo"], actions["redo"]
        self._undo_actions = UndoActions(self.stack, undo, redo)
        for act in (undo, redo):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action, self.redo_action = undo, redo
        self.actions: dict[str, QAction] = {name: actions[name] for name in ANNOTATE_ACTIONS}
        self.actions["add_note"].triggered.connect(self.focus_note_editor)
        self.actions["toggle_flag"].triggered.connect(self.toggle_flag)
        self.actions["link_event"].triggered.connect(self.panel.open_link_dialog)
        self.actions["new_period"].triggered.connect(lambda: self.new_period())

    def _update_actions(self, *args: object) -> None:
        editable = not self.session.readonly
        has_event = bool(self.session.current())
        for name, act in self.actions.items():
            act.setEnabled(editable and (has_event or name == "new_period"))

    # --- commands ----------------------------------------------------------------------------------
    def default_range(self) -> DayRange:
        """The last Shift-drag range when it is in view, else the selected events' dates, else the visible range."""
        band = self._band()
        selected = self.selection_range()
        return band or selected or self.timeline.visible_range()

    def view_range(self) -> DayRange:
        """The last Shift-drag range when it is in view, else the visible range."""
        return self._band() or self.timeline.visible_range()

    def _band(self) -> DayRange | None:
        d0, d1 = self.timeline.visible_range()
        band = self.timeline.last_band
        if band == self._spent_band:
            return None
        if band is not None and band[1] > d0 and band[0] < d1 and band[1] - band[0] >= 1:
            return float(band[0]), float(band[1])
        return None

    def selection_range(self) -> DayRange | None:
        """From the first possible day of the selected events to the last (None without a selection)."""
        cols = self.session.columns
        # the selection's row mask, no id looked up; an undated record has no days to span
        rows = np.flatnonzero(self.session.selected_mask() & cols.dated)
        if not len(rows):
            return None
        # an open end counts to its known start, not to the fade the timeline draws after it
        last = np.where(cols.flags[rows] & OPEN_END, cols.start_max[rows], cols.hi[rows])
        return float(cols.lo[rows].min()), float(last.max()) + 1.0

    def new_period(self, days: DayRange | None = None) -> PeriodDialog | None:
        """Open the New Period dialog (window-modal, not blocking) over a day range."""
        if self.session.readonly:
            return None
        from explorer.ui.annotations.period_dialog import PeriodDialog

        dialog = PeriodDialog(self.session, self.parent_widget, days=days or self.default_range())
        self._forget_band()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def focus_note_editor(self) -> None:
        """Show the details and put the cursor in the note editor."""
        self.docks.bring_forward("detailDock")
        editor = self.panel.notes.editor
        self.panel.ensureWidgetVisible(editor)
        editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_flag(self) -> None:
        """Flag the event in focus, or unflag it."""
        current = self.session.current()
        if current:
            try:
                self.session.annotations.toggle_flag(current)
            except StoreError as exc:
                report(self.parent_widget, exc)

    # --- reacting ----------------------------------------------------------------------------------
    def _on_timeline_range_changed(self, *_range: float) -> None:
        # a Shift-drag range stands for "this time" only until the view moves
        self._forget_band()

    def _forget_band(self) -> None:
        # the timeline's band stays as it is: this feature only stops using it
        self._spent_band = self.timeline.last_band

    def _on_panel_navigate_requested(self, event_id: str) -> None:
        self.session.set_selection([event_id])
        self.timeline.centre_on(event_id)

    def _on_session_periods_changed(self) -> None:
        self.bands.set_periods(self.session.annotations.periods())

    def _on_session_links_changed(self) -> None:
        self.curves.set_links(self.session.annotations.links())

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:
        """A context menu on the timeline: annotate the event under the pointer, or save a period."""
        if ev.type() == QEvent.Type.ContextMenu and isinstance(ev, QContextMenuEvent):
            pos, where = ev.pos(), ev.globalPos()
            current = self.session.current()
            if ev.reason() == QContextMenuEvent.Reason.Keyboard and current:
                # the Menu key (Shift+F10) acts on the event in focus, not on whatever is mid-view
                at = self.timeline.mark_position(current)
                if at is not None:
                    pos, where = at, self.timeline.viewport().mapToGlobal(at)
            self.context_menu(pos).popup(where)
            return True
        return super().eventFilter(watched, ev)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The timeline's context menu at a viewport position."""
        tl, s = self.timeline, self.session
        menu = QMenu(tl)
        menu.setObjectName("timelineContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editable = not s.readonly
        eid = tl.event_at(pos)
        if eid is not None:
            if eid not in s.selection():
                s.set_selection([eid])
            s.set_current(eid)
            flagged = (a := s.annotations.assessment_for(eid)) is not None and a.flagged
            for text, slot in (
                ("Add Note", self.focus_note_editor),
                ("Unflag" if flagged else "Flag", self.toggle_flag),
                ("Link to Event…", self.panel.open_link_dialog),
            ):
                menu.addAction(text, slot).setEnabled(editable)
            menu.addSeparator()
        menu.addAction("New Period from View…", lambda: self.new_period(self.view_range())).setEnabled(
            editable
        )
        cols = s.columns
        rows = np.flatnonzero(s.selected_mask() & cols.dated)  # an undated record has no days to span
        if len(rows) > 1:
            span = (float(cols.lo[rows].min()), float(cols.draw_hi[rows].max()) + 1.0)
            menu.addAction("New Period from Selection…", lambda: self.new_period(span)).setEnabled(editable)
        return menu

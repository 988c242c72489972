"""The main window and its composition root: every feature is built here, in order, with what it uses.

For tests and scripting: `MainWindow(db_path)` with `select_events(ids)`, `selected_event_ids()`,
`zoom_to(start, end)` (dates, ISO strings or day numbers), `fit_all()`, `centre_on(id)`; the
widgets are `timeline` ("timelineView"), `overview` ("overviewStrip"), `detail` ("detailPanel")
and `table` ("eventTable"). `MainWindow(db, screen_area=QRect(...))` sizes the first window for that
screen area instead of the screen's own (see explorer.ui.window_layout).

To add a feature: write a class that takes its collaborators (the session, the `Actions`, the
`Docks` host, the settings, the features it needs) in its constructor, define its menu actions in
explorer.ui.actions, and build it in `MainWindow._compose` after the features it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, QByteArray, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from explorer.paths import default_db_path
from explorer.state import Session
from explorer.timeline.backdrop import LaneHeader
from explorer.timeline.legend import LegendStrip
from explorer.timeline.overview import OverviewStrip
from explorer.timeline.undated_strip import UndatedStrip, undated_rows
from explorer.timeline.view import DayLike, TimelineView
from explorer.ui.accessibility import name_clear_buttons
from explorer.ui.actions import Actions
from explorer.ui.annotations.install import AnnotationTools
from explorer.ui.annotations.panel import BOX_MODULES
from explorer.ui.compare.install import CompareFeature
from explorer.ui.docks import Area, Docks
from explorer.ui.facets.install import FiltersFeature, SavedViewsFeature
from explorer.ui.facets.view_state import ViewParts
from explorer.ui.focus_ring import FocusRings
from explorer.ui.idle_build import build_when_imported
from explorer.ui.panels.detail_panel import DetailPanel
from explorer.ui.panels.event_table import EventTable
from explorer.ui.range_words import format_range
from explorer.ui.search.install import RESULTS_MODULES, SearchFeature
from explorer.ui.settings import make_settings, read_json, write_json
from explorer.ui.themes import ThemeMenu
from explorer.ui.window_layout import (
    apply_default_layout,
    clamp_geometry,
    first_geometry,
    next_tab_stop,
    shrink_side_docks,
)
from explorer.ui.workspace.install import WorkspaceTools

if TYPE_CHECKING:
    from explorer.ui.bulk_edit import BulkEditTools
    from explorer.ui.citing import CitationActions
    from explorer.ui.dialogs.datasets_dialog import DatasetsCommand
    from explorer.ui.exporting import ExportActions
    from explorer.ui.help import HelpTools
    from explorer.ui.later_features import LaterFeatures
    from explorer.ui.placements import PlacementTools
    from explorer.ui.printing import PrintTools
    from explorer.ui.sharing.install import ShareActions

#: The named views `show_view` brings forward (`neutrality-explorer --screenshot F --view NAME`).
VIEW_NAMES: tuple[str, ...] = ("compare", "timeline")


class MainWindow(QMainWindow):
    """One open database: timeline, overview strip, legend, detail and table docks, menus, status bar."""

    # The features, in the order `_compose` builds them (each is given what it uses, by type); those
    # only a command uses (exporting, citing, placements, bulk_edit, help, printing, sharing,
    # datasets) are built after the first paint, by explorer.ui.later_features (properties below):
    annotations: AnnotationTools  # the detail panel's notes, tags, ratings; Periods dock; overlays; undo
    workspace: WorkspaceTools  # File > New, Open, Open Recent, Save a Copy, Restore; backups; notices
    filters: FiltersFeature  # Filters dock, the status bar's summary, View > Clear Filters
    search: SearchFeature  # the search bar, Search dock, Edit > Find (uses filters.state)
    saved_views: SavedViewsFeature  # Saved Views dock, View > Save View, File > Open View (uses search)
    compare: CompareFeature  # Compare dock, View > Compare Tracks
    themes: ThemeMenu  # View > Theme
    focus_rings: FocusRings  # a ring on the flat button that has keyboard focus

    def __init__(
        self,
        db: Session | Path | str | None = None,
        *,
        settings: QSettings | None = None,
        restore: bool = True,
        persist: bool = True,
        screen_area: QRect | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = (
            db if isinstance(db, Session) else Session.open(db if db is not None else default_db_path())
        )
        self.settings = settings if settings is not None else make_settings()
        self.persist = persist
        self._screen_area = screen_area
        self._state_restored = False
        self._laid_out = False
        self._painted = False
        self._later: LaterFeatures | None = None
        self._early_commands: list[tuple[QAction, Callable[[], None]]] = []
        self.timeline = TimelineView(self.session)
        self.overview = OverviewStrip(self.session, LaneHeader.WIDTH)
        self.undated = UndatedStrip(self.session)
        self.legend = LegendStrip()
        central = QWidget()
        central.setObjectName("centralArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # records without a date share the legend's line (no height taken from the lanes): listed
        # there, never placed on the date axis
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        top.addWidget(self.legend, 1)
        top.addWidget(self.undated, 1)
        layout.addLayout(top)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.overview)
        self.setCentralWidget(central)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.menu_actions = Actions(self)
        self.menu_actions.build_menus(self.menuBar())
        menus_only = self._triggered_receivers()  # (each menu listens to its actions)
        self.docks = Docks(self, self.menu_actions)
        self.detail = DetailPanel(self.session)
        self.table = EventTable(self.session)
        self.docks.add("detailDock", "Details", self.detail, Area.RightDockWidgetArea)
        self.docks.add("tableDock", "Events", self.table, Area.BottomDockWidgetArea)
        self._build_lane_menu()
        self._build_status_bar()
        self._connect()
        self._compose()
        self._pass_early_commands_on(menus_only)
        self._order_tab_chain()
        self._default_state = self.saveState()
        self._default_shown = {name for name, dock in self.docks.items() if not dock.isHidden()}
        self.setGeometry(first_geometry(self.available_area()))
        if restore:
            self.restore_settings()
        self.overview.set_window(*self.timeline.visible_range())
        self._update_title()
        self._update_status()

    # --- the composition root ------------------------------------------------------------------
    def _compose(self) -> None:
        """Build every feature, each after those it uses, handing each exactly what it uses."""
        session, actions, docks, settings = self.session, self.menu_actions, self.docks, self.settings
        timeline, status = self.timeline, self.statusBar()
        first_start = not self.persist or settings.value("window/state") is None
        self.annotations = AnnotationTools(
            session, actions, docks, timeline, self.detail, self.table, status, first_start, parent=self
        )
        self.workspace = WorkspaceTools(session, actions, settings, self.persist, status, window=self)
        self.filters = FiltersFeature(session, actions, docks, timeline, status, parent=self)
        self.search = SearchFeature(session, actions, docks, timeline, window=self)
        self.saved_views = SavedViewsFeature(
            ViewParts(session, timeline, self.filters.state, self.search.bar),
            actions,
            docks,
            settings,
            status,
            parent=self,
        )
        self.compare = CompareFeature(session, actions, docks, timeline, status, window=self)
        self.themes = ThemeMenu(actions, settings, parent=self)
        # the left column's tabs as people know them (saved views were built after search, which they use)
        docks.order_tabs(["filterDock", "viewsDock", "searchDock"])
        # last: the features above have built every field whose buttons need a name, every flat button
        name_clear_buttons(self)
        self.focus_rings = FocusRings(self)
        # Without this Qt gives the first focus to the first button it finds (an undated record's),
        # so a keyboard user's first arrow key would not move through the events.
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def later(self) -> LaterFeatures:
        """The features only a command uses (built after the first paint, or now if asked first)."""
        if self._later is None:
            from explorer.ui.later_features import LaterFeatures

            self._later = LaterFeatures(self)
            for act, slot in self._early_commands:  # (their features answer them now)
                act.triggered.disconnect(slot)
            self._early_commands.clear()
        return self._later

    @property
    def exporting(self) -> ExportActions:
        """File > Import, Export Selection; Edit > Copy (TSV, Markdown)."""
        return self.later.exporting

    @property
    def citing(self) -> CitationActions:
        """Edit > Copy as Citation, Citation Style."""
        return self.later.citing

    @property
    def placements(self) -> PlacementTools:
        """Edit > Also on Lanes (the details' and the table's context menus too)."""
        return self.later.placements

    @property
    def bulk_edit(self) -> BulkEditTools:
        """Edit > tag, flag, rate ... the selection; the table's context menu."""
        return self.later.bulk_edit

    @property
    def help(self) -> HelpTools:
        """Help > Guide, Keyboard Shortcuts, How to Cite."""
        return self.later.help

    @property
    def printing(self) -> PrintTools:
        """File > Print, Export PDF."""
        return self.later.printing

    @property
    def sharing(self) -> ShareActions:
        """File > Share, Edit > Preferences, View > Detached Annotations, the team folder."""
        return self.later.sharing

    @property
    def datasets(self) -> DatasetsCommand:
        """File > Datasets."""
        return self.later.datasets

    def _on_first_paint_done(self) -> None:
        if not self.session.closed:
            self.later  # noqa: B018 (builds them)
            # the annotation boxes on a turn of their own, their modules read on a thread before, so
            # that the first click on an event does not build them (about 25 ms, and 20 ms of imports)
            # on top of everything else a selection updates
            build_when_imported(self, BOX_MODULES, self._prepare_boxes, "annotation-imports")

    def _prepare_boxes(self) -> None:
        self.annotations.panel.prepare()
        # then the Search dock's list, behind its tab, on a turn of its own after the boxes'
        build_when_imported(self, RESULTS_MODULES, self.search.prepare, "search-imports")

    def _triggered_receivers(self) -> dict[str, int]:
        triggered = SIGNAL("triggered(bool)")
        return {name: self.menu_actions[name].receivers(triggered) for name in self.menu_actions.names()}

    def _pass_early_commands_on(self, menus_only: dict[str, int]) -> None:
        """A menu action nothing but its menu answers yet is one of the later features': triggered
        before they are built (a script, before the first paint), it builds them and is passed on."""
        for name, count in self._triggered_receivers().items():
            if count <= menus_only[name]:
                act = self.menu_actions[name]
                slot = partial(self._on_early_command, act)
                act.triggered.connect(slot)
                self._early_commands.append((act, slot))

    def _on_early_command(self, act: QAction, *_checked: bool) -> None:
        if self._later is None and not self.session.closed:
            self.later  # noqa: B018 (builds them; their slots are connected now)
            # once more for them (this runs once: the features are built; every checkable action is
            # the window's own, answered from the start, so a second trigger toggles nothing)
            if not act.isCheckable():
                act.trigger()

    def show_view(self, name: str) -> None:
        """Bring a named view (one of VIEW_NAMES) forward."""
        if name == "compare":
            self.compare.show_compare()
        elif name == "timeline":
            self.timeline.setFocus()
        else:
            raise ValueError(f"There is no view named “{name}”.")

    def _build_lane_menu(self) -> None:
        self.lane_menu = QMenu("&Lanes", self)
        self.lane_menu.setObjectName("lanesMenu")
        self.menu_actions.add_to_section("view", "lanes", self.lane_menu)
        self._lane_actions: dict[str, QAction] = {}
        self._add_lane_actions()

    def _add_lane_actions(self) -> None:
        """A toggle in View > Lanes for each track that has none yet (an import adds tracks)."""
        for track in self.session.tracks:
            if track.id in self._lane_actions:
                continue
            act = self.lane_menu.addAction(track.name)
            act.setObjectName(f"lane_{track.id}")
            act.setCheckable(True)
            act.setStatusTip(f"Show or hide the lane “{track.name}”")
            act.toggled.connect(lambda on, tid=track.id: self.session.set_lane_hidden(tid, not on))
            self._lane_actions[track.id] = act
        self._check_lane_actions()

    def _check_lane_actions(self) -> None:
        hidden = self.session.hidden_lanes()
        for tid, act in self._lane_actions.items():
            act.blockSignals(True)
            act.setChecked(tid not in hidden)
            act.blockSignals(False)

    def _build_status_bar(self) -> None:
        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownCount")
        self.range_label = QLabel()
        self.range_label.setObjectName("visibleRange")
        # its words change with most pan steps: filled, the label is opaque, so the status bar and
        # the window behind it are not repainted with it at every step
        self.range_label.setAutoFillBackground(True)
        self.selected_label = QLabel()
        self.selected_label.setObjectName("selectedCount")
        bar = self.statusBar()
        for w in (self.selected_label, self.shown_label, self.range_label):
            w.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(w)

    def _connect(self) -> None:
        a = self.menu_actions
        s, tl = self.session, self.timeline
        a["quit"].triggered.connect(QApplication.closeAllWindows)
        a["select_all"].triggered.connect(s.select_all_shown)
        a["select_none"].triggered.connect(s.clear_selection)
        a["zoom_in"].triggered.connect(lambda: tl.zoom_by(0.5))
        a["zoom_out"].triggered.connect(lambda: tl.zoom_by(2.0))
        a["fit_all"].triggered.connect(tl.fit_all)
        a["centre_selection"].triggered.connect(self._on_centre_selection_triggered)
        a["arrange_lanes"].triggered.connect(self._on_arrange_lanes_triggered)
        a["show_legend"].toggled.connect(self.legend.setVisible)
        a["show_overview"].toggled.connect(self.overview.setVisible)
        a["reset_layout"].triggered.connect(self._on_reset_layout_triggered)
        a["full_screen"].toggled.connect(self._on_full_screen_toggled)
        a["about"].triggered.connect(self._on_about_triggered)
        a["about_qt"].triggered.connect(QApplication.aboutQt)
        tl.rangeChanged.connect(self._on_timeline_range_changed)
        tl.eventActivated.connect(self._on_timeline_event_activated)
        self.overview.windowChanged.connect(tl.zoom_to)
        self.table.eventActivated.connect(tl.centre_on)
        self.table.source_model.sortingStarted.connect(self._on_table_sorting_started)
        self.table.source_model.sortingFinished.connect(self._on_table_sorting_finished)
        s.selectionChanged.connect(self._on_session_selection_changed)
        s.filterChanged.connect(self._update_status)
        s.lanesChanged.connect(self._on_session_lanes_changed)
        s.eventsChanged.connect(self._on_session_events_changed)

    def _order_tab_chain(self) -> None:
        """Tab goes search field, timeline, event table, details (then the other panels)."""
        chain: list[QWidget] = [self.search.bar.field, self.timeline, self.table, self.detail.browser]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab skip widgets nobody can see (in a dock behind another tab)."""
        start = QApplication.focusWidget()
        target = next_tab_stop(self, start, next) if start is not None and self.isAncestorOf(start) else None
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    # --- scripting interface ---------------------------------------------------------------------
    def select_events(self, ids: list[str]) -> None:
        """Select these events everywhere (the first is shown in the detail panel)."""
        self.session.set_selection(ids)

    def selected_event_ids(self) -> list[str]:
        """The selected event ids."""
        return list(self.session.selection())

    def zoom_to(self, start: DayLike, end: DayLike) -> None:
        """Show the days from start to end on the timeline."""
        self.timeline.zoom_to(start, end)

    def fit_all(self) -> None:
        """Show the whole span."""
        self.timeline.fit_all()

    def centre_on(self, event_id: str) -> None:
        """Bring an event to the middle of the timeline."""
        self.timeline.centre_on(event_id)

    # --- settings ----------------------------------------------------------------------------------
    def save_settings(self) -> None:
        """Remember window geometry, dock layout, lanes and zoom."""
        st = self.settings
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        write_json(st, "lanes/order", self.session.lane_order())
        write_json(st, "lanes/hidden", sorted(self.session.hidden_lanes()))
        write_json(st, "timeline/range", list(self.timeline.visible_range()))
        st.setValue("timeline/database", str(self.session.path or ""))
        st.sync()

    def restore_settings(self) -> None:
        """Put back what save_settings remembered (the zoom only for the same database)."""
        st = self.settings
        geometry = st.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
            # remembered on a larger screen (or another resolution): bring it inside this one
            if not self.isMaximized() and not self.isFullScreen():
                fitted = clamp_geometry(self.geometry(), self.available_area(self.geometry().center()))
                if fitted != self.geometry():
                    self.setGeometry(fitted)
        state = st.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self._state_restored = self.restoreState(QByteArray(state))
        order = read_json(st, "lanes/order")
        if isinstance(order, list):
            self.session.set_lane_layout(order, read_json(st, "lanes/hidden", []) or [])
        rng = read_json(st, "timeline/range")
        same_db = str(st.value("timeline/database", "")) == str(self.session.path or "")
        if same_db and isinstance(rng, list) and len(rng) == 2:
            self.timeline.zoom_to(float(rng[0]), float(rng[1]))

    def available_area(self, at: QPoint | None = None) -> QRect:
        """The screen area the window may use: the `screen_area` given, else that of the screen
        holding the point `at` (a remembered place on a second monitor), else of its own screen."""
        if self._screen_area is not None:
            return QRect(self._screen_area)
        screen = (QGuiApplication.screenAt(at) if at is not None else None) or self.screen()
        screen = screen or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1600, 1000)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        """A narrower window takes room from the side docks too, not only from the lanes."""
        super().resizeEvent(ev)
        if self._laid_out and 0 < ev.size().width() < ev.oldSize().width():
            shrink_side_docks(self, self.docks)

    def showEvent(self, ev: QShowEvent) -> None:
        """On the first show without a remembered layout, size the docks for the window's size."""
        if not self._laid_out:
            self._laid_out = True
            if not self._state_restored:
                apply_default_layout(self, self.docks)
            self.docks.window_shown()
        super().showEvent(ev)

    def paintEvent(self, ev: QPaintEvent) -> None:
        """After the first paint (the docks and the central widget paint in the same pass), build
        the features only a command uses on the next turn of the event loop."""
        super().paintEvent(ev)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._on_first_paint_done)

    def closeEvent(self, ev: QCloseEvent) -> None:
        """Save settings, then close the database."""
        if self.persist:
            self.save_settings()
        super().closeEvent(ev)
        if ev.isAccepted():
            self.session.close()

    # --- slots ---------------------------------------------------------------------------------------
    def _update_title(self) -> None:
        name = self.session.path.name if self.session.path else "database"
        ro = " (read-only)" if self.session.readonly else ""
        self.setWindowTitle(f"{name}{ro} — Neutrality Explorer")

    def _update_status(self) -> None:
        shown, total = self.session.shown_count(), len(self.session.columns)
        undated = len(undated_rows(self.session))
        self.shown_label.setText(
            (f"{shown:,} of {total:,} events shown" if shown != total else f"{total:,} events shown")
            + (f" ({undated:,} undated)" if undated else "")
        )
        self.range_label.setText(format_range(*self.timeline.visible_range()))

    def _on_timeline_range_changed(self, d0: float, d1: float) -> None:
        self.overview.set_window(d0, d1)
        text = format_range(d0, d1)
        label = self.range_label
        if text != label.text():  # a pan within a day (or a month, a year) leaves the words alone
            label.setText(text)
            # a label of fixed size asks for no new layout of the status bar, which would repaint all
            # of it at every step; it only grows, so a shorter text does not move its neighbours, and
            # with room to spare, so a pan to a wider month name ("Nov" after "Dec") does not either
            hint = label.sizeHint()
            if hint.width() > label.maximumWidth() or hint.height() != label.maximumHeight():
                slack = label.fontMetrics().horizontalAdvance("MMM")
                label.setFixedSize(max(hint.width() + slack, label.minimumWidth()), hint.height())

    def _on_table_sorting_started(self, words: str) -> None:
        self._sorting_words = words
        self.statusBar().showMessage(words)

    def _on_table_sorting_finished(self) -> None:
        # (only the sort's own words: a message shown since stays)
        if self.statusBar().currentMessage() == getattr(self, "_sorting_words", None):
            self.statusBar().clearMessage()

    def _on_timeline_event_activated(self, event_id: str) -> None:
        self.docks.bring_forward("detailDock")
        self.detail.focus_details()

    def _on_session_selection_changed(self, ids: Sequence[str]) -> None:
        self.selected_label.setText(f"{len(ids):,} selected" if ids else "")

    def _on_session_lanes_changed(self) -> None:
        self._check_lane_actions()
        self._update_status()
        if self.persist:
            write_json(self.settings, "lanes/order", self.session.lane_order())
            write_json(self.settings, "lanes/hidden", sorted(self.session.hidden_lanes()))

    def _on_session_events_changed(self) -> None:
        # an import may bring new tracks: each gets its toggle
        self._add_lane_actions()
        self._on_session_lanes_changed()

    def _on_centre_selection_triggered(self) -> None:
        current = self.session.current()
        if current:
            self.timeline.centre_on(current)

    def _on_arrange_lanes_triggered(self) -> None:
        from explorer.ui.dialogs.arrange_lanes import ArrangeLanesDialog

        ArrangeLanesDialog(self.session, self).exec()

    def _on_reset_layout_triggered(self) -> None:
        self.restoreState(self._default_state)
        for name, dock in self.docks.items():
            dock.setVisible(name in self._default_shown)
        apply_default_layout(self, self.docks)

    def _on_full_screen_toggled(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_about_triggered(self) -> None:
        from explorer.ui.dialogs.about import AboutDialog

        AboutDialog(self.session.events.meta(), self).exec()

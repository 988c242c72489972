"""The open database and what the user is looking at: one Session per window, passed to every widget.

Widgets never see the database: they call the session's small typed services and subscribe to
their signals, one per kind of change (Anki's Collection with its managers is the model):

- `session.events`       one event, the columns, tracks, metadata, reload, import and export
- `session.filters`      the facet filter, applied as a row mask
- `session.search`       the query, its ranked hits and the hit in focus
- `session.views`        saved views in the database
- `session.annotations`  notes, tags, assessments, periods and links, with undo and redo
- `session.datasets`     imported datasets: list, remove, put back
- `session.sharing`      the author's name, the team folder, annotation files to and from colleagues

The session itself holds the selection, the event in focus, the filter / hit / shown masks and
the lane layout. No Qt here (see explorer.state.signal for how widgets are called).

Signals
-------
selectionChanged(list)     the selected event ids (in the order they were chosen)
currentChanged(str)        the event in focus for the detail panel ("" for none)
filterChanged()            the set of events shown by filters changed (`filter_mask`)
hitsChanged()              search hits changed (`hit_mask`; None means no search is active)
lanesChanged()             lane order or visibility changed
eventsChanged()            events were added, removed or edited (columns were reloaded)
annotationsChanged(list)   notes, tags or assessments of these event ids changed
periodsChanged()           user periods changed
linksChanged()             links between events changed
aboutToClose()             the database is about to be closed (commit what is being typed)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import sqlite_utils

from explorer.model import Track
from explorer.model.entities import PAIRED_LANES
from explorer.state.annotations import AnnotationEdits
from explorer.state.events import EventService
from explorer.state.filters import FilterState
from explorer.state.search import SearchState
from explorer.state.selected_ids import SelectedIds
from explorer.state.signal import Signal
from explorer.store import open_database
from explorer.store.columns import EventColumns
from explorer.store.db import is_writable

if TYPE_CHECKING:
    from explorer.state.datasets import DatasetService
    from explorer.state.sharing import SharingService
    from explorer.state.views import ViewService
    from explorer.store.workspace import Workspace


IdsOrMask = Iterable[str] | np.ndarray | None


class Session:
    """One open database with its services, selection, filter, search hits and lane layout."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None, readonly: bool = False) -> None:
        self.selectionChanged = Signal("selectionChanged")
        self.currentChanged = Signal("currentChanged")
        self.filterChanged = Signal("filterChanged")
        self.hitsChanged = Signal("hitsChanged")
        self.lanesChanged = Signal("lanesChanged")
        self.eventsChanged = Signal("eventsChanged")
        self.annotationsChanged = Signal("annotationsChanged")
        self.periodsChanged = Signal("periodsChanged")
        self.linksChanged = Signal("linksChanged")
        self.aboutToClose = Signal("aboutToClose")
        self._db = db
        self.path = path
        self.readonly = readonly
        self._selection: list[str] | SelectedIds = []
        self._selected_mask: np.ndarray | None = None
        self._current = ""
        self._filter: np.ndarray | None = None
        self._hits: np.ndarray | None = None
        self._shown: np.ndarray | None = None
        #: (the shown mask they were counted for, per-lane counts): see shown_lane_counts
        self._lane_counts: tuple[np.ndarray, np.ndarray] | None = None
        self._hidden: set[str] = set()
        #: The user's workspace when this session opened it (closing it backs up and unlocks).
        self.workspace: Workspace | None = None
        self._closed = False
        self.events = EventService(self, db)
        self._lane_order = default_lane_order([t.id for t in self.tracks])
        self.annotations = AnnotationEdits(self, db)
        self.filters = FilterState(self, db)
        self.search = SearchState(self, db)

    # Only commands and docks behind a tab use these three (Saved Views, File > Datasets, Share,
    # Preferences): their modules (the views' store, the share formats, the team folder, backups;
    # some 7 ms) load on first use, not with the window.
    @cached_property
    def views(self) -> ViewService:
        """Saved views in the database."""
        from explorer.state.views import ViewService

        return ViewService(self, self._db)

    @cached_property
    def datasets(self) -> DatasetService:
        """Imported datasets: list, remove, put back."""
        from explorer.state.datasets import DatasetService

        return DatasetService(self, self._db)

    @cached_property
    def sharing(self) -> SharingService:
        """The author's name, the team folder, annotation files to and from colleagues."""
        from explorer.state.sharing import SharingService

        return SharingService(self, self._db)

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> Session:
        """A session on an opened workspace (see explorer.store.workspace.start_workspace)."""
        session = cls(workspace.db, path=workspace.path, readonly=workspace.readonly)
        session.workspace = workspace
        return session

    @classmethod
    def open(cls, path: Path | str, readonly: bool | None = None) -> Session:
        """Open a database file; StoreError (one plain sentence) when it cannot be used."""
        p = Path(path)
        if readonly is None:
            from explorer.resources import bundled_db

            bundled = bundled_db()
            same = p.exists() and bundled.exists() and p.resolve() == bundled.resolve()
            readonly = same or (p.exists() and not is_writable(p))
        db = open_database(p, readonly=readonly)
        return cls(db, path=p, readonly=readonly)

    def close(self) -> None:
        """Close the database (a workspace is backed up if changed and unlocked); twice is harmless."""
        if self._closed:
            return
        self.aboutToClose.emit()
        self._closed = True
        if self.workspace is not None:
            self.workspace.close()
        else:
            self._db.conn.close()

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        return self._closed

    # --- the file ---------------------------------------------------------------------------------
    def total_changes(self) -> int:
        """Rows written through this connection since it opened (a backup is due when it grows)."""
        return int(self._db.conn.total_changes)

    def backup(self, stem: str, reason: str = "") -> Path:
        """A backup copy in the backups folder (StoreError or OSError when it cannot be written)."""
        from explorer.store.backup import backup_now

        return backup_now(self._db, stem=stem, reason=reason)

    def save_copy(self, target: Path) -> Path:
        """A complete copy of the database at target (SQLite's backup API); the path written."""
        from explorer.store.backup import save_as

        return save_as(self._db, target)

    # --- what the events service loaded -------------------------------------------------------------
    @property
    def columns(self) -> EventColumns:
        """Every event's numeric columns, in date order (see explorer.store.columns)."""
        return self.events.columns

    @property
    def tracks(self) -> list[Track]:
        """The tracks, in the database's order."""
        return self.events.tracks

    def track(self, track_id: str) -> Track | None:
        """A track by id."""
        return self.events.track(track_id)

    def _after_reload(self) -> None:
        """The events service re-read the columns: keep what still exists, drop every mask."""
        known = [t.id for t in self.tracks]
        self._lane_order = [t for t in self._lane_order if t in known] + [
            t for t in default_lane_order(known) if t not in self._lane_order
        ]
        self._filter = self._hits = self._shown = self._selected_mask = None
        self._selection = self.columns.known_ids(self._selection)
        if self._current and self.columns.index_of(self._current) is None:
            self._current = ""
        self.eventsChanged.emit()
        self.selectionChanged.emit(self.selection())

    # --- selection ------------------------------------------------------------------------------
    def selection(self) -> Sequence[str]:
        """The selected event ids (a copy, or, for a selection made by rows, an immutable sequence
        whose ids are read when first iterated)."""
        chosen = self._selection
        return chosen if isinstance(chosen, SelectedIds) else list(chosen)

    def selected_mask(self) -> np.ndarray:
        """A row mask of the selection (cached until it changes)."""
        if self._selected_mask is None:
            chosen = self._selection
            self._selected_mask = (
                chosen.mask if isinstance(chosen, SelectedIds) else self.columns.mask_of(chosen)
            )
        return self._selected_mask

    def set_selection(self, ids: Iterable[str], current: str | None = None) -> None:
        """Select exactly these events; the current event becomes `current` or the first of them."""
        self._select(self.columns.known_ids(dict.fromkeys(ids)), None, current)

    def select_rows(self, rows: np.ndarray, current: str | None = None) -> None:
        """Select the events of these column rows, in the order given (Select All Shown).

        The same as `set_selection` with their ids, without looking each id up again: for a
        million events that took two whole-column reads and a million-entry dictionary twice. Nor
        are the ids read now: views work from the row mask, and a command reads them when it
        iterates the selection (`SelectedIds`; half a second at a million events).
        """
        rows = np.asarray(rows, dtype=np.int64)
        mask = np.zeros(len(self.columns), dtype=bool)
        mask[rows] = True
        if int(mask.sum()) != len(rows):  # (a row given twice: keep its first place, as set_selection does)
            rows = rows[np.sort(np.unique(rows, return_index=True)[1])]
        mask.flags.writeable = False  # (shared by the selection's ids and every view that asks for it)
        self._select(SelectedIds(self.columns, rows.copy(), mask) if len(rows) else [], mask, current)

    def _select(self, chosen: list[str] | SelectedIds, mask: np.ndarray | None, current: str | None) -> None:
        """Make `chosen` the selection (its row mask when known, else made when asked) and focus one."""
        focus = current if current in chosen else (chosen[0] if chosen else "")
        if chosen != self._selection:
            self._selection = chosen
            self._selected_mask = mask
            self.selectionChanged.emit(self.selection())
        self.set_current(focus)

    def select_all_shown(self) -> None:
        """Select every event shown (filters and visible lanes), in date order."""
        self.select_rows(np.flatnonzero(self.shown_mask()))

    def add_to_selection(self, ids: Iterable[str]) -> None:
        """Add events to the selection (Ctrl-click); the last added becomes current."""
        added = self.columns.known_ids(ids)
        if added:
            self.set_selection(self._selection + added, current=added[-1])

    def toggle_selected(self, event_id: str) -> None:
        """Add an event to the selection, or take it out if it is there."""
        if event_id in self._selection:
            rest = [e for e in self._selection if e != event_id]
            self.set_selection(rest, current=rest[-1] if rest else None)
        else:
            self.add_to_selection([event_id])

    def clear_selection(self) -> None:
        """Select nothing."""
        self.set_selection([])

    def current(self) -> str:
        """The event in focus ("" for none)."""
        return self._current

    def set_current(self, event_id: str | None) -> None:
        """Focus one event (normally one of the selection) without changing the selection."""
        eid = event_id or ""
        if eid != self._current:
            self._current = eid
            self.currentChanged.emit(eid)

    # --- filter and search hits ---------------------------------------------------------------
    def _as_mask(self, value: IdsOrMask) -> np.ndarray | None:
        if value is None:
            return None
        if isinstance(value, np.ndarray) and value.dtype == bool:
            if len(value) != len(self.columns):
                raise ValueError("a row mask must have one entry per event")
            return value
        return self.columns.mask_of(value)

    def filter_mask(self) -> np.ndarray | None:
        """Rows the filters let through; None when no filter is set (all events)."""
        return self._filter

    def set_filter(self, value: IdsOrMask) -> None:
        """Show only these events (ids or a row mask); None shows all."""
        self._filter = self._as_mask(value)
        self._shown = None
        self.filterChanged.emit()

    def hit_mask(self) -> np.ndarray | None:
        """Rows that match the current search; None when no search is active."""
        return self._hits

    def set_hits(self, value: IdsOrMask) -> None:
        """Mark search hits (others are dimmed); None clears the search."""
        self._hits = self._as_mask(value)
        self.hitsChanged.emit()

    def shown_mask(self) -> np.ndarray:
        """Rows drawn and listed: let through by the filter and in a visible lane."""
        if self._shown is None:
            cols = self.columns
            visible = [cols.lane_of_track(t) for t in self.visible_lanes() if t in cols.track_ids]
            # a lookup by lane rather than np.isin, which sorts a million lanes (its last entry, False,
            # is what an event without a lane, -1, reads)
            lanes = np.zeros(len(cols.track_ids) + 1, dtype=bool)
            lanes[visible] = True
            mask = lanes[cols.lane]
            # an event on several lanes is shown while any of its lanes is visible
            mask[cols.extra_rows[lanes[cols.extra_lane]]] = True
            if self._filter is not None:
                mask &= self._filter
            self._shown = mask
        return self._shown

    def shown_lane_counts(self) -> np.ndarray:
        """Per lane, how many dated events it draws (each on every lane it is on), kept with the mask
        of shown events: the lane names' counts, asked at every zoom's rest, cost 20-30 ms at 1M."""
        shown = self.shown_mask()
        memo = self._lane_counts
        if memo is None or memo[0] is not shown:
            # undated records are listed in the Undated strip, not counted on a lane
            memo = (shown, self.columns.lane_counts(shown & self.columns.dated))
            self._lane_counts = memo
        return memo[1]

    def shown_count(self) -> int:
        """How many events are shown."""
        return int(np.count_nonzero(self.shown_mask()))

    # --- lanes ----------------------------------------------------------------------------------
    def lane_order(self) -> list[str]:
        """Every track id in lane order (hidden ones included)."""
        return list(self._lane_order)

    def visible_lanes(self) -> list[str]:
        """Track ids of the shown lanes, top to bottom."""
        return [t for t in self._lane_order if t not in self._hidden]

    def hidden_lanes(self) -> set[str]:
        """Track ids of hidden lanes."""
        return set(self._hidden)

    def set_lane_layout(self, order: Iterable[str], hidden: Iterable[str] = ()) -> None:
        """Reorder and hide lanes; unknown ids are ignored and missing ones keep their place at the end."""
        known = [t.id for t in self.tracks]
        wanted = [t for t in dict.fromkeys(order) if t in known]
        new_order = wanted + [t for t in self._lane_order if t not in wanted]
        new_hidden = {t for t in hidden if t in known}
        if new_order == self._lane_order and new_hidden == self._hidden:
            return
        self._lane_order, self._hidden = new_order, new_hidden
        self._shown = None
        self.lanesChanged.emit()

    def set_lane_hidden(self, track_id: str, hidden: bool) -> None:
        """Hide or show one lane."""
        h = set(self._hidden)
        if hidden:
            h.add(track_id)
        else:
            h.discard(track_id)
        self.set_lane_layout(self._lane_order, h)


def default_lane_order(track_ids: list[str]) -> list[str]:
    """The tracks' own order with the compared pair (foreign, security) first."""
    first = [t for t in PAIRED_LANES if t in track_ids]
    return first + [t for t in track_ids if t not in first]

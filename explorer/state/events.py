"""`session.events`: the events of the open database, their columns and tracks, import and export.

Reads take and return model objects (an Event, a Track, a Bundle); writes that change events
(an import, a track edit) reload the columns, and the session then emits `eventsChanged`.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import sqlite_utils

from explorer.model import Event, Source, Track
from explorer.store import EventStore
from explorer.store.columns import EventColumns, load_columns
from explorer.store.events import extra_tracks
from explorer.store.filters import Filter, filtered_nums
from explorer.store.lookup import events_containing, row_texts

if TYPE_CHECKING:
    from explorer.analysis.compare import Series
    from explorer.analysis.importance import ImportanceTable
    from explorer.formats.bundle import Bundle
    from explorer.formats.common import CancelFn, ProgressFn
    from explorer.formats.import_plan import ImportPlan
    from explorer.formats.import_write import SideFeed
    from explorer.formats.importer import ImportResult
    from explorer.state.session import Session
    from explorer.store.track_edits import MergedTrack, TrackInfo

#: How many events `get` keeps loaded (the detail panel and tooltips ask for the same few often).
CACHED_EVENTS = 256


class EventService:
    """The session's events: one loaded on demand, every one as columns, tracks, metadata, import."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self._session = session
        self._db = db
        self._store = EventStore(db)
        self._events: OrderedDict[str, Event] = OrderedDict()
        self._meta: dict[str, str] | None = None
        self.columns: EventColumns = load_columns(db)
        self.tracks: list[Track] = self._store.tracks()

    # --- reading -------------------------------------------------------------------------------------
    def get(self, event_id: str) -> Event:
        """One event with all its details, loaded on demand (UnknownEvent if absent)."""
        ev = self._events.get(event_id)
        if ev is None:
            ev = self._store.get(event_id)
            self._events[event_id] = ev
            while len(self._events) > CACHED_EVENTS:
                self._events.popitem(last=False)
        return ev

    def track(self, track_id: str) -> Track | None:
        """A track by id."""
        return next((t for t in self.tracks if t.id == track_id), None)

    def meta(self) -> dict[str, str]:
        """The database's key/value metadata (paper title, authors, url...)."""
        if self._meta is None:
            self._meta = self._store.meta()
        return self._meta

    def all(self) -> list[Event]:
        """Every event with its details, in date order (for a listing or a test, not for drawing)."""
        return list(self._store.events())

    def sources(self, ids: list[str]) -> list[Source]:
        """These sources (in the database's order)."""
        return self._store.sources(ids) if ids else []

    def theme_labels(self) -> dict[str, str]:
        """Each theme's label by id."""
        return {t.id: t.label for t in self._store.themes()}

    def also_on(self, event_id: str) -> list[str]:
        """The other tracks an event is placed on (besides its own)."""
        return extra_tracks(self._db, [event_id]).get(event_id, [])

    def row_texts(self, nums: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
        """(edtf date, date text, precision, title, id) by num, for a table's visible block."""
        return row_texts(self._db, nums)

    def containing(self, text: str, limit: int) -> tuple[list[int], int]:
        """Nums of the first `limit` events whose title or id contains text, and how many there are."""
        return events_containing(self._db, text, limit)

    # --- for the comparison --------------------------------------------------------------------------
    def importance(self) -> ImportanceTable:
        """The paper's importance weights per event (explorer.analysis.importance)."""
        from explorer.analysis.importance import importance_table  # (the comparison's, not the start's)

        return importance_table(self._db)

    def track_series(
        self, track: str, *, count_shared: bool = False, mask: np.ndarray | None = None
    ) -> Series:
        """The events of one track (a side's assigned tracks too) with their anchors, from the columns.

        `mask` (a row mask, the window's filter) keeps only the rows it lets through. No ids are read.
        """
        from explorer.analysis.column_series import rows_on_lanes
        from explorer.analysis.compare import track_label
        from explorer.store.track_edits import side_tracks

        cols = self.columns
        tracks = [track, *side_tracks(self._db, track)]
        lanes = [cols.track_ids.index(t) for t in tracks if t in cols.track_ids]
        rows = rows_on_lanes(cols, lanes, count_shared=count_shared)
        return self._series(rows, mask, key=track, label=track_label(self._db, track))

    def filtered_series(self, flt: Filter, key: str, label: str, mask: np.ndarray | None = None) -> Series:
        """The events a filter lets through (and `mask`, if given), as a series."""
        rows = self.columns.rows_of_nums(filtered_nums(self._db, flt))
        return self._series(rows[rows >= 0], mask, key=key, label=label)

    def _series(self, rows: np.ndarray, mask: np.ndarray | None, *, key: str, label: str) -> Series:
        if mask is not None:
            rows = rows[mask[rows]]
        from explorer.analysis.column_series import series_from_rows

        return series_from_rows(self.columns, rows, key=key, label=label)

    def anchor_days(self, ids: list[str]) -> dict[str, float]:
        """The middle of each event's possible start days."""
        from explorer.analysis.compare import anchor_days

        return anchor_days(self._db, ids)

    # --- changes -------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the columns after a change to events; the session keeps the selection that exists."""
        self.columns = load_columns(self._db)
        self.tracks = self._store.tracks()
        self._events.clear()
        self._session._after_reload()

    def export_bundle(self, ids: list[str] | None) -> Bundle:
        """These events (all when None) with their sources and annotations, in date order."""
        from explorer.formats.bundle import gather

        return gather(self._db, ids)

    def side_feed(self, path: Path) -> SideFeed | None:
        """A worker building a large file's search index while it is read (None when not worth it)."""
        from explorer.formats.import_write import SideFeed

        return SideFeed.for_large_file(self._db, path)

    def check_import(self, plan: ImportPlan, skip_invalid: bool = False) -> None:
        """Raise ImportFailed or AlreadyImported (one sentence) unless the plan may be applied here."""
        from explorer.formats.importer import check_plan

        check_plan(self._db, plan, skip_invalid)

    def apply_import(
        self,
        plan: ImportPlan,
        skip_invalid: bool = False,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
        feed: SideFeed | None = None,
    ) -> ImportResult:
        """Write a checked import in one transaction, then reload (new tracks become visible lanes).

        `feed` is a worker fed while the file was read (see explorer.formats.import_write.SideFeed).
        """
        from explorer.formats.importer import apply_import

        result = apply_import(self._db, plan, skip_invalid, progress, cancelled, feed)
        self.reload()
        return result

    # --- imported tracks (File > Tracks…): each returns what undoes it; the caller reloads ---------------
    def imported_tracks(self) -> list[TrackInfo]:
        """The tracks that imports brought, with their event counts and sides."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.imported_tracks(self._db)

    def rename_track(self, track: str, name: str) -> str:
        """Give a track another name; the old name."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.rename_track(self._db, track, name)

    def recolour_track(self, track: str, colour: str) -> str:
        """Draw a track in another colour (#rrggbb); the old colour."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.recolour_track(self._db, track, colour)

    def merge_track(self, track: str, into: str) -> MergedTrack:
        """Move a track's events into another track; what `unmerge_track` needs to take it back."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.merge_track(self._db, track, into)

    def unmerge_track(self, merged: MergedTrack) -> int:
        """Take a merge back; how many events moved."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.unmerge_track(self._db, merged)

    def set_track_side(self, track: str, side: str | None) -> str | None:
        """Count a track with a side of the comparison (None: neither); the old side."""
        from explorer.store import track_edits  # (File > Tracks, on first use)

        return track_edits.set_track_side(self._db, track, side)

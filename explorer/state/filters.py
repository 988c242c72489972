"""`session.filters`: the facet filter of one window, applied to the session as a row mask.

`FilterState` keeps the Filter the Filters dock edits (facets and a date range; the text query
belongs to the search field, which dims rather than hides), turns it into a row mask through
`explorer.store.filters.filtered_nums` and hands that to `Session.set_filter`, so the timeline, the
table and the comparison follow. It re-applies itself when events or annotations change.

Signals: `changed()` after a new filter was applied, `countsStale()` when facet counts may differ,
`facetsStale(tuple)` when only these facets' counts may differ (annotations changed, none filtered on).
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlite_utils

from explorer.state.signal import Signal
from explorer.store.filter_data import FacetData, adopt, change_key, is_cached, load_elsewhere
from explorer.store.filters import (
    FACET_LABELS,
    FACETS,
    FacetCounter,
    FacetValue,
    Filter,
    facet_counts,
    passing,
)

if TYPE_CHECKING:
    from explorer.state.session import Session
    from explorer.store.columns import EventColumns

#: Facets that depend on the user's annotations (re-applied after a note, tag or flag is written).
ANNOTATION_FACETS = ("tag", "flagged", "notes", "author")


def day_words(day: int) -> str:
    """A day number as '3 Mar 2014'."""
    d = date.fromordinal(max(1, int(day)))
    return f"{d.day} {d:%b} {d.year}"


def range_words(rng: tuple[int, int]) -> str:
    """A date range in words, by years when it runs from 1 January to 31 December."""
    a, b = (date.fromordinal(max(1, int(x))) for x in rng)
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return str(a.year) if a.year == b.year else f"{a.year}–{b.year}"
    return f"{day_words(rng[0])} – {day_words(rng[1])}"


class FilterState:
    """The window's facet Filter; `changed` after it was applied, `countsStale` when counts may differ."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self.changed = Signal("changed")
        self.countsStale = Signal("countsStale")
        self.facetsStale = Signal("facetsStale")
        self.session = session
        self._db = db
        self._filter = Filter()
        #: The filter in effect on the session (differs from `_filter` while one waits for the columns).
        self._applied = Filter()
        #: The facet columns are being read on a worker (see `loading_elsewhere`).
        self._loading = False
        self._loading_key: tuple[int, int] | None = None
        self._labels: dict[tuple[str, str], str] = {}
        #: for the session's columns and the facet columns (weakly held): each facet row's session row
        self._row_map: tuple[weakref.ref[Any], weakref.ref[Any], np.ndarray | None] | None = None
        session.eventsChanged.connect(self._on_session_events_changed)
        session.annotationsChanged.connect(self._on_session_annotations_changed)

    # --- reading ------------------------------------------------------------------------------------
    def filter(self) -> Filter:
        """The present filter (never holds a text query)."""
        return self._filter

    def is_active(self) -> bool:
        """True when the filter hides something."""
        return not self._filter.is_empty()

    def applied(self) -> Filter:
        """The filter in effect on the session: `filter()` unless that one waits for the facet columns."""
        return self._applied

    def waiting(self) -> bool:
        """True while the facet columns are read elsewhere and not here yet (counting would read them)."""
        return self._loading and not is_cached(self._db)

    def counts(self, facets: tuple[str, ...] = FACETS) -> dict[str, list[FacetValue]]:
        """Each facet's values (of these facets) with the number of events selecting it would show."""
        out = facet_counts(self._db, self._filter, facets)
        for facet, values in out.items():
            self._remember(facet, values)
        return out

    def counter(self) -> FacetCounter:
        """The present filter's counts to be taken a facet at a time with `count` (over several turns)."""
        return FacetCounter(self._db, self._filter)

    def count(self, counter: FacetCounter, facet: str) -> list[FacetValue]:
        """One facet's values with their counts, from a `counter`."""
        values = counter.count(facet)
        self._remember(facet, values)
        return values

    def _remember(self, facet: str, values: list[FacetValue]) -> None:
        for v in values:
            self._labels[(facet, v.value)] = v.label

    def label(self, facet: str, value: str) -> str:
        """How a value is shown (a track's or theme's name rather than its id)."""
        if facet == "track":
            track = self.session.track(value)
            return track.name if track else value
        return self._labels.get((facet, value), value)

    def summary(self, limit: int = 2) -> str:
        """The active filters in a few words: 'Track: National security · Actor: Russia +1 · 2006–2015'."""
        f = self._filter
        parts = []
        for facet in f.active_facets():
            values = [self.label(facet, v) for v in f.values(facet)]
            more = f" +{len(values) - limit}" if len(values) > limit else ""
            name = FACET_LABELS[facet].replace("Importance for", "Importance,")
            parts.append(f"{name}: {', '.join(values[:limit])}{more}")
        if f.date_range is not None:
            # said, because a date range silently hiding the undated records would read as "none exist"
            parts.append(f"{range_words(f.date_range)} (undated excluded)")
        return " · ".join(parts)

    # --- the facet columns of a large database, read on a worker thread -----------------------------
    def columns_loaded(self) -> bool:
        """True when the facet columns are in memory (counting is then quick)."""
        return is_cached(self._db)

    @staticmethod
    def load_elsewhere(path: Path) -> tuple[tuple[Any, ...], FacetData]:
        """For a worker thread: read a database file's facet columns through a connection of its own."""
        return load_elsewhere(path)

    def loading_elsewhere(self) -> None:
        """A worker has started reading the facet columns: filters wait for them (see `columns_arrived`).

        Reading them here as well, on the GUI thread, would freeze the window for seconds at 1M.
        """
        self._loading = True
        self._loading_key = change_key(self._db)  # (nothing committed since: no corpus check needed)

    def columns_arrived(self, loaded: tuple[tuple[Any, ...], FacetData] | None) -> None:
        """On the GUI thread: the worker's columns (None when it failed); a waiting filter is applied."""
        self._loading = False
        if loaded is not None:
            adopt(self._db, *loaded, unchanged_since=self._loading_key)
        if self._applied != self._filter:
            self._apply()
            self.changed.emit()

    def adopt(self, corpus: tuple[Any, ...], data: FacetData) -> bool:
        """On the GUI thread: use columns a worker read (False when the corpus differs or they are there)."""
        return adopt(self._db, corpus, data)

    # --- changing -----------------------------------------------------------------------------------
    def set_filter(self, f: Filter) -> None:
        """Apply a filter (its text query, if any, is dropped: search dims, it does not hide)."""
        f = replace(f, query="")
        if f == self._filter:
            return
        self._filter = f
        self._apply()
        self.changed.emit()

    def toggle(self, facet: str, value: str) -> None:
        """Select a facet value, or unselect it."""
        self.set_filter(self._filter.toggled(facet, value))

    def set_values(self, facet: str, values: list[str]) -> None:
        """Replace one facet's selection."""
        self.set_filter(self._filter.with_values(facet, values))

    def set_date_range(self, rng: tuple[int, int] | None) -> None:
        """Keep only events whose possible dates overlap this range of day numbers (None: any date)."""
        if rng is not None:
            lo, hi = sorted((int(rng[0]), int(rng[1])))
            rng = (max(1, lo), max(1, hi))
        self.set_filter(replace(self._filter, date_range=rng))

    def clear(self, facet: str | None = None) -> None:
        """Clear one facet, or everything (facets and dates)."""
        self.set_filter(self._filter.cleared(facet))

    # --- the session ---------------------------------------------------------------------------------
    def _apply(self) -> None:
        if self.waiting():
            return  # applied when the columns arrive (columns_arrived)
        self._applied = self._filter
        if self._filter.is_empty():
            self.session.set_filter(None)
            return
        data, mask = passing(self._db, self._filter)
        self.session.set_filter(self._session_mask(self.session.columns, data, mask))

    def _session_mask(self, cols: EventColumns, data: FacetData, mask: np.ndarray) -> np.ndarray:
        """A mask of the facet columns' rows (num order) as one of the session's rows (date order).

        Through a map from one order to the other, made once per pair of columns: a gather of a
        million booleans instead of the passing nums' rows looked up on every change of filter.
        """
        found = self._row_map
        if found is None or found[0]() is not cols or found[1]() is not data:
            found = self._row_map = self._make_row_map(cols, data)
        inverse = found[2]
        if inverse is None:
            return cols.mask_of_nums(data.nums[mask])
        return mask[inverse]

    def prepare_row_map(self, data: FacetData) -> None:
        """On the thread that read these facet columns: map their rows to the session's now.

        (Made on the first filter otherwise: a pass over a million nums in the user's first click.)
        """
        self._row_map = self._make_row_map(self.session.columns, data)

    @staticmethod
    def _make_row_map(
        cols: EventColumns, data: FacetData
    ) -> tuple[weakref.ref[Any], weakref.ref[Any], np.ndarray | None]:
        rows = cols.rows_of_nums(data.nums)
        inverse: np.ndarray | None = None
        if len(rows) == len(cols) and bool((rows >= 0).all()):  # the same events (as always)
            inverse = np.empty(len(cols), dtype=np.int32)
            inverse[rows] = np.arange(len(rows), dtype=np.int32)
        return weakref.ref(cols), weakref.ref(data), inverse

    def _on_session_events_changed(self) -> None:
        # Session.reload() dropped the mask: put it back for the new columns
        if not self._filter.is_empty():
            self._apply()
        self.countsStale.emit()

    def _on_session_annotations_changed(self, _ids: list[str]) -> None:
        if any(self._filter.values(f) for f in ANNOTATION_FACETS):
            self._apply()
            self.countsStale.emit()
        else:
            # the shown events are the same, so only the annotation facets can count differently
            self.facetsStale.emit(ANNOTATION_FACETS)


__all__ = ["ANNOTATION_FACETS", "FACETS", "FACET_LABELS", "FilterState", "day_words", "range_words"]

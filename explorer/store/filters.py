"""Faceted filters: which events pass a Filter, and how many would pass for each value of each facet.

Facets combine with AND, the values within a facet with OR. Each facet's counts are taken over the
events that pass every *other* facet (and the text query and date range), as in faceted search.

SQL does the reading: one scan of events and of each link table, into numpy columns that are cached
per connection and refreshed when the database changes (annotation tables alone after a note, tag or
flag is written). Combining and counting is then vectorised: a GROUP BY over a filtered set of a
million events joined to its actors costs a second in SQLite, a bincount costs milliseconds. No Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import sqlite_utils

from explorer.model import PARTIES, PARTY_NAMES, UNDATED_DAY
from explorer.store.errors import StoreError
from explorer.store.filter_data import FacetData, forget, snapshot

__all__ = [
    "FACETS",
    "FACET_LABELS",
    "FacetCounter",
    "FacetValue",
    "Filter",
    "FilterError",
    "count_filtered",
    "facet_counts",
    "filtered_ids",
    "filtered_nums",
    "forget",
    "match_nums",
    "passing",
]

#: The facets, in the order a panel shows them.
FACETS = (
    "track",
    "actor",
    "theme",
    "tag",
    "precision",
    "importance_belarus",
    "importance_russia",
    "importance_west",
    "flagged",
    "notes",
    "author",
)
FACET_LABELS = {
    "track": "Track",
    "actor": "Actor",
    "theme": "Theme",
    "tag": "Tag",
    "precision": "Date precision",
    **{f"importance_{party}": f"Importance for {name}" for party, name in PARTY_NAMES.items()},
    "flagged": "Flag",
    "notes": "Notes",
    "author": "Annotated by",
}
#: Facets whose values with no event are left out of the counts (unless selected): long lists.
_SPARSE = ("actor", "theme")


class FilterError(StoreError):
    """A filter (from a saved view or a file) that cannot be read; the message names the field."""


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet: what is stored, what a person reads, and how many events it would show."""

    value: str
    label: str
    count: int

    def __iter__(self) -> Iterator[Any]:
        """Unpack as (value, label, count)."""
        return iter((self.value, self.label, self.count))


@dataclass(frozen=True)
class Filter:
    """What to show: a text query, a date range (day numbers, overlap) and selected values per facet.

    Boolean facets (`flagged`, `notes`) take the values "yes" and "no". An empty Filter passes everything.
    """

    query: str = ""
    date_range: tuple[int, int] | None = None
    track: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    precision: tuple[str, ...] = ()
    importance_belarus: tuple[str, ...] = ()
    importance_russia: tuple[str, ...] = ()
    importance_west: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    author: tuple[str, ...] = ()

    def values(self, facet: str) -> tuple[str, ...]:
        """The selected values of one facet."""
        _check_facet(facet)
        return tuple(getattr(self, facet))

    def with_values(self, facet: str, values: Iterable[str]) -> Filter:
        """A copy with a facet's selection replaced (duplicates dropped, order kept)."""
        _check_facet(facet)
        changes: dict[str, Any] = {facet: tuple(dict.fromkeys(str(v) for v in values))}
        return replace(self, **changes)

    def toggled(self, facet: str, value: str) -> Filter:
        """A copy with one value selected if it was not, unselected if it was."""
        current = self.values(facet)
        new = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.with_values(facet, new)

    def cleared(self, facet: str | None = None) -> Filter:
        """A copy without one facet's selection, or without any selection, query or range."""
        return Filter() if facet is None else self.with_values(facet, ())

    def is_empty(self) -> bool:
        """True when the filter passes every event."""
        return (
            not self.query.strip() and self.date_range is None and not any(getattr(self, f) for f in FACETS)
        )

    def active_facets(self) -> list[str]:
        """The facets with a selection, in panel order."""
        return [f for f in FACETS if getattr(self, f)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict holding only what is set."""
        out: dict[str, Any] = {}
        if self.query.strip():
            out["query"] = self.query
        if self.date_range is not None:
            out["date_range"] = [int(self.date_range[0]), int(self.date_range[1])]
        out.update({f: list(getattr(self, f)) for f in FACETS if getattr(self, f)})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "the filter") -> Filter:
        """Read a dict written by to_dict; FilterError names the field that is wrong."""
        if not isinstance(data, Mapping):
            raise FilterError(f"{where} is not a JSON object.")
        unknown = sorted(set(data) - {"query", "date_range", *FACETS})
        if unknown:
            raise FilterError(f"{where} has an unknown field “{unknown[0]}”.")
        kwargs: dict[str, Any] = {}
        query = data.get("query", "")
        if not isinstance(query, str):
            raise FilterError(f"{where}: “query” must be text.")
        kwargs["query"] = query
        dr = data.get("date_range")
        if dr is not None:
            if (
                not isinstance(dr, list | tuple)
                or len(dr) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in dr)
            ):
                raise FilterError(f"{where}: “date_range” must be two whole day numbers.")
            if dr[0] > dr[1]:
                raise FilterError(f"{where}: “date_range” ends before it starts.")
            kwargs["date_range"] = (int(dr[0]), int(dr[1]))
        for facet in FACETS:
            vals = data.get(facet, [])
            if not isinstance(vals, list | tuple) or not all(isinstance(v, str) for v in vals):
                raise FilterError(f"{where}: “{facet}” must be a list of text values.")
            if facet in ("flagged", "notes") and not set(vals) <= {"yes", "no"}:
                raise FilterError(f"{where}: “{facet}” takes only the values “yes” and “no”.")
            kwargs[facet] = tuple(dict.fromkeys(vals))
        return cls(**kwargs)

    def to_json(self) -> str:
        """The filter as compact JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, *, where: str = "the filter") -> Filter:
        """Read JSON written by to_json."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FilterError(f"{where} is not valid JSON ({exc.msg}).") from None
        return cls.from_dict(data, where=where)


def _check_facet(facet: str) -> None:
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}; known: {', '.join(FACETS)}")


assert {f.name for f in fields(Filter)} >= set(FACETS)
assert all(f"importance_{p}" in FACETS for p in PARTIES)


# --- masks ------------------------------------------------------------------------------------------


def _facet_mask(data: FacetData, facet: str, selected: tuple[str, ...]) -> np.ndarray:
    """Events having any of the selected values of a facet."""
    index = data.index[facet]
    # wanted[code] for each code; its last entry (False) is what -1 (no value) reads.
    wanted = np.zeros(len(data.values[facet]) + 1, dtype=bool)
    wanted[[index[v] for v in selected if v in index]] = True
    if facet in data.pairs:
        events, values = data.pairs[facet]
        mask = np.zeros(data.size, dtype=bool)
        mask[events[wanted[values]]] = True
        return mask
    mask = wanted[data.codes[facet]]
    if facet in data.also:  # an event placed on a chosen lane besides its home one
        rows, codes = data.also[facet]
        mask[rows[wanted[codes]]] = True
    return mask


def _base_mask(db: sqlite_utils.Database, data: FacetData, f: Filter) -> np.ndarray | None:
    """The events passing the text query and the date range; None when neither is set."""
    mask: np.ndarray | None = None
    if f.date_range is not None:
        info = np.iinfo(data.lo.dtype)  # day numbers past the columns' dtype clipped: same result
        lo, hi = (min(max(int(d), info.min), info.max) for d in f.date_range)
        # an undated record has no place in any range (its sentinel lo is after every day): excluded
        mask = (data.lo <= hi) & (data.hi >= lo) & (data.lo < UNDATED_DAY)
    expr = None
    if f.query.strip():
        from explorer.store.search_query import compile_query  # (the first text query, not the window's open)

        expr = compile_query(db, f.query)
    if expr is not None:
        matched = data.query_mask(expr, lambda: match_nums(db, expr))
        mask = matched if mask is None else mask & matched
    return mask


def match_nums(db: sqlite_utils.Database, expr: str) -> np.ndarray:
    """The rowids (event nums) an FTS5 expression matches, unordered."""
    row = db.conn.execute(
        "SELECT group_concat(rowid) FROM events_fts WHERE events_fts MATCH ?", [expr]
    ).fetchone()
    return np.fromstring(row[0] or "", dtype=np.int64, sep=",")


def _masks(db: sqlite_utils.Database, f: Filter) -> tuple[FacetData, np.ndarray, dict[str, np.ndarray]]:
    data = snapshot(db)
    base = _base_mask(db, data, f)
    if base is None:
        base = np.ones(data.size, dtype=bool)
    return data, base, {facet: _facet_mask(data, facet, f.values(facet)) for facet in f.active_facets()}


def _passing(db: sqlite_utils.Database, f: Filter) -> tuple[FacetData, np.ndarray]:
    # A filter change applies the filter to the session and then the search asks for the same
    # events: at a million events the second pass cost 10-20 ms of the same click. The mask is kept
    # (read-only) on the facet columns, which forget it when anything written is read again.
    data = snapshot(db)
    last = data.last_filter
    if last is not None and last[0] == f:
        return data, last[1]
    data, mask, facet_masks = _masks(db, f)
    for m in facet_masks.values():
        mask = mask & m
    if not facet_masks:
        mask = mask.copy()  # (the base mask may be a text query's, which the columns keep)
    mask.flags.writeable = False
    data.last_filter = (f, mask)
    return data, mask


# --- public API ---------------------------------------------------------------------------------------


def passing(db: sqlite_utils.Database, f: Filter) -> tuple[FacetData, np.ndarray]:
    """The facet columns and a mask of the events that pass, in the columns' row order (ascending num)."""
    return _passing(db, f)


def filtered_nums(db: sqlite_utils.Database, f: Filter) -> np.ndarray:
    """The `events.num` of every event that passes, ascending (an int64 array)."""
    data, mask = _passing(db, f)
    return data.nums[mask].astype(np.int64, copy=False)


def filtered_ids(db: sqlite_utils.Database, f: Filter) -> list[str]:
    """The ids of every event that passes, in date order (lo, hi, position, num)."""
    data, mask = _passing(db, f)
    order = np.flatnonzero(mask)
    order = order[np.lexsort((data.nums[order], data.position[order], data.hi[order], data.lo[order]))]
    ids = data.ids()
    return [str(ids[i]) for i in order]


def count_filtered(db: sqlite_utils.Database, f: Filter) -> int:
    """How many events pass."""
    return int(_passing(db, f)[1].sum())


def facet_counts(
    db: sqlite_utils.Database, f: Filter, facets: Iterable[str] = FACETS
) -> dict[str, list[FacetValue]]:
    """For each facet, its values with how many events would pass if it were selected alone or added.

    A facet's counts honour every other facet's selection, the query and the date range, not its own.
    """
    counter = FacetCounter(db, f)
    return {facet: counter.count(facet) for facet in facets}


class FacetCounter:
    """One filter's facet counts, a facet at a time (a caller can spread them over several turns).

    The masks are made once; every facet not selected on counts under the same mask of passing
    events, made once too, and taken as row numbers (a gather of codes by rows is several times
    quicker than selecting them with a boolean mask of a million).
    """

    def __init__(self, db: sqlite_utils.Database, f: Filter) -> None:
        self.filter = f
        self._data = snapshot(db)
        self._base = _base_mask(db, self._data, f)
        self._masks = {facet: _facet_mask(self._data, facet, f.values(facet)) for facet in f.active_facets()}
        self._passing: tuple[np.ndarray | None, np.ndarray | None] | None = None

    def count(self, facet: str) -> list[FacetValue]:
        """A facet's values with how many events would pass if each were selected alone or added."""
        _check_facet(facet)
        if facet in self._masks:
            others = self._others(facet)
            rows = None if others is None else np.flatnonzero(others)
        else:
            if self._passing is None:
                passing = self._others(None)
                self._passing = (passing, None if passing is None else np.flatnonzero(passing))
            others, rows = self._passing
        counts = _count(self._data, facet, others, rows)
        return _listing(self._data, facet, counts, self.filter.values(facet))

    def _others(self, leave_out: str | None) -> np.ndarray | None:
        """The events passing every part of the filter but one facet's (None: every event)."""
        mask = self._base
        for name, m in self._masks.items():
            if name != leave_out:
                mask = m if mask is None else mask & m
        return mask


def _count(data: FacetData, facet: str, others: np.ndarray | None, rows: np.ndarray | None) -> np.ndarray:
    """How many of the events in `others` (None: all; `rows`: its row numbers) have each value."""
    n = len(data.values[facet])
    if facet in data.pairs:
        events, values = data.pairs[facet]
        return np.bincount(values if others is None else values[others[events]], minlength=n)
    codes = data.codes[facet]
    # (-1, no value, counts in the first bin, which is dropped)
    picked = codes if rows is None else codes[rows]
    counts = np.bincount(picked + 1, minlength=n + 1)[1:]
    if facet in data.also:  # a lane counts the events placed on it too, as it draws them
        also_rows, extra = data.also[facet]
        counts = counts + np.bincount(extra if others is None else extra[others[also_rows]], minlength=n)
    return counts


def _listing(data: FacetData, facet: str, counts: np.ndarray, selected: tuple[str, ...]) -> list[FacetValue]:
    values, labels = data.values[facet], data.labels[facet]
    rows = [
        FacetValue(v, labels[i], int(counts[i]))
        for i, v in enumerate(values)
        if facet not in _SPARSE or counts[i] or v in selected
    ]
    rows += [FacetValue(v, v, 0) for v in selected if v not in data.index[facet]]
    if facet in _SPARSE or facet == "tag":
        rows.sort(key=lambda r: (-r.count, r.label.casefold()))
    return rows

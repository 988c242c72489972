"""Numbers for comparing series of events: density over time, cumulative counts and lead/lag. No Qt.

Every event is placed at one day, its *anchor*: the middle of the range in which it can begin
(`start_min`..`start_max`); lead and lag also keep that whole range (see explorer.analysis.lag). For a single date that is the centre of its possible range ("1994" is
2 July 1994); for a period or an open-ended item ("since 2014") it is its start, or the centre of
its start when that is fuzzy ("2006~/2016"). Density, cumulative counts, lead/lag and the importance
series all use this one anchor, so their numbers agree with each other. See docs/search.md.

An undated record (the source gives no date) has no anchor: a series leaves it out of every number
and keeps its id in `Series.undated`, so the lead/lag sentence can say how many were left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import sqlite_utils

from explorer.analysis.importance import ImportancePoint, ImportanceTable, importance_table
from explorer.analysis.lag import DAYS_PER_MONTH, LagPair, LagStats, LeadLag, lag_stats, lead_lag
from explorer.store.atomic import write_atomic
from explorer.store.event_days import anchor_days, ids_on_tracks, start_bounds, track_name, undated_ids
from explorer.store.events import extra_tracks_on
from explorer.store.track_edits import side_tracks

__all__ = [
    "DAYS_PER_MONTH",
    "Comparison",
    "Cumulative",
    "Density",
    "ImportancePoint",
    "ImportanceTable",
    "LagPair",
    "LagStats",
    "LeadLag",
    "Series",
    "anchor_days",
    "compare",
    "cumulative",
    "day_iso",
    "default_series",
    "density",
    "density_by_year",
    "importance_table",
    "lag_stats",
    "lead_lag",
    "series_from_ids",
    "start_bounds",
    "track_label",
    "track_series",
    "undated_ids",
    "write_compare_csv",
]

#: How the default tracks are named in sentences.
_NOUNS = {"foreign": "foreign-policy", "security": "security"}


def day_iso(day: float) -> str:
    """The ISO date of a (possibly fractional) day number."""
    return date.fromordinal(int(np.floor(day))).isoformat()


@dataclass(frozen=True, eq=False)
class Series:
    """A named set of events with their anchors, sorted by anchor."""

    key: str
    label: str
    #: The events' ids in the series' order (a tuple, or ids read on demand: see column_series.RowIds).
    ids: Sequence[str]
    days: np.ndarray
    #: Undated records of the series, left out of `ids` (they have no day to count at).
    undated: Sequence[str] = ()
    #: Each event's possible start (earliest, latest day) aligned with `days`, when known.
    bounds: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def ids_at(self, at: np.ndarray | Sequence[int]) -> list[str]:
        """The ids at these positions of the series (read together when they come from the database)."""
        take = getattr(self.ids, "take", None)
        if take is not None:
            return list(take(np.asarray(at, dtype=np.int64)))
        return [self.ids[int(k)] for k in at]

    @classmethod
    def of(cls, key: str, label: str, anchors: dict[str, float], undated: Sequence[str] = ()) -> Series:
        """A series from id -> anchor day (and the ids of its undated records, left out)."""
        ordered = sorted(anchors.items(), key=lambda kv: (kv[1], kv[0]))
        days = np.array([v for _, v in ordered], dtype=float)
        return cls(key, label, tuple(k for k, _ in ordered), days, tuple(undated))


def series_from_ids(
    db: sqlite_utils.Database, ids: Sequence[str], *, key: str, label: str | None = None
) -> Series:
    """A series of the given events (from a tag, a saved filter, a selection); unknown ids are left out."""
    return Series.of(key, label or key, anchor_days(db, ids), undated_ids(db, ids))


def track_series(
    db: sqlite_utils.Database, track: str, label: str | None = None, *, count_shared: bool = False
) -> Series:
    """The events of one track (for a side of the comparison, also those of the tracks assigned to it).

    An event on several lanes is counted once, in its home track, unless `count_shared` asks to count it
    in every track it is placed on.
    """
    tracks = [track, *side_tracks(db, track)]
    ids = ids_on_tracks(db, tracks)
    if count_shared:
        ids = list(dict.fromkeys(ids + [e for t in tracks for e in extra_tracks_on(db, t)]))
    return series_from_ids(db, ids, key=track, label=label or track_label(db, track))


def track_label(db: sqlite_utils.Database, track: str) -> str:
    """How a track is named in the lead/lag sentences ('foreign-policy', or its name in lower case)."""
    name = track_name(db, track)
    return _NOUNS.get(track) or (name.lower() if name else track)


def default_series(db: sqlite_utils.Database, *, count_shared: bool = False) -> list[Series]:
    """The foreign-policy and the security tracks (shared events in their home track only, by default)."""
    return [
        track_series(db, "foreign", count_shared=count_shared),
        track_series(db, "security", count_shared=count_shared),
    ]


# --- density ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Density:
    """Events per bin for each series; bins are [edges[i], edges[i+1]) in day numbers."""

    edges: np.ndarray
    labels: tuple[str, ...]
    counts: dict[str, np.ndarray]
    series_labels: dict[str, str] = field(default_factory=dict)

    def cumulative(self) -> dict[str, np.ndarray]:
        """Running totals per bin (events before the first bin are not counted)."""
        return {k: np.cumsum(v) for k, v in self.counts.items()}

    def to_csv_rows(self) -> list[list[Any]]:
        """Header and one row per bin: start and end dates, label, then each series' count."""
        keys = list(self.counts)
        rows: list[list[Any]] = [["bin_start", "bin_end", "label", *keys]]
        for i, label in enumerate(self.labels):
            end = day_iso(self.edges[i + 1] - 1)
            rows.append([day_iso(self.edges[i]), end, label, *(int(self.counts[k][i]) for k in keys)])
        return rows


def _histogram(series: Sequence[Series], edges: np.ndarray, labels: Sequence[str]) -> Density:
    counts = {}
    for s in series:
        inside = s.days[(s.days >= edges[0]) & (s.days < edges[-1])]
        counts[s.key] = (
            np.histogram(inside, bins=edges)[0].astype(int) if len(edges) > 1 else np.zeros(0, int)
        )
    return Density(edges, tuple(labels), counts, {s.key: s.label for s in series})


def density_by_year(
    series: Sequence[Series], *, first_year: int | None = None, last_year: int | None = None
) -> Density:
    """Events per calendar year, from the first to the last year holding an anchor (or as given)."""
    days = np.concatenate([s.days for s in series]) if series else np.zeros(0)
    if first_year is None or last_year is None:
        if not len(days):
            return _histogram(series, np.zeros(1), [])
        first_year = first_year or date.fromordinal(int(days.min())).year
        last_year = last_year or date.fromordinal(int(days.max())).year
    years = range(first_year, last_year + 1)
    edges = np.array([date(y, 1, 1).toordinal() for y in [*years, last_year + 1]], dtype=float)
    return _histogram(series, edges, [str(y) for y in years])


# (name, approximate length in days, months per step or 0 for a fixed number of days)
_UNITS = (
    ("decade", 3652.4, 120),
    ("year", 365.24, 12),
    ("quarter", 91.3, 3),
    ("month", 30.4, 1),
    ("week", 7, 0),
    ("day", 1, 0),
)


def _month_edges(start: date, end_day: int, months: int) -> list[date]:
    m0 = start.year * 12 + start.month - 1
    if months == 120:
        m0 = (start.year // 10 * 10) * 12
    else:
        m0 -= m0 % months
    out = []
    while True:
        y, m = divmod(m0, 12)
        d = date(y, m + 1, 1)
        out.append(d)
        if d.toordinal() > end_day or y >= 9999:
            return out
        m0 += months


def _label(d: date, unit: str) -> str:
    if unit == "decade":
        return f"{d.year}s"
    if unit == "year":
        return str(d.year)
    if unit == "quarter":
        return f"{d.year} Q{(d.month - 1) // 3 + 1}"
    if unit == "month":
        return f"{d.year}-{d.month:02d}"
    return d.isoformat()


def density(series: Sequence[Series], *, start: float, end: float, bins: int = 60) -> Density:
    """Events per calendar bin over a view range: the finest unit (decade … day) giving at most `bins` bins."""
    lo, hi = int(np.floor(start)), int(np.ceil(end))
    if hi <= lo or bins < 1:
        raise ValueError("the range must end after it starts and ask for at least one bin")
    span = hi - lo
    unit, _, months = next(((n, d, m) for n, d, m in reversed(_UNITS) if span / d <= bins), _UNITS[0])
    if months:
        dates = _month_edges(date.fromordinal(lo), hi - 1, months)
    else:
        step = int(_UNITS[[u[0] for u in _UNITS].index(unit)][1])
        first = lo - (lo - 1) % 7 if unit == "week" else lo  # weeks start on Mondays (ordinal 1 is a Monday)
        dates = [date.fromordinal(d) for d in range(first, hi + step, step)]
    edges = np.array([d.toordinal() for d in dates], dtype=float)
    return _histogram(series, edges, [_label(d, unit) for d in dates[:-1]])


# --- cumulative counts ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Cumulative:
    """For each series, the anchor days in order and the running count reached at each (1, 2, …)."""

    days: dict[str, np.ndarray]
    series_labels: dict[str, str] = field(default_factory=dict)

    def counts(self, key: str) -> np.ndarray:
        """1..n for a series, aligned with its days (a step plot)."""
        return np.arange(1, len(self.days[key]) + 1)

    def at(self, days: Sequence[float] | np.ndarray) -> dict[str, np.ndarray]:
        """Each series' count of events anchored on or before each of the given days."""
        d = np.asarray(days, dtype=float)
        return {k: np.searchsorted(v, d, side="right") for k, v in self.days.items()}

    def to_csv_rows(self) -> list[list[Any]]:
        """Header and one row per event: series, day number, date, running count."""
        rows: list[list[Any]] = [["series", "day", "date", "cumulative"]]
        for key, days in self.days.items():
            rows += [[key, round(float(d), 1), day_iso(d), i + 1] for i, d in enumerate(days)]
        return rows


def cumulative(series: Sequence[Series]) -> Cumulative:
    """Running counts over time per series."""
    return Cumulative({s.key: s.days.copy() for s in series}, {s.key: s.label for s in series})


# --- all together, and CSV -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything the compare view draws for a set of series."""

    series: tuple[Series, ...]
    density: Density
    cumulative: Cumulative
    lead_lag: LeadLag | None
    importance: ImportanceTable


def compare(
    db: sqlite_utils.Database, series: Sequence[Series] | None = None, *, count_shared: bool = False
) -> Comparison:
    """Yearly density, cumulative counts, lead/lag of the first two series and Table two.

    `count_shared` counts an event on several lanes in each of its tracks (default: its home track only).
    """
    chosen = tuple(series) if series is not None else tuple(default_series(db, count_shared=count_shared))
    bounds = start_bounds(db, [i for s in chosen[:2] for i in s.ids])
    ll = lead_lag(chosen[0], chosen[1], bounds) if len(chosen) >= 2 else None
    return Comparison(chosen, density_by_year(chosen), cumulative(chosen), ll, importance_table(db))


class _Tabular(Protocol):
    def to_csv_rows(self) -> list[list[Any]]: ...


def write_compare_csv(result: _Tabular, path: Path | str) -> Path:
    """Write the numbers behind a plot as CSV (UTF-8, written to a temporary name and renamed)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(result.to_csv_rows())
    return write_atomic(path, buffer.getvalue())

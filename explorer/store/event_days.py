"""Events as day numbers for the comparison's arithmetic: anchors, possible starts, and which are undated.

A day number is a proleptic Gregorian ordinal (1 January of year 1 is day 1), fractional where an
anchor falls between two days; SQLite's julianday gives it directly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

# julianday('0001-01-01') is 1721425.5 and that day's ordinal is 1.
_ORDINAL = "- 1721424.5"
#: The middle of an event's possible start, as a day number.
ANCHOR_SQL = f"(julianday(start_min) + julianday(start_max)) / 2 {_ORDINAL}"


def _id_list(ids: Sequence[str]) -> list[str]:
    return [json.dumps(list(ids), ensure_ascii=False)]


def anchor_days(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, float]:
    """Each event's anchor day (the middle of its possible start), for the dated ids that exist."""
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT id, {ANCHOR_SQL} FROM events WHERE id IN (SELECT value FROM json_each(?)) AND undated = 0",
        _id_list(ids),
    )
    return {r[0]: float(r[1]) for r in rows}


def start_bounds(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Each event's possible start as (earliest, latest) day numbers, for the dated ids that exist."""
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT id, julianday(start_min) {_ORDINAL}, julianday(start_max) {_ORDINAL} FROM events"
        " WHERE id IN (SELECT value FROM json_each(?)) AND undated = 0",
        _id_list(ids),
    )
    return {r[0]: (float(r[1]), float(r[2])) for r in rows}


def undated_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> tuple[str, ...]:
    """The ids among `ids` of undated records, sorted."""
    if not ids:
        return ()
    rows = db.execute(
        "SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) AND undated = 1 ORDER BY id",
        _id_list(ids),
    )
    return tuple(r[0] for r in rows)


def ids_on_tracks(db: sqlite_utils.Database, tracks: Sequence[str]) -> list[str]:
    """The ids of the events whose home track is one of `tracks`."""
    rows = db.execute(
        "SELECT id FROM events WHERE track IN (SELECT value FROM json_each(?))", _id_list(tracks)
    )
    return [r[0] for r in rows]


def track_name(db: sqlite_utils.Database, track: str) -> str | None:
    """A track's display name, or None when there is no such track."""
    row = db.execute("SELECT name FROM tracks WHERE id = ?", [track]).fetchone()
    return row[0] if row else None


def importance_rows(db: sqlite_utils.Database) -> list[tuple[int, str, str, str, str, str, float]]:
    """The `importance` table (row, event id, label, the three parties' words) with each event's anchor day."""
    rows = db.execute(
        "SELECT i.row, i.event_id, i.label, i.belarus, i.russia, i.west,"
        f" (julianday(e.start_min) + julianday(e.start_max)) / 2 {_ORDINAL}"
        " FROM importance i JOIN events e ON e.id = i.event_id ORDER BY i.row, i.event_id"
    )
    return [(r[0], r[1], r[2], r[3], r[4], r[5], float(r[6])) for r in rows]

"""Finding events: by a piece of their title or id while the user types (e.g. the target of a link), or by
track, dates and tags for an export. No Qt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import sqlite_utils

_WHERE = "WHERE e.title LIKE :q ESCAPE '\\' OR e.id LIKE :q ESCAPE '\\'"


def events_containing(db: sqlite_utils.Database, text: str, limit: int = 500) -> tuple[list[int], int]:
    """Nums of the first `limit` events (by date) whose title or id contains `text`, and how many there are.

    Case is ignored for ASCII letters (SQLite's LIKE); an empty text matches every event.
    """
    text = text.strip()
    if not text:
        total = int(db.execute("SELECT count(*) FROM events").fetchone()[0])
        nums = [
            r[0] for r in db.execute("SELECT num FROM events ORDER BY lo, hi, position, num LIMIT ?", [limit])
        ]
        return nums, total
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    params = {"q": pattern, "limit": limit}
    total = int(db.execute(f"SELECT count(*) FROM events e {_WHERE}", params).fetchone()[0])
    nums = [
        r[0]
        for r in db.execute(
            f"SELECT e.num FROM events e {_WHERE} ORDER BY e.lo, e.hi, e.position, e.num LIMIT :limit", params
        )
    ]
    return nums, total


def nums_of(db: sqlite_utils.Database, event_ids: list[str]) -> np.ndarray:
    """The num of each event id, in the order given (repeats kept), -1 where there is no such event."""
    if not event_ids:
        return np.zeros(0, dtype=np.int64)
    found = dict(
        db.execute(
            "SELECT j.value, e.num FROM json_each(?) j JOIN events e ON e.id = j.value",
            [json.dumps(event_ids, ensure_ascii=False)],
        ).fetchall()
    )
    return np.fromiter((found.get(e, -1) for e in event_ids), dtype=np.int64, count=len(event_ids))


def tag_names(db: sqlite_utils.Database) -> list[str]:
    """Every tag's name as written."""
    return [r[0] for r in db.execute("SELECT name FROM tags")]


def ids_where(
    db: sqlite_utils.Database,
    *,
    tracks: Sequence[str] = (),
    lo: int | None = None,
    hi: int | None = None,
    tags: Sequence[str] = (),
) -> list[str]:
    """Ids of events in date order on any of `tracks`, carrying any of `tags`, that may end at or after `lo`
    and begin at or before `hi` (each test only when given; a date bound leaves undated records out).
    """
    where: list[str] = []
    params: list[Any] = []
    if tracks:
        where.append(f"track IN ({', '.join('?' for _ in tracks)})")
        params += tracks
    if lo is not None or hi is not None:
        where.append("undated = 0")  # an undated record is in no date range
    if lo is not None:
        where.append("hi >= ?")
        params.append(lo)
    if hi is not None:
        where.append("lo <= ?")
        params.append(hi)
    if tags:
        where.append(f"id IN (SELECT event_id FROM event_tags WHERE tag IN ({', '.join('?' for _ in tags)}))")
        params += tags
    sql = "SELECT id FROM events" + (" WHERE " + " AND ".join(where) if where else "")
    return [r[0] for r in db.execute(sql + " ORDER BY lo, hi, position, id", params)]


def dates_and_tracks(
    db: sqlite_utils.Database, event_ids: Sequence[str]
) -> dict[str, tuple[str, str | None, str]]:
    """Each existing event's EDTF date, its date as the paper words it (or None), and its track."""
    rows = db.execute(
        "SELECT id, date, date_text, track FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(event_ids), ensure_ascii=False)],
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}

"""Finding events by a piece of their title or id while the user types (e.g. the target of a link). No Qt."""

from __future__ import annotations

import json

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


def row_texts(db: sqlite_utils.Database, nums: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """(edtf date, date text, precision, title, id) of these events by num (the event table's text)."""
    if not nums:
        return {}
    rows = db.execute(
        "SELECT e.num, e.date, e.date_text, e.precision, e.title, e.id"
        " FROM json_each(?) j JOIN events e ON e.num = j.value",
        [json.dumps(nums)],
    )
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}

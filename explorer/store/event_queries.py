"""Small reads of events for exports and the console: ids by track, dates and tags; dates and tracks by id."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer.store.db import open_readonly


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


def csv_batches(
    db: sqlite_utils.Database, *, tag: str = "", every: int = 1, batch: int = 10000
) -> Iterator[list[tuple[str, ...]]]:
    """Every event as a row of the documented import CSV (id, title, date, track, summary, quote, actors,
    themes, tags; lists joined with "; "), in batches; every `every`-th event carries `tag`.
    """
    cur = db.conn.execute(
        """
        SELECT e.id, e.title, e.date, e.track, e.summary, coalesce(e.quote, ''),
          coalesce((SELECT group_concat(actor, '; ') FROM
                    (SELECT actor FROM event_actors WHERE event_id = e.id ORDER BY position)), ''),
          coalesce((SELECT group_concat(theme, '; ') FROM
                    (SELECT theme FROM event_themes WHERE event_id = e.id ORDER BY position)), ''),
          CASE WHEN e.num % ? = 0 THEN ? ELSE '' END
        FROM events e ORDER BY e.num
        """,
        [max(every, 1), tag],
    )
    while rows := cur.fetchmany(batch):
        yield rows


def indexed_count(db: sqlite_utils.Database) -> int:
    """How many rows the full-text index holds (one per event when it is complete)."""
    return int(db.execute("SELECT count(*) FROM events_fts").fetchone()[0])


def drawn_spans(path: Path) -> tuple[list[str], list[tuple[int, int, int, int, str]]]:
    """The track ids in lane order, and each event's (lo, hi, latest start day, open end, track), read-only.

    What a plain renderer needs to draw every event as a box (the benchmark's naive baseline).
    """
    conn = open_readonly(path)
    try:
        tracks = [r[0] for r in conn.execute("SELECT id FROM tracks ORDER BY position, id")]
        rows = conn.execute(
            "SELECT lo, hi, CAST(julianday(start_max) - 1721424.5 AS INTEGER), open_end, track FROM events"
        ).fetchall()
    finally:
        conn.close()
    return tracks, rows

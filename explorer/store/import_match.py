"""What an import finds already here: corpus events, tracks and sources, and the paper's record.

Used when the app's own JSON comes back (explorer.formats.own_format) and to keep two imports'
lanes apart; SQL only here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from explorer.store.authorship import local_author

__all__ = [
    "PAIRED_TRACKS",
    "attach_annotations",
    "corpus_event_ids",
    "restore_paper",
    "source_ids",
    "track_rows",
]

#: The two lanes the comparison reads: imported tracks of these ids join them.
PAIRED_TRACKS = ("foreign", "security")


def corpus_event_ids(db: sqlite_utils.Database) -> set[str]:
    """The ids of the corpus events here."""
    return {r[0] for r in db.execute("SELECT id FROM events WHERE origin = 'corpus'")}


def track_rows(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """Every track here: id -> (name, origin)."""
    return {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, name, origin FROM tracks")}


def source_ids(db: sqlite_utils.Database) -> set[str]:
    """The ids of every source here."""
    return {r[0] for r in db.execute("SELECT id FROM sources")}


def restore_paper(db: sqlite_utils.Database, paper: dict[str, str]) -> int:
    """Record the paper's title, authors and so on where this database has none (caller holds the transaction)."""
    n = 0
    for key, value in paper.items():
        if value:
            n += db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", [key, value]
            ).rowcount
    return n


def attach_annotations(
    db: sqlite_utils.Database,
    notes: Iterable[tuple[str, str, str, str, str]],
    tags: Iterable[tuple[str, str, str]],
    assessments: Iterable[tuple[Any, ...]],
) -> int:
    """Put a file's annotations on events already here, without duplicating any (caller holds the transaction).

    notes: (event, body, created, modified, author or ''), skipped when the event has a note with the same text;
    tags: (event, tag, created); assessments: (event, flagged, stars, belarus, russia, west, modified),
    skipped where the event is rated already. Returns how many were added.
    """
    me = local_author(db)
    added = 0
    for eid, body, created, modified, author in notes:
        added += db.execute(
            "INSERT INTO notes (event_id, body, created, modified, author) SELECT ?, ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM notes WHERE event_id = ? AND body = ?)",
            [eid, body, created, modified, author or me, eid, body],
        ).rowcount
    for eid, tag, created in tags:
        added += db.execute(
            "INSERT INTO event_tags (event_id, tag, created, modified, author) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(event_id, tag) DO NOTHING",
            [eid, tag, created, created, me],
        ).rowcount
    for row in assessments:
        added += db.execute(
            "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified, created, author)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING",
            [*row, row[-1], me],
        ).rowcount
    return added

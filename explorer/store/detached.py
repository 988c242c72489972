"""Annotations whose event is gone (a corpus update removed or renamed it, or a colleague's event
this workspace lacks), and putting them back on an event."""

from __future__ import annotations

import sqlite_utils

from explorer.store.changes import now
from explorer.store.errors import UnknownEvent
from explorer.store.fts import reindex_events

__all__ = ["reattach"]

#: (table, event column, has a modified column)
_MOVABLE = (
    ("notes", "event_id"),
    ("event_tags", "event_id"),
    ("assessments", "event_id"),
    ("links", "source_event"),
    ("links", "target_event"),
)


def reattach(db: sqlite_utils.Database, old_id: str, new_id: str) -> int:
    """Move every annotation kept for `old_id` onto the event `new_id`; how many moved.

    A tag, rating or link the event has already stays as it is and the detached one stays detached
    (nothing is lost). The moved annotations count as modified now, so that colleagues receive the move.
    """
    if not db.execute("SELECT 1 FROM events WHERE id = ?", [new_id]).fetchone():
        raise UnknownEvent(f"There is no event with the id “{new_id}”.")
    stamp = now()
    moved = 0
    with db.atomic():
        for table, column in _MOVABLE:
            # OR IGNORE: a clash with the event's own tag, rating or link (or a link to itself) is left detached
            moved += db.execute(
                f"UPDATE OR IGNORE {table} SET {column} = ?, modified = ? WHERE {column} = ?",
                [new_id, stamp, old_id],
            ).rowcount
        reindex_events(db, [new_id])
    return moved

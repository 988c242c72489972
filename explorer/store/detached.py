"""Annotations whose event is gone (a corpus update removed or renamed it, or a colleague's event
this workspace lacks), and putting them back on an event."""

from __future__ import annotations

from collections import Counter

import sqlite_utils

from explorer.store.changes import now
from explorer.store.errors import UnknownEvent
from explorer.store.fts import reindex_events
from explorer.store.sharing import ShareChange, author_changes

__all__ = ["detached_changes", "follow_renames", "moved_sentence", "reattach"]

#: (table, event column)
_MOVABLE = (
    ("notes", "event_id"),
    ("event_tags", "event_id"),
    ("assessments", "event_id"),
    ("links", "source_event"),
    ("links", "target_event"),
)
#: How each table's rows are named in sentences.
_WORDS = {"notes": "note", "event_tags": "tag", "assessments": "rating", "links": "link"}
_GONE = "NOT IN (SELECT id FROM events)"


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


def detached_changes(db: sqlite_utils.Database) -> list[ShareChange]:
    """Every detached annotation, whoever wrote it, as share changes (the share file's lines)."""
    gone = {
        r[0]
        for table, column in _MOVABLE
        for r in db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} {_GONE}")
    }
    if not gone:
        return []
    authors = sorted(
        {
            r[0]
            for table, column in _MOVABLE
            for r in db.execute(f"SELECT DISTINCT author FROM {table} WHERE {column} {_GONE}")
        }
    )
    return [
        c
        for who in authors
        for c in author_changes(db, who)
        if c.op == "put"
        and ((c.event is not None and c.event.id in gone) or (c.target is not None and c.target.id in gone))
    ]


def follow_renames(db: sqlite_utils.Database, id_map: dict[str, str]) -> Counter[str]:
    """Move annotations kept on old ids onto the records that now carry them (`renamed_from`).

    Only ids that are no longer events move, and only onto events that exist; counts by word
    ('note', 'tag', 'rating', 'link'). The moves count as modified now, so colleagues receive them.
    """
    moved: Counter[str] = Counter()
    pairs = [
        (old, new)
        for old, new in sorted(id_map.items())
        if not db.execute("SELECT 1 FROM events WHERE id = ?", [old]).fetchone()
        and db.execute("SELECT 1 FROM events WHERE id = ?", [new]).fetchone()
    ]
    if not pairs:
        return moved
    stamp = now()
    with db.atomic():
        for old, new in pairs:
            for table, column in _MOVABLE:
                n = db.execute(
                    f"UPDATE OR IGNORE {table} SET {column} = ?, modified = ? WHERE {column} = ?",
                    [new, stamp, old],
                ).rowcount
                if n:
                    moved[_WORDS[table]] += n
        reindex_events(db, [new for _, new in pairs])
    return moved


def moved_sentence(moved: Counter[str]) -> str:
    """'3 notes and 1 tag moved from renamed records.' ('' when nothing moved)."""
    parts = [f"{n} {w}{'' if n == 1 else 's'}" for w in ("note", "tag", "rating", "link") if (n := moved[w])]
    if not parts:
        return ""
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{words} moved from renamed records."

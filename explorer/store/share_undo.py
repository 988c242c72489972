"""Taking back a share import: a backup before the merge, and the annotation tables put back from it.

The undo is only allowed while the annotations are exactly as the merge left them (a fingerprint of
every annotation's id and modification time): anything written since would otherwise be lost, and
then the user is pointed at the backup instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from explorer.store.backup import backup_now
from explorer.store.errors import StoreError
from explorer.store.fts import reindex_events
from explorer.store.sharing import MergeReport, ShareChange, merge_changes

__all__ = ["MergeUndo", "merge_with_undo", "undo_merge"]

#: The tables a merge writes, tags before the assignments that name them (tombstones are put back
#: last, since the other tables' triggers write to it).
_TABLES = ("tags", "notes", "event_tags", "assessments", "periods", "links")
_EVENTS = (
    "SELECT event_id FROM notes UNION SELECT event_id FROM event_tags UNION SELECT event_id FROM assessments"
    " UNION SELECT source_event FROM links UNION SELECT target_event FROM links"
)


@dataclass(frozen=True)
class MergeUndo:
    """The backup made before a merge and the annotations' fingerprint right after it."""

    backup: Path
    fingerprint: str


def _fingerprint(db: sqlite_utils.Database) -> str:
    h = hashlib.sha256()
    for table in ("notes", "event_tags", "assessments", "periods", "links"):
        for uid, modified in db.execute(f"SELECT uid, modified FROM {table} ORDER BY uid"):
            h.update(f"{table}\0{uid}\0{modified}\n".encode())
    for (uid,) in db.execute("SELECT uid FROM tombstones ORDER BY uid"):
        h.update(f"t\0{uid}\n".encode())
    return h.hexdigest()


def merge_with_undo(
    db: sqlite_utils.Database, changes: Iterable[ShareChange], backups: Path | None = None
) -> tuple[MergeReport, MergeUndo]:
    """Back up, then merge a share file's changes; the report and what undoing it needs."""
    backup = backup_now(db, folder=backups, reason="before importing annotations")
    report = merge_changes(db, changes)
    return report, MergeUndo(backup, _fingerprint(db))


def undo_merge(db: sqlite_utils.Database, undo: MergeUndo) -> list[str]:
    """Put every annotation back as it was before the merge; the events whose annotations changed."""
    if _fingerprint(db) != undo.fingerprint:
        raise StoreError(
            "Annotations changed after the import, so undoing it would lose them; "
            f"the backup {undo.backup} holds the state before the import."
        )
    if not undo.backup.is_file():
        raise StoreError(f"The backup {undo.backup} made before the import is gone.")
    db.execute("ATTACH DATABASE ? AS old", [str(undo.backup.resolve())])
    try:
        with db.atomic():
            touched = {r[0] for r in db.execute(_EVENTS)}
            for table in reversed(_TABLES):
                db.execute(f"DELETE FROM {table}")
            for table in _TABLES:
                db.execute(f"INSERT INTO {table} SELECT * FROM old.{table}")
            db.execute("DELETE FROM tombstones")
            db.execute("INSERT INTO tombstones SELECT * FROM old.tombstones")
            touched |= {r[0] for r in db.execute(_EVENTS)}
            events = sorted(r[0] for r in db.execute("SELECT id FROM events") if r[0] in touched)
            reindex_events(db, events)
    finally:
        db.execute("DETACH DATABASE old")
    return events

"""Imported datasets: listed, removed (after a backup) and brought back from that backup.

Removing a dataset deletes its events, the lanes and sources it brought, and its record, in one
transaction; annotations on its events are kept (detached, as for any vanished event) so that
bringing the dataset back finds them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from explorer.store.backup import backup_now
from explorer.store.errors import StoreError
from explorer.store.fts import reindex_events

__all__ = ["DatasetInfo", "list_datasets", "remove_dataset", "restore_dataset"]

#: Tables holding a dataset's rows, children first (for deleting) — copied back in reverse order.
_ROWS = ("event_actors", "event_themes", "event_sources", "importance", "table_one", "event_media")


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """One imported file: its id, file name, format, when, and how many events and lanes it has now."""

    id: str
    name: str
    format: str
    imported: str
    events: int
    tracks: int


def list_datasets(db: sqlite_utils.Database) -> list[DatasetInfo]:
    """The imported datasets, oldest first."""
    return [
        DatasetInfo(*r)
        for r in db.execute(
            "SELECT d.id, d.name, d.format, d.imported,"
            " (SELECT count(*) FROM events e WHERE e.origin = 'import:' || d.id),"
            " (SELECT count(*) FROM tracks t WHERE t.origin = 'import:' || d.id)"
            " FROM datasets d ORDER BY d.imported, d.id"
        )
    ]


def remove_dataset(db: sqlite_utils.Database, dataset_id: str, backups: Path | None = None) -> Path:
    """Back the database up, then remove a dataset's events, lanes, sources and record; the backup's path."""
    if not db.execute("SELECT 1 FROM datasets WHERE id = ?", [dataset_id]).fetchone():
        raise StoreError(f"There is no imported dataset “{dataset_id}”.")
    backup = backup_now(db, folder=backups, reason=f"before removing {dataset_id}")
    origin = f"import:{dataset_id}"
    with db.atomic():
        db.execute(
            "DELETE FROM events_fts WHERE rowid IN (SELECT num FROM events WHERE origin = ?)", [origin]
        )
        db.execute("DELETE FROM events WHERE origin = ?", [origin])  # lists cascade
        db.execute("DELETE FROM tracks WHERE origin = ? AND id NOT IN (SELECT track FROM events)", [origin])
        db.execute(
            "DELETE FROM sources WHERE origin = ? AND id NOT IN (SELECT source_id FROM event_sources)",
            [origin],
        )
        db.execute("DELETE FROM datasets WHERE id = ?", [dataset_id])
    return backup


def restore_dataset(db: sqlite_utils.Database, backup: Path, dataset_id: str) -> int:
    """Bring a removed dataset back from the backup made before its removal; how many events came back."""
    origin = f"import:{dataset_id}"
    db.execute("ATTACH DATABASE ? AS old", [str(Path(backup).resolve())])
    try:
        with db.atomic():
            db.execute("INSERT INTO datasets SELECT * FROM old.datasets WHERE id = ?", [dataset_id])
            db.execute("INSERT OR IGNORE INTO tracks SELECT * FROM old.tracks WHERE origin = ?", [origin])
            db.execute("INSERT OR IGNORE INTO sources SELECT * FROM old.sources WHERE origin = ?", [origin])
            db.execute("INSERT INTO events SELECT * FROM old.events WHERE origin = ?", [origin])
            mine = "(SELECT id FROM old.events WHERE origin = ?)"
            for table in _ROWS:
                db.execute(
                    f"INSERT OR IGNORE INTO {table} SELECT * FROM old.{table} WHERE event_id IN {mine}",
                    [origin],
                )
            ids = [r[0] for r in db.execute("SELECT id FROM events WHERE origin = ?", [origin])]
            reindex_events(db, ids)
    finally:
        db.execute("DETACH DATABASE old")
    return len(ids)

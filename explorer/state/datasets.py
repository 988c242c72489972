"""`session.datasets`: the files imported into the database, which can be removed and brought back.

Removing or restoring a dataset changes the events, so the events are reloaded (the session emits
`eventsChanged`) and this service emits `changed()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from explorer.state.signal import Signal
from explorer.store.datasets import DatasetInfo, list_datasets, remove_dataset, restore_dataset

if TYPE_CHECKING:
    from explorer.state.session import Session


class DatasetService:
    """The imported datasets of the session's database; `changed` after a removal or a restore."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self.changed = Signal("changed")
        self._session = session
        self._db = db

    def all(self) -> list[DatasetInfo]:
        """The imported datasets, oldest first, with their event and track counts."""
        return list_datasets(self._db)

    def remove(self, dataset_id: str) -> Path:
        """Back the database up, then remove a dataset's events and lanes; the backup's path."""
        backup = remove_dataset(self._db, dataset_id)
        self._session.events.reload()
        self.changed.emit()
        return backup

    def restore(self, backup: Path, dataset_id: str) -> int:
        """Bring a removed dataset back from the backup made before its removal; how many events came back."""
        n = restore_dataset(self._db, backup, dataset_id)
        self._session.events.reload()
        self.changed.emit()
        return n

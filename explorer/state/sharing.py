"""`session.sharing`: the author's name, the team folder and annotation files exchanged with colleagues.

Merging colleagues' annotations changes what every view shows, so the writes here end with
`session.annotations.reload_all`, which emits the annotation signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from explorer.formats.share_format import write_share
from explorer.formats.team_folder import TeamSync, sync_folder
from explorer.store.authorship import local_author, set_local_author
from explorer.store.changes import now
from explorer.store.detached import detached_changes
from explorer.store.share_undo import MergeUndo, merge_with_undo, undo_merge
from explorer.store.sharing import (
    MergeReport,
    ShareChange,
    author_changes,
    corpus_digest_of,
    get_state,
    set_state,
)

if TYPE_CHECKING:
    from explorer.state.session import Session


class SharingService:
    """Annotations to and from colleagues: files, the team folder, the name the user writes under."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self._session = session
        self._db = db

    # --- the author and the folder -------------------------------------------------------------
    def author(self) -> str:
        """The name the user writes under."""
        return local_author(self._db)

    def set_author(self, name: str) -> None:
        """Write under another name (ValueError for an empty or unusable one)."""
        set_local_author(self._db, name)

    def folder(self) -> Path | None:
        """The team folder (None when none is set)."""
        value = get_state(self._db, "folder")
        return Path(value) if value else None

    def set_folder(self, folder: Path | None) -> None:
        """Keep the team folder (None: no folder)."""
        set_state(self._db, "folder", str(folder) if folder else None)

    # --- files ------------------------------------------------------------------------------------
    def export_own(self, path: Path | str) -> list[ShareChange]:
        """Write the user's annotations (on a read-only database only theirs) to a share file; the changes written."""
        me = self.author()
        changes = author_changes(self._db, me) if self._session.readonly else author_changes(self._db)
        write_share(path, me, corpus_digest_of(self._db), now(), changes)
        return changes

    def export_detached(self, path: Path | str) -> list[ShareChange]:
        """Write the annotations of events this database does not hold to a share file; the changes written."""
        changes = detached_changes(self._db)
        write_share(path, self.author(), corpus_digest_of(self._db), now(), changes)
        return changes

    def merge(self, changes: list[ShareChange]) -> tuple[MergeReport, MergeUndo]:
        """Merge a colleague's changes; what changed and how to take it back."""
        report, undo = merge_with_undo(self._db, changes)
        if report.changed:
            self._session.annotations.reload_all(sorted(report.touched))
        return report, undo

    def undo_merge(self, undo: MergeUndo) -> list[str]:
        """Take a merge back; the event ids touched."""
        touched = undo_merge(self._db, undo)
        self._session.annotations.reload_all(touched)
        return touched

    def sync(self, folder: Path) -> TeamSync:
        """Write own changes to the team folder and merge colleagues'."""
        result = sync_folder(self._db, folder)
        if result.merged.changed:
            self._session.annotations.reload_all(sorted(result.merged.touched))
        return result

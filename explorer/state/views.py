"""`session.views`: the saved views kept in the database (explorer.store.views), with one signal.

What a view holds is captured from and put back into the window by the ui
(explorer.ui.facets.view_state); this service only stores, renames, deletes, exports and imports
them and emits `changed()` after each write. On a read-only database a view file can still be
read (and applied by the ui), only not kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from explorer.state.signal import Signal
from explorer.store.views import (
    SavedView,
    ViewState,
    delete_view,
    export_view,
    get_view,
    import_view,
    list_views,
    missing_references,
    read_view_file,
    rename_view,
    save_view,
)

if TYPE_CHECKING:
    from explorer.state.session import Session


class ViewService:
    """Saved views of the session's database; `changed` after a save, rename, delete or import."""

    def __init__(self, session: Session, db: sqlite_utils.Database) -> None:
        self.changed = Signal("changed")
        self._session = session
        self._db = db

    @property
    def writable(self) -> bool:
        """False when views cannot be stored (read-only database)."""
        return not self._session.readonly

    def all(self) -> list[SavedView]:
        """Every saved view, by name."""
        return list_views(self._db)

    def get(self, name: str) -> SavedView:
        """One view by name (ViewError when there is none)."""
        return get_view(self._db, name)

    def save(self, name: str, state: ViewState) -> SavedView:
        """Keep a view under a name (replacing a view of that name)."""
        view = save_view(self._db, name, state)
        self.changed.emit()
        return view

    def rename(self, old: str, new: str) -> SavedView:
        """Give a view another name."""
        view = rename_view(self._db, old, new)
        self.changed.emit()
        return view

    def delete(self, name: str) -> None:
        """Remove a view."""
        delete_view(self._db, name)
        self.changed.emit()

    def export(self, name: str, path: Path | str) -> Path:
        """Write a view to a small JSON file."""
        return export_view(get_view(self._db, name), path)

    def read_file(self, path: Path | str) -> tuple[SavedView, list[str]]:
        """Read a view file, keeping it when the database is writable; the view and what it names that is missing.

        ViewError (one sentence naming the file and field) when the file is not a view.
        """
        view = import_view(self._db, path) if self.writable else read_view_file(path)
        warnings = missing_references(self._db, view.state)
        if self.writable:
            self.changed.emit()
        return view, warnings

"""The window's saved views: store calls (explorer.store.views) and restoring one, with one signal.

Widgets never write SQL: the Saved views dock and File > Open View… go through `SavedViews`, which
saves, renames, deletes, exports and imports views and emits `changed` after each write. On a
read-only database a view file can still be opened (applied), only not kept.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal

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
from explorer.ui.facets.view_state import ViewParts, apply_state, capture_state

READ_ONLY_TIP = "This database is open read-only, so views cannot be kept in it (they can still be opened)."


class SavedViews(QObject):
    """Saved views of the window's database; `changed` after a save, rename, delete or import."""

    changed = Signal()
    restored = Signal(str)

    def __init__(self, parts: ViewParts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts

    @property
    def db(self) -> sqlite_utils.Database:
        """The window's database."""
        return self.parts.session.db

    @property
    def writable(self) -> bool:
        """False when views cannot be stored (read-only database)."""
        return not self.parts.session.readonly

    def views(self) -> list[SavedView]:
        """Every saved view, by name."""
        return list_views(self.db)

    def current_state(self) -> ViewState:
        """What the window shows now."""
        return capture_state(self.parts)

    def save_current(self, name: str) -> SavedView:
        """Save what the window shows under a name (replacing a view of that name)."""
        view = save_view(self.db, name, self.current_state())
        self.changed.emit()
        return view

    def restore(self, name: str) -> SavedView:
        """Put a saved view back in the window."""
        view = get_view(self.db, name)
        apply_state(self.parts, view.state)
        self.restored.emit(view.name)
        return view

    def apply(self, view: SavedView) -> None:
        """Put a view (from a file, say) in the window without storing it."""
        apply_state(self.parts, view.state)
        self.restored.emit(view.name)

    def rename(self, old: str, new: str) -> SavedView:
        """Give a view another name."""
        view = rename_view(self.db, old, new)
        self.changed.emit()
        return view

    def delete(self, name: str) -> None:
        """Remove a view."""
        delete_view(self.db, name)
        self.changed.emit()

    def export(self, name: str, path: Path | str) -> Path:
        """Write a view to a small JSON file."""
        return export_view(get_view(self.db, name), path)

    def open_file(self, path: Path | str) -> tuple[SavedView, list[str]]:
        """Read a view file, keep it when the database is writable, show it; the view and warnings.

        ViewError (one sentence naming the file and field) when the file is not a view.
        """
        view = import_view(self.db, path) if self.writable else read_view_file(path)
        warnings = missing_references(self.db, view.state)
        if self.writable:
            self.changed.emit()
        self.apply(view)
        return view, warnings

"""The window's saved views: what the window shows, kept through `session.views` and put back.

Widgets never write SQL: the Saved views dock and File > Open View… go through `SavedViews`, which
captures the window's view (explorer.ui.facets.view_state), stores, renames, deletes, exports and
imports it through the session's ViewService and restores one. `changed` is the service's signal
(after each write); `restored(name)` follows putting a view back. On a read-only database a view
file can still be opened (applied), only not kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from explorer.store.views import SavedView, ViewState
from explorer.ui.facets.view_state import ViewParts, apply_state, capture_state

READ_ONLY_TIP = "This database is open read-only, so views cannot be kept in it (they can still be opened)."


class SavedViews(QObject):
    """Saved views of the window's database; `changed` after a save, rename, delete or import."""

    restored = Signal(str)

    def __init__(self, parts: ViewParts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.service = parts.session.views
        self.changed = self.service.changed

    @property
    def writable(self) -> bool:
        """False when views cannot be stored (read-only database)."""
        return self.service.writable

    def views(self) -> list[SavedView]:
        """Every saved view, by name."""
        return self.service.all()

    def current_state(self) -> ViewState:
        """What the window shows now."""
        return capture_state(self.parts)

    def save_current(self, name: str) -> SavedView:
        """Save what the window shows under a name (replacing a view of that name)."""
        return self.service.save(name, self.current_state())

    def restore(self, name: str) -> SavedView:
        """Put a saved view back in the window."""
        view = self.service.get(name)
        self.apply(view)
        return view

    def apply(self, view: SavedView) -> None:
        """Put a view (from a file, say) in the window without storing it."""
        apply_state(self.parts, view.state)
        self.restored.emit(view.name)

    def rename(self, old: str, new: str) -> SavedView:
        """Give a view another name."""
        return self.service.rename(old, new)

    def delete(self, name: str) -> None:
        """Remove a view."""
        self.service.delete(name)

    def export(self, name: str, path: Path | str) -> Path:
        """Write a view to a small JSON file."""
        return self.service.export(name, path)

    def open_file(self, path: Path | str) -> tuple[SavedView, list[str]]:
        """Read a view file, keep it when the database is writable, show it; the view and warnings.

        ViewError (one sentence naming the file and field) when the file is not a view.
        """
        view, warnings = self.service.read_file(path)
        self.apply(view)
        return view, warnings

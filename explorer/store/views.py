"""Saved views: a named filter with the zoom, the visible lanes and the selection. No Qt.

Views live in the `saved_views` table (state as JSON) and travel as small JSON files of the form
`{"format": "neutrality-explorer/view@1", "name": ..., "state": {...}}`. Reading a file checks every
field and reports a problem as one sentence naming the file and the field.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer.model import OPEN_HI
from explorer.store.atomic import write_atomic
from explorer.store.changes import now, writing
from explorer.store.errors import StoreError, unreadable
from explorer.store.filters import Filter, FilterError

__all__ = [
    "VIEW_FORMAT",
    "SavedView",
    "ViewError",
    "ViewState",
    "delete_view",
    "export_view",
    "get_view",
    "import_view",
    "list_views",
    "missing_references",
    "read_view_file",
    "rename_view",
    "save_view",
]

VIEW_FORMAT = "neutrality-explorer/view@1"
MAX_NAME = 80
_STATE_FIELDS = ("filter", "zoom", "lanes", "selection")


class ViewError(StoreError):
    """A saved view that cannot be found, named, stored or read; the message is one sentence."""


@dataclass(frozen=True)
class ViewState:
    """What a view restores: the filter, the zoom (start and end day numbers), lanes in order, selection."""

    filter: Filter = field(default_factory=Filter)
    zoom: tuple[int, int] | None = None
    lanes: tuple[str, ...] = ()
    selection: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "filter": self.filter.to_dict(),
            "zoom": list(self.zoom) if self.zoom else None,
            "lanes": list(self.lanes),
            "selection": list(self.selection),
        }

    @classmethod
    def from_dict(cls, data: Any, *, where: str = "the view") -> ViewState:
        """Read a dict written by to_dict; ViewError names the field that is wrong."""
        if not isinstance(data, Mapping):
            raise ViewError(f"{where}: the field “state” must be a JSON object.")
        unknown = sorted(set(data) - set(_STATE_FIELDS))
        if unknown:
            raise ViewError(f"{where}: the field “state.{unknown[0]}” is not part of a view.")
        try:
            flt = Filter.from_dict(data.get("filter") or {}, where=f"{where}: the field “state.filter”")
        except FilterError as exc:
            raise ViewError(str(exc)) from None
        zoom = data.get("zoom")
        if zoom is not None:
            if (
                not isinstance(zoom, list | tuple)
                or len(zoom) != 2
                or not all(isinstance(z, int) and not isinstance(z, bool) for z in zoom)
                or not 1 <= zoom[0] < zoom[1] <= OPEN_HI
            ):
                raise ViewError(
                    f"{where}: the field “state.zoom” must be two day numbers between 1 and {OPEN_HI},"
                    " the start before the end."
                )
            zoom = (int(zoom[0]), int(zoom[1]))
        return cls(flt, zoom, _strings(data, "lanes", where), _strings(data, "selection", where))


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise ViewError(f"{where}: the field “state.{key}” must be a list of ids (text).")
    return tuple(dict.fromkeys(value))


@dataclass(frozen=True)
class SavedView:
    """A stored view: its name, state and timestamps (ISO 8601, UTC)."""

    name: str
    state: ViewState
    created: str = ""
    modified: str = ""

    def to_file_dict(self) -> dict[str, Any]:
        """The exchange form written by export_view."""
        return {"format": VIEW_FORMAT, "name": self.name, "state": self.state.to_dict()}


def clean_view_name(name: Any, where: str = "The view name") -> str:
    """A view name with its spaces tidied; ViewError when empty, too long or holding control characters."""
    if not isinstance(name, str):
        raise ViewError(f"{where} must be text.")
    text = " ".join(name.split())
    if not text:
        raise ViewError(f"{where} is empty.")
    if len(text) > MAX_NAME:
        raise ViewError(f"{where} “{text[:30]}…” is longer than {MAX_NAME} characters.")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise ViewError(f"{where} “{text[:30]}” holds control characters.")
    return text


# --- the table ----------------------------------------------------------------------------------------


def _row(r: tuple[Any, ...]) -> SavedView:
    name, state, created, modified = r
    try:
        data = json.loads(state)
    except ValueError:
        raise ViewError(f"The saved view “{name}” is damaged (its state is not JSON).") from None
    return SavedView(name, ViewState.from_dict(data, where=f"the saved view “{name}”"), created, modified)


def list_views(db: sqlite_utils.Database) -> list[SavedView]:
    """Every saved view, by name."""
    rows = db.execute("SELECT name, state, created, modified FROM saved_views").fetchall()
    return sorted((_row(r) for r in rows), key=lambda v: (v.name.casefold(), v.name))


def get_view(db: sqlite_utils.Database, name: str) -> SavedView:
    """One saved view by name; ViewError if there is none."""
    r = db.execute("SELECT name, state, created, modified FROM saved_views WHERE name = ?", [name]).fetchone()
    if r is None:
        raise ViewError(f"There is no saved view named “{name}”.")
    return _row(r)


def save_view(db: sqlite_utils.Database, name: str, state: ViewState, *, overwrite: bool = True) -> SavedView:
    """Store a view under a name (replacing one of that name unless overwrite is False)."""
    name = clean_view_name(name)
    stamp = now()
    text = json.dumps(state.to_dict(), ensure_ascii=False, sort_keys=True)
    with writing(db, "views"):
        old = db.execute("SELECT created FROM saved_views WHERE name = ?", [name]).fetchone()
        if old is not None and not overwrite:
            raise ViewError(f"A saved view named “{name}” already exists.")
        created = old[0] if old else stamp
        db.execute(
            "INSERT OR REPLACE INTO saved_views (name, state, created, modified) VALUES (?, ?, ?, ?)",
            [name, text, created, stamp],
        )
    return SavedView(name, state, created, stamp)


def rename_view(db: sqlite_utils.Database, old: str, new: str) -> SavedView:
    """Give a saved view another name (refused when that name is taken by another view)."""
    new = clean_view_name(new, "The new view name")
    with writing(db, "views"):
        view = get_view(db, old)
        if new == old:
            return view
        if db.execute("SELECT 1 FROM saved_views WHERE name = ?", [new]).fetchone():
            raise ViewError(f"A saved view named “{new}” already exists.")
        stamp = now()
        db.execute("UPDATE saved_views SET name = ?, modified = ? WHERE name = ?", [new, stamp, old])
    return SavedView(new, view.state, view.created, stamp)


def delete_view(db: sqlite_utils.Database, name: str) -> None:
    """Remove a saved view; ViewError if there is none by that name."""
    with writing(db, "views"):
        if db.execute("DELETE FROM saved_views WHERE name = ?", [name]).rowcount == 0:
            raise ViewError(f"There is no saved view named “{name}”.")


# --- files ---------------------------------------------------------------------------------------------


def export_view(view: SavedView, path: Path | str) -> Path:
    """Write a view to a small JSON file that another user can open (atomically)."""
    text = json.dumps(view.to_file_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return write_atomic(path, text)


def read_view_file(path: Path | str) -> SavedView:
    """Read and check a view file; ViewError names the file and the field that is wrong."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ViewError(f"{p} is not a text file in UTF-8, so it is not a view file.") from None
    except OSError as exc:
        raise ViewError(unreadable(p, exc, "a view file")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ViewError(f"{p} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    if not isinstance(data, dict):
        raise ViewError(f"{p} does not hold a JSON object, so it is not a view file.")
    fmt = data.get("format")
    if fmt != VIEW_FORMAT:
        raise ViewError(f"{p}: the field “format” is {json.dumps(fmt)}, expected “{VIEW_FORMAT}”.")
    unknown = sorted(set(data) - {"format", "name", "state"})
    if unknown:
        raise ViewError(f"{p}: the field “{unknown[0]}” is not part of a view file.")
    name = clean_view_name(data.get("name"), f"{p}: the field “name”")
    if "state" not in data:
        raise ViewError(f"{p}: the field “state” is missing.")
    return SavedView(name, ViewState.from_dict(data["state"], where=str(p)))


def import_view(
    db: sqlite_utils.Database, path: Path | str, *, name: str | None = None, overwrite: bool = False
) -> SavedView:
    """Read a view file and store it; a taken name gets a number ("Crimea (2)") unless overwriting."""
    view = read_view_file(path)
    target = clean_view_name(name) if name else view.name
    if not overwrite:
        taken = {r[0] for r in db.execute("SELECT name FROM saved_views")}
        base, n = target, 2
        while target in taken:
            suffix = f" ({n})"
            target, n = base[: MAX_NAME - len(suffix)] + suffix, n + 1
    return save_view(db, target, view.state, overwrite=True)


def missing_references(db: sqlite_utils.Database, state: ViewState) -> list[str]:
    """Sentences about what a view names that this database lacks (lanes, events, facet values)."""
    out = []
    checks = [
        ("lane", "tracks", "id", state.lanes),
        ("track", "tracks", "id", state.filter.track),
        ("selected event", "events", "id", state.selection),
        ("actor", "actors", "name", state.filter.actor),
        ("theme", "themes", "id", state.filter.theme),
        ("tag", "tags", "name", state.filter.tag),
    ]
    for what, table, column, values in checks:
        if not values:
            continue
        known = {
            r[0]
            for r in db.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
                [json.dumps(list(values), ensure_ascii=False)],
            )
        }
        missing = [v for v in values if v not in known]
        if missing:
            shown = ", ".join(f"“{m}”" for m in missing[:3]) + (
                f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            )
            plural = "s" if len(missing) > 1 else ""
            out.append(f"The view names {len(missing)} {what}{plural} this database does not have: {shown}.")
    return out

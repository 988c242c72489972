"""Imported tracks made readable: renamed, recoloured, merged into another track, or counted with
the foreign or security side of the comparison.

The side is kept in the `meta` table (key `side.<track id>`), so no schema change is needed; the
comparison's foreign and security series take in the events of every track assigned to that side.
Every change returns what undoing it needs, so the Datasets dialog can take it back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import sqlite_utils

from explorer.store.errors import StoreError
from explorer.store.filter_data import forget

__all__ = [
    "SIDES",
    "TrackInfo",
    "imported_tracks",
    "MergedTrack",
    "merge_track",
    "recolour_track",
    "rename_track",
    "set_track_side",
    "side_tracks",
    "track_sides",
    "unmerge_track",
]

#: The two sides of the paper's comparison (the paired lanes' ids).
SIDES = ("foreign", "security")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_SIDE_KEY = "side."


def _name_of(db: sqlite_utils.Database, track: str) -> str:
    row = db.execute("SELECT name FROM tracks WHERE id = ?", [track]).fetchone()
    if not row:
        raise StoreError(f"There is no track “{track}”.")
    return str(row[0])


def rename_track(db: sqlite_utils.Database, track: str, name: str) -> str:
    """Give a track a new name (unique among tracks, so two lanes never read the same); the old name."""
    old = _name_of(db, track)
    name = name.strip()
    if not name:
        raise StoreError("A track needs a name.")
    clash = db.execute(
        "SELECT id FROM tracks WHERE lower(name) = lower(?) AND id != ?", [name, track]
    ).fetchone()
    if clash:
        raise StoreError(f"Another track is already called “{name}”; choose a name the lanes can tell apart.")
    with db.atomic():
        db.execute("UPDATE tracks SET name = ? WHERE id = ?", [name, track])
    forget(db)  # the filter's cached track names: counts alone do not show an edit in place
    return old


def recolour_track(db: sqlite_utils.Database, track: str, colour: str) -> str:
    """Give a track a new colour of the form #rrggbb; the old colour."""
    _name_of(db, track)
    colour = colour.strip()
    if not _COLOUR.fullmatch(colour):
        raise StoreError(f"“{colour}” is not a colour of the form #rrggbb (for example #1b9e77).")
    old = db.execute("SELECT color FROM tracks WHERE id = ?", [track]).fetchone()[0]
    with db.atomic():
        db.execute("UPDATE tracks SET color = ? WHERE id = ?", [colour.lower(), track])
    forget(db)
    return str(old)


def track_sides(db: sqlite_utils.Database) -> dict[str, str]:
    """Each track assigned to a side of the comparison, with that side."""
    rows = db.execute("SELECT key, value FROM meta WHERE key LIKE 'side.%'")
    return {str(k)[len(_SIDE_KEY) :]: str(v) for k, v in rows}


def side_tracks(db: sqlite_utils.Database, side: str) -> list[str]:
    """The tracks whose events the comparison counts with `side` (besides that side's own track)."""
    return sorted(t for t, s in track_sides(db).items() if s == side)


def set_track_side(db: sqlite_utils.Database, track: str, side: str | None) -> str | None:
    """Count a track's events with the foreign or security side (None: with neither); the old side."""
    _name_of(db, track)
    if side is not None and side not in SIDES:
        raise StoreError(f"“{side}” is not a side of the comparison (foreign or security).")
    if track in SIDES:
        raise StoreError(f"“{track}” is itself a side of the comparison.")
    old = track_sides(db).get(track)
    with db.atomic():
        db.execute("DELETE FROM meta WHERE key = ?", [_SIDE_KEY + track])
        if side is not None:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [_SIDE_KEY + track, side])
    return old


@dataclass(frozen=True)
class MergedTrack:
    """What a merge removed: the track's row, its side and the events moved, to undo it exactly."""

    row: tuple[object, ...]
    side: str | None
    target: str
    events: tuple[str, ...]

    @property
    def name(self) -> str:
        """The merged track's name."""
        return str(self.row[1])


def merge_track(db: sqlite_utils.Database, track: str, into: str) -> MergedTrack:
    """Move a track's events into another track and remove it; what undoing needs."""
    _name_of(db, track)
    _name_of(db, into)
    if track == into:
        raise StoreError("A track cannot be merged into itself.")
    if track in SIDES:
        raise StoreError(f"“{track}” is a side of the comparison and stays its own track.")
    row = tuple(db.execute("SELECT * FROM tracks WHERE id = ?", [track]).fetchone())
    side = track_sides(db).get(track)
    events = tuple(r[0] for r in db.execute("SELECT id FROM events WHERE track = ? ORDER BY id", [track]))
    with db.atomic():
        db.execute("UPDATE events SET track = ? WHERE track = ?", [into, track])
        db.execute("DELETE FROM meta WHERE key = ?", [_SIDE_KEY + track])
        db.execute("DELETE FROM tracks WHERE id = ?", [track])
    forget(db)
    return MergedTrack(row, side, into, events)


def unmerge_track(db: sqlite_utils.Database, merged: MergedTrack) -> int:
    """Undo a merge: the track comes back with its side and its events; how many events moved back."""
    marks = ", ".join("?" for _ in merged.row)
    with db.atomic():
        db.execute(f"INSERT INTO tracks VALUES ({marks})", list(merged.row))
        if merged.side:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [_SIDE_KEY + str(merged.row[0]), merged.side],
            )
        moved = db.execute(
            "UPDATE events SET track = ? WHERE track = ? AND id IN (SELECT value FROM json_each(?))",
            [merged.row[0], merged.target, json.dumps(list(merged.events), ensure_ascii=False)],
        ).rowcount
    forget(db)
    return moved


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """One track as the Datasets dialog lists it: id, name, colour, events now, and side (or '')."""

    id: str
    name: str
    color: str
    events: int
    side: str


def imported_tracks(db: sqlite_utils.Database) -> list[TrackInfo]:
    """The tracks imported files brought, in lane order."""
    sides = track_sides(db)
    rows = db.execute(
        "SELECT t.id, t.name, t.color, (SELECT count(*) FROM events e WHERE e.track = t.id)"
        " FROM tracks t WHERE t.origin LIKE 'import:%' ORDER BY t.position, t.id"
    )
    return [TrackInfo(str(i), str(n), str(c), int(k), sides.get(str(i), "")) for i, n, c, k in rows]

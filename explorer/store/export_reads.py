"""What an export gathers beside the events: notes, tags, assessments, periods and links.

The file read may be a subset written by an older version (no notes table, no author column, no
extra-track placements), so each reader says what it found rather than assuming the current schema.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

import sqlite_utils

from explorer.model import Assessment, Link, Note, Period


def has_table(db: sqlite_utils.Database, name: str) -> bool:
    """True when the file has a table (or view) of this name."""
    return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone())


def notes_by_event(db: sqlite_utils.Database, ids: Collection[str]) -> dict[str, list[Note]]:
    """The notes on the given events, oldest first; a file without authors gives empty ones."""
    has_author = any(r[1] == "author" for r in db.execute("PRAGMA table_info(notes)"))
    author = "author" if has_author else "''"
    notes: dict[str, list[Note]] = defaultdict(list)
    for nid, eid, body, created, modified, who in db.execute(
        f"SELECT id, event_id, body, created, modified, {author} FROM notes ORDER BY created, id"
    ):
        if eid in ids:
            notes[eid].append(Note(nid, eid, body, created, modified, author=who))
    return dict(notes)


def tags_by_event(db: sqlite_utils.Database, ids: Collection[str]) -> dict[str, list[str]]:
    """The tag names on each of the given events, in name order."""
    tags: dict[str, list[str]] = defaultdict(list)
    for eid, tag in db.execute("SELECT event_id, tag FROM event_tags ORDER BY tag"):
        if eid in ids:
            tags[eid].append(tag)
    return dict(tags)


def tag_colors(db: sqlite_utils.Database) -> dict[str, str]:
    """Every tag's colour by name."""
    return {r[0]: r[1] for r in db.execute("SELECT name, color FROM tags")}


def assessments_by_event(db: sqlite_utils.Database, ids: Collection[str]) -> dict[str, Assessment]:
    """The assessment of each of the given events that has one."""
    return {
        r[0]: Assessment(r[0], bool(r[1]), int(r[2]), r[3], r[4], r[5], r[6])
        for r in db.execute(
            "SELECT event_id, flagged, stars, belarus, russia, west, modified FROM assessments"
        )
        if r[0] in ids
    }


def all_periods(db: sqlite_utils.Database) -> list[Period]:
    """Every period, by start."""
    return [
        Period(*r)
        for r in db.execute(
            "SELECT id, name, date, note, color, created, modified FROM periods ORDER BY lo, id"
        )
    ]


def links_within(db: sqlite_utils.Database, ids: Collection[str]) -> list[Link]:
    """The links whose both ends are among the given events."""
    return [
        Link(*r)
        for r in db.execute(
            "SELECT id, source_event, target_event, type, note, created FROM links ORDER BY id"
        )
        if r[1] in ids and r[2] in ids
    ]

"""The INSERT statements of an import, one function per table, fed by explorer.formats.import_write. No Qt.

Every function takes rows as an iterable of tuples in the order of its columns and writes them in
the caller's transaction (explorer.store.imports.insert_many), so a generator of a million rows is
never held as a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from explorer.store.imports import event_insert, fault_point, insert_many
from explorer.store.side_build import LINK_TABLES

Rows = Iterable[Sequence[Any]]


def insert_tracks(db: sqlite_utils.Database, rows: Rows) -> None:
    """(id, name, description, color, position, origin)."""
    insert_many(
        db,
        "INSERT INTO tracks (id, name, description, color, position, origin) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_sources(db: sqlite_utils.Database, rows: Rows) -> None:
    """(id, number, citation, url, language, date, section, origin)."""
    insert_many(
        db,
        "INSERT INTO sources (id, number, citation, url, language, date, section, origin)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_event_batches(
    db: sqlite_utils.Database,
    columns: Sequence[str],
    constants: dict[str, str | int | None],
    batches: Iterable[Rows],
) -> None:
    """Batches of rows of the event `columns`, with `constants` the same for every row (imports.event_insert)."""
    sql = event_insert(columns, constants)
    executemany = db.conn.executemany
    for batch in batches:
        executemany(sql, batch)
    fault_point("write")


def insert_list(db: sqlite_utils.Database, table: str, rows: Rows) -> None:
    """(event_id, value, position) into one of the event's list tables (event_actors, event_themes)."""
    column = next(c for t, c, _ in LINK_TABLES if t == table)  # a known table, never user text
    insert_many(db, f"INSERT INTO {table} (event_id, {column}, position) VALUES (?, ?, ?)", rows)


def insert_event_sources(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, source_id, position)."""
    insert_many(db, "INSERT INTO event_sources (event_id, source_id, position) VALUES (?, ?, ?)", rows)


def insert_tags(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, tag, created)."""
    insert_many(db, "INSERT INTO event_tags (event_id, tag, created) VALUES (?, ?, ?)", rows)


def insert_notes(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, body, created, modified, author); '' as author takes the local author's, by trigger."""
    insert_many(
        db, "INSERT INTO notes (event_id, body, created, modified, author) VALUES (?, ?, ?, ?, ?)", rows
    )


def insert_importance(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, row, label, belarus, russia, west)."""
    insert_many(
        db,
        "INSERT INTO importance (event_id, row, label, belarus, russia, west) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_table_one(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, row, partners, time_span)."""
    insert_many(db, "INSERT INTO table_one (event_id, row, partners, time_span) VALUES (?, ?, ?, ?)", rows)


def insert_assessments(db: sqlite_utils.Database, rows: Rows) -> None:
    """(event_id, flagged, stars, belarus, russia, west, modified)."""
    insert_many(
        db,
        "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_periods(db: sqlite_utils.Database, rows: Rows) -> None:
    """(name, date, lo, hi, note, color, created, modified)."""
    insert_many(
        db,
        "INSERT INTO periods (name, date, lo, hi, note, color, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_links(db: sqlite_utils.Database, rows: Rows) -> None:
    """(source_event, target_event, type, note, created); a link already there is kept as it is."""
    insert_many(
        db,
        "INSERT OR IGNORE INTO links (source_event, target_event, type, note, created) VALUES (?, ?, ?, ?, ?)",
        rows,
    )

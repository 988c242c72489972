"""Loading a fresh file fast: rows written straight into tables, with no journal, in one transaction.

For a file that is renamed into place only when complete (a synthetic benchmark database): a crash
leaves a temporary file to delete, never a damaged one in use. Rows are plain tuples in the given
column order; the caller is trusted to pass table and column names of the schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from explorer.store.imports import FTS_BULK_HASHSIZE, FTS_DEFAULT_HASHSIZE

#: The full-text index's columns, as explorer.store.fts fills them.
FTS_COLUMNS = ("rowid", "title", "summary", "quote", "actors", "themes", "sources", "annotations")


@contextmanager
def loading(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """The connection with journal, sync and foreign-key checks off, inside one transaction; WAL again after."""
    conn = db.conn
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("BEGIN")
    yield conn
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")


def insert_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert tuples whose values follow `columns`."""
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def fill_fts(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Fill events_fts once from rows in FTS_COLUMNS order, with a large pending-terms hash meanwhile."""
    # A large hash makes FTS5 flush (and merge) far fewer segments during the load; the setting is
    # persistent, so the default is put back afterwards.
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_BULK_HASHSIZE})")
    insert_rows(conn, "events_fts", FTS_COLUMNS, rows)
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_DEFAULT_HASHSIZE})")

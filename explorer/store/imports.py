"""Store side of imports: the datasets record, free ids, and bulk inserts (caller holds the transaction)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from explorer.store.events import DATE_COLUMNS


def find_dataset(db: sqlite_utils.Database, digest: str) -> dict[str, Any] | None:
    """The dataset imported from a file with this SHA-256, if any."""
    row = db.execute(
        "SELECT id, name, format, imported, events FROM datasets WHERE digest = ?", [digest]
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("id", "name", "format", "imported", "events"), row, strict=True))


def free_slug(db: sqlite_utils.Database, base: str) -> str:
    """A dataset id unused by datasets and by any track, source or event id prefix `<id>:`."""
    n = 1
    while True:
        slug = base if n == 1 else f"{base}-{n}"
        taken = db.execute(
            "SELECT 1 FROM datasets WHERE id = :s"
            " UNION ALL SELECT 1 FROM tracks WHERE substr(id, 1, length(:p)) = :p"
            " UNION ALL SELECT 1 FROM sources WHERE substr(id, 1, length(:p)) = :p"
            " UNION ALL SELECT 1 FROM events WHERE substr(id, 1, length(:p)) = :p LIMIT 1",
            {"s": slug, "p": slug + ":"},
        ).fetchone()
        if not taken:
            return slug
        n += 1


def event_ids(db: sqlite_utils.Database) -> set[str]:
    """Every event id in the database."""
    return {r[0] for r in db.execute("SELECT id FROM events")}


def orphan_annotation_ids(db: sqlite_utils.Database) -> set[str]:
    """Event ids that notes or tags refer to but no event has (annotations outlive their events)."""
    return {
        r[0]
        for r in db.execute(
            "SELECT event_id FROM notes UNION SELECT event_id FROM event_tags EXCEPT SELECT id FROM events"
        )
    }


def event_count(db: sqlite_utils.Database) -> int:
    """Number of events."""
    return int(db.execute("SELECT count(*) FROM events").fetchone()[0])


def max_event_num(db: sqlite_utils.Database) -> int:
    """The highest events.num (0 when empty)."""
    return int(db.execute("SELECT coalesce(max(num), 0) FROM events").fetchone()[0])


def next_track_position(db: sqlite_utils.Database) -> int:
    """The position after the last track."""
    return int(db.execute("SELECT coalesce(max(position), -1) + 1 FROM tracks").fetchone()[0])


def record_dataset(
    db: sqlite_utils.Database, dataset_id: str, name: str, fmt: str, digest: str, imported: str, events: int
) -> None:
    """Remember an imported file."""
    db.execute(
        "INSERT INTO datasets (id, name, format, digest, imported, events) VALUES (?, ?, ?, ?, ?, ?)",
        [dataset_id, name, fmt, digest, imported, events],
    )


_EVENT_COLUMNS = (
    "num",
    "id",
    "title",
    "summary",
    "date",
    "date_text",
    *DATE_COLUMNS,
    "track",
    "section",
    "quote",
    "origin",
    "position",
)
EVENT_INSERT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})"
)
FTS_INSERT = (
    "INSERT INTO events_fts (rowid, title, summary, quote, actors, themes, sources, annotations)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
#: FTS5 pending-terms hash during a bulk import: fewer, larger segments; the default is restored after.
FTS_BULK_HASHSIZE = 64 * 1024 * 1024
FTS_DEFAULT_HASHSIZE = 1024 * 1024


def insert_many(db: sqlite_utils.Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """executemany on the connection (no per-row round trips)."""
    db.conn.executemany(sql, rows)


def ensure_names(
    db: sqlite_utils.Database, actors: Iterable[str], themes: Iterable[str], tags: dict[str, str]
) -> None:
    """Create actors, themes and tags that do not exist yet; existing ones are never changed."""
    conn = db.conn
    conn.executemany("INSERT OR IGNORE INTO actors (name) VALUES (?)", ((a,) for a in sorted(set(actors))))
    conn.executemany(
        "INSERT OR IGNORE INTO themes (id, label) VALUES (?, ?)", ((t, t) for t in sorted(set(themes)))
    )
    conn.executemany("INSERT OR IGNORE INTO tags (name, color) VALUES (?, ?)", sorted(tags.items()))


#: Tables whose secondary indexes a big import drops and rebuilds (a sort beats a million B-tree inserts).
BULK_TABLES = ("events", "event_actors", "event_themes", "event_sources", "event_tags")


def drop_secondary_indexes(db: sqlite_utils.Database) -> list[str]:
    """Drop the explicit indexes of BULK_TABLES (caller holds the transaction); their CREATE statements."""
    marks = ", ".join("?" for _ in BULK_TABLES)
    rows = list(
        db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            BULK_TABLES,
        )
    )
    for name, _ in rows:
        db.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def create_indexes(db: sqlite_utils.Database, statements: list[str]) -> None:
    """Re-create indexes from their saved CREATE statements."""
    for sql in statements:
        db.execute(sql)


def actor_words(db: sqlite_utils.Database) -> dict[str, str]:
    """Each actor with aliases as the index text "name alias alias" (as explorer.store.fts indexes it)."""
    out = {}
    for name, aliases in db.execute("SELECT name, aliases FROM actors WHERE aliases NOT IN ('', '[]')"):
        try:
            words = json.loads(aliases)
        except ValueError:
            words = []
        out[name] = " ".join([name, *map(str, words)])
    return out


def theme_words(db: sqlite_utils.Database) -> dict[str, str]:
    """Each theme as the index text "label id"."""
    return {r[0]: f"{r[1]} {r[0]}" for r in db.execute("SELECT id, label FROM themes")}


def index_rows(db: sqlite_utils.Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert full-text rows (rowid = events.num) with a large pending-terms hash for the bulk."""
    conn = db.conn
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_BULK_HASHSIZE})")
    conn.executemany(FTS_INSERT, rows)
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_DEFAULT_HASHSIZE})")


@contextmanager
def rollback_journal(db: sqlite_utils.Database, wanted: bool = True) -> Iterator[bool]:
    """Run a large write with a rollback journal instead of the WAL, and return to WAL after.

    A transaction that fills a new file with a gigabyte goes through the WAL twice (written to the
    log, then checkpointed into the database); with a rollback journal the new pages are written
    once, and only the few pages that existed before are journaled, so it stays atomic and
    crash-safe (synchronous is unchanged). Switching needs this connection to be the only one:
    when another holds the file (or it is not in WAL mode, or a transaction is open), nothing
    changes and the write goes through the WAL as usual. Yields whether the journal was switched.
    """
    conn = db.conn
    switched = False
    if wanted and not conn.in_transaction:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                switched = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower() == "delete"
        except sqlite3.OperationalError:  # another connection has the file open
            switched = False
    try:
        yield switched
    finally:
        if switched:
            _back_to_wal(conn)


def _back_to_wal(conn: sqlite3.Connection) -> None:
    """Return a connection to WAL (waiting for readers up to the busy timeout, then retrying)."""
    for _ in range(3):
        try:
            if str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower() == "wal":
                return
        except sqlite3.OperationalError:
            continue

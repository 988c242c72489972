"""Store side of imports: the datasets record, free ids, and bulk inserts (caller holds the transaction)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer.store import fts
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
    "undated",
)
#: The columns of `events` an import writes (the others keep their defaults).
EVENT_COLUMNS = frozenset(_EVENT_COLUMNS)
FTS_INSERT = (
    "INSERT INTO events_fts (rowid, title, summary, quote, actors, themes, sources, annotations)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
#: FTS5 pending-terms hash during a bulk import: fewer, larger segments; the default is restored after.
FTS_BULK_HASHSIZE = 64 * 1024 * 1024
#: The same for the worker process of explorer.store.side_build, which holds nothing else in memory
#: (a 1M-event index builds in 8.3 s instead of 10.0 s).
FTS_WORKER_HASHSIZE = 256 * 1024 * 1024
FTS_DEFAULT_HASHSIZE = 1024 * 1024


def insert_many(db: sqlite_utils.Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """executemany on the connection (no per-row round trips)."""
    db.conn.executemany(sql, rows)


def sql_literal(value: str | int | None) -> str:
    """A value written into SQL text: NULL, an integer, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def event_insert(columns: Sequence[str], constants: dict[str, str | int | None]) -> str:
    """An INSERT of events binding `columns` and writing each of `constants` as a literal.

    A bulk import binds only what varies from event to event: each bound value costs SQLite
    and the row tuple alike, and a column with one value for the whole import needs none.
    """
    names = [*columns, *constants]
    unknown = [c for c in names if c not in EVENT_COLUMNS]
    if unknown or len(set(names)) != len(names):
        raise ValueError(f"not a set of event columns: {', '.join(names)}")
    values = ["?"] * len(columns) + [sql_literal(v) for v in constants.values()]
    return f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join(values)})"


#: Names a phase of an import at which the process kills itself (the kill -9 tests of tests/faults):
#: start, write, index (the full-text index or the secondary indexes), commit, committed.
FAULT_ENV = "NEUTRALITY_FAULT_KILL_AT"


def fault_point(phase: str) -> None:
    """Kill this process at once, as a crash would, when FAULT_ENV names this phase."""
    if os.environ.get(FAULT_ENV) == phase:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def import_marker(path: Path) -> Path:
    """The file that names the import being written into a database, while it is written."""
    return path.with_name(path.name + ".importing")


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The main file of a database connection (None in memory)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


@contextmanager
def announced_import(db: sqlite_utils.Database, name: str, digest: str) -> Iterator[None]:
    """Record durably which file is being imported, and clear that record after commit or rollback.

    If the process dies in between, the next start finds the record, learns the import's file
    name, and tells the user that its interrupted import was rolled back (explorer.store.recovery).
    """
    file = database_file(db)
    if file is None:
        yield
        return
    marker = import_marker(file)
    staged = marker.with_name(marker.name + ".part")
    with open(staged, "w", encoding="utf-8") as fh:
        json.dump({"file": name, "digest": digest, "pid": os.getpid()}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(staged, marker)
    fault_point("start")
    try:
        yield
    finally:
        fault_point("committed")
        with contextlib.suppress(OSError):
            marker.unlink()


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


def drop_secondary_indexes(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Drop the explicit indexes of BULK_TABLES (caller holds the transaction); (table, CREATE statement)s."""
    marks = ", ".join("?" for _ in BULK_TABLES)
    rows = list(
        db.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master"
            f" WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            BULK_TABLES,
        )
    )
    for name, _, _ in rows:
        db.execute(f'DROP INDEX "{name}"')
    return [(table, sql) for _, table, sql in rows]


def create_indexes(
    db: sqlite_utils.Database, saved: list[tuple[str, str]], exclude: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Re-create saved indexes, except those of the `exclude` tables; the ones left to create."""
    skip = set(exclude)
    for table, sql in saved:
        if table not in skip:
            db.execute(sql)
            fault_point("index")
    return [(table, sql) for table, sql in saved if table in skip]


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
    """Each theme's index text (explorer.store.fts.THEME_WORDS)."""
    return {r[0]: r[1] for r in db.execute(f"SELECT t.id, {fts.THEME_WORDS} FROM themes t")}


#: One new event as the full-text index needs it: its number, title, summary, quote, actors,
#: themes, source keys, the text of its notes, and its tags.
EventText = tuple[int, str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]


def event_index_rows(
    events: Iterable[EventText], actors: dict[str, str], themes: dict[str, str], citations: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    """The index rows of new events: the same words explorer.store.fts indexes.

    `actors` and `themes` give the words of known ones (actor_words, theme_words; others stand
    for themselves, and a new theme's words are added to `themes`), `citations` the "citation url"
    of each source key.
    """
    # each distinct name once, as the link tables hold them (a list may repeat one); a million
    # events name a few thousand distinct lists, so each list's words are joined once
    actor_text = _Joined(lambda a: actors.get(a, a))
    theme_text = _Joined(lambda t: _theme(themes, t))
    source_text = _Joined(citations.__getitem__)
    for num, title, summary, quote, names, topics, sources, notes, tags in events:
        yield (
            num,
            title,
            summary,
            quote,
            actor_text[names],
            theme_text[topics],
            source_text[sources],
            f"{notes} {' '.join(dict.fromkeys(tags))}" if notes or tags else "",
        )


class _Joined(dict[tuple[str, ...], str]):
    """The index words of each distinct list of names, joined on first sight."""

    def __init__(self, word: Callable[[str], str]) -> None:
        super().__init__()
        self.word = word

    def __missing__(self, items: tuple[str, ...]) -> str:
        text = self[items] = " ".join([self.word(item) for item in dict.fromkeys(items)])
        return text


def _theme(themes: dict[str, str], theme_id: str) -> str:
    words = themes.get(theme_id)
    if words is None:  # a new theme (label = id): its words once, not once per event that names it
        words = themes[theme_id] = fts.theme_words(theme_id, theme_id)
    return words


def link_rows(key: Any, values: Sequence[str]) -> Iterator[tuple[Any, str, int]]:
    """(key, value, position) for each distinct value of an event's list, in order."""
    for position, value in enumerate(dict.fromkeys(values)):
        yield key, value, position


def link_rows_of(lists: Iterable[tuple[Any, Sequence[str]]]) -> list[tuple[Any, str, int]]:
    """link_rows of each (key, values), in one list (most lists hold one value: a quick path)."""
    rows: list[tuple[Any, str, int]] = []
    add, extend = rows.append, rows.extend
    for key, values in lists:
        if len(values) == 1:
            add((key, values[0], 0))
        elif values:
            extend(link_rows(key, values))
    return rows


def index_rows(db: sqlite_utils.Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert full-text rows (rowid = events.num) with a large pending-terms hash for the bulk."""
    conn = db.conn
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_BULK_HASHSIZE})")
    conn.executemany(FTS_INSERT, rows)
    fault_point("index")
    conn.execute(f"INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {FTS_DEFAULT_HASHSIZE})")


@contextmanager
def bulk_pragmas(db: sqlite_utils.Database, wanted: bool = True) -> Iterator[bool]:
    """Connection settings for a bulk write whose references the caller has made sure of.

    Foreign-key checks are skipped: a million events with their actors and themes mean several
    million key lookups that cannot fail, as the importer creates every track, actor, theme and
    source an event names before the event. And SQLite may sort on a second thread when it builds
    an index (`PRAGMA threads`). The foreign-key pragma only takes effect outside a transaction,
    so nothing changes when one is open. Yields whether the settings were changed; they are
    restored afterwards.
    """
    conn = db.conn
    switched = False
    threads = int(conn.execute("PRAGMA threads").fetchone()[0])
    if wanted and not conn.in_transaction and conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA threads = 2")
        switched = True
    try:
        yield switched
    finally:
        if switched:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA threads = {threads}")


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

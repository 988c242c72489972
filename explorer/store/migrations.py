"""Numbered schema migrations, applied in order under PRAGMA user_version.

Each migration and its version bump run in one transaction (explicit BEGIN ... COMMIT on a
connection in autocommit mode), so a failing migration leaves the file exactly as it was.
Never use executescript here: it commits before it starts.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    for sql in statements:
        conn.execute(sql)


def _v1_corpus(conn: sqlite3.Connection) -> None:
    """Corpus tables: tracks, sources, actors, themes, events and their links, the paper's tables."""
    _run(
        conn,
        [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE tracks (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                color TEXT NOT NULL DEFAULT '#777777',
                position INTEGER NOT NULL DEFAULT 0,
                origin TEXT NOT NULL DEFAULT 'corpus')""",
            """CREATE TABLE sources (
                id TEXT PRIMARY KEY,
                number INTEGER,
                citation TEXT NOT NULL,
                url TEXT,
                language TEXT,
                date TEXT,
                section TEXT,
                origin TEXT NOT NULL DEFAULT 'corpus')""",
            """CREATE TABLE actors (
                name TEXT PRIMARY KEY,
                kind TEXT NOT NULL DEFAULT 'unknown',
                aliases TEXT NOT NULL DEFAULT '[]')""",
            """CREATE TABLE themes (
                id TEXT PRIMARY KEY,
                label TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '')""",
            """CREATE TABLE events (
                num INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                date TEXT NOT NULL,
                date_text TEXT,
                precision TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('event', 'period')),
                approximate INTEGER NOT NULL DEFAULT 0,
                uncertain INTEGER NOT NULL DEFAULT 0,
                open_start INTEGER NOT NULL DEFAULT 0,
                open_end INTEGER NOT NULL DEFAULT 0,
                start_min TEXT NOT NULL,
                start_max TEXT NOT NULL,
                end_min TEXT NOT NULL,
                end_max TEXT,
                lo INTEGER NOT NULL,
                hi INTEGER NOT NULL,
                track TEXT NOT NULL REFERENCES tracks(id),
                section TEXT,
                quote TEXT,
                origin TEXT NOT NULL DEFAULT 'corpus',
                position INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX events_lo_hi ON events(lo, hi)",
            "CREATE INDEX events_track_lo ON events(track, lo)",
            """CREATE TABLE event_actors (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                actor TEXT NOT NULL REFERENCES actors(name),
                position INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, actor))""",
            "CREATE INDEX event_actors_actor ON event_actors(actor)",
            """CREATE TABLE event_themes (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                theme TEXT NOT NULL REFERENCES themes(id),
                position INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, theme))""",
            "CREATE INDEX event_themes_theme ON event_themes(theme)",
            """CREATE TABLE event_sources (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                source_id TEXT NOT NULL REFERENCES sources(id),
                position INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, source_id))""",
            "CREATE INDEX event_sources_source ON event_sources(source_id)",
            """CREATE TABLE importance (
                event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                label TEXT NOT NULL,
                belarus TEXT NOT NULL,
                russia TEXT NOT NULL,
                west TEXT NOT NULL)""",
            """CREATE TABLE table_one (
                event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
                row INTEGER NOT NULL,
                partners TEXT NOT NULL,
                time_span TEXT NOT NULL)""",
        ],
    )


def _v2_annotations(conn: sqlite3.Connection) -> None:
    """User tables, keyed by stable event ids and deliberately without foreign keys to events,
    so that a new corpus can never cascade into them (orphans are kept and reported)."""
    _run(
        conn,
        [
            """CREATE TABLE notes (
                id INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL,
                body TEXT NOT NULL,
                created TEXT NOT NULL,
                modified TEXT NOT NULL)""",
            "CREATE INDEX notes_event ON notes(event_id)",
            """CREATE TABLE tags (
                name TEXT PRIMARY KEY,
                color TEXT NOT NULL DEFAULT '#888888')""",
            """CREATE TABLE event_tags (
                event_id TEXT NOT NULL,
                tag TEXT NOT NULL REFERENCES tags(name) ON UPDATE CASCADE ON DELETE CASCADE,
                created TEXT NOT NULL,
                PRIMARY KEY (event_id, tag))""",
            "CREATE INDEX event_tags_tag ON event_tags(tag)",
            """CREATE TABLE assessments (
                event_id TEXT PRIMARY KEY,
                flagged INTEGER NOT NULL DEFAULT 0,
                stars INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5),
                belarus TEXT,
                russia TEXT,
                west TEXT,
                modified TEXT NOT NULL)""",
            """CREATE TABLE periods (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                date TEXT NOT NULL,
                lo INTEGER NOT NULL,
                hi INTEGER NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                color TEXT NOT NULL DEFAULT '#f2c94c',
                created TEXT NOT NULL,
                modified TEXT NOT NULL)""",
            """CREATE TABLE links (
                id INTEGER PRIMARY KEY,
                source_event TEXT NOT NULL,
                target_event TEXT NOT NULL,
                type TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL,
                UNIQUE (source_event, target_event, type),
                CHECK (source_event <> target_event))""",
            "CREATE INDEX links_target ON links(target_event)",
            """CREATE TABLE saved_views (
                name TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                created TEXT NOT NULL,
                modified TEXT NOT NULL)""",
        ],
    )


def _v3_search(conn: sqlite3.Connection) -> None:
    """Full-text index over each event's text, actors (with aliases), themes, sources and
    annotations; rowid is events.num. Kept in step by explorer.store.fts.

    Prefix indexes of 2 and 3 letters cost about 2.5 s of a 1M-event import (of ~11 s for the
    index); with only one of them, prefixes of the other length take 3–10x longer to search
    (benchmarks/README.md), so both are kept. 4+ letters are expanded through the vocabulary."""
    _run(
        conn,
        [
            """CREATE VIRTUAL TABLE events_fts USING fts5(
                title, summary, quote, actors, themes, sources, annotations,
                tokenize = 'unicode61 remove_diacritics 2',
                prefix = '2 3')""",
        ],
    )


def _v4_imports(conn: sqlite3.Connection) -> None:
    """A record of imported datasets, so that importing the same file twice is recognised."""
    _run(
        conn,
        [
            """CREATE TABLE datasets (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                format TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                imported TEXT NOT NULL,
                events INTEGER NOT NULL)""",
        ],
    )


#: MIGRATIONS[i] upgrades a file at user_version i to i + 1.
#: The events' lists, rebuilt by migration 5: (table, column, the column's reference).
_LISTS = (
    ("event_actors", "actor", "actors(name)"),
    ("event_themes", "theme", "themes(id)"),
    ("event_sources", "source_id", "sources(id)"),
)


def _v5_lists_without_rowid(conn: sqlite3.Connection) -> None:
    """The events' actor, theme and source lists as tables clustered on their primary key.

    A rowid table with a composite primary key is two B-trees (the rows, and the key's index);
    WITHOUT ROWID makes the key the table, so each row is written once: a million-event import
    writes its three million actor and theme rows about 1.3 s faster, and the file is ~90 MB smaller.
    The tables are copied, dropped and renamed; their columns and indexes stay as they were.
    """
    statements = []
    for table, column, reference in _LISTS:
        statements += [
            f"""CREATE TABLE {table}_v5 (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                {column} TEXT NOT NULL REFERENCES {reference},
                position INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, {column})) WITHOUT ROWID""",
            f"INSERT INTO {table}_v5 (event_id, {column}, position) SELECT event_id, {column}, position FROM {table}",
            f"DROP TABLE {table}",
            f"ALTER TABLE {table}_v5 RENAME TO {table}",
            f"CREATE INDEX {table}_{column.removesuffix('_id')} ON {table}({column})",
        ]
    _run(conn, statements)


#: The annotation tables that carry a stable id and an author from schema 6: (table, kind).
AUTHORED = (
    ("notes", "note"),
    ("event_tags", "tag"),
    ("assessments", "assessment"),
    ("periods", "period"),
    ("links", "link"),
)
#: A random (version 4) UUID computed by SQLite, for rows inserted without one.
UUID_SQL = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)
_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def default_author() -> str:
    """The account's name, the author of annotations until the user chooses another."""
    import getpass  # (with the first annotation, not the window's open: it brings termios in)

    try:
        return getpass.getuser() or "me"
    except (OSError, KeyError, ImportError):  # no login name anywhere (some containers)
        return "me"


def _v6_authorship(conn: sqlite3.Connection) -> None:
    """Every annotation gets a stable id (a UUID), an author and created/modified times;
    deletions leave a tombstone so that they can travel to colleagues (docs/sharing.md).

    Existing rows get new ids and the local author (the meta 'author', else the account's name).
    Triggers give a uid and the local author to rows inserted by code that does not name them
    (imports, subset exports), and keep tombstones in step with deletes and re-inserts (undo).
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'author'").fetchone()
    author = row[0] if row else default_author()
    annotated = any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t, _k in AUTHORED)
    if annotated:  # a user's file: their name, so that rows and meta agree (never in the bundled corpus)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('author', ?) ON CONFLICT(key) DO NOTHING", [author]
        )
    statements = [
        "ALTER TABLE event_tags ADD COLUMN modified TEXT NOT NULL DEFAULT ''",
        "UPDATE event_tags SET modified = created",
        "ALTER TABLE assessments ADD COLUMN created TEXT NOT NULL DEFAULT ''",
        "UPDATE assessments SET created = modified",
        "ALTER TABLE links ADD COLUMN modified TEXT NOT NULL DEFAULT ''",
        "UPDATE links SET modified = created",
        """CREATE TABLE tombstones (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            author TEXT NOT NULL,
            event_id TEXT,
            deleted TEXT NOT NULL)""",
        "CREATE INDEX tombstones_author ON tombstones(author)",
    ]
    for table, kind in AUTHORED:
        event = "NULL" if table == "periods" else ("OLD.source_event" if table == "links" else "OLD.event_id")
        statements += [
            f"ALTER TABLE {table} ADD COLUMN uid TEXT",
            f"ALTER TABLE {table} ADD COLUMN author TEXT NOT NULL DEFAULT ''",
            f"UPDATE {table} SET author = ?",
            f"""CREATE TRIGGER {table}_identity AFTER INSERT ON {table} WHEN NEW.uid IS NULL OR NEW.author = ''
                BEGIN UPDATE {table} SET uid = coalesce(NEW.uid, {UUID_SQL}),
                    author = CASE WHEN NEW.author = ''
                        THEN coalesce((SELECT value FROM meta WHERE key = 'author'), '') ELSE NEW.author END
                WHERE rowid = NEW.rowid; END""",
            f"""CREATE TRIGGER {table}_back AFTER INSERT ON {table} WHEN NEW.uid IS NOT NULL
                BEGIN DELETE FROM tombstones WHERE uid = NEW.uid; END""",
            f"""CREATE TRIGGER {table}_gone AFTER DELETE ON {table} WHEN OLD.uid IS NOT NULL
                BEGIN INSERT OR REPLACE INTO tombstones (uid, kind, author, event_id, deleted)
                    VALUES (OLD.uid, '{kind}', OLD.author, {event}, {_NOW_SQL}); END""",
        ]
    for sql in statements:
        conn.execute(sql, [author] if sql.startswith("UPDATE") and "SET author" in sql else [])
    for table, _kind in AUTHORED:
        rowids = [r[0] for r in conn.execute(f"SELECT rowid FROM {table}")]
        conn.executemany(
            f"UPDATE {table} SET uid = ? WHERE rowid = ?", [(str(uuid.uuid4()), r) for r in rowids]
        )
        conn.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")


def _v7_undated_events(conn: sqlite3.Connection) -> None:
    """Events the source gives no date for: a flag, with the date columns holding sentinels.

    The date columns stay NOT NULL (making them nullable would mean rebuilding the events table
    under its foreign keys and full-text rowids); an undated row has `date` = '' (no EDTF),
    `precision` = 'undated', empty ISO bounds and `lo` = `hi` = UNDATED_DAY, one past the last day
    a date can name, so date-ordered queries list it after every dated event and no date range
    (`lo <= b AND hi >= a` with b a real day) ever holds it. Self-contained: reads no other
    migration's columns.
    """
    _run(conn, ["ALTER TABLE events ADD COLUMN undated INTEGER NOT NULL DEFAULT 0"])


# events on several lanes
def _v8_extra_tracks(conn: sqlite3.Connection) -> None:
    """Events on several lanes: the tracks an event also appears on besides its home track.

    The home track stays `events.track` (exports, counts and comparisons use it, so an event is
    counted once); each extra placement is a row naming the track and why the source treats the
    event there. Self-contained: reads no other migration's columns.
    """
    _run(
        conn,
        [
            """CREATE TABLE event_extra_tracks (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                reason TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (event_id, track_id)) WITHOUT ROWID""",
            "CREATE INDEX event_extra_tracks_track ON event_extra_tracks(track_id)",
        ],
    )


#: The events table as migration 9 leaves it: keyed by its stable id (the key every list references).
_EVENTS_V9 = """CREATE TABLE events_v9 (
    num INTEGER NOT NULL UNIQUE,
    id TEXT NOT NULL PRIMARY KEY,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    date_text TEXT,
    precision TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'period')),
    approximate INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    open_start INTEGER NOT NULL DEFAULT 0,
    open_end INTEGER NOT NULL DEFAULT 0,
    start_min TEXT NOT NULL,
    start_max TEXT NOT NULL,
    end_min TEXT NOT NULL,
    end_max TEXT,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    track TEXT NOT NULL REFERENCES tracks(id),
    section TEXT,
    quote TEXT,
    origin TEXT NOT NULL DEFAULT 'corpus',
    position INTEGER NOT NULL DEFAULT 0,
    undated INTEGER NOT NULL DEFAULT 0)"""
_EVENT_COLUMNS_V9 = (
    "num, id, title, summary, date, date_text, precision, kind, approximate, uncertain, open_start,"
    " open_end, start_min, start_max, end_min, end_max, lo, hi, track, section, quote, origin, position,"
    " undated"
)


def _v9_events_keyed_by_id(conn: sqlite3.Connection) -> None:
    """Events keyed by their id, the column every list of theirs references; media kept from imports.

    Tools that follow foreign keys (Datasette's "links from other tables", its links from a list row
    to its event) look the referenced row up by the table's primary key; with `num` as the key they
    found nothing. `num` stays a unique integer with the same values (the full-text rowid, the app's
    order), and each row keeps rowid = num so that reading in num order reads the table in order.
    The table is rebuilt by SQLite's documented procedure (new table, copy, drop, rename) with
    foreign keys off (explorer.store.db.migrate), dropping and re-creating any views and triggers
    that name it. Also: each imported event's media (url, caption, credit) and an imported
    dataset's own title slide, so a TimelineJS file re-exports as it came. Self-contained.
    """
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:  # dropping events would empty every list
        raise RuntimeError("the events table can only be rebuilt with foreign keys off")
    saved = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql IS NOT NULL"
            " ORDER BY type DESC, name"
        )
    ]
    for kind, name in list(
        conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')")
    ):
        conn.execute(f'DROP {kind.upper()} "{name}"')
    indexes = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL"
        )
    ]
    _run(
        conn,
        [
            _EVENTS_V9,
            f"INSERT INTO events_v9 (rowid, {_EVENT_COLUMNS_V9}) SELECT num, {_EVENT_COLUMNS_V9} FROM events"
            " ORDER BY num",
            "DROP TABLE events",
            "ALTER TABLE events_v9 RENAME TO events",
            *indexes,
            *saved,
            """CREATE TABLE event_media (
                event_id TEXT NOT NULL PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                caption TEXT NOT NULL DEFAULT '',
                credit TEXT NOT NULL DEFAULT '',
                thumbnail TEXT NOT NULL DEFAULT '') WITHOUT ROWID""",
            "ALTER TABLE datasets ADD COLUMN title_slide TEXT NOT NULL DEFAULT ''",
        ],
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_corpus,
    _v2_annotations,
    _v3_search,
    _v4_imports,
    _v5_lists_without_rowid,
    _v6_authorship,
    _v7_undated_events,  # undated events
    _v8_extra_tracks,  # events on several lanes
    _v9_events_keyed_by_id,  # events keyed by id (Datasette), imported media
)
SCHEMA_VERSION = len(MIGRATIONS)

"""A database holding only the selection, with the app's schema: opens in the app, sqlite3 and Datasette."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from explorer.formats.bundle import Bundle, tag_objects
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.datasette_meta import write_datasette_metadata
from explorer.model import parse_date
from explorer.store import open_database
from explorer.store.events import write_actors, write_events, write_sources, write_themes, write_tracks
from explorer.store.fts import rebuild_fts
from explorer.store.media import write_event_media
from explorer.store.reading_views import create_reading_views

CHUNK = 2000


def write_file(bundle: Bundle, path: Path, options: ExportOptions, ticker: Ticker) -> None:
    """Create the subset database at `path` (an empty or new file) in one transaction."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    db = open_database(path, create=True)
    try:
        conn = db.conn
        with db.atomic():
            meta = dict(bundle.paper)
            meta["subset_exported"] = now
            meta["subset_events"] = str(len(bundle.events))
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
            write_tracks(db, bundle.tracks)
            write_sources(db, bundle.sources)
            write_actors(db, bundle.actors)
            write_themes(db, bundle.themes)
            for i in range(0, len(bundle.events), CHUNK):
                chunk = bundle.events[i : i + CHUNK]
                write_events(db, chunk, start_position=i)
                ticker.tick(len(chunk))
            if options.include_notes:
                conn.executemany(
                    "INSERT INTO notes (event_id, body, created, modified) VALUES (?, ?, ?, ?)",
                    ((n.event_id, n.body, n.created, n.modified) for ns in bundle.notes.values() for n in ns),
                )
            conn.executemany(
                "INSERT INTO tags (name, color) VALUES (?, ?)",
                ((t.name, t.color) for t in tag_objects(bundle)),
            )
            conn.executemany(
                "INSERT INTO event_tags (event_id, tag, created) VALUES (?, ?, ?)",
                ((eid, tag, now) for eid, tags in bundle.tags.items() for tag in tags),
            )
            conn.executemany(
                "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (a.event_id, int(a.flagged), a.stars, a.belarus, a.russia, a.west, a.modified or now)
                    for a in bundle.assessments.values()
                ),
            )
            for p in bundle.periods:
                f = parse_date(p.date)
                conn.execute(
                    "INSERT INTO periods (name, date, lo, hi, note, color, created, modified)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (p.name, p.date, f.lo, f.hi, p.note, p.color, p.created or now, p.modified or now),
                )
            conn.executemany(
                "INSERT INTO links (source_event, target_event, type, note, created) VALUES (?, ?, ?, ?, ?)",
                ((k.source, k.target, k.type, k.note, k.created or now) for k in bundle.links),
            )
            write_event_media(db, bundle.media.items())
            rebuild_fts(db)
            create_reading_views(conn)
        # One self-contained file: no -wal beside it after the rename.
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.close()


def write_companion(bundle: Bundle, path: Path) -> None:
    """Write Datasette's metadata beside an exported subset (its full-text index and labels)."""
    write_datasette_metadata(path, bundle.paper)

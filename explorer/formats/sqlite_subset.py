"""A database holding only the selection, with the app's schema: opens in the app, sqlite3 and Datasette."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from explorer.formats.bundle import Bundle, tag_objects
from explorer.formats.common import ExportOptions, Ticker
from explorer.formats.datasette_meta import write_datasette_metadata
from explorer.store import open_database
from explorer.store.annotation_rows import (
    write_assessments,
    write_links,
    write_meta,
    write_notes,
    write_periods,
    write_tags,
)
from explorer.store.db import make_single_file
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
        with db.atomic():
            meta = dict(bundle.paper)
            meta["subset_exported"] = now
            meta["subset_events"] = str(len(bundle.events))
            write_meta(db, meta)
            write_tracks(db, bundle.tracks)
            write_sources(db, bundle.sources)
            write_actors(db, bundle.actors)
            write_themes(db, bundle.themes)
            for i in range(0, len(bundle.events), CHUNK):
                chunk = bundle.events[i : i + CHUNK]
                write_events(db, chunk, start_position=i)
                ticker.tick(len(chunk))
            if options.include_notes:
                write_notes(db, (n for ns in bundle.notes.values() for n in ns))
            write_tags(
                db, tag_objects(bundle), ((eid, t) for eid, tags in bundle.tags.items() for t in tags), now
            )
            write_assessments(db, bundle.assessments.values(), now)
            write_periods(db, bundle.periods, now)
            write_links(db, bundle.links, now)
            write_event_media(db, bundle.media.items())
            rebuild_fts(db)
            create_reading_views(db.conn)
        make_single_file(db)
    finally:
        db.close()


def write_companion(bundle: Bundle, path: Path) -> None:
    """Write Datasette's metadata beside an exported subset (its full-text index and labels)."""
    write_datasette_metadata(path, bundle.paper)

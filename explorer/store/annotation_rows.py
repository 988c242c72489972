"""Writing annotations given as model objects into a fresh file (an exported subset), inside the caller's transaction.

Unlike AnnotationStore these record no undo step and keep the given timestamps: a subset is a copy,
not an edit. `now` fills a timestamp an older record lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlite_utils

from explorer.model import Assessment, Link, Note, Period, Tag, parse_date


def write_meta(db: sqlite_utils.Database, meta: Mapping[str, str]) -> None:
    """Set each key of the file's meta table (replacing a value already there)."""
    db.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))


def write_notes(db: sqlite_utils.Database, notes: Iterable[Note]) -> None:
    """Add notes (new ids; the events must exist)."""
    db.conn.executemany(
        "INSERT INTO notes (event_id, body, created, modified) VALUES (?, ?, ?, ?)",
        ((n.event_id, n.body, n.created, n.modified) for n in notes),
    )


def write_tags(
    db: sqlite_utils.Database, tags: Iterable[Tag], uses: Iterable[tuple[str, str]], now: str
) -> None:
    """Add tags with their colours, and their uses as (event id, tag name) pairs."""
    db.conn.executemany("INSERT INTO tags (name, color) VALUES (?, ?)", ((t.name, t.color) for t in tags))
    db.conn.executemany(
        "INSERT INTO event_tags (event_id, tag, created) VALUES (?, ?, ?)",
        ((eid, tag, now) for eid, tag in uses),
    )


def write_assessments(db: sqlite_utils.Database, assessments: Iterable[Assessment], now: str) -> None:
    """Add assessments, one per event."""
    db.conn.executemany(
        "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (a.event_id, int(a.flagged), a.stars, a.belarus, a.russia, a.west, a.modified or now)
            for a in assessments
        ),
    )


def write_periods(db: sqlite_utils.Database, periods: Iterable[Period], now: str) -> None:
    """Add periods (new ids), with the date bounds their EDTF date gives."""
    for p in periods:
        f = parse_date(p.date)
        db.conn.execute(
            "INSERT INTO periods (name, date, lo, hi, note, color, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (p.name, p.date, f.lo, f.hi, p.note, p.color, p.created or now, p.modified or now),
        )


def write_links(db: sqlite_utils.Database, links: Iterable[Link], now: str) -> None:
    """Add links between events (new ids; both ends must exist)."""
    db.conn.executemany(
        "INSERT INTO links (source_event, target_event, type, note, created) VALUES (?, ?, ?, ?, ?)",
        ((k.source, k.target, k.type, k.note, k.created or now) for k in links),
    )

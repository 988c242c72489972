"""Views for reading a database outside the app (Datasette, sqlite3): ISO dates and each event's lists.

They are created by the corpus build and the subset export, not by a migration: they hold no data,
the app never reads them, and a file without them is still a valid database of this schema.
"""

from __future__ import annotations

import sqlite3

#: The proleptic Gregorian day numbers of `lo`/`hi` (date.toordinal) to a Julian day for SQLite's date().
_TO_JULIAN = 1721424.5
#: `hi` of an interval with no end (date(9999, 12, 31).toordinal()).
OPEN_HI = 3652059

VIEWS: dict[str, str] = {
    # Each event with ISO dates beside the day numbers; an open end (or start) is empty, not 9999-12-31,
    # and so are both for an undated record (its start_min is the empty string).
    "events_iso": """
        SELECT num, id, title, date, date_text, precision,
            CASE WHEN open_start THEN NULL ELSE nullif(start_min, '') END AS start,
            CASE WHEN open_end THEN NULL ELSE end_max END AS "end",
            lo, hi, track, section, origin
        FROM events""",
    # The user's periods with ISO dates.
    "periods_iso": f"""
        SELECT id, name, date,
            CASE WHEN lo <= 1 THEN NULL ELSE date(lo + {_TO_JULIAN}) END AS start,
            CASE WHEN hi >= {OPEN_HI} THEN NULL ELSE date(hi + {_TO_JULIAN}) END AS "end",
            note, color
        FROM periods""",
    # One row per event with its actors, themes and sources written out (filter it by ?id=…).
    "event_details": """
        SELECT e.num, e.id, e.title, e.date,
            CASE WHEN e.open_start THEN NULL ELSE nullif(e.start_min, '') END AS start,
            CASE WHEN e.open_end THEN NULL ELSE e.end_max END AS "end",
            e.track, e.section, e.summary, e.quote,
            (SELECT group_concat(actor, '; ') FROM
                (SELECT actor FROM event_actors WHERE event_id = e.id ORDER BY position)) AS actors,
            (SELECT group_concat(label, '; ') FROM
                (SELECT t.label FROM event_themes et JOIN themes t ON t.id = et.theme
                 WHERE et.event_id = e.id ORDER BY et.position)) AS themes,
            (SELECT group_concat(cited, ' | ') FROM
                (SELECT s.citation || coalesce(' <' || s.url || '>', '') AS cited
                 FROM event_sources es JOIN sources s ON s.id = es.source_id
                 WHERE es.event_id = e.id ORDER BY es.position)) AS sources
        FROM events e""",
}


def create_reading_views(conn: sqlite3.Connection) -> None:
    """Create (or replace) the reading views, inside the caller's transaction."""
    for name, select in VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {select}")

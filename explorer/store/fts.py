"""Keeping the full-text index in step with events and annotations.

One row per event, rowid = events.num. The columns gather everything a user may search for:
the text, actor names with all their aliases (so "Lukashenko" finds "Lukashenka"), theme labels,
source citations, and the user's notes and tags.
"""

from __future__ import annotations

import string
from collections.abc import Iterable

import sqlite_utils

#: A theme's words in the index: its label, and its id when that is not just the label in lower
#: case with hyphens for spaces (imported themes are often named by their id; their words once).
THEME_WORDS = (
    "CASE WHEN t.id = replace(lower(t.label), ' ', '-') THEN t.label ELSE t.label || ' ' || t.id END"
)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def theme_words(theme_id: str, label: str) -> str:
    """THEME_WORDS in Python (SQLite's lower() folds ASCII letters only, and so does this)."""
    if theme_id == label.translate(_ASCII_LOWER).replace(" ", "-"):
        return label
    return f"{label} {theme_id}"


_SELECT = f"""
SELECT e.num, e.title, e.summary, coalesce(e.quote, ''),
  coalesce((SELECT group_concat(a.name || ' ' || replace(replace(replace(a.aliases, '["', ''), '"]', ''), '", "', ' '), ' ')
            FROM event_actors ea JOIN actors a ON a.name = ea.actor WHERE ea.event_id = e.id), ''),
  coalesce((SELECT group_concat({THEME_WORDS}, ' ')
            FROM event_themes et JOIN themes t ON t.id = et.theme WHERE et.event_id = e.id), ''),
  coalesce((SELECT group_concat(s.citation || ' ' || coalesce(s.url, ''), ' ')
            FROM event_sources es JOIN sources s ON s.id = es.source_id WHERE es.event_id = e.id), ''),
  coalesce((SELECT group_concat(n.body, ' ') FROM notes n WHERE n.event_id = e.id), '') || ' ' ||
  coalesce((SELECT group_concat(g.tag, ' ') FROM event_tags g WHERE g.event_id = e.id), '')
FROM events e
"""


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Rebuild the whole index (caller holds the transaction)."""
    db.execute("DELETE FROM events_fts")
    db.execute(
        "INSERT INTO events_fts (rowid, title, summary, quote, actors, themes, sources, annotations) "
        + _SELECT
    )


def reindex_events(db: sqlite_utils.Database, event_ids: Iterable[str]) -> None:
    """Refresh the index rows of some events (caller holds the transaction)."""
    ids = list(dict.fromkeys(event_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        db.execute(
            f"DELETE FROM events_fts WHERE rowid IN (SELECT num FROM events WHERE id IN ({marks}))", chunk
        )
        db.execute(
            "INSERT INTO events_fts (rowid, title, summary, quote, actors, themes, sources, annotations) "
            + _SELECT
            + f" WHERE e.id IN ({marks})",
            chunk,
        )

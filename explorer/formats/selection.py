"""Choosing events to export: by ids, tracks, a date range, a full-text query and tags (all combined)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from explorer.model import DateError, parse_date


class SelectionError(ValueError):
    """A filter that names something that does not exist, or a date that cannot be read."""


def _fallback_search(db: sqlite_utils.Database, query: str) -> list[str]:
    """Event ids matching every word of the query as a prefix (FTS5), best first."""
    tokens = re.findall(r"\w+", query)
    if not tokens:
        return []
    match = " ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
    return [
        r[0]
        for r in db.execute(
            "SELECT e.id FROM events_fts JOIN events e ON e.num = events_fts.rowid"
            " WHERE events_fts MATCH ? ORDER BY rank",
            [match],
        )
    ]


def search(db: sqlite_utils.Database, query: str) -> list[str]:
    """Ids of events matching a full-text query (explorer.store.search when present)."""
    try:
        from explorer.store.search import search_ids
    except ImportError:
        return _fallback_search(db, query)
    return list(search_ids(db, query))


def _bounds(text: str, option: str) -> tuple[int, int]:
    try:
        f = parse_date(text)
    except DateError as exc:
        raise SelectionError(f"{option} {text}: {exc}.") from None
    return f.lo, f.hi


def select_ids(
    db: sqlite_utils.Database,
    *,
    ids: Sequence[str] | None = None,
    tracks: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    query: str | None = None,
    tags: Sequence[str] | None = None,
) -> list[str]:
    """Ids of the events passing every given filter, in date order.

    A track matches by id or name; --from keeps events that can end on or after the start of
    that date, --to those that can begin on or before its end (overlap, not containment);
    an undated record passes neither.
    """
    where: list[str] = []
    params: list[Any] = []
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        known = {r[0] for r in db.execute("SELECT id FROM events")}
        missing = [i for i in wanted if i not in known]
        if missing:
            raise SelectionError(f"There is no event with the id “{missing[0]}”.")
    if tracks:
        rows = list(db.execute("SELECT id, name FROM tracks"))
        chosen = []
        for t in tracks:
            hit = [r[0] for r in rows if t.strip().lower() in (r[0].lower(), r[1].lower())]
            if not hit:
                names = ", ".join(r[0] for r in rows)
                raise SelectionError(f"There is no track “{t}”; the tracks are {names}.")
            chosen += hit
        where.append(f"track IN ({', '.join('?' for _ in chosen)})")
        params += chosen
    if date_from or date_to:
        where.append("undated = 0")  # an undated record is in no date range
    if date_from:
        lo, _ = _bounds(date_from, "--from")
        where.append("hi >= ?")
        params.append(lo)
    if date_to:
        _, hi = _bounds(date_to, "--to")
        where.append("lo <= ?")
        params.append(hi)
    if tags:
        known_tags = {r[0].lower(): r[0] for r in db.execute("SELECT name FROM tags")}
        tag_names: list[str] = []
        for t in tags:
            if t.strip().lower() not in known_tags:
                raise SelectionError(f"There is no tag “{t}”.")
            tag_names.append(known_tags[t.strip().lower()])
        marks = ", ".join("?" for _ in tag_names)
        where.append(f"id IN (SELECT event_id FROM event_tags WHERE tag IN ({marks}))")
        params += tag_names
    sql = "SELECT id FROM events" + (" WHERE " + " AND ".join(where) if where else "")
    result = [r[0] for r in db.execute(sql + " ORDER BY lo, hi, position, id", params)]
    if ids is not None:
        chosen_ids = set(ids)
        result = [i for i in result if i in chosen_ids]
    if query is not None:
        matching = set(search(db, query))
        result = [i for i in result if i in matching]
    return result

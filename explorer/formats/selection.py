"""Choosing events to export: by ids, tracks, a date range, a full-text query and tags (all combined)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from explorer.model import DateError, parse_date
from explorer.store.event_queries import ids_where
from explorer.store.event_queries import tag_names as all_tag_names
from explorer.store.events import EventStore
from explorer.store.search import search_ids


class SelectionError(ValueError):
    """A filter that names something that does not exist, or a date that cannot be read."""


def search(db: sqlite_utils.Database, query: str) -> list[str]:
    """Ids of events matching a full-text query, best first."""
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
    if ids is not None:
        known = set(EventStore(db).ids())
        missing = [i for i in dict.fromkeys(ids) if i not in known]
        if missing:
            raise SelectionError(f"There is no event with the id “{missing[0]}”.")
    chosen: list[str] = []
    if tracks:
        every = EventStore(db).tracks()
        for t in tracks:
            hit = [k.id for k in every if t.strip().lower() in (k.id.lower(), k.name.lower())]
            if not hit:
                names = ", ".join(k.id for k in every)
                raise SelectionError(f"There is no track “{t}”; the tracks are {names}.")
            chosen += hit
    lo = _bounds(date_from, "--from")[0] if date_from else None
    hi = _bounds(date_to, "--to")[1] if date_to else None
    tag_names: list[str] = []
    if tags:
        known_tags = {name.lower(): name for name in all_tag_names(db)}
        for t in tags:
            if t.strip().lower() not in known_tags:
                raise SelectionError(f"There is no tag “{t}”.")
            tag_names.append(known_tags[t.strip().lower()])
    result = ids_where(db, tracks=chosen, lo=lo, hi=hi, tags=tag_names)
    if ids is not None:
        chosen_ids = set(ids)
        result = [i for i in result if i in chosen_ids]
    if query is not None:
        matching = set(search(db, query))
        result = [i for i in result if i in matching]
    return result

"""An import's placements on further lanes (`also_tracks` in our JSON and CSV): kept apart from
import_write so that module's bulk path stays as it is; `write_plan` makes two calls into here, and
`own_format.merge_known_events` one for the corpus events a file of our own brings back."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from operator import attrgetter

import sqlite_utils

from explorer.formats.import_plan import Incoming
from explorer.store.events import write_extra_tracks
from explorer.store.placements import add_user_placements

_ALSO_TRACKS = attrgetter("also_tracks")


def also_track_keys(events: Sequence[Incoming]) -> list[str]:
    """The track keys the events are also placed on, first use first (to be mapped like home tracks)."""
    return list(dict.fromkeys(k for e in events if e.also_tracks for k in e.also_tracks))


def write_placements(
    db: sqlite_utils.Database, events: Sequence[Incoming], ids: Sequence[str], track_ids: dict[str, str]
) -> int:
    """Insert the events' further placements (caller holds the transaction); how many were written."""
    # only the events placed on further lanes (usually none), picked out in C
    placed = itertools.compress(zip(ids, events, strict=True), map(_ALSO_TRACKS, events))
    rows = [
        (eid, tid, "")
        for eid, e in placed
        for tid in dict.fromkeys(track_ids[k] for k in e.also_tracks)
        if tid != track_ids[e.track]  # two keys of one file can join the same lane
    ]
    if rows:
        write_extra_tracks(db, rows)
    return len(rows)


def attach_placements(db: sqlite_utils.Database, known: Sequence[Incoming]) -> int:
    """The placements a file of our own gives corpus events already here, kept as the user's own.

    The corpus's placements are here already (and skipped); any other one in the file was made by
    whoever exported it. Caller holds the transaction; how many were added.
    """
    return add_user_placements(db, [(e.id, t) for e in known if e.also_tracks for t in e.also_tracks])

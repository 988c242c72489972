"""The app's own JSON coming back: corpus events stay corpus events, lanes and footnotes are kept.

An export of this app names each event's origin. When it is imported, events that are corpus
events here already are not copied: their notes, tags and ratings are put on the same events
(nothing duplicated). Events of the corpus that this database lacks come in as corpus events with
their ids, their lanes' ids and their footnotes; the paper's record is restored where none is here.
"""

from __future__ import annotations

import sqlite_utils

from explorer.formats.import_placements import attach_placements
from explorer.formats.import_plan import ImportPlan, Incoming, TrackSpec
from explorer.formats.text import slugify
from explorer.store.import_match import (
    PAIRED_TRACKS,
    attach_annotations,
    corpus_event_ids,
    restore_paper,
    track_rows,
)

__all__ = ["corpus_matches", "merge_known_events", "plan_tracks"]


def corpus_matches(db: sqlite_utils.Database, plan: ImportPlan) -> int:
    """How many of the plan's events are corpus events here already (0 unless it is the app's own JSON)."""
    if not plan.own_format:
        return 0
    here = corpus_event_ids(db)
    return sum(1 for e in plan.events if e.origin == "corpus" and e.id in here)


def merge_known_events(db: sqlite_utils.Database, plan: ImportPlan, now: str) -> int:
    """Take the events already here as corpus events out of the plan and attach their annotations.

    Caller holds the transaction. Returns how many events were found here.
    """
    if not plan.own_format:
        return 0
    restore_paper(db, plan.paper)
    here = corpus_event_ids(db)
    known: list[Incoming] = [e for e in plan.events if e.origin == "corpus" and e.id in here]
    if not known:
        return 0
    ids = {e.id for e in known}
    plan.events = [e for e in plan.events if e.id not in ids]
    attach_annotations(
        db,
        (
            (e.id, n.body, n.created or now, n.modified or n.created or now, n.author)
            for e in known
            for n in e.notes
        ),
        ((e.id, t, now) for e in known for t in e.tags),
        (
            (e.id, int(a.flagged), a.stars, a.belarus, a.russia, a.west, now)
            for e in known
            if (a := e.assessment)
        ),
    )
    attach_placements(db, known)  # the exporter's own placements on further lanes
    return len(known)


def plan_tracks(
    db: sqlite_utils.Database, plan: ImportPlan, dataset: str, keys: list[str]
) -> tuple[dict[str, str], list[tuple[str, TrackSpec, str]]]:
    """Each of the file's track keys mapped to a track id, and the tracks to create (id, spec, name).

    `foreign` and `security` join the paired lanes when these exist; the app's own JSON keeps a
    track's id when it is free (or joins the track of that id); any other track gets
    `<dataset>:<key>`, and a name another lane has already is followed by the file's name, so that
    two imports never make two lanes nobody can tell apart.
    """
    existing = track_rows(db)
    names = {name.casefold() for name, _origin in existing.values()}
    mapped: dict[str, str] = {}
    create: list[tuple[str, TrackSpec, str]] = []
    taken = set(existing)
    order = {k: i for i, k in enumerate(plan.tracks)}  # lanes in the file's order, not first use
    for key in sorted(keys, key=lambda k: order.get(k, len(order))):
        spec = plan.tracks[key]
        slug = slugify(key) or "default"
        if slug in PAIRED_TRACKS and slug in existing:
            mapped[key] = slug
            continue
        if plan.own_format and key in existing:
            mapped[key] = key
            continue
        base = key if plan.own_format and key == slug else f"{dataset}:{slug}"
        tid, n = base, 1
        while tid in taken:
            n += 1
            tid = f"{base}-{n}"
        taken.add(tid)
        name = spec.name
        if name.casefold() in names:
            name = f"{name} ({plan.name})"
        names.add(name.casefold())
        mapped[key] = tid
        create.append((tid, spec, name))
    return mapped, create

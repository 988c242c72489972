"""Writing a checked import plan: ids made unique, rows inserted in bulk, the new rows indexed once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

from explorer.formats.common import Ticker
from explorer.formats.import_plan import ImportPlan
from explorer.formats.text import slugify
from explorer.store import imports
from explorer.store.events import date_columns
from explorer.store.fts import reindex_events

#: From this many events (and more than the database holds), secondary indexes are rebuilt, not updated.
BULK_MIN = 50_000
#: Colours for imported tracks that bring none (a qualitative palette, in turn).
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d")


def _date_columns(plan: ImportPlan) -> dict[str, tuple[Any, ...]]:
    return {text: date_columns(f) for text, f in plan.dates.items()}


def _fts_rows(db: sqlite_utils.Database, plan: ImportPlan, first: int) -> Iterator[tuple[Any, ...]]:
    """The index row of each new event, built from the plan (the same words explorer.store.fts indexes)."""
    actors = imports.actor_words(db)
    themes = imports.theme_words(db)
    citations = {k: f"{s.citation} {s.url or ''}" for k, s in plan.sources.items()}
    for i, e in enumerate(plan.events):
        notes = " ".join(n.body for n in e.notes)
        yield (
            first + i,
            e.title,
            e.summary,
            e.quote or "",
            " ".join([actors.get(a, a) for a in e.actors]) if e.actors else "",
            " ".join([themes.get(t, f"{t} {t}") for t in e.themes]) if e.themes else "",
            " ".join([citations[s] for s in e.sources]) if e.sources else "",
            f"{notes} {' '.join(e.tags)}" if e.notes or e.tags else "",
        )


def _new_ids(db: sqlite_utils.Database, plan: ImportPlan, dataset: str) -> dict[str, str]:
    """Ids already in the database, mapped to `<dataset>:<id>` (with a number if even that is taken)."""
    existing = imports.event_ids(db)
    clashes = [e.id for e in plan.events if e.id in existing]
    if not clashes:
        return {}
    taken = existing | {e.id for e in plan.events}
    renamed = {}
    for old in clashes:
        new, n = f"{dataset}:{old}", 1
        while new in taken:
            n += 1
            new = f"{dataset}:{old}-{n}"
        taken.add(new)
        renamed[old] = new
    return renamed


def write_plan(
    db: sqlite_utils.Database, plan: ImportPlan, dataset: str, now: str, ticker: Ticker
) -> tuple[dict[str, str], dict[str, int]]:
    """Insert everything the plan holds (caller holds the transaction); the renamed ids and counts."""
    origin = f"import:{dataset}"
    events = plan.events
    renamed = _new_ids(db, plan, dataset)
    ident = renamed.get
    orphans = imports.orphan_annotation_ids(db)
    waiting = [eid for e in events if (eid := ident(e.id, e.id)) in orphans] if orphans else []

    used_tracks = list(dict.fromkeys(e.track for e in events))
    track_ids: dict[str, str] = {}
    position = imports.next_track_position(db)
    track_rows = []
    for i, key in enumerate(used_tracks):
        spec = plan.tracks[key]
        base, n = f"{dataset}:{slugify(key) or 'default'}", 1
        tid = base
        while tid in track_ids.values():
            n += 1
            tid = f"{base}-{n}"
        track_ids[key] = tid
        color = spec.color if spec.color != "#777777" else PALETTE[i % len(PALETTE)]
        track_rows.append((tid, spec.name, spec.description, color, position + i, origin))
    used_sources = list(dict.fromkeys(s for e in events for s in e.sources))
    source_ids = {key: f"{dataset}:{key}" for key in used_sources}

    imports.record_dataset(db, dataset, plan.name, plan.format, plan.digest, now, len(events))
    imports.ensure_names(
        db,
        (a for e in events for a in e.actors),
        (t for e in events for t in e.themes),
        {t: plan.tag_colors.get(t, "#888888") for e in events for t in e.tags},
    )
    run = imports.insert_many
    run(
        db,
        "INSERT INTO tracks (id, name, description, color, position, origin) VALUES (?, ?, ?, ?, ?, ?)",
        track_rows,
    )
    run(
        db,
        "INSERT INTO sources (id, number, citation, url, language, date, section, origin)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (source_ids[k], s.number, s.citation, s.url, s.language, s.date, s.section, origin)
            for k in used_sources
            for s in (plan.sources[k],)
        ),
    )
    first = imports.max_event_num(db) + 1
    columns = _date_columns(plan)
    bulk = len(events) >= BULK_MIN and len(events) > imports.event_count(db)
    saved_indexes = imports.drop_secondary_indexes(db) if bulk else []

    def event_rows() -> Iterator[tuple[Any, ...]]:
        tick = ticker.tick
        for i, e in enumerate(events):
            yield (
                first + i,
                ident(e.id, e.id),
                e.title,
                e.summary,
                e.date,
                e.date_text,
                *columns[e.date],
                track_ids[e.track],
                e.section,
                e.quote,
                origin,
                i,
            )
            if i % 1000 == 999:
                tick(1000)

    run(db, imports.EVENT_INSERT, event_rows())
    ticker.tick(len(events) % 1000)

    def pairs(attr: str) -> Iterator[tuple[str, str, int]]:
        for e in events:
            values = getattr(e, attr)
            if values:
                eid = ident(e.id, e.id)
                for i, v in enumerate(dict.fromkeys(values)):
                    yield eid, v, i

    run(db, "INSERT INTO event_actors (event_id, actor, position) VALUES (?, ?, ?)", pairs("actors"))
    run(db, "INSERT INTO event_themes (event_id, theme, position) VALUES (?, ?, ?)", pairs("themes"))
    run(
        db,
        "INSERT INTO event_sources (event_id, source_id, position) VALUES (?, ?, ?)",
        ((eid, source_ids[s], i) for eid, s, i in pairs("sources")),
    )
    run(
        db,
        "INSERT INTO event_tags (event_id, tag, created) VALUES (?, ?, ?)",
        ((eid, t, now) for eid, t, _ in pairs("tags")),
    )
    run(
        db,
        "INSERT INTO notes (event_id, body, created, modified) VALUES (?, ?, ?, ?)",
        (
            (ident(e.id, e.id), n.body, n.created or now, n.modified or n.created or now)
            for e in events
            if e.notes
            for n in e.notes
        ),
    )
    run(
        db,
        "INSERT INTO importance (event_id, row, label, belarus, russia, west) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (ident(e.id, e.id), m.row, m.label, m.belarus, m.russia, m.west)
            for e in events
            if (m := e.importance)
        ),
    )
    run(
        db,
        "INSERT INTO table_one (event_id, row, partners, time_span) VALUES (?, ?, ?, ?)",
        ((ident(e.id, e.id), t.row, t.partners, t.time_span) for e in events if (t := e.table_one)),
    )
    run(
        db,
        "INSERT INTO assessments (event_id, flagged, stars, belarus, russia, west, modified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (ident(e.id, e.id), int(a.flagged), a.stars, a.belarus, a.russia, a.west, now)
            for e in events
            if (a := e.assessment)
        ),
    )
    run(
        db,
        "INSERT INTO periods (name, date, lo, hi, note, color, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (p.name, p.date, plan.dates[p.date].lo, plan.dates[p.date].hi, p.note, p.color, now, now)
            for p in plan.periods
        ),
    )
    run(
        db,
        "INSERT OR IGNORE INTO links (source_event, target_event, type, note, created) VALUES (?, ?, ?, ?, ?)",
        ((ident(k.source, k.source), ident(k.target, k.target), k.type, k.note, now) for k in plan.links),
    )
    ticker.check()
    imports.create_indexes(db, saved_indexes)
    ticker.check()
    imports.index_rows(db, _fts_rows(db, plan, first))
    if waiting:
        reindex_events(db, waiting)  # notes or tags kept from an earlier event with the same id
    counts = {"tracks": len(track_rows), "sources": len(used_sources)}
    return renamed, counts

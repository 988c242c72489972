"""Writing a checked import plan: ids made unique, rows inserted in bulk, the new rows indexed once.

`write_plan` places the plan (ids, tracks, sources: `place`), then writes names, events, lists,
annotations and the index in that order; the SQL is in explorer.store.import_rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import add, attrgetter, itemgetter
from pathlib import Path
from typing import Any

import sqlite_utils

from explorer.formats.common import Ticker
from explorer.formats.import_placements import also_track_keys, write_placements
from explorer.formats.import_plan import ImportPlan, Incoming
from explorer.formats.own_format import plan_tracks
from explorer.store import import_match, imports
from explorer.store import import_rows as rows
from explorer.store.events import DATE_COLUMNS, UNDATED_COLUMNS, date_columns
from explorer.store.fts import reindex_events
from explorer.store.side_build import CHUNK, LINK_TABLES, SideBuild

#: From this many events (and more than the database holds), secondary indexes are rebuilt, not updated.
BULK_MIN = 50_000
#: The lists the worker writes (see explorer.store.side_build.LINK_TABLES).
WORKER_LISTS = ("event_themes",)
#: From this many events (and at least as many as the database holds), a worker process builds the
#: full-text index and the actor and theme rows (explorer.store.side_build).
SIDE_BUILD_MIN = 50_000
#: A file this large has its index rows sent to a worker while it is still being read.
SPECULATE_MIN_BYTES = 8 * 1024 * 1024
#: Events per executemany of the events' insert (progress and cancel are checked between them).
EVENT_BATCH = 8192
#: Colours for imported tracks that bring none (a qualitative palette, in turn).
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d")


def _date_columns(plan: ImportPlan) -> dict[str, tuple[Any, ...]]:
    # "" is an undated event's date (our own JSON export writes it so): sentinels, never a day
    return {"": UNDATED_COLUMNS} | {text: date_columns(f) for text, f in plan.dates.items()}


def event_texts(plan: ImportPlan, start: int, stop: int, first: int) -> Iterator[imports.EventText]:
    """What the full-text index needs of plan.events[start:stop], numbered from first + start."""
    events = plan.events
    for i in range(start, stop):
        e = events[i]
        yield (
            first + i,
            e.title,
            e.summary,
            e.quote or "",
            e.actors,
            e.themes,
            e.sources,
            " ".join(n.body for n in e.notes) if e.notes else "",
            e.tags,
        )


def citations(plan: ImportPlan, keys: Iterable[str] | None = None) -> dict[str, str]:
    """The index words ("citation url") of the plan's sources, or of some of them."""
    sources = plan.sources
    return {
        k: f"{s.citation} {s.url or ''}" for k in (sources if keys is None else keys) for s in (sources[k],)
    }


_TITLE, _SUMMARY, _QUOTE, _NOTES = map(attrgetter, ("title", "summary", "quote", "notes"))
_DATE, _DATE_TEXT, _SECTION, _TRACK, _SOURCES = map(
    attrgetter, ("date", "date_text", "section", "track", "sources")
)
_NO_NONE: dict[str | None, str] = {None: ""}
_LISTS = tuple(map(attrgetter, ("actors", "themes", "sources", "tags")))


class SideFeed:
    """Sends a plan's events to a SideBuild worker as the plan grows.

    Called with the plan (as a PlanBuilder watch while a file is read, and once more before the
    events are written), it sends the events added since the last call, numbered from `first`,
    the events.num the first imported event will get.
    """

    def __init__(self, db: sqlite_utils.Database, side: SideBuild) -> None:
        self.side = side
        self.existing = imports.event_count(db)
        self.first = imports.max_event_num(db) + 1
        self.sent = 0
        self._sources = 0

    @classmethod
    def start(cls, db: sqlite_utils.Database) -> SideFeed | None:
        """A feed to a new worker, or None when the database cannot use one."""
        side = SideBuild.start(db, imports.actor_words(db), imports.theme_words(db), WORKER_LISTS)
        return None if side is None else cls(db, side)

    @classmethod
    def for_large_file(cls, db: sqlite_utils.Database, path: Path) -> SideFeed | None:
        """A feed started before a file is read, when the file looks large enough to need one."""
        try:
            size = path.stat().st_size
        except OSError:
            return None
        if size < SPECULATE_MIN_BYTES or imports.event_count(db) > size // 300:
            return None
        return cls.start(db)

    def __call__(self, plan: ImportPlan) -> None:
        keys = list(plan.sources)[self._sources :]
        self._sources += len(keys)
        cites = citations(plan, keys)
        events = plan.events
        for start in range(self.sent, len(events), CHUNK):
            chunk = events[start : start + CHUNK]
            notes = list(map(_NOTES, chunk))
            texts = [
                list(map(_TITLE, chunk)),
                list(map(_SUMMARY, chunk)),
                list(map(_NO_NONE.get, map(_QUOTE, chunk), map(_QUOTE, chunk))),  # None as ""
                [""] * len(chunk)
                if notes.count(()) == len(chunk)
                else [" ".join(n.body for n in e) if e else "" for e in notes],
            ]
            lists = [list(map(get, chunk)) for get in _LISTS]
            self.side.add_columns(cites, self.first + start, texts, lists)
            cites = {}
        self.sent = len(events)

    def fits(self, db: sqlite_utils.Database, plan: ImportPlan) -> bool:
        """True when this feed's rows still match the database and the plan is worth it."""
        return (
            len(plan.events) >= SIDE_BUILD_MIN
            and self.existing <= len(plan.events)
            and self.existing == imports.event_count(db)
            and self.first == imports.max_event_num(db) + 1
            and self.sent <= len(plan.events)
        )

    def close(self, db: sqlite_utils.Database | None = None) -> None:
        """Stop the worker and remove its file (after the transaction)."""
        self.side.close(db)


def _new_ids(db: sqlite_utils.Database, plan: ImportPlan, dataset: str) -> dict[str, str]:
    """Ids already in the database, mapped to `<dataset>:<id>` (with a number if even that is taken)."""
    existing = imports.event_ids(db)
    if not existing:
        return {}
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


@dataclass
class Placement:
    """Where a plan's events, tracks and sources go in this database: ids, renames and origins."""

    ids: list[str]  # each event's id in the database
    renamed: dict[str, str]
    corpus_kept: set[str]  # the app's own corpus events, which keep their ids and stay corpus events
    track_ids: dict[str, str]
    track_rows: list[tuple[Any, ...]]
    used_sources: list[str]
    source_ids: dict[str, str]
    corpus_sources: set[str]
    origin: str

    def ident(self, event_id: str) -> str:
        """An event's id in the database (renamed when it clashed)."""
        return self.renamed.get(event_id, event_id)


def place(db: sqlite_utils.Database, plan: ImportPlan, dataset: str) -> Placement:
    """Decide ids, tracks and sources for a plan before anything is written."""
    origin = f"import:{dataset}"
    events = plan.events
    renamed = _new_ids(db, plan, dataset)
    ids = list(map(attrgetter("id"), events))
    if renamed:
        ident = renamed.get
        ids = [ident(i, i) for i in ids]
    # the app's own corpus events keep their ids and stay corpus events (explorer.formats.own_format)
    corpus_kept = (
        {eid for eid, e in zip(ids, events, strict=True) if e.origin == "corpus" and eid == e.id}
        if plan.own_format
        else set()
    )
    used_tracks = list(dict.fromkeys([*dict.fromkeys(map(_TRACK, events)), *also_track_keys(events)]))
    track_ids, new_tracks = plan_tracks(db, plan, dataset, used_tracks)
    position = imports.next_track_position(db)
    corpus_tracks = {e.track for e in events if e.id in corpus_kept} if corpus_kept else set()
    track_rows = []
    for i, (tid, spec, name) in enumerate(new_tracks):
        color = spec.color if spec.color != "#777777" else PALETTE[i % len(PALETTE)]
        kind = "corpus" if tid in corpus_tracks and tid == spec.key else origin
        track_rows.append((tid, name, spec.description, color, position + i, kind))
    used_sources = list(dict.fromkeys(itertools.chain.from_iterable(map(_SOURCES, events))))
    here = import_match.source_ids(db) if plan.own_format else set()
    source_ids = {
        key: key if plan.own_format and key not in here else f"{dataset}:{key}" for key in used_sources
    }
    corpus_sources = (
        {k for e in events if e.id in corpus_kept for k in e.sources if source_ids[k] == k}
        if corpus_kept
        else set()
    )
    return Placement(
        ids, renamed, corpus_kept, track_ids, track_rows, used_sources, source_ids, corpus_sources, origin
    )


def _write_names(db: sqlite_utils.Database, plan: ImportPlan, at: Placement) -> None:
    """Actors, themes, tags, tracks and sources the events refer to."""
    events = plan.events
    imports.ensure_names(
        db,
        itertools.chain.from_iterable(map(attrgetter("actors"), events)),
        itertools.chain.from_iterable(map(attrgetter("themes"), events)),
        {t: plan.tag_colors.get(t, "#888888") for e in events for t in e.tags},
    )
    rows.insert_tracks(db, at.track_rows)
    rows.insert_sources(
        db,
        (
            (at.source_ids[k], s.number, s.citation, s.url, s.language, s.date, s.section,
             "corpus" if k in at.corpus_sources else at.origin)
            for k in at.used_sources
            for s in (plan.sources[k],)
        ),
    )  # fmt: skip


def _write_events(
    db: sqlite_utils.Database, plan: ImportPlan, at: Placement, first: int, ticker: Ticker
) -> None:
    """The events themselves, numbered from `first`, ticking the progress every batch.

    Rows are put together by C iterators over a batch of events (no Python per row), and a
    column with one value for every event of the file (no date_text, no section, one origin, or
    a date column all of whose dates agree) is written once into the statement instead of being
    bound a million times.
    """
    events, ids = plan.events, at.ids
    dates = _date_columns(plan)
    if all(map(_DATE, events)):  # no undated event: its sentinels would make every column vary
        del dates[""]
    by_column = list(zip(*dates.values(), strict=True)) if dates else [()] * len(DATE_COLUMNS)
    bound = [i for i, values in enumerate(by_column) if len(set(values)) > 1]
    constants: dict[str, Any] = {
        DATE_COLUMNS[i]: values[0] if values else None for i, values in enumerate(by_column) if i not in bound
    }
    pick = itemgetter(*bound) if bound else None
    date_values = {text: _picked(pick, values) for text, values in dates.items()}
    columns = ["num", "id", "title", "summary", "date", "track", "quote", "position"]
    columns += [DATE_COLUMNS[i] for i in bound]
    # the other columns, bound only when some event differs
    extra: list[Callable[[list[Incoming], list[str]], Iterable[Any]]] = []
    for name, attr in (("date_text", _DATE_TEXT), ("section", _SECTION)):
        if all(value is None for value in map(attr, events)):  # '' is kept as it is, bound
            constants[name] = None
        else:
            columns.append(name)
            extra.append(_per_event(attr))
    if all(map(_DATE, events)):
        constants["undated"] = 0
    else:
        columns.append("undated")
        extra.append(lambda chunk, _ids: [int(not d) for d in map(_DATE, chunk)])
    if not at.corpus_kept:
        constants["origin"] = at.origin
    else:
        columns.append("origin")
        kept, origin = at.corpus_kept, at.origin
        extra.append(lambda _chunk, chunk_ids: ["corpus" if i in kept else origin for i in chunk_ids])
    track_id = at.track_ids.__getitem__

    def batches() -> Iterator[Iterable[tuple[Any, ...]]]:
        for start in range(0, len(events), EVENT_BATCH):
            chunk, chunk_ids = events[start : start + EVENT_BATCH], ids[start : start + EVENT_BATCH]
            chunk_dates = list(map(_DATE, chunk))
            stop = start + len(chunk)
            out: Iterable[tuple[Any, ...]] = map(
                add,
                zip(
                    range(first + start, first + stop),
                    chunk_ids,
                    map(_TITLE, chunk),
                    map(_SUMMARY, chunk),
                    chunk_dates,
                    map(track_id, map(_TRACK, chunk)),
                    map(_QUOTE, chunk),
                    range(start, stop),
                    strict=True,
                ),
                map(date_values.__getitem__, chunk_dates),
            )
            if extra:
                out = map(add, out, zip(*[get(chunk, chunk_ids) for get in extra], strict=True))
            yield out
            ticker.tick(len(chunk))

    rows.insert_event_batches(db, columns, constants, batches())


def _per_event(attr: Callable[[Incoming], Any]) -> Callable[[list[Incoming], list[str]], Iterable[Any]]:
    """A column of a batch of events read from one attribute."""
    return lambda chunk, _ids: map(attr, chunk)


def _picked(pick: Callable[[tuple[Any, ...]], Any] | None, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The bound date columns of one date, as a tuple (itemgetter returns a single item bare)."""
    if pick is None:
        return ()
    got = pick(values)
    return got if isinstance(got, tuple) else (got,)


def _pairs(plan: ImportPlan, at: Placement, attr: str) -> list[tuple[str, str, int]]:
    """(event id, value, position) of one list field of every event."""
    lists = list(map(attrgetter(attr), plan.events))
    # only the events that have any (often few, for sources and tags), picked out in C
    return imports.link_rows_of(itertools.compress(zip(at.ids, lists, strict=True), lists))


def _write_lists(db: sqlite_utils.Database, plan: ImportPlan, at: Placement, tables: Iterable[str]) -> None:
    """Some of the list tables filled from the events' lists (event_actors from actors, and so on)."""
    for table, _column, _ in LINK_TABLES:
        if table in tables:
            rows.insert_list(db, table, _pairs(plan, at, table.removeprefix("event_")))


def _write_annotations(db: sqlite_utils.Database, plan: ImportPlan, at: Placement, now: str) -> None:
    """Sources and tags of each event, notes, importance, Table one, assessments, periods and links."""
    events, ident = plan.events, at.ident
    rows.insert_event_sources(db, ((eid, at.source_ids[s], i) for eid, s, i in _pairs(plan, at, "sources")))
    rows.insert_tags(db, ((eid, t, now) for eid, t, _ in _pairs(plan, at, "tags")))
    rows.insert_notes(
        db,
        (
            # a note keeps the name of whoever wrote it ('' takes the local author's, by trigger)
            (ident(e.id), n.body, n.created or now, n.modified or n.created or now, n.author)
            for e in events
            if e.notes
            for n in e.notes
        ),
    )
    rows.insert_importance(
        db,
        ((ident(e.id), m.row, m.label, m.belarus, m.russia, m.west) for e in events if (m := e.importance)),
    )
    rows.insert_table_one(
        db, ((ident(e.id), t.row, t.partners, t.time_span) for e in events if (t := e.table_one))
    )
    rows.insert_assessments(
        db,
        (
            (ident(e.id), int(a.flagged), a.stars, a.belarus, a.russia, a.west, now)
            for e in events
            if (a := e.assessment)
        ),
    )
    rows.insert_periods(
        db,
        (
            (p.name, p.date, plan.dates[p.date].lo, plan.dates[p.date].hi, p.note, p.color, now, now)
            for p in plan.periods
        ),
    )
    rows.insert_links(db, ((ident(k.source), ident(k.target), k.type, k.note, now) for k in plan.links))
    write_placements(db, events, at.ids, at.track_ids)  # also_tracks: the events on further lanes


def _write_index(
    db: sqlite_utils.Database,
    plan: ImportPlan,
    at: Placement,
    first: int,
    feed: SideFeed | None,
    saved_indexes: list[tuple[str, str]],
) -> None:
    """The full-text index and the worker's lists: copied in from the worker, or built here."""
    worker_lists = {table for table, _, _ in feed.side.lists} if feed is not None else set()
    if feed is not None:  # index the events while the worker finishes
        saved_indexes = imports.create_indexes(db, saved_indexes, exclude=worker_lists)
    if feed is not None and feed.side.finish():
        feed.side.install(db)
    else:  # no worker, or it failed: the lists and the index are written here
        _write_lists(db, plan, at, worker_lists)
        words = imports.actor_words(db), imports.theme_words(db)
        texts = event_texts(plan, 0, len(plan.events), first)
        imports.index_rows(db, imports.event_index_rows(texts, *words, citations(plan)))
    imports.create_indexes(db, saved_indexes)


def write_plan(
    db: sqlite_utils.Database,
    plan: ImportPlan,
    dataset: str,
    now: str,
    ticker: Ticker,
    feed: SideFeed | None = None,
) -> tuple[dict[str, str], dict[str, int]]:
    """Insert everything the plan holds (caller holds the transaction); the renamed ids and counts.

    With a feed, its worker builds the full-text index and the actor and theme lists meanwhile.
    """
    if feed is not None:
        feed(plan)  # the rows not sent yet, so that the worker is busy while this process inserts
        feed.side.end()
    at = place(db, plan, dataset)
    orphans = imports.orphan_annotation_ids(db)
    waiting = [eid for eid in at.ids if eid in orphans] if orphans else []
    events = plan.events
    imports.record_dataset(db, dataset, plan.name, plan.format, plan.digest, now, len(events))
    _write_names(db, plan, at)
    first = imports.max_event_num(db) + 1
    bulk = len(events) >= BULK_MIN and len(events) > imports.event_count(db)
    saved_indexes = imports.drop_secondary_indexes(db) if bulk else []
    _write_events(db, plan, at, first, ticker)
    worker_lists = {table for table, _, _ in feed.side.lists} if feed is not None else set()
    _write_lists(db, plan, at, {table for table, _, _ in LINK_TABLES} - worker_lists)
    _write_annotations(db, plan, at, now)
    ticker.check()
    _write_index(db, plan, at, first, feed, saved_indexes)
    ticker.check()
    if waiting:
        reindex_events(db, waiting)  # notes or tags kept from an earlier event with the same id
    return at.renamed, {"tracks": len(at.track_rows), "sources": len(at.used_sources)}

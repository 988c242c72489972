"""Reading and writing events, tracks, sources, actors and themes."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from explorer.model import (
    UNDATED_DAY,
    Actor,
    Event,
    FuzzyDate,
    Importance,
    Source,
    TableOneRow,
    Theme,
    Track,
    parse_date,
)
from explorer.store.errors import UnknownEvent

EVENT_COLUMNS = "num, id, title, summary, date, date_text, track, section, quote, origin, position"


#: The events columns derived from a date, in this order (see date_columns).
DATE_COLUMNS = (
    "precision", "kind", "approximate", "uncertain", "open_start", "open_end",
    "start_min", "start_max", "end_min", "end_max", "lo", "hi",
)  # fmt: skip


def date_columns(f: FuzzyDate) -> tuple[Any, ...]:
    """The values of DATE_COLUMNS for a parsed date: the one place they are computed."""
    return (
        f.precision,
        "period" if f.is_interval else "event",
        int(f.approximate),
        int(f.uncertain),
        int(f.open_start),
        int(f.open_end),
        f.start_min.isoformat(),
        f.start_max.isoformat(),
        f.end_min.isoformat(),
        f.end_max.isoformat() if f.end_max else None,
        f.lo,
        f.hi,
    )


#: DATE_COLUMNS of an undated record: sentinels, never a day (see _v7_undated_events in migrations.py).
UNDATED_COLUMNS = ("undated", "event", 0, 0, 0, 0, "", "", "", None, UNDATED_DAY, UNDATED_DAY)


def next_num(conn: sqlite3.Connection) -> int:
    """The `num` the next inserted event takes (one past the largest; nums are never reused while held)."""
    return int(conn.execute("SELECT coalesce(max(num), 0) + 1 FROM events").fetchone()[0])


def event_row(event: Event, position: int = 0) -> dict[str, Any]:
    """The `events` table row for an event, with its computed date bounds (sentinels when undated)."""
    if event.undated:
        edtf, dates = "", UNDATED_COLUMNS
    else:
        f = parse_date(event.date)
        edtf, dates = f.edtf, date_columns(f)
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary or "",
        "date": edtf,
        "date_text": event.date_text,
        "undated": int(event.undated),
        **dict(zip(DATE_COLUMNS, dates, strict=True)),
        "track": event.track,
        "section": event.section,
        "quote": event.quote,
        "origin": event.origin,
        "position": position,
    }


def write_tracks(db: sqlite_utils.Database, tracks: Iterable[Track]) -> None:
    """Insert or replace tracks."""
    db.table("tracks").upsert_all(
        (
            {
                "id": t.id,
                "name": t.name,
                "description": t.description,
                "color": t.color,
                "position": t.position,
                "origin": t.origin,
            }
            for t in tracks
        ),
        pk="id",
    )


def write_sources(db: sqlite_utils.Database, sources: Iterable[Source]) -> None:
    """Insert or replace sources."""
    db.table("sources").upsert_all(
        (
            {
                "id": s.id,
                "number": s.number,
                "citation": s.citation,
                "url": s.url,
                "language": s.language,
                "date": s.date,
                "section": s.section,
                "origin": s.origin,
            }
            for s in sources
        ),
        pk="id",
    )


def write_actors(db: sqlite_utils.Database, actors: Iterable[Actor]) -> None:
    """Insert or replace actors."""
    db.table("actors").upsert_all(
        (
            {"name": a.name, "kind": a.kind, "aliases": json.dumps(list(a.aliases), ensure_ascii=False)}
            for a in actors
        ),
        pk="name",
    )


def write_themes(db: sqlite_utils.Database, themes: Iterable[Theme]) -> None:
    """Insert or replace themes."""
    db.table("themes").upsert_all(
        ({"id": t.id, "label": t.label, "description": t.description} for t in themes), pk="id"
    )


def write_events(db: sqlite_utils.Database, events: Sequence[Event], *, start_position: int = 0) -> None:
    """Insert events with their actors, themes, sources and table rows (caller holds the transaction).

    Actors and themes that are not yet known are created (kind 'unknown', label = id).
    """
    known_actors = {r[0] for r in db.execute("SELECT name FROM actors")}
    new_actors = sorted({a for e in events for a in e.actors} - known_actors)
    if new_actors:
        write_actors(db, [Actor(name=a) for a in new_actors])
    known_themes = {r[0] for r in db.execute("SELECT id FROM themes")}
    new_themes = sorted({t for e in events for t in e.themes} - known_themes)
    if new_themes:
        write_themes(db, [Theme(id=t, label=t) for t in new_themes])
    conn = db.conn
    first = next_num(conn)
    rows = [{"num": first + i, **event_row(e, start_position + i)} for i, e in enumerate(events)]
    cols = list(rows[0].keys()) if rows else []
    if rows:
        conn.executemany(
            f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            ([r[c] for c in cols] for r in rows),
        )
    conn.executemany(
        "INSERT INTO event_actors (event_id, actor, position) VALUES (?, ?, ?)",
        ((e.id, a, i) for e in events for i, a in enumerate(dict.fromkeys(e.actors))),
    )
    conn.executemany(
        "INSERT INTO event_themes (event_id, theme, position) VALUES (?, ?, ?)",
        ((e.id, t, i) for e in events for i, t in enumerate(dict.fromkeys(e.themes))),
    )
    conn.executemany(
        "INSERT INTO event_sources (event_id, source_id, position) VALUES (?, ?, ?)",
        ((e.id, s, i) for e in events for i, s in enumerate(dict.fromkeys(e.source_ids))),
    )
    conn.executemany(
        "INSERT INTO importance (event_id, row, label, belarus, russia, west) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                e.id,
                e.importance.row,
                e.importance.label,
                e.importance.belarus,
                e.importance.russia,
                e.importance.west,
            )
            for e in events
            if e.importance
        ),
    )
    conn.executemany(
        "INSERT INTO table_one (event_id, row, partners, time_span) VALUES (?, ?, ?, ?)",
        ((e.id, t.row, t.partners, t.time_span) for e in events if (t := e.table_one)),
    )


def write_extra_tracks(db: sqlite_utils.Database, placements: Iterable[tuple[str, str, str]]) -> None:
    """Put events on further lanes: (event id, track id, why the source treats it there)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO event_extra_tracks (event_id, track_id, reason) VALUES (?, ?, ?)",
        list(placements),
    )


def extra_tracks(db: sqlite_utils.Database, ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Event id -> the other tracks it also appears on (in track order); events on one lane are absent."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_extra_tracks'").fetchone():
        return {}  # a file of an older schema opened without upgrading
    sql = (
        "SELECT x.event_id, x.track_id FROM event_extra_tracks x JOIN tracks t ON t.id = x.track_id"
        " ORDER BY x.event_id, t.position, t.id"
    )
    wanted = None if ids is None else set(ids)
    out: dict[str, list[str]] = {}
    for eid, track in db.execute(sql):
        if wanted is None or eid in wanted:
            out.setdefault(eid, []).append(track)
    return out


def extra_tracks_on(db: sqlite_utils.Database, track: str) -> list[str]:
    """The ids of events placed on a track besides their home one (none in a file without the table)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_extra_tracks'").fetchone():
        return []
    return [r[0] for r in db.execute("SELECT event_id FROM event_extra_tracks WHERE track_id = ?", [track])]


def _date_order(e: Event) -> tuple[int, int, str]:
    """The events table's date order in Python: undated records after every dated one."""
    if e.undated:
        return (UNDATED_DAY, UNDATED_DAY, e.id)
    return (e.fuzzy.lo, e.fuzzy.hi, e.id)


class EventStore:
    """Read access to events and their reference data."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- reference data ----------------------------------------------------------------------
    def tracks(self) -> list[Track]:
        """All tracks in their default order."""
        return [
            Track(id=r[0], name=r[1], description=r[2], color=r[3], position=r[4], origin=r[5])
            for r in self.db.execute(
                "SELECT id, name, description, color, position, origin FROM tracks ORDER BY position, id"
            )
        ]

    def sources(self, ids: Iterable[str] | None = None) -> list[Source]:
        """Sources, all or those with the given ids, footnotes first in number order."""
        sql = "SELECT id, citation, number, url, language, date, section, origin FROM sources"
        params: list[Any] = []
        if ids is not None:
            id_list = list(ids)
            sql += f" WHERE id IN ({', '.join('?' for _ in id_list)})"
            params = id_list
        sql += " ORDER BY origin <> 'corpus', number, id"
        return [Source(*r) for r in self.db.execute(sql, params)]

    def actors(self) -> list[Actor]:
        """All actors with their aliases."""
        return [
            Actor(name=r[0], kind=r[1], aliases=tuple(json.loads(r[2])))
            for r in self.db.execute("SELECT name, kind, aliases FROM actors ORDER BY name")
        ]

    def themes(self) -> list[Theme]:
        """The theme vocabulary."""
        return [
            Theme(*r) for r in self.db.execute("SELECT id, label, description FROM themes ORDER BY label")
        ]

    def meta(self) -> dict[str, str]:
        """The key/value metadata of the database (paper title, corpus version, ...)."""
        return {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM meta")}

    # --- events ------------------------------------------------------------------------------
    def count(self) -> int:
        """Number of events."""
        return int(self.db.execute("SELECT count(*) FROM events").fetchone()[0])

    def ids(self) -> list[str]:
        """Every event id in date order."""
        return [r[0] for r in self.db.execute("SELECT id FROM events ORDER BY lo, hi, position, id")]

    def get(self, event_id: str) -> Event:
        """One event by id; UnknownEvent if there is none."""
        found = self.events([event_id])
        if not found:
            raise UnknownEvent(f"There is no event with the id “{event_id}”.")
        return found[0]

    def events(self, ids: Sequence[str] | None = None) -> list[Event]:
        """Events with all their details, in date order (all, or those with the given ids)."""
        where, params = "", []  # type: tuple[str, list[Any]]
        if ids is not None:
            id_list = list(dict.fromkeys(ids))
            if not id_list:
                return []
            if len(id_list) > 900:
                out: list[Event] = []
                for i in range(0, len(id_list), 900):
                    out += self.events(id_list[i : i + 900])
                out.sort(key=_date_order)
                return out
            where = f" WHERE e.id IN ({', '.join('?' for _ in id_list)})"
            params = id_list
        rows = list(
            self.db.execute(
                "SELECT e.num, e.id, e.title, e.summary, e.date, e.date_text, e.track, e.section,"
                " e.quote, e.origin FROM events e" + where + " ORDER BY e.lo, e.hi, e.position, e.id",
                params,
            )
        )
        if not rows:
            return []
        id_set = [r[1] for r in rows]
        actors = self._lists("event_actors", "actor", id_set)
        themes = self._lists("event_themes", "theme", id_set)
        sources = self._sources_of(id_set)
        importance, table_one = self._paper_rows(id_set)
        out = []
        for num, eid, title, summary, date, date_text, track, section, quote, origin in rows:
            src = sources.get(eid, [])
            out.append(
                Event(
                    id=eid,
                    title=title,
                    date=date,
                    track=track,
                    summary=summary,
                    date_text=date_text,
                    section=section,
                    quote=quote,
                    footnotes=[n for _, n in src if n is not None and origin == "corpus"],
                    source_ids=[s for s, _ in src],
                    actors=actors.get(eid, []),
                    themes=themes.get(eid, []),
                    importance=importance.get(eid),
                    table_one=table_one.get(eid),
                    origin=origin,
                    num=num,
                )
            )
        return out

    def _lists(self, table: str, column: str, ids: list[str]) -> dict[str, list[str]]:
        """One of an event's ordered lists (actors, themes) for each of the given events."""
        marks = ", ".join("?" for _ in ids)
        out: dict[str, list[str]] = defaultdict(list)
        for eid, value in self.db.execute(
            f"SELECT event_id, {column} FROM {table} WHERE event_id IN ({marks}) ORDER BY event_id, position",
            ids,
        ):
            out[eid].append(value)
        return out

    def _sources_of(self, ids: list[str]) -> dict[str, list[tuple[str, int | None]]]:
        """Each event's sources in order, as (source id, footnote number or None)."""
        marks = ", ".join("?" for _ in ids)
        out: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        for eid, sid, number in self.db.execute(
            "SELECT es.event_id, es.source_id, s.number FROM event_sources es"
            f" JOIN sources s ON s.id = es.source_id WHERE es.event_id IN ({marks})"
            " ORDER BY es.event_id, es.position",
            ids,
        ):
            out[eid].append((sid, number))
        return out

    def _paper_rows(self, ids: list[str]) -> tuple[dict[str, Importance], dict[str, TableOneRow]]:
        """The events' rows of the paper's table two (importance) and table one, by event id."""
        marks = ", ".join("?" for _ in ids)
        importance = {
            r[0]: Importance(*r[1:])
            for r in self.db.execute(
                f"SELECT event_id, row, label, belarus, russia, west FROM importance WHERE event_id IN ({marks})",
                ids,
            )
        }
        table_one = {
            r[0]: TableOneRow(*r[1:])
            for r in self.db.execute(
                f"SELECT event_id, row, partners, time_span FROM table_one WHERE event_id IN ({marks})", ids
            )
        }
        return importance, table_one

    def ids_overlapping(self, lo: int, hi: int, track: str | None = None) -> list[str]:
        """Ids of events whose possible range overlaps the day numbers [lo, hi]."""
        sql = "SELECT id FROM events WHERE lo <= ? AND hi >= ?"
        params: list[Any] = [hi, lo]
        if track:
            sql += " AND track = ?"
            params.append(track)
        return [r[0] for r in self.db.execute(sql + " ORDER BY lo, hi, id", params)]

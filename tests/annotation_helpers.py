"""A small corpus database for annotation, workspace and backup tests (no dependence on data/)."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from explorer.model import Event, Source, Track
from explorer.store import open_database
from explorer.store.events import write_events, write_sources, write_tracks
from explorer.store.fts import rebuild_fts

TRACKS = [Track("foreign", "Foreign policy", position=0), Track("security", "Security", position=1)]
SOURCES = [
    Source("fn-1", "Ulakhovich, Neutrality of Belarus (2021)", number=1),
    Source("fn-2", "Concept", number=2),
]
EVENTS = [
    Event(
        id="nam-accession",
        title="Belarus joins the Non-Aligned Movement",
        date="1998-09",
        track="foreign",
        summary="Full membership of the movement.",
        actors=["Belarus", "Non-Aligned Movement"],
        themes=["neutrality"],
        source_ids=["fn-1"],
    ),
    Event(
        id="constitution-1994",
        title="Constitution declares the aim of neutrality",
        date="1994-03-15",
        track="security",
        summary="Article 18 names neutrality as an aim.",
        actors=["Belarus"],
        themes=["neutrality", "constitution"],
        source_ids=["fn-1", "fn-2"],
    ),
    Event(
        id="union-state-1999",
        title="Union State treaty with Russia",
        date="1999-12-08",
        track="foreign",
        summary="The treaty on the creation of the Union State.",
        actors=["Belarus", "Russia"],
        themes=["integration"],
        source_ids=["fn-2"],
    ),
    Event(
        id="referendum-2022",
        title="Referendum removes neutrality from the constitution",
        date="2022-02-27",
        track="security",
        summary="The amended constitution drops the aim of neutrality.",
        actors=["Belarus"],
        themes=["constitution"],
        source_ids=["fn-2"],
    ),
    Event(
        id="minsk-talks-2014",
        title="Minsk talks on Ukraine",
        date="2014-09/2015-02",
        track="foreign",
        summary="Belarus hosts negotiations.",
        actors=["Belarus", "Russia", "Ukraine"],
        themes=["mediation"],
        source_ids=["fn-1"],
    ),
]


def make_corpus(path: Path, events: Sequence[Event] = EVENTS, *, digest: str | None = None) -> Path:
    """Write a corpus database like the bundled one (journal mode DELETE, corpus_digest in meta)."""
    digest = digest or hashlib.sha256(repr([dataclasses.astuple(e) for e in events]).encode()).hexdigest()
    db = open_database(path, create=True)
    with db.atomic():
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('corpus_digest', ?), ('corpus_version', '1')", [digest]
        )
        write_tracks(db, TRACKS)
        write_sources(db, SOURCES)
        write_events(db, list(events))
        rebuild_fts(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.conn.close()
    return path


def changed_corpus() -> list[Event]:
    """The sample corpus with one event removed, one changed and one added."""
    events = [e for e in EVENTS if e.id != "union-state-1999"]
    events = [
        dataclasses.replace(e, title="Referendum on constitutional amendments", actors=["Belarus", "Russia"])
        if e.id == "referendum-2022"
        else e
        for e in events
    ]
    events.append(
        Event(
            id="osce-summit-1999",
            title="OSCE summit in Istanbul",
            date="1999-11",
            track="foreign",
            summary="Belarus signs the summit declaration.",
            actors=["Belarus"],
            themes=["mediation"],
            source_ids=["fn-1"],
        )
    )
    return events


def table_rows(path_or_conn: Path | sqlite3.Connection, *tables: str) -> dict[str, list[tuple]]:
    """Every row of the given tables, sorted, for before/after comparisons."""
    conn = sqlite3.connect(path_or_conn) if isinstance(path_or_conn, Path) else path_or_conn
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        if isinstance(path_or_conn, Path):
            conn.close()


ANNOTATION_TABLES = ("notes", "tags", "event_tags", "assessments", "periods", "links")

"""The small event reads other layers ask the store for: selection, listing, CSV rows, drawn spans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from explorer.store import open_database
from explorer.store.event_queries import csv_batches, dates_and_tracks, drawn_spans, ids_where, indexed_count
from explorer.store.fts import rebuild_fts

EVENTS = [
    ("late", "2016-05-01", "security", "Late exercise"),
    ("early", "2001-03", "foreign", "Early visit"),
    ("open", "2014/..", "security", "Open-ended talks"),
    ("undated", "", "foreign", "A statement without a date"),
]


def test_ids_where_combines_track_and_date_bounds_and_leaves_undated_records_out(make_db) -> None:
    db = open_database(make_db(EVENTS), readonly=True)
    try:
        assert ids_where(db) == ["early", "open", "late", "undated"]
        assert ids_where(db, tracks=["security"]) == ["open", "late"]
        assert ids_where(db, lo=date(2015, 1, 1).toordinal()) == ["open", "late"]
        assert ids_where(db, hi=date(2010, 1, 1).toordinal()) == ["early"]
    finally:
        db.conn.close()


def test_dates_and_tracks_names_only_events_that_exist(make_db) -> None:
    db = open_database(make_db(EVENTS), readonly=True)
    try:
        found = dates_and_tracks(db, ["late", "nope"])
    finally:
        db.conn.close()
    assert found == {"late": ("2016-05-01", None, "security")}


def test_csv_batches_give_every_event_once_and_tag_every_nth_and_the_index_is_counted(make_db) -> None:
    db = open_database(make_db(EVENTS))
    try:
        rows = [r for batch in csv_batches(db, tag="sample", every=2, batch=3) for r in batch]
        unindexed = indexed_count(db)
        rebuild_fts(db)
        indexed = indexed_count(db)
    finally:
        db.conn.close()
    assert sorted(r[0] for r in rows) == ["early", "late", "open", "undated"]
    assert sum(1 for r in rows if r[-1] == "sample") == 2
    assert (unindexed, indexed) == (0, 4)


def test_drawn_spans_read_a_file_without_writing_it(make_db) -> None:
    path: Path = make_db(EVENTS)
    before = path.read_bytes()
    tracks, spans = drawn_spans(path)
    assert tracks == ["foreign", "security"]
    by_track = {t: sorted(s[0] for s in spans if s[4] == t) for t in tracks}
    assert by_track["security"][0] == date(2014, 1, 1).toordinal()
    assert any(s[3] for s in spans)  # the open-ended interval says so
    assert path.read_bytes() == before

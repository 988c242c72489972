"""Migration 9: events keyed by their id (what their lists reference), with nothing of a workspace lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer.store import SCHEMA_VERSION, DatabaseTooNew, open_database, schema_version
from explorer.store import migrations as mig
from explorer.store.db import connect, migrate
from explorer.store.reading_views import create_reading_views
from explorer.store.search import search_ids

#: The version before the migration (found by function, so a renumbering holds).
BEFORE = mig.MIGRATIONS.index(mig._v9_events_keyed_by_id)
#: Every table whose rows the migration must carry over unchanged.
KEPT = (
    "events",
    "event_actors",
    "event_themes",
    "event_sources",
    "event_extra_tracks",
    "notes",
    "tags",
    "event_tags",
    "assessments",
    "links",
    "periods",
    "tombstones",
    "importance",
    "datasets",
)


def _old_workspace(path: Path) -> None:
    """A workspace of the previous schema with corpus rows, lists, annotations and extra placements."""
    conn = connect(path)
    migrate(conn, target=BEFORE)
    assert int(conn.execute("PRAGMA user_version").fetchone()[0]) == BEFORE
    run = conn.execute
    run("BEGIN")
    run(
        "INSERT INTO tracks (id, name, position) VALUES ('foreign', 'Foreign', 0), ('security', 'Security', 1)"
    )
    run("INSERT INTO actors (name) VALUES ('Russia'), ('Belarus')")
    run("INSERT INTO themes (id, label) VALUES ('airbase', 'Russian airbase')")
    run(
        "INSERT INTO sources (id, number, citation, url) VALUES ('fn-1', 1, 'Interfax 2009', 'http://x.test')"
    )
    for num, eid, title, track in (
        (3, "talks", "Airbase talks", "security"),
        (7, "deal", "Gas deal", "foreign"),
    ):
        run(
            "INSERT INTO events (num, id, title, date, precision, kind, start_min, start_max, end_min, end_max,"
            " lo, hi, track, quote) VALUES (?, ?, ?, '2014', 'year', 'event', '2014-01-01', '2014-12-31',"
            " '2014-01-01', '2014-12-31', 735234, 735598, ?, 'a quote')",
            [num, eid, title, track],
        )
        run(
            "INSERT INTO events_fts (rowid, title, summary, quote, actors, themes, sources, annotations)"
            " VALUES (?, ?, '', 'a quote', 'Russia Belarus', 'airbase', 'Interfax', '')",
            [num, title],
        )
    run(
        "INSERT INTO event_actors VALUES ('talks', 'Russia', 0), ('talks', 'Belarus', 1), ('deal', 'Russia', 0)"
    )
    run("INSERT INTO event_themes VALUES ('talks', 'airbase', 0)")
    run("INSERT INTO event_sources VALUES ('talks', 'fn-1', 0), ('deal', 'fn-1', 0)")
    run("INSERT INTO event_extra_tracks VALUES ('talks', 'foreign', 'section 3')")
    run(
        "INSERT INTO importance (event_id, row, label, belarus, russia, west) VALUES ('talks', 1, 'x', 'a', 'b', 'c')"
    )
    run(
        "INSERT INTO notes (event_id, body, created, modified) VALUES ('talks', 'Ask about it', '2020', '2021')"
    )
    run("INSERT INTO notes (event_id, body, created, modified) VALUES ('gone', 'an orphan', '2020', '2020')")
    run("INSERT INTO tags (name) VALUES ('check')")
    run("INSERT INTO event_tags (event_id, tag, created) VALUES ('deal', 'check', '2020')")
    run("INSERT INTO assessments (event_id, stars, modified) VALUES ('talks', 4, '2021')")
    run(
        "INSERT INTO links (source_event, target_event, type, created) VALUES ('talks', 'deal', 'causes', '2021')"
    )
    run(
        "INSERT INTO periods (name, date, lo, hi, created, modified) VALUES ('W', '2014', 1, 2, '2020', '2020')"
    )
    run("DELETE FROM notes WHERE event_id = 'gone'")  # leaves a tombstone
    run(
        "INSERT INTO datasets (id, name, format, digest, imported, events) VALUES ('d', 'D', 'csv', 'x', '2020', 0)"
    )
    create_reading_views(conn)
    run("COMMIT")
    conn.close()


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for table in KEPT:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "title_slide"]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}"), key=repr)
    return out


def test_a_previous_workspace_is_keyed_by_id_with_every_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_workspace(path)
    with sqlite3.connect(path) as conn:
        before = _rows(conn)
        views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert before["event_actors"] and before["tombstones"] and before["event_extra_tracks"]

    db = open_database(path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        assert _rows(db.conn) == before, "every row of every table came through unchanged"
        pk = [r[1] for r in db.execute("PRAGMA table_info(events)") if r[5]]
        assert pk == ["id"]
        refs = {(r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(event_actors)")}
        assert ("events", "event_id", "id") in refs
        assert db.execute("SELECT num FROM events WHERE id = 'deal'").fetchone()[0] == 7
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1, "foreign keys are on again"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")} == views
        assert (
            db.execute("SELECT actors FROM event_details WHERE id = 'talks'").fetchone()[0]
            == "Russia; Belarus"
        )
        assert search_ids(db, "gas") == ["deal"], "the index still finds its rows"
        with db.atomic():  # a new event takes the next number, and deleting one still cascades
            db.execute("DELETE FROM events WHERE id = 'talks'")
        assert db.execute("SELECT count(*) FROM event_actors WHERE event_id = 'talks'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM notes WHERE event_id = 'talks'").fetchone()[0] == 1
    finally:
        db.close()


def test_a_file_newer_than_the_app_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    _old_workspace(path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    data = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(path)
    assert path.read_bytes() == data


def test_the_rebuild_refuses_to_run_with_foreign_keys_on(tmp_path: Path) -> None:
    """With them on, dropping the old table would cascade into every list: it stops instead."""
    path = tmp_path / "old.db"
    _old_workspace(path)
    conn = connect(path)
    try:
        conn.execute("BEGIN")
        with pytest.raises(RuntimeError, match="foreign keys off"):
            mig._v9_events_keyed_by_id(conn)
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT count(*) FROM event_actors").fetchone()[0] == 3
    finally:
        conn.close()

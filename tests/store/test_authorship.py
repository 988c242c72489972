"""Schema 6: every annotation has a stable id, an author and times; deletions leave tombstones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.authorship import local_author, set_local_author
from explorer.store.db import connect, migrate

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _v5_with_annotations(path: Path) -> None:
    conn = connect(path)
    migrate(conn, target=5)
    conn.execute("INSERT INTO tracks (id, name) VALUES ('t', 'T')")
    for i in (1, 2):
        conn.execute(
            "INSERT INTO events (id, title, date, precision, kind, start_min, start_max, end_min, lo, hi, track)"
            f" VALUES ('e{i}', 'E{i}', '2001', 'year', 'event', '2001', '2001', '2001', 0, 1, 't')"
        )
    conn.execute(
        "INSERT INTO notes (event_id, body, created, modified) VALUES ('e1', 'first', '2020', '2021')"
    )
    conn.execute(
        "INSERT INTO notes (event_id, body, created, modified) VALUES ('gone', 'orphan', '2020', '2020')"
    )
    conn.execute("INSERT INTO tags (name) VALUES ('key')")
    conn.execute("INSERT INTO event_tags (event_id, tag, created) VALUES ('e1', 'key', '2020')")
    conn.execute("INSERT INTO assessments (event_id, flagged, modified) VALUES ('e2', 1, '2022')")
    conn.execute(
        "INSERT INTO periods (name, date, lo, hi, created, modified) VALUES ('P', '2001', 0, 1, '2020', '2020')"
    )
    conn.execute(
        "INSERT INTO links (source_event, target_event, type, created) VALUES ('e1', 'e2', 'same issue', '2020')"
    )
    conn.close()


def test_the_migration_keeps_every_annotation_and_gives_each_an_id_and_the_local_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("explorer.store.migrations.default_author", lambda: "alice")
    path = tmp_path / "v5.db"
    _v5_with_annotations(path)
    db = open_database(path)
    store = AnnotationStore(db)
    notes = store.notes_for("e1") + store.notes_for("gone")
    assert [(n.body, n.created, n.modified, n.author) for n in notes] == [
        ("first", "2020", "2021", "alice"),
        ("orphan", "2020", "2020", "alice"),
    ]
    assert all(UUID.match(n.uid) for n in notes) and notes[0].uid != notes[1].uid
    flag = store.assessment_for("e2")
    assert flag is not None and flag.flagged and flag.author == "alice" and UUID.match(flag.uid)
    assert flag.created == "2022"
    for table in ("event_tags", "periods", "links"):
        rows = db.execute(f"SELECT uid, author FROM {table}").fetchall()
        assert len(rows) == 1 and UUID.match(rows[0][0]) and rows[0][1] == "alice", table
    assert local_author(db) == "alice"
    assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_new_annotations_carry_the_author_and_deleting_one_leaves_a_tombstone_that_undo_lifts(
    fresh_db,
) -> None:
    db = fresh_db
    db.execute("INSERT INTO tracks (id, name) VALUES ('t', 'T')")
    db.execute(
        "INSERT INTO events (num, id, title, date, precision, kind, start_min, start_max, end_min, lo, hi,"
        " track) VALUES (1, 'e1', 'E1', '2001', 'year', 'event', '2001', '2001', '2001', 0, 1, 't')"
    )
    set_local_author(db, "Bob  Smith")
    store = AnnotationStore(db)
    note = store.add_note("e1", "hello").after[0]
    assert note.author == "Bob Smith" and UUID.match(note.uid)
    deleted = store.delete_note(note.id)
    assert db.execute("SELECT uid, kind, author, event_id FROM tombstones").fetchall() == [
        (note.uid, "note", "Bob Smith", "e1")
    ]
    store.revert(deleted)
    assert store.notes_for("e1") == [note]
    assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0
    # rows written by code that names no author (imports) take the local one
    db.execute("INSERT INTO notes (event_id, body, created, modified) VALUES ('e1', 'x', '1', '1')")
    assert store.notes_for("e1")[-1].author == "Bob Smith" and UUID.match(store.notes_for("e1")[-1].uid)


def test_choosing_a_new_name_renames_only_the_users_own_annotations(fresh_db) -> None:
    db = fresh_db
    set_local_author(db, "bob")
    db.execute(
        "INSERT INTO notes (event_id, body, created, modified, author) VALUES ('e', 'a', '1', '1', 'alice')"
    )
    db.execute("INSERT INTO notes (event_id, body, created, modified) VALUES ('e', 'b', '1', '1')")
    assert set_local_author(db, "Robert") == 1
    assert db.execute("SELECT body, author FROM notes ORDER BY body").fetchall() == [
        ("a", "alice"),
        ("b", "Robert"),
    ]
    with pytest.raises(ValueError, match="colleague"):
        set_local_author(db, "alice")

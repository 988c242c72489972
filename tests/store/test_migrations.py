"""Migrations: from nothing and from every earlier version; too-new and damaged files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer.store import (
    SCHEMA_VERSION,
    DatabaseMissing,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    open_database,
    schema_version,
)
from explorer.store import migrations as mig
from explorer.store.db import connect, migrate


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    finally:
        conn.close()


def test_an_empty_file_is_brought_to_the_current_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", create=True)
    assert schema_version(db) == SCHEMA_VERSION
    assert {"events", "notes", "events_fts", "datasets"} <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_every_earlier_version_upgrades_to_the_same_schema(tmp_path: Path, start: int) -> None:
    reference = tmp_path / "reference.db"
    open_database(reference, create=True).conn.close()
    old = tmp_path / f"v{start}.db"
    conn = connect(old)
    migrate(conn, target=start)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == start
    conn.close()
    db = open_database(old)
    assert schema_version(db) == SCHEMA_VERSION
    db.conn.close()
    assert _tables(old) == _tables(reference)


def test_a_failing_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.db"
    conn = connect(path)
    migrate(conn, target=1)
    conn.close()
    before = _tables(path)

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(mig, "MIGRATIONS", (mig.MIGRATIONS[0], broken, *mig.MIGRATIONS[2:]))
    import explorer.store.db as dbmod

    monkeypatch.setattr(dbmod, "MIGRATIONS", mig.MIGRATIONS)
    with pytest.raises(MigrationFailed, match="left unchanged"):
        open_database(path)
    assert _tables(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_file_from_a_newer_version_is_refused_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not SQLite")
    with pytest.raises(NotADatabase, match="not an SQLite file"):
        open_database(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="does not exist"):
        open_database(tmp_path / "nowhere.db")


def test_version_5_keeps_every_list_row_and_clusters_the_tables_on_their_key(tmp_path: Path) -> None:
    """A version-4 file with actors, themes and sources per event has the same rows after migration 5."""
    path = tmp_path / "v4.db"
    conn = connect(path)
    migrate(conn, target=4)
    conn.executescript(
        """
        INSERT INTO tracks (id, name) VALUES ('foreign', 'Foreign policy');
        INSERT INTO actors (name) VALUES ('Russia'), ('NATO');
        INSERT INTO themes (id, label) VALUES ('csto', 'CSTO');
        INSERT INTO sources (id, citation) VALUES ('fn-1', 'Reiter 2001');
        INSERT INTO events (num, id, title, date, precision, kind, start_min, start_max, end_min, lo, hi, track)
          VALUES (1, 'a', 'A', '1996', 'year', 'event', '1996-01-01', '1996-12-31', '1996-01-01', 1, 2, 'foreign'),
                 (2, 'b', 'B', '1997', 'year', 'event', '1997-01-01', '1997-12-31', '1997-01-01', 3, 4, 'foreign');
        INSERT INTO event_actors VALUES ('a', 'Russia', 0), ('a', 'NATO', 1), ('b', 'NATO', 0);
        INSERT INTO event_themes VALUES ('b', 'csto', 0);
        INSERT INTO event_sources VALUES ('a', 'fn-1', 0);
        """
    )
    lists = ("event_actors", "event_themes", "event_sources")
    before = {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in lists}
    conn.close()
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert {t: sorted(db.execute(f"SELECT * FROM {t}")) for t in lists} == before
    for table in lists:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert sql.rstrip().endswith("WITHOUT ROWID")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO event_actors VALUES ('a', 'Russia', 5)")  # the key still holds
    with db.atomic():
        db.execute("DELETE FROM events WHERE id = 'a'")  # and so does the cascade
    assert sorted(db.execute("SELECT * FROM event_actors")) == [("b", "NATO", 0)]
    db.conn.close()

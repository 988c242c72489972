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

"""Backups: made with the backup API under a temporary name, rotated to a bound, listed with counts,
restored safely (the current file kept aside), and saved under another name."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.model import Note
from explorer.store import SCHEMA_VERSION, StoreError, open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.backup import (
    KEEP,
    backup_now,
    copy_database,
    list_backups,
    newest_valid_backup,
    restore_backup,
    save_as,
)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "workspace.db")


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_a_valid_standalone_database_named_by_time(ws: Path, tmp_path: Path) -> None:
    db = open_database(ws)
    AnnotationStore(db).add_note("nam-accession", "in the WAL only")
    assert Path(f"{ws}-wal").stat().st_size > 0
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    path = backup_now(db, folder=tmp_path / "backups")
    elapsed = time.perf_counter() - t0
    db.conn.close()
    print(f"backup of {path.stat().st_size} bytes took {elapsed * 1000:.1f} ms")
    assert path.parent == tmp_path / "backups" and path.name.startswith("workspace-")
    assert _integrity(path) == "ok"
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT body FROM notes").fetchall() == [("in the WAL only",)]
    conn.close()
    (info,) = list_backups(tmp_path / "backups")
    p, when, size, events, notes = info
    assert (p, size, events, notes) == (path, path.stat().st_size, 5, 1)
    assert abs((when - started).total_seconds()) < 60


def test_rotation_keeps_the_newest_within_the_bound(ws: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    made = [backup_now(ws, folder=folder, keep=4) for _ in range(7)]
    kept = [b.path for b in list_backups(folder)]
    assert kept == list(reversed(made[-4:]))
    assert sorted(folder.iterdir()) == sorted(kept)
    assert KEEP == 10


def test_rotation_counts_each_database_separately(ws: Path, tmp_path: Path) -> None:
    other = make_corpus(tmp_path / "other.db")
    folder = tmp_path / "b"
    for _ in range(3):
        backup_now(ws, folder=folder, keep=2)
        backup_now(other, folder=folder, keep=2)
    assert len(list_backups(folder)) == 2
    assert len(list_backups(folder, stem="other")) == 2
    assert len(list_backups(folder, stem=None)) == 4


class _Exploding:
    """A source whose copy fails halfway."""

    def backup(self, target: sqlite3.Connection) -> None:
        target.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("disk I/O error")


def test_no_temporary_file_remains_after_a_failed_copy(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    with pytest.raises(StoreError, match="Cannot copy the database to .*disk I/O error"):
        copy_database(_Exploding(), target)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_old_temporary_files_from_a_killed_copy_are_swept(ws: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    stale, fresh = folder / ".workspace-x.db.abc.part", folder / ".workspace-y.db.def.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    backup_now(ws, folder=folder)
    assert not stale.exists() and fresh.exists()


def test_restore_brings_back_a_deleted_note_and_keeps_the_current_file_aside(
    ws: Path, tmp_path: Path
) -> None:
    db = open_database(ws)
    store = AnnotationStore(db)
    note = store.add_note("nam-accession", "precious")
    backup = backup_now(db, folder=tmp_path / "b")
    deleted = note.after[0]
    assert isinstance(deleted, Note) and deleted.id is not None
    store.delete_note(deleted.id)
    store.add_note("referendum-2022", "written after the backup")
    db.conn.close()
    aside = restore_backup(backup, ws)
    assert aside is not None and aside.name.startswith("workspace.db.before-restore-")
    db = open_database(ws)
    assert AnnotationStore(db).notes_for("nam-accession") == [deleted]
    assert AnnotationStore(db).notes_for("referendum-2022") == []
    db.conn.close()
    kept = open_database(aside, readonly=True)
    assert [n.body for n in AnnotationStore(kept).notes_for("referendum-2022")] == [
        "written after the backup"
    ]
    kept.conn.close()
    assert not list(tmp_path.glob(".*"))


def test_a_damaged_or_too_new_backup_is_not_restored(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "b" / "workspace-20240101-000000-000000.db"
    bad.parent.mkdir()
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = ws.read_bytes()
    with pytest.raises(StoreError, match="cannot be restored: it"):
        restore_backup(bad, ws)
    future = tmp_path / "future.db"
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        restore_backup(future, ws)
    assert ws.read_bytes() == before


def test_the_newest_valid_backup_skips_damaged_ones(ws: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    good = backup_now(ws, folder=folder)
    damaged = backup_now(ws, folder=folder)
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[2 * page : 2 * page + 64] = bytes(64)  # zero a b-tree page header
    damaged.write_bytes(bytes(data))
    info = newest_valid_backup(folder)
    assert info is not None and info.path == good
    assert newest_valid_backup(tmp_path / "none") is None


def test_save_as_writes_a_complete_copy_but_never_over_itself(ws: Path, tmp_path: Path) -> None:
    db = open_database(ws)
    AnnotationStore(db).add_tag("nam-accession", "copied")
    target = save_as(db, tmp_path / "copy.db")
    assert _integrity(target) == "ok"
    copy = open_database(target)
    assert [t.name for t in AnnotationStore(copy).tags_for("nam-accession")] == ["copied"]
    copy.conn.close()
    with pytest.raises(StoreError, match="open database itself"):
        save_as(db, ws)
    with pytest.raises(StoreError, match="does not exist"):
        save_as(db, tmp_path / "missing" / "x.db")
    db.conn.close()

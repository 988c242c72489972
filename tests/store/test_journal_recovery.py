"""Rollback journals and recovery: a hot journal is rolled back before any read-only look, it moves aside
with its file, an orphaned one never reaches a new workspace, and a journal whose header was never written
is not damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.backup import damage_record, move_aside
from explorer.store.db import hot_journal
from explorer.store.imports import import_marker
from explorer.store.recovery import integrity_problems, open_workspace
from explorer.store.workspace import start_workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 2")
conn.execute("BEGIN")
conn.execute("CREATE TABLE filler (x)")
conn.execute("INSERT INTO filler SELECT hex(randomblob(900)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) SELECT i FROM n)")
conn.execute("UPDATE notes SET body = 'half-written'")
os.kill(os.getpid(), signal.SIGKILL)
"""


def _annotated(path: Path) -> Path:
    make_corpus(path)
    db = open_database(path)
    store = AnnotationStore(db)
    event_id = db.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    store.add_note(event_id, "keep me")
    db.conn.close()
    return path


def _kill_mid_write(path: Path, import_name: str | None = None) -> None:
    """A writer killed with changed pages in the file and their originals in a hot journal."""
    if import_name:
        import_marker(path).write_text(json.dumps({"file": import_name, "digest": "x", "pid": 999999}))
    subprocess.run([sys.executable, "-c", WRITER, str(path)], check=False)
    assert hot_journal(path)


def _notes(path: Path) -> list[str]:
    db = open_database(path, readonly=True)
    try:
        return [r[0] for r in db.execute("SELECT body FROM notes")]
    finally:
        db.conn.close()


def test_a_hot_journal_is_rolled_back_and_the_import_named(tmp_path: Path) -> None:
    path = _annotated(tmp_path / "workspace.db")
    _kill_mid_write(path, "events.csv")
    opened = open_workspace(path, backups=tmp_path / "backups")
    try:
        assert opened.notices == ["The interrupted import of events.csv was rolled back."]
        assert integrity_problems(opened.db) == []
        assert [r[0] for r in opened.db.execute("SELECT body FROM notes")] == ["keep me"]
        assert "filler" not in opened.db.table_names()
    finally:
        opened.close()
    assert not Path(f"{path}-journal").exists() and not import_marker(path).exists()


def test_a_read_only_look_after_a_crash_still_sees_the_file_as_it_was(tmp_path: Path) -> None:
    path = _annotated(tmp_path / "workspace.db")
    _kill_mid_write(path)
    # the console's search and export open read-only: the journal is rolled back first
    assert _notes(path) == ["keep me"]


def test_a_file_moved_aside_takes_its_journal_with_it(tmp_path: Path) -> None:
    path = _annotated(tmp_path / "workspace.db")
    _kill_mid_write(path)
    aside = move_aside(path, "corrupt")
    assert not Path(f"{path}-journal").exists() and hot_journal(aside)
    # put beside each other again, the journal still recovers the file
    assert _notes(aside) == ["keep me"]


def test_an_orphaned_journal_never_reaches_a_new_workspace(tmp_path: Path) -> None:
    bundled = make_corpus(tmp_path / "bundled.db")
    path = _annotated(tmp_path / "old.db")
    db = open_database(path)
    event_id = db.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    for i in range(300):  # another file's layout: many pages of notes
        AnnotationStore(db).add_note(event_id, f"note {i} " + "x" * 400)
    db.conn.close()
    _kill_mid_write(path)
    journal = Path(f"{path}-journal")
    home = tmp_path / "home"
    home.mkdir()
    ws = home / "workspace.db"
    os.replace(journal, Path(f"{ws}-journal"))  # as the old recovery left it: a journal without its file
    workspace = start_workspace(ws, bundled, backups=tmp_path / "backups")
    try:
        assert integrity_problems(workspace.db) == []
        assert workspace.notices == []
        # nothing of the other file's pages was played into the new one
        assert workspace.db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        workspace.close()
    orphans = list(home.glob("workspace.db-journal.orphan-*"))
    assert len(orphans) == 1, "kept aside, not deleted"


def test_a_journal_whose_header_was_never_written_is_not_damage(tmp_path: Path) -> None:
    path = _annotated(tmp_path / "workspace.db")
    Path(f"{path}-journal").write_bytes(bytes(4096))
    assert not hot_journal(path)
    opened = open_workspace(path, backups=tmp_path / "backups")
    opened.close()
    assert not Path(f"{path}-journal").exists()
    assert _notes(path) == ["keep me"]


def test_quitting_the_damage_question_asks_it_again_instead_of_making_a_fresh_workspace(
    tmp_path: Path,
) -> None:
    from explorer.store.recovery import WorkspaceDamaged

    bundled = make_corpus(tmp_path / "bundled.db")
    ws = tmp_path / "home" / "workspace.db"
    start_workspace(ws, bundled, backups=tmp_path / "backups").close()
    ws.write_bytes(b"")
    for _ in range(2):
        with pytest.raises(WorkspaceDamaged, match="empty: zero bytes"):
            start_workspace(ws, bundled, backups=tmp_path / "backups").close()
        assert not ws.exists() and damage_record(ws).exists()


def test_a_session_backup_of_a_damaged_file_never_replaces_an_intact_one(tmp_path: Path) -> None:
    import random
    import sqlite3

    from explorer.store.backup import backup_after_write, list_backups

    path = _annotated(tmp_path / "workspace.db")
    folder = tmp_path / "backups"
    db = open_database(path)
    intact = backup_after_write(db, folder=folder)
    db.conn.close()
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(random.Random(3).randbytes(size))
    db = open_database(path)
    kept = backup_after_write(db, folder=folder)
    db.conn.close()
    assert kept == intact and [b.path for b in list_backups(folder)] == [intact]

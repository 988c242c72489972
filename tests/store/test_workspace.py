"""The workspace: made from the bundled corpus without writing it, merged with a newer corpus by stable
id (imports and annotations untouched, orphans kept and reported), locked to one instance, and
upgraded only after a backup."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from annotation_helpers import ANNOTATION_TABLES, EVENTS, changed_corpus, make_corpus, table_rows

from explorer.model import Event, Track
from explorer.store import DatabaseMissing, EventStore, MigrationFailed, open_database
from explorer.store import migrations as mig
from explorer.store.annotations import AnnotationStore
from explorer.store.backup import list_backups
from explorer.store.db import connect, migrate
from explorer.store.events import write_events, write_tracks
from explorer.store.fts import reindex_events
from explorer.store.recovery import open_workspace
from explorer.store.workspace import (
    InstanceLock,
    WorkspaceInUse,
    corpus_digest,
    ensure_workspace,
    merge_corpus,
    start_workspace,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    return make_corpus(folder / "neutrality.db")


# --- creating -------------------------------------------------------------------------------------


def test_the_workspace_is_copied_from_the_bundled_corpus_which_is_never_written(
    bundled: Path, tmp_path: Path
) -> None:
    before, mtime = _digest(bundled), bundled.stat().st_mtime_ns
    bundled.chmod(0o444)
    path = ensure_workspace(bundled, tmp_path / "home" / "workspace.db")
    assert path == tmp_path / "home" / "workspace.db" and path.exists()
    assert (_digest(bundled), bundled.stat().st_mtime_ns) == (before, mtime)
    assert sorted(p.name for p in bundled.parent.iterdir()) == ["neutrality.db"]
    db = open_database(path)
    assert EventStore(db).count() == len(EVENTS)
    db.conn.close()
    assert ensure_workspace(bundled, path) == path  # already there: left alone


def test_the_default_workspace_lives_in_the_user_folder(bundled: Path, isolated_home: Path) -> None:
    assert ensure_workspace(bundled) == isolated_home / "workspace.db"


def test_a_missing_bundled_corpus_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="bundled corpus .* is missing"):
        ensure_workspace(tmp_path / "nowhere.db", tmp_path / "workspace.db")
    assert not (tmp_path / "workspace.db").exists()


# --- merging ---------------------------------------------------------------------------------------


def _import_dataset(db) -> None:  # noqa: ANN001
    with db.atomic():
        write_tracks(db, [Track("imported", "My dataset", origin="dataset:mine")])
        write_events(
            db,
            [
                Event(
                    id="mine-1", title="My own event", date="2001", track="imported", origin="dataset:mine"
                ),
                Event(
                    id="osce-summit-1999",
                    title="Clashing id",
                    date="1999",
                    track="imported",
                    origin="dataset:mine",
                ),
            ],
        )
        reindex_events(db, ["mine-1", "osce-summit-1999"])


def test_a_newer_corpus_keeps_the_annotations_of_a_removed_event_and_reports_them(
    bundled: Path, tmp_path: Path
) -> None:
    path = ensure_workspace(bundled, tmp_path / "workspace.db")
    db = open_database(path)
    store = AnnotationStore(db)
    store.add_note("union-state-1999", "about the removed event")
    store.add_tag("union-state-1999", "integration")
    store.add_note("referendum-2022", "about the changed event")
    store.add_link("referendum-2022", "union-state-1999", "consequence of")
    _import_dataset(db)
    annotations = table_rows(db.conn, *ANNOTATION_TABLES)
    imported = db.execute("SELECT * FROM events WHERE origin <> 'corpus' ORDER BY id").fetchall()
    old_num = db.execute("SELECT num FROM events WHERE id = 'referendum-2022'").fetchone()[0]

    newer = make_corpus(tmp_path / "newer.db", changed_corpus())
    report = merge_corpus(db, newer)

    assert report.merged and report.new_digest == corpus_digest(db) != report.old_digest
    assert report.removed == ["union-state-1999"]
    assert report.changed == ["referendum-2022"]
    assert report.added == []  # the new corpus event's id is taken by an imported event
    assert report.skipped == ["osce-summit-1999"]
    assert [(o.event_id, o.notes, o.tags, o.links) for o in report.orphans] == [("union-state-1999", 1, 1, 1)]
    assert "Annotations on 1 events" in report.summary() and "union-state-1999" in report.summary()
    assert table_rows(db.conn, *ANNOTATION_TABLES) == annotations
    assert db.execute("SELECT * FROM events WHERE origin <> 'corpus' ORDER BY id").fetchall() == imported
    events = EventStore(db)
    changed = events.get("referendum-2022")
    assert changed.title == "Referendum on constitutional amendments" and changed.actors == [
        "Belarus",
        "Russia",
    ]
    assert db.execute("SELECT num FROM events WHERE id = 'referendum-2022'").fetchone()[0] == old_num
    assert "union-state-1999" not in events.ids()
    hits = {
        r[0]
        for r in db.execute(
            "SELECT e.id FROM events_fts JOIN events e ON e.num = events_fts.rowid WHERE events_fts MATCH ?",
            ["amendments OR treaty"],
        )
    }
    assert hits == {"referendum-2022"}
    assert db.execute("SELECT count(*) FROM events_fts").fetchone()[0] == events.count()
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.conn.close()


def test_a_new_corpus_event_is_added_and_merging_twice_changes_nothing(bundled: Path, tmp_path: Path) -> None:
    path = ensure_workspace(bundled, tmp_path / "workspace.db")
    db = open_database(path)
    newer = make_corpus(tmp_path / "newer.db", changed_corpus())
    assert merge_corpus(db, newer).added == ["osce-summit-1999"]
    changes = db.conn.total_changes
    again = merge_corpus(db, newer)
    assert not again.merged and again.summary() == "The corpus is up to date."
    assert db.conn.total_changes == changes
    db.conn.close()


def test_start_merges_a_newer_corpus_after_a_backup(bundled: Path, tmp_path: Path) -> None:
    path, backups = tmp_path / "home" / "workspace.db", tmp_path / "backups"
    ws = start_workspace(path, bundled, backups=backups)
    AnnotationStore(ws.db).add_note("union-state-1999", "kept")
    ws.close(backups=backups)
    assert len(list_backups(backups)) == 1  # something was written this session

    newer = make_corpus(tmp_path / "newer.db", changed_corpus())
    ws = start_workspace(path, newer, backups=backups)
    assert ws.merge is not None and ws.merge.removed == ["union-state-1999"]
    assert any("no longer in the corpus" in n for n in ws.notices)
    reasons = [b.path.name for b in list_backups(backups)]
    assert any(name.endswith("-before-corpus-update.db") for name in reasons)
    ws.close(backups=backups)

    ws = start_workspace(path, newer, backups=backups)
    assert ws.merge is None and ws.notices == []
    count = len(list_backups(backups))
    ws.close(backups=backups)
    assert len(list_backups(backups)) == count  # nothing written: no new backup


# --- one instance ------------------------------------------------------------------------------------


def test_a_second_instance_gets_a_sentence_instead_of_waiting(bundled: Path, tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    ws = start_workspace(path, bundled, backups=tmp_path / "b")
    with pytest.raises(
        WorkspaceInUse, match=rf"already open in another Neutrality Explorer \(process {os.getpid()}\)"
    ):
        start_workspace(path, bundled, backups=tmp_path / "b")
    ws.close(backup=False)
    assert not (tmp_path / "workspace.db.lock").exists()
    start_workspace(path, bundled, backups=tmp_path / "b").close(backup=False)


def test_a_lock_held_by_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    script = textwrap.dedent(
        f"""
        import sys, time
        from explorer.store.lock import InstanceLock
        InstanceLock({str(path)!r}).acquire()
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(WorkspaceInUse, match=f"process {child.pid}"):
            InstanceLock(path).acquire()
        child.send_signal(signal.SIGKILL)
        child.wait()
        lock = InstanceLock(path).acquire()  # the dead process's lock is taken over
        assert lock.took_over == child.pid
        lock.release()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_stale_lock_file_from_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(done.stdout)
    (tmp_path / "workspace.db.lock").write_text(f"{dead}\n")
    with InstanceLock(tmp_path / "workspace.db") as lock:
        assert lock.held and lock.took_over == dead
        assert (tmp_path / "workspace.db.lock").read_text().strip() == str(os.getpid())
    assert not lock.held


# --- upgrades ----------------------------------------------------------------------------------------


def _old_workspace(path: Path, version: int) -> None:
    conn = connect(path)
    migrate(conn, target=version)
    conn.close()


def test_an_upgrade_is_preceded_by_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    _old_workspace(path, 2)
    opened = open_workspace(path, backups=tmp_path / "b")
    (backup,) = list_backups(tmp_path / "b")
    assert backup.path.name.endswith(f"-before-schema-{mig.SCHEMA_VERSION}.db")
    conn = sqlite3.connect(backup.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    assert any("upgraded from schema 2" in n for n in opened.notices)
    opened.close()


def test_a_failing_migration_leaves_the_workspace_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workspace.db"
    _old_workspace(path, 2)
    before = table_rows(path, "sqlite_master")

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    import explorer.store.db as dbmod

    monkeypatch.setattr(dbmod, "MIGRATIONS", (*mig.MIGRATIONS[:2], broken, *mig.MIGRATIONS[3:]))
    with pytest.raises(MigrationFailed, match="left unchanged"):
        open_workspace(path, backups=tmp_path / "b")
    assert table_rows(path, "sqlite_master") == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    assert len(list_backups(tmp_path / "b")) == 1
    assert not (tmp_path / "workspace.db.open").exists()

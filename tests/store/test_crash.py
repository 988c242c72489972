"""Crashes and damage: annotations acknowledged before a SIGKILL survive it, a damaged workspace is
moved aside with its WAL and the newest intact backup offered, a too-new file is refused without a
write, a read-only file opens read-only, and a WAL left behind is checked and recovered."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.store import SCHEMA_VERSION, DatabaseTooNew, ReadOnlyDatabase, open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.backup import backup_now, restore_backup
from explorer.store.recovery import WorkspaceDamaged, integrity_problems, marker_path, open_workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys
    from explorer.store import open_database
    from explorer.store.annotations import AnnotationStore

    path, tag = sys.argv[1], sys.argv[2]
    store = AnnotationStore(open_database(path))
    ids = ["nam-accession", "constitution-1994", "union-state-1999", "referendum-2022", "minsk-talks-2014"]
    print("ready", flush=True)
    i = 0
    while True:
        eid = ids[i % len(ids)]
        note = store.add_note(eid, f"{tag} note {i}").after[0]
        store.add_tag(eid, f"{tag}-{i}")
        period = store.add_period(f"{tag} period {i}", str(1990 + i % 30)).after[0]
        print(f"ack {eid} {note.id} {tag} {i} {period.id}", flush=True)
        i += 1
    """
)


def _child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )


def test_acknowledged_annotations_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    rng = random.Random(20240229)
    acked: list[tuple[str, int, str, int, int]] = []
    rounds, started = 24, time.perf_counter()
    for r in range(rounds):
        child = _child(WRITER, str(path), f"r{r}")
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(0, 12)):
            line = child.stdout.readline().split()
            acked.append((line[1], int(line[2]), line[3], int(line[4]), int(line[5])))
        time.sleep(rng.random() * 0.01)  # somewhere inside a transaction, or between two
        child.send_signal(signal.SIGKILL)
        child.wait()
        for line in child.stdout.read().splitlines():  # printed before the kill: acknowledged too
            if line.startswith("ack"):
                _, eid, nid, tag, i, pid = line.split()
                acked.append((eid, int(nid), tag, int(i), int(pid)))
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL

        opened = open_workspace(path, backups=tmp_path / "backups")
        assert integrity_problems(opened.db) == []
        store = AnnotationStore(opened.db)
        notes = {n[0]: n for n in opened.db.execute("SELECT id, event_id, body FROM notes")}
        tags = {tuple(t) for t in opened.db.execute("SELECT event_id, tag FROM event_tags")}
        periods = {p.id: p.name for p in store.periods()}
        for eid, nid, tag, i, pid in acked:
            assert notes[nid] == (nid, eid, f"{tag} note {i}")
            assert (eid, f"{tag}-{i}") in tags
            assert periods[pid] == f"{tag} period {i}"
        opened.close()
    elapsed = time.perf_counter() - started
    print(f"{rounds} SIGKILL rounds, {len(acked)} acknowledged writes checked, {elapsed:.1f} s")
    assert len(acked) > rounds


CRASHER = textwrap.dedent(
    """
    import os, signal, sys
    from explorer.store import open_database
    from explorer.store.annotations import AnnotationStore
    from explorer.store.recovery import open_workspace

    path, how = sys.argv[1], sys.argv[2]
    db = open_workspace(path, backups=sys.argv[3]).db if how == "workspace" else open_database(path)
    AnnotationStore(db).add_note("nam-accession", "written just before the crash")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _crash_after_a_note(path: Path, tmp_path: Path, how: str = "workspace") -> None:
    child = _child(CRASHER, str(path), how, str(tmp_path / "backups"))
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0


@pytest.mark.parametrize(
    ("how", "reason"), [("workspace", "not closed properly"), ("plain", "write-ahead log")]
)
def test_a_wal_left_behind_is_checked_and_its_commits_recovered(
    tmp_path: Path, how: str, reason: str
) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    _crash_after_a_note(path, tmp_path, how)
    assert marker_path(path).exists() == (how == "workspace")
    opened = open_workspace(path, backups=tmp_path / "backups")
    assert opened.checked
    assert any(reason in n and "nothing was lost" in n for n in opened.notices)
    notes = AnnotationStore(opened.db).notes_for("nam-accession")
    assert [n.body for n in notes] == ["written just before the crash"]
    opened.close()
    assert not marker_path(path).exists() and not Path(f"{path}-wal").exists()
    again = open_workspace(path, backups=tmp_path / "backups")
    assert not again.checked and again.notices == []
    again.close()


def _flip(path: Path, offset: int, count: int) -> None:
    data = bytearray(path.read_bytes())
    for k in range(offset, offset + count):
        data[k] ^= 0xFF
    path.write_bytes(bytes(data))


def _page_of(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    return (root - 1) * page_size, page_size


@pytest.mark.parametrize(("offset", "count"), [(0, 16), (16, 2)], ids=["magic", "page-size"])
def test_a_damaged_header_moves_the_file_aside_with_its_wal_and_offers_a_backup(
    tmp_path: Path, offset: int, count: int
) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    backups = tmp_path / "backups"
    db = open_database(path)
    AnnotationStore(db).add_note("nam-accession", "in the backup")
    backup = backup_now(db, folder=backups)
    db.conn.close()
    _crash_after_a_note(path, tmp_path)
    _flip(path, offset, count)
    damaged = path.read_bytes()

    with pytest.raises(WorkspaceDamaged) as caught:
        open_workspace(path, backups=backups)
    exc = caught.value
    assert exc.moved_to is not None and exc.moved_to.name.startswith("workspace.db.corrupt-")
    assert exc.moved_to.read_bytes() == damaged
    assert Path(f"{exc.moved_to}-wal").stat().st_size > 0
    assert not path.exists() and not Path(f"{path}-wal").exists()
    assert exc.backup is not None and exc.backup.path == backup
    message = str(exc)
    assert (
        f"moved aside to {exc.moved_to.name}" in message
        and "The newest intact backup is the backup of" in message
    )
    assert "\n" not in message and "Traceback" not in message

    restore_backup(exc.backup.path, path)
    opened = open_workspace(path, backups=backups)
    assert [n.body for n in AnnotationStore(opened.db).notes_for("nam-accession")] == ["in the backup"]
    opened.close()


def test_a_damaged_page_is_found_by_integrity_check_after_an_unclean_shutdown(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    db = open_database(path)
    store = AnnotationStore(db)
    for i in range(400):
        store.add_note("nam-accession", f"note {i} " + "x" * 200)
    db.conn.close()
    offset, _ = _page_of(path, "notes_event")  # an index page in the middle of the file
    assert 0 < offset < path.stat().st_size - 4096
    _flip(path, offset + 8, 24)  # its cell pointers
    marker_path(path).write_text("999999999\n")  # a session that never closed
    with pytest.raises(WorkspaceDamaged, match="is damaged") as caught:
        open_workspace(path, backups=tmp_path / "backups")
    assert caught.value.moved_to is not None and caught.value.backup is None
    assert "There is no intact backup" in str(caught.value)
    assert not path.exists()


def test_a_file_from_a_newer_version_is_refused_without_a_write(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    marker_path(path).write_text("999999999\n")
    before = sorted(p.name for p in tmp_path.iterdir()), hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNew, match="newer version of Neutrality Explorer"):
        open_workspace(path, backups=tmp_path / "backups")
    assert (
        sorted(p.name for p in tmp_path.iterdir()),
        hashlib.sha256(path.read_bytes()).hexdigest(),
    ) == before


def test_a_read_only_file_opens_read_only_and_refuses_edits(tmp_path: Path) -> None:
    path = make_corpus(tmp_path / "workspace.db")
    path.chmod(0o444)
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    opened = open_workspace(path, backups=tmp_path / "backups")
    try:
        assert opened.readonly
        assert any("read-only" in n and "cannot be saved" in n for n in opened.notices)
        store = AnnotationStore(opened.db)
        assert store.readonly and len(store.notes_for("nam-accession")) == 0
        with pytest.raises(ReadOnlyDatabase, match="read-only, so annotations cannot be saved"):
            store.add_note("nam-accession", "no")
        with pytest.raises(ReadOnlyDatabase):
            store.add_tag("nam-accession", "no")
        # Even root, whom chmod does not stop, cannot write through this connection.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            opened.db.execute("INSERT INTO tags (name) VALUES ('sneaky')")
    finally:
        opened.close()
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert not marker_path(path).exists()

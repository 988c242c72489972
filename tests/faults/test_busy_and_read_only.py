"""`check` tells busy from damaged, and a folder where no lock file can be made opens read-only for
browsing and export, with one sentence, in the console and in the app."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run
from damage_helpers import CORPUS_EVENTS

from explorer import paths
from explorer.cli import main
from explorer.store import lock as lock_module
from explorer.store.backup import list_backups
from explorer.store.imports import import_marker

EVENT_ID = "first-signs-of-neutrality-2006"


@pytest.fixture
def workspace(capsys: pytest.CaptureFixture[str]) -> Path:
    """The workspace with one note made on the console."""
    assert run(capsys, "annotate", EVENT_ID, "--note", "console note")[0] == 0
    return paths.workspace_path()


def test_console_annotate_makes_a_backup_with_the_note_and_keeps_one_per_interval(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    (first,) = list_backups()
    assert (first.events, first.notes) == (CORPUS_EVENTS, 1)
    assert run(capsys, "annotate", EVENT_ID, "--note", "a minute later")[0] == 0
    (second,) = list_backups()  # the young session backup was replaced by a current one
    assert second.notes == 2 and second.path != first.path
    assert run(capsys, "annotate", EVENT_ID)[0] == 0  # only showing: no backup
    assert [b.path for b in list_backups()] == [second.path]


def test_check_during_an_import_says_busy_not_damaged(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    importer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import_marker(workspace).write_text(
            json.dumps({"file": "big.csv", "digest": "d", "pid": importer.pid})
        )
        code, out, err = run(capsys, "check")
    finally:
        importer.kill()
        importer.wait()
    assert code == 1 and out == ""
    assert (
        err
        == f"neutrality check: {workspace} is busy (an import of big.csv is running); check it again when it has finished.\n"
    )


def test_check_on_a_locked_file_says_busy_not_damaged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workspace: Path
) -> None:
    from explorer.store import db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.1)
    writer = sqlite3.connect(workspace, isolation_level=None)
    writer.execute("PRAGMA journal_mode = DELETE")  # as a large import writes
    writer.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "check")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 1 and "is busy" in err and "damaged" not in err


@pytest.fixture
def no_lock_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a read-only folder: the lock file cannot be created (the tests run as root, so a seam)."""
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lock_module.os, "open", refuse)


def test_a_read_only_folder_opens_for_browsing_and_export_on_the_console(
    capsys: pytest.CaptureFixture[str], workspace: Path, no_lock_file: None, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "annotate", EVENT_ID)
    assert code == 0 and "console note" in out
    assert (
        out.splitlines()[0]
        == f"{workspace} is read-only: you can browse and export, but changes cannot be saved."
    )
    code, out, err = run(capsys, "annotate", EVENT_ID, "--note", "refused")
    assert code == 1 and "read-only" in err and "damaged" not in err and err.count("\n") == 1
    target = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(target))
    assert code == 0 and target.stat().st_size > 0, err


def test_a_file_without_write_permission_is_checked_and_exported_not_called_damaged(
    capsys: pytest.CaptureFixture[str], workspace: Path, tmp_path: Path
) -> None:
    os.chmod(workspace, 0o444)
    try:
        code, out, err = run(capsys, "check")
        assert code == 0 and out.startswith(f"ok: {CORPUS_EVENTS} events, 1 note,"), err
        target = tmp_path / "out.json"
        code, _, err = run(capsys, "export", "--format", "json", "--db", str(workspace), "-o", str(target))
        assert code == 0 and "damaged" not in err, err
    finally:
        os.chmod(workspace, 0o644)


def test_a_read_only_folder_opens_read_only_in_the_app(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Path, no_lock_file: None
) -> None:
    from explorer.ui.workspace import startup

    errors: list[str] = []
    monkeypatch.setattr(startup, "show_error", lambda parent, text: errors.append(text))
    monkeypatch.setattr(startup, "ask_damaged", lambda exc, parent=None: errors.append(str(exc)))
    session = startup.open_workspace_session()
    assert session is not None and errors == []
    assert session.readonly
    assert session.workspace is not None and session.workspace.notices == [
        f"{workspace} is read-only: you can browse and export, but changes cannot be saved."
    ]
    assert [n.body for n in session.annotations.notes_for(EVENT_ID)] == ["console note"]
    session.close()


def test_exporting_from_a_database_leaves_it_byte_for_byte_as_it_was(tmp_path: Path) -> None:
    """Export and search only read: the file (journal mode included) is unchanged and gets no -wal/-shm."""
    import shutil

    from explorer.resources import bundled_db

    if not bundled_db().exists():
        pytest.skip("the bundled corpus database is not built")
    source = tmp_path / "colleague.db"
    shutil.copyfile(bundled_db(), source)
    before = source.read_bytes()
    assert main(["export", "--format", "json", "--db", str(source), "-o", str(tmp_path / "out.json")]) == 0
    assert main(["search", "airbase", "--db", str(source)]) == 0
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["colleague.db", "out.json"]

"""kill -9 during a large import: the workspace is as before the import, every note is there, the file is
sound, and the next start of the console and of the app says at most that the import was rolled back."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from kill_helpers import ROOT, cli, make_big_csv

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.imports import FAULT_ENV, import_marker

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")]

EVENTS = 21000
EVENT_ID = "first-signs-of-neutrality-2006"


def sentence(csv: Path) -> str:
    """What the user is told after an import of `csv` was killed while it wrote."""
    return f"The interrupted import of {csv.name} was rolled back."


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of generated events whose import is written through a rollback journal."""
    return make_big_csv(tmp_path_factory)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user folder whose workspace has two notes written by the console (and its backup)."""
    home = tmp_path_factory.mktemp("baseline")
    for text in ("first note", "second note"):
        done = cli("annotate", EVENT_ID, "--note", text, home=home)
        assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def import_seconds(tmp_path_factory: pytest.TempPathFactory, baseline: Path, big_csv: Path) -> float:
    """How long one whole import takes here, start to exit, so that random kills fall inside it."""
    home = _home(baseline, tmp_path_factory.mktemp("whole"), "note before a whole import")
    began = time.monotonic()
    assert not _import(home, big_csv)
    return time.monotonic() - began


def _home(baseline: Path, folder: Path, note: str) -> Path:
    """A copy of the baseline user folder with one more note, written just before the import."""
    home = folder / "home"
    shutil.copytree(baseline, home)
    db = open_database(home / "workspace.db")
    AnnotationStore(db).add_note(EVENT_ID, note)
    db.conn.close()
    return home


def _import(home: Path, csv: Path, *, after: float | None = None, phase: str | None = None) -> bool:
    """Run `neutrality import` and kill -9 it after `after` seconds, or let it kill itself at `phase`.

    True when the process was killed (False: it finished first).
    """
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEUTRALITY_EXPLORER_HOME": str(home)}
    if phase:
        env[FAULT_ENV] = phase
    proc = subprocess.Popen(
        [sys.executable, "-m", "explorer.cli", "import", str(csv)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        proc.wait(timeout=after if after is not None else 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()
    return proc.returncode == -9


def _gui_start(monkeypatch: pytest.MonkeyPatch, home: Path) -> list[str]:
    """Start the app's workspace session as the app does; the notices it would show (no dialog allowed)."""
    from explorer.ui.workspace import startup

    monkeypatch.setenv("NEUTRALITY_EXPLORER_HOME", str(home))
    said: list[str] = []
    monkeypatch.setattr(startup, "ask_damaged", lambda exc, parent=None: said.append(str(exc)))
    monkeypatch.setattr(startup, "show_error", lambda parent, text: said.append(text))
    session = startup.open_workspace_session()
    assert session is not None and said == [], said
    assert session.workspace is not None
    notices = list(session.workspace.notices)
    notes = [n.body for n in session.annotations.notes_for(EVENT_ID)]
    session.close()
    assert notes[:2] == ["first note", "second note"]
    return notices


def _restart_and_verify(
    monkeypatch: pytest.MonkeyPatch, home: Path, csv: Path, note: str, gui_first: bool
) -> str:
    """Start the console's check and the app's session after a kill; what happened to the import."""
    ws = home / "workspace.db"
    interrupted = import_marker(ws).exists()
    told: list[str] = []
    if gui_first:
        told += _gui_start(monkeypatch, home)
    done = cli("check", home=home)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("ok: ") and len(lines) <= 2, lines
    told += lines[:-1]
    if not gui_first:
        told += _gui_start(monkeypatch, home)
    conn = sqlite3.connect(ws)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        notes = [
            r[0] for r in conn.execute("SELECT body FROM notes WHERE event_id = ? ORDER BY id", [EVENT_ID])
        ]
        imported = conn.execute("SELECT count(*) FROM events WHERE origin LIKE 'import:%'").fetchone()[0]
        datasets = conn.execute("SELECT count(*) FROM datasets").fetchone()[0]
    finally:
        conn.close()
    assert notes == ["first note", "second note", note]
    assert (imported, datasets) in ((0, 0), (EVENTS, 1)), "no half-import"
    assert not Path(f"{ws}-journal").exists() and not import_marker(ws).exists()
    assert len(told) <= 1, told
    if imported:
        assert sentence(csv) not in told
        return "completed"
    if interrupted:
        assert told == [sentence(csv)]
        return "rolled back"
    assert sentence(csv) not in told
    return "nothing written yet"


def test_an_import_killed_at_random_moments_leaves_the_workspace_as_it_was(
    qapp,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    baseline: Path,
    big_csv: Path,
    import_seconds: float,
) -> None:
    rng = random.Random(20261206)
    outcomes: Counter[str] = Counter()
    for i in range(10):
        folder = tmp_path / f"kill{i}"
        folder.mkdir()
        note = f"note before kill {i}"
        home = _home(baseline, folder, note)
        # from the reading of the file through the writing, the indexes and the commit
        after = rng.uniform(0.2, 0.95) * import_seconds
        killed = _import(home, big_csv, after=after)
        outcome = _restart_and_verify(monkeypatch, home, big_csv, note, gui_first=bool(i % 2))
        outcomes[outcome if killed else "finished before the kill"] += 1
    print(f"random kills over {import_seconds:.1f} s: {dict(outcomes)}")
    assert outcomes["finished before the kill"] < 10, outcomes


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("start", "rolled back"),
        ("write", "rolled back"),
        ("index", "rolled back"),
        ("commit", "rolled back"),
        ("committed", "completed"),
    ],
)
def test_an_import_killed_at_each_phase_is_rolled_back_or_complete(
    qapp,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    baseline: Path,
    big_csv: Path,
    phase: str,
    expected: str,
) -> None:
    note = f"note before {phase}"
    home = _home(baseline, tmp_path, note)
    assert _import(home, big_csv, phase=phase), "the import should have been killed"
    ws = home / "workspace.db"
    if phase in ("write", "index", "commit"):
        assert Path(f"{ws}-journal").stat().st_size > 0, "a hot journal is left behind"
    assert (
        _restart_and_verify(monkeypatch, home, big_csv, note, gui_first=phase in ("write", "commit"))
        == expected
    )

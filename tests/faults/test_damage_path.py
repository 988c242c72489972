"""One damage path: every kind of damage gives one sentence naming it and the newest intact backup, in the
console and in the app, the restore is offered again on every start until the user chooses, and nothing is
silently replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import run
from damage_helpers import CORPUS_EVENTS, KINDS, damage
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer import paths
from explorer.store.backup import list_backups

EVENT_ID = "first-signs-of-neutrality-2006"


@pytest.fixture
def annotated(capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace with one note written by the console, which also made a backup."""
    assert run(capsys, "annotate", EVENT_ID, "--note", "in the backup")[0] == 0
    assert len(list_backups()) == 1
    return paths.workspace_path()


def _restore_writable(path: Path) -> None:
    if path.exists() and not path.is_dir():
        os.chmod(path, 0o644)


@pytest.mark.parametrize("kind", KINDS)
def test_the_console_names_the_damage_and_the_backup_and_restores_it(
    capsys: pytest.CaptureFixture[str], annotated: Path, kind: str
) -> None:
    damage(annotated, kind)
    code, out, err = run(capsys, "annotate", EVENT_ID, "--note", "after the damage")
    assert code == 1 and out == ""
    assert err.startswith(f"neutrality annotate: {annotated} is damaged (")
    assert "The newest intact backup is the backup of " in err and f"({CORPUS_EVENTS} events, 1 note)" in err
    assert "run `neutrality restore`" in err and err.count("\n") == 1 and "Traceback" not in err
    # asked again, not silently replaced by a fresh workspace
    code, _, err = run(capsys, "check")
    assert code == 1 and "is damaged" in err and "neutrality restore" in err
    code, out, _ = run(capsys, "restore")
    assert code == 0 and out.startswith("Restored the backup of ")
    code, out, _ = run(capsys, "check")
    assert code == 0 and "1 note," in out
    _restore_writable(annotated)


def _answer_damage_dialog(qtbot, button: str, seen: list[dict[str, object]]) -> None:
    """When the damage dialog opens, note what it says and click one of its buttons."""

    def act() -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "workspaceDamaged" and w.isVisible()
        ]
        if not boxes:
            QTimer.singleShot(20, act)
            return
        box = boxes[0]
        buttons = {b.text(): b for b in box.buttons()}
        seen.append({"text": box.text(), "info": box.informativeText(), "buttons": sorted(buttons)})
        qtbot.mouseClick(buttons[button], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


@pytest.mark.parametrize("kind", KINDS)
def test_the_app_offers_the_backup_on_every_start_until_the_user_chooses(
    qtbot, monkeypatch: pytest.MonkeyPatch, annotated: Path, kind: str
) -> None:
    from explorer.ui.workspace import startup

    errors: list[str] = []
    monkeypatch.setattr(startup, "show_error", lambda parent, text: errors.append(text))
    damage(annotated, kind)
    seen: list[dict[str, object]] = []
    _answer_damage_dialog(qtbot, "Quit", seen)
    assert startup.open_workspace_session() is None
    first = seen[0]
    assert str(first["text"]).startswith(f"{annotated} is damaged (")
    assert "The newest intact backup is the backup of " in str(first["text"])
    assert f"({CORPUS_EVENTS} events, 1 note)" in str(first["text"]) and "neutrality restore" not in str(
        first["text"]
    )
    assert first["buttons"] == ["Quit", "Restore Backup", "Start Fresh"]
    assert not annotated.is_file() or kind == "journal that cannot be rolled back" or kind == "random page"
    # after Quit, the next start asks again instead of making a fresh workspace
    _answer_damage_dialog(qtbot, "Restore Backup", seen)
    session = startup.open_workspace_session()
    assert len(seen) == 2 and "The newest intact backup is" in str(seen[1]["text"])
    assert session is not None and errors == []
    assert [n.body for n in session.annotations.notes_for(EVENT_ID)] == ["in the backup"]
    session.close()
    kept = [
        p.name for p in annotated.parent.iterdir() if ".corrupt-" in p.name or ".before-restore-" in p.name
    ]
    assert kept, "the damaged file is kept aside, never deleted"


def test_damage_a_query_meets_in_the_window_is_named_with_the_backup_and_checked_at_the_next_start(
    qtbot, annotated: Path
) -> None:
    import sqlite3

    from explorer.store.backup import damage_record
    from explorer.ui import errors

    malformed = sqlite3.DatabaseError("database disk image is malformed")
    assert errors.damage_sentence(malformed) is None, "a sound file is not called damaged"
    assert not damage_record(annotated).exists()
    damage(annotated, "random page")
    text = errors.damage_sentence(malformed)
    assert text is not None and text.startswith(f"{annotated} is damaged (")
    assert "The newest intact backup is the backup of " in text and text.endswith(
        "Quit and start Neutrality Explorer again to restore it or start fresh."
    )
    assert damage_record(annotated).exists(), "the next start checks the file and offers the backup"


def test_restore_lists_the_backups_and_can_start_fresh_after_damage(
    capsys: pytest.CaptureFixture[str], annotated: Path
) -> None:
    code, out, _ = run(capsys, "restore", "--list")
    assert code == 0 and out.count("\n") == 1 and out.rstrip().endswith(f"{CORPUS_EVENTS} events, 1 note")
    damage(annotated, "zero bytes")
    assert run(capsys, "annotate", EVENT_ID)[0] == 1
    code, out, _ = run(capsys, "restore", "--fresh")
    assert code == 0 and "made again from the bundled corpus" in out
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.startswith(f"ok: {CORPUS_EVENTS} events, 0 notes")
    assert list(annotated.parent.glob("workspace.db.*-20*")), "the damaged file is kept aside"


def test_start_fresh_after_a_journal_that_cannot_be_rolled_back_keeps_the_file_aside(
    qtbot, monkeypatch: pytest.MonkeyPatch, annotated: Path
) -> None:
    from explorer.ui.workspace import startup

    errors: list[str] = []
    monkeypatch.setattr(startup, "show_error", lambda parent, text: errors.append(text))
    damage(annotated, "journal that cannot be rolled back")
    seen: list[dict[str, object]] = []
    _answer_damage_dialog(qtbot, "Start Fresh", seen)
    session = startup.open_workspace_session()
    assert len(seen) == 1 and "cannot be rolled back" in str(seen[0]["text"])
    assert session is not None and errors == [] and not session.readonly
    assert session.annotations.notes_for(EVENT_ID) == []
    session.close()
    (aside,) = annotated.parent.glob("workspace.db.before-fresh-*[0-9]")
    assert Path(f"{aside}-journal").exists(), "the journal went aside with its file"


def test_export_and_search_never_fall_back_to_the_corpus_while_the_damage_waits(
    capsys: pytest.CaptureFixture[str], annotated: Path, tmp_path: Path
) -> None:
    damage(annotated, "zero bytes")
    assert run(capsys, "annotate", EVENT_ID)[0] == 1  # found damaged and moved aside
    for args in (("export", "--format", "csv", "-o", str(tmp_path / "out.csv")), ("search", "neutrality")):
        code, out, err = run(capsys, *args)
        assert code == 1 and out == "" and "run `neutrality restore`" in err, err
    assert not (tmp_path / "out.csv").exists()

"""`neutrality import`: new databases, the workspace, refusals in one message, skipping, and re-imports."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from explorer import resources
from explorer.cli import main
from explorer.paths import workspace_path

_spec = importlib.util.spec_from_file_location(
    "formats_sample_data", Path(__file__).resolve().parent.parent / "formats" / "sample_data.py"
)
assert _spec and _spec.loader
sample_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample_data)

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("title,date,track\nSummit,2015-02-12,Diplomacy\nTalks,2016,Diplomacy\n", encoding="utf-8")
    return path


def test_a_db_that_does_not_exist_is_created(
    events_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--db naming no file creates a database with the app's schema and the imported events."""
    target = tmp_path / "new.db"
    code, out, err = run(capsys, str(events_csv), "--db", str(target))
    assert code == 0, err
    assert out == "Imported 2 events from events.csv as dataset “events” (1 track).\n"
    assert rows(target, "SELECT title, track, origin FROM events ORDER BY lo") == [
        ("Summit", "events:diplomacy", "import:events"),
        ("Talks", "events:diplomacy", "import:events"),
    ]


def test_without_db_the_import_goes_into_the_workspace(
    events_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace is made from the bundled corpus first; the corpus stays, the import is added."""
    bundled = sample_data.make_sample(tmp_path / "bundled.db")
    monkeypatch.setattr(resources, "bundled_db", lambda: bundled)
    assert not workspace_path().exists()
    code, _, err = run(capsys, str(events_csv))
    assert code == 0, err
    ws = workspace_path()
    assert rows(ws, "SELECT count(*) FROM events WHERE origin = 'corpus'") == [(6,)]
    assert rows(ws, "SELECT count(*) FROM events WHERE origin = 'import:events'") == [(2,)]
    assert rows(bundled, "SELECT count(*) FROM events") == [(6,)]


def test_a_bad_file_is_refused_in_one_message_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1; the message lists each problem with file, line and column; the database is not even created."""
    target = tmp_path / "never.db"
    code, out, err = run(capsys, str(BAD / "bad_date.csv"), "--db", str(target))
    assert code == 1 and out == ""
    assert "neutrality import: bad_date.csv was not imported: 1 problem found (use --skip-invalid" in err
    assert "  bad_date.csv, line 3, date: “2015-13-01” has month 13, which does not exist." in err
    assert not target.exists()


def test_skip_invalid_imports_the_rest_and_lists_the_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--skip-invalid: the valid rows go in; each skipped row is printed."""
    target = tmp_path / "x.db"
    code, out, err = run(capsys, str(BAD / "bad_date.csv"), "--db", str(target), "--skip-invalid")
    assert code == 0, err
    assert out.splitlines() == [
        "Imported 1 event from bad_date.csv as dataset “bad-date” (1 track); 1 invalid item skipped.",
        "Skipped:",
        "  bad_date.csv, line 3, date: “2015-13-01” has month 13, which does not exist.",
    ]


def test_importing_the_same_file_again_says_already_imported(
    events_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second time: exit 1, "already imported", no new rows."""
    target = tmp_path / "x.db"
    assert run(capsys, str(events_csv), "--db", str(target))[0] == 0
    code, out, err = run(capsys, str(events_csv), "--db", str(target))
    assert code == 1 and "events.csv was already imported on" in err and "nothing was written" in err
    assert rows(target, "SELECT count(*) FROM events") == [(2,)]


def test_format_option_overrides_the_file_name(
    tmp_path: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A TimelineJS file with a .txt name imports with --format timelinejs."""
    src = tmp_path / "houston.txt"
    src.write_bytes((samples_dir / "timelinejs" / "houston_timeline3.json").read_bytes())
    code, out, err = run(capsys, str(src), "--format", "timelinejs", "--db", str(tmp_path / "h.db"))
    assert code == 0, err
    assert "Imported 18 events from houston.txt" in out


def test_cosmological_timeline_is_refused_naming_each_event(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cosmo.json: one line per event with the file, event, field and the years the app places."""
    code, _, err = run(capsys, str(samples_dir / "timelinejs" / "cosmo.json"), "--db", str(tmp_path / "c.db"))
    assert code == 1
    assert (
        "cosmo.json, events[4] “Paleozoic era” (line 65), start_date.year: the year -538800000 is before the year 1"
        in err
    )


def test_a_missing_file_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No traceback for a path that is not there."""
    code, _, err = run(capsys, str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.db"))
    assert code == 1 and err == f"neutrality import: {tmp_path / 'nope.csv'} does not exist.\n"


def test_nothing_valid_to_import_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--skip-invalid on a file with no valid event: one message, and --db is not created."""
    target = tmp_path / "never.db"
    code, _, err = run(capsys, str(BAD / "tl_ancient.json"), "--db", str(target), "--skip-invalid")
    assert code == 1 and "none of its events is valid" in err
    assert not target.exists()

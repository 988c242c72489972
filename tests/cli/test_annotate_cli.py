"""`neutrality annotate` and `neutrality check`: one line of output, one sentence on failure, exit 0/1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.cli import main
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.lock import InstanceLock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "mine.db")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_adds_a_note_tags_and_a_flag(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "annotate", "nam-accession", "--note", "Check *this*", "--tag", "nam", "--tag", "NAM",
        "--tag", "neutrality", "--flag", "--db", str(db_path),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "nam-accession: added a note; tagged it “nam”, “nam”, “neutrality”; flagged it.\n"
    db = open_database(db_path)
    store = AnnotationStore(db)
    assert [n.body for n in store.notes_for("nam-accession")] == ["Check *this*"]
    assert [t.name for t in store.tags_for("nam-accession")] == ["nam", "neutrality"]
    assessment = store.assessment_for("nam-accession")
    assert assessment is not None and assessment.flagged
    db.conn.close()
    code, out, _ = _run(capsys, "annotate", "nam-accession", "--no-flag", "--db", str(db_path))
    assert (code, out) == (0, "nam-accession: removed its flag.\n")


def test_annotate_without_options_shows_the_annotations(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "annotate", "referendum-2022", "--db", str(db_path))[1].endswith(
        "no annotations yet\n"
    )
    _run(
        capsys,
        "annotate",
        "referendum-2022",
        "--note",
        "line one\nline two",
        "--tag",
        "law",
        "--db",
        str(db_path),
    )
    code, out, _ = _run(capsys, "annotate", "referendum-2022", "--db", str(db_path))
    assert code == 0
    assert "  tags: law\n" in out and "line one …" in out


def test_an_unknown_event_is_one_sentence_and_exit_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "annotate", "no-such-event", "--note", "x", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == "neutrality annotate: There is no event with the id “no-such-event”.\n"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    conn.close()


def test_annotate_defaults_to_the_workspace_made_from_the_bundled_corpus(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = make_corpus(tmp_path / "bundled.db")
    monkeypatch.setattr("explorer.resources.bundled_db", lambda: bundled)
    before = bundled.read_bytes()
    code, out, err = _run(capsys, "annotate", "minsk-talks-2014", "--tag", "mediation")
    assert (code, err) == (0, "")
    workspace = isolated_home / "workspace.db"
    db = open_database(workspace)
    assert [t.name for t in AnnotationStore(db).tags_for("minsk-talks-2014")] == ["mediation"]
    db.conn.close()
    assert bundled.read_bytes() == before
    assert not (isolated_home / "workspace.db.lock").exists()


def test_annotate_while_the_app_holds_the_workspace_says_so(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with InstanceLock(db_path):
        code, _, err = _run(capsys, "annotate", "nam-accession", "--flag", "--db", str(db_path))
    assert code == 1 and "already open in another Neutrality Explorer" in err and err.count("\n") == 1


def test_annotate_on_a_read_only_file_refuses_in_a_sentence(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    code, out, err = _run(capsys, "annotate", "nam-accession", "--note", "x", "--db", str(db_path))
    assert code == 1 and "read-only" in out
    assert err.startswith("neutrality annotate: ") and "cannot be saved" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("annotate", "check"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"example:\n  neutrality {command}" in capsys.readouterr().out


def test_check_reports_ok_with_counts(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "annotate", "nam-accession", "--note", "n", "--tag", "t", "--db", str(db_path))
    code, out, err = _run(capsys, "check", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.startswith("ok: 5 events, 1 note, 1 tag on 1 event, 0 assessments, 0 periods, 0 links.")


def test_check_lists_orphans_and_fails_on_them_only_when_strict(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "annotate", "union-state-1999", "--note", "n", "--db", str(db_path))
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")  # as a new corpus would: its actors, themes and sources go too
    conn.execute("DELETE FROM events WHERE id = 'union-state-1999'")
    conn.commit()
    conn.close()
    code, out, _ = _run(capsys, "check", "--db", str(db_path))
    assert code == 0 and "kept: annotations on 1 event id(s)" in out and "union-state-1999: 1 note" in out
    code, _, err = _run(capsys, "check", "--strict", "--db", str(db_path))
    assert code == 1 and "not among the events" in err


def test_check_finds_a_damaged_page(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events_lo_hi'").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 12] = bytes(12)
    db_path.write_bytes(bytes(data))
    code, out, err = _run(capsys, "check", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err.startswith(f"neutrality check: {db_path} is damaged: integrity_check found")
    assert err.count("\n") == 1


def test_check_finds_rows_referring_to_missing_rows(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO event_actors (event_id, actor) VALUES ('nam-accession', 'Nobody')")
    conn.commit()
    conn.close()
    code, _, err = _run(capsys, "check", "--db", str(db_path))
    assert code == 1 and "refers to a missing row of actors" in err


def test_the_json_export_shows_annotations_made_on_the_console(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(
        capsys,
        "annotate",
        "nam-accession",
        "--note",
        "exported",
        "--tag",
        "x",
        "--flag",
        "--db",
        str(db_path),
    )
    out_file = tmp_path / "out.json"
    code, _, _ = _run(capsys, "export", "--ids", "nam-accession", "-o", str(out_file), "--db", str(db_path))
    assert code == 0
    (event,) = json.loads(out_file.read_text())["events"]
    assert [n["body"] for n in event["notes"]] == ["exported"] and event["tags"] == ["x"]
    assert event["assessment"]["flagged"] is True


def test_annotate_a_query_selection_in_one_go(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "annotate", "--query", "neutrality", "--tag", "core", "--stars", "4", "--db", str(db_path)
    )
    assert (code, err) == (0, "")
    db = open_database(db_path)
    store = AnnotationStore(db)
    from explorer.store.bulk import events_tagged
    from explorer.store.search import search_ids

    found = search_ids(db, "neutrality")
    assert len(found) >= 2 and sorted(events_tagged(db, "core")) == sorted(found)
    assert out == f"Tag {len(found)} events “core”; rate {len(found)} events 4 stars.\n"
    assert all(store.assessment_for(i).stars == 4 for i in found)  # type: ignore[union-attr]
    db.conn.close()
    code, out, _ = _run(
        capsys,
        "annotate",
        "--tagged",
        "core",
        "--ids",
        "nam-accession,referendum-2022",
        "--flag",
        "--db",
        str(db_path),
    )
    assert code == 0
    code, out, err = _run(
        capsys,
        "annotate",
        "--tagged",
        "core",
        "--untag",
        "core",
        "--importance",
        "russia=high",
        "--db",
        str(db_path),
    )
    assert (code, err) == (0, "") and out.startswith(f"Remove tag “core” from {len(found)} events")
    code, _, err = _run(capsys, "annotate", "--query", "zzzqqq", "--flag", "--db", str(db_path))
    assert code == 1 and err == "neutrality annotate: No event matches the selection; nothing was changed.\n"
    code, _, err = _run(
        capsys, "annotate", "--ids", "nam-accession", "--importance", "russia", "--db", str(db_path)
    )
    assert code == 1 and "PARTY=LEVEL" in err


def test_annotate_period_widens_a_period_over_a_query_selection(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        "annotate",
        "--ids",
        "nam-accession,union-state-1999",
        "--period",
        "Integration",
        "--db",
        str(db_path),
    )
    assert (code, err) == (0, "")
    assert out == "Add period “Integration” (1998-09-01/1999-12-08) over 2 events.\n"
    code, out, err = _run(
        capsys, "annotate", "--query", "neutrality", "--period", "integration", "--db", str(db_path)
    )
    from explorer.store.search import search_ids

    db = open_database(db_path)
    (period,) = AnnotationStore(db).periods()
    found = search_ids(db, "neutrality")
    db.conn.close()
    assert (code, err) == (0, "")
    assert len(found) >= 2
    assert out == f"Widen period “Integration” to {period.date} to cover {len(found)} events.\n"
    assert period.date == "1994-03-15/2022-02-27"


def test_annotate_puts_a_selection_also_on_a_lane_and_takes_it_off(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from explorer.store.events import extra_tracks

    ids = "nam-accession,union-state-1999"
    code, out, err = _run(capsys, "annotate", "--ids", ids, "--also-on", "security", "--db", str(db_path))
    assert (code, err) == (0, "")
    db = open_database(db_path)
    assert extra_tracks(db) == {"nam-accession": ["security"], "union-state-1999": ["security"]}
    lane = db.execute("SELECT name FROM tracks WHERE id = 'security'").fetchone()[0]
    db.conn.close()
    assert out == f"Put 2 events also on “{lane}”.\n"
    code, out, err = _run(
        capsys, "annotate", "--ids", ids, "--tag", "x", "--also-on", "nowhere", "--db", str(db_path)
    )
    assert code == 1 and "no lane “nowhere”" in err and out == ""
    code, out, err = _run(capsys, "annotate", "--ids", ids, "--off", "security", "--db", str(db_path))
    db = open_database(db_path)
    assert (code, out) == (0, f"Take 2 events off “{lane}”.\n") and extra_tracks(db) == {}
    assert AnnotationStore(db).tags_for("nam-accession") == [], "the refused command wrote no tag"
    db.conn.close()

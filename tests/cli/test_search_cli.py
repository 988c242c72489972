"""`neutrality search`: text and JSON output, limits, hostile queries and plain-sentence errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.model import Actor, Event, Track
from explorer.store import open_database
from explorer.store.events import write_actors, write_events, write_tracks
from explorer.store.fts import rebuild_fts


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file with three events, two of them about Lukashenka."""
    path = tmp_path / "search.db"
    db = open_database(path, create=True)
    with db.atomic():
        write_tracks(db, [Track("foreign", "Foreign policy"), Track("security", "National security")])
        write_actors(db, [Actor("Alyaksandr Lukashenka", "person", ("Lukashenko", "Лукашенко"))])
        write_events(
            db,
            [
                Event(
                    "balance-1995",
                    "Lukashenka calls for a balance between East and West",
                    "1995-01",
                    "foreign",
                    summary="Months into his presidency he spoke of balance.",
                    actors=["Alyaksandr Lukashenka"],
                ),
                Event(
                    "airbase-2015",
                    "Russian airbase is discussed",
                    "2015",
                    "security",
                    date_text="in 2015",
                    summary="Minsk treats the airbase as a bargaining chip.",
                    actors=["Alyaksandr Lukashenka"],
                ),
                Event(
                    "oil-2010", "Oil from Venezuela", "2010-05", "foreign", summary="Tankers dock in Odessa."
                ),
            ],
        )
        rebuild_fts(db)
    db.conn.close()
    return path


def test_text_output_lists_id_date_title_and_snippet(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "Lukashenko", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert "balance-1995  (January 1995)  Lukashenka calls for a balance between East and West" in out
    assert "airbase-2015  (in 2015)" in out
    assert "oil-2010" not in out
    assert out.count("    actors: [Alyaksandr Lukashenka] (Lukashenko)\n") == 2
    assert "2 of 2 matching events." in err


def test_several_words_must_all_match(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "Лукашенко", "airbase", "--db", str(db_path)]) == 0
    out, _ = capsys.readouterr()
    assert "airbase-2015" in out and "balance-1995" not in out
    assert "summary: Minsk treats the [airbase] as a bargaining chip." in out


def test_json_output_is_a_list_of_events(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "odessa", "--json", "--db", str(db_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == "oil-2010" and row["rank"] == 1 and row["date"] == "2010-05"
    assert row["date_words"] == "May 2010" and row["track"] == "foreign" and row["field"] == "summary"
    assert row["snippet"] == "Tankers dock in Odessa."
    assert row["snippet_html"] == "Tankers dock in <b>Odessa</b>."


def test_limit_shows_the_best_first_and_tells_how_many_there_are(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "lukashenka", "--limit", "1", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 2
    assert "1 of 2 matching events." in err


def test_no_match_is_not_an_error(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zubr", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "No events match “zubr”." in err
    assert main(["search", "zubr", "--json", "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("query", ['"', "AND(", "NEAR(a b", "title:", "*", "-", "^x", "a:b:c", "(", "OR"])
def test_fts5_syntax_in_the_query_is_just_text(
    db_path: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main(["search", query, "--db", str(db_path)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_missing_database_is_one_sentence_and_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "x", "--db", str(tmp_path / "none.db")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"neutrality search: {tmp_path / 'none.db'} does not exist."


def test_a_bad_limit_is_a_usage_error(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--limit", "0", "--db", str(db_path)])
    assert exit_info.value.code == 2
    assert "the limit must be at least 1" in capsys.readouterr().err


def test_the_database_is_not_written(db_path: Path) -> None:
    before = db_path.read_bytes()
    assert main(["search", "Lukashenko", "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before

"""`neutrality export`: formats to standard output, -o, unwritable paths, and filters that select exactly."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
from pathlib import Path

import bibtexparser
import pytest

from explorer.cli import main

# The sample selection lives with the format tests; load it from there by path.
_spec = importlib.util.spec_from_file_location(
    "formats_sample_data", Path(__file__).resolve().parent.parent / "formats" / "sample_data.py"
)
assert _spec and _spec.loader
sample_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample_data)

ALL = {e.id for e in sample_data.EVENTS}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The sample as a database file."""
    return sample_data.make_sample(tmp_path / "sample.db")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def ids_of(capsys: pytest.CaptureFixture[str], db: Path, *filters: str) -> set[str]:
    code, out, err = run(capsys, "--db", str(db), "--format", "json", *filters)
    assert code == 0, err
    return {e["id"] for e in json.loads(out)["events"]}


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "timelinejs", "csl-json", "bibtex"])
def test_text_formats_go_to_standard_output(fmt: str, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each text format prints something its reader accepts, with nothing on stderr."""
    code, out, err = run(capsys, "--db", str(db), "--format", fmt)
    assert code == 0 and err == ""
    if fmt in ("json", "timelinejs", "csl-json"):
        assert json.loads(out)
    elif fmt == "csv":
        assert not out.startswith("\ufeff")  # no byte-order mark on standard output
        assert len(list(csv.DictReader(io.StringIO(out)))) == len(ALL)
    elif fmt == "bibtex":
        assert not bibtexparser.parse_string(out).failed_blocks
    else:
        assert out.startswith("# ")


def test_output_option_writes_the_file_and_says_so(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o writes the file (CSV with a BOM) and reports on stderr; stdout stays empty."""
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "--db", str(db), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert f"Wrote {target}: 6 events" in err
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_sqlite_needs_an_output_file(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A binary format without -o is one sentence and exit 1."""
    code, out, err = run(capsys, "--db", str(db), "--format", "sqlite")
    assert code == 1 and out == ""
    assert err == "neutrality export: the sqlite format writes a file; give its name with -o FILE.\n"


def test_sqlite_subset_with_filters(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o with the sqlite format writes a database with just the filtered events."""
    target = tmp_path / "subset.db"
    code, _, err = run(
        capsys, "--db", str(db), "--format", "sqlite", "--track", "security", "-o", str(target)
    )
    assert code == 0, err
    conn = sqlite3.connect(target)
    assert {r[0] for r in conn.execute("SELECT id FROM events")} == {
        "nuclear-arms-leave-1996",
        "open-since-2014",
    }
    conn.close()


def test_unwritable_path_gives_one_sentence_and_no_partial_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1, one line on stderr naming the path, nothing left in the folder."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for fmt in ("json", "sqlite"):
        code, out, err = run(capsys, "--db", str(db), "--format", fmt, "-o", str(blocker / "out"))
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and err.startswith(f"neutrality export: Cannot write {blocker / 'out'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "sample.db"]


def test_unknown_format_lists_the_choices(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong --format names the formats there are."""
    code, _, err = run(capsys, "--db", str(db), "--format", "ods")
    assert code == 1 and "choose one of json, csv, xlsx, markdown" in err


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ((), ALL),
        (("--track", "security"), {"nuclear-arms-leave-1996", "open-since-2014"}),
        (("--track", "Foreign policy"), {"nam-membership-1998", "tricky-text-2015", "around-2006"}),
        (("--track", "security,context"), {"nuclear-arms-leave-1996", "open-since-2014", "decade-1990s"}),
        (("--from", "2014"), {"open-since-2014", "tricky-text-2015"}),
        (("--to", "1996-11-26"), {"decade-1990s"}),
        (("--from", "1996-11-27", "--to", "1998-08"), {"nuclear-arms-leave-1996", "decade-1990s"}),
        (("--from", "2005", "--to", "2007"), {"around-2006"}),
        (("--tag", "key"), {"nuclear-arms-leave-1996", "tricky-text-2015"}),
        (
            ("--tag", "key", "--tag", "later"),
            {"nuclear-arms-leave-1996", "tricky-text-2015", "open-since-2014"},
        ),
        (("--tag", "key", "--track", "foreign"), {"tricky-text-2015"}),
        (("--ids", "around-2006,decade-1990s"), {"around-2006", "decade-1990s"}),
        (("--ids", "around-2006", "--track", "security"), set()),
        (("--query", "nuclear"), {"nuclear-arms-leave-1996"}),
        (("--query", "Беларусь", "--track", "foreign"), {"nam-membership-1998", "tricky-text-2015"}),
    ],
)
def test_filters_select_exactly_the_right_events(
    filters: tuple[str, ...], expected: set[str], db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Filters combine with AND (repeated --track/--tag mean any of them); dates select by overlap."""
    assert ids_of(capsys, db, *filters) == expected


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (("--track", "economy"), "There is no track “economy”"),
        (("--tag", "nope"), "There is no tag “nope”"),
        (("--ids", "no-such-event"), "There is no event with the id “no-such-event”"),
        (("--from", "2015-13"), "--from 2015-13: “2015-13” has month 13"),
    ],
)
def test_filters_naming_nothing_are_one_sentence(
    filters: tuple[str, ...], message: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown track, tag or id, or a bad date: exit 1 and one sentence."""
    code, out, err = run(capsys, "--db", str(db), "--format", "json", *filters)
    assert code == 1 and out == "" and message in err and err.count("\n") == 1

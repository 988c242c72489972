"""Hostile files through the real importer: colours that are not #rrggbb are replaced and reported with the
file, record, line and field; NUL bytes and deep nesting are refused with a sentence; strings are kept as
written (escaping is the job of whatever shows them)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from explorer.formats.importer import import_file, plan_import
from explorer.formats.problems import ImportFailed
from explorer.formats.text import escape_html, hex_color, literal_html
from explorer.store import open_database

BAD = "red'><img src='file:///etc/passwd'>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#A1b2C3", "#a1b2c3"),
        ("#abc", "#aabbcc"),
        (" #123456 ", "#123456"),
        (BAD, None),
        ("red", None),
        ("#12345g", None),
        ("#1234", None),
        ("#fff; background:url(file:///x)", None),
        ("rgb(1,2,3)", None),
        (12, None),
        (None, None),
    ],
)
def test_only_hex_colours_are_colours(value, expected):
    assert hex_color(value) == expected


def test_literal_html_shows_text_as_written_wherever_qt_guesses_rich_text():
    assert literal_html("Tom and Jerry") == "Tom and Jerry", "plain text stays plain"
    assert literal_html("") == ""
    shown = literal_html("<img src=file:///etc/passwd> & co\nnext")
    assert shown == "<qt>&lt;img src=file:///etc/passwd&gt; &amp; co<br>next</qt>"
    assert escape_html("a\"b'<") == "a\"b'&lt;" and escape_html("\"'", attribute=True) == "&quot;&#x27;"


def write_json(path: Path, **parts: object) -> Path:
    doc = {"schema": "neutrality-explorer/events@1", **parts}
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def test_bad_colours_are_replaced_and_reported_with_file_record_line_and_field(tmp_path):
    path = write_json(
        tmp_path / "colours.json",
        tracks=[{"id": "a", "name": "A", "color": BAD}, {"id": "b", "name": "B", "color": "#ABC"}],
        tags=[{"name": "t", "color": "javascript:alert(1)"}],
        events=[
            {"id": "e1", "title": "One", "date": "2041", "track": "a", "tags": ["t"]},
            {"id": "e2", "title": "Two", "date": "2042", "track": "b"},
        ],
        periods=[{"name": "P", "date": "2041", "color": ["#fff"]}],
    )
    db = open_database(tmp_path / "workspace.db", create=True)
    result = import_file(db, path)
    warnings = result.warnings
    assert (
        "colours.json, tracks[0] (line 4), color: the colour “red'><img src='file:///etc/passwd'>” is not "
        "of the form #rrggbb; the lane gets a colour of the palette instead." in warnings
    )
    assert any(
        w.startswith("colours.json, tags[0] (line ") and "“javascript:alert(1)”" in w for w in warnings
    )
    assert any(
        w.startswith("colours.json, periods[0] (line ") and "is a list, not text" in w for w in warnings
    )
    db.conn.close()
    with sqlite3.connect(tmp_path / "workspace.db") as conn:
        colours = [r[0] for r in conn.execute("SELECT color FROM tracks WHERE origin LIKE 'import:%'")]
        colours += [r[0] for r in conn.execute("SELECT color FROM tags")]
        colours += [r[0] for r in conn.execute("SELECT color FROM periods")]
    assert "#aabbcc" in colours
    assert all(hex_color(c) == c for c in colours), colours


def test_strings_are_stored_as_written_including_html_and_quotes(tmp_path):
    title = "<img src=file:///etc/passwd> \"q\" 'q' &amp;"
    path = write_json(
        tmp_path / "html.json", events=[{"id": "e1", "title": title, "date": "2041", "track": "x"}]
    )
    db = open_database(tmp_path / "workspace.db", create=True)
    import_file(db, path)
    assert db.execute("SELECT title FROM events WHERE id = 'e1'").fetchone()[0] == title
    db.conn.close()


def test_a_deeply_nested_json_file_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "deep.json"
    depth = 100_000
    path.write_text('{"schema": "neutrality-explorer/events@1", "events": ' + "[" * depth + "]" * depth + "}")
    plan = plan_import(path)
    assert [str(p) for p in plan.fatal] == ["deep.json: the JSON is nested too deeply to read."]


def test_a_csv_row_with_a_nul_byte_is_refused_with_a_sentence_naming_the_line(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text("title,date,track\nGood,2041,x\nBad\x00title,2041,x\n", encoding="utf-8")
    db = open_database(tmp_path / "workspace.db", create=True)
    with pytest.raises(ImportFailed) as info:
        import_file(db, path)
    assert "nul.csv, line 3: the row contains a NUL character" in str(info.value)
    db.conn.close()

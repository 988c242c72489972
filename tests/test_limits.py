"""The limits of explorer.model.limits, the same in import, `neutrality annotate` and the store:
a text at its limit is accepted, one character more is refused with a sentence naming the row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from annotation_helpers import make_corpus
from cli_helpers import rows, run

from explorer.model.limits import (
    MAX_NOTE,
    MAX_QUOTE,
    MAX_SUMMARY,
    MAX_TAG,
    MAX_TAGS_PER_EVENT,
    MAX_TITLE,
    too_long,
    too_many_tags,
)
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore, InvalidAnnotation

NAM = "nam-accession"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "mine.db")


def test_each_limit_accepts_its_length_and_refuses_one_more() -> None:
    for kind, limit in (
        ("title", MAX_TITLE),
        ("summary", MAX_SUMMARY),
        ("quote", MAX_QUOTE),
        ("note", MAX_NOTE),
        ("tag", MAX_TAG),
    ):
        assert too_long(kind, "x" * limit) is None
        assert too_long(kind, "x" * (limit + 1)) == (
            f"the {'tag name' if kind == 'tag' else kind} has {limit + 1:,} characters; at most {limit:,} are allowed"
        )
    assert too_many_tags(MAX_TAGS_PER_EVENT) is None
    assert too_many_tags(MAX_TAGS_PER_EVENT + 1) is not None


def write_csv(path: Path, *rows_: dict[str, str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "date", "summary", "quote", "tags", "notes"])
        writer.writeheader()
        for row in rows_:
            writer.writerow({"date": "2015", **row})
    return path


@pytest.mark.parametrize(
    ("column", "value", "field", "reason"),
    [
        ("title", "t" * (MAX_TITLE + 1), "title", f"the title has {MAX_TITLE + 1:,} characters"),
        ("summary", "s" * (MAX_SUMMARY + 1), "summary", f"the summary has {MAX_SUMMARY + 1:,} characters"),
        ("quote", "q" * (MAX_QUOTE + 1), "quote", f"the quote has {MAX_QUOTE + 1:,} characters"),
        ("notes", "n" * (MAX_NOTE + 1), "notes", f"the note has {MAX_NOTE + 1:,} characters"),
        (
            "tags",
            "g" * (MAX_TAG + 1),
            "tags",
            f"a tag is too long: the tag name has {MAX_TAG + 1} characters",
        ),
        (
            "tags",
            ";".join(f"tag{i}" for i in range(MAX_TAGS_PER_EVENT + 1)),
            "tags",
            f"the event would have {MAX_TAGS_PER_EVENT + 1} tags",
        ),
    ],
)
def test_import_refuses_a_row_over_a_limit_naming_file_line_and_field(
    column: str,
    value: str,
    field: str,
    reason: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = write_csv(tmp_path / "big.csv", {"title": "fine"}, {"title": "long", column: value})
    events = rows(db, "SELECT id FROM events ORDER BY id")
    code, out, err = run(capsys, "import", str(source), "--db", str(db))
    assert code == 1 and out == ""
    assert f"\n  big.csv, line 3, {field}: {reason}" in err
    assert "Traceback" not in err
    assert rows(db, "SELECT id FROM events ORDER BY id") == events, "nothing was written"


def test_import_accepts_every_text_at_its_limit(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "edge.csv",
        {
            "title": "t" * MAX_TITLE,
            "summary": "s" * MAX_SUMMARY,
            "quote": "q" * MAX_QUOTE,
            "notes": "n" * MAX_NOTE,
            "tags": ";".join(f"{i:0{MAX_TAG}d}" for i in range(MAX_TAGS_PER_EVENT)),
        },
    )
    code, _, err = run(capsys, "import", str(source), "--db", str(db))
    assert code == 0, err
    assert rows(
        db, "SELECT length(title), length(summary), length(quote) FROM events WHERE origin != 'corpus'"
    ) == [(MAX_TITLE, MAX_SUMMARY, MAX_QUOTE)]
    assert rows(db, "SELECT count(*) FROM event_tags WHERE event_id LIKE 'edge%'") == [(MAX_TAGS_PER_EVENT,)]


def test_json_import_names_the_event_over_the_limit(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.json"
    events = [
        {"id": "ok", "title": "Fine", "date": "2015", "track": "a"},
        {"id": "huge", "title": "Huge", "date": "2015", "track": "a", "summary": "s" * (MAX_SUMMARY + 1)},
    ]
    doc = {"schema": "neutrality-explorer/events@1", "tracks": [{"id": "a", "name": "A"}], "events": events}
    source.write_text(json.dumps(doc, indent=1))
    code, _, err = run(capsys, "import", str(source), "--db", str(db))
    assert code == 1
    assert err.splitlines()[1] == (
        f"  big.json, events[1] (line 16), summary: the summary has {MAX_SUMMARY + 1:,} characters; "
        f"at most {MAX_SUMMARY:,} are allowed."
    )


def test_annotate_refuses_a_note_or_tag_over_the_limit_in_one_sentence(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "annotate", NAM, "--note", "n" * (MAX_NOTE + 1), "--db", str(db))
    assert (code, out) == (1, "")
    assert err == (
        f"neutrality annotate: The note has {MAX_NOTE + 1:,} characters; at most {MAX_NOTE:,} are allowed.\n"
    )
    code, out, err = run(capsys, "annotate", NAM, "--tag", "g" * (MAX_TAG + 1), "--db", str(db))
    assert code == 1 and err.count("\n") == 1 and f"longer than {MAX_TAG} characters" in err
    assert rows(db, "SELECT count(*) FROM notes") == [(0,)]
    assert (
        run(capsys, "annotate", NAM, "--note", "n" * MAX_NOTE, "--tag", "g" * MAX_TAG, "--db", str(db))[0]
        == 0
    )


def test_annotate_refuses_the_tag_after_the_most_an_event_may_have(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tags = [arg for i in range(MAX_TAGS_PER_EVENT) for arg in ("--tag", f"tag{i}")]
    assert run(capsys, "annotate", NAM, *tags, "--db", str(db))[0] == 0
    code, out, err = run(capsys, "annotate", NAM, "--tag", "one-more", "--db", str(db))
    assert (code, out) == (1, "")
    assert err == (
        f"neutrality annotate: “one-more” was not added: the event would have {MAX_TAGS_PER_EVENT + 1} tags; "
        f"at most {MAX_TAGS_PER_EVENT} are allowed on one event.\n"
    )
    assert rows(db, f"SELECT count(*) FROM event_tags WHERE event_id = '{NAM}'") == [(MAX_TAGS_PER_EVENT,)]
    assert run(capsys, "annotate", NAM, "--tag", "tag7", "--db", str(db))[0] == 0, (
        "a tag it has is no new tag"
    )


def test_the_store_refuses_an_edit_that_makes_a_note_too_long(db: Path) -> None:
    store = AnnotationStore(open_database(db))
    note = store.add_note(NAM, "short").after[0]
    with pytest.raises(InvalidAnnotation, match=f"at most {MAX_NOTE:,} are allowed"):
        store.update_note(note.id, "n" * (MAX_NOTE + 1))
    assert [n.body for n in store.notes_for(NAM)] == ["short"]
    store.db.close()

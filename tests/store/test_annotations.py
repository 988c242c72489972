"""AnnotationStore: every write is one committed transaction, reports an exactly undoable Change,
keeps the search index in step, validates its input in a sentence, and refuses read-only files."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from annotation_helpers import ANNOTATION_TABLES, make_corpus, table_rows

from explorer.model import Note, Tag
from explorer.store import ReadOnlyDatabase, UnknownEvent, open_database
from explorer.store.annotations import TAG_PALETTE, AnnotationStore, Change, InvalidAnnotation, TagUse


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "ws.db")


@pytest.fixture
def store(db_path: Path):
    db = open_database(db_path)
    yield AnnotationStore(db)
    db.conn.close()


def _search(store: AnnotationStore, words: str) -> set[str]:
    return {
        r[0]
        for r in store.db.execute(
            "SELECT e.id FROM events_fts f JOIN events e ON e.num = f.rowid WHERE events_fts MATCH ?", [words]
        )
    }


def _annotations(store: AnnotationStore) -> dict[str, list[tuple]]:
    return table_rows(store.db.conn, *ANNOTATION_TABLES)


# --- notes -------------------------------------------------------------------------------------


def test_a_note_is_committed_at_once_and_seen_by_another_connection(
    store: AnnotationStore, db_path: Path
) -> None:
    change = store.add_note("nam-accession", "Check the *date*.")
    note = change.after[0]
    assert isinstance(note, Note) and note.id is not None and note.created == note.modified
    assert change.kind == "note" and change.event_ids == ("nam-accession",) and change.label == "Add note"
    assert not store.db.conn.in_transaction
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT body FROM notes WHERE id = ?", [note.id]).fetchone() == (
        "Check the *date*.",
    )
    other.close()


def test_notes_are_listed_oldest_first_and_edited_in_place(store: AnnotationStore) -> None:
    first = store.add_note("nam-accession", "one").after[0]
    store.add_note("nam-accession", "two")
    store.add_note("constitution-1994", "elsewhere")
    assert [n.body for n in store.notes_for("nam-accession")] == ["one", "two"]
    assert isinstance(first, Note) and first.id is not None
    edit = store.update_note(first.id, "one, corrected")
    before, after = edit.before[0], edit.after[0]
    assert isinstance(before, Note) and isinstance(after, Note)
    assert before.body == "one" and after.body == "one, corrected" and after.created == before.created
    assert after.modified >= before.modified
    assert store.notes_for("nam-accession")[0].body == "one, corrected"


def test_a_deleted_note_is_restored_with_its_id_and_timestamps(store: AnnotationStore) -> None:
    note = store.add_note("nam-accession", "keep me").after[0]
    assert isinstance(note, Note) and note.id is not None
    deleted = store.delete_note(note.id).before[0]
    assert store.notes_for("nam-accession") == []
    assert isinstance(deleted, Note)
    store.restore_note(deleted)
    assert store.notes_for("nam-accession") == [note]


def test_notes_and_tags_are_found_by_search_and_forgotten_when_removed(store: AnnotationStore) -> None:
    note = store.add_note("union-state-1999", "archival zebra").after[0]
    store.add_tag("minsk-talks-2014", "mediationwatch")
    assert _search(store, "zebra") == {"union-state-1999"}
    assert _search(store, "mediationwatch") == {"minsk-talks-2014"}
    store.rename_tag("mediationwatch", "peacetalks")
    assert _search(store, "mediationwatch") == set() and _search(store, "peacetalks") == {"minsk-talks-2014"}
    assert isinstance(note, Note) and note.id is not None
    store.delete_note(note.id)
    assert _search(store, "zebra") == set()


def test_notes_need_an_existing_event_and_some_text(store: AnnotationStore) -> None:
    with pytest.raises(UnknownEvent, match="no event with the id “nope”"):
        store.add_note("nope", "text")
    with pytest.raises(InvalidAnnotation, match="empty"):
        store.add_note("nam-accession", "   ")
    with pytest.raises(InvalidAnnotation, match="no note number 999"):
        store.delete_note(999)
    assert _annotations(store)["notes"] == []


def test_a_write_that_fails_halfway_leaves_nothing(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import explorer.store.changes as changes

    def broken(db: object, ids: object) -> None:
        raise RuntimeError("index on fire")

    monkeypatch.setattr(changes, "reindex_events", broken)
    with pytest.raises(RuntimeError):
        store.add_tag("nam-accession", "lost")
    assert _annotations(store)["tags"] == [] and _annotations(store)["event_tags"] == []
    assert not store.db.conn.in_transaction


# --- tags --------------------------------------------------------------------------------------


def test_tags_get_palette_colours_and_are_matched_ignoring_case(store: AnnotationStore) -> None:
    store.add_tag("nam-accession", "Neutrality")
    store.add_tag("constitution-1994", "neutrality")
    store.add_tag("constitution-1994", "law", color="#AA0000")
    assert store.tags_for("constitution-1994") == [Tag("law", "#aa0000"), Tag("Neutrality", TAG_PALETTE[0])]
    assert store.tags_for("nam-accession") == [Tag("Neutrality", TAG_PALETTE[0])]


def test_the_completion_list_counts_uses_most_used_first(store: AnnotationStore) -> None:
    for eid in ("nam-accession", "constitution-1994", "referendum-2022"):
        store.add_tag(eid, "neutrality")
    store.add_tag("union-state-1999", "nato")
    store.add_tag("union-state-1999", "100%_sure")
    store.remove_tag("union-state-1999", "nato")
    assert [(t.name, t.count) for t in store.tags()] == [("neutrality", 3), ("100%_sure", 1), ("nato", 0)]
    assert [t.name for t in store.tags("N")] == ["neutrality", "nato"]
    assert [t.name for t in store.tags("100%")] == ["100%_sure"]
    assert store.tags("1000") == []


def test_adding_a_tag_twice_changes_nothing(store: AnnotationStore) -> None:
    assert not store.add_tag("nam-accession", "x").empty
    again = store.add_tag("nam-accession", "X")
    assert again.empty
    assert store.remove_tag("nam-accession", "absent").empty


def test_renaming_onto_another_tag_is_refused_but_case_changes_are_allowed(store: AnnotationStore) -> None:
    store.add_tag("nam-accession", "a")
    store.add_tag("nam-accession", "b")
    with pytest.raises(InvalidAnnotation, match="already a tag “b”"):
        store.rename_tag("a", "B")
    store.rename_tag("a", "A")
    assert [t.name for t in store.tags_for("nam-accession")] == ["A", "b"]


def test_tag_colours_and_names_are_validated(store: AnnotationStore) -> None:
    with pytest.raises(InvalidAnnotation, match="#rrggbb"):
        store.add_tag("nam-accession", "x", color="red")
    with pytest.raises(InvalidAnnotation, match="empty"):
        store.add_tag("nam-accession", "  ")
    store.add_tag("nam-accession", "x")
    store.recolor_tag("x", "#123abc")
    assert store.tags_for("nam-accession") == [Tag("x", "#123abc")]
    with pytest.raises(InvalidAnnotation, match="no tag"):
        store.recolor_tag("nope", "#000000")


def test_deleting_a_tag_removes_it_everywhere(store: AnnotationStore) -> None:
    store.add_tag("nam-accession", "x")
    store.add_tag("referendum-2022", "x")
    change = store.delete_tag("x")
    assert set(change.event_ids) == {"nam-accession", "referendum-2022"}
    assert store.tags() == [] and store.tags_for("nam-accession") == []
    assert any(isinstance(r, TagUse) for r in change.before)


# --- assessments -------------------------------------------------------------------------------


def test_an_assessment_is_set_field_by_field(store: AnnotationStore) -> None:
    assert store.assessment_for("nam-accession") is None
    flag = store.set_assessment("nam-accession", flagged=True)
    assert flag.label == "Flag event"
    store.set_assessment("nam-accession", stars=4, russia="high")
    a = store.assessment_for("nam-accession")
    assert a is not None and (a.flagged, a.stars, a.belarus, a.russia, a.west) == (
        True,
        4,
        None,
        "high",
        None,
    )
    store.set_assessment("nam-accession", russia=None, belarus="low")
    a = store.assessment_for("nam-accession")
    assert a is not None and (a.belarus, a.russia) == ("low", None)


def test_an_assessment_back_to_nothing_leaves_no_row(store: AnnotationStore) -> None:
    store.set_assessment("nam-accession", flagged=True)
    store.set_assessment("nam-accession", flagged=False)
    assert store.assessment_for("nam-accession") is None
    assert store.set_assessment("nam-accession", flagged=False).empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stars": 6}, "0 to 5"),
        ({"stars": -1}, "0 to 5"),
        ({"stars": True}, "0 to 5"),
        ({"west": "very high"}, "low, middle or high"),
        ({"belarus": "mediate"}, "low, middle or high"),
    ],
)
def test_stars_and_importance_levels_are_checked(store: AnnotationStore, kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidAnnotation, match=message):
        store.set_assessment("nam-accession", **kwargs)
    assert store.assessment_for("nam-accession") is None


# --- periods -----------------------------------------------------------------------------------


def test_periods_are_validated_with_the_date_parser_and_listed_by_date(store: AnnotationStore) -> None:
    later = store.add_period("Post-2020 crisis", "2020-08/..", note="after the election", color="#CC3333")
    store.add_period("Multi-vector years", "2014/2020")
    assert [p.name for p in store.periods()] == ["Multi-vector years", "Post-2020 crisis"]
    period = later.after[0]
    assert period.color == "#cc3333"  # type: ignore[union-attr]
    with pytest.raises(InvalidAnnotation, match="cannot be used: .*2015-13"):
        store.add_period("Bad", "2014/2015-13")
    with pytest.raises(InvalidAnnotation, match="ends .* before it starts"):
        store.add_period("Backwards", "2015/2014")
    with pytest.raises(InvalidAnnotation, match="empty"):
        store.add_period(" ", "2014")
    row = store.db.execute("SELECT lo, hi FROM periods WHERE name = 'Multi-vector years'").fetchone()
    from datetime import date

    assert row == (date(2014, 1, 1).toordinal(), date(2020, 12, 31).toordinal())


def test_a_period_is_edited_and_deleted(store: AnnotationStore) -> None:
    pid = store.add_period("Crisis", "2020").after[0].id  # type: ignore[union-attr]
    store.update_period(pid, date="2020-08/2021-06", note="protests")
    (p,) = store.periods()
    assert (p.date, p.note, p.name) == ("2020-08/2021-06", "protests", "Crisis")
    assert store.update_period(pid, note="protests").empty
    store.delete_period(pid)
    assert store.periods() == []


# --- links -------------------------------------------------------------------------------------


def test_links_need_two_existing_distinct_events_and_are_listed_both_ways(store: AnnotationStore) -> None:
    store.add_link("referendum-2022", "constitution-1994", "contradicts", note="drops the aim")
    store.add_link("union-state-1999", "referendum-2022", "led  to")
    links = store.links_for("referendum-2022")
    assert [(k.source, k.target, k.type) for k in links] == [
        ("referendum-2022", "constitution-1994", "contradicts"),
        ("union-state-1999", "referendum-2022", "led to"),
    ]
    assert store.links_for("constitution-1994")[0].note == "drops the aim"
    assert store.link_types() == ["response to", "consequence of", "contradicts", "same issue", "led to"]
    with pytest.raises(UnknownEvent, match="gone"):
        store.add_link("referendum-2022", "gone", "same issue")
    with pytest.raises(InvalidAnnotation, match="itself"):
        store.add_link("referendum-2022", "referendum-2022", "same issue")
    with pytest.raises(InvalidAnnotation, match="already linked"):
        store.add_link("referendum-2022", "constitution-1994", "contradicts")


# --- undo and redo -----------------------------------------------------------------------------


def _seed(store: AnnotationStore) -> None:
    store.add_note("nam-accession", "seed note")
    store.add_tag("nam-accession", "alpha")
    store.add_tag("constitution-1994", "alpha")
    store.set_assessment("nam-accession", stars=2)
    store.add_period("Seed", "2000/2001")
    store.add_link("nam-accession", "constitution-1994", "same issue")


WRITES: dict[str, Callable[[AnnotationStore], Change]] = {
    "add_note": lambda s: s.add_note("referendum-2022", "new"),
    "update_note": lambda s: s.update_note(s.notes_for("nam-accession")[0].id or 0, "changed"),
    "delete_note": lambda s: s.delete_note(s.notes_for("nam-accession")[0].id or 0),
    "add_tag_new": lambda s: s.add_tag("referendum-2022", "beta", color="#010203"),
    "add_tag_recolouring": lambda s: s.add_tag("referendum-2022", "alpha", color="#010203"),
    "remove_tag": lambda s: s.remove_tag("nam-accession", "alpha"),
    "rename_tag": lambda s: s.rename_tag("alpha", "gamma"),
    "recolor_tag": lambda s: s.recolor_tag("alpha", "#ffffff"),
    "delete_tag": lambda s: s.delete_tag("alpha"),
    "set_assessment": lambda s: s.set_assessment("nam-accession", flagged=True, west="high"),
    "clear_assessment": lambda s: s.set_assessment("nam-accession", stars=0),
    "add_period": lambda s: s.add_period("New", "2010"),
    "update_period": lambda s: s.update_period(s.periods()[0].id or 0, name="Renamed", color="#000000"),
    "delete_period": lambda s: s.delete_period(s.periods()[0].id or 0),
    "add_link": lambda s: s.add_link("referendum-2022", "nam-accession", "response to"),
    "delete_link": lambda s: s.delete_link(s.links_for("nam-accession")[0].id or 0),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_is_undone_and_redone_exactly(store: AnnotationStore, name: str) -> None:
    _seed(store)
    before = _annotations(store)
    fts_before = table_rows(store.db.conn, "events_fts")
    change = WRITES[name](store)
    after = _annotations(store)
    assert after != before and not change.empty
    store.revert(change)
    assert _annotations(store) == before
    assert table_rows(store.db.conn, "events_fts") == fts_before
    store.apply(change)
    assert _annotations(store) == after


def test_successive_edits_merge_into_one_undo_step(store: AnnotationStore) -> None:
    nid = store.add_note("nam-accession", "a").after[0].id  # type: ignore[union-attr]
    before = _annotations(store)
    first = store.update_note(nid, "ab")
    second = store.update_note(nid, "abc")
    tag = store.add_tag("nam-accession", "t")
    merged = first.merged(second).merged(tag)
    store.revert(merged)
    assert _annotations(store) == before


# --- orphans, read-only ------------------------------------------------------------------------


def test_annotations_of_a_vanished_event_are_kept_and_reported(store: AnnotationStore) -> None:
    store.add_note("union-state-1999", "n1")
    store.add_note("union-state-1999", "n2")
    store.add_tag("union-state-1999", "t")
    store.add_link("nam-accession", "union-state-1999", "same issue")
    store.add_note("nam-accession", "still here")
    with store.db.atomic():
        store.db.execute("DELETE FROM events WHERE id = 'union-state-1999'")
    (orphan,) = store.orphans()
    assert (orphan.event_id, orphan.notes, orphan.tags, orphan.links) == ("union-state-1999", 2, 1, 1)
    assert orphan.describe() == "union-state-1999: 2 notes, 1 tag, 1 link"
    assert len(store.notes_for("union-state-1999")) == 2


def test_marked_events_and_counts(store: AnnotationStore) -> None:
    store.add_note("nam-accession", "n")
    store.set_assessment("constitution-1994", flagged=True)
    store.add_link("nam-accession", "referendum-2022", "same issue")
    marks = store.marked_events()
    assert marks["note"] == {"nam-accession"} and marks["flag"] == {"constitution-1994"}
    assert marks["link"] == {"nam-accession", "referendum-2022"}
    assert store.counts()["notes"] == 1 and store.counts()["links"] == 1


def test_a_read_only_connection_refuses_writes_in_a_sentence(db_path: Path) -> None:
    ro = open_database(db_path, readonly=True)
    store = AnnotationStore(ro)
    with pytest.raises(ReadOnlyDatabase, match="cannot be saved"):
        store.add_note("nam-accession", "x")
    ro.execute("PRAGMA query_only = ON")
    assert store.readonly
    with pytest.raises(ReadOnlyDatabase, match="read-only"):
        store.set_assessment("nam-accession", flagged=True)
    assert store.notes_for("nam-accession") == []
    ro.conn.close()


# --- export ------------------------------------------------------------------------------------


def test_the_json_export_carries_every_kind_of_annotation(store: AnnotationStore) -> None:
    from explorer.formats import json_format
    from explorer.formats.bundle import gather

    store.add_note("nam-accession", "A **note**")
    store.add_tag("nam-accession", "neutrality", color="#112233")
    store.set_assessment("nam-accession", flagged=True, stars=3, belarus="high")
    store.add_period("Nineties", "1990/1999", note="early years")
    store.add_link("union-state-1999", "nam-accession", "contradicts")
    data = json.loads(json_format.dumps(gather(store.db)))
    event = next(e for e in data["events"] if e["id"] == "nam-accession")
    assert [n["body"] for n in event["notes"]] == ["A **note**"]
    assert event["tags"] == ["neutrality"]
    assert event["assessment"] == {
        "flagged": True,
        "stars": 3,
        "belarus": "high",
        "russia": None,
        "west": None,
    }
    assert data["tags"] == [{"name": "neutrality", "color": "#112233"}]
    assert data["periods"] == [
        {"name": "Nineties", "date": "1990/1999", "note": "early years", "color": "#f2c94c"}
    ]
    assert data["links"] == [
        {"source": "union-state-1999", "target": "nam-accession", "type": "contradicts", "note": ""}
    ]

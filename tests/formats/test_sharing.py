"""Sharing annotations between two workspaces: Alice annotates, Bob imports her file, repeatedly."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.formats.share_format import read_share, write_share
from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.authorship import set_local_author
from explorer.store.changes import now
from explorer.store.sharing import author_changes, corpus_digest_of, merge_changes

E1 = "belarus-refuses-russian-airbase-2015"
E2 = "medvedev-airbase-implements-2009-agreements-2015"


def _workspace(corpus_db: Path, folder: Path, name: str) -> AnnotationStore:
    folder.mkdir()
    path = folder / "workspace.db"
    path.write_bytes(corpus_db.read_bytes())
    db = open_database(path)
    set_local_author(db, name)
    return AnnotationStore(db)


def _share(store: AnnotationStore, path: Path) -> Path:
    db = store.db
    return write_share(path, "Alice", corpus_digest_of(db), now(), author_changes(db))


def _state(store: AnnotationStore) -> dict[str, object]:
    """Everything a user sees of the annotations, with whose each is."""
    db = store.db
    return {
        "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
        "tracks": sorted(r[0] for r in db.execute("SELECT id FROM tracks")),
        "notes": sorted((n.event_id, n.author, n.body) for e in (E1, E2) for n in store.notes_for(e)),
        "tags": sorted(db.execute("SELECT event_id, tag, author FROM event_tags").fetchall()),
        "assessments": sorted(
            db.execute("SELECT event_id, flagged, stars, author FROM assessments").fetchall()
        ),
        "periods": sorted(db.execute("SELECT name, date, author FROM periods").fetchall()),
        "links": sorted(db.execute("SELECT source_event, target_event, type, author FROM links").fetchall()),
    }


def test_bob_sees_exactly_alices_current_annotations_on_his_corpus_events_and_his_own_stay(
    corpus_db: Path, tmp_path: Path
) -> None:
    alice = _workspace(corpus_db, tmp_path / "alice", "Alice")
    bob = _workspace(corpus_db, tmp_path / "bob", "Bob")
    before = _state(bob)
    bob_note = bob.add_note(E1, "Bob's own reading").after[0]
    bob.set_assessment(E2, stars=2)

    a_note = alice.add_note(E1, "Check the Minsk archives").after[0]
    doomed = alice.add_note(E2, "A second thought").after[0]
    alice.add_tag(E1, "airbase")
    alice.set_assessment(E1, flagged=True, stars=4)
    alice.set_assessment(E2, flagged=True)  # Bob rated E2 himself: his rating is kept, hers left out
    alice.add_period("Airbase dispute", "2013-04/2015-10")
    alice.add_link(E2, E1, "response to")
    share = _share(alice, tmp_path / "alice.ndjson")

    report = merge_changes(bob.db, read_share(share).changes)
    assert report.sentence() == (
        "2 notes, 1 tag, 1 rating, 1 period and 1 link from Alice added, 0 updated, 0 removed; "
        "1 left out because you already have the same on those events."
    )
    seen = _state(bob)
    assert seen["events"] == before["events"] and seen["tracks"] == before["tracks"]  # nothing doubled
    assert seen["notes"] == sorted(
        [(E1, "Alice", a_note.body), (E2, "Alice", doomed.body), (E1, "Bob", bob_note.body)]
    )
    assert (E1, 1, 4, "Alice") in seen["assessments"] and (E2, 0, 2, "Bob") in seen["assessments"]
    assert seen["tags"] == [(E1, "airbase", "Alice")]
    assert seen["periods"] == [("Airbase dispute", "2013-04/2015-10", "Alice")]
    assert seen["links"] == [(E2, E1, "response to", "Alice")]

    # importing the same file again changes nothing
    again = merge_changes(bob.db, read_share(share).changes)
    assert not again.changed and _state(bob) == seen

    # Alice edits one note, deletes another, untags and re-rates; Bob re-imports her new file
    alice.update_note(a_note.id, "Checked: the archives confirm it")
    alice.delete_note(doomed.id)
    alice.remove_tag(E1, "airbase")
    alice.set_assessment(E1, stars=5)
    share = _share(alice, tmp_path / "alice.ndjson")
    report = merge_changes(bob.db, read_share(share).changes)
    assert report.sentence().startswith("No annotations from Alice added, 2 updated, 2 removed")
    mine = [(n.author, n.body) for n in bob.notes_for(E1) if n.author == "Bob"]
    assert mine == [("Bob", bob_note.body)] and bob_note in bob.notes_for(E1)  # untouched, field by field
    alice_now = {k: [r for r in v if "Alice" in r] for k, v in _state(alice).items() if isinstance(v, list)}
    bob_now = {k: [r for r in v if "Alice" in r] for k, v in _state(bob).items() if isinstance(v, list)}
    # exactly her current state, but for her rating of E2, left out because Bob rated E2 himself
    alice_now["assessments"] = [r for r in alice_now["assessments"] if r[0] != E2]
    assert bob_now == alice_now
    assert (E2, 0, 2, "Bob") in _state(bob)["assessments"]


def test_annotations_on_events_bob_lacks_are_kept_detached_and_named(corpus_db: Path, tmp_path: Path) -> None:
    alice = _workspace(corpus_db, tmp_path / "alice", "Alice")
    bob = _workspace(corpus_db, tmp_path / "bob", "Bob")
    alice.add_note(E1, "on an event Bob's corpus no longer has")
    bob.db.execute("DELETE FROM events WHERE id = ?", [E1])
    report = merge_changes(bob.db, read_share(_share(alice, tmp_path / "a.ndjson")).changes)
    assert report.sentence() == (
        f"1 note from Alice added, 0 updated, 0 removed; 1 on events this workspace lacks kept ({E1})."
    )
    assert [o.event_id for o in bob.orphans()] == [E1]


def test_a_file_with_bad_lines_is_read_up_to_them_and_each_is_named(tmp_path: Path, fresh_db) -> None:
    path = tmp_path / "carol.ndjson"
    path.write_text(
        '{"format": "neutrality-annotations", "version": 1, "author": "Carol"}\n'
        '{"op": "put", "kind": "note", "uid": "u1", "author": "Carol", "modified": "2026", '
        '"event": {"id": "e1"}, "body": "kept"}\n'
        "not json\n"
        '{"op": "put", "kind": "note", "uid": "u2", "author": "Carol", "modified": "2026", "event": {"id": "e1"}}\n'
        '{"op": "put", "kind": "note", "uid": "u3"',
        encoding="utf-8",
    )
    read = read_share(path)
    assert [c.uid for c in read.changes] == ["u1"]
    assert read.problems == [
        "carol.ndjson: the last line is incomplete (still being synced?); it was left for later.",
        "carol.ndjson, line 3 is not valid JSON; it was skipped.",
        "carol.ndjson, line 4: the field “body” is missing or not text; it was skipped.",
    ]
    assert read.truncated and read.end == path.read_bytes().rfind(b"\n") + 1


@pytest.mark.parametrize(
    "first", ['{"format": "something else"}\n', '{"format": "neutrality-annotations", "version": 9}\n']
)
def test_a_file_that_is_not_a_share_file_is_refused_in_a_sentence(tmp_path: Path, first: str) -> None:
    path = tmp_path / "x.ndjson"
    path.write_text(first, encoding="utf-8")
    read = read_share(path)
    assert not read.header and not read.changes and len(read.problems) == 1 and "x.ndjson" in read.problems[0]


def test_the_author_filter_shows_the_events_each_colleague_annotated(corpus_db: Path, tmp_path: Path) -> None:
    from explorer.store.filters import Filter, facet_counts, filtered_ids

    alice = _workspace(corpus_db, tmp_path / "alice", "Alice")
    bob = _workspace(corpus_db, tmp_path / "bob", "Bob")
    alice.add_link(E2, E1, "same issue")
    bob.add_tag(E1, "mine")
    merge_changes(bob.db, read_share(_share(alice, tmp_path / "a.ndjson")).changes)
    assert sorted(filtered_ids(bob.db, Filter(author=("Alice",)))) == sorted([E1, E2])
    assert filtered_ids(bob.db, Filter(author=("Bob",))) == [E1]
    counts = {v.value: v.count for v in facet_counts(bob.db, Filter(), ["author"])["author"]}
    assert counts == {"Alice": 2, "Bob": 1}


def test_changing_a_colleagues_rating_makes_it_the_users_own(corpus_db: Path, tmp_path: Path) -> None:
    alice = _workspace(corpus_db, tmp_path / "alice", "Alice")
    bob = _workspace(corpus_db, tmp_path / "bob", "Bob")
    alice.set_assessment(E1, flagged=True)
    merge_changes(bob.db, read_share(_share(alice, tmp_path / "a.ndjson")).changes)
    theirs = bob.assessment_for(E1)
    bob.set_assessment(E1, stars=2)
    mine = bob.assessment_for(E1)
    assert theirs is not None and theirs.author == "Alice"
    assert (
        mine is not None
        and (mine.author, mine.flagged, mine.stars) == ("Bob", True, 2)
        and mine.uid != theirs.uid
    )
    assert [c.kind for c in author_changes(bob.db) if c.op == "put"] == ["assessment"]

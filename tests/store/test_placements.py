"""The user's placements on further lanes: one undoable step, only their own taken off, kept by a corpus merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore, InvalidAnnotation
from explorer.store.events import extra_tracks
from explorer.store.placements import USER_REASON, set_placements

AIRBASE = "belarus-refuses-russian-airbase-2015"  # on security, placed by the paper on foreign too


@pytest.fixture
def store(tmp_path: Path, worktree_corpus_db: Path):
    ws = tmp_path / "ws.db"
    ws.write_bytes(worktree_corpus_db.read_bytes())
    db = open_database(ws)
    yield AnnotationStore(db)
    db.conn.close()


def _two_security_events(store: AnnotationStore) -> list[str]:
    return [
        r[0]
        for r in store.db.execute(
            "SELECT id FROM events WHERE track = 'security' AND id NOT IN"
            " (SELECT event_id FROM event_extra_tracks) ORDER BY lo, id LIMIT 2"
        )
    ]


def test_putting_events_on_a_lane_and_taking_them_off_are_one_undoable_step_each(
    store: AnnotationStore,
) -> None:
    ids = _two_security_events(store)
    change = set_placements(store, ids, add=["foreign"])
    assert change.label == "Put 2 events also on “Foreign policy”"
    assert {i: extra_tracks(store.db, [i]).get(i) for i in ids} == {i: ["foreign"] for i in ids}
    off = set_placements(store, ids, remove=["foreign"])
    assert off.label == "Take 2 events off “Foreign policy”"
    assert extra_tracks(store.db, ids) == {}
    store.revert(off)
    assert len(extra_tracks(store.db, ids)) == 2
    store.revert(change)
    assert extra_tracks(store.db, ids) == {}


def test_the_home_lane_is_never_added_and_the_sources_placements_are_never_taken_off(
    store: AnnotationStore,
) -> None:
    (other,) = _two_security_events(store)[:1]
    change = set_placements(store, [AIRBASE, other], add=["security"])
    assert change.empty, "both are at home on security already"
    off = set_placements(store, [AIRBASE, other], remove=["foreign"])
    assert off.empty and off.label == "Keep 1 event on “Foreign policy”, where the source places them"
    assert extra_tracks(store.db, [AIRBASE]) == {AIRBASE: ["foreign"]}


def test_an_unknown_lane_or_event_changes_nothing(store: AnnotationStore) -> None:
    ids = _two_security_events(store)
    with pytest.raises(InvalidAnnotation, match="no lane “nowhere”"):
        set_placements(store, ids, add=["foreign", "nowhere"])
    with pytest.raises(InvalidAnnotation, match="no event with the id “gone”"):
        set_placements(store, [*ids, "gone"], add=["foreign"])
    assert extra_tracks(store.db, ids) == {}


def test_a_newer_corpus_keeps_the_users_placements(store: AnnotationStore, worktree_corpus_db: Path) -> None:
    from explorer.store.workspace import merge_corpus

    ids = _two_security_events(store)
    set_placements(store, ids, add=["foreign"])
    with store.db.atomic():
        store.db.execute("UPDATE meta SET value = 'older' WHERE key = 'corpus_digest'")
    report = merge_corpus(store.db, worktree_corpus_db)
    assert report.merged and report.changed == [], "the user's placements are not corpus changes"
    assert extra_tracks(store.db, ids) == {i: ["foreign"] for i in ids}
    reasons = {
        r[0] for r in store.db.execute("SELECT reason FROM event_extra_tracks WHERE event_id IN (?, ?)", ids)
    }
    assert reasons == {USER_REASON}
    assert extra_tracks(store.db, [AIRBASE]) == {AIRBASE: ["foreign"]}, (
        "and the corpus's own come back as before"
    )

"""Bulk annotation: one edit to many events is one transaction and one exactly undoable Change."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotation_helpers import ANNOTATION_TABLES, EVENTS, make_corpus, table_rows

from explorer.model.limits import MAX_TAGS_PER_EVENT
from explorer.store import UnknownEvent, open_database
from explorer.store.annotations import AnnotationStore, InvalidAnnotation
from explorer.store.bulk import BulkEdit, bulk_annotate, bulk_label, events_tagged, tagged_event_count

IDS = [e.id for e in EVENTS]


@pytest.fixture
def store(tmp_path: Path):
    db = open_database(make_corpus(tmp_path / "ws.db"))
    yield AnnotationStore(db)
    db.conn.close()


def _all(store: AnnotationStore) -> dict[str, list[tuple]]:
    return table_rows(store.db.conn, *ANNOTATION_TABLES)


def test_one_edit_tags_flags_rates_and_notes_every_event_and_one_revert_restores_all(
    store: AnnotationStore,
) -> None:
    store.add_tag(IDS[0], "airbase")  # one already has the tag: it keeps its row
    store.set_assessment(IDS[1], stars=5, russia="low")
    before = _all(store)
    edit = BulkEdit(
        add_tags=("Airbase", "review"), flagged=True, stars=2, importance={"west": "high"}, note="n"
    )
    change = bulk_annotate(store, IDS, edit)
    assert change.label == (
        "Tag 5 events “airbase”, “review”; flag 5 events; rate 5 events 2 stars; "
        "set the importance of 5 events; add a note to 5 events"
    )
    for eid in IDS:
        assert {t.name for t in store.tags_for(eid)} == {"airbase", "review"}
        a = store.assessment_for(eid)
        assert a is not None and (a.flagged, a.stars, a.west) == (True, 2, "high")
        assert [n.body for n in store.notes_for(eid)] == ["n"]
    assert store.assessment_for(IDS[1]).russia == "low"  # type: ignore[union-attr]
    after = _all(store)
    store.revert(change)
    assert _all(store) == before
    store.apply(change)
    assert _all(store) == after


def test_removing_tags_and_unflagging_drop_rows_and_nothing_to_do_is_empty(store: AnnotationStore) -> None:
    bulk_annotate(store, IDS[:3], BulkEdit(add_tags=("x",), flagged=True))
    change = bulk_annotate(store, IDS[:3], BulkEdit(remove_tags=("X",), flagged=False))
    assert change.label == "Remove tag “X” from 3 events; unflag 3 events"
    assert events_tagged(store.db, "x") == [] and store.counts()["assessments"] == 0
    assert bulk_annotate(store, IDS[:3], BulkEdit(flagged=False)).empty


def test_an_unknown_id_or_a_bad_value_changes_nothing(store: AnnotationStore) -> None:
    before = _all(store)
    with pytest.raises(UnknownEvent, match="“nope”.*nothing was changed"):
        bulk_annotate(store, [*IDS, "nope"], BulkEdit(add_tags=("t",)))
    with pytest.raises(InvalidAnnotation, match="from 0 to 5"):
        bulk_annotate(store, IDS, BulkEdit(stars=6))
    with pytest.raises(InvalidAnnotation, match="not a party"):
        bulk_annotate(store, IDS, BulkEdit(importance={"mars": "high"}))
    assert _all(store) == before


def test_the_tag_limit_per_event_refuses_the_whole_edit(store: AnnotationStore) -> None:
    many = tuple(f"t{i}" for i in range(MAX_TAGS_PER_EVENT))
    bulk_annotate(store, IDS[:1], BulkEdit(add_tags=many))
    before = _all(store)
    with pytest.raises(InvalidAnnotation, match="at most 200"):
        bulk_annotate(store, IDS, BulkEdit(add_tags=("one-more",)))
    assert _all(store) == before


def test_labels_count_events_and_tagged_events_are_counted_once(store: AnnotationStore) -> None:
    assert bulk_label(BulkEdit(add_tags=("airbase",)), 40) == "Tag 40 events “airbase”"
    assert bulk_label(BulkEdit(stars=0), 1) == "Clear the stars of 1 event"
    bulk_annotate(store, IDS[:1], BulkEdit(add_tags=("a", "b")))
    assert tagged_event_count(store.db) == 1

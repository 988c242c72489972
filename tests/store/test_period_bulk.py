"""Bulk "put in a period": a new period spans the selection, an existing one is widened, one revert undoes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore, InvalidAnnotation
from explorer.store.period_bulk import put_in_period


@pytest.fixture
def store(tmp_path: Path):
    db = open_database(make_corpus(tmp_path / "ws.db"))
    yield AnnotationStore(db)
    db.conn.close()


def test_a_new_name_makes_a_period_from_the_first_to_the_last_day_of_the_selection(
    store: AnnotationStore,
) -> None:
    change = put_in_period(store, ["nam-accession", "constitution-1994"], "Early years")
    assert [(p.name, p.date) for p in store.periods()] == [("Early years", "1994-03-15/1998-09-30")]
    assert change.label == "Add period “Early years” (1994-03-15/1998-09-30) over 2 events"
    store.revert(change)
    assert store.periods() == []


def test_an_existing_period_is_widened_on_the_short_side_only_and_undo_restores_its_dates(
    store: AnnotationStore,
) -> None:
    store.add_period("Nineties", "1995/1998")
    change = put_in_period(store, ["constitution-1994", "nam-accession"], "nineties")
    assert [(p.name, p.date) for p in store.periods()] == [("Nineties", "1994-03-15/1998")]
    assert change.label == "Widen period “Nineties” to 1994-03-15/1998 to cover 2 events"
    store.revert(change)
    assert [p.date for p in store.periods()] == ["1995/1998"]
    store.apply(change)
    assert [p.date for p in store.periods()] == ["1994-03-15/1998"]


def test_a_period_that_covers_the_selection_already_is_left_alone(store: AnnotationStore) -> None:
    store.add_period("All", "1990/2030")
    change = put_in_period(store, ["nam-accession", "referendum-2022"], "All")
    assert change.empty and change.label == "Period “All” already covers the 2 events"
    assert [p.date for p in store.periods()] == ["1990/2030"]


def test_unknown_ids_or_an_empty_name_change_nothing(store: AnnotationStore) -> None:
    with pytest.raises(InvalidAnnotation, match="not events; nothing was changed"):
        put_in_period(store, ["nam-accession", "no-such-event"], "Mine")
    with pytest.raises(InvalidAnnotation):
        put_in_period(store, ["nam-accession"], "   ")
    assert store.periods() == []

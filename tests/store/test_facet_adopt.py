"""Facet columns read on a worker's connection and adopted by the GUI's: the same counts as reading them
in place, the user's tags included at once, and a later tag still seen."""

from __future__ import annotations

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.filter_data import adopt, is_cached, load_elsewhere
from explorer.store.filters import Filter, facet_counts


def test_adopted_columns_count_as_a_fresh_read_and_follow_a_new_tag(make_db) -> None:
    path = make_db(
        [
            ("a", "2001-02-03", "foreign", "A"),
            ("b", "2002", "security", "B"),
            ("c", "2003-04", "security", "C"),
        ]
    )
    db = open_database(path)
    AnnotationStore(db).add_tag("a", "airbase")
    loaded = load_elsewhere(path)
    assert not is_cached(db)
    assert adopt(db, *loaded)
    fresh = open_database(path)
    assert facet_counts(db, Filter()) == facet_counts(fresh, Filter())
    assert [v.count for v in facet_counts(db, Filter())["tag"] if v.value == "airbase"] == [1]
    AnnotationStore(db).add_tag("b", "airbase")
    assert [v.count for v in facet_counts(db, Filter())["tag"] if v.value == "airbase"] == [2]
    assert not adopt(db, *loaded), "columns already there are kept"


def test_a_commit_after_the_worker_began_makes_adopt_check_the_corpus(make_db) -> None:
    """Unchanged since the worker began: adopted without counting the corpus. Events imported
    meanwhile (another corpus): refused, and the connection reads its own columns."""
    from explorer.model import Event
    from explorer.store.events import write_events
    from explorer.store.filter_data import change_key

    path = make_db([("a", "2001-02-03", "foreign", "A"), ("b", "2002", "security", "B")])
    db = open_database(path)
    before = change_key(db)
    loaded = load_elsewhere(path)
    with db.atomic():
        write_events(db, [Event(id="c", title="C", date="2003", track="security")])
    assert not adopt(db, *loaded, unchanged_since=before)
    assert not is_cached(db)
    assert [v.count for v in facet_counts(db, Filter())["track"] if v.value == "security"] == [2]
    db2 = open_database(path)
    key = change_key(db2)
    assert adopt(db2, *load_elsewhere(path), unchanged_since=key)


def test_long_number_columns_parse_a_slice_at_a_time_to_the_same_numbers(monkeypatch) -> None:
    """The worker parses group_concat columns in slices (so the GUI thread gets the GIL between
    them): cut anywhere, the numbers are those of one parse, negatives and the last one included."""
    import numpy as np

    from explorer.store import filter_data

    numbers = list(range(-40, 900, 7)) + [2**40, 5]
    text = ",".join(map(str, numbers))
    for chunk in (1, 3, 8, 50, len(text) - 1, len(text) + 5):
        monkeypatch.setattr(filter_data, "PARSE_CHUNK", chunk)
        assert filter_data._parse_ints(text).tolist() == numbers, chunk
    assert filter_data._parse_ints("").tolist() == []
    assert filter_data._parse_ints("42").dtype == np.int64

"""Facet filters: AND across facets, OR within, counts that ignore their own facet, annotations, JSON."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from explorer.model import Event, Importance, Theme, Track
from explorer.store import open_memory
from explorer.store.events import write_events, write_themes, write_tracks
from explorer.store.filters import (
    FACETS,
    Filter,
    FilterError,
    count_filtered,
    facet_counts,
    filtered_ids,
    filtered_nums,
    forget,
)
from explorer.store.fts import rebuild_fts


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


EVENTS = [
    Event("f1", "Minsk talks", "2001-05-10", "foreign", actors=["Belarus", "Russia"], themes=["energy"]),
    Event(
        "f2", "Oil from Venezuela", "2010-05", "foreign", actors=["Belarus", "Venezuela"], themes=["energy"]
    ),
    Event(
        "f3",
        "Non-recognition of Crimea",
        "2014/..",
        "foreign",
        actors=["Belarus", "Russia", "Ukraine"],
        importance=Importance(
            9, "Non-recognition of Crimea annexation since 2014", "mediate", "high", "high"
        ),
    ),
    Event("s1", "Air defence agreement", "2009", "security", actors=["Belarus", "Russia"], themes=["air"]),
    Event(
        "s2",
        "Refuge for Bakiev",
        "2010-04-20",
        "security",
        actors=["Kyrgyzstan"],
        importance=Importance(8, "Refuge for Bakiev after 2010", "low", "low", "low"),
    ),
    Event("c1", "Austrian neutrality", "1955", "context", actors=["Austria"], themes=["models"]),
]


@pytest.fixture
def db():
    """Six events on three tracks, with notes, tags and flags written as plain rows."""
    d = open_memory()
    with d.atomic():
        write_tracks(
            d,
            [
                Track("foreign", "Foreign policy", position=0),
                Track("security", "Security", position=1),
                Track("context", "Context", position=2),
            ],
        )
        write_themes(d, [Theme("energy", "Energy"), Theme("air", "Air defence"), Theme("models", "Models")])
        write_events(d, EVENTS)
        d.execute(
            "INSERT INTO notes (event_id, body, created, modified) VALUES ('f2', 'check the price', '', ''), ('f2', 'again', '', ''), ('s1', 'see 2009 treaty', '', ''), ('gone', 'orphan note', '', '')"
        )
        d.execute("INSERT INTO tags (name) VALUES ('later'), ('unused')")
        d.execute(
            "INSERT INTO event_tags (event_id, tag, created) VALUES ('f1', 'later', ''), ('s2', 'later', ''), ('gone', 'later', '')"
        )
        d.execute(
            "INSERT INTO assessments (event_id, flagged, modified) VALUES ('f3', 1, ''), ('s2', 1, ''), ('c1', 0, ''), ('gone', 1, '')"
        )
        rebuild_fts(d)
    yield d
    d.conn.close()


def counts(db, f: Filter, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in facet_counts(db, f)[facet]}


def test_an_empty_filter_passes_everything(db) -> None:
    assert Filter().is_empty()
    assert count_filtered(db, Filter()) == 6
    assert filtered_ids(db, Filter()) == ["c1", "f1", "s1", "s2", "f2", "f3"]


def test_values_within_a_facet_are_ored_and_facets_are_anded(db) -> None:
    assert set(filtered_ids(db, Filter(track=("foreign", "security")))) == {"f1", "f2", "f3", "s1", "s2"}
    assert set(filtered_ids(db, Filter(actor=("Russia", "Austria")))) == {"f1", "f3", "s1", "c1"}
    assert set(filtered_ids(db, Filter(track=("security",), actor=("Russia", "Austria")))) == {"s1"}
    assert set(filtered_ids(db, Filter(theme=("energy",), actor=("Venezuela",)))) == {"f2"}


def test_each_facet_is_counted_under_the_other_facets_only(db) -> None:
    f = Filter(track=("security",), actor=("Russia",))
    assert counts(db, f, "track") == {"foreign": 2, "security": 1, "context": 0}
    assert counts(db, f, "actor") == {"Belarus": 1, "Russia": 1, "Kyrgyzstan": 1}
    assert counts(db, f, "theme") == {"air": 1}
    assert counts(db, Filter(), "actor") == {
        "Belarus": 4,
        "Russia": 3,
        "Ukraine": 1,
        "Venezuela": 1,
        "Kyrgyzstan": 1,
        "Austria": 1,
    }


def test_counts_are_listed_in_a_useful_order_with_labels(db) -> None:
    listing = facet_counts(db, Filter())
    assert [v.value for v in listing["track"]] == ["foreign", "security", "context"]
    assert [tuple(v) for v in listing["track"]][0] == ("foreign", "Foreign policy", 3)
    assert [v.value for v in listing["actor"]][:2] == ["Belarus", "Russia"]
    assert [v.value for v in listing["precision"]] == ["day", "month", "year"]
    assert [v.label for v in listing["flagged"]] == ["flagged", "not flagged"]
    assert set(listing) == set(FACETS)


def test_date_range_keeps_events_whose_possible_range_overlaps(db) -> None:
    in_2010 = Filter(date_range=(_day("2010-01-01"), _day("2010-12-31")))
    assert set(filtered_ids(db, in_2010)) == {"f2", "s2"}
    # "2014/.." is open-ended: it overlaps any later range; "2009" overlaps a range touching 31 December 2009
    assert set(filtered_ids(db, Filter(date_range=(_day("2020-01-01"), _day("2020-01-02"))))) == {"f3"}
    assert set(filtered_ids(db, Filter(date_range=(_day("2009-12-31"), _day("2009-12-31"))))) == {"s1"}
    assert counts(db, in_2010, "track") == {"foreign": 1, "security": 1, "context": 0}


def test_date_precision_facet(db) -> None:
    assert set(filtered_ids(db, Filter(precision=("year",)))) == {"f3", "s1", "c1"}
    assert counts(db, Filter(track=("foreign",)), "precision") == {"day": 1, "month": 1, "year": 1}


def test_the_papers_importance_per_party(db) -> None:
    assert filtered_ids(db, Filter(importance_russia=("high",))) == ["f3"]
    assert set(filtered_ids(db, Filter(importance_belarus=("low", "mediate")))) == {"s2", "f3"}
    assert counts(db, Filter(), "importance_west") == {"low": 1, "high": 1}
    assert [v.value for v in facet_counts(db, Filter())["importance_belarus"]] == ["low", "mediate"]


def test_has_notes_ignores_notes_on_events_that_no_longer_exist(db) -> None:
    assert set(filtered_ids(db, Filter(notes=("yes",)))) == {"f2", "s1"}
    assert set(filtered_ids(db, Filter(notes=("no",)))) == {"f1", "f3", "s2", "c1"}
    assert set(filtered_ids(db, Filter(notes=("yes", "no")))) == {e.id for e in EVENTS}
    assert counts(db, Filter(), "notes") == {"yes": 2, "no": 4}


def test_flagged_counts_only_flags_that_are_set(db) -> None:
    assert set(filtered_ids(db, Filter(flagged=("yes",)))) == {"f3", "s2"}
    assert counts(db, Filter(track=("foreign",)), "flagged") == {"yes": 1, "no": 2}


def test_tags(db) -> None:
    assert set(filtered_ids(db, Filter(tag=("later",)))) == {"f1", "s2"}
    assert counts(db, Filter(), "tag") == {"later": 2, "unused": 0}


def test_the_same_filter_twice_is_worked_out_once_until_something_is_written(db, monkeypatch) -> None:
    """A click applies a filter and the search then asks for the same events: the second asking
    reuses the mask (10-20 ms at a million events), until the filter or the database changes."""
    from explorer.store import filters

    made: list[Filter] = []
    real = filters._masks
    monkeypatch.setattr(filters, "_masks", lambda d, f: (made.append(f), real(d, f))[1])
    flagged = Filter(flagged=("yes",))
    assert set(filtered_ids(db, flagged)) == {"f3", "s2"}
    assert (
        set(filtered_ids(db, Filter(flagged=("yes",)))) == {"f3", "s2"} and count_filtered(db, flagged) == 2
    )
    assert made == [flagged], "an equal filter is not worked out again"
    _, mask = filters.passing(db, flagged)
    with pytest.raises(ValueError):
        mask[0] = True  # (shared: nobody may change it)
    assert set(filtered_ids(db, Filter(flagged=("no",)))) == {"f1", "f2", "s1", "c1"} and len(made) == 2
    with db.atomic():
        db.execute("UPDATE assessments SET flagged = 1 WHERE event_id = 'c1'")
    assert set(filtered_ids(db, Filter(flagged=("no",)))) == {"f1", "f2", "s1"}, "a write is seen"
    assert len(made) == 3


def test_text_query_combines_with_facets(db) -> None:
    assert filtered_ids(db, Filter(query="crimea")) == ["f3"]
    assert set(filtered_ids(db, Filter(query="oil OR neutrality"))) == {"f2", "c1"}
    assert counts(db, Filter(query="oil OR neutrality"), "track") == {
        "foreign": 1,
        "security": 0,
        "context": 1,
    }
    assert count_filtered(db, Filter(query="***")) == 6  # nothing searchable: no text constraint


def test_a_selected_value_this_database_lacks_is_listed_with_zero(db) -> None:
    f = Filter(actor=("Nobody",))
    assert filtered_ids(db, f) == []
    assert ("Nobody", "Nobody", 0) in [tuple(v) for v in facet_counts(db, f)["actor"]]


def test_counts_follow_writes_to_annotations(db) -> None:
    assert counts(db, Filter(), "flagged")["yes"] == 2
    with db.atomic():
        db.execute("UPDATE assessments SET flagged = 1 WHERE event_id = 'c1'")
        db.execute("INSERT INTO notes (event_id, body, created, modified) VALUES ('c1', 'x', '', '')")
    assert counts(db, Filter(), "flagged")["yes"] == 3
    assert counts(db, Filter(), "notes")["yes"] == 3


def test_new_events_are_seen_after_a_write(db) -> None:
    assert count_filtered(db, Filter(track=("context",))) == 1
    with db.atomic():
        write_events(db, [Event("c2", "Swiss neutrality", "1815", "context")], start_position=10)
    assert count_filtered(db, Filter(track=("context",))) == 2
    forget(db)
    assert count_filtered(db, Filter(track=("context",))) == 2


def test_filtered_nums_are_ascending_rowids(db) -> None:
    nums = filtered_nums(db, Filter(track=("foreign",)))
    expected = [r[0] for r in db.execute("SELECT num FROM events WHERE track = 'foreign' ORDER BY num")]
    assert isinstance(nums, np.ndarray)
    assert nums.tolist() == expected


def test_filter_changes_return_copies() -> None:
    f = Filter().toggled("track", "foreign").toggled("track", "security").toggled("track", "foreign")
    assert f.track == ("security",)
    assert f.with_values("actor", ["A", "A", "B"]).actor == ("A", "B")
    assert f.cleared("track").is_empty()
    assert Filter(query="x", track=("a",)).cleared().is_empty()
    assert Filter(tag=("x",)).active_facets() == ["tag"]
    with pytest.raises(ValueError):
        f.values("colour")


def test_filter_json_round_trip() -> None:
    f = Filter(
        query="Lukashenko",
        date_range=(730000, 731000),
        track=("foreign",),
        flagged=("yes",),
        importance_west=("high",),
    )
    assert Filter.from_json(f.to_json()) == f
    assert Filter.from_dict({}) == Filter()
    assert "actor" not in f.to_dict()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"colour": ["red"]}, "colour"),
        ({"query": 3}, "query"),
        ({"date_range": [1]}, "date_range"),
        ({"date_range": [5, 1]}, "date_range"),
        ({"date_range": ["a", "b"]}, "date_range"),
        ({"track": "foreign"}, "track"),
        ({"actor": [1]}, "actor"),
        ({"flagged": ["maybe"]}, "flagged"),
    ],
)
def test_a_bad_filter_is_refused_naming_the_field(data: dict, field: str) -> None:
    with pytest.raises(FilterError, match=field):
        Filter.from_dict(data, where="view.json")


def test_bad_json_is_refused_in_a_sentence() -> None:
    with pytest.raises(FilterError, match="not valid JSON"):
        Filter.from_json("{", where="the filter")

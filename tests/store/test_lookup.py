"""Finding events while the user types, the event table's text for a block of rows and its sort keys."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.store import lookup, open_database
from explorer.store.lookup import events_containing, nums_of, row_texts, texts_in_order

EVENTS = [
    ("f-1", "2014-03-01", "foreign", "Talks in Minsk"),
    ("s-1", "2014-05", "security", "Joint 100% exercise"),
    ("f-2", "2015-02-12", "foreign", "Agreement signed in Minsk"),
]


def test_events_containing_a_text_come_in_date_order_with_their_total(make_db) -> None:
    db = open_database(make_db(EVENTS))
    nums, total = events_containing(db, "minsk", limit=1)
    assert total == 2 and nums_of(db, ["f-1"]).tolist() == nums
    assert events_containing(db, "100%", limit=10)[1] == 1, "% is a character here, not a wildcard"


def test_nums_of_keeps_the_order_given_and_marks_unknown_ids() -> None:
    from explorer.store import open_memory

    db = open_memory()
    assert nums_of(db, ["nope"]).tolist() == [-1]
    assert nums_of(db, []).tolist() == []


def test_row_texts_give_the_date_title_and_id_of_each_num_asked_for(make_db) -> None:
    db = open_database(make_db(EVENTS))
    f2, s1 = nums_of(db, ["f-2", "s-1"]).tolist()
    texts = row_texts(db, [f2, s1, 99999])
    assert set(texts) == {f2, s1}, "a num with no event is left out"
    edtf, _text, _precision, title, eid = texts[s1]
    assert (edtf, title, eid) == ("2014-05", "Joint 100% exercise", "s-1")
    assert row_texts(db, []) == {}


@pytest.mark.parametrize("scan_from", [1, 50_000], ids=["one pass over the table", "look-up per event"])
def test_texts_in_order_give_one_column_in_the_order_asked(make_db, monkeypatch, scan_from: int) -> None:
    monkeypatch.setattr(lookup, "_SCAN_FROM", scan_from)
    db = open_database(make_db(EVENTS))
    f1, s1, f2 = nums_of(db, ["f-1", "s-1", "f-2"]).tolist()
    asked = np.array([f2, s1, f1, f2, 99999], dtype=np.int64)  # any order, repeats, and a num with no event
    assert texts_in_order(db, asked, "title") == [
        "Agreement signed in Minsk",
        "Joint 100% exercise",
        "Talks in Minsk",
        "Agreement signed in Minsk",
        "",
    ]
    assert texts_in_order(db, asked, "date") == ["2015-02-12", "2014-05", "2014-03-01", "2015-02-12", ""]
    assert texts_in_order(db, asked, "precision") == ["day", "month", "day", "day", ""]
    assert texts_in_order(db, asked[:0], "title") == []
    with pytest.raises(ValueError):
        texts_in_order(db, asked, "title FROM events; --")  # only the table's sort columns, never SQL

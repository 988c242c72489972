"""Finding events while the user types, and the event table's text for a block of rows."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.store import open_database
from explorer.store.lookup import events_containing, nums_of, row_texts

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


def test_whole_text_gives_one_column_of_every_event_in_row_order(make_db) -> None:
    from explorer.store.columns import load_columns

    db = open_database(make_db(EVENTS))
    cols = load_columns(db)
    by_id = {"f-1": ("Talks in Minsk", "2014-03-01", "day"), "s-1": ("Joint 100% exercise", "2014-05", "month"),
             "f-2": ("Agreement signed in Minsk", "2015-02-12", "day")}  # fmt: skip
    ids = [str(i) for i in cols.ids[np.arange(len(cols))]]
    assert cols.whole_text("title").tolist() == [by_id[i][0] for i in ids]
    assert cols.whole_text("date").tolist() == [by_id[i][1] for i in ids]
    assert cols.whole_text("precision").tolist() == [by_id[i][2] for i in ids]
    assert cols.whole_text("id").tolist() == ids
    with pytest.raises(ValueError):
        cols.whole_text("title FROM events; --")  # only the columns it names, never SQL


def test_titles_of_most_rows_come_from_one_scan_and_of_a_few_by_num(make_db) -> None:
    from explorer.store.columns import load_columns

    db = open_database(make_db(EVENTS))
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    by_num = load_columns(db)
    one = by_num.titles.take(np.array([1]))  # a third of the rows: by num
    assert [s for s in statements if "json_each" in s] and not [
        s for s in statements if "coalesce(title" in s
    ]
    statements.clear()
    scanned = load_columns(db)
    scanned.titles.forget()
    every = scanned.titles.take(np.arange(len(scanned)))  # all of them: one scan
    assert [s for s in statements if "coalesce(title" in s] and not [
        s for s in statements if "json_each" in s
    ]
    db.conn.set_trace_callback(None)
    titles = {e[0]: e[3] for e in EVENTS}
    assert every.tolist() == [titles[str(i)] for i in scanned.ids[np.arange(len(scanned))]]
    assert one.tolist() == [every[1]]

"""Event columns: one query, date order, day numbers and flags that agree with the FuzzyDates."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model import Event, Track, parse_date
from explorer.store.columns import (
    APPROX,
    EXACT,
    INTERVAL,
    OPEN_END,
    OPEN_FADE_DAYS,
    load_columns,
    sorted_unique,
)
from explorer.store.events import write_events, write_tracks

DATES = [
    ("exact", "1996-11-27", "foreign"),
    ("month", "2010-04", "security"),
    ("season", "2015-23", "foreign"),
    ("circa", "2006~", "concepts"),
    ("decade-part", "2007~/2009~", "foreign"),
    ("period", "2010-05/2012-06", "security"),
    ("since", "2014/..", "foreign"),
    ("seventh", "0610", "concepts"),
    ("era", "0602/0629", "concepts"),
    ("postwar", "1945-05-09", "security"),
]


@pytest.fixture
def db(fresh_db):
    with fresh_db.atomic():
        write_tracks(
            fresh_db,
            [
                Track("security", "Security", position=1),
                Track("foreign", "Foreign", position=0),
                Track("concepts", "C", position=2),
            ],
        )
        write_events(fresh_db, [Event(id=i, title=f"Title {i}", date=d, track=t) for i, d, t in DATES])
    return fresh_db


def test_columns_hold_every_event_in_date_order(db):
    cols = load_columns(db)
    assert len(cols) == len(DATES)
    assert sorted(cols.ids.tolist()) == sorted(i for i, _, _ in DATES)
    assert np.all(np.diff(cols.lo) >= 0)
    assert cols.track_ids == ("foreign", "security", "concepts")
    assert cols.num.dtype == np.int64
    for arr in (cols.lo, cols.hi, cols.start_max, cols.end_min):
        assert arr.dtype == np.int32  # day numbers: half the memory at a million events
    assert cols.ids.dtype == object and cols.titles.dtype == object


@pytest.mark.parametrize(("event_id", "edtf", "track"), DATES)
def test_day_numbers_and_flags_agree_with_the_fuzzy_date(db, event_id, edtf, track):
    cols = load_columns(db)
    row = cols.index_of(event_id)
    f = parse_date(edtf)
    assert cols.lo[row] == f.start_min.toordinal() == f.lo
    assert cols.hi[row] == f.hi
    assert cols.start_max[row] == f.start_max.toordinal()
    assert cols.end_min[row] == f.end_min.toordinal()
    assert cols.track_ids[cols.lane[row]] == track
    assert cols.titles[row] == f"Title {event_id}"
    flags = int(cols.flags[row])
    assert bool(flags & EXACT) == f.exact_day
    assert bool(flags & APPROX) == (f.approximate or f.uncertain)
    assert bool(flags & OPEN_END) == f.open_end
    assert bool(flags & INTERVAL) == f.is_interval
    if f.open_end:
        assert cols.draw_hi[row] == f.start_max.toordinal() + OPEN_FADE_DAYS - 1
    else:
        assert cols.draw_hi[row] == f.hi


def test_lookups_by_id_and_lane(db):
    cols = load_columns(db)
    foreign = cols.lane_rows(cols.lane_of_track("foreign"))
    assert {cols.ids[r] for r in foreign} == {i for i, _, t in DATES if t == "foreign"}
    assert np.all(np.diff(cols.lo[foreign]) >= 0)
    assert cols.index_of("nope") is None
    mask = cols.mask_of(["exact", "nope", "since"])
    assert mask.sum() == 2 and set(cols.ids[mask]) == {"exact", "since"}
    assert cols.rows_of(["since", "exact"]).tolist() == [cols.index_of("since"), cols.index_of("exact")]
    lo, hi = cols.span()
    assert (
        lo == parse_date("0602/0629").lo
        and hi == parse_date("2014/..").start_max.toordinal() + OPEN_FADE_DAYS - 1
    )


def test_an_empty_database_gives_empty_columns(fresh_db):
    cols = load_columns(fresh_db)
    assert len(cols) == 0 and cols.span() is None and cols.track_ids == ()


def test_many_events_load_in_one_query(fresh_db):
    n = 20_000
    with fresh_db.atomic():
        write_tracks(fresh_db, [Track("foreign", "Foreign")])
        write_events(
            fresh_db,
            [
                Event(id=f"e{i}", title=f"E {i}", date=f"{1900 + i % 100}-{1 + i % 12:02d}", track="foreign")
                for i in range(n)
            ],
        )
    statements: list[str] = []
    fresh_db.conn.set_trace_callback(statements.append)
    cols = load_columns(fresh_db)
    fresh_db.conn.set_trace_callback(None)
    assert len(cols) == n
    assert sum("FROM events" in s for s in statements) == 1
    assert np.all(np.diff(cols.lo) >= 0)


def test_ids_and_titles_are_read_from_the_database_by_row(db):
    from explorer.store.columns import TextColumn

    cols = load_columns(db)
    assert isinstance(cols.titles, TextColumn) and isinstance(cols.ids, TextColumn)
    # the columns themselves hold only numbers
    assert all(getattr(cols, f).dtype != object for f in ("num", "lane", "lo", "hi", "flags"))
    everything = cols.ids.tolist()
    assert sorted(everything) == sorted(i for i, _, _ in DATES)
    assert cols.titles[-1] == f"Title {everything[-1]}"
    assert cols.titles[2:4].tolist() == [f"Title {e}" for e in everything[2:4]]
    mask = np.zeros(len(cols), dtype=bool)
    mask[[1, 5]] = True
    assert cols.ids[mask].tolist() == [everything[1], everything[5]]
    assert cols.ids[np.array([5, 1, 5])].tolist() == [everything[5], everything[1], everything[5]]
    with pytest.raises(IndexError):
        cols.ids[len(cols)]


def test_known_ids_keep_order_and_repeats_and_drop_unknown_ones(db):
    cols = load_columns(db)
    assert cols.known_ids(["since", "nope", "exact", "since"]) == ["since", "exact", "since"]
    assert cols.known_ids([]) == [] and cols.rows_of([]).tolist() == []


def test_many_ids_are_looked_up_with_one_scan(db, monkeypatch):
    from explorer.store import columns

    cols = load_columns(db)
    expected = cols.rows_of(["exact", "nope", "since"]).tolist()
    monkeypatch.setattr(columns, "WHOLE_COLUMN", 2)
    assert cols.rows_of(["exact", "nope", "since"]).tolist() == expected
    assert cols.known_ids(["nope", "since"]) == ["since"]
    assert cols.titles[np.arange(len(cols))].tolist() == [f"Title {e}" for e in cols.ids.tolist()]


@pytest.mark.parametrize("spread", [1, 3, 50])
def test_rows_of_nums_and_their_mask_find_each_num_s_row_dense_or_sparse(spread: int) -> None:
    """Dense nums (rowids 1..n, as in every database) go through an index by num, sparse ones through
    a sort: both give each known num's row, -1 for the others, and the mask marks exactly those rows."""
    from explorer.store.columns import empty_columns

    rng = np.random.default_rng(spread)
    n = 500
    cols = empty_columns(("a",))
    cols.num = rng.permutation(np.arange(1, n + 1) * spread)  # rows in date order, nums shuffled
    asked = np.concatenate([rng.choice(cols.num, 120), [0, -5, n * spread + 7, 2 * spread + 1]])
    rows = cols.rows_of_nums(asked)
    expected = [int(np.flatnonzero(cols.num == x)[0]) if x in cols.num else -1 for x in asked.tolist()]
    assert rows.tolist() == expected
    mask = cols.mask_of_nums(asked)
    assert np.flatnonzero(mask).tolist() == sorted({r for r in expected if r >= 0})


def test_a_few_nums_are_found_without_building_the_index_by_num() -> None:
    """Selecting an event asks for one or two rows: found by a scan, right, and the index by num
    (a million-entry array built on the GUI thread) is left for when many are asked."""
    from explorer.store.columns import empty_columns

    cols = empty_columns(("a",))
    cols.num = np.array([7, 3, 9, 1, 4])
    assert cols.rows_of_nums(np.array([9, 2, 1])).tolist() == [2, -1, 3]
    assert "_row_at_num" not in cols.__dict__
    assert cols.rows_of_nums(np.array([4, 7, 3, 9, 1])).tolist() == [4, 0, 1, 2, 3]
    assert "_row_at_num" in cols.__dict__


def test_an_id_asked_again_is_not_looked_up_again(db):
    """A selection asks half a dozen views for the same id's row: one query answers them all."""
    cols = load_columns(db)
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    rows = [cols.index_of("since") for _ in range(5)] + [cols.index_of("nope"), cols.index_of("nope")]
    db.conn.set_trace_callback(None)
    assert rows[:5] == [rows[0]] * 5 and cols.ids[rows[0]] == "since"
    assert rows[5:] == [None, None]
    assert sum("FROM events WHERE id" in s for s in seen) == 2


def test_text_columns_take_rows_slices_and_masks_as_an_array_would(db):
    """A selection of a few rows reads them without building an index of every row first; rows,
    negative rows, slices and masks name the same values as for a numpy array."""
    cols = load_columns(db)
    every = np.array(cols.ids.tolist(), dtype=object)
    mask = np.zeros(len(cols), dtype=bool)
    mask[[1, 4]] = True
    for key in ([2, 0], [-1], np.array([3, 3], dtype=np.int32), slice(1, 7, 2), slice(None, None, -3), mask):
        assert cols.ids[key].tolist() == every[key].tolist(), key
    assert cols.titles[[]].tolist() == []
    with pytest.raises(IndexError):
        cols.ids[[len(cols)]]


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint32, np.float64])
def test_sorted_unique_gives_what_np_unique_gives(dtype: type) -> None:
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 5, 300):
        values = rng.integers(0, 40, size).astype(dtype)
        if dtype is np.float64:
            values = values / 4.0 - 3.0
        got = sorted_unique(values)
        assert got.dtype == values.dtype
        assert got.tolist() == np.unique(values).tolist(), size


def test_each_title_s_length_is_read_with_the_numbers(fresh_db):
    titles = {"a": "Short", "b": "Zürich — über die Grenze", "c": "北京会议", "d": ""}
    with fresh_db.atomic():
        write_tracks(fresh_db, [Track("t", "T")])
        write_events(
            fresh_db, [Event(id=i, title=t, date="2001-02-03", track="t") for i, t in titles.items()]
        )
    cols = load_columns(fresh_db)
    assert cols.title_len is not None and cols.title_len.dtype == np.uint16
    # in row order, as Python counts characters (not UTF-8 bytes), without reading a title
    assert cols.title_len.tolist() == [len(titles[i]) for i in cols.ids.tolist()]
    statements: list[str] = []
    fresh_db.conn.set_trace_callback(statements.append)
    assert cols.title_lengths(np.array([0, 2])).tolist() == [
        len(titles[cols.ids[0]]),
        len(titles[cols.ids[2]]),
    ]
    fresh_db.conn.set_trace_callback(None)
    assert statements == []
    # columns made without the lengths (by hand, as some callers do) read the titles for them
    cols.title_len = None
    assert cols.title_lengths(np.arange(len(cols))).tolist() == [len(titles[i]) for i in cols.ids.tolist()]

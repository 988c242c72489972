"""The event table's order by a text: titles without regard to case, precisions finest first, EDTF as written."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.state.table_order import text_ranks


def _reader(columns: dict[str, list[str]]):
    return lambda name: np.array(columns[name], dtype=object)


def test_titles_are_ordered_without_regard_to_case_and_equal_ones_share_a_place() -> None:
    read = _reader({"title": ["beta", "Alpha", "ALPHA", "gamma", "Beta"]})
    assert text_ranks(read, "title").tolist() == [1, 0, 0, 2, 1]


def test_precisions_run_from_the_finest_and_an_unknown_one_comes_last() -> None:
    read = _reader({"precision": ["year", "day", "century", "something else", "month"]})
    ranks = text_ranks(read, "precision").tolist()
    assert sorted(range(5), key=ranks.__getitem__) == [1, 4, 0, 2, 3]


def test_edtf_is_ordered_as_written() -> None:
    read = _reader({"date": ["2015-02", "../1900", "2014", "2015-02"]})
    assert text_ranks(read, "date").tolist() == [2, 0, 1, 2]


def test_only_the_table_s_texts_are_read() -> None:
    with pytest.raises(ValueError, match="does not sort by"):
        text_ranks(_reader({}), "id; DROP TABLE events")

"""Every event's place in a text column's order, as the event table sorts by it (made on a thread)."""

from __future__ import annotations

import random
import threading

import numpy as np

from explorer.store import open_database
from explorer.store.text_ranks import PREFIX_BYTES, dense_ranks, read_column, whole_text_elsewhere


def _ranks_by_python(keys: list[str]) -> list[int]:
    """The ranks as Python's own sort orders strings: equal keys share one, the next key gets the next."""
    distinct = sorted(set(keys))
    place = {k: i for i, k in enumerate(distinct)}
    return [place[k] for k in keys]


def test_equal_keys_share_a_place_and_the_others_follow_in_order() -> None:
    assert dense_ranks(["b", "a", "c", "a", "b"]).tolist() == [1, 0, 2, 0, 1]
    assert dense_ranks([]).tolist() == []
    assert dense_ranks(["x"]).tolist() == [0]


def test_keys_alike_beyond_the_bytes_the_array_compares_are_ordered_by_the_whole_key() -> None:
    stem = "a" * (PREFIX_BYTES + 5)
    keys = [stem + "c", stem + "a", stem + "b", stem + "a", stem]
    assert dense_ranks(keys).tolist() == [3, 1, 2, 1, 0]


def test_a_key_ending_in_nul_is_not_the_key_without_it() -> None:
    # (numpy's byte strings drop trailing NUL bytes: "a" and "a\0" look alike there)
    keys = ["a\0", "a", "", "\0", "a\0\0", "a"]
    assert dense_ranks(keys).tolist() == _ranks_by_python(keys)


def test_ranks_follow_python_s_order_for_any_mix_of_scripts_lengths_and_ties() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", "A", "é", "ß", "中", "\U0001f600", " ", "\0", "z"]
    for _ in range(300):
        keys = []
        for _ in range(rng.randint(1, 80)):
            # lengths around the compared prefix, where a multi-byte character may be cut in two
            length = rng.choice(
                [0, 1, 3, PREFIX_BYTES // 4, PREFIX_BYTES // 2 - 1, PREFIX_BYTES - 1, PREFIX_BYTES + 9]
            )
            keys.append("".join(rng.choice(alphabet) for _ in range(length)))
        keys += rng.sample(keys, k=len(keys) // 3)  # ties
        rng.shuffle(keys)
        assert dense_ranks(keys).tolist() == _ranks_by_python(keys), keys


EVENTS = [
    ("f-1", "2014-03-01", "foreign", "Talks in Minsk"),
    ("s-1", "2014-05", "security", "A title with a \x1f unit separator"),
    ("f-2", "2015-02-12", "foreign", "Agreement signed in Minsk"),
]


def test_read_column_gives_every_event_s_num_and_text(make_db) -> None:
    db = open_database(make_db(EVENTS))
    nums, texts = read_column(db.conn, "title")
    assert sorted(texts) == sorted(t for *_, t in EVENTS)
    expected = {n: t for n, t in db.conn.execute("SELECT num, title FROM events")}
    assert dict(zip(nums.tolist(), texts, strict=True)) == expected


def test_a_thread_reads_the_same_column_through_a_connection_of_its_own(make_db) -> None:
    from explorer.store.columns import load_columns

    path = make_db(EVENTS)
    cols = load_columns(open_database(path))
    found: list[np.ndarray] = []
    reader = threading.Thread(target=lambda: found.append(whole_text_elsewhere(cols, path, "title")))
    reader.start()
    reader.join(10)
    assert len(found) == 1
    assert found[0].tolist() == cols.whole_text("title").tolist()
    assert "A title with a \x1f unit separator" in found[0].tolist()

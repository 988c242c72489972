"""Every event's place in the order of a text column, worked out in short turns of the GIL.

The event table sorts by a text column through each event's rank in that column's order (equal
texts share one). At a million events the texts took 1.5 s to read and 1.2 s to sort, in one piece:
Python's `sorted` holds the GIL for its whole run, so even on a thread of its own it froze the window.
Here the texts are read in blocks of rows (`read_column`) and ordered by numpy (`dense_ranks`), which
sorts byte strings without the GIL; Python only encodes the keys and settles the few ties the bytes
cannot, both in short runs. A thread can then do all of it while the window goes on drawing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from explorer.store.db import connect

if TYPE_CHECKING:
    from explorer.store.columns import EventColumns

#: Bytes of each key the array sort compares (the rest settles ties in Python): 64 MB at a million keys.
PREFIX_BYTES = 64
#: Keys encoded, or rows fetched, per turn: a few ms of Python, after which another thread may run.
CHUNK = 4_096


def dense_ranks(keys: Sequence[str]) -> np.ndarray:
    """Each key's place in sorted order (Python's order of strings), equal keys sharing one.

    The keys' UTF-8 bytes order as their code points do, so their first PREFIX_BYTES bytes go into a
    fixed-width numpy array and are sorted there. Keys whose prefixes are equal are equal keys, unless
    one of them is longer than the prefix (or ends in NUL, which numpy's byte strings drop): each such
    run of equal prefixes is put in order by its whole keys.
    """
    n = len(keys)
    if not n:
        return np.zeros(0, dtype=np.int32)
    prefixes = np.empty(n, dtype=f"S{PREFIX_BYTES}")
    cut = np.zeros(n, dtype=bool)  # keys the prefix does not hold whole
    for start in range(0, n, CHUNK):
        part = [k.encode("utf-8", "surrogatepass") for k in keys[start : start + CHUNK]]
        prefixes[start : start + len(part)] = part  # (numpy keeps the first PREFIX_BYTES bytes)
        cut[start : start + len(part)] = [len(b) >= PREFIX_BYTES or b.endswith(b"\0") for b in part]
    # equal keys get one rank whatever their order among themselves: no need for a stable sort
    order = np.argsort(prefixes)
    ordered = prefixes[order]
    same = ordered[1:] == ordered[:-1]
    del prefixes, ordered
    if same.any():
        # the runs of equal prefixes, order[starts[i]:ends[i]], and those holding a key cut short
        edges = np.diff(np.concatenate(([0], same.view(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) + 1
        cuts = np.concatenate(([0], np.cumsum(cut[order])))
        settle = cuts[ends] > cuts[starts]
        for a, b in zip(starts[settle].tolist(), ends[settle].tolist(), strict=True):
            run = sorted(order[a:b].tolist(), key=keys.__getitem__)
            order[a:b] = run
            texts = [keys[i] for i in run]
            same[a : b - 1] = [x == y for x, y in zip(texts, texts[1:], strict=False)]
    ranks = np.empty(n, dtype=np.int32)
    ranks[order] = np.concatenate(([0], np.cumsum(~same)))
    return ranks


def read_column(conn: sqlite3.Connection, column: str) -> tuple[np.ndarray, list[str]]:
    """Every event's num and value of one text column ("" for none), fetched CHUNK rows at a time.

    `column` must be a name the caller checked (it goes into the SQL). SQLite scans without the GIL;
    each fetch holds it only while it makes its rows (one query's whole text in one string, split in
    Python, held it for 0.1-0.2 s at a million events).
    """
    cursor = conn.execute(f"SELECT num, coalesce({column}, '') FROM events")
    nums: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    texts: list[str] = []
    while rows := cursor.fetchmany(CHUNK):
        # (block by block: a million Python ints made into one array held the GIL for 0.1 s)
        nums.append(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
        texts.extend(r[1] for r in rows)
    return np.concatenate(nums), texts


def whole_text_elsewhere(columns: EventColumns, path: Path, column: str) -> np.ndarray:
    """`columns.whole_text(column)` for a thread: read through a connection of its own on `path`, the
    database file the columns were read from, in one snapshot."""
    conn = connect(path, readonly=True)
    try:
        conn.execute("BEGIN")
        return columns.whole_text(column, conn)
    finally:
        conn.close()

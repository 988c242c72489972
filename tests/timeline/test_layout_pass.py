"""The lanes' layout on a zoom step, made faster, stays the layout it was: rows, labels and elisions.

The row packing is checked against the first fit written out plainly, on crowded and sparse random
lanes with ties; the lanes laid out together against each lane laid out on its own.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.timeline.lane_data import GAP, pack_rows


def _first_fit(ext0: np.ndarray, ext1_mark: np.ndarray, ext1_label: np.ndarray, nrows: int) -> np.ndarray:
    """The packing as specified: room for mark and label start, else for the mark, else least overlap."""
    rows = np.zeros(len(ext0), dtype=np.int64)
    if nrows <= 1:
        return rows
    ends = [-math.inf] * nrows
    for i in range(len(ext0)):
        s, em, el = float(ext0[i]), float(ext1_mark[i]), float(ext1_label[i])
        fits = [r for r in range(nrows) if ends[r] + GAP <= s]
        if fits:
            ends[fits[0]] = el
            rows[i] = fits[0]
            continue
        marks = [r for r in range(nrows) if ends[r] <= s]
        chosen = marks[0] if marks else min(range(nrows), key=lambda r: ends[r])
        ends[chosen] = max(ends[chosen], em)
        rows[i] = chosen
    return rows


@pytest.mark.parametrize("seed", range(12))
def test_rows_are_packed_as_the_plain_first_fit_packs_them(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for n, spread in ((0, 100.0), (1, 100.0), (40, 2000.0), (400, 1500.0), (900, 300.0), (300, 20.0)):
        # whole and half pixels, so that many items start where another row's item ends (ties)
        start = np.sort(np.round(rng.uniform(0.0, spread, n) * 2.0) / 2.0)
        period = rng.random(n) < 0.4
        mark_end = np.where(period, start + np.round(rng.exponential(30.0, n)), start + 10.0)
        label_end = np.maximum(mark_end, start + np.minimum(np.round(rng.uniform(0.0, 200.0, n)), 110.0))
        # a vague date's marker can begin left of the item before it: starts are not always sorted
        jitter = rng.random(n) < 0.1
        start[jitter] -= 15.0
        for nrows in (1, 2, 3, 8, 14):
            got = pack_rows(start, mark_end, label_end, nrows)
            assert got.dtype == np.int64
            assert got.tolist() == _first_fit(start, mark_end, label_end, nrows).tolist()

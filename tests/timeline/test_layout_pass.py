"""The lanes' layout on a zoom step, made faster, stays the layout it was: rows, labels and elisions.

The row packing is checked against the first fit written out plainly, on crowded and sparse random
lanes with ties; the lanes laid out together against each lane laid out on its own.
"""

from __future__ import annotations

import math
from pathlib import Path

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


# --- all lanes in one pass against each lane on its own ----------------------------------------

FIELDS = (
    "mode", "top", "height", "row_height", "idx", "x0", "x1", "sx", "ex", "cx", "y", "row", "period",
    "label_x", "label_w", "label_left", "density_days", "density_n", "a", "b", "vague", "rows_wanted",
)  # fmt: skip


def _label_widths(rows: np.ndarray) -> np.ndarray:
    """Label widths as the style gives them (float32), short and long, from the row alone (no fonts)."""
    return ((rows * 7919) % 251).astype(np.float32) + 8.0


def _columns(path: Path):
    import sqlite_utils

    from explorer.store.columns import load_columns

    return load_columns(sqlite_utils.Database(path))


def _windows(cols) -> list[tuple[float, float]]:
    """The bench's zoom/pan series round the busiest year, small pans at a deep zoom, and the whole span."""
    dated = cols.lo[np.isfinite(cols.lo)] if cols.lo.dtype.kind == "f" else cols.lo
    lo, hi = float(np.min(dated)), float(np.max(dated)) + 1.0
    c = float(np.median(dated))
    out = [(lo - 30.0, hi + 30.0)]
    for span in np.geomspace(36525.0, 7.0, 26).tolist():
        out += [
            (c - span / 2, c + span / 2),
            (c - span / 4, c + 3 * span / 4),
            (c - span / 5, c + 4 * span / 5),
        ]
    span = 80.0
    out += [(c + i * span * 0.01, c + span + i * span * 0.01) for i in range(6)]
    return out


def _compare(cols, selected_lane: int | None = None, width: float = 1320.0) -> dict[str, int]:
    """Lay every lane out over the windows both ways and assert equal frames.

    Returns how many frames compared were in detail, in detail with vaguely dated events counted and in
    density, and how many plans were made together for the sharp events of a crowd and with periods left out.
    """
    from explorer.timeline.lane_data import LaneData
    from explorer.timeline.layout import layout_lane, place_together
    from explorer.timeline.layout_pass import LaneJob, layout_lanes
    from explorer.timeline.zoom_plan import PlanCache

    lanes = [LaneData.build(cols, k) for k in range(len(cols.track_ids))]
    heights = [18.0 * (1 + (k * 5) % 11) + 4.0 for k in range(len(lanes))]
    tops = np.concatenate(([0.0], np.cumsum(heights)[:-1])).tolist()
    picked: list[np.ndarray | None] = [None] * len(lanes)
    if selected_lane is not None and len(lanes[selected_lane]):
        sel = np.zeros(len(lanes[selected_lane]), dtype=bool)
        sel[:: max(1, len(sel) // 5)] = True
        picked[selected_lane] = sel
    alone = [PlanCache() for _ in lanes]
    together = [PlanCache() for _ in lanes]
    left, row_h = 120.0, 18.0
    detail = vague = dense = 0
    sharp_plans: set[int] = set()
    left_out_plans: set[int] = set()
    for d0, d1 in _windows(cols):
        a = (width - left) / (d1 - d0)
        b = left - a * d0
        later_1: list = []
        one = [
            layout_lane(data, a, b, width, top, h, row_h, _label_widths, left, sel, plans, later_1)
            for data, top, h, sel, plans in zip(lanes, tops, heights, picked, alone, strict=True)
        ]
        place_together(later_1)
        later_2: list = []
        jobs = [LaneJob(*job) for job in zip(lanes, tops, heights, picked, together, strict=True)]
        two = layout_lanes(jobs, a, b, width, left, row_h, _label_widths, later_2)
        place_together(later_2)
        for f, g in zip(one, two, strict=True):
            for name in FIELDS:
                x, y = getattr(f, name), getattr(g, name)
                if isinstance(x, np.ndarray):
                    assert x.dtype == y.dtype and np.array_equal(x, y), (name, d0, d1)
                else:
                    assert x == y, (name, d0, d1)
            detail += f.mode == "detail" and len(f.idx) > 0
            vague += f.mode == "detail" and f.vague > 0
            dense += f.mode == "density"
        assert [p.builds for p in alone] == [p.builds for p in together]
        for cache in together:
            sharp_plans |= {id(plan) for plan in cache.plans if plan.key[2] is not None}
            left_out_plans |= {id(plan) for plan in cache.plans if plan.left_out}
    return {
        "detail": detail, "vague": vague, "dense": dense, "sharp": len(sharp_plans), "left_out": len(left_out_plans)
    }  # fmt: skip


def test_lanes_laid_out_together_are_laid_out_as_each_on_its_own(generated_db: Path) -> None:
    # 3,000 events in 20 lanes: density, crowds of vague dates, plans made and kept, labels elided
    seen = _compare(_columns(generated_db), selected_lane=3)
    assert seen["detail"] > 200 and seen["vague"] > 20 and seen["dense"] > 10 and seen["left_out"] > 20
    # narrower: more lanes crowded past their capacity
    seen = _compare(_columns(generated_db), selected_lane=5, width=420.0)
    assert seen["detail"] > 200 and seen["dense"] > 100 and seen["sharp"] >= 1


def test_the_corpus_laid_out_together_is_laid_out_as_each_lane_on_its_own(built_corpus: Path) -> None:
    assert _compare(_columns(built_corpus), selected_lane=0)["detail"] > 50


@pytest.mark.parametrize(("events", "dense_at_least"), [(1000, 0), (10000, 50)])
def test_the_bench_sizes_laid_out_together_are_laid_out_as_each_lane_on_its_own(
    tmp_path: Path, events: int, dense_at_least: int
) -> None:
    from explorer.bench.synth import generate

    generate(tmp_path / "s.db", events=events, lanes=20, seed=1)
    seen = _compare(_columns(tmp_path / "s.db"))
    assert seen["detail"] > 200 and seen["vague"] > 20 and seen["dense"] >= dense_at_least
    assert seen["left_out"] > 20

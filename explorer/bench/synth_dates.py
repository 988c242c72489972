"""Synthetic EDTF dates of every precision, with bursts, built vectorised with numpy."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from explorer.model import parse_date
from explorer.store.events import DATE_COLUMNS, date_columns

_EPOCH = date(1970, 1, 1).toordinal()
FIRST_DAY = date(1900, 1, 1).toordinal()
LAST_DAY = date(2025, 12, 31).toordinal()
#: Most events fall in the years the paper covers (independence on).
RECENT_DAY = date(1991, 1, 1).toordinal()

#: Share of events (outside bursts) per date form; normalised at use.
FORMS: dict[str, float] = {
    "day": 0.40,
    "day_uncertain": 0.02,
    "month": 0.14,
    "month_approx": 0.02,
    "season": 0.04,
    "subyear": 0.03,
    "year": 0.07,
    "year_approx": 0.03,
    "decade": 0.004,
    "century": 0.0005,
    "set": 0.005,
    "interval_day": 0.09,
    "interval_month": 0.06,
    "interval_year": 0.03,
    "decade_part": 0.005,
    "open_end": 0.006,
    "open_start": 0.002,
    "unknown_end": 0.002,
}
#: Share of all events that fall in bursts (many events in a few days).
BURST_SHARE = 0.08

#: The columns derived from a date, in the order of `bounds()`'s tuples.
BOUND_COLUMNS = DATE_COLUMNS


def _days_str(days: np.ndarray) -> list[str]:
    """'YYYY-MM-DD' for day numbers."""
    return np.datetime_as_string((days - _EPOCH).astype("datetime64[D]"), unit="D").tolist()


def _months_str(days: np.ndarray) -> list[str]:
    """'YYYY-MM' of the month holding each day number."""
    return np.datetime_as_string((days - _EPOCH).astype("datetime64[D]").astype("datetime64[M]")).tolist()


def _years(days: np.ndarray) -> np.ndarray:
    """The calendar year of each day number."""
    return (days - _EPOCH).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _pick_days(n: int, rng: np.random.Generator) -> np.ndarray:
    """Day numbers, a quarter spread over 1900-2025 and the rest over 1991-2025."""
    old = rng.random(n) < 0.25
    return np.where(
        old,
        rng.integers(FIRST_DAY, LAST_DAY + 1, size=n),
        rng.integers(RECENT_DAY, LAST_DAY + 1, size=n),
    )


def _form_strings(form: str, days: np.ndarray, rng: np.random.Generator) -> list[str]:
    """EDTF strings of one form for the given anchor days."""
    n = len(days)
    years = _years(days)
    if form == "day":
        return _days_str(days)
    if form == "day_uncertain":
        return [s + "?" for s in _days_str(days)]
    if form == "month":
        return _months_str(days)
    if form == "month_approx":
        return [s + "~" for s in _months_str(days)]
    if form == "season":
        codes = rng.integers(21, 25, size=n)
        return [f"{y:04d}-{c}" for y, c in zip(years.tolist(), codes.tolist(), strict=True)]
    if form == "subyear":
        codes = rng.integers(33, 42, size=n)
        return [f"{y:04d}-{c}" for y, c in zip(years.tolist(), codes.tolist(), strict=True)]
    if form == "year":
        return [f"{y:04d}" for y in years.tolist()]
    if form == "year_approx":
        return [f"{y:04d}~" for y in years.tolist()]
    if form == "decade":
        return [f"{y // 10:03d}X" for y in years.tolist()]
    if form == "century":
        return [f"{y // 100:02d}XX" for y in years.tolist()]
    if form == "set":
        return [f"[{y:04d},{y + 1:04d}]" for y in np.minimum(years, 2024).tolist()]
    if form == "interval_day":
        length = np.minimum(np.exp(rng.normal(3.0, 1.3, size=n)).astype(np.int64) + 1, 3000)
        ends = np.minimum(days + length, LAST_DAY)
        return [f"{a}/{b}" for a, b in zip(_days_str(days), _days_str(ends), strict=True)]
    if form == "interval_month":
        ends = np.minimum(days + rng.integers(31, 5 * 365, size=n), LAST_DAY)
        return [f"{a}/{b}" for a, b in zip(_months_str(days), _months_str(ends), strict=True)]
    if form == "interval_year":
        span = rng.integers(1, 16, size=n)
        return [f"{y:04d}/{min(y + s, 2025):04d}" for y, s in zip(years.tolist(), span.tolist(), strict=True)]
    if form == "decade_part":
        parts = ((0, 3), (4, 6), (7, 9))
        which = rng.integers(0, 3, size=n).tolist()
        return [
            f"{y - y % 10 + parts[w][0]:04d}~/{y - y % 10 + parts[w][1]:04d}~"
            for y, w in zip(np.minimum(years, 2019).tolist(), which, strict=True)
        ]
    if form == "open_end":
        months = _months_str(days)
        return [f"{m}/.." if i % 2 else f"{m[:4]}/.." for i, m in enumerate(months)]
    if form == "open_start":
        return [f"../{y:04d}~" if i % 2 else f"../{y:04d}" for i, y in enumerate(years.tolist())]
    if form == "unknown_end":
        return [f"{m}/" for m in _months_str(days)]
    raise ValueError(f"unknown date form {form}")


def synth_dates(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """n EDTF strings (every form present once n allows) and a burst id per event (-1: none)."""
    burst = np.full(n, -1, dtype=np.int64)
    out: list[str | None] = [None] * n
    n_burst = int(n * BURST_SHARE) if n >= 200 else 0
    order = rng.permutation(n)
    if n_burst:
        n_bursts = max(1, n_burst // 2500)
        # Heavy-tailed burst sizes: a few bursts hold thousands of events in a week.
        weights = rng.pareto(1.2, size=n_bursts) + 1.0
        sizes = np.floor(weights / weights.sum() * n_burst).astype(np.int64)
        sizes[0] += n_burst - sizes.sum()
        centres = rng.integers(RECENT_DAY, LAST_DAY - 30, size=n_bursts)
        spans = rng.integers(1, 8, size=n_bursts)
        which = np.repeat(np.arange(n_bursts), sizes)
        days = centres[which] + (rng.random(n_burst) * spans[which]).astype(np.int64)
        idx = order[:n_burst]
        burst[idx] = which
        for i, s in zip(idx.tolist(), _days_str(days), strict=True):
            out[i] = s
    rest = order[n_burst:]
    forms = list(FORMS)
    p = np.array([FORMS[f] for f in forms])
    choice = rng.choice(len(forms), size=len(rest), p=p / p.sum())
    # Every form at least once, so that small databases still exercise each kind of date.
    choice[: min(len(forms), len(rest))] = np.arange(min(len(forms), len(rest)))
    anchors = _pick_days(len(rest), rng)
    for k, form in enumerate(forms):
        sel = np.flatnonzero(choice == k)
        if not len(sel):
            continue
        for i, s in zip(rest[sel].tolist(), _form_strings(form, anchors[sel], rng), strict=True):
            out[i] = s
    return out, burst  # type: ignore[return-value]


def bounds(edtf: str) -> tuple[Any, ...]:
    """The stored columns of a date (see BOUND_COLUMNS), computed by explorer.model.parse_date."""
    return date_columns(parse_date(edtf))


def bounds_table(dates: list[str]) -> dict[str, tuple[Any, ...]]:
    """bounds() of each distinct date string (dates repeat a lot, so this is the cheap way)."""
    return {s: bounds(s) for s in dict.fromkeys(dates)}

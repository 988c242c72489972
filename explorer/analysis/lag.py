"""Lead and lag between two series, claiming only what the dates allow. No Qt.

Each follower event is paired with the leader event nearest to it (by anchor, the middle of the
possible start; on a tie the earlier one, and of several leader events on that anchor the one with
the narrowest possible start). A date such as "2014" does not say which day of 2014, so each pair
has an *earliest* and a *latest possible lag*, from the bounds of the two possible starts. A pair
counts as "later" or "earlier" only when every possible lag agrees; otherwise its order is unknown.
Lags in days or months are stated only for pairs whose two dates are known to a month or better,
and never with a fraction of a month; the other pairs are counted as left out, with why. The pairs
are numpy arrays (`LagArrays`); `LagPair` objects are made only when asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import numpy as np

__all__ = [
    "DAYS_PER_MONTH",
    "HOW_COMPUTED",
    "LagArrays",
    "LagPair",
    "LagStats",
    "LeadLag",
    "lag_stats",
    "lead_lag",
    "precision_of_width",
]

#: The average Gregorian month, for gaps in months.
DAYS_PER_MONTH = 365.2425 / 12
#: Bounds of one event's possible start: (earliest day, latest day) as day numbers.
Bounds = Mapping[str, tuple[float, float]]

#: The short note behind the "How is this computed?" button of the compare view.
HOW_COMPUTED = (
    "Each step of a series is paired with the nearest step of the first series, by the middle of "
    "its possible start. A date such as “2014” allows any day of 2014, so every pair has an earliest "
    "and a latest possible lag. A step counts as later or earlier only when every possible lag "
    "agrees; otherwise the order is unknown (the dates overlap). Lags in days or months are given "
    "only for pairs whose two dates are known to a month or better, in whole months (or days when "
    "both are exact days); the other pairs are counted as left out. The sentence, the cumulative "
    "line and the density headers count the same events."
)

# Widths of a possible start, in days, up to which a date counts as that precision.
_PRECISIONS = ((1, "day"), (31, "month"), (92, "season"), (184, "half-year"), (366, "year"))


def precision_of_width(days: float) -> str:
    """The precision a possible start of this many days stands for ('day' … 'year', 'multi-year')."""
    for limit, name in _PRECISIONS:
        if days <= limit:
            return name
    return "multi-year"


_RANK = {name: i for i, (_, name) in enumerate(_PRECISIONS)} | {"multi-year": len(_PRECISIONS)}


@dataclass(frozen=True)
class LagPair:
    """A follower event, the nearest leader event and the bounds of both possible starts."""

    event_id: str
    day: float
    previous_id: str
    previous_day: float
    lo: float = float("nan")
    hi: float = float("nan")
    previous_lo: float = float("nan")
    previous_hi: float = float("nan")

    @property
    def gap_days(self) -> float:
        """Days from the leader's anchor to this one's (negative when this one is earlier)."""
        return self.day - self.previous_day

    @property
    def lag_min(self) -> float:
        """The earliest possible lag in days (this event as early, the leader's as late as allowed)."""
        return (self.day if np.isnan(self.lo) else self.lo) - (
            self.previous_day if np.isnan(self.previous_hi) else self.previous_hi
        )

    @property
    def lag_max(self) -> float:
        """The latest possible lag in days."""
        return (self.day if np.isnan(self.hi) else self.hi) - (
            self.previous_day if np.isnan(self.previous_lo) else self.previous_lo
        )

    @property
    def order(self) -> str:
        """'later', 'earlier' or 'unknown': what every possible day of both dates agrees on."""
        if self.lag_min > 0:
            return "later"
        if self.lag_max < 0:
            return "earlier"
        return "unknown"

    def _width(self, lo: float, hi: float) -> float:
        return 1.0 if np.isnan(lo) or np.isnan(hi) else hi - lo + 1

    @property
    def precision(self) -> str:
        """The coarser precision of the two dates."""
        a = precision_of_width(self._width(self.lo, self.hi))
        b = precision_of_width(self._width(self.previous_lo, self.previous_hi))
        return a if _RANK[a] >= _RANK[b] else b

    @property
    def month_or_better(self) -> bool:
        """Both dates are known to a month or better."""
        return _RANK[self.precision] <= _RANK["month"]


@dataclass(frozen=True, eq=False)
class LagArrays:
    """The pairs of a LagStats as parallel arrays (one entry per follower event that has a leader)."""

    follower: np.ndarray  # index into the follower series
    leader: np.ndarray  # index into the leader series
    day: np.ndarray
    previous_day: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    previous_lo: np.ndarray
    previous_hi: np.ndarray

    def __len__(self) -> int:
        return len(self.day)

    @cached_property
    def lag_min(self) -> np.ndarray:
        """Each pair's earliest possible lag in days."""
        return np.where(np.isnan(self.lo), self.day, self.lo) - np.where(
            np.isnan(self.previous_hi), self.previous_day, self.previous_hi
        )

    @cached_property
    def lag_max(self) -> np.ndarray:
        """Each pair's latest possible lag in days."""
        return np.where(np.isnan(self.hi), self.day, self.hi) - np.where(
            np.isnan(self.previous_lo), self.previous_day, self.previous_lo
        )

    @cached_property
    def order(self) -> np.ndarray:
        """0 later, 1 earlier, 2 unknown, per pair (see LagPair.order)."""
        return np.where(self.lag_min > 0, 0, np.where(self.lag_max < 0, 1, 2))

    @cached_property
    def rank(self) -> np.ndarray:
        """The rank in _PRECISIONS (multi-year last) of each pair's coarser date."""
        return np.maximum(_ranks(self.lo, self.hi), _ranks(self.previous_lo, self.previous_hi))


_ORDERS = ("later", "earlier", "unknown")
_NAMES = tuple(name for _, name in _PRECISIONS) + ("multi-year",)
_LIMITS = np.array([limit for limit, _ in _PRECISIONS], dtype=float)


def _widths(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Days each possible start spans (an unknown bound counts as a single day)."""
    return np.where(np.isnan(lo) | np.isnan(hi), 1.0, hi - lo + 1)


def _ranks(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Precision ranks of possible starts."""
    return np.searchsorted(_LIMITS, _widths(lo, hi), side="left")


@dataclass(frozen=True, eq=False)
class LagStats:
    """Each follower event against the nearest leader event, with what the dates allow."""

    leader: str
    follower: str
    leader_label: str
    follower_label: str
    arrays: LagArrays
    #: The follower's events when the leader has none (nothing to pair them with).
    unmatched: Sequence[str]
    #: Undated records of either series, left out: they have no date to pair.
    undated: int = 0
    #: The two series' ids, read only when a pair is asked for by index (`pair`, `pairs`).
    follower_ids: Sequence[str] = ()
    leader_ids: Sequence[str] = ()

    @classmethod
    def from_pairs(
        cls, leader: str, follower: str, leader_label: str, follower_label: str, pairs: Sequence[LagPair]
    ) -> LagStats:
        """Stats of pairs made elsewhere (a test, a hand-made example)."""
        col = lambda name: np.array([getattr(p, name) for p in pairs], dtype=float)  # noqa: E731
        at = np.arange(len(pairs))
        arrays = LagArrays(
            at,
            at,
            col("day"),
            col("previous_day"),
            col("lo"),
            col("hi"),
            col("previous_lo"),
            col("previous_hi"),
        )
        f_ids = tuple(p.event_id for p in pairs)
        l_ids = tuple(p.previous_id for p in pairs)
        return cls(leader, follower, leader_label, follower_label, arrays, (), 0, f_ids, l_ids)

    @property
    def n(self) -> int:
        """Pairs: every follower event when the leader has any event."""
        return len(self.arrays)

    def pair(self, k: int) -> LagPair:
        """The k-th pair (in the follower's order)."""
        a = self.arrays
        return LagPair(
            self.follower_ids[int(a.follower[k])], float(a.day[k]),
            self.leader_ids[int(a.leader[k])], float(a.previous_day[k]),
            float(a.lo[k]), float(a.hi[k]), float(a.previous_lo[k]), float(a.previous_hi[k]),
        )  # fmt: skip

    @cached_property
    def pairs(self) -> tuple[LagPair, ...]:
        """Every pair as a LagPair (built when asked: a million of them take seconds)."""
        return tuple(self.pair(k) for k in range(self.n))

    @property
    def gaps_days(self) -> np.ndarray:
        """The gaps between anchors in days, in the follower's order (what the plot draws)."""
        return self.arrays.day - self.arrays.previous_day

    def orders(self) -> dict[str, int]:
        """How many pairs are certainly later, certainly earlier, or of unknown order."""
        counts = np.bincount(self.arrays.order, minlength=3)
        return {k: int(counts[i]) for i, k in enumerate(_ORDERS)}

    def precisions(self) -> Counter[str]:
        """How many pairs have each (coarser) precision, in the order each first occurs."""
        ranks = self.arrays.rank
        present, first, counts = np.unique(ranks, return_index=True, return_counts=True)
        by_first = np.argsort(first, kind="stable")
        return Counter({_NAMES[int(present[i])]: int(counts[i]) for i in by_first})

    def _fine(self) -> np.ndarray:
        return self.arrays.rank <= _RANK["month"]

    def fine_pairs(self) -> tuple[LagPair, ...]:
        """The pairs whose two dates are known to a month or better."""
        return tuple(self.pair(int(k)) for k in np.flatnonzero(self._fine()))

    def summary(self, unit: str = "months") -> dict[str, Any] | None:
        """Median earliest and latest possible lag of the month-or-better pairs, in whole units.

        Whole months (or days when every such pair is dated to the day); None without such pairs.
        """
        fine = self._fine()
        n = int(fine.sum())
        if not n:
            return None
        a = self.arrays
        days = bool((a.rank[fine] == _RANK["day"]).all()) or unit == "days"
        scale = 1.0 if days else DAYS_PER_MONTH
        lo = float(np.median(a.lag_min[fine])) / scale
        hi = float(np.median(a.lag_max[fine])) / scale
        return {"unit": "days" if days else "months", "low": round(lo), "high": round(hi), "n": n}

    def _precision_words(self) -> str:
        counts = self.precisions().most_common()
        top, k = counts[0]
        if len(counts) == 1:
            return f"given {top}-level dates"
        return f"dates mostly {top}-level ({k} of {self.n} pairs)"

    def _undated_words(self) -> str:
        n = self.undated
        return f" {n} undated record{'s' if n != 1 else ''} left out." if n else ""

    def sentence(self) -> str:
        """The finding at the data's precision: counts of later, earlier and unknown order."""
        return self._sentence() + self._undated_words()

    def _sentence(self) -> str:
        f, lead = self.follower_label, self.leader_label
        if not self.n:
            k = len(self.unmatched)  # the follower's steps, when the leader has none to set them against
            if k:
                them = f"the {f} step" if k == 1 else f"the {k:,} {f} steps"
                return _cap(f"No {lead} step to set {them} against.")
            return _cap(f"No {f} step to set against a {lead} step.")
        o = self.orders()
        a = self.arrays
        unknown = a.order == 2
        why = "same day" if bool((a.rank[unknown] == _RANK["day"]).all()) else "possible dates overlap"
        return _cap(
            f"{f} steps vs the nearest {lead} step: order unknown in {o['unknown']} of {self.n} pairs "
            f"({why}); {f} later in {o['later']}, earlier in {o['earlier']}; {self._precision_words()}."
        )

    def detail(self) -> str:
        """The lag in time units, from the month-or-better pairs only, and how many were left out."""
        left = self.n - int(self._fine().sum())
        s = self.summary()
        if s is None:
            if not self.n:
                return ""
            return (
                f"No lag in months is given: no pair has both dates to a month or better ({left} left out)."
            )
        unit = s["unit"] if max(abs(s["low"]), abs(s["high"])) != 1 else s["unit"][:-1]
        if s["low"] == s["high"]:
            span = f"lag is {_signed(s['low'])} {unit}"
        else:
            span = f"possible lag runs from {_signed(s['low'])} to {_signed(s['high'])} {unit}"
        out = (
            f"In the {s['n']} pair{'s' if s['n'] != 1 else ''} dated to a month or better, the median "
            f"{span} (positive: {self.follower_label} later)"
        )
        if left:
            out += f"; {left} pair{'s' if left != 1 else ''} left out, dated more coarsely than a month"
        return out + "."

    def to_csv_rows(self) -> list[list[Any]]:
        """One row per pair, with the anchors and the earliest and latest possible lag."""
        from explorer.analysis.compare import day_iso

        rows: list[list[Any]] = []
        for p in self.pairs:
            rows.append(
                [self.leader, self.follower, p.event_id, day_iso(p.day), p.previous_id,
                 day_iso(p.previous_day), round(p.gap_days, 1), round(p.gap_days / DAYS_PER_MONTH, 2),
                 round(p.lag_min), round(p.lag_max), p.order, p.precision]
            )  # fmt: skip
        return rows


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("0" if n == 0 else f"−{-n}")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, eq=False)
class LeadLag:
    """Both directions: b against a (`forward`) and a against b (`backward`)."""

    forward: LagStats
    backward: LagStats

    def sentences(self) -> list[str]:
        """One sentence per direction."""
        return [self.forward.sentence(), self.backward.sentence()]

    def to_csv_rows(self) -> list[list[Any]]:
        """Header and one row per pair of both directions."""
        head = ["leader", "follower", "event_id", "date", "previous_id", "previous_date", "gap_days",
                "gap_months", "lag_min_days", "lag_max_days", "order", "precision"]  # fmt: skip
        return [head, *self.forward.to_csv_rows(), *self.backward.to_csv_rows()]


class _SeriesLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def ids(self) -> Sequence[str]: ...
    @property
    def days(self) -> np.ndarray: ...


def _bounds_of(s: _SeriesLike, bounds: Bounds | None) -> tuple[np.ndarray, np.ndarray]:
    """Each event's possible start (nan where unknown): from `bounds` by id, else the series' own."""
    if bounds is None:
        own = getattr(s, "bounds", None)
        if own is not None:
            lo, hi = own
            return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
        bounds = {}
    nan = (float("nan"), float("nan"))
    pairs = np.array([bounds.get(i, nan) for i in s.ids], dtype=float).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _nearest(days: np.ndarray, width: np.ndarray, at: np.ndarray) -> np.ndarray:
    """For each day of `at`, the index of the nearest of the sorted `days` (on a tie, the earlier).

    Among leader events on the same anchor day, the one with the narrowest possible start (the
    best dated) is taken, then the first in the series' order, so the pairing does not depend on
    how events of one day happen to be ordered.
    """
    n = len(days)
    k = np.searchsorted(days, at, side="right")
    before = np.clip(k - 1, 0, n - 1)
    after = np.clip(k, 0, n - 1)
    take_before = (k == n) | ((k > 0) & (at - days[before] <= days[after] - at))
    j = np.where(take_before, before, after)
    # the group of equal days each leader index belongs to, and each group's best-dated member
    starts = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
    group = np.cumsum(np.r_[True, days[1:] != days[:-1]]) - 1
    by_width = np.lexsort((np.arange(n), width, group))
    best = by_width[np.searchsorted(group[by_width], np.arange(len(starts)))]
    return best[group[j]]


def _undated_count(a: _SeriesLike, b: _SeriesLike) -> int:
    """Undated records of either series (once each); series from the store know theirs."""
    ua, ub = getattr(a, "undated", ()), getattr(b, "undated", ())
    rows_a, rows_b = getattr(ua, "rows", None), getattr(ub, "rows", None)
    if rows_a is not None and rows_b is not None:
        return len(np.union1d(rows_a, rows_b))
    return len(set(ua) | set(ub))


def lag_stats(leader: _SeriesLike, follower: _SeriesLike, bounds: Bounds | None = None) -> LagStats:
    """Each follower event against the nearest leader event; `bounds` gives possible starts by id.

    Without `bounds`, a series that carries its own (`Series.bounds`) is used; else bounds are unknown.
    """
    l_days = np.asarray(leader.days, dtype=float)
    f_days = np.asarray(follower.days, dtype=float)
    f_lo, f_hi = _bounds_of(follower, bounds)
    if len(l_days) and len(f_days):
        l_lo, l_hi = _bounds_of(leader, bounds)
        j = _nearest(l_days, _widths(l_lo, l_hi), f_days)
        i = np.arange(len(f_days))
        arrays = LagArrays(i, j, f_days, l_days[j], f_lo, f_hi, l_lo[j], l_hi[j])
        unmatched: Sequence[str] = ()
    else:
        none = np.zeros(0, dtype=int)
        empty = np.zeros(0, dtype=float)
        arrays = LagArrays(none, none, empty, empty, empty, empty, empty, empty)
        unmatched = follower.ids if not len(l_days) else ()  # (not read: a RowIds reads on demand)
    return LagStats(
        leader.key, follower.key, leader.label, follower.label, arrays, unmatched,
        _undated_count(leader, follower), follower.ids, leader.ids,
    )  # fmt: skip


def lead_lag(a: _SeriesLike, b: _SeriesLike, bounds: Bounds | None = None) -> LeadLag:
    """b measured against a, and a measured against b."""
    return LeadLag(lag_stats(a, b, bounds), lag_stats(b, a, bounds))

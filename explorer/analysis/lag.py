"""Lead and lag between two series, claiming only what the dates allow. No Qt.

Each follower event is paired with the leader event nearest to it (by anchor, the middle of the
possible start; on a tie the earlier one). A date such as "2014" does not say which day of 2014, so
each pair has an *earliest* and a *latest possible lag*, from the bounds of the two possible starts.
A pair counts as "later" or "earlier" only when every possible lag agrees; otherwise its order is
unknown. Lags in days or months are stated only for pairs whose two dates are known to a month or
better, and never with a fraction of a month; the other pairs are counted as left out, with why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

__all__ = [
    "DAYS_PER_MONTH",
    "HOW_COMPUTED",
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
class LagStats:
    """Each follower event against the nearest leader event, with what the dates allow."""

    leader: str
    follower: str
    leader_label: str
    follower_label: str
    pairs: tuple[LagPair, ...]
    unmatched: tuple[str, ...]
    #: Undated records of either series, left out: they have no date to pair.
    undated: int = 0

    @property
    def n(self) -> int:
        """Pairs: every follower event when the leader has any event."""
        return len(self.pairs)

    @property
    def gaps_days(self) -> np.ndarray:
        """The gaps between anchors in days, in the follower's order (what the plot draws)."""
        return np.array([p.gap_days for p in self.pairs], dtype=float)

    def orders(self) -> dict[str, int]:
        """How many pairs are certainly later, certainly earlier, or of unknown order."""
        c = Counter(p.order for p in self.pairs)
        return {k: c.get(k, 0) for k in ("later", "earlier", "unknown")}

    def precisions(self) -> Counter[str]:
        """How many pairs have each (coarser) precision."""
        return Counter(p.precision for p in self.pairs)

    def fine_pairs(self) -> tuple[LagPair, ...]:
        """The pairs whose two dates are known to a month or better."""
        return tuple(p for p in self.pairs if p.month_or_better)

    def summary(self, unit: str = "months") -> dict[str, Any] | None:
        """Median earliest and latest possible lag of the month-or-better pairs, in whole units.

        Whole months (or days when every such pair is dated to the day); None without such pairs.
        """
        fine = self.fine_pairs()
        if not fine:
            return None
        days = all(p.precision == "day" for p in fine) or unit == "days"
        scale = 1.0 if days else DAYS_PER_MONTH
        lo = float(np.median([p.lag_min for p in fine])) / scale
        hi = float(np.median([p.lag_max for p in fine])) / scale
        return {"unit": "days" if days else "months", "low": round(lo), "high": round(hi), "n": len(fine)}

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
        if not self.pairs:
            return _cap(f"No {f} step to set against a {lead} step.")
        o = self.orders()
        unknown = [p for p in self.pairs if p.order == "unknown"]
        why = "same day" if all(p.precision == "day" for p in unknown) else "possible dates overlap"
        return _cap(
            f"{f} steps vs the nearest {lead} step: order unknown in {o['unknown']} of {self.n} pairs "
            f"({why}); {f} later in {o['later']}, earlier in {o['earlier']}; {self._precision_words()}."
        )

    def detail(self) -> str:
        """The lag in time units, from the month-or-better pairs only, and how many were left out."""
        left = self.n - len(self.fine_pairs())
        s = self.summary()
        if s is None:
            if not self.pairs:
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
    def ids(self) -> tuple[str, ...]: ...
    @property
    def days(self) -> np.ndarray: ...


def lag_stats(leader: _SeriesLike, follower: _SeriesLike, bounds: Bounds | None = None) -> LagStats:
    """Each follower event against the nearest leader event; `bounds` gives possible starts by id."""
    b = bounds or {}
    nan = (float("nan"), float("nan"))
    pairs, unmatched = [], []
    n = len(leader.days)
    for i, day in enumerate(follower.days):
        if n == 0:
            unmatched.append(follower.ids[i])
            continue
        k = int(np.searchsorted(leader.days, day, side="right"))
        # the nearer of the leader events either side; on a tie, the earlier one
        j = k - 1 if k == n or (k > 0 and day - leader.days[k - 1] <= leader.days[k] - day) else k
        fid, lid = follower.ids[i], leader.ids[j]
        lo, hi = b.get(fid, nan)
        plo, phi = b.get(lid, nan)
        pairs.append(LagPair(fid, float(day), lid, float(leader.days[j]), lo, hi, plo, phi))
    # series from the store know their undated records (synthetic ones may not)
    undated = len(set(getattr(leader, "undated", ())) | set(getattr(follower, "undated", ())))
    return LagStats(
        leader.key, follower.key, leader.label, follower.label, tuple(pairs), tuple(unmatched), undated
    )


def lead_lag(a: _SeriesLike, b: _SeriesLike, bounds: Bounds | None = None) -> LeadLag:
    """b measured against a, and a measured against b."""
    return LeadLag(lag_stats(a, b, bounds), lag_stats(b, a, bounds))

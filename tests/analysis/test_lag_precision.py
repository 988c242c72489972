"""Lead and lag on synthetic series with known lags at day, month and year precision: the sentence's
numbers, the precision it states, and never a fraction of a month (or any lag in months) from years."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.analysis import Series, lag_stats
from explorer.analysis.compare import start_bounds
from explorer.model import Event, Track
from explorer.store import open_memory
from explorer.store.events import write_events, write_tracks


def _series(foreign: dict[str, str], security: dict[str, str]):
    """Write the events, then the two series and every event's possible start, as the view reads them."""
    db = open_memory()
    events = [Event(i, i, when, "foreign") for i, when in foreign.items()]
    events += [Event(i, i, when, "security") for i, when in security.items()]
    with db.atomic():
        write_tracks(db, [Track("foreign", "Foreign policy"), Track("security", "National security")])
        write_events(db, events)
    from explorer.analysis import track_series

    a, b = track_series(db, "foreign"), track_series(db, "security")
    return a, b, start_bounds(db, [*a.ids, *b.ids])


# A lag in numbers: "+3 months", "−8 days", "0.5 months", "1 month".
LAG_NUMBER = re.compile(r"[+−-]?\d+(?:\.\d+)? (?:months?|days?)\b")


def test_day_level_dates_give_exact_lags_in_days() -> None:
    a, b, bounds = _series(
        {"f1": "2010-01-10", "f2": "2011-06-01"},
        {"s1": "2010-01-20", "s2": "2011-05-27", "s3": "2011-06-01"},
    )
    stats = lag_stats(a, b, bounds)
    assert [round(p.lag_min) for p in stats.pairs] == [10, -5, 0]
    assert stats.sentence() == (
        "Security steps vs the nearest foreign-policy step: order unknown in 1 of 3 pairs (same day); "
        "security later in 1, earlier in 1; given day-level dates."
    )
    assert stats.detail() == (
        "In the 3 pairs dated to a month or better, the median lag is 0 days (positive: security later)."
    )


def test_month_level_dates_give_whole_months_between_the_earliest_and_latest_possible_lag() -> None:
    # each security step comes two calendar months after a foreign step: 31 to 91 or so days
    a, b, bounds = _series(
        {"f1": "2010-03", "f2": "2012-01"},
        {"s1": "2010-05", "s2": "2012-03"},
    )
    stats = lag_stats(a, b, bounds)
    assert [(round(p.lag_min), round(p.lag_max)) for p in stats.pairs] == [(31, 91), (30, 90)]
    assert stats.orders() == {"later": 2, "earlier": 0, "unknown": 0}
    assert stats.sentence().endswith("security later in 2, earlier in 0; given month-level dates.")
    assert stats.detail() == (
        "In the 2 pairs dated to a month or better, the median possible lag runs from +1 to +3 months "
        "(positive: security later)."
    )
    assert not re.search(r"\d\.\d", stats.sentence() + stats.detail()), "never a fraction of a month"


def test_year_level_dates_give_counts_and_no_lag_in_months() -> None:
    a, b, bounds = _series(
        {"f1": "2010", "f2": "2012", "f3": "2015"},
        {"s1": "2010", "s2": "2011", "s3": "2012", "s4": "2015", "s5": "2016"},
    )
    stats = lag_stats(a, b, bounds)
    # 2010/2010, 2012/2012 and 2015/2015 cannot be ordered; 2011 is nearer to 2010 (tie goes earlier,
    # and any day of 2011 is after any day of 2010); 2016 is after 2015
    assert stats.orders() == {"later": 2, "earlier": 0, "unknown": 3}
    assert stats.sentence() == (
        "Security steps vs the nearest foreign-policy step: order unknown in 3 of 5 pairs (possible dates "
        "overlap); security later in 2, earlier in 0; given year-level dates."
    )
    assert stats.detail() == (
        "No lag in months is given: no pair has both dates to a month or better (5 left out)."
    )
    assert not LAG_NUMBER.search(stats.sentence() + stats.detail())


def test_mixed_precision_states_the_commonest_and_leaves_coarse_pairs_out_with_a_count() -> None:
    a, b, bounds = _series(
        {"f1": "2010-04-01", "f2": "2013", "f3": "2015-06"},
        {"s1": "2010-04-11", "s2": "2013", "s3": "2014", "s4": "2015-08"},
    )
    stats = lag_stats(a, b, bounds)
    # 2014 is nearer to June 2015 than to 2013, and wholly before it
    assert stats.orders() == {"later": 2, "earlier": 1, "unknown": 1}
    assert stats.sentence().endswith("dates mostly year-level (2 of 4 pairs).")
    detail = stats.detail()
    assert "In the 2 pairs dated to a month or better" in detail
    assert detail.endswith("2 pairs left out, dated more coarsely than a month.")


def test_the_pairs_are_every_follower_event_so_the_counts_match_the_cumulative_line() -> None:
    a, b, bounds = _series({"f1": "2014"}, {"s0": "2001", "s1": "2014", "s2": "2020"})
    stats = lag_stats(a, b, bounds)
    assert stats.n == len(b) == 3
    assert sum(stats.orders().values()) == stats.n


years = st.integers(min_value=1990, max_value=2020)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(years, min_size=1, max_size=8),
    st.lists(years, min_size=1, max_size=8),
    st.sampled_from(["", "~"]),
)
def test_year_level_data_never_yields_a_sub_month_claim(
    leader: list[int], follower: list[int], q: str
) -> None:
    """Whatever years the two series hold, no lag in months or days is stated."""
    lo = {f"f{i}": float(_ordinal(y, 1, 1)) for i, y in enumerate(leader)}
    hi = {f"f{i}": float(_ordinal(y, 12, 31)) for i, y in enumerate(leader)}
    lo |= {f"s{i}": float(_ordinal(y, 1, 1)) for i, y in enumerate(follower)}
    hi |= {f"s{i}": float(_ordinal(y, 12, 31)) for i, y in enumerate(follower)}
    if q:  # an approximate year is wider still
        lo = {k: v - 365 for k, v in lo.items()}
        hi = {k: v + 365 for k, v in hi.items()}
    bounds = {k: (lo[k], hi[k]) for k in lo}

    def series(prefix: str, key: str, label: str) -> Series:
        return Series.of(key, label, {k: (lo[k] + hi[k]) / 2 for k in lo if k.startswith(prefix)})

    stats = lag_stats(series("f", "foreign", "foreign-policy"), series("s", "security", "security"), bounds)
    text = stats.sentence() + " " + stats.detail()
    assert not LAG_NUMBER.search(text), text
    assert "year-level" in text or "multi-year-level" in text
    assert stats.summary() is None


def _ordinal(y: int, m: int, d: int) -> int:
    from datetime import date

    return date(y, m, d).toordinal()

"""The date axis adapts its ticks from days to centuries, calendar-aligned, before 1970 and in year 600."""

from __future__ import annotations

from datetime import date

import pytest

from explorer.timeline.date_axis import (
    DAY,
    MONTH,
    YEAR,
    choose_levels,
    context_label,
    tick_label,
    ticks_between,
)


def o(text: str) -> int:
    return date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("days_shown", "unit", "context_unit"),
    [
        (10, DAY, MONTH),
        (120, DAY, MONTH),
        (900, MONTH, YEAR),
        (365 * 12, MONTH, YEAR),
        (365 * 30, YEAR, YEAR),
        (365 * 80, YEAR, YEAR),
        (365 * 2000, YEAR, YEAR),
    ],
)
def test_levels_adapt_to_the_scale(days_shown, unit, context_unit):
    fine, ctx = choose_levels(1200 / days_shown)
    assert fine[0] == unit
    assert ctx is None or ctx[0] == context_unit


def test_levels_get_coarser_as_the_view_widens():
    spans = [7, 100, 730, 3650, 36500, 365000]
    steps = [choose_levels(1200 / s)[0] for s in spans]
    lengths = [{"day": 1, "month": 30, "year": 365}[u] * n for u, n in steps]
    assert lengths == sorted(lengths) and len(set(lengths)) == len(lengths)


def test_month_ticks_fall_on_the_first_of_each_month_before_1970():
    ticks = ticks_between((MONTH, 1), o("1945-03-15"), o("1945-08-20"))
    assert [date.fromordinal(t) for t in ticks] == [date(1945, m, 1) for m in range(4, 9)]
    assert [tick_label((MONTH, 1), t) for t in ticks] == ["Apr", "May", "Jun", "Jul", "Aug"]


def test_day_and_decade_ticks_are_calendar_aligned():
    days = ticks_between((DAY, 5), o("1996-11-01"), o("1996-11-30"))
    assert [date.fromordinal(t).day for t in days] == [1, 6, 11, 16, 21, 26]
    decades = ticks_between((YEAR, 10), o("1941-06-01"), o("1989-01-01"))
    assert [date.fromordinal(t).year for t in decades] == [1950, 1960, 1970, 1980]


def test_context_labels_name_the_month_decade_and_century():
    assert context_label((MONTH, 1), o("1996-11-01")) == "November 1996"
    assert context_label((YEAR, 1), o("2010-01-01")) == "2010"
    assert context_label((YEAR, 10), o("1990-01-01")) == "1990s"
    assert context_label((YEAR, 100), o("1900-01-01")) == "20th century"
    assert context_label((YEAR, 100), o("0600-01-01")) == "7th century"
    assert context_label((YEAR, 1000), o("1000-01-01")) == "2nd millennium"


def test_seventh_century_years_are_labelled():
    ticks = ticks_between((YEAR, 10), o("0601-01-01"), o("0700-12-31"))
    assert [tick_label((YEAR, 10), t) for t in ticks][:3] == ["610", "620", "630"]


def test_ticks_stay_within_the_calendar():
    assert ticks_between((YEAR, 1), -5000, 10) == [1]
    assert ticks_between((YEAR, 1000), o("9990-01-01"), 10**8) == []

"""Comparison numbers on a hand-made dataset whose answers are worked out by hand below."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from explorer.analysis import (
    compare,
    cumulative,
    default_series,
    density,
    density_by_year,
    importance_table,
    lag_stats,
    lead_lag,
    series_from_ids,
    track_series,
    write_compare_csv,
)
from explorer.analysis.compare import anchor_days, start_bounds
from explorer.model import Event, Importance, Track
from explorer.store import open_memory
from explorer.store.events import write_events, write_tracks


def d(text: str) -> int:
    return date.fromisoformat(text).toordinal()


# Anchors: a day is itself; "2001" is its centre, 2 July 2001; the open-ended "2002/.." starts in 2002,
# so it sits at the centre of 2002, 2 July 2002.
FOREIGN = {"f1": "2000-01-01", "f2": "2000-03-01", "f3": "2001", "f4": "2002/.."}
SECURITY = {
    "s1": "1999-12-01",
    "s2": "2000-01-01",
    "s3": "2000-02-15",
    "s4": "2000-06-01",
    "s5": "2003-01-01",
}
ANCHOR = {
    "f1": d("2000-01-01"),
    "f2": d("2000-03-01"),
    "f3": d("2001-07-02"),
    "f4": d("2002-07-02"),
    "s1": d("1999-12-01"),
    "s2": d("2000-01-01"),
    "s3": d("2000-02-15"),
    "s4": d("2000-06-01"),
    "s5": d("2003-01-01"),
}


@pytest.fixture
def db():
    """Four foreign-policy and five security events, two of them rows of Table two."""
    db = open_memory()
    events = [Event(i, f"Foreign {i}", when, "foreign") for i, when in FOREIGN.items()]
    events += [Event(i, f"Security {i}", when, "security") for i, when in SECURITY.items()]
    events[2].importance = Importance(
        2, "Second row", "high", "low", "middle to high (since the early 2010s)"
    )
    events[-1].importance = Importance(1, "First row", "low", "high", "not rated by the paper")
    events.append(Event("c1", "Context", "2000-05-05", "context"))
    with db.atomic():
        write_tracks(
            db,
            [
                Track("foreign", "Foreign policy"),
                Track("security", "National security"),
                Track("context", "Context"),
            ],
        )
        write_events(db, events)
    yield db
    db.conn.close()


def test_anchors_are_the_middle_of_the_possible_start(db) -> None:
    anchors = anchor_days(db, [*FOREIGN, *SECURITY, "nope"])
    assert anchors == {k: float(v) for k, v in ANCHOR.items()}


def test_an_approximate_start_is_centred_and_a_period_uses_its_start(db) -> None:
    with db.atomic():
        write_events(
            db,
            [
                Event("a1", "Around 2006", "2006~", "context"),
                Event("a2", "A decade", "2006~/2016", "context"),
            ],
        )
    # "2006~" may be any day of 2005–2007 (one year either side), so it sits at the middle of that range.
    middle = (d("2005-01-01") + d("2007-12-31")) / 2
    assert anchor_days(db, ["a1", "a2"]) == {"a1": middle, "a2": middle}


def test_series_are_sorted_by_anchor_and_named_for_sentences(db) -> None:
    foreign, security = default_series(db)
    assert foreign.ids == ("f1", "f2", "f3", "f4") and foreign.label == "foreign-policy"
    assert security.ids == ("s1", "s2", "s3", "s4", "s5") and security.label == "security"
    assert track_series(db, "context").label == "context"
    custom = series_from_ids(db, ["s5", "f1", "missing"], key="mine")
    assert custom.ids == ("f1", "s5") and custom.label == "mine"
    assert custom.days.tolist() == [ANCHOR["f1"], ANCHOR["s5"]]


def test_lead_lag_pairs_each_step_with_the_nearest_and_keeps_what_the_dates_allow(db) -> None:
    foreign, security = default_series(db)
    stats = lag_stats(foreign, security, start_bounds(db, [*foreign.ids, *security.ids]))
    # s1 is 31 days before f1; s2 on f1's day; s3 15 days before f2; s4 92 days after f2;
    # s5 is a day after the last possible day of f4's start year ("2002/..")
    assert stats.unmatched == ()
    assert [(p.event_id, p.previous_id, p.order) for p in stats.pairs] == [
        ("s1", "f1", "earlier"),
        ("s2", "f1", "unknown"),
        ("s3", "f2", "earlier"),
        ("s4", "f2", "later"),
        ("s5", "f4", "later"),
    ]
    assert stats.n == len(security) == 5, "every shown security event is in the sentence"
    s5 = stats.pairs[-1]
    assert (s5.lag_min, s5.lag_max, s5.precision) == (1, d("2003-01-01") - d("2002-01-01"), "year")
    assert stats.sentence() == (
        "Security steps vs the nearest foreign-policy step: order unknown in 1 of 5 pairs (same day); "
        "security later in 2, earlier in 2; dates mostly day-level (4 of 5 pairs)."
    )
    assert stats.summary() == {"unit": "days", "low": -8, "high": -8, "n": 4}
    assert stats.detail() == (
        "In the 4 pairs dated to a month or better, the median lag is −8 days (positive: security later); "
        "1 pair left out, dated more coarsely than a month."
    )


def test_lead_lag_the_other_way_round(db) -> None:
    foreign, security = default_series(db)
    both = lead_lag(foreign, security, start_bounds(db, [*foreign.ids, *security.ids]))
    back = both.backward
    assert (back.leader, back.follower) == ("security", "foreign")
    assert [(p.event_id, p.previous_id, p.order) for p in back.pairs] == [
        ("f1", "s2", "unknown"),
        ("f2", "s3", "later"),
        ("f3", "s4", "later"),
        ("f4", "s5", "earlier"),  # any day of 2002 is before 1 January 2003
    ]
    assert back.gaps_days.tolist() == [
        0,
        15,
        d("2001-07-02") - d("2000-06-01"),
        d("2002-07-02") - d("2003-01-01"),
    ]
    assert both.sentences()[0] == both.forward.sentence()


def test_nothing_to_pair_gives_a_plain_sentence(db) -> None:
    late = series_from_ids(db, ["s1"], key="security", label="security")
    none = series_from_ids(db, [], key="foreign", label="foreign-policy")
    stats = lag_stats(none, late)
    assert stats.n == 0 and stats.summary() is None and stats.unmatched == ("s1",)
    # the security step is there; what is missing is a foreign-policy step to set it against
    assert stats.sentence() == "No foreign-policy step to set the security step against."
    assert stats.detail() == ""
    more = series_from_ids(db, ["s1", "s2"], key="security", label="security")
    assert lag_stats(none, more).sentence() == "No foreign-policy step to set the 2 security steps against."
    assert lag_stats(late, none).sentence() == "No foreign-policy step to set against a security step."


def test_density_per_year(db) -> None:
    dens = density_by_year(default_series(db))
    assert dens.labels == ("1999", "2000", "2001", "2002", "2003")
    assert dens.counts["foreign"].tolist() == [0, 2, 1, 1, 0]
    assert dens.counts["security"].tolist() == [1, 3, 0, 0, 1]
    assert dens.cumulative()["security"].tolist() == [1, 4, 4, 4, 5]
    assert dens.edges[0] == d("1999-01-01") and dens.edges[-1] == d("2004-01-01")
    fixed = density_by_year(default_series(db), first_year=2000, last_year=2001)
    assert fixed.counts["foreign"].tolist() == [2, 1]


def test_adaptive_bins_pick_the_finest_calendar_unit_that_fits(db) -> None:
    series = default_series(db)
    months = density(series, start=d("2000-01-01"), end=d("2001-01-01"), bins=13)
    assert months.labels[:3] == ("2000-01", "2000-02", "2000-03") and len(months.labels) == 12
    assert months.counts["foreign"].tolist()[:3] == [1, 0, 1]
    assert months.counts["security"].tolist()[:6] == [1, 1, 0, 0, 0, 1]
    quarters = density(series, start=d("2000-01-01"), end=d("2001-01-01"), bins=12)
    assert quarters.labels == ("2000 Q1", "2000 Q2", "2000 Q3", "2000 Q4")
    assert quarters.counts["security"].tolist() == [2, 1, 0, 0]
    weeks = density(series, start=d("2000-01-01"), end=d("2000-03-01"), bins=20)
    assert all(date.fromisoformat(label).weekday() == 0 for label in weeks.labels)
    assert sum(weeks.counts["security"]) == 2  # s2 and s3; s1 falls before the range
    decades = density(series, start=d("1990-01-01"), end=d("2010-01-01"), bins=3)
    assert decades.labels == ("1990s", "2000s")
    with pytest.raises(ValueError):
        density(series, start=10, end=5)


def test_cumulative_counts(db) -> None:
    cum = cumulative(default_series(db))
    assert cum.counts("security").tolist() == [1, 2, 3, 4, 5]
    at = cum.at([d("2000-01-01"), d("2000-12-31")])
    assert at["foreign"].tolist() == [1, 2]
    assert at["security"].tolist() == [2, 4]


def test_importance_table_and_series(db) -> None:
    table = importance_table(db)
    assert [p.event_id for p in table.points] == ["s5", "f3"]
    assert table.row_labels == ["First row", "Second row"]
    assert table.column_labels == ["Belarus", "Russia", "the West"]
    m = table.matrix()
    assert m[0, :2].tolist() == [1.0, 3.0] and math.isnan(m[0, 2])
    assert m[1].tolist() == [3.0, 1.0, 2.5]
    assert table.words()[1] == ["high", "low", "middle to high (since the early 2010s)"]
    days, scores = table.series("west")
    assert days.tolist() == [ANCHOR["f3"]] and scores.tolist() == [2.5]
    days, scores = table.series("russia")
    assert days.tolist() == [ANCHOR["f3"], ANCHOR["s5"]] and scores.tolist() == [1.0, 3.0]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_every_result_exports_its_numbers_as_csv(db, tmp_path: Path) -> None:
    result = compare(db)
    rows = read_csv(write_compare_csv(result.density, tmp_path / "density.csv"))
    assert rows[0] == ["bin_start", "bin_end", "label", "foreign", "security"]
    assert rows[2] == ["2000-01-01", "2000-12-31", "2000", "2", "3"]
    assert result.lead_lag is not None
    rows = read_csv(write_compare_csv(result.lead_lag, tmp_path / "lag.csv"))
    assert len(rows) == 1 + 5 + 4
    assert rows[0][-4:] == ["lag_min_days", "lag_max_days", "order", "precision"]
    assert rows[1] == [
        "foreign",
        "security",
        "s1",
        "1999-12-01",
        "f1",
        "2000-01-01",
        "-31.0",
        "-1.02",
        "-31",
        "-31",
        "earlier",
        "day",
    ]
    rows = read_csv(write_compare_csv(result.cumulative, tmp_path / "cum.csv"))
    assert rows[1] == ["foreign", str(float(ANCHOR["f1"])), "2000-01-01", "1"]
    rows = read_csv(write_compare_csv(result.importance, tmp_path / "table2.csv"))
    assert rows[0][:6] == ["row", "event_id", "label", "date", "belarus", "belarus_score"]
    assert rows[1][-2:] == ["not rated by the paper", ""]
    assert not list(tmp_path.glob("*.part"))


def test_compare_bundles_the_default_series(db) -> None:
    result = compare(db)
    assert [s.key for s in result.series] == ["foreign", "security"]
    assert result.lead_lag is not None and result.lead_lag.forward.n == 5
    single = compare(db, [series_from_ids(db, ["f1"], key="one")])
    assert single.lead_lag is None
    assert isinstance(single.density.counts["one"], np.ndarray)

"""Lead and lag computed with numpy over whole series: the same pairs and counts as one pair at a time,
a pairing that does not depend on how events of one anchor day are ordered, and series made from the
event columns that agree with those read by SQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.analysis import Series, lag_stats, lead_lag
from explorer.analysis.compare import start_bounds, track_series
from explorer.analysis.lag import LagPair
from explorer.state.session import Session

DAYS = st.integers(min_value=700_000, max_value=700_400)
WIDTHS = st.sampled_from([1, 1, 20, 31, 60, 92, 150, 184, 365, 366, 900])


def _reference(leader: Series, follower: Series, bounds: dict[str, tuple[float, float]]) -> list[LagPair]:
    """One pair at a time, as the comparison was computed before: nearest anchor, on a tie the earlier."""
    pairs = []
    for fid, day in zip(follower.ids, follower.days.tolist(), strict=True):
        best = min(
            range(len(leader)),
            key=lambda j: (abs(day - leader.days[j]), leader.days[j] > day),
        )
        lid = leader.ids[best]
        pairs.append(LagPair(fid, day, lid, float(leader.days[best]), *bounds[fid], *bounds[lid]))
    return pairs


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(DAYS, WIDTHS), min_size=1, max_size=25, unique_by=lambda t: t[0]),
    st.lists(st.tuples(DAYS, WIDTHS), min_size=0, max_size=25),
)
def test_the_arrays_give_the_pairs_and_counts_of_one_pair_at_a_time(leader_spec, follower_spec) -> None:
    """With leader anchors all different there is no tie to break: every pair and count must agree."""
    bounds: dict[str, tuple[float, float]] = {}
    anchors: dict[str, dict[str, float]] = {"a": {}, "b": {}}
    for prefix, spec in (("a", leader_spec), ("b", follower_spec)):
        for i, (start, width) in enumerate(spec):
            key = f"{prefix}{i}"
            # a width of w days centred so that the anchor is the given day
            lo, hi = start - (width - 1) / 2, start + (width - 1) / 2
            bounds[key] = (lo, hi)
            anchors[prefix][key] = float(start)
    leader = Series.of("a", "a", anchors["a"])
    follower = Series.of("b", "b", anchors["b"])
    stats = lag_stats(leader, follower, bounds)
    expected = _reference(leader, follower, bounds)
    assert list(stats.pairs) == expected
    assert stats.orders() == {k: sum(p.order == k for p in expected) for k in ("later", "earlier", "unknown")}
    assert stats.precisions() == Counter(p.precision for p in expected)
    assert [p.event_id for p in stats.fine_pairs()] == [p.event_id for p in expected if p.month_or_better]
    if expected:
        assert stats.gaps_days.tolist() == [p.gap_days for p in expected]


def test_of_two_leader_events_on_one_anchor_the_better_dated_one_is_paired_whatever_their_order() -> None:
    """'1994' and '2 July 1994' share an anchor; a follower a day later is later than the day, unknown
    against the year: the day is taken, in either order of the two in the leader series."""
    year = (float(728294), float(728658))  # 1994-01-01 .. 1994-12-31
    day = (float(728475), float(728475))  # 1994-07-02, the year's middle
    for ids in (("y", "d"), ("d", "y")):
        bounds = {"y": year, "d": day, "f": (728476.0, 728476.0)}
        leader = Series("a", "a", ids, np.array([728475.0, 728475.0]))
        follower = Series("b", "b", ("f",), np.array([728476.0]))
        stats = lag_stats(leader, follower, bounds)
        assert stats.pair(0).previous_id == "d", ids
        assert stats.orders() == {"later": 1, "earlier": 0, "unknown": 0}


def test_series_from_the_columns_agree_with_those_read_by_sql(built_corpus: Path) -> None:
    """The view's series (columns, no ids read) hold the same events, anchors, possible starts and
    sentences as the ones the console's comparison reads through SQL."""
    session = Session.open(built_corpus)
    try:
        db = session._db
        for track in ("foreign", "security", "context"):
            mine = session.events.track_series(track)
            sql = track_series(db, track)
            assert mine.label == sql.label
            assert mine.days.tolist() == sql.days.tolist()
            assert sorted(mine.ids) == sorted(sql.ids)
            assert sorted(mine.undated) == sorted(sql.undated)
            got = start_bounds(db, list(mine.ids))
            assert mine.bounds is not None
            lo, hi = mine.bounds
            assert [got[i] for i in mine.ids] == list(zip(lo.tolist(), hi.tolist(), strict=True))
        for track in ("foreign", "security"):  # an event on several lanes counted in each of them
            shared = session.events.track_series(track, count_shared=True)
            assert sorted(shared.ids) == sorted(track_series(db, track, count_shared=True).ids)
            assert len(shared) > len(session.events.track_series(track)), "the corpus shares events"
        a, b = session.events.track_series("foreign"), session.events.track_series("security")
        sa, sb = track_series(db, "foreign"), track_series(db, "security")
        ours, theirs = lead_lag(a, b), lead_lag(sa, sb, start_bounds(db, [*sa.ids, *sb.ids]))
        assert ours.sentences() == theirs.sentences()
        assert ours.forward.detail() == theirs.forward.detail()
    finally:
        session.close()


def test_a_filter_mask_keeps_only_the_rows_it_lets_through(built_corpus: Path) -> None:
    """A series under the window's filter holds exactly the events of the track the filter shows."""
    session = Session.open(built_corpus)
    try:
        cols = session.columns
        mask = np.zeros(len(cols), dtype=bool)
        mask[::3] = True
        series = session.events.track_series("security", mask=mask)
        every = session.events.track_series("security")
        kept = {i for i in every.ids if mask[int(cols.rows_of([i])[0])]}
        assert set(series.ids) == kept and 0 < len(series) < len(every)
        assert all(mask[int(cols.rows_of([i])[0])] for i in series.undated)
    finally:
        session.close()

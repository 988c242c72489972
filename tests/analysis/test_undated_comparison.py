"""The comparison leaves undated records out of density and lead/lag, and says how many it left out."""

from __future__ import annotations

from explorer.analysis import compare, lag_stats, series_from_ids, track_series
from explorer.store import open_database


def test_the_sentence_says_how_many_undated_records_it_left_out(undated_db) -> None:
    db = open_database(undated_db, readonly=True)
    foreign, security = track_series(db, "foreign"), track_series(db, "security")
    assert foreign.undated == ("secessions-belarus-deems-illegitimate",)
    assert security.undated == ("raukou-calls-airbase-issue-political",)
    assert not set(foreign.undated) & set(foreign.ids), "no anchor, so not in the numbers"
    result = compare(db)
    assert result.lead_lag is not None
    for stats in (result.lead_lag.forward, result.lead_lag.backward):
        assert stats.undated == 2
        assert stats.sentence().endswith(" 2 undated records left out.")
        assert stats.n == len(foreign.ids if stats.follower == "foreign" else security.ids)
    # the cumulative line ends at the number of dated events of each series
    assert len(result.cumulative.days["foreign"]) == len(foreign.ids)


def test_a_series_without_undated_records_says_nothing_of_them(undated_db) -> None:
    db = open_database(undated_db, readonly=True)
    a = series_from_ids(db, ["moscow-memorandum-austrian-neutrality-1955"], key="a")
    b = series_from_ids(db, ["belarus-begins-implementing-neutrality-clause"], key="b", label="concepts")
    assert len(b) == 0 and b.undated == ("belarus-begins-implementing-neutrality-clause",)
    stats = lag_stats(a, b)
    assert stats.sentence() == "No concepts step to set against a a step. 1 undated record left out."
    assert "undated" not in lag_stats(a, a).sentence()

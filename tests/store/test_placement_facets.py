"""The Track facet counts and filters an event on every lane it is placed on, as the lanes draw it."""

from __future__ import annotations

from pathlib import Path

from explorer.store import open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.filters import Filter, count_filtered, facet_counts, filtered_ids
from explorer.store.placements import set_placements

EVENT = "minsk-moves-and-shrinks-airbase-plan"  # at home on security only


def _track_counts(db) -> dict[str, int]:
    return {v.value: v.count for v in facet_counts(db, Filter(), ["track"])["track"]}


def test_placing_an_event_on_a_lane_counts_it_there_and_the_lanes_filter_shows_it(
    tmp_path: Path, worktree_corpus_db: Path
) -> None:
    path = tmp_path / "ws.db"
    path.write_bytes(worktree_corpus_db.read_bytes())
    db = open_database(path)
    home = dict(db.execute("SELECT track, count(*) FROM events GROUP BY track").fetchall())
    placed = dict(
        db.execute("SELECT track_id, count(*) FROM event_extra_tracks GROUP BY track_id").fetchall()
    )
    before = _track_counts(db)
    assert before == {t: home[t] + placed.get(t, 0) for t in home}, "home events plus the paper's placements"
    foreign = Filter(track=("foreign",))
    assert EVENT not in filtered_ids(db, foreign)
    set_placements(AnnotationStore(db), [EVENT], add=["foreign"])
    after = _track_counts(db)
    assert after["foreign"] == before["foreign"] + 1 and after["security"] == before["security"]
    assert EVENT in filtered_ids(db, foreign)
    # both lanes chosen: every event on both (all at home on one of them) is counted once
    both = Filter(track=("foreign", "security"))
    assert count_filtered(db, both) == home["foreign"] + home["security"]
    db.conn.close()

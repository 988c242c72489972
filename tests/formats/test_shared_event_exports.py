"""An event on several lanes is exported once, under its home track, with its other tracks named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from explorer.analysis import compare, track_series
from explorer.formats.bundle import gather
from explorer.formats.registry import get
from explorer.store import open_database

AIRBASE = "belarus-refuses-russian-airbase-2015"


def test_csv_and_json_list_the_shared_event_once_with_its_other_tracks(undated_db: Path) -> None:
    db = open_database(undated_db, readonly=True)
    bundle = gather(db)
    rows = list(csv.DictReader(io.StringIO(get("csv").render(bundle).lstrip("\ufeff"))))
    airbase = [r for r in rows if r["id"] == AIRBASE]
    assert len(airbase) == 1, "one row, not one per lane"
    assert airbase[0]["track"] == "security" and airbase[0]["also_tracks"] == "foreign"
    assert (
        len(rows) == len({r["id"] for r in rows}) == db.execute("SELECT count(*) FROM events").fetchone()[0]
    )
    one_lane = next(r for r in rows if r["id"] == "moscow-memorandum-austrian-neutrality-1955")
    assert one_lane["also_tracks"] == ""

    doc = json.loads(get("json").render(bundle))
    records = [e for e in doc["events"] if e["id"] == AIRBASE]
    assert len(records) == 1
    assert records[0]["track"] == "security" and records[0]["also_tracks"] == ["foreign"]


def test_the_comparison_counts_it_once_in_its_home_track_unless_asked(undated_db: Path) -> None:
    db = open_database(undated_db, readonly=True)
    foreign, security = track_series(db, "foreign"), track_series(db, "security")
    assert AIRBASE in security.ids and AIRBASE not in foreign.ids, "counted once, at home"
    result = compare(db)
    assert AIRBASE in result.series[1].ids and AIRBASE not in result.series[0].ids
    assert len(result.cumulative.days["foreign"]) == len(foreign.ids)

    asked = compare(db, count_shared=True)
    assert AIRBASE in asked.series[0].ids and AIRBASE in asked.series[1].ids
    assert len(asked.cumulative.days["foreign"]) == len(foreign.ids) + 2, "the two shared into foreign"


def _import_into_empty(path: Path):
    from explorer.formats.importer import import_file
    from explorer.store import open_memory

    empty = open_memory()
    import_file(empty, path, skip_invalid=True)  # a CSV has no way to write the undated records
    return empty


def test_csv_and_json_carry_the_placements_back_in_on_import(undated_db: Path, tmp_path: Path) -> None:
    from explorer.store.events import extra_tracks
    from explorer.store.placements import set_placements

    db = open_database(undated_db)
    from explorer.store.annotations import AnnotationStore

    set_placements(AnnotationStore(db), ["moscow-memorandum-austrian-neutrality-1955"], add=["security"])
    names = dict(db.execute("SELECT id, name FROM tracks").fetchall())
    want = {e: sorted(names[t] for t in ts) for e, ts in extra_tracks(db).items()}
    assert len(want) >= 4 and want[AIRBASE] == ["Foreign policy"]
    for fmt in ("csv", "json"):
        path = get(fmt).write(gather(db), tmp_path / f"all.{fmt}")
        back = _import_into_empty(path)
        lanes = dict(back.execute("SELECT id, name FROM tracks").fetchall())
        got = {e: sorted(lanes[t] for t in ts) for e, ts in extra_tracks(back).items()}
        # ids come back as they were (nothing clashes in an empty file), each on the same lanes
        assert got == want, fmt
        homes = dict(
            back.execute("SELECT e.id, t.name FROM events e JOIN tracks t ON t.id = e.track").fetchall()
        )
        assert homes[AIRBASE] == "National security", fmt
        back.conn.close()


def test_a_csv_of_ones_own_names_its_further_lanes_by_key(tmp_path: Path) -> None:
    from explorer.store.events import extra_tracks

    path = tmp_path / "mine.csv"
    path.write_text(
        "id,title,date,track,also_tracks\n"
        "a,Talks on the airbase,2015-10,Security,Foreign; Economy\n"
        "b,A treaty,2016,Foreign,Foreign\n",
        encoding="utf-8",
    )
    back = _import_into_empty(path)
    tracks = dict(back.execute("SELECT id, name FROM tracks").fetchall())
    placed = {e: sorted(tracks[t] for t in ts) for e, ts in extra_tracks(back).items()}
    assert placed == {"a": ["Economy", "Foreign"]}, "the home lane is never a further placement"


def test_ones_own_placements_come_back_with_ones_own_json_into_a_workspace_of_the_corpus(
    undated_db: Path, tmp_path: Path
) -> None:
    from explorer.formats.importer import import_file
    from explorer.store.annotations import AnnotationStore
    from explorer.store.events import extra_tracks
    from explorer.store.placements import USER_REASON, set_placements

    mine = tmp_path / "mine.db"
    mine.write_bytes(undated_db.read_bytes())
    db = open_database(mine)
    one_lane = "moscow-memorandum-austrian-neutrality-1955"
    set_placements(AnnotationStore(db), [one_lane], add=["security"])
    path = get("json").write(gather(db), tmp_path / "mine.json")
    db.conn.close()
    fresh = tmp_path / "fresh.db"
    fresh.write_bytes(undated_db.read_bytes())
    other = open_database(fresh)
    before = extra_tracks(other)
    result = import_file(other, path)
    assert result.events == 0 and result.matched > 100, "every event is a corpus event already here"
    after = extra_tracks(other)
    assert after == {**before, one_lane: ["security"]}, "the one placement made, and no double of the paper's"
    reason = other.execute("SELECT reason FROM event_extra_tracks WHERE event_id = ?", [one_lane]).fetchone()[
        0
    ]
    assert reason == USER_REASON, "kept as the user's, so a newer corpus keeps it too"
    other.conn.close()

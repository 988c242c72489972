"""The app's own JSON coming back: corpus events stay corpus events; lanes, footnotes and the paper kept."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.formats.bundle import gather
from explorer.formats.importer import import_file
from explorer.formats.json_format import to_json_obj
from explorer.formats.registry import get
from explorer.store import open_database, open_memory
from explorer.store.annotations import AnnotationStore

E1 = "belarus-refuses-russian-airbase-2015"
E2 = "medvedev-airbase-implements-2009-agreements-2015"


def _annotated(corpus_db: Path):
    db = open_database(corpus_db)
    store = AnnotationStore(db)
    store.add_note(E1, "Check the Minsk archives")
    store.add_tag(E1, "airbase")
    store.set_assessment(E2, flagged=True, stars=3, russia="high")
    store.add_period("Airbase dispute", "2013-04/2015-10")
    store.add_link(E2, E1, "response to")
    return db


def _without_generator(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "generator"}


def test_json_export_into_an_empty_database_and_out_again_gives_the_same_file_field_by_field(
    corpus_db: Path, tmp_path: Path
) -> None:
    source = _annotated(corpus_db)
    first = get("json").write(gather(source), tmp_path / "first.json")
    empty = open_memory()
    result = import_file(empty, first)
    n = source.execute("SELECT count(*) FROM events").fetchone()[0]  # 176 dated and 3 undated
    assert result.events == n and result.matched == 0
    original = _without_generator(json.loads(first.read_text(encoding="utf-8")))
    again = _without_generator(to_json_obj(gather(empty)))
    assert original["paper"]["title"] and again["paper"] == original["paper"]
    assert again["tracks"] == original["tracks"]  # ids foreign, security, … kept
    assert again["sources"] == original["sources"]
    assert sum(1 for e in original["events"] if e["footnotes"]) >= 50
    for before, after in zip(original["events"], again["events"], strict=True):
        for field_name in before:
            if field_name == "notes":  # created and modified are kept too
                assert after["notes"] == before["notes"], before["id"]
            else:
                assert after[field_name] == before[field_name], (before["id"], field_name)
    for key in ("tags", "periods", "links"):
        assert again[key] == original[key], key
    tracks = {r[0]: r[1] for r in empty.execute("SELECT id, origin FROM tracks")}
    assert tracks["foreign"] == tracks["security"] == "corpus"


def test_json_export_into_a_workspace_with_the_corpus_adds_only_the_annotations(
    corpus_db: Path, tmp_path: Path
) -> None:
    source = _annotated(corpus_db)
    first = get("json").write(gather(source), tmp_path / "alice.json")
    bob_path = tmp_path / "bob.db"
    bob_path.write_bytes(Path(corpus_db).read_bytes())  # Bob's copy already holds Alice's annotations
    bob = open_memory()
    source.conn.backup(bob.conn)
    bob.execute("DELETE FROM notes")
    bob.execute("DELETE FROM event_tags")
    bob.execute("DELETE FROM assessments")
    before = {
        "events": bob.execute("SELECT count(*) FROM events").fetchone()[0],
        "tracks": sorted(r[0] for r in bob.execute("SELECT id FROM tracks")),
    }
    AnnotationStore(bob).add_note(E1, "Bob's own")
    result = import_file(bob, first)
    n = before["events"]
    assert result.events == 0 and result.matched == n
    assert f"{n} events already here as corpus events" in result.summary()
    assert bob.execute("SELECT count(*) FROM events").fetchone()[0] == before["events"]
    assert sorted(r[0] for r in bob.execute("SELECT id FROM tracks")) == before["tracks"]
    assert sorted(n.body for n in AnnotationStore(bob).notes_for(E1)) == [
        "Bob's own",
        "Check the Minsk archives",
    ]
    assert [t.name for t in AnnotationStore(bob).tags_for(E1)] == ["airbase"]
    rating = AnnotationStore(bob).assessment_for(E2)
    assert rating is not None and (rating.flagged, rating.stars, rating.russia) == (True, 3, "high")


def _csv(path: Path, track: str, name: str = "x") -> Path:
    path.write_text(
        f"id,title,date,track\n{name}-1,One,2015-03,{track}\n{name}-2,Two,2016,{track}\n", encoding="utf-8"
    )
    return path


def test_csv_tracks_named_foreign_or_security_join_the_paired_lanes(corpus_db: Path, tmp_path: Path) -> None:
    db = open_database(corpus_db)
    tracks = sorted(r[0] for r in db.execute("SELECT id FROM tracks"))
    import_file(db, _csv(tmp_path / "mine.csv", "foreign", "a"))
    import_file(db, _csv(tmp_path / "more.csv", "security", "b"))
    assert sorted(r[0] for r in db.execute("SELECT id FROM tracks")) == tracks
    assert db.execute("SELECT track FROM events WHERE id = 'a-1'").fetchone() == ("foreign",)
    assert db.execute("SELECT track FROM events WHERE id = 'b-2'").fetchone() == ("security",)


def test_a_second_import_never_makes_a_second_lane_of_the_same_name(fresh_db, tmp_path: Path) -> None:
    import_file(fresh_db, _csv(tmp_path / "first.csv", "Protests", "a"))
    import_file(fresh_db, _csv(tmp_path / "second.csv", "Protests", "b"))
    names = [r[0] for r in fresh_db.execute("SELECT name FROM tracks ORDER BY position")]
    assert names == ["Protests", "Protests (second.csv)"]

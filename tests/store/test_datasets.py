"""Imported datasets: listed, removed after a backup, and brought back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.formats.importer import import_file
from explorer.store import StoreError, open_database
from explorer.store.annotations import AnnotationStore
from explorer.store.datasets import list_datasets, remove_dataset, restore_dataset
from explorer.store.search import search


def _dump(db) -> dict[str, list]:
    return {
        t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in ("events", "tracks", "sources", "event_actors", "datasets", "notes")
    }


def test_removing_a_dataset_takes_its_events_and_lanes_and_restoring_brings_back_the_same(
    corpus_db: Path, tmp_path: Path
) -> None:
    db = open_database(corpus_db)
    csv = tmp_path / "protests.csv"
    csv.write_text(
        "id,title,date,track,actors\np-1,March in Minsk,2020-08-09,Protests,Belarus\np-2,Strike,2020-10,Protests,\n",
        encoding="utf-8",
    )
    import_file(db, csv)
    AnnotationStore(db).add_note("p-1", "kept while the dataset is away")
    before = _dump(db)
    (info,) = list_datasets(db)
    assert (info.name, info.events, info.tracks) == ("protests.csv", 2, 1)
    backup = remove_dataset(db, info.id, backups=tmp_path / "backups")
    assert backup.exists() and list_datasets(db) == []
    assert db.execute("SELECT count(*) FROM events WHERE id LIKE 'p-%'").fetchone()[0] == 0
    assert not db.execute("SELECT 1 FROM tracks WHERE name = 'Protests'").fetchone()
    assert [o.event_id for o in AnnotationStore(db).orphans()] == ["p-1"]  # the note stays, detached
    assert restore_dataset(db, backup, info.id) == 2
    assert _dump(db) == before
    assert "p-1" in [h.event_id for h in search(db, "march minsk")]  # found again by search
    with pytest.raises(StoreError, match="no imported dataset"):
        remove_dataset(db, "nothing", backups=tmp_path / "backups")


def test_a_restored_timelinejs_dataset_has_its_media_and_title_slide_again(
    corpus_db: Path, tmp_path: Path
) -> None:
    db = open_database(corpus_db)
    doc = tmp_path / "talks.json"
    doc.write_text(
        '{"title": {"text": {"headline": "Talks"}, "media": {"url": "https://example.org/t.jpg"}},'
        ' "events": [{"start_date": {"year": "2014"}, "text": {"headline": "Protocol"},'
        ' "media": {"url": "https://youtu.be/abc", "caption": "Signing", "credit": "Belta"}}]}',
        encoding="utf-8",
    )
    import_file(db, doc)
    media = sorted(db.execute("SELECT * FROM event_media").fetchall())
    slide = db.execute("SELECT title_slide FROM datasets").fetchone()[0]
    assert media and "t.jpg" in slide
    (info,) = list_datasets(db)
    backup = remove_dataset(db, info.id, backups=tmp_path / "backups")
    assert db.execute("SELECT count(*) FROM event_media").fetchone()[0] == 0, "it goes with its events"
    restore_dataset(db, backup, info.id)
    assert sorted(db.execute("SELECT * FROM event_media").fetchall()) == media
    assert db.execute("SELECT title_slide FROM datasets").fetchone()[0] == slide

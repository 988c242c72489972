"""File > New Database without a display: an empty database with the open one's lanes, or the corpus."""

from __future__ import annotations

from pathlib import Path

from explorer.state import Session
from explorer.state.files import CORPUS, EMPTY, create_database


def test_a_new_empty_database_has_the_lanes_of_the_open_one_and_no_events(make_db, tmp_path: Path) -> None:
    open_now = Session.open(make_db([("a", "2014", "context", "A")]))
    target = tmp_path / "new.db"
    target.write_text("an old file in the way", encoding="utf-8")
    create_database(target, EMPTY, open_now)
    made = Session.open(target)
    assert [t.id for t in made.tracks] == [t.id for t in open_now.tracks]
    assert len(made.columns) == 0
    made.close()
    open_now.close()


def test_a_new_corpus_database_is_a_copy_of_the_bundled_one(tmp_path: Path) -> None:
    from explorer.resources import bundled_db

    made = Session.open(create_database(tmp_path / "corpus.db", CORPUS))
    bundled = Session.open(bundled_db())
    assert len(made.columns) == len(bundled.columns) > 0 and not made.readonly
    made.close()
    bundled.close()

"""The paper's undated statements are built into the database as undated records: their section,
quote, summary, actors and footnotes as for any record, no date, and never a place in time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from explorer.corpus import build_database
from explorer.corpus.build import content_dump
from explorer.corpus.load import load_corpus
from explorer.model import UNDATED_DAY
from explorer.store import open_database
from explorer.store.columns import load_columns
from explorer.store.events import EventStore
from explorer.store.filters import Filter, filtered_ids
from explorer.store.search import search_ids

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
#: The paper's undated statements and the section each stands in (as in tests/conftest.py).
UNDATED = {
    "raukou-calls-airbase-issue-political": "4.3",
    "belarus-begins-implementing-neutrality-clause": "5",
    "secessions-belarus-deems-illegitimate": "5",
}


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(("rid", "section"), sorted(UNDATED.items()))
def test_the_build_holds_each_undated_statement_with_its_section_and_no_date(
    worktree_corpus_db, rid, section
):
    (row,) = rows(
        worktree_corpus_db,
        "SELECT date, date_text, precision, undated, section, quote, summary, lo, hi FROM events WHERE id = ?",
        (rid,),
    )
    date, words, precision, undated, sec, quote, summary, lo, hi = row
    assert (date, words, precision, undated, sec) == (
        "",
        f"undated (section {section})",
        "undated",
        1,
        section,
    )
    assert quote and summary
    assert lo == hi == UNDATED_DAY, "a sentinel after every day, never a day of its own"
    u = next(u for u in load_corpus(CORPUS).undated if u.id == rid)
    actors = [
        r[0]
        for r in rows(
            worktree_corpus_db, "SELECT actor FROM event_actors WHERE event_id = ? ORDER BY position", (rid,)
        )
    ]
    themes = [
        r[0]
        for r in rows(
            worktree_corpus_db, "SELECT theme FROM event_themes WHERE event_id = ? ORDER BY position", (rid,)
        )
    ]
    assert actors == list(u.actors) and themes == list(u.themes)
    sources = [
        r[0]
        for r in rows(worktree_corpus_db, "SELECT source_id FROM event_sources WHERE event_id = ?", (rid,))
    ]
    assert sources == [f"fn-{n}" for n in u.footnotes]


def test_undated_records_come_after_every_dated_one_in_section_order(worktree_corpus_db):
    db = open_database(worktree_corpus_db, readonly=True)
    ids = EventStore(db).ids()
    assert ids[-3:] == sorted(UNDATED, key=lambda r: (UNDATED[r], ids.index(r)))
    assert ids[-3] == "raukou-calls-airbase-issue-political", "section 4.3 before section 5"
    events = EventStore(db).events(ids[-3:])
    assert [e.date_words for e in events] == [f"undated (section {UNDATED[e.id]})" for e in events]
    assert all(e.undated and e.kind == "event" for e in events)
    dated = EventStore(db).events(ids[:-3])
    assert not any(e.undated for e in dated)


def test_two_builds_are_the_same(tmp_path: Path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_database(CORPUS, a)
    build_database(CORPUS, b)
    assert content_dump(a) == content_dump(b)
    assert a.read_bytes() == b.read_bytes()


def test_the_columns_give_undated_records_no_place_in_the_lanes(worktree_corpus_db):
    db = open_database(worktree_corpus_db, readonly=True)
    cols = load_columns(db)
    undated_rows = cols.rows_of(list(UNDATED))
    assert len(undated_rows) == 3, "they are rows, so the table, selection and filters see them"
    assert not cols.dated[undated_rows].any()
    assert int(cols.dated.sum()) == len(cols) - 3
    for lane in range(len(cols.track_ids)):
        assert not np.isin(undated_rows, cols.lane_rows(lane)).any()
    span = cols.span()
    assert span is not None and span[1] < UNDATED_DAY, "the drawn span ends at the last dated event"


def test_search_finds_them_and_a_date_range_leaves_them_out(worktree_corpus_db):
    db = open_database(worktree_corpus_db, readonly=True)
    assert "raukou-calls-airbase-issue-political" in search_ids(db, "Raukou political")
    assert "secessions-belarus-deems-illegitimate" in search_ids(db, "Karabakh")
    everything = set(filtered_ids(db, Filter()))
    assert set(UNDATED) <= everything
    # the widest range the filter takes still holds no undated record: they have no date to be in it
    wide = set(filtered_ids(db, Filter(date_range=(1, 2**31 - 1))))
    assert not set(UNDATED) & wide
    assert len(wide) == len(everything) - 3
    by_track = set(filtered_ids(db, Filter(track=("security",))))
    assert "raukou-calls-airbase-issue-political" in by_track, "facets other than dates keep them"


def test_the_build_command_counts_them(tmp_path: Path, capsys):
    from explorer.cli import main

    assert main(["build-corpus", "--corpus", str(CORPUS), "-o", str(tmp_path / "x.db")]) == 0
    out = capsys.readouterr().out
    assert "(and 3 undated)" in out

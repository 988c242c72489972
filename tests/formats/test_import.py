"""Importing CSV, the app's JSON and TimelineJS: what is written, renamed, refused and never touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_data import cancel_after, dump

from explorer.formats.bundle import gather
from explorer.formats.common import Cancelled, ExportOptions
from explorer.formats.importer import apply_import, detect_format, import_file, plan_import
from explorer.formats.json_format import to_json_obj
from explorer.formats.problems import AlreadyImported
from explorer.formats.registry import get
from explorer.store import EventStore


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_with_documented_columns_becomes_events_tracks_sources_and_tags(fresh_db, tmp_path: Path) -> None:
    """id, title, date or start/end, track, summary, quote, actors, tags, sources: all land where they belong."""
    src = write(
        tmp_path / "My Events.csv",
        "id,title,date,start,end,track,summary,quote,actors,tags,sources\n"
        "e1,Summit in Minsk,2015-02-12,,,Diplomacy,Talks.,“We agreed.”,Belarus; Ukraine,key,Paper A <http://a.example/x>\n"
        ",Sanctions period,,2006,2016-02,Economy,,,,later; key,Paper A <http://a.example/x>; Paper B\n"
        ",Open-ended,,2014,..,,,,,,\n",
    )
    result = import_file(fresh_db, src)
    assert result.dataset == "my-events" and result.events == 3
    events = {e.title: e for e in EventStore(fresh_db).events()}
    summit = events["Summit in Minsk"]
    assert (summit.id, summit.date, summit.track, summit.quote) == (
        "e1",
        "2015-02-12",
        "my-events:diplomacy",
        "“We agreed.”",
    )
    assert summit.actors == ["Belarus", "Ukraine"] and summit.origin == "import:my-events"
    assert events["Sanctions period"].date == "2006/2016-02"
    assert events["Sanctions period"].id == "my-events-1"
    assert events["Open-ended"].date == "2014/.." and events["Open-ended"].track == "my-events:default"
    tracks = {t.id: t for t in EventStore(fresh_db).tracks()}
    assert (
        tracks["my-events:default"].name == "My Events"
        and tracks["my-events:diplomacy"].origin == "import:my-events"
    )
    sources = EventStore(fresh_db).sources()
    assert sorted((s.citation, s.url) for s in sources) == [
        ("Paper A", "http://a.example/x"),
        ("Paper B", None),
    ]
    assert all(s.id.startswith("my-events:") for s in sources)
    tags = sorted(fresh_db.execute("SELECT event_id, tag FROM event_tags").fetchall())
    assert tags == [("e1", "key"), ("my-events-1", "key"), ("my-events-1", "later")]
    assert fresh_db.execute("SELECT name, format, events FROM datasets").fetchall() == [
        ("My Events.csv", "csv", 3)
    ]


def test_imported_events_are_found_by_full_text_search(fresh_db, tmp_path: Path) -> None:
    """The index is built for the new rows (title, actors, sources, tags)."""
    import_file(
        fresh_db, write(tmp_path / "s.csv", "title,date,actors,tags\nPotash talks,2015,Lithuania,zebra\n")
    )
    hit = fresh_db.execute(
        "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'potash AND lithuania AND zebra'"
    )
    assert hit.fetchone()[0] == 1


def test_an_import_never_changes_the_corpus_or_annotations_and_prefixes_clashing_ids(
    sample_db, tmp_path: Path
) -> None:
    """An id already in the database gets the dataset prefix; corpus rows, notes and tags stay as they were."""
    before = {
        t: rows
        for t, rows in dump(sample_db).items()
        if t in ("notes", "tags", "event_tags", "periods", "links")
    }
    corpus = [(e.id, e.title, e.track) for e in EventStore(sample_db).events()]
    src = write(
        tmp_path / "clash.csv",
        "id,title,date,track,tags\nnam-membership-1998,Another NAM event,1998,foreign,key\n",
    )
    result = import_file(sample_db, src)
    assert result.renamed == {"nam-membership-1998": "clash:nam-membership-1998"}
    store = EventStore(sample_db)
    assert [(e.id, e.title, e.track) for e in store.events() if e.origin == "corpus"] == corpus
    new = store.get("clash:nam-membership-1998")
    assert new.track == "foreign" and new.title == "Another NAM event"  # joins the paired lane (issue 14)
    assert sample_db.execute("SELECT color FROM tags WHERE name = 'key'").fetchone()[0] == "#d62728"
    after = dump(sample_db)
    assert (
        after["notes"] == before["notes"]
        and after["tags"] == before["tags"]
        and after["periods"] == before["periods"]
    )
    assert set(before["event_tags"]) < set(after["event_tags"])


def test_the_same_file_twice_is_already_imported(fresh_db, tmp_path: Path) -> None:
    """The second import is refused by digest, plainly, and writes nothing."""
    src = write(tmp_path / "a.csv", "title,date\nOne,2001\n")
    import_file(fresh_db, src)
    before = dump(fresh_db)
    renamed = tmp_path / "copy-of-a.csv"
    renamed.write_bytes(src.read_bytes())
    with pytest.raises(
        AlreadyImported, match=r"copy-of-a.csv was already imported on .* as dataset “a” \(1 event\)"
    ):
        import_file(fresh_db, renamed)
    assert dump(fresh_db) == before


def test_a_byte_order_mark_semicolons_and_formula_guards_are_handled(fresh_db, tmp_path: Path) -> None:
    """Excel's UTF-8 with BOM and ';' separators imports; a guarded cell loses its apostrophe."""
    src = write(tmp_path / "excel.csv", "\ufefftitle;date;summary\n'=Budget;2016-05;'-5 per cent\n")
    import_file(fresh_db, src)
    event = EventStore(fresh_db).events()[0]
    assert (event.title, event.date, event.summary) == ("=Budget", "2016-05", "-5 per cent")


def test_export_csv_imports_back_with_the_same_content(sample_db, empty_db, tmp_path: Path) -> None:
    """CSV round trip: ids, dates, titles, summaries, actors, themes, tags and notes survive."""
    out = get("csv").write(gather(sample_db), tmp_path / "all.csv")
    import_file(empty_db, out)
    a = {e.id: e for e in EventStore(sample_db).events()}
    b = {e.id: e for e in EventStore(empty_db).events()}
    assert set(a) == set(b)
    for eid, e in a.items():
        assert (b[eid].title, b[eid].date, b[eid].summary, b[eid].actors, b[eid].themes) == (
            e.title,
            e.date,
            e.summary,
            e.actors,
            e.themes,
        )
    assert any(e.themes for e in a.values()), "the sample has themes to carry"
    notes = empty_db.execute("SELECT body FROM notes WHERE event_id = 'tricky-text-2015'").fetchall()
    assert notes == [("@mention and =formula",)]


def _normal(doc: dict) -> dict:
    """An export with the documented renames of an import undone: track and source ids lose their prefix."""

    def bare(value: str) -> str:
        return value.split(":", 1)[1] if ":" in value else value

    events = []
    for e in doc["events"]:
        e = dict(e, track=bare(e["track"]), sources=[bare(s) for s in e["sources"]])
        e.pop("origin")
        e.pop("footnotes")  # footnote numbers are the corpus's own
        e["notes"] = [n["body"] for n in e["notes"]]
        events.append(e)
    return {
        "events": events,
        "sources": [dict(s, id=bare(s["id"])) for s in doc["sources"]],
        "tracks": sorted(t["name"] for t in doc["tracks"]),
        "tags": doc["tags"],
        "periods": [(p["name"], p["date"], p["note"], p["color"]) for p in doc["periods"]],
        "links": doc["links"],
    }


def test_json_round_trip_keeps_events_sources_notes_tags_periods_and_links(
    sample_db, empty_db, tmp_path: Path
) -> None:
    """Export JSON, import into an empty database, export again: the same content."""
    first = get("json").write(gather(sample_db), tmp_path / "first.json")
    result = import_file(empty_db, first)
    assert (result.events, result.periods, result.links) == (6, 2, 1)
    again = to_json_obj(gather(empty_db))
    original = json.loads(first.read_text(encoding="utf-8"))
    assert _normal(again) == _normal(original)


def test_cancelling_an_import_writes_nothing(sample_db, tmp_path: Path) -> None:
    """Cancelled during the insert: the transaction is rolled back."""
    rows = "".join(f"Event {i},{1900 + i % 100}\n" for i in range(3000))
    plan = plan_import(write(tmp_path / "many.csv", "title,date\n" + rows))
    before = dump(sample_db)
    with pytest.raises(Cancelled):
        apply_import(sample_db, plan, cancelled=cancel_after(2))
    assert dump(sample_db) == before


def test_progress_reaches_the_number_of_events(fresh_db, tmp_path: Path) -> None:
    """progress(done, total) ends at (total, total)."""
    plan = plan_import(
        write(tmp_path / "p.csv", "title,date\n" + "".join(f"E{i},2001\n" for i in range(2500)))
    )
    calls: list[tuple[int, int]] = []
    apply_import(fresh_db, plan, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (2500, 2500)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.csv", b"title", "csv"),
        ("a.json", b"{", "json?"),
        ("a.txt", b"title,date", "csv"),
        ("export", b' \n{"x"', "json?"),
    ],
)
def test_the_format_is_inferred_from_name_and_content(
    tmp_path: Path, name: str, head: bytes, expected: str
) -> None:
    """Extension first, then the first byte."""
    path = tmp_path / name
    path.write_bytes(head)
    assert detect_format(path) == expected


# --- TimelineJS samples ----------------------------------------------------------------------------------------

GOOD_SAMPLES = {
    "women_in_computing.json": 10,
    "eras.json": 20,
    "houston_timeline3.json": 18,
    "twain_marktwain.json": 17,
}


@pytest.mark.parametrize("name", sorted(GOOD_SAMPLES))
def test_real_timelinejs_files_import(name: str, samples_dir: Path, fresh_db) -> None:
    """The public TimelineJS examples import whole, with text free of HTML."""
    result = import_file(fresh_db, samples_dir / "timelinejs" / name)
    assert result.format == "timelinejs" and result.events == GOOD_SAMPLES[name]
    for e in EventStore(fresh_db).events():
        assert "<" not in e.title and "<p>" not in e.summary and "&amp;" not in e.summary


def test_women_in_computing_dates_and_text(samples_dir: Path, fresh_db) -> None:
    """Partial dates keep their precision; empty end parts mean no end; HTML becomes text; the title names the track."""
    import_file(fresh_db, samples_dir / "timelinejs" / "women_in_computing.json")
    events = {e.title: e for e in EventStore(fresh_db).events()}
    assert events["Ada Lovelace"].date == "1815-12-10/1852-11-27"
    assert events["...And the women who made it work"].date == "1943-07/1946"
    assert events["Edith Clarke: Bucking the Trend"].date == "1948-03-14"
    assert events["Grace Hopper invents the compiler"].date == "1952"
    assert events["Ada Lovelace"].summary.startswith(
        "Women have been programming since before it was a thing. Take Ada Lovelace:"
    )
    assert events["Edith Clarke: Bucking the Trend"].quote.startswith(
        "There is no demand for women engineers"
    )  # type: ignore[union-attr]
    assert [t.name for t in EventStore(fresh_db).tracks()] == ["Women in Computing"]


def test_eras_become_periods(samples_dir: Path, fresh_db) -> None:
    """TimelineJS eras are written to the periods table with their bounds."""
    import_file(fresh_db, samples_dir / "timelinejs" / "eras.json")
    periods = fresh_db.execute("SELECT name, date FROM periods ORDER BY lo").fetchall()
    assert periods == [
        ("Era Test 600-650", "0600/0650"),
        ("Era Test 650-700", "0650/0700"),
        ("Era Test 700-720", "0700/0720"),
    ]
    dates = {e.title: e.date for e in EventStore(fresh_db).events()}
    assert dates["Muhammad Migrates from Mecca to Medina"] == "0622-08-09/0622-08-23"


def test_twain_without_headlines_takes_titles_from_text_or_caption(samples_dir: Path, fresh_db) -> None:
    """Slides with no headline keep a title from their text or media caption; times of day are dropped."""
    plan = plan_import(samples_dir / "timelinejs" / "twain_marktwain.json")
    titles = [e.title for e in plan.events]
    assert "a Youtube video" in titles and "Florida, Missouri" in titles
    assert any("no headline" in w for w in plan.warnings)
    assert next(e for e in plan.events if e.title == "Florida, Missouri").date == "2000-01-05"


def test_cosmological_dates_are_refused_naming_file_event_and_field(samples_dir: Path, fresh_db) -> None:
    """Billions of years ago cannot be placed: every event is named, nothing is written."""
    before = dump(fresh_db)
    plan = plan_import(samples_dir / "timelinejs" / "cosmo.json")
    assert len(plan.problems) == 7 and not plan.events
    first = str(plan.problems[0])
    assert first.startswith(
        "cosmo.json, events[0] “The Big Bang” (line 16), start_date.year: the year -13800000000"
    )
    assert "years 1 to 9999" in first
    with pytest.raises(Exception, match="cosmo.json"):
        apply_import(fresh_db, plan)
    assert dump(fresh_db) == before


def test_a_timelinejs_export_imports_back(sample_db, empty_db, tmp_path: Path) -> None:
    """Our own TimelineJS output is readable TimelineJS: titles, groups and display dates come back."""
    out = get("timelinejs").write(gather(sample_db), tmp_path / "tl.json", ExportOptions(title="Sample"))
    result = import_file(empty_db, out)
    assert result.events == 6 and result.periods == 2
    events = {e.id: e for e in EventStore(empty_db).events()}
    assert events["nuclear-arms-leave-1996"].date == "1996-11-27"
    assert events["tricky-text-2015"].title == "Minsk <talks> & *stars* [x](y)"
    assert events["tricky-text-2015"].date == "2015-09/2015-11"
    assert {t.name for t in EventStore(empty_db).tracks()} == {
        "Foreign policy",
        "National security",
        "Other states and context",
    }


def test_a_bulk_import_rebuilds_the_indexes_it_dropped(
    empty_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the bulk threshold the secondary indexes are dropped and re-created exactly as they were."""
    from explorer.formats import import_write

    monkeypatch.setattr(import_write, "BULK_MIN", 10)
    schema = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = empty_db.execute(schema).fetchall()
    rows = "".join(f"E{i},{1900 + i},T{i % 3},A{i % 4}; B\n" for i in range(40))
    result = import_file(empty_db, write(tmp_path / "bulk.csv", "title,date,track,actors\n" + rows))
    assert result.events == 40
    assert empty_db.execute(schema).fetchall() == before
    plan = empty_db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM events WHERE track = 'bulk:t1' AND lo > 0"
    ).fetchall()
    assert "events_track_lo" in str(plan)
    assert empty_db.execute("SELECT count(*) FROM event_actors WHERE actor = 'B'").fetchone()[0] == 40


def _file_db(path: Path):
    from explorer.store import open_database

    return open_database(path, create=True)


def test_a_large_import_is_written_through_a_rollback_journal_and_returns_to_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold the import switches to a rollback journal for its transaction, then back to WAL."""
    from explorer.formats import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_MIN", 10)
    db = _file_db(tmp_path / "big.db")
    modes: list[str] = []
    db.conn.set_trace_callback(lambda sql: modes.append(sql) if "journal_mode =" in sql else None)
    rows = "".join(f"E{i},{1900 + i}\n" for i in range(40))
    assert import_file(db, write(tmp_path / "big.csv", "title,date\n" + rows)).events == 40
    db.conn.set_trace_callback(None)
    assert modes == ["PRAGMA journal_mode = DELETE", "PRAGMA journal_mode = WAL"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM events_fts").fetchone()[0] == 40
    db.conn.close()


def test_a_cancelled_large_import_writes_nothing_and_returns_to_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rollback journal undoes a cancelled import as the WAL would."""
    from explorer.formats import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_MIN", 10)
    db = _file_db(tmp_path / "big.db")
    plan = plan_import(
        write(tmp_path / "big.csv", "title,date\n" + "".join(f"E{i},1990\n" for i in range(3000)))
    )
    with pytest.raises(Cancelled):
        apply_import(db, plan, cancelled=cancel_after(2))
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.conn.close()


def test_a_large_import_stays_in_wal_while_another_connection_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a second connection on the file the journal cannot switch: the import goes through the WAL."""
    from explorer.formats import importer
    from explorer.store import open_database

    monkeypatch.setattr(importer, "BULK_JOURNAL_MIN", 10)
    db = _file_db(tmp_path / "big.db")
    reader = open_database(tmp_path / "big.db", readonly=True)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM events").fetchone()  # holds a read snapshot
    db.conn.execute("PRAGMA busy_timeout = 50")
    rows = "".join(f"E{i},{1900 + i}\n" for i in range(40))
    assert import_file(db, write(tmp_path / "big.csv", "title,date\n" + rows)).events == 40
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 40
    reader.conn.close()
    db.conn.close()

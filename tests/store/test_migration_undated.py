"""The undated-events migration: a database of the version before it keeps its events (dated, as
they were) and can then hold an undated record, which the columns, filters and ordering handle."""

from __future__ import annotations

from pathlib import Path

from explorer.model import UNDATED_DAY, Event, Track
from explorer.store import SCHEMA_VERSION, open_database, schema_version
from explorer.store import migrations as mig
from explorer.store.columns import load_columns
from explorer.store.db import connect, migrate
from explorer.store.events import EventStore, write_events, write_tracks

#: The version a file has before the undated-events migration (found by the function, so that
#: renumbering at a merge keeps the test right).
BEFORE = mig.MIGRATIONS.index(mig._v7_undated_events)


def test_a_database_of_the_previous_version_gains_the_flag_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, target=BEFORE)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    assert "undated" not in columns, "the file really is of the previous version"
    conn.execute("INSERT INTO tracks (id, name) VALUES ('foreign', 'Foreign')")
    conn.execute(
        "INSERT INTO events (num, id, title, date, precision, kind, start_min, start_max, end_min, end_max,"
        " lo, hi, track) VALUES (1, 'old-event', 'An old event', '2014', 'year', 'event', '2014-01-01',"
        " '2014-12-31', '2014-01-01', '2014-12-31', 735234, 735598, 'foreign')"
    )
    conn.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT undated FROM events WHERE id = 'old-event'").fetchone()[0] == 0
    store = EventStore(db)
    (old,) = store.events()
    assert not old.undated and old.date_words == "2014"

    with db.atomic():
        write_tracks(db, [Track(id="foreign", name="Foreign")])
        write_events(
            db,
            [
                Event(
                    id="said-once",
                    title="Said without a date",
                    date="",
                    track="foreign",
                    date_text="undated (section 5)",
                    section="5",
                )
            ],
            start_position=1,
        )
    row = db.execute("SELECT date, precision, undated, lo, hi FROM events WHERE id = 'said-once'").fetchone()
    assert tuple(row) == ("", "undated", 1, UNDATED_DAY, UNDATED_DAY)
    assert store.ids() == ["old-event", "said-once"], "undated after every dated event"
    assert store.get("said-once").date_words == "undated (section 5)"
    cols = load_columns(db)
    assert cols.dated.tolist() == [True, False]
    assert cols.span() == (735234, 735598)
    assert store.ids_overlapping(1, 3_652_059) == ["old-event"]
    db.conn.close()

"""A large import's second core (explorer.store.side_build).

The worker's full-text index must be exactly what the import would have written in-process, the
connection must go on working with the index it copied in, and a failing worker, a cancel or an
invalid file must leave the database and its folder as they were.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sample_data import cancel_after, dump, make_sample

from explorer.formats import import_write
from explorer.formats.common import Cancelled
from explorer.formats.importer import apply_import, import_file, plan_import
from explorer.formats.problems import ImportFailed
from explorer.store import open_database, side_build
from explorer.store.fts import rebuild_fts, reindex_events
from explorer.store.migrations import AUTHORED
from explorer.store.search import search

ROOT = Path(__file__).resolve().parents[2]
HEADER = "id,title,date,track,summary,quote,actors,themes,tags,notes,sources\n"
ACTORS = ["Alexander Lukashenko", "Russia", "NATO", "China", "Ukraine"]
THEMES = ["csto", "Energy diversification", "neutrality-norm", "air-defence"]


def _rows(n: int) -> str:
    """n varied rows: generated and clashing ids, lists with repeats, notes, tags, sources, quotes."""
    out = []
    for i in range(n):
        given = "" if i % 7 == 0 else ("nuclear-arms-leave-1996" if i == 3 else f"ev-{i}")
        actors = "; ".join(ACTORS[j % len(ACTORS)] for j in range(i, i + i % 3 + 1))
        if i % 11 == 0:
            actors += f"; {ACTORS[i % len(ACTORS)]}"  # a repeat, kept once
        themes = THEMES[i % len(THEMES)] if i % 5 else ""
        tags = "later; check" if i % 13 == 0 else ""
        notes = f"note on pipeline {i}" if i % 17 == 0 else ""
        source = f"Report {i % 4} <https://example.org/r{i % 4}>" if i % 3 == 0 else ""
        quote = f'"Minsk said {i}, ""neutral"""' if i % 9 == 0 else ""
        date = ("1994", f"2003-{i % 12 + 1:02d}", f"2010-05-{i % 28 + 1:02d}~", "2014/..", "199X")[i % 5]
        out.append(
            f"{given},Pipeline talks {i} in Minsk,{date},track-{i % 4},"
            f"Belarus weighs neutrality and gas item{i},{quote},{actors},{themes},{tags},{notes},{source}\n"
        )
    return HEADER + "".join(out)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both imports of a comparison stamp the same time."""
    from datetime import datetime

    from explorer.formats import importer

    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            return datetime(2026, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr(importer, "datetime", Fixed)


@pytest.fixture
def worker_always(monkeypatch: pytest.MonkeyPatch) -> list[side_build.SideBuild]:
    """Use the worker from 10 events on and from the first byte; the SideBuilds started are listed."""
    started: list[side_build.SideBuild] = []
    original = side_build.SideBuild.start.__func__  # type: ignore[attr-defined]

    def start(cls, *args, **kwargs):  # noqa: ANN001, ANN202
        side = original(cls, *args, **kwargs)
        if side is not None:
            started.append(side)
        return side

    monkeypatch.setattr(import_write, "SIDE_BUILD_MIN", 10)
    monkeypatch.setattr(import_write, "SPECULATE_MIN_BYTES", 0)
    monkeypatch.setattr(side_build.SideBuild, "start", classmethod(start))
    return started


def _import_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, source: Path | None = None
) -> tuple[Any, Any]:
    """The same file imported into two copies of the sample (or of `source`): in-process, then through the worker."""
    source = source or make_sample(tmp_path / "sample.db")
    csv = tmp_path / "pipeline.csv"
    csv.write_text(rows, encoding="utf-8")
    dbs = []
    for name, minimum in (("in-process", 10**9), ("worker", 10)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(source, folder / "sample.db")
        db = open_database(folder / "sample.db")
        monkeypatch.setattr(import_write, "SIDE_BUILD_MIN", minimum)
        monkeypatch.setattr(import_write, "SPECULATE_MIN_BYTES", 0 if minimum == 10 else 10**12)
        import_file(db, csv)
        dbs.append(db)
    return dbs[0], dbs[1]


def _sample_and_file(tmp_path: Path, text: str) -> tuple[object, object, Path]:
    """The sample as a database file, its content, and a CSV of `text` beside it."""
    db = open_database(make_sample(tmp_path / "sample.db"))
    csv = tmp_path / "pipeline.csv"
    csv.write_text(text, encoding="utf-8")
    return db, dump(db), csv


def _same_but_uids(db: Any) -> dict:
    """The database's rows with the annotations' uids cleared: they are random by design."""
    for table, _kind in AUTHORED:
        db.execute(f"UPDATE {table} SET uid = NULL")
    return dump(db)


def _no_scratch_files(folder: Path) -> bool:
    """True once no scratch file is left in the folder (they are removed on a thread: wait up to 5 s)."""
    deadline = time.monotonic() + 5
    while list(folder.glob(".neutrality-import-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    return not list(folder.glob(".neutrality-import-*"))


def test_the_worker_writes_what_the_in_process_import_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_always: list[side_build.SideBuild]
) -> None:
    """Every table (the index's shadow tables apart) and every index row are the same either way."""
    inline, worker = _import_twice(tmp_path, monkeypatch, _rows(300))
    assert len(worker_always) == 1 and worker_always[0].error is None  # the worker did run
    fts_tables = ("events_fts_data", "events_fts_idx", "events_fts_docsize", "events_fts_config")
    a, b = _same_but_uids(inline), _same_but_uids(worker)
    for table in a:
        if table not in fts_tables:
            assert a[table] == b[table], table
    assert b["events_fts_content"] and a["events_fts_content"] == b["events_fts_content"]
    for db in (inline, worker):
        db.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for words in ("pipeline", "neutral", "Lukashenka", "csto", "later", "example.org", "Moldova"):
        assert [h.event_id for h in search(worker, words, limit=50)] == [
            h.event_id for h in search(inline, words, limit=50)
        ], words
    assert _no_scratch_files(tmp_path / "worker")


def test_the_connection_goes_on_writing_to_the_index_it_copied_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_always: list[side_build.SideBuild]
) -> None:
    """No stale view of the replaced index survives: later changes through the same connection index well."""
    _, db = _import_twice(tmp_path, monkeypatch, _rows(120))
    assert search(db, "zeppelin") == []
    with db.atomic():
        db.execute(
            "INSERT INTO notes (event_id, body, created, modified) VALUES ('ev-5', 'zeppelin over Minsk', '', '')"
        )
        reindex_events(db, ["ev-5"])
    assert [h.event_id for h in search(db, "zeppelin")] == ["ev-5"]
    db.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


def test_import_and_rebuild_index_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_always: list[side_build.SideBuild]
) -> None:
    """The rows an import indexes (in Python, both ways) hold the words store.fts's SQL would index."""
    inline, worker = _import_twice(tmp_path, monkeypatch, _rows(150))

    def words(db) -> Counter[tuple[int, str, str]]:  # noqa: ANN001
        """Each (event, column, word) of the index, counted (word order within a column aside)."""
        db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, events_fts, 'instance')"
        )
        return Counter(db.execute("SELECT doc, col, term FROM temp.words"))

    for db in (inline, worker):
        imported = words(db)
        assert len(imported) > 2000
        with db.atomic():
            rebuild_fts(db)
        assert words(db) == imported


def test_a_failing_worker_leaves_the_import_to_finish_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_always: list[side_build.SideBuild]
) -> None:
    """A worker that dies at once is noticed; the import does its work itself and removes the scratch file."""
    monkeypatch.setattr(
        side_build, "worker_command", lambda path: [sys.executable, "-c", "import sys; sys.exit(3)"]
    )
    inline, worker = _import_twice(tmp_path, monkeypatch, _rows(200))
    assert worker_always and "code 3" in (worker_always[0].error or "")
    assert _same_but_uids(inline) == _same_but_uids(worker)
    assert _no_scratch_files(tmp_path / "worker")


def test_a_cancelled_import_with_a_worker_writes_nothing_and_stops_it(
    tmp_path: Path, worker_always: list[side_build.SideBuild]
) -> None:
    """Cancel after the first events: nothing is written, the worker is gone and so is its file."""
    db, before, csv = _sample_and_file(tmp_path, _rows(3000))
    with pytest.raises(Cancelled):
        apply_import(db, plan_import(csv), cancelled=cancel_after(3))
    assert dump(db) == before
    assert worker_always and worker_always[0].process.poll() is not None
    assert _no_scratch_files(tmp_path)
    assert db.execute("PRAGMA database_list").fetchall()[-1][1] == "main"  # nothing left attached


def test_an_invalid_file_read_with_a_worker_writes_nothing(
    tmp_path: Path, worker_always: list[side_build.SideBuild]
) -> None:
    """The worker starts before the file is read; a bad row at the end still means nothing is written."""
    db, before, csv = _sample_and_file(tmp_path, _rows(400) + ",Bad date at the end,2015-13-40,x,,,,,,,\n")
    with pytest.raises(ImportFailed, match="line 402"):
        import_file(db, csv)
    assert worker_always and worker_always[0].sent > 0  # fed while the file was read
    assert worker_always[0].process.poll() is not None
    assert dump(db) == before
    assert _no_scratch_files(tmp_path)


def test_scratch_files_of_processes_that_are_gone_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file left by a killed import goes when the next worker starts there; a running one's stays."""
    db = open_database(make_sample(tmp_path / "sample.db"))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f".neutrality-import-{gone.stdout.strip()}-abc.db"
    alive = tmp_path / f".neutrality-import-{os.getppid()}-abc.db"
    for path in (dead, alive):
        path.write_bytes(b"")
    side = side_build.SideBuild.start(db, {}, {})
    assert side is not None
    try:
        assert not dead.exists() and alive.exists()
        assert side.path.exists()
    finally:
        side.close(db)
    assert side.cleanup is not None
    side.cleanup.join(5)
    assert not side.path.exists() and side.process.poll() is not None


def test_an_in_memory_database_is_imported_in_process(fresh_db) -> None:
    """No file, no folder for a scratch file: no worker."""
    assert side_build.SideBuild.start(fresh_db, {}, {}) is None


def _frame(obj: object) -> bytes:
    data = pickle.dumps(obj)
    return len(data).to_bytes(8, "little") + data


def test_the_bundled_launcher_runs_the_worker(tmp_path: Path) -> None:
    """The stand-alone app has no `python -m`: its launcher runs the worker when asked by flag."""
    db = open_database(tmp_path / "main.db", create=True)
    definition = db.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()[0]
    db.conn.close()
    scratch = tmp_path / "scratch.db"
    event = (7, "Talks in Minsk", "About gas", "", ("Russia", "Russia"), ("csto",), (), "", ("later",))
    messages = [
        {"definition": definition, "actors": {}, "themes": {}, "lists": ["event_actors"]},
        ("events", {}, [event]),
    ]
    stdin = b"".join(_frame(m) for m in messages) + (0).to_bytes(8, "little")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "launcher.py"), side_build.WORKER_FLAG, str(scratch)],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.stdout.decode().strip() == "ok 1", done.stderr.decode()
    conn = sqlite3.connect(scratch)
    assert conn.execute("SELECT rowid, actors, themes, annotations FROM events_fts").fetchall() == [
        (7, "Russia", "csto", " later")
    ]
    assert conn.execute("SELECT num, actor, position FROM event_actors").fetchall() == [(7, "Russia", 0)]
    conn.close()


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_names = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6), max_size=3)


@given(
    st.lists(st.tuples(_text, _text, _text, _text, _names, _names, _names, _names), min_size=1, max_size=8)
)
def test_events_packed_as_columns_read_back_or_are_refused_when_text_holds_a_nul(events) -> None:  # noqa: ANN001
    """Columns joined by NUL read back exactly; a NUL anywhere in the text makes the packing refuse."""
    texts = [[e[i] for e in events] for i in range(4)]
    lists = [[tuple(e[i]) for e in events] for i in range(4, 8)]
    packed = side_build.pack_events(texts, lists)
    has_nul = any("\x00" in t for e in events for t in (*e[:4], *(x for names in e[4:] for x in names)))
    if has_nul:
        assert packed is None
    else:
        assert packed is not None
        expected = [
            (7 + i, e[0], e[1], e[2], tuple(e[4]), tuple(e[5]), tuple(e[6]), e[3], tuple(e[7]))
            for i, e in enumerate(events)
        ]
        assert side_build.unpack_events(7, packed) == expected


def test_the_worker_lists_join_the_new_events_by_num_when_rowids_have_drifted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_always: list[side_build.SideBuild]
) -> None:
    """A database whose largest rowid is past its largest num (a restored dataset does that) still
    gets every actor and theme on the right event: the lists are joined by num, not rowid."""
    source = make_sample(tmp_path / "sample.db")
    db = open_database(source)
    db.execute("UPDATE events SET rowid = rowid + 1000 WHERE num = (SELECT max(num) FROM events)")
    db.conn.close()
    inline, worker = _import_twice(tmp_path, monkeypatch, _rows(120), source)
    assert len(worker_always) == 1 and worker_always[0].error is None
    assert worker.execute("SELECT count(*) FROM events WHERE rowid != num").fetchone()[0] > 100
    for table in ("event_actors", "event_themes"):
        query = f"SELECT event_id, {table.removeprefix('event_')[:-1]}, position FROM {table} ORDER BY 1, 2"
        assert worker.execute(query).fetchall() == inline.execute(query).fetchall(), table

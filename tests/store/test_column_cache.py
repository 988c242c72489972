"""The column cache: used when the database is unchanged, never when it changed, rebuilt when damaged."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from explorer.store import column_cache, columns, open_database
from explorer.store.columns import EventColumns, load_columns


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> Path:
    """The corpus copy, with caching on from its size and no wait for settled file times."""
    monkeypatch.setattr(column_cache, "MIN_EVENTS", 1)
    monkeypatch.setattr(column_cache, "RACY_S", 0.0)
    return corpus_db


def _load(path: Path) -> EventColumns:
    db = open_database(path, readonly=True)
    return load_columns(db)


def _scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the SQL scans load_columns makes from now on."""
    calls: list[int] = []
    real = columns._read_columns

    def counting(db: sqlite_utils.Database) -> EventColumns:
        calls.append(1)
        return real(db)

    monkeypatch.setattr(columns, "_read_columns", counting)
    return calls


def _same(a: EventColumns, b: EventColumns) -> None:
    assert a.track_ids == b.track_ids
    for name in column_cache.ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name


def test_an_unchanged_database_opens_from_the_cache_with_the_same_columns(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _load(cached)
    scans = _scans(monkeypatch)
    second = _load(cached)
    assert scans == []
    _same(first, second)
    assert second.ids[0] == first.ids[0]  # text still comes from the database
    second.lo[0] += 1  # writable like arrays read by SQL


def test_a_committed_edit_is_seen_not_the_stale_cache(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _load(cached)
    row = 0
    event_id = before.ids[row]
    db = open_database(cached)
    with db.conn:
        db.execute("UPDATE events SET lo = lo - 1000 WHERE id = ?", [event_id])
    scans = _scans(monkeypatch)
    after = _load(cached)
    assert scans == [1]
    assert int(after.lo[after.index_of(event_id)]) == int(before.lo[row]) - 1000
    db.conn.close()


def test_a_cache_of_the_format_before_title_lengths_is_read_again_by_sql(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:  # a cache as the version before wrote it: no title lengths
        old.setattr(column_cache, "FORMAT", 1)
        old.setattr(column_cache, "ARRAYS", tuple(a for a in column_cache.ARRAYS if a != "title_len"))
        _load(cached)
        assert column_cache.cache_path(Path(cached).resolve()).exists()
    scans = _scans(monkeypatch)
    again = _load(cached)
    assert scans == [1]
    assert again.title_len is not None and again.title_len.tolist() == [len(t) for t in again.titles.tolist()]
    fresh = _load(cached)  # the cache written again holds them
    assert scans == [1]
    _same(again, fresh)


def test_a_damaged_cache_is_ignored_and_written_again(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _load(cached)
    path = column_cache.cache_path(Path(cached).resolve())
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0xFF  # one flipped byte in the arrays: the checksum no longer matches
    path.write_bytes(bytes(blob))
    scans = _scans(monkeypatch)
    _same(_load(cached), good)
    assert scans == [1]
    path.write_bytes(path.read_bytes()[:100])  # cut short
    _same(_load(cached), good)
    assert scans == [1, 1]
    _load(cached)
    assert scans == [1, 1]  # written again after each


def test_a_database_in_a_read_only_folder_gets_no_file_beside_it(
    cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db_path = folder / "neutrality.db"
    shutil.copyfile(cached, db_path)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        _load(db_path)
        scans = _scans(monkeypatch)
        _load(db_path)
        assert scans == []
        assert sorted(p.name for p in folder.iterdir()) == ["neutrality.db"]
    finally:
        os.chmod(folder, stat.S_IRWXU)


def test_files_written_just_now_are_not_trusted_for_a_cache(
    corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(column_cache, "MIN_EVENTS", 1)
    db = open_database(corpus_db)
    path = column_cache.database_file(db)
    assert path is not None
    with db.conn:
        db.execute("UPDATE events SET title = title || ' ' WHERE num = (SELECT min(num) FROM events)")
    state = column_cache.file_state(db, path, "q")
    assert state is not None
    assert not column_cache.is_settled(state)  # a write within the same clock tick could still follow
    later = max(t for f in (state["main"], state["wal"]) if f for t in f[3:5]) + int(3e9)
    assert column_cache.is_settled(state, now_ns=later)
    load_columns(db)
    assert not column_cache.cache_path(path).exists()
    db.conn.close()


def test_an_in_memory_database_has_no_cache(
    fresh_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(column_cache, "MIN_EVENTS", 0)
    assert column_cache.database_file(fresh_db) is None
    assert len(load_columns(fresh_db)) == 0


def test_only_the_most_recent_caches_are_kept(
    cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(column_cache, "KEEP", 2)
    paths = []
    for i in range(3):
        copy = tmp_path / f"copy{i}.db"
        shutil.copyfile(cached, copy)
        _load(copy)
        paths.append(column_cache.cache_path(copy.resolve()))
        when = 1_000_000_000 * (1_600_000_000 + i)  # written in this order (file clocks may be coarse)
        os.utime(paths[-1], ns=(when, when))
    assert [p.exists() for p in paths] == [False, True, True]

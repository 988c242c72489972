"""`neutrality generate`: reproducible, realistic synthetic databases."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from explorer.bench.synth import generate
from explorer.cli import main
from explorer.model import parse_date
from explorer.model.dates import PRECISIONS

N = 3000


def _dump_digest(path: Path) -> str:
    """SHA-256 of the full SQL dump of a database (schema and every row)."""
    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        for line in conn.iterdump():
            h.update(line.encode())
        return h.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def gen_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3,000-event database in 7 lanes, seed 5."""
    path = tmp_path_factory.mktemp("gen") / "g.db"
    assert (
        main(["generate", "--events", str(N), "--lanes", "7", "--seed", "5", "-o", str(path), "--quiet"]) == 0
    )
    return path


@pytest.fixture
def conn(gen_db: Path):
    c = sqlite3.connect(gen_db)
    yield c
    c.close()


def test_same_seed_gives_the_same_content(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    generate(a, 1500, lanes=4, seed=9)
    generate(b, 1500, lanes=4, seed=9)
    generate(c, 1500, lanes=4, seed=10)
    assert _dump_digest(a) == _dump_digest(b)
    assert _dump_digest(a) != _dump_digest(c)


def test_writes_n_events_in_k_lanes(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == N
    assert conn.execute("SELECT count(*) FROM tracks").fetchone()[0] == 7
    assert conn.execute("SELECT count(DISTINCT track) FROM events").fetchone()[0] == 7
    assert conn.execute("SELECT count(*) FROM events_fts").fetchone()[0] == N


def test_every_precision_and_kind_of_date_is_present(conn: sqlite3.Connection) -> None:
    precisions = {r[0] for r in conn.execute("SELECT DISTINCT precision FROM events")}
    assert precisions == set(PRECISIONS)

    def count(where: str) -> int:
        return conn.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]

    assert count("kind = 'period'") > N // 20  # intervals
    assert count("open_end = 1") > 0 and count("date LIKE '%/..'") > 0  # open-ended ("since 2014")
    assert count("date LIKE '%/'") > 0  # unknown end
    assert count("date LIKE '../%'") > 0  # open start
    assert count("approximate = 1") > 0 and count("uncertain = 1") > 0
    assert count("date LIKE '[%'") > 0  # one of a set
    assert count("date GLOB '[0-9][0-9][0-9]X'") > 0  # decades


def test_stored_bounds_are_those_parse_date_gives(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT date, precision, kind, approximate, uncertain, open_start, open_end,"
        " start_min, start_max, end_min, end_max, lo, hi FROM events"
    ).fetchall()
    for d, precision, kind, approx, unc, o_start, o_end, smin, smax, emin, emax, lo, hi in rows:
        f = parse_date(d)
        assert (precision, kind == "period", bool(approx), bool(unc)) == (
            f.precision, f.is_interval, f.approximate, f.uncertain,
        )  # fmt: skip
        assert (bool(o_start), bool(o_end), lo, hi) == (f.open_start, f.open_end, f.lo, f.hi)
        assert (smin, smax, emin) == (f.start_min.isoformat(), f.start_max.isoformat(), f.end_min.isoformat())
        assert emax == (f.end_max.isoformat() if f.end_max else None)


def test_events_come_in_bursts(conn: sqlite3.Connection) -> None:
    busiest = conn.execute(
        "SELECT count(*) FROM events WHERE precision = 'day' AND kind = 'event' GROUP BY lo ORDER BY 1 DESC LIMIT 1"
    ).fetchone()[0]
    assert busiest >= 10  # uniform spreading would put one or two on a day


def test_links_are_consistent_and_searchable(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM event_actors").fetchone()[0] >= N
    assert conn.execute("SELECT count(*) FROM periods").fetchone()[0] > 0
    # An alias finds the events of its actor through the index.
    by_alias = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Lukashenka'").fetchone()[
        0
    ]
    by_link = conn.execute(
        "SELECT count(*) FROM event_actors WHERE actor = 'Alexander Lukashenko'"
    ).fetchone()[0]
    assert by_alias == by_link > 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT v FROM events_fts_config WHERE k = 'hashsize'").fetchone()[0] == 1024 * 1024


def test_an_existing_file_is_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.db"
    out.write_bytes(b"")
    assert main(["generate", "--events", "10", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.stat().st_size == 0
    assert main(["generate", "--events", "10", "-o", str(out), "--force", "--quiet"]) == 0
    assert sqlite3.connect(out).execute("SELECT count(*) FROM events").fetchone()[0] == 10


def test_zero_events_gives_an_empty_database_with_lanes(tmp_path: Path) -> None:
    out = tmp_path / "empty.db"
    generate(out, 0, lanes=3)
    c = sqlite3.connect(out)
    assert c.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM tracks").fetchone()[0] == 3

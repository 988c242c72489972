"""Events on several lanes in the store and the corpus: the migration, the corpus field and the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from explorer.corpus import build_database
from explorer.corpus.load import CorpusError, load_corpus
from explorer.store import SCHEMA_VERSION, open_database, schema_version
from explorer.store import migrations as mig
from explorer.store.db import connect, migrate
from explorer.store.events import extra_tracks

ROOT = Path(__file__).resolve().parents[2]
#: The version before the "events on several lanes" migration (found by function, so a renumbering holds).
BEFORE = mig.MIGRATIONS.index(mig._v8_extra_tracks)


def test_a_database_of_the_previous_version_gains_the_table_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, target=BEFORE)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "event_extra_tracks" not in tables, "the file really is of the previous version"
    conn.execute("INSERT INTO tracks (id, name, position) VALUES ('foreign', 'Foreign', 0)")
    conn.execute("INSERT INTO tracks (id, name, position) VALUES ('security', 'Security', 1)")
    conn.execute(
        "INSERT INTO events (num, id, title, date, precision, kind, start_min, start_max, end_min, end_max,"
        " lo, hi, track) VALUES (1, 'old-event', 'An old event', '2014', 'year', 'event', '2014-01-01',"
        " '2014-12-31', '2014-01-01', '2014-12-31', 735234, 735598, 'security')"
    )
    conn.commit()
    conn.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert extra_tracks(db) == {}, "no event is on a second lane until one is put there"
    with db.atomic():
        db.execute("INSERT INTO event_extra_tracks VALUES ('old-event', 'foreign', 'section 3')")
    assert extra_tracks(db) == {"old-event": ["foreign"]}
    assert db.execute("SELECT track FROM events WHERE id = 'old-event'").fetchone()[0] == "security"
    with db.atomic():
        db.execute("DELETE FROM events WHERE id = 'old-event'")
    assert extra_tracks(db) == {}, "the placement goes with its event"


def test_the_corpus_build_carries_the_placements_with_their_reasons(worktree_corpus_db: Path) -> None:
    db = open_database(worktree_corpus_db, readonly=True)
    try:
        shared = extra_tracks(db)
        assert shared["belarus-refuses-russian-airbase-2015"] == ["foreign"]
        home = db.execute(
            "SELECT track FROM events WHERE id = 'belarus-refuses-russian-airbase-2015'"
        ).fetchone()
        assert home[0] == "security"
        reasons = db.execute("SELECT event_id, reason FROM event_extra_tracks").fetchall()
        assert len(reasons) >= 3
        assert all("ection" in reason for _, reason in reasons), "each justification names a section"
    finally:
        db.close()


def _corpus_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(ROOT / "data" / "corpus", root)
    return root


@pytest.mark.parametrize(
    ("also", "message"),
    [
        ([{"track": "nowhere", "why": "Section 3."}], "unknown track 'nowhere'"),
        ([{"track": "security", "why": "Section 3."}], "already the event's home track"),
        ([{"track": "foreign", "why": "  "}], "`why` must say where the paper treats"),
        ([{"track": "foreign"}], "`why` must say where the paper treats"),
        ("foreign", "must be a list"),
    ],
)
def test_a_bad_placement_is_refused_with_one_sentence_naming_file_event_and_field(
    tmp_path: Path, also: object, message: str
) -> None:
    root = _corpus_copy(tmp_path)
    path = root / "events" / "04-national-security.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    rec = next(r for r in records if r["id"] == "belarus-refuses-russian-airbase-2015")
    rec["also_tracks"] = also
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(root)
    (line,) = [p for p in str(err.value).splitlines() if "also_tracks" in p]
    assert line.startswith(
        "04-national-security.yaml, event belarus-refuses-russian-airbase-2015, field also_tracks"
    )
    assert message in line


def test_a_built_copy_of_the_corpus_has_the_same_placements(tmp_path: Path) -> None:
    out = build_database(ROOT / "data" / "corpus", tmp_path / "again.db")
    assert ("belarus-refuses-russian-airbase-2015", "foreign") in [(e, t) for e, t, _ in out.also_tracks]
    db = open_database(tmp_path / "again.db", readonly=True)
    try:
        assert extra_tracks(db) == {e: [t] for e, t, _ in out.also_tracks}
    finally:
        db.close()


def test_a_workspace_merging_the_corpus_gets_its_placements(tmp_path: Path, worktree_corpus_db: Path) -> None:
    from explorer.store.workspace import merge_corpus

    ws = open_database(tmp_path / "workspace.db", create=True)
    try:
        report = merge_corpus(ws, worktree_corpus_db)
        assert report.merged
        assert extra_tracks(ws)["belarus-refuses-russian-airbase-2015"] == ["foreign"]
        with ws.atomic():
            ws.execute("DELETE FROM event_extra_tracks")
            ws.execute("UPDATE meta SET value = 'older' WHERE key = 'corpus_digest'")
        merge_corpus(ws, worktree_corpus_db)
        assert len(extra_tracks(ws)) >= 3, "a newer corpus brings its placements back"
    finally:
        ws.close()

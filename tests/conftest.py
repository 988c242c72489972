"""Shared fixtures: offscreen Qt, an isolated user-data folder, the paper, fresh databases."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# pyqtgraph as the app imports it (explorer.app.make_application: lazily filled Qt mirrors, modules
# the window does not use run on first use), before any test module imports it the plain way
import PySide6.QtWidgets  # noqa: E402,F401  (before pyqtgraph, so it binds to PySide6)

from explorer.ui.lean_pyqtgraph import import_pyqtgraph  # noqa: E402

import_pyqtgraph()

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAPER = SHARED / "seed" / "000_499677a30279e0af.txt"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user-data folder, so no test sees a real workspace."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEUTRALITY_EXPLORER_HOME", str(home))
    return home


@pytest.fixture
def paper_text() -> str:
    """The paper's text from ../shared/seed (skipped where that folder is absent)."""
    if not PAPER.exists():
        pytest.skip(f"the paper is not available at {PAPER}")
    return PAPER.read_text(encoding="utf-8")


@pytest.fixture
def samples_dir() -> Path:
    """../shared/samples (skipped where absent)."""
    if not SAMPLES.exists():
        pytest.skip(f"the sample files are not available at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def fresh_db():
    """An in-memory database with every migration applied."""
    from explorer.store import open_memory

    db = open_memory()
    yield db
    db.conn.close()


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus database: the bundled one when present, else built from the corpus files."""
    from explorer.resources import bundled_db, corpus_dir

    out = tmp_path_factory.mktemp("corpus") / "neutrality.db"
    if bundled_db().exists():
        shutil.copyfile(bundled_db(), out)
    else:
        from explorer.corpus import build_database

        build_database(corpus_dir(), out)
    return out


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus database."""
    from explorer.resources import bundled_db

    target = tmp_path / "corpus.db"
    shutil.copyfile(bundled_db(), target)
    return target


@pytest.fixture(scope="session")
def worktree_corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from this checkout's data/corpus (the bundled one may be another checkout's)."""
    from explorer.corpus import build_database

    out = tmp_path_factory.mktemp("worktree-corpus") / "neutrality.db"
    build_database(ROOT / "data" / "corpus", out)
    return out


@pytest.fixture
def undated_db(worktree_corpus_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the database built from this checkout's corpus (with its undated records)."""
    target = tmp_path / "undated.db"
    shutil.copyfile(worktree_corpus_db, target)
    return target


@pytest.fixture
def make_db(tmp_path: Path):
    """Build a small database from (id, EDTF date, track, title) tuples; returns its path."""
    from explorer.model import Event, Track
    from explorer.store import open_database
    from explorer.store.events import write_events, write_tracks

    def make(events: list[tuple[str, str, str, str]], name: str = "small.db") -> Path:
        path = tmp_path / name
        db = open_database(path, create=True)
        tracks = sorted({e[2] for e in events} | {"foreign", "security"})
        with db.atomic():
            write_tracks(db, [Track(id=t, name=t.title(), position=i) for i, t in enumerate(tracks)])
            write_events(db, [Event(id=i, title=title, date=d, track=t) for i, d, t, title in events])
        db.conn.close()
        return path

    return make


#: How many events the `border_db` holds, every one matching "border".
BORDER_EVENTS = 240


@pytest.fixture
def border_db(make_db) -> Path:
    """A searchable database of BORDER_EVENTS events whose titles all say "border" (ranked apart by
    how often): more hits than a search lists at once."""
    from explorer.store import open_database
    from explorer.store.fts import rebuild_fts

    many = [
        (f"b-{i:03d}", f"{1990 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}", ("foreign", "security")[i % 2],
         "Border talks" + " on the border" * (i % 5) + f" round {i}")
        for i in range(BORDER_EVENTS)
    ]  # fmt: skip
    path = make_db(many, "border.db")
    db = open_database(path)
    rebuild_fts(db)  # make_db writes the events only; the search needs their index
    db.conn.close()
    return path

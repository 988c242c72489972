"""Fixtures for format tests: the fixed sample selection as a database and as a bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_data import fill, make_sample

from explorer.formats.bundle import Bundle, gather


@pytest.fixture(scope="session")
def corpus_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The whole corpus as a bundle, built from this checkout's data/corpus (skipped if it does not build)."""
    from explorer.corpus import CorpusError, build_database
    from explorer.resources import corpus_dir
    from explorer.store import open_database

    # This checkout's corpus, not an installed copy's: the exports are tested on the YAML beside them.
    here = Path(__file__).resolve().parents[2] / "data" / "corpus"
    out = tmp_path_factory.mktemp("corpus") / "corpus.db"
    try:
        build_database(here if here.is_dir() else corpus_dir(), out)
    except CorpusError as exc:
        pytest.skip(f"the corpus does not build right now: {str(exc)[:200]}")
    db = open_database(out, readonly=True)
    try:
        return gather(db)
    finally:
        db.close()


@pytest.fixture
def sample_db(fresh_db):
    """An in-memory database holding the sample selection."""
    return fill(fresh_db)


@pytest.fixture
def sample_bundle(sample_db) -> Bundle:
    """The whole sample as a bundle, in date order."""
    return gather(sample_db)


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """The sample as a database file."""
    return make_sample(tmp_path / "sample.db")


@pytest.fixture
def empty_db():
    """A second, empty in-memory database (fresh_db is the one sample_db fills)."""
    from explorer.store import open_memory

    db = open_memory()
    yield db
    db.conn.close()

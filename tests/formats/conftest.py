"""Fixtures for format tests: the fixed sample selection as a database and as a bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_data import fill, make_sample

from explorer.formats.bundle import Bundle, gather


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

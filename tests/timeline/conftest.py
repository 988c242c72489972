"""Fixtures for the timeline under real input: the corpus or a generated database in a shown window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pointing import show


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus database (the bundled one, else built from the corpus files), copied once."""
    from explorer.resources import bundled_db, corpus_dir

    out = tmp_path_factory.mktemp("corpus") / "neutrality.db"
    if bundled_db().exists():
        shutil.copyfile(bundled_db(), out)
    else:
        from explorer.corpus import build_database

        build_database(corpus_dir(), out)
    return out


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated database of 3000 events in 20 lanes (the benchmark's generator, fixed seed)."""
    from explorer.bench.synth import generate

    out = tmp_path_factory.mktemp("generated") / "generated.db"
    generate(out, events=3000, lanes=20, seed=13)
    return out


@pytest.fixture
def window(qtbot, corpus_copy: Path, tmp_path: Path):
    """A shown main window on a writable copy of the corpus, 1400x900."""
    target = tmp_path / "corpus.db"
    shutil.copyfile(corpus_copy, target)
    return show(qtbot, target)


@pytest.fixture
def generated_window(qtbot, generated_db: Path, tmp_path: Path):
    """A shown main window on a copy of the generated 20-lane database."""
    target = tmp_path / "generated.db"
    shutil.copyfile(generated_db, target)
    return show(qtbot, target)

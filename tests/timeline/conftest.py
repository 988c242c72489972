"""Fixtures for the timeline under real input: the corpus or a generated database in a shown window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pointing import show


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated database of 3000 events in 20 lanes (the benchmark's generator, fixed seed)."""
    from explorer.bench.synth import generate

    out = tmp_path_factory.mktemp("generated") / "generated.db"
    generate(out, events=3000, lanes=20, seed=13)
    return out


@pytest.fixture
def window(qtbot, built_corpus: Path, tmp_path: Path):
    """A shown main window on a writable copy of the corpus, 1400x900."""
    target = tmp_path / "corpus.db"
    shutil.copyfile(built_corpus, target)
    return show(qtbot, target)


@pytest.fixture
def generated_window(qtbot, generated_db: Path, tmp_path: Path):
    """A shown main window on a copy of the generated 20-lane database."""
    target = tmp_path / "generated.db"
    shutil.copyfile(generated_db, target)
    return show(qtbot, target)

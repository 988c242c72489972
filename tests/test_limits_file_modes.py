"""Files the app writes get the user's umask (0644 under 022), not mkstemp's private 0600:
exports of every format, the workspace and its backups."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from annotation_helpers import make_corpus

from explorer.formats.bundle import gather
from explorer.formats.registry import FORMATS
from explorer.store import open_database
from explorer.store.backup import backup_now
from explorer.store.workspace import start_workspace


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Run the test under umask 022, and put the process's own umask back afterwards."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_export_is_created_0644_under_umask_022_and_0600_under_077(
    fmt: str, tmp_path: Path, umask: None
) -> None:
    db = open_database(make_corpus(tmp_path / "corpus.db"))
    bundle = gather(db, None)
    shared = FORMATS[fmt].write(bundle, tmp_path / f"shared{FORMATS[fmt].extension}")
    assert mode(shared) == 0o644
    os.umask(0o077)
    private = FORMATS[fmt].write(bundle, tmp_path / f"private{FORMATS[fmt].extension}")
    assert mode(private) == 0o600, "the umask is followed, not replaced by a fixed mode"
    db.close()


def test_the_workspace_and_its_backups_are_created_0644_under_umask_022(tmp_path: Path, umask: None) -> None:
    corpus = make_corpus(tmp_path / "bundled.db")
    workspace = start_workspace(tmp_path / "ws" / "workspace.db", corpus, backups=tmp_path / "backups")
    try:
        assert mode(workspace.path) == 0o644
        saved = backup_now(workspace.db, folder=tmp_path / "backups")
        assert mode(saved) == 0o644
    finally:
        workspace.close(backup=False)

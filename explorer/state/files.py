"""Database files before a session opens them: File > New Database makes one here. No Qt."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from explorer.resources import bundled_db
from explorer.store import open_database
from explorer.store.backup import copy_database
from explorer.store.db import open_readonly
from explorer.store.events import write_tracks

if TYPE_CHECKING:
    from explorer.state.session import Session

#: What File > New Database makes: an empty database or a copy of the bundled corpus.
EMPTY, CORPUS = "empty", "corpus"


def create_database(path: Path, kind: str, tracks_from: Session | None = None) -> Path:
    """Make a new database: EMPTY (with the lanes of `tracks_from`) or a copy of the bundled CORPUS."""
    if path.exists():
        path.unlink()
    if kind == CORPUS:
        src = open_readonly(bundled_db())
        try:
            copy_database(src, path)
        finally:
            src.close()
        return path
    db = open_database(path, create=True)
    try:
        if tracks_from is not None:
            with db.atomic():
                write_tracks(db, tracks_from.tracks)
    finally:
        db.conn.close()
    return path

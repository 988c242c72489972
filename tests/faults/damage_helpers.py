"""Ways to damage a workspace, each as a test would meet it after a crash, a bad disk or a mistake."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from explorer.store.db import hot_journal

HOT_JOURNAL_WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 4")  # a small cache spills changed pages into the file before commit
conn.execute("BEGIN")
conn.execute("UPDATE events SET summary = summary || hex(randomblob(600))")
os.kill(os.getpid(), signal.SIGKILL)
"""


def leave_hot_journal(path: Path) -> None:
    """Kill a writer in the middle of a transaction, leaving a hot journal beside a changed file."""
    subprocess.run([sys.executable, "-c", HOT_JOURNAL_WRITER, str(path)], check=False)
    assert hot_journal(path), "the writer should have left a hot journal"


def _page_of_events(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    finally:
        conn.close()
    return size, root


def damage(path: Path, kind: str) -> None:
    """Damage a closed workspace in one of the ways a user meets."""
    if kind == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 3 // 5])
    elif kind == "random page":
        size, root = _page_of_events(path)
        noise = random.Random(12).randbytes(size)
        with path.open("r+b") as fh:
            fh.seek((root - 1) * size)
            fh.write(noise)
    elif kind == "zero bytes":
        path.write_bytes(b"")
    elif kind == "folder":
        path.unlink()
        path.mkdir()
        (path / "something.txt").write_text("not a database")
    elif kind == "journal that cannot be rolled back":
        leave_hot_journal(path)
        os.chmod(path, 0o444)  # a file without write permission: read-only even for root
    else:  # pragma: no cover - a typo in a test
        raise ValueError(kind)


KINDS = ("truncated", "random page", "zero bytes", "folder", "journal that cannot be rolled back")


def corpus_events() -> int:
    """How many events the bundled corpus holds (a new workspace starts with them)."""
    from explorer.resources import bundled_db

    conn = sqlite3.connect(f"{bundled_db().resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


CORPUS_EVENTS = corpus_events()

"""Fault injection for the disk-full tests, without root: SQLite's max_page_count and ENOSPC writes."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def _path_of(target: Any) -> str:
    """The file a sqlite3.connect argument names (a path, or a file: URI with a query)."""
    text = str(target)
    if text.startswith("file:"):
        text = text[5:].split("?", 1)[0]
    return os.path.realpath(text.removeprefix("//"))


@pytest.fixture
def full_database(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make every new connection to a file (or to files whose name ends so) unable to grow it.

    `full_database(path)` caps connections to `path` at its present size; `full_database(suffix=".part",
    pages=60)` caps files named so at 60 pages. Writes that need a new page then fail with SQLite's
    own "database or disk is full" (SQLITE_FULL), as on a full disk.
    """
    real = sqlite3.connect
    rules: list[tuple[Callable[[str], bool], int | None]] = []

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(database, *args, **kwargs)
        name = _path_of(database)
        for matches, pages in rules:
            if matches(name):
                n = pages or int(conn.execute("PRAGMA page_count").fetchone()[0])
                conn.execute(f"PRAGMA max_page_count = {n}")
        return conn

    def limit(path: Path | None = None, *, suffix: str = "", pages: int | None = None) -> None:
        if path is not None:
            want = os.path.realpath(path)
            rules.append((lambda name: name == want, pages))
        else:
            rules.append((lambda name: name.endswith(suffix), pages))

    monkeypatch.setattr(sqlite3, "connect", connect)
    return limit


class _FullFile:
    """A binary file on a full disk: the first write puts part of the data down, then ENOSPC."""

    def __init__(self, fd: int) -> None:
        self.raw = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        self.raw.write(data[: len(data) // 2])
        self.raw.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@pytest.fixture
def full_disk_for_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes of whole output files (explorer.store.atomic) fail half-way with ENOSPC."""
    import explorer.store.atomic as atomic

    class _Os:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        @staticmethod
        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            return _FullFile(fd) if "w" in mode else os.fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(atomic, "os", _Os())

"""Running the console command inside a test and reading a database file back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The console command in this process: exit status, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows a query gives on a database file, through a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()

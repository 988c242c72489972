"""Helpers of the kill -9 tests: the console in a new process, and a generated CSV large enough that its
import is written through a rollback journal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `neutrality` command in a new process with its own user folder."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "NEUTRALITY_EXPLORER_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "explorer.cli", *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        check=False,
    )


def make_big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of 21,000 generated events (above importer.BULK_JOURNAL_MIN), made by generate and export."""
    folder = tmp_path_factory.mktemp("bigcsv")
    home = folder / "home"
    db, out = folder / "generated.db", folder / "big.csv"
    for args in (
        ("generate", "--events", "21000", "--seed", "7", "-o", str(db), "--quiet"),
        ("export", "--format", "csv", "--db", str(db), "-o", str(out)),
    ):
        done = cli(*args, home=home)
        assert done.returncode == 0, done.stderr
    return out

"""Fixtures for the window and the timeline: a copy of the corpus database and a shown MainWindow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from window_helpers import show_main_window


@pytest.fixture
def db_path(built_corpus: Path, tmp_path: Path) -> Path:
    """A writable copy of the corpus database for one test."""
    target = tmp_path / "corpus.db"
    shutil.copyfile(built_corpus, target)
    return target


@pytest.fixture
def window(qtbot, db_path: Path):
    """A shown main window on the corpus, 1400x900, with its first layout done."""
    from explorer.app import MainWindow

    return show_main_window(qtbot, MainWindow(db_path))


@pytest.fixture
def compare(qtbot, window):
    """The window's comparison, brought up through its menu action."""
    window.menu_actions["compare"].trigger()
    view = window.compare.view
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.rows))
    qtbot.waitUntil(lambda: not view.layout_pending())  # the bins laid out for the real width
    return view

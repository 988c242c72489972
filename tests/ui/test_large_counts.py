"""Counts of a thousand and more are written with thousands separators wherever the window says them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import settle, show_main_window


@pytest.fixture(scope="module")
def thousand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated database of 1,200 events (the benchmark's generator, fixed seed)."""
    from explorer.bench.synth import generate

    out = tmp_path_factory.mktemp("thousand") / "thousand.db"
    generate(out, events=1200, lanes=4, seed=5)
    return out


def test_selecting_every_event_says_how_many_with_separators(
    qtbot, thousand_db: Path, tmp_path: Path
) -> None:
    import shutil

    from explorer.app import MainWindow

    target = tmp_path / "thousand.db"
    shutil.copyfile(thousand_db, target)
    window = show_main_window(qtbot, MainWindow(target))
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # Select All Shown
    settle(qtbot)
    shown = len(window.session.selection())
    assert shown >= 1000
    label = window.detail.count_label
    assert label.isVisible()
    assert f"{shown:,} events selected" in label.text()
    assert f"{shown} events" not in label.text()
    status = window.statusBar().findChildren(type(label))
    assert any(f"{shown:,} selected" == w.text() for w in status), [w.text() for w in status]

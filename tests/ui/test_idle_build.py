"""Widgets made when the window is idle: their modules are read on a worker thread, then the widgets
are made on the GUI thread, after the modules are in; nothing is made for a window already gone."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject

from explorer.ui.idle_build import build_when_imported


def _module(tmp_path, monkeypatch, name: str) -> None:
    """A module whose import notes the thread it runs on and takes a moment, as class definitions do."""
    (tmp_path / f"{name}.py").write_text(
        "import threading, time\nIMPORTED_ON = threading.current_thread().name\ntime.sleep(0.2)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)


def test_the_modules_are_read_on_a_thread_and_the_widgets_made_on_the_gui_thread(
    qtbot, tmp_path, monkeypatch
):
    _module(tmp_path, monkeypatch, "idle_build_probe")
    owner = QObject()
    built: list[tuple[str, str]] = []

    def build() -> None:
        module = sys.modules["idle_build_probe"]  # (a KeyError here: built before the import ended)
        built.append((threading.current_thread().name, module.IMPORTED_ON))

    build_when_imported(owner, ["idle_build_probe"], build, "probe-imports")
    assert built == [], "not in the caller's turn"
    qtbot.waitUntil(lambda: bool(built), timeout=5000)
    assert built == [(threading.main_thread().name, "probe-imports")]


def test_nothing_is_made_for_an_owner_that_is_gone(qtbot, tmp_path, monkeypatch):
    _module(tmp_path, monkeypatch, "idle_build_gone")
    owner = QObject()
    built: list[bool] = []
    build_when_imported(owner, ["idle_build_gone"], lambda: built.append(True), "gone-imports")
    owner.deleteLater()
    qtbot.waitUntil(lambda: "idle_build_gone" in sys.modules, timeout=5000)
    qtbot.wait(300)  # (two polls after the import ended)
    assert built == []


def test_a_module_that_fails_to_import_still_lets_the_widgets_be_made(qtbot, tmp_path, monkeypatch):
    (tmp_path / "idle_build_broken.py").write_text("raise ImportError('an optional library is missing')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    built: list[bool] = []
    owner = QObject()
    build_when_imported(owner, ["idle_build_broken"], lambda: built.append(True), "broken-imports")
    qtbot.waitUntil(lambda: bool(built), timeout=5000)

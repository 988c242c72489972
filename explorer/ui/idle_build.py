"""Widgets made when the window is idle after its first paint, their modules read beforehand on a thread.

Importing a module of widgets runs its class definitions (tens of milliseconds for a few modules);
on the GUI thread that would be one more long turn of the event loop right after the window opens,
beside the other work of that moment (at a million events, the facet counts and the lanes' sizes).
A worker thread reads the modules (class definitions make no Qt object; the GUI thread gets the GIL
between their lines) and the widgets are then made on the GUI thread, on a turn of their own.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

#: How often (ms) the GUI thread looks whether the modules have been read.
POLL_MS = 50


def import_quietly(names: Sequence[str]) -> None:
    """Import modules (on a worker thread): a failure shows when the module is used, where it is used."""
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional library missing: its feature says so when used
            continue


def build_when_imported(owner: QObject, modules: Sequence[str], build: Callable[[], None], name: str) -> None:
    """Read `modules` on a worker thread named `name`, then call `build` on the GUI thread, on a turn of
    its own, once they are in (not at all once `owner` is gone)."""
    reader = threading.Thread(target=import_quietly, args=(tuple(modules),), name=name, daemon=True)
    reader.start()

    def poll() -> None:
        if reader.is_alive():
            QTimer.singleShot(POLL_MS, owner, poll)
        else:
            build()

    QTimer.singleShot(POLL_MS, owner, poll)

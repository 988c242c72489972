"""Start-up and memory of the window, run as a child of `neutrality bench`: prints one JSON answer.

    python -m explorer.bench.gui DB

Builds the main window on DB at 1600x1000 (explorer.app's application and MainWindow, neither
restoring nor saving the user's layout), shows it and, once its first paint has
finished, prints the wall-clock time (`time.time()`, so the parent can subtract the moment it
started this process), the process's CPU time until then and the resident memory from
/proc/self/status, then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1600, 1000


def window(db: Path) -> tuple[Any, str]:
    """The main window on `db`, neither restoring nor saving the user's layout, and what it is."""
    from explorer.ui.main_window import MainWindow

    # the user's saved layout must not change the figures, nor the run change it
    return MainWindow(db, restore=False, persist=False), "explorer.app.MainWindow"


def show_until_first_paint(win: Any, target: Any, then: Callable[[], None], limit_s: int, why: str) -> None:
    """Show `win` at the bench's size and call `then` once, right after `target`'s first paint; after
    `limit_s` seconds without finishing, report `why` as the error and end the process."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        """Calls `then` once, right after the first paint event has been handled."""

        seen = False

        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if not self.seen and ev.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(win)
    target.installEventFilter(watcher)
    win.resize(WIDTH, HEIGHT)
    win.show()

    def give_up() -> None:
        from explorer.bench.measure import emit

        emit({"error": why})
        os._exit(1)

    QTimer.singleShot(limit_s * 1000, give_up)


def run(db: Path, settle_ms: int) -> None:
    """Show the window, wait for its first finished paint, report and exit the process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from explorer.app import import_qt_free_layers, make_application

    import_qt_free_layers()  # as the app starts (explorer.app.main)
    import PySide6  # noqa: F401  (before pyqtgraph)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    make_application()
    t_imported = time.time()
    win, how = window(db)
    answer: dict[str, Any] = {"window": how, "imports_done_wall": t_imported}

    def finish() -> None:
        answer["first_paint_wall"] = time.time()
        # CPU of this process (all threads) to the first paint: moves far less with the machine's load
        answer["cpu_first_paint_s"] = round(time.process_time(), 3)
        # the bench's own helpers (numpy, subprocess, importlib.metadata) are not the app's start
        from explorer.bench.measure import emit, rss_mb

        answer["rss_first_paint_mb"] = rss_mb()

        def settled() -> None:
            answer["rss_settled_mb"] = rss_mb()
            emit(answer)
            os._exit(0)

        QTimer.singleShot(settle_ms, settled)

    show_until_first_paint(win, win, finish, 60, "no paint within 60 s")
    QApplication.exec()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run."""
    p = argparse.ArgumentParser(prog="python -m explorer.bench.gui")
    p.add_argument("db", type=Path)
    p.add_argument("--settle-ms", type=int, default=500, help="wait this long after the first paint for RSS")
    args = p.parse_args(argv)
    try:
        run(args.db, args.settle_ms)
    except Exception as exc:  # the parent reports the reason with a null figure
        from explorer.bench.measure import emit

        emit({"error": f"{type(exc).__name__}: {exc}"})
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())

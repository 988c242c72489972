"""Start-up and memory of the window, run as a child of `neutrality bench`: prints one JSON answer.

    python -m explorer.ui.bench_gui DB

Builds the main window on DB at 1600x1000 (explorer.app.MainWindow; before it exists, a
TimelineView on a Session, which the answer names), shows it and, once its first paint has
finished, prints the wall-clock time (`time.time()`, so the parent can subtract the moment it
started this process) and the resident memory from /proc/self/status, then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from explorer.bench.measure import emit, rss_mb

WIDTH, HEIGHT = 1600, 1000


def _window(db: Path) -> tuple[Any, str]:
    """The window to show and what it is."""
    try:
        from explorer.app import MainWindow  # type: ignore[attr-defined]

        try:  # the user's saved layout must not change the figures, nor the run change it
            return MainWindow(db, restore=False, persist=False), "explorer.app.MainWindow"
        except TypeError:
            return MainWindow(db), "explorer.app.MainWindow"
    except ImportError:
        from explorer.state import Session
        from explorer.timeline.view import TimelineView

        return TimelineView(
            Session.open(db, readonly=True)
        ), "explorer.timeline.view.TimelineView on a Session"


def run(db: Path, settle_ms: int) -> None:
    """Show the window, wait for its first finished paint, report and exit the process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (before pyqtgraph)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    try:
        from explorer.app import make_application

        app = make_application()
    except ImportError:
        app = QApplication.instance() or QApplication(sys.argv[:1])
    t_imported = time.time()
    win, how = _window(db)
    answer: dict[str, Any] = {"window": how, "imports_done_wall": t_imported}

    def finish() -> None:
        answer["first_paint_wall"] = time.time()
        answer["rss_first_paint_mb"] = rss_mb()

        def settled() -> None:
            answer["rss_settled_mb"] = rss_mb()
            emit(answer)
            os._exit(0)

        QTimer.singleShot(settle_ms, settled)

    class FirstPaint(QObject):
        """Calls finish() once, right after the first paint event has been handled."""

        seen = False

        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if not self.seen and ev.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, finish)
            return False

    watcher = FirstPaint()
    view = win if win.objectName() == "timelineView" else None
    target = view.viewport() if view is not None else win
    target.installEventFilter(watcher)
    win.resize(WIDTH, HEIGHT)
    win.show()
    QTimer.singleShot(60_000, lambda: (emit({"error": "no paint within 60 s"}), os._exit(1)))
    app.exec()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run."""
    p = argparse.ArgumentParser(prog="python -m explorer.ui.bench_gui")
    p.add_argument("db", type=Path)
    p.add_argument("--settle-ms", type=int, default=500, help="wait this long after the first paint for RSS")
    args = p.parse_args(argv)
    try:
        run(args.db, args.settle_ms)
    except Exception as exc:  # the parent reports the reason with a null figure
        emit({"error": f"{type(exc).__name__}: {exc}"})
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())

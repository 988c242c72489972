"""The frame bench's three series in the real window, for `run.py` to count under callgrind.

    valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no --toggle-collect=functools_reduce \
        python benchmarks/instructions/child.py DB [--frames 60]

Opens the window as `python -m explorer.bench.frames app` does (`open_window`) and runs its series
in its order (`series_in_order`: overview, zoom/pan, deep zoom). Each step (`zoom_to`, then the events it
queues: what a person waits for) runs inside `functools.reduce`, a C function the window never calls,
so callgrind counts the steps and nothing between them (the bench's `grab()` after each step, the
settling). After each series it asks valgrind for a dump named after it. Without `--callgrind` it
runs the same steps uncounted (a check that the series still run).

Valgrind runs the code about fifty times slower, but Qt's timers keep wall time. The lanes are sized
again once a zoom has rested for `RELAYOUT_MS` (120 ms). A bench step and its `grab()` take a few
milliseconds, so that timer never fires inside a bench series: each step starts it again, and it
fires when the series ends. Under valgrind, `zoom_to` alone takes longer than 120 ms, so the timer
would fire inside every step and the relayout would be counted as part of the frame. The child
therefore holds the timer for the length of a series, as the bench's speed does, and starts it again
at the series' end, where the bench's next settling lets it fire.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from explorer.bench import frames as F
from explorer.bench.measure import emit
from explorer.timeline.lane_sizing import RELAYOUT_MS


def _callgrind(pid: int) -> Callable[[str], None]:
    """What to call with a series' name when it is done: dump its counts (callgrind_control)."""

    def dump(name: str) -> None:
        subprocess.run(["callgrind_control", f"--dump={name}", str(pid)], check=True, capture_output=True)

    return dump


def relayout_timer(view: Any) -> QTimer:
    """The lane sizer's timer that sizes the lanes again once a zoom has rested (its only timer)."""
    timers = [t for t in view.sizer.findChildren(QTimer) if t.interval() == RELAYOUT_MS]
    if len(timers) != 1:
        raise RuntimeError(f"expected one relayout timer on the lane sizer, found {len(timers)}")
    return timers[0]


def run_series(app: Any, view: Any, windows: list[tuple[float, float]], held: QTimer) -> int:
    """A series' steps, each inside `functools.reduce`, with the relayout timer held throughout.

    Returns after how many steps the timer had run out unheard (under valgrind, most of them; at the
    bench's speed, none). At the end the timer is left waiting, as the bench's last step leaves it.
    """

    def step(_: None, window: tuple[float, float]) -> None:
        view.zoom_to(*window)
        app.processEvents()

    ran_out = 0
    held.blockSignals(True)
    try:
        for window in windows:
            functools.reduce(step, [window], None)
            ran_out += not held.isActive()
            view.grab()  # as the bench's series does after each step (not counted)
    finally:
        held.blockSignals(False)
    if not held.isActive():
        held.start()  # the bench's steps would have kept it waiting
    return ran_out


def run(db: Path, frames: int, counted: bool) -> dict[str, Any]:
    """Each series' steps (`run_series`); returns the steps per series, and after how many of them
    the relayout timer had run out while held."""
    app, win, view, _opened = F.open_window(db)
    pid = os.getpid()
    if counted:
        subprocess.run(["callgrind_control", "--instr=on", str(pid)], check=True, capture_output=True)
    dump = _callgrind(pid) if counted else (lambda name: None)
    held = relayout_timer(view)
    steps: dict[str, int] = {}
    ran_out: dict[str, int] = {}
    for name, windows, _about in F.series_in_order(app, view, frames):
        # (see the module's doc: the relayout waits for the series' end, as at the bench's speed)
        ran_out[name] = run_series(app, view, windows, held)
        dump(name)
        steps[name] = len(windows)
    win.close()
    return {"steps": steps, "relayout_held": ran_out}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/instructions/child.py")
    p.add_argument("db", type=Path)
    p.add_argument("--frames", type=int, default=60)
    p.add_argument("--callgrind", action="store_true", help="running under callgrind: dump after each series")
    args = p.parse_args(argv)
    emit(run(args.db, args.frames, args.callgrind))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

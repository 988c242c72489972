"""The frame bench's three series in the real window, for `run.py` to count under callgrind.

    valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no --toggle-collect=functools_reduce \
        python benchmarks/instructions/child.py DB [--frames 60]

Opens the window as `python -m explorer.bench.frames app` does and runs its series in its order
(overview, zoom/pan, deep zoom, each from `ready_for_series`). Each step (`zoom_to`, then the events it
queues: what a person waits for) runs inside `functools.reduce`, a C function the window never calls,
so callgrind counts the steps and nothing between them (the bench's `grab()` after each step, the
settling). After each series it asks valgrind for a dump named after it. Without `--callgrind` it
runs the same steps uncounted (a check that the series still run).
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

from explorer.bench import frames as F
from explorer.bench.measure import emit

SERIES = ("overview", "zoom_pan", "deep")


def _callgrind(pid: int) -> Callable[[str], None]:
    """What to call with a series' name when it is done: dump its counts (callgrind_control)."""

    def dump(name: str) -> None:
        subprocess.run(["callgrind_control", f"--dump={name}", str(pid)], check=True, capture_output=True)

    return dump


def run(db: Path, frames: int, counted: bool) -> dict[str, Any]:
    """Each series' steps, inside `functools.reduce` each; returns the steps per series."""
    from explorer.app import pause_collector_until_idle

    app = F._app()
    pause_collector_until_idle()
    F._import_window_modules()
    win, view, _how = F._make_window(db)
    app.processEvents()
    F._start_up_done(app, win)
    pid = os.getpid()
    if counted:
        subprocess.run(["callgrind_control", "--instr=on", str(pid)], check=True, capture_output=True)
    dump = _callgrind(pid) if counted else (lambda name: None)

    def step(_: None, window: tuple[float, float]) -> None:
        view.zoom_to(*window)
        app.processEvents()

    steps: dict[str, int] = {}
    F.ready_for_series(app, view)
    for name in SERIES:
        if name == "overview":
            windows = F.overview_windows(view, frames)
        elif name == "zoom_pan":
            windows = F.zoom_pan_windows(view, frames)[0]
        else:
            windows, (d0, d1, _n) = F.deep_windows(view, frames)
            F.ready_for_series(app, view, (d0, d1))
        for window in windows:
            functools.reduce(step, [window], None)
            view.grab()  # as the bench's series does after each step (not counted)
        dump(name)
        steps[name] = len(windows)
    win.close()
    return {"steps": steps}


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

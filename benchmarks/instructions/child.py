"""The frame bench's three series in the real window, for `run.py` to count under callgrind.

    valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no --toggle-collect=functools_reduce \
        python benchmarks/instructions/child.py DB [--frames 60]

Opens the window as `python -m explorer.bench.frames app` does (`open_window`) and runs its series
in its order (`series_in_order`: overview, zoom/pan, deep zoom). Each step (`zoom_to`, then the events it
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


def _callgrind(pid: int) -> Callable[[str], None]:
    """What to call with a series' name when it is done: dump its counts (callgrind_control)."""

    def dump(name: str) -> None:
        subprocess.run(["callgrind_control", f"--dump={name}", str(pid)], check=True, capture_output=True)

    return dump


def run(db: Path, frames: int, counted: bool) -> dict[str, Any]:
    """Each series' steps, inside `functools.reduce` each; returns the steps per series."""
    app, win, view, _opened = F.open_window(db)
    pid = os.getpid()
    if counted:
        subprocess.run(["callgrind_control", "--instr=on", str(pid)], check=True, capture_output=True)
    dump = _callgrind(pid) if counted else (lambda name: None)

    def step(_: None, window: tuple[float, float]) -> None:
        view.zoom_to(*window)
        app.processEvents()

    steps: dict[str, int] = {}
    for name, windows, _about in F.series_in_order(app, view, frames):
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

"""The peer harness's table (benchmarks/peer/run.py): each figure beside vis-timeline's, with the ratio.

Only the table is checked here; the harness itself needs node and a Chromium and is not run in CI.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "peer" / "run.py"


def _run_module():
    spec = importlib.util.spec_from_file_location("peer_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_gives_our_start_with_and_without_the_windows_imports() -> None:
    run = _run_module()
    vis = {"start_ms": 200.0, "overview_p95": 20.0, "zoom_pan_p95": 30.0, "deep_p95": 15.0}
    ours = {"open_ms": 250.0, "build_ms": 100.0}
    for _name, key in run.FIGS:
        ours[f"{key}_p95_ms"] = 10.0
    text = run.table({176: {"vis": vis, "ours": ours}})
    rows = {line.split("|")[2].strip(): line for line in text.splitlines()[2:]}
    assert "| 200.0 | 250.0 | **0.80×** |" in rows["start to first render (ms)"]
    assert "| 200.0 | 100.0 | **2.00×** |" in rows["start, library loaded (ms)"]
    assert "**2.00×**" in rows["overview frame p95 (ms)"]

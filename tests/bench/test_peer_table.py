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


def test_the_table_sets_each_start_against_the_peer_s_with_its_own_code_loaded_alike() -> None:
    run = _run_module()
    vis = {"start_ms": 200.0, "start_with_library_ms": 300.0, "overview_p95": 20.0, "zoom_pan_p95": 30.0,
           "deep_p95": 15.0}  # fmt: skip
    ours = {"open_ms": 250.0, "build_ms": 100.0}
    for _name, key in run.FIGS:
        ours[f"{key}_p95_ms"] = 10.0
    text = run.table({176: {"vis": vis, "ours": ours}})
    rows = {line.split("|")[2].strip(): line for line in text.splitlines()[2:]}
    # ours with the window's modules imported inside the clock, vis with its script and style loaded in it
    assert "| 300.0 | 250.0 | **1.20×** |" in rows["start, library load included (ms)"]
    # both with their code loaded before the clock runs
    assert "| 200.0 | 100.0 | **2.00×** |" in rows["start, library loaded (ms)"]
    assert "**2.00×**" in rows["overview frame p95 (ms)"]


def test_a_peer_run_without_the_start_with_its_library_shows_a_dash_not_a_ratio() -> None:
    run = _run_module()
    vis = {"start_ms": 200.0, "start_with_library_ms": None}
    text = run.table({176: {"vis": vis, "ours": {"open_ms": 250.0, "build_ms": 100.0}}})
    rows = {line.split("|")[2].strip(): line for line in text.splitlines()[2:]}
    assert rows["start, library load included (ms)"].endswith("| — | 250.0 | — |")


def test_bad_sizes_get_a_sentence_not_a_traceback(capsys) -> None:
    run = _run_module()
    assert run.main(["--sizes", "1000,0"]) == 2
    assert "--sizes takes whole numbers of events above 0" in capsys.readouterr().err

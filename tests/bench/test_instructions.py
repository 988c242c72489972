"""The instruction counter (benchmarks/instructions): its reading of callgrind's dumps, its child's
series in the real window, and (where valgrind is installed) a counted run.

No count is asserted against a number: what is checked is that every instruction of a dump is
attributed once, to the object that executed it, and that a counted run names every series.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[2] / "benchmarks" / "instructions"

# A dump as callgrind writes one: names given once as "(id) name" then used as "(id)"; a called
# object's name given first on a cob= line; a calls= line followed by the call's inclusive cost.
DUMP = """# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 1
part: 1

desc: Trigger: dump zoom_pan

positions: line
events: Ir
summary: 1111

ob=(1) /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
fl=(1) ceval.c
fn=(1) _PyEval_EvalFrameDefault
10 100
+2 200
cob=(2) /opt/venv/lib/PySide6/Qt/lib/libQt6Gui.so.6
cfn=(2) QPainter::drawText
calls=3 0
10 700
* 11

ob=(2)
fl=(2) ???
fn=(2)
0 700

ob=(3) /opt/venv/lib/numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so
fn=(3) ufunc_generic_fastcall
0 100
"""


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"instructions_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_instruction_of_a_dump_is_counted_once_where_it_ran(tmp_path: Path) -> None:
    run = _module("run")
    (tmp_path / "cg.out.1").write_text(DUMP)
    (tmp_path / "cg.out").write_text(DUMP.replace("dump zoom_pan", "Program termination"))
    found = run.read_dumps(tmp_path / "cg.out")
    assert list(found) == ["zoom_pan"]  # the end-of-program dump is not a series
    got = found["zoom_pan"]
    assert got["instructions"] == 1111
    # the 700 of the drawText call is counted in QtGui, where it ran, not again in the caller's Python
    assert got["places"] == {"Python": 311, "QtGui (painting, text)": 700, "numpy": 100}
    assert sum(got["places"].values()) == got["instructions"]


def test_objects_are_placed_by_their_file_names() -> None:
    run = _module("run")
    assert run.place_of("/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0") == "Python"
    assert run.place_of("/usr/bin/python3.11") == "Python"
    assert run.place_of("/v/site-packages/PySide6/QtGui.abi3.so") == "PySide6, Shiboken"
    assert run.place_of("/v/site-packages/PySide6/Qt/lib/libQt6Widgets.so.6") == "QtWidgets (view, widgets)"
    assert run.place_of("/usr/lib/x86_64-linux-gnu/libc.so.6") == "C library"
    assert run.place_of("/usr/lib/libfreetype.so.6") == run.OTHER
    # extension modules are numpy's only under a numpy folder
    dynload = "/root/.pyenv/versions/3.11.7/lib/python3.11/lib-dynload"
    assert run.place_of(f"{dynload}/_sqlite3.cpython-311-x86_64-linux-gnu.so") == "SQLite"
    assert run.place_of(f"{dynload}/_json.cpython-311-x86_64-linux-gnu.so") == run.OTHER
    assert (
        run.place_of("/v/site-packages/numpy/linalg/_umath_linalg.cpython-311-x86_64-linux-gnu.so") == "numpy"
    )


def test_the_table_gives_instructions_per_step_and_shares() -> None:
    run = _module("run")
    text = run.table({1000: {"zoom_pan": {"steps": 10, "instructions": 50_000_000,
                                          "places": {"Python": 20_000_000, "numpy": 30_000_000}}}})  # fmt: skip
    row = text.splitlines()[2].split("|")
    assert row[1].strip() == "1,000" and row[2].strip() == "zoom/pan"
    assert row[3].strip() == "5.00"  # 50 M over 10 steps
    head = [c.strip() for c in text.splitlines()[0].split("|")]
    assert row[head.index("Python")].strip() == "40 %"
    assert row[head.index("numpy")].strip() == "60 %"


def test_bad_sizes_get_a_sentence_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    run = _module("run")
    assert run.main(["--sizes", "176,lots"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "--sizes takes whole numbers of events above 0, separated by commas, not 'lots'."


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from explorer.bench.runner import cached_db

    db, _ = cached_db(tmp_path_factory.mktemp("cache"), 176, lambda m: None)
    return db


def _child_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=root)


@pytest.mark.timeout(300)
def test_the_child_runs_the_bench_s_three_series_in_the_window(small_db: Path) -> None:
    done = subprocess.run([sys.executable, str(HERE / "child.py"), str(small_db), "--frames", "6"],
                          env=_child_env(), capture_output=True, text=True, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-JSON "))
    steps = json.loads(line.split(" ", 1)[1])["steps"]
    # the overview and deep series take --frames steps, the zoom/pan series at least 25 zoom levels and their pans
    assert steps == {"overview": 6, "zoom_pan": 50, "deep": 6}


_HELD_PROBE = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from child import relayout_timer, run_series
from explorer.bench import frames as F

app, win, view, _ = F.open_window(Path(sys.argv[1]))
held = relayout_timer(view)
fired = []
held.timeout.connect(lambda: fired.append(1))
held.setInterval(0)  # it runs out within every step, as under valgrind
name, windows, _about = next(iter(F.series_in_order(app, view, 6)))  # (settled first)
before = len(fired)
held_mode = sys.argv[3] == "held"
if held_mode:
    ran_out = run_series(app, view, windows, held)
else:
    ran_out = 0
    for a, b in windows:
        view.zoom_to(a, b)
        app.processEvents()
during = len(fired) - before
waiting = held.isActive()
for _ in range(50):
    app.processEvents()
print("PROBE " + json.dumps({"steps": len(windows), "ran_out": ran_out, "during": during,
                             "waiting": waiting, "after": len(fired) - before - during}))
"""


def _probe(small_db: Path, mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _HELD_PROBE, str(small_db), str(HERE), mode],
                          env=_child_env(), capture_output=True, text=True, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("PROBE "))
    return json.loads(line.split(" ", 1)[1])


@pytest.mark.timeout(300)
def test_the_relayout_waits_for_the_series_end_however_slow_the_steps(small_db: Path) -> None:
    # A timer that runs out inside every step (valgrind's slowness, made by a 0 ms interval) sizes
    # the lanes inside the steps, where the counter would count it as frame work...
    free = _probe(small_db, "free")
    assert free["during"] > 0
    # ...unless the series holds it, as the bench's speed does: no relayout inside the steps, the
    # child saw it run out, and the relayout is not lost but runs once, after the series
    held = _probe(small_db, "held")
    assert held["steps"] == 6
    assert held["during"] == 0
    assert held["ran_out"] > 0
    assert held["waiting"] is True
    assert held["after"] == 1


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(
    shutil.which("valgrind") is None, reason="valgrind is not installed (the counter needs it)"
)
def test_a_counted_run_names_every_series_and_places_all_its_instructions(
    small_db: Path, tmp_path: Path
) -> None:
    run = _module("run")
    got = run.count(small_db, 4, Path(__file__).resolve().parents[2], tmp_path)
    assert set(got) == {"overview", "zoom_pan", "deep"}
    for name, series in got.items():
        assert series["instructions"] > 0, name
        assert sum(series["places"].values()) == series["instructions"], name
        # a step paints: Qt's painting and the interpreter both ran in every series
        assert series["places"].get("QtGui (painting, text)", 0) > 0, name
        assert series["places"].get("Python", 0) > 0, name

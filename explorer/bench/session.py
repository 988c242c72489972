"""A scripted session in the main window, with a watchdog on the event loop; a child of `neutrality bench`.

    python -m explorer.bench.session DB [--dwell-ms 2500] [--profile DIR]

Opens the window on DB at 1600x1000 and, once its first paint is done, goes through what an
analyst does first (open, select an event, type a search, tick a facet value, restrict the date
range, open the comparison, open the export dialog with its preview, flag the selected event and
undo that, then sort the event table by title, a click on its header, and wait for the rows to be in
that order), giving each step
`--dwell-ms` to settle (threads finish, counts arrive) while `StallWatchdog` measures how late a
5 ms timer fires. Prints one JSON answer: the worst stall, the 99th percentile, the number of
stalls over 100 ms and the worst per step (a stall is charged to the step in which it ended).
Steps that cannot be found in this build of the window are listed in `skipped`, not faked.
With `--profile DIR`, the GUI thread is profiled (cProfile) through each step and its dwell, one
`DIR/<step>.prof` per step (figures are then inflated; read them for where the time goes).
With `--sample`, a thread samples the GUI thread's stack during stalls over 30 ms and the answer
gains `stall_where`: per step its worst stall and where the GUI thread was (figures stay true).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from explorer.bench.measure import emit

WIDTH, HEIGHT = 1600, 1000
SEARCH_TEXT = "security"


def _steps(win: Any, skipped: list[str]) -> list[tuple[str, Callable[[], None]]]:
    """The session's steps as (name, action) pairs, each done as a user would through the window."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLineEdit, QTableView, QTreeWidget

    session = win.session

    def select() -> None:
        cols = session.columns
        if not len(cols):
            skipped.append("select: no events")
            return
        row = len(cols) // 2
        event_id = str(cols.ids[row])
        session.set_selection([event_id], current=event_id)

    def search() -> None:
        field = win.findChild(QLineEdit, "searchField")
        if field is None:
            skipped.append("search: no searchField")
            return
        field.setFocus()
        QTest.keyClicks(field, SEARCH_TEXT)

    def facet() -> None:
        tree = win.findChild(QTreeWidget, "facetTree")
        if tree is None or not tree.isVisible():
            skipped.append("facet: no visible facetTree")
            return
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            if top is None or top.isHidden() or not top.isExpanded() or not top.childCount():
                continue
            item = top.child(0)
            rect = tree.visualItemRect(item)
            if rect.isValid() and tree.viewport().rect().contains(rect.center()):
                QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                return
        skipped.append("facet: no value on screen")

    def date_range() -> None:
        box = win.findChild(QAbstractButton, "dateRangeEnabled")
        if box is None or not box.isVisible():
            skipped.append("date range: no visible dateRangeEnabled")
            return
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))

    def sort_by_title() -> None:
        table = win.findChild(QTableView, "eventTable")
        if table is None or not table.isVisible():
            skipped.append("sort_by_title: no visible eventTable")
            return
        header = table.horizontalHeader()
        x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    def sorted_by_title() -> None:
        table = win.findChild(QTableView, "eventTable")
        if table is None or table.horizontalHeader().sortIndicatorSection() != 1 or table.model().sorting():
            skipped.append("sorted: the table is not sorted by title")

    def action(name: str) -> Callable[[], None]:
        def trigger() -> None:
            act = win.findChild(QAction, name)
            if act is None or not act.isEnabled():
                skipped.append(f"{name}: no enabled action")
                return
            act.trigger()

        return trigger

    def close_dialogs() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()

    return [
        ("select", select),
        ("search", search),
        ("facet", facet),
        ("date_range", date_range),
        ("compare", action("compare")),
        ("export_dialog", action("export_selection")),
        ("close_dialog", close_dialogs),
        ("flag", action("bulk_flag")),  # something to undo (the undo restores the file's content)
        ("undo", action("undo")),
        ("sort_by_title", sort_by_title),
        ("sorted", sorted_by_title),  # (waits until the rows are in order: see _ready)
    ]


#: How long a step waits for the window to be ready for it (the facet counts at 1M, say) before it runs anyway.
READY_WAIT_S = 30.0


def _ready(win: Any, name: str) -> bool:
    """True when the window can take this step as a user would (the facet values are listed, the
    table's rows in the order asked for)."""
    if name == "sorted":
        table = getattr(win, "table", None)
        return table is None or not table.source_model.sorting()
    if name != "facet":
        return True
    panel = getattr(getattr(win, "filters", None), "panel", None)
    # (a user clicks a value once the counts are listed: at 1M the columns are read for seconds first)
    return panel is None or not (panel.state.waiting() or panel._dirty)


def run(
    db: Path, dwell_ms: int, open_dwell_ms: int, profile_dir: Path | None = None, sample: bool = False
) -> None:
    """Show the window, run the steps under the watchdog, report and exit the process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (before pyqtgraph)
    from PySide6.QtCore import QTimer

    from explorer.app import make_application
    from explorer.bench.gui import show_until_first_paint
    from explorer.bench.gui import window as _window
    from explorer.ui.stall_watchdog import StallWatchdog

    app = make_application()
    win, how = _window(db)
    watchdog = StallWatchdog()
    sampler = None
    if sample:
        from explorer.bench.stall_sampler import StallSampler

        sampler = StallSampler(lambda: watchdog.last_tick)
    skipped: list[str] = []
    steps = _steps(win, skipped)
    answer: dict[str, Any] = {"window": how, "dwell_ms": dwell_ms, "steps": [name for name, _ in steps]}
    durations: dict[str, float] = {}
    profiler: list[Any] = []

    def profile(name: str) -> None:
        # one profile per step: what the GUI thread ran from the step's start to the next step's
        if profile_dir is None:
            return
        import cProfile

        if profiler:
            profiler[0].disable()
            profiler[0].dump_stats(str(profile_dir / f"{profiler[1]}.prof"))
            profiler.clear()
        if name != "end":
            profile_dir.mkdir(parents=True, exist_ok=True)
            profiler[:] = [cProfile.Profile(), name]
            profiler[0].enable()

    waited: dict[str, float] = {}

    def step(i: int, since: float | None = None) -> None:
        if i < len(steps) and not _ready(win, steps[i][0]):
            began = time.perf_counter() if since is None else since
            if time.perf_counter() - began < READY_WAIT_S:
                QTimer.singleShot(100, lambda: step(i, began))
                return
        if since is not None:
            waited[steps[i][0]] = round(time.perf_counter() - since, 1)
        if i == len(steps):
            profile("end")
            watchdog.phase("end")
            answer.update(watchdog.stop().as_dict())
            answer.update(skipped=skipped, step_call_ms=durations, waited_s=waited)
            if sampler is not None:
                sampler.stop()
                answer["stall_where"] = sampler.worst(per_phase=2)
                answer["stalls_sampled_by_step"] = sampler.counts()
            emit(answer)
            os._exit(0)
        name, fn = steps[i]
        watchdog.phase(name)
        if sampler is not None:
            sampler.phase = name
        profile(name)
        t0 = time.perf_counter()
        fn()
        durations[name] = round((time.perf_counter() - t0) * 1000.0, 1)
        QTimer.singleShot(dwell_ms, lambda: step(i + 1))

    def opened() -> None:
        watchdog.start()
        if sampler is not None:
            sampler.phase = "open"
            sampler.start()
        watchdog.phase("open")  # what the window does right after its first paint (facet counts...)
        profile("open")
        QTimer.singleShot(open_dwell_ms, lambda: step(0))

    show_until_first_paint(
        win, win.timeline.viewport(), opened, 300, "the session did not finish within 300 s"
    )
    app.exec()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run."""
    p = argparse.ArgumentParser(prog="python -m explorer.bench.session")
    p.add_argument("db", type=Path)
    p.add_argument("--dwell-ms", type=int, default=2500, help="time each step is given to settle")
    p.add_argument(
        "--open-dwell-ms", type=int, default=4000, help="time after the first paint before step one"
    )
    p.add_argument("--profile", type=Path, default=None, help="write a cProfile of each step here")
    p.add_argument("--sample", action="store_true", help="say where the GUI thread was in each worst stall")
    args = p.parse_args(argv)
    try:
        run(args.db, args.dwell_ms, args.open_dwell_ms, args.profile, args.sample)
    except Exception as exc:  # the parent reports the reason with a null figure
        emit({"error": f"{type(exc).__name__}: {exc}"})
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Frame timings of the timeline, run as a child of `neutrality bench`: prints one JSON answer.

    python -m explorer.bench.frames app DB [--frames 60] [--quick]
    python -m explorer.bench.frames naive DB

`app` drives the real window (the app's MainWindow) at 1600x1000 offscreen. Each sample is one step as a user sees it: `zoom_to`, then
the events it queues, among them the repaint of every widget the step changed (`*_p95_ms`, and the
process's CPU time in it, `*_cpu_p95_ms`); a
full paint of the timeline alone into a pixmap (`grab()`) is timed apart (`*_paint_p95_ms`). A tiny
alternating jitter makes every step lay out afresh instead of reusing the last frame's geometry.
`naive` draws one QGraphicsRectItem per event in a pyqtgraph PlotWidget, for comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Qt's fills painted on the thread that paints, as the app's own (explorer.app.make_application)
from explorer.app import keep_fills_on_the_painting_thread

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
keep_fills_on_the_painting_thread()

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
import PySide6  # noqa: E402,F401  (PySide6 before pyqtgraph, as the house asks)
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QWidget  # noqa: E402

from explorer.bench.measure import emit, percentiles  # noqa: E402

if TYPE_CHECKING:
    from explorer.timeline.lane_data import LaneFrame
    from explorer.timeline.view import TimelineView

WIDTH, HEIGHT = 1600, 1000
LABEL_LIMIT = 2000
WEEK, CENTURY = 7.0, 36525.0


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(sys.argv[:1])


def _import_window_modules() -> None:
    """Import the window's modules (the first build of a window would, inside its own time)."""
    import explorer.timeline.view
    import explorer.ui.main_window  # noqa: F401


def _make_window(db: Path) -> tuple[QWidget, Any, str]:
    """The window to drive, its timeline view and what was built."""
    from explorer.timeline.view import TimelineView
    from explorer.ui.main_window import MainWindow

    # the user's saved layout must not change the figures, nor the run change it
    win = MainWindow(db, restore=False, persist=False)
    how = "explorer.app.MainWindow"
    win.resize(WIDTH, HEIGHT)
    win.show()
    view = win.findChild(TimelineView, "timelineView")
    if view is None:
        raise RuntimeError("the window has no widget named timelineView")
    return win, view, how


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    count = 0

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if ev.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _step(app: QApplication, view: Any, a: float, b: float) -> tuple[float, float, float]:
    """Milliseconds of one step as a user sees it (zoom, then the queued events, which repaint
    every widget the step changed), the process's CPU time in it (less moved by other processes
    on a shared machine than the wall time), and a full paint of the timeline alone (`grab()`)."""
    t0, c0 = time.perf_counter(), time.process_time()
    view.zoom_to(a, b)
    app.processEvents()
    t1, c1 = time.perf_counter(), time.process_time()
    view.grab()
    t2 = time.perf_counter()
    return (t1 - t0) * 1000.0, (c1 - c0) * 1000.0, (t2 - t1) * 1000.0


def _settle(app: QApplication, view: Any, timeout_s: float = 3.0) -> None:
    """Let the lanes be sized for the range just shown (the sizer waits until a zoom rests), so that
    every run starts a series from the same lanes whatever the machine's speed."""
    end = time.perf_counter() + timeout_s
    while view.layout_pending() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def _frames(view: TimelineView) -> list[LaneFrame]:
    """The lane frames of the current view (mode, labels)."""
    out = []
    for track in view.session.visible_lanes():
        item = view.lane_item(track)
        frame = item.current_frame() if item is not None else None
        if frame is not None:
            out.append(frame)
    return out


def _labels(view: TimelineView) -> tuple[int, int, int]:
    """(events laid out in detail, labels drawn, lanes in density mode) of the current frame."""
    shown = labels = dense = 0
    for f in _frames(view):
        if f.mode == "detail":
            shown += len(f.idx)
            labels += int((f.label_w > 0).sum())
        elif f.mode == "density":
            dense += 1
    return shown, labels, dense


def _columns(view: Any) -> tuple[np.ndarray, np.ndarray]:
    """First and last drawn day of every event."""
    cols = view.session.columns
    hi = getattr(cols, "draw_hi", cols.hi)
    return np.asarray(cols.lo, dtype=np.float64), np.asarray(hi, dtype=np.float64) + 1.0


def _busiest_day(lo: np.ndarray, hi: np.ndarray) -> float:
    """The day on which most single-day events fall (the heart of the biggest burst)."""
    point = lo[(hi - lo) <= 1.0]
    if not len(point):
        return float(np.median(lo)) if len(lo) else 0.0
    days, counts = np.unique(point.astype(np.int64), return_counts=True)
    return float(days[np.argmax(counts)]) + 0.5


def _deep_window(lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator) -> tuple[float, float, int]:
    """A window a week to a year wide holding as many events as possible, but at most LABEL_LIMIT."""
    s_lo, s_hi = np.sort(lo), np.sort(hi)
    best = (0.0, WEEK, -1)
    centres = rng.choice(lo, size=min(400, len(lo)), replace=False) if len(lo) else np.zeros(0)
    for span in (WEEK, 14.0, 31.0, 92.0, 183.0, 365.0):
        a = centres - span / 2
        b = centres + span / 2
        n = np.searchsorted(s_lo, b, side="right") - np.searchsorted(s_hi, a, side="left")
        ok = np.flatnonzero(n <= LABEL_LIMIT)
        if len(ok):
            i = ok[np.argmax(n[ok])]
            if n[i] > best[2]:
                best = (float(a[i]), float(b[i]), int(n[i]))
    if best[2] < 0 and len(lo):  # everything is denser than the limit: take the sparsest week
        n = np.searchsorted(s_lo, centres + WEEK / 2, side="right") - np.searchsorted(
            s_hi, centres - WEEK / 2, side="left"
        )
        i = int(np.argmin(n))
        best = (float(centres[i] - WEEK / 2), float(centres[i] + WEEK / 2), int(n[i]))
    return best


def _series(
    app: QApplication, view: Any, windows: list[tuple[float, float]]
) -> tuple[list[float], list[float], list[float]]:
    steps, cpus, paints = [], [], []
    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    for a, b in windows:
        s, c, p = _step(app, view, a, b)
        steps.append(s)
        cpus.append(c)
        paints.append(p)
    view.viewport().removeEventFilter(counter)
    # Each step should have repainted the timeline once in processEvents and once in grab().
    if counter.count < len(windows):
        raise RuntimeError(f"only {counter.count} paints for {len(windows)} steps: the view did not repaint")
    return steps, cpus, paints


def _stats(prefix: str, steps: list[float], cpus: list[float], paints: list[float]) -> dict[str, Any]:
    s, c, p = percentiles(steps), percentiles(cpus), percentiles(paints)
    return {
        f"{prefix}_p50_ms": s["p50"],
        f"{prefix}_p95_ms": s["p95"],
        f"{prefix}_cpu_p50_ms": c["p50"],
        f"{prefix}_cpu_p95_ms": c["p95"],
        f"{prefix}_paint_p50_ms": p["p50"],
        f"{prefix}_paint_p95_ms": p["p95"],
        f"{prefix}_samples": len(steps),
    }


def _start_up_done(app: QApplication, win: Any, timeout_s: float = 30.0) -> float:
    """Wait until the window's work after its first paint is done (the facet columns of a large
    database read on their thread, the comparison built hidden), then a quiet moment; the seconds
    waited. Series taken while that work runs measured frames sharing the CPU and the GIL with it
    (the stall figures measure that time); a person zooming a while after opening does not."""
    t0 = time.perf_counter()
    end = t0 + timeout_s
    while time.perf_counter() < end and not (
        win.session.filters.columns_loaded() and getattr(win.compare, "built", True)
    ):
        app.processEvents()
        time.sleep(0.01)
    quiet = time.perf_counter() + 0.3  # (the facet counts' last turns, the comparison's first layout)
    while time.perf_counter() < quiet:
        app.processEvents()
        time.sleep(0.01)
    return time.perf_counter() - t0


def overview_windows(view: Any, frames: int) -> list[tuple[float, float]]:
    """The overview series: everything in view, nudged back and forth by a ten-thousandth of the view
    (so that every step lays out afresh instead of reusing the last frame's geometry)."""
    a0, a1 = view.visible_range()
    eps = (a1 - a0) * 1e-4
    return [(a0 + (i % 2) * eps, a1 + (i % 2) * eps) for i in range(frames)]


def zoom_pan_windows(view: Any, frames: int) -> tuple[list[tuple[float, float]], float]:
    """The zoom/pan series round the busiest day: zoom levels from a century to a week, each followed by a
    pan of a quarter of the view; and that day."""
    lo, hi = _columns(view)
    c = _busiest_day(lo, hi)
    windows: list[tuple[float, float]] = []
    for span in np.geomspace(CENTURY, WEEK, max(frames // 2, 25)).tolist():
        windows.append((c - span / 2, c + span / 2))
        windows.append((c - span / 4, c + 3 * span / 4))  # a pan by a quarter of the view
    return windows, c


def deep_windows(view: Any, frames: int) -> tuple[list[tuple[float, float]], tuple[float, float, int]]:
    """The deep-zoom series: the densest week-to-year window with labels (`_deep_window`), panned back and
    forth by a hundredth of it; and that window with the events in it."""
    lo, hi = _columns(view)
    d0, d1, n = _deep_window(lo, hi, np.random.default_rng(0))
    span = d1 - d0
    return [(d0 + (i % 2) * span * 0.01, d1 + (i % 2) * span * 0.01) for i in range(frames)], (d0, d1, n)


def ready_for_series(app: QApplication, view: Any, window: tuple[float, float] | None = None) -> None:
    """Show `window` (or everything) and let the view rest there, its caches built by a first full paint:
    where each series starts from."""
    if window is None:
        view.fit_all()
    else:
        view.zoom_to(*window)
    app.processEvents()
    _settle(app, view)
    view.grab()  # the first paint builds caches (label widths, pixmaps); not a steady frame


def open_window(db: Path) -> tuple[QApplication, Any, Any, dict[str, Any]]:
    """The main window on `db`, opened as the app opens it, once its work after the first paint is done;
    with the application, the timeline and the open's figures (`open_s` and its parts, the view's size,
    the wait for that work)."""
    from explorer.app import pause_collector_until_idle

    app = _app()
    t0 = time.perf_counter()
    # as the app's own start does (make_application): no cycle collection while the window is built
    pause_collector_until_idle()
    _import_window_modules()
    t_imported = time.perf_counter()
    win, view, how = _make_window(db)
    app.processEvents()
    t_open = time.perf_counter()
    out: dict[str, Any] = {
        "window": how,
        "open_s": round(t_open - t0, 3),
        # of it: reading the window's modules, then building the window on the database (what a
        # peer whose library is already loaded compares with: benchmarks/peer)
        "open_imports_s": round(t_imported - t0, 3),
        "open_build_s": round(t_open - t_imported, 3),
    }
    out["view_size"] = [view.width(), view.height()]
    out["start_up_wait_s"] = round(_start_up_done(app, win), 2)
    return app, win, view, out


def series_in_order(
    app: QApplication, view: Any, frames: int, quick: bool = False
) -> Iterator[tuple[str, list[tuple[float, float]], dict[str, Any]]]:
    """The bench's series in its order, each with its windows and what to report of it, the view made
    ready for each (`ready_for_series`) before it is given: overview, then (unless `quick`) zoom/pan
    and deep zoom. Run each series before asking for the next."""
    ready_for_series(app, view)
    yield "overview", overview_windows(view, frames), {}
    if quick:
        return
    windows, c = zoom_pan_windows(view, frames)
    yield "zoom_pan", windows, {"zoom_pan_centre_day": c}
    deep, (d0, d1, n) = deep_windows(view, frames)
    ready_for_series(app, view, (d0, d1))
    shown, labels, dense = _labels(view)
    about = dict(deep_window_days=[d0, d1], deep_visible=n, deep_detail_events=shown, deep_labels=labels,
                 deep_density_lanes=dense)  # fmt: skip
    yield "deep", deep, about


def bench_app(db: Path, frames: int, quick: bool) -> dict[str, Any]:
    """Overview, scripted zoom/pan and deep-zoom frame times of the real timeline."""
    app, win, view, out = open_window(db)
    for name, windows, about in series_in_order(app, view, frames, quick):
        out.update(_stats(f"frame_{name}", *_series(app, view, windows)))
        out.update(about)
    win.close()
    return out


def bench_naive(db: Path, frames: int) -> dict[str, Any]:
    """One QGraphicsRectItem per event in a PlotWidget: build time and full-view frame times."""
    from explorer.store.event_queries import drawn_spans

    track_ids, rows = drawn_spans(db)
    lanes = {t: i for i, t in enumerate(track_ids)}
    app = _app()
    t0 = time.perf_counter()
    w = pg.PlotWidget()
    w.resize(WIDTH, HEIGHT)
    vb = w.getPlotItem().getViewBox()
    vb.disableAutoRange()
    colors = [pg.intColor(i, hues=max(len(lanes), 1)) for i in range(max(len(lanes), 1))]
    pens = [QPen(c) for c in colors]
    for pen in pens:
        pen.setCosmetic(True)
    brushes = [QBrush(QColor(c)) for c in colors]
    x_min, x_max = float("inf"), float("-inf")
    for lo, hi, smax, open_end, track in rows:
        hi = smax + 3653 if open_end else hi + 1
        lane = lanes[track]
        item = QGraphicsRectItem(lo, lane + 0.1, max(hi - lo, 1), 0.8)
        item.setPen(pens[lane])
        item.setBrush(brushes[lane])
        vb.addItem(item)
        x_min, x_max = min(x_min, lo), max(x_max, hi)
    if rows:
        vb.setRange(xRange=(x_min, x_max), yRange=(0, len(lanes)), padding=0.02)
    w.show()
    app.processEvents()
    build_s = time.perf_counter() - t0
    times = []
    for _ in range(frames):
        t1 = time.perf_counter()
        w.grab()
        times.append((time.perf_counter() - t1) * 1000.0)
        if sum(times) > 10_000:  # enough: the naive renderer is already far too slow
            break
    stats = percentiles(times)
    return {"events": len(rows), "build_s": round(build_s, 3), "frame_p50_ms": stats["p50"],
            "frame_p95_ms": stats["p95"], "samples": len(times)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run one benchmark and print its JSON answer."""
    p = argparse.ArgumentParser(prog="python -m explorer.bench.frames")
    p.add_argument("mode", choices=("app", "naive"))
    p.add_argument("db", type=Path)
    p.add_argument("--frames", type=int, default=60)
    p.add_argument("--quick", action="store_true", help="app: the overview frame only")
    args = p.parse_args(argv)
    try:
        if args.mode == "app":
            emit(bench_app(args.db, args.frames, args.quick))
        else:
            emit(bench_naive(args.db, args.frames))
    except Exception as exc:  # the parent reports the reason with a null figure
        emit({"error": f"{type(exc).__name__}: {exc}"})
        raise
    # Skip interpreter teardown: Qt objects destroyed by the garbage collector only cost time here.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

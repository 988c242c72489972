"""`neutrality bench`: every target measured on one synthetic database, as one JSON-able dict. No Qt.

Qt-side figures come from child processes (explorer.bench.frames, explorer.bench.gui);
a figure that cannot be taken is None, with the reason in `reasons`, never a made-up number.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from explorer.bench import db_bench
from explorer.bench.measure import Unmeasured, child_env, machine, run_child
from explorer.bench.synth import generate
from explorer.store import open_database

#: Bump when the generator's output changes, so cached databases are made afresh.
GENERATOR_VERSION = 1
LANES, SEED = 20, 1
NAIVE_SIZES = (1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
NAIVE_FRAME_BUDGET_MS, NAIVE_BUILD_BUDGET_S = 1000.0, 20.0
START_RUNS = 3

#: key -> (limit, unit); a target is met when the figure is at most the limit.
TARGETS: dict[str, tuple[float, str]] = {
    "frame_overview_p95_ms": (16.0, "ms"),
    "frame_zoom_pan_p95_ms": (16.0, "ms"),
    "frame_deep_p95_ms": (16.0, "ms"),
    "search_selective_p95_ms": (50.0, "ms"),
    "search_common_p95_ms": (150.0, "ms"),
    "search_filtered_p95_ms": (150.0, "ms"),
    "import_s": (20.0, "s"),
    "start_corpus_s": (1.0, "s"),
    "start_large_s": (2.0, "s"),
    "memory_mb_over_empty": (150.0, "MB"),
    "stall_worst_ms": (100.0, "ms"),
}
#: Every key of the answer that holds a figure (None with a reason when not measured).
FIGURES: tuple[str, ...] = (
    "frame_overview_p50_ms", "frame_overview_p95_ms", "frame_zoom_pan_p50_ms", "frame_zoom_pan_p95_ms",
    "frame_deep_p50_ms", "frame_deep_p95_ms", "search_selective_p50_ms", "search_selective_p95_ms",
    "search_common_p50_ms", "search_common_p95_ms", "search_filtered_p50_ms", "search_filtered_p95_ms",
    "import_s", "start_corpus_s", "start_large_s", "memory_mb_over_empty", "naive_events",
    "naive_frame_ms", "app_frame_ms_at_naive", "naive_ratio",
)  # fmt: skip
FRAME_KEYS, SEARCH_KEYS, NAIVE_KEYS = FIGURES[:6], FIGURES[6:12], FIGURES[16:]
#: The scripted session's event-loop stalls (explorer.bench.session).
STALL_KEYS = ("stall_worst_ms", "stall_p99_ms")
FIGURES = (*FIGURES, *STALL_KEYS)


def default_cache_dir() -> Path:
    """Where generated databases are kept between runs."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("neutrality-explorer", "NeutralityExplorer")) / "bench"


def cached_db(cache: Path, events: int, say: Callable[[str], None]) -> tuple[Path, float | None]:
    """The synthetic database of that size (made now if missing) and seconds spent making it."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"synthetic-{events}-l{LANES}-s{SEED}-g{GENERATOR_VERSION}.db"
    if path.exists():
        db = open_database(path)  # a file cached by an earlier version is brought to the current schema
        db.conn.close()
        return path, None
    say(f"generating {events:,} events -> {path}")
    return path, generate(path, events, lanes=LANES, seed=SEED).seconds


class Run:
    """One benchmark run: the answer being filled, and where its files go."""

    def __init__(self, events: int, cache: Path, work: Path, say: Callable[[str], None]) -> None:
        self.events, self.cache, self.work, self.say = events, cache, work, say
        self.out: dict[str, Any] = {"events": events, "lanes": LANES, "seed": SEED}
        self.out.update({k: None for k in FIGURES})
        self.reasons: dict[str, str] = {}
        self.details: dict[str, Any] = {}
        self.machine = machine()

    def attempt(self, name: str, keys: tuple[str, ...], fn: Callable[[], None]) -> None:
        """Run one measurement; on failure set its keys to None with the reason."""
        t0 = time.perf_counter()
        try:
            fn()
        except Unmeasured as exc:
            for k in keys:
                self.out[k] = None
                self.reasons[k] = str(exc)
        except Exception as exc:  # a bug elsewhere must not hide the other figures
            for k in keys:
                self.out[k] = None
                self.reasons[k] = f"{type(exc).__name__}: {exc}"
        self.say(f"  {name}: {time.perf_counter() - t0:.1f} s")

    def host_speed(self, when: str) -> None:
        """The host's speed now (`when`: "start" or "end"), from the explorer.bench.host child, into
        the machine's description; a host too slow or broken to say is noted, not guessed."""
        try:
            self.machine[f"host_speed_{when}"] = run_child("explorer.bench.host", [], timeout=120)
        except Unmeasured as exc:
            self.machine[f"host_speed_{when}"] = None
            self.reasons[f"host_speed_{when}"] = str(exc)

    # --- measurements ---------------------------------------------------------------------------
    def search(self, db: Path) -> None:
        """Search timings."""
        got = db_bench.bench_search(db)
        self.details["search_how"] = got.pop("search_how")
        for k, v in got.items():
            (self.out if k in self.out else self.details)[k] = v

    def importing(self, db: Path) -> None:
        """Import timing."""
        got = db_bench.bench_import(db, self.work)
        self.out["import_s"] = got.pop("import_s")
        self.details.update(got)  # rows, and the CPU of the importer and of its worker

    def frames(self, db: Path) -> None:
        """Overview, zoom/pan and deep-zoom frames from the child."""
        got = run_child("explorer.bench.frames", ["app", str(db), "--frames", "60"], timeout=900)
        for k, v in got.items():
            (self.out if k in self.out else self.details)[k] = v

    def _start(self, db: Path) -> tuple[float, float, float | None]:
        """Median seconds from process start to first finished paint, median RSS (MB) then and once
        settled (after what the window does right after its first paint, such as the facet counts)."""
        runs = []
        for i in range(START_RUNS + 1):
            t0 = time.time()
            got = run_child("explorer.bench.gui", [str(db)], timeout=300)
            if i:  # the first run only warms the caches (files, bytecode, the column cache)
                runs.append(
                    (got["first_paint_wall"] - t0, got["rss_first_paint_mb"], got.get("rss_settled_mb"))
                )
            else:
                self.details.setdefault("start_first_runs_s", {})[db.name] = round(
                    got["first_paint_wall"] - t0, 3
                )
        self.details.setdefault("window", got.get("window"))
        settled = [r[2] for r in runs if r[2] is not None]
        return (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
            statistics.median(settled) if settled else None,
        )

    def start_corpus(self) -> None:
        """Start-up on the bundled corpus (built into the work folder when not bundled)."""
        from explorer.resources import bundled_db

        db = bundled_db()
        if not db.exists():
            from explorer.corpus import build_database
            from explorer.resources import corpus_dir

            db = self.work / "neutrality.db"
            if not db.exists():
                build_database(corpus_dir(), db)
            self.details["corpus_db"] = "built from data/corpus (no bundled neutrality.db)"
        else:  # the window opens its database for writing: never the bundled file itself
            copy = self.work / "corpus-copy.db"
            shutil.copyfile(db, copy)
            db = copy
        self.out["start_corpus_s"] = round(self._start(db)[0], 3)

    def start_large(self, db: Path) -> None:
        """Start-up and memory on the large database, memory against an empty one."""
        seconds, rss, settled = self._start(db)
        self.out["start_large_s"] = round(seconds, 3)
        empty, _ = cached_db(self.cache, 0, self.say)
        _, rss_empty, settled_empty = self._start(empty)
        self.details.update(rss_large_mb=rss, rss_empty_mb=rss_empty)
        self.out["memory_mb_over_empty"] = round(rss - rss_empty, 1)
        if settled is not None and settled_empty is not None:
            # the same, half a second after the first paint (the facet counts are read by then)
            self.details.update(rss_large_settled_mb=settled, rss_empty_settled_mb=settled_empty)
            self.details["memory_settled_mb_over_empty"] = round(settled - settled_empty, 1)

    def session(self, db: Path) -> None:
        """Event-loop stalls through a scripted session, on a copy (the session flags and undoes)."""
        copy = self.work / "session.db"
        shutil.copyfile(db, copy)
        try:
            # each step is given time to settle: longer where threads read a million events
            dwell = int(min(2500, max(500, self.events / 400)))
            args = [str(copy), "--dwell-ms", str(dwell), "--open-dwell-ms", str(int(dwell * 1.6))]
            got = run_child("explorer.bench.session", args, timeout=600)
        finally:
            for p in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                p.unlink(missing_ok=True)
        for k, v in got.items():
            (self.out if k in self.out else self.details)[k] = v

    def naive(self) -> None:
        """The largest size one-item-per-event pyqtgraph can draw in budget, against the app."""
        best: dict[str, Any] | None = None
        tried = []
        for size in [s for s in NAIVE_SIZES if s <= self.events] or [self.events]:
            db, _ = cached_db(self.cache, size, self.say)
            try:
                got = run_child("explorer.bench.frames", ["naive", str(db), "--frames", "5"], timeout=180)
            except Unmeasured as exc:
                tried.append({"events": size, "failed": str(exc)})
                break
            tried.append(got)
            if got["frame_p50_ms"] > NAIVE_FRAME_BUDGET_MS or got["build_s"] > NAIVE_BUILD_BUDGET_S:
                break
            best = got
        self.details["naive_sizes"] = tried
        if best is None:
            raise Unmeasured("the naive renderer could not draw even the smallest size within budget")
        db, _ = cached_db(self.cache, best["events"], self.say)
        app = run_child("explorer.bench.frames", ["app", str(db), "--frames", "30", "--quick"], timeout=300)
        self.out["naive_events"] = best["events"]
        self.out["naive_frame_ms"] = best["frame_p50_ms"]
        self.out["app_frame_ms_at_naive"] = app["frame_overview_paint_p50_ms"]
        self.out["naive_ratio"] = round(
            best["frame_p50_ms"] / max(app["frame_overview_paint_p50_ms"], 1e-3), 1
        )

    def finish(self) -> dict[str, Any]:
        """The answer with machine, reasons, details and the verdict on each target."""
        self.out["machine"] = self.machine
        self.out["reasons"] = self.reasons
        self.out["details"] = self.details
        self.out["targets"] = {
            k: {"limit": lim, "unit": unit, "met": None if self.out[k] is None else self.out[k] <= lim}
            for k, (lim, unit) in TARGETS.items()
        }
        return self.out


def _qt_available() -> str | None:
    """None when a Qt child can start here, else the reason it cannot."""
    probe = [sys.executable, "-c", "import PySide6.QtWidgets, pyqtgraph"]
    proc = subprocess.run(probe, capture_output=True, text=True, env=child_env(), timeout=120)
    if proc.returncode:
        return "Qt cannot be imported here: " + ((proc.stderr.strip().splitlines() or ["?"])[-1])
    return None


def run_bench(
    events: int,
    *,
    cache: Path | None = None,
    keep: Path | None = None,
    say: Callable[[str], None] = lambda _m: None,
    skip: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Measure every target on a synthetic database of `events` events."""
    cache = cache or default_cache_dir()
    work = keep or Path(tempfile.mkdtemp(prefix="neutrality-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    run = Run(events, cache, work, say)
    try:
        db, gen_s = cached_db(cache, events, say)
        run.details.update(db=str(db), generate_s=gen_s)
        run.attempt("search", SEARCH_KEYS, lambda: run.search(db))
        run.attempt("import", ("import_s",), lambda: run.importing(db))
        qt_missing = _qt_available()
        if qt_missing is None:
            run.host_speed("start")
        qt_steps: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
            ("frames", FRAME_KEYS, lambda: run.frames(db)),
            ("start", ("start_corpus_s",), run.start_corpus),
            ("start", ("start_large_s", "memory_mb_over_empty"), lambda: run.start_large(db)),
            ("session", STALL_KEYS, lambda: run.session(db)),
            ("naive", NAIVE_KEYS, run.naive),
        ]
        for name, keys, fn in qt_steps:
            if name in skip:
                for k in keys:
                    run.reasons[k] = f"skipped (--skip {name})"
            elif qt_missing:
                for k in keys:
                    run.reasons[k] = qt_missing
            else:
                run.attempt(name, keys, fn)
        if qt_missing is None:
            run.host_speed("end")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return run.finish()

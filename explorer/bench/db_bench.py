"""Database-side measurements: search over the synthetic events and the import of a CSV. No Qt."""

from __future__ import annotations

import csv
import functools
import importlib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from explorer.bench.measure import Unmeasured, percentiles, time_calls
from explorer.bench.words import COMMON_TERM, SELECTIVE_TERM
from explorer.store import open_database
from explorer.store.event_queries import csv_batches, indexed_count
from explorer.store.events import EventStore
from explorer.store.search import search

#: The date-range filter combined with the common term: the 2000s.
FILTER_RANGE = (date(2000, 1, 1).toordinal(), date(2009, 12, 31).toordinal())
#: "First page" of results, as the search panel asks for it.
PAGE = 200

#: Columns of the CSV written for the import benchmark (the documented import format).
CSV_COLUMNS = ("id", "title", "date", "track", "summary", "quote", "actors", "themes", "tags")


def _search_fn(db: Any) -> tuple[Callable[..., list[Any]], str]:
    """The search the search panel runs, for its first page, and its name."""
    return (lambda q, **kw: search(db, q, limit=PAGE, **kw)), "explorer.store.search.search"


def bench_search(db_path: Path, *, repeat: int = 60) -> dict[str, Any]:
    """p50/p95 of a selective term, a common term and a common term with a date-range filter."""
    db = open_database(db_path, readonly=True)
    try:
        fn, how = _search_fn(db)
        out: dict[str, Any] = {"search_how": how}
        cases: dict[str, tuple[str, dict[str, Any]]] = {
            "selective": (SELECTIVE_TERM, {}),
            "common": (COMMON_TERM, {}),
            "filtered": (COMMON_TERM, {"date_range": FILTER_RANGE}),
        }
        for name, (term, kw) in cases.items():
            hits = len(fn(term, **kw))
            stats = percentiles(time_calls(functools.partial(fn, term, **kw), repeat))
            out[f"search_{name}_p50_ms"] = stats["p50"]
            out[f"search_{name}_p95_ms"] = stats["p95"]
            out[f"search_{name}_hits"] = hits
        return out
    finally:
        db.conn.close()


def write_csv(db_path: Path, csv_path: Path) -> int:
    """Write every event of a database as an import CSV (lists joined with "; "); returns the row count."""
    db = open_database(db_path, readonly=True)
    n = 0
    try:
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(CSV_COLUMNS)
            for rows in csv_batches(db, tag="sample", every=100):
                w.writerows(rows)
                n += len(rows)
    finally:
        db.conn.close()
    return n


def _importer() -> Callable[[Path, Path], Any]:
    """A callable importing a CSV file into a database file, from explorer.formats.importer."""
    try:
        mod = importlib.import_module("explorer.formats.importer")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("explorer"):
            raise Unmeasured("explorer.formats.importer does not exist yet") from None
        raise
    for name in ("import_path", "import_file"):
        fn = getattr(mod, name, None)
        if callable(fn):

            def run(csv_path: Path, db_path: Path, _fn: Callable[..., Any] = fn) -> Any:
                db = open_database(db_path, create=True)
                try:
                    return _fn(db, csv_path)
                finally:
                    db.conn.close()

            return run
    raise Unmeasured("explorer.formats.importer offers no import_path/import_file function")


def bench_import(db_path: Path, work: Path) -> dict[str, Any]:
    """Seconds to import a CSV of every event of db_path into an empty database, FTS index included.

    Also the CPU seconds of the importing process (its threads included) and of its worker process
    (explorer.store.side_build), which say where the time went when the machine is shared.
    """
    run = _importer()
    csv_path = work / f"{db_path.stem}.csv"
    if not csv_path.exists():
        rows = write_csv(db_path, csv_path)
    else:
        with csv_path.open(encoding="utf-8") as fh:
            rows = sum(1 for _ in fh) - 1
    target = work / "imported.db"
    for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        p.unlink(missing_ok=True)
    t0, cpu0, children0 = time.perf_counter(), time.process_time(), _children_cpu()
    run(csv_path, target)
    seconds = time.perf_counter() - t0
    # CPU beside wall time: on a shared machine the wall time says as much about the load as the import
    cpu, children = time.process_time() - cpu0, _children_cpu()
    db = open_database(target, readonly=True)
    try:
        imported = EventStore(db).count()
        indexed = indexed_count(db)
    finally:
        db.conn.close()
    if imported != rows or indexed != rows:
        raise Unmeasured(f"the import wrote {imported} events and {indexed} index rows of {rows}")
    return {
        "import_s": round(seconds, 3),
        "import_rows": rows,
        "import_cpu_s": round(cpu, 2),
        "import_worker_cpu_s": None
        if children is None or children0 is None
        else round(children - children0, 2),
    }


def _children_cpu() -> float | None:
    """User and system seconds of the child processes waited for so far (the import's worker); None off Unix."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

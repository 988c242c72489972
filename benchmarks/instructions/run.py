"""Count the instructions of the frame bench's steps under callgrind: figures the host's speed cannot move.

    python benchmarks/instructions/run.py --sizes 176,1000,10000 [--frames 60] [--tree DIR] [--json]

Wall-time frame figures on a shared two-core machine move by 20 % within minutes, and nearly
doubled from one day to the next with the code unchanged (benchmarks/README.md, "Issue 18,
fourteenth pass"), so a change worth 5 % cannot be told from the host by timing it. Valgrind's
callgrind counts the instructions the process executes, which for the same code, data and seed are
nearly the same from run to run (three runs of each series at 1,000 events agreed within 0.2 %).
For each size this runs
`child.py` (the bench's window and its three series, each step counted, nothing between steps)
under callgrind once and reports, per series, millions of instructions per step and where they were
executed: the Python interpreter, Qt's painting and text (QtGui), Qt's widgets and graphics view,
the bindings (PySide6, Shiboken), numpy, the C library, SQLite, other.

Instructions are not time (a cache miss costs more than an add) but a change that removes work shows
here whatever the host does. `--tree DIR` counts another checkout of the code (a git worktree of the
commit before a change), for an A/B in which only the code differs. Needs valgrind (Debian:
`apt install valgrind`); about two minutes per size, up to a million events. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SERIES = ("overview", "zoom_pan", "deep")

#: Where an instruction was executed, by the shared object's path (first match wins): numpy's are
#: any under a numpy folder, the others by file name (a stdlib extension such as `_sqlite3.cpython-*.so`
#: is not numpy's).
PLACES = (
    ("Python", re.compile(r"(^|/)(libpython3[^/]*|python3?(\.\d+)?)$")),
    ("QtGui (painting, text)", re.compile(r"(^|/)libQt6Gui\.[^/]*$")),
    ("QtWidgets (view, widgets)", re.compile(r"(^|/)libQt6Widgets\.[^/]*$")),
    ("QtCore", re.compile(r"(^|/)libQt6Core\.[^/]*$")),
    ("PySide6, Shiboken", re.compile(r"(^|/)(libshiboken6|libpyside6|Qt\w+\.abi3\.so)[^/]*$")),
    ("numpy", re.compile(r"/numpy/")),
    ("C library", re.compile(r"(^|/)(libc\.so|libm\.so|ld-linux|libstdc\+\+)[^/]*$")),
    ("SQLite", re.compile(r"sqlite[^/]*$")),
)
OTHER = "other"


def place_of(obj: str) -> str:
    """The place (PLACES) of a shared object given by path."""
    for place, pattern in PLACES:
        if pattern.search(obj):
            return place
    return OTHER


def self_cost_by_object(dump: Path) -> tuple[int, dict[str, int]]:
    """A callgrind dump's total instructions and their self cost by shared object (path).

    Reads the format's name compression ("ob=(3) /lib/x.so" once, "ob=(3)" after), attributes each cost
    line to the current `ob`, and skips the line after each `calls=` (the call's inclusive cost,
    already counted where it was spent).
    """
    names: dict[str, str] = {}
    by_obj: dict[str, int] = {}
    total = 0
    current = "?"
    skip_next = False
    with dump.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if skip_next:
                skip_next = False
                continue
            c = line[:1]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                if len(parts) >= 2:
                    by_obj[current] = by_obj.get(current, 0) + int(parts[1])
                continue
            if line.startswith("ob="):
                current = _name(names, line[3:].strip())
            elif line.startswith("cob="):
                # a called object's name, given once here, may be used by a later ob= line
                _name(names, line[4:].strip())
            elif line.startswith("calls="):
                skip_next = True
            elif line.startswith("totals:") or line.startswith("summary:"):
                total = int(line.split()[1])
    return total, by_obj


def _name(names: dict[str, str], ref: str) -> str:
    """Resolve callgrind's "(id) name" / "(id)" compression."""
    m = re.match(r"\((\d+)\)\s*(.*)", ref)
    if not m:
        return ref
    if m.group(2):
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), ref)


def read_dumps(out: Path) -> dict[str, dict[str, Any]]:
    """Each series' dump (`out.N`, named in its "desc: Trigger: dump NAME" line): totals and places."""
    found: dict[str, dict[str, Any]] = {}
    for dump in sorted(out.parent.glob(out.name + ".*")):
        with dump.open(encoding="utf-8", errors="replace") as fh:
            head = "".join(fh.readline() for _ in range(40))
        m = re.search(r"^desc: Trigger: dump (\w+)", head, re.M)
        if not m or m.group(1) not in SERIES:
            continue
        total, by_obj = self_cost_by_object(dump)
        places: dict[str, int] = {}
        for obj, n in by_obj.items():
            place = place_of(obj)
            places[place] = places.get(place, 0) + n
        found[m.group(1)] = {"instructions": total, "places": places}
    return found


def count(db: Path, frames: int, tree: Path | None, keep: Path) -> dict[str, Any]:
    """One callgrind run of child.py on `db`: per series, steps, instructions and places."""
    out = keep / f"callgrind-{db.stem}.out"
    for old in keep.glob(out.name + "*"):
        old.unlink()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONHASHSEED="0")
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    cmd = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
        "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
        sys.executable, str(HERE / "child.py"), str(db), "--frames", str(frames), "--callgrind",
    ]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=7200)
    answer = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
    if done.returncode != 0 or not answer:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"callgrind run on {db.name} failed: " + " / ".join(tail))
    steps = json.loads(answer[-1].split(" ", 1)[1])["steps"]
    series = read_dumps(out)
    return {name: {"steps": steps[name], **series[name]} for name in SERIES if name in series}


def table(results: dict[int, dict[str, Any]]) -> str:
    """Markdown: per size and series, millions of instructions per step and the share of each place."""
    places = [p for p, _ in PLACES] + [OTHER]
    head = "| events | series | M instructions / step | " + " | ".join(places) + " |"
    rows = [head, "|" + "---|" * 2 + "---:|" * (1 + len(places))]
    for n, by_series in results.items():
        for name in SERIES:
            got = by_series.get(name)
            if not got:
                continue
            total = got["instructions"]
            shares = [f"{100.0 * got['places'].get(p, 0) / total:.0f} %" if total else "–" for p in places]
            per_step = total / got["steps"] / 1e6
            rows.append(f"| {n:,} | {name.replace('_', '/')} | {per_step:.2f} | " + " | ".join(shares) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/instructions/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="176,1000,10000", help="event counts, as `neutrality bench --sizes`")
    p.add_argument("--frames", type=int, default=60, help="steps per series, as the frame bench (60)")
    p.add_argument("--tree", type=Path, default=None, help="count this checkout of the code instead")
    p.add_argument("--cache-dir", type=Path, default=None, help="as `neutrality bench --cache-dir`")
    p.add_argument("--keep", type=Path, default=None, help="keep callgrind's dumps here")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from explorer.bench.runner import cached_db, default_cache_dir
    from explorer.bench.sizes import parse_sizes

    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("benchmarks/instructions needs valgrind (Debian: apt install valgrind).", file=sys.stderr)
        return 2

    cache = args.cache_dir or default_cache_dir()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="ne-callgrind-"))
    keep.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        db, _ = cached_db(cache, n, lambda m: print(m, file=sys.stderr))
        print(f"counting {n:,} events under callgrind…", file=sys.stderr)
        try:
            results[n] = count(db, args.frames, args.tree, keep)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"{exc} (callgrind's files are kept in {keep})", file=sys.stderr)
            return 1
    print(json.dumps({str(k): v for k, v in results.items()}, indent=1) if args.json else table(results))
    if args.keep is None:
        shutil.rmtree(keep, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

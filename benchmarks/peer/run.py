"""Run vis-timeline and Neutrality Explorer on the same generated events and write the ratio table.

    python benchmarks/peer/run.py --sizes 176,1000,10000 [--runs 3] [--write-readme]

For each size: the synthetic database of `neutrality bench` (same seed, same cache), its events
written as vis-timeline items in 20 groups (one per lane; ranges for periods, boxes for days),
`node bench.mjs` in headless Chromium at 1600x1000 with stacking on, and our frame bench
(`python -m explorer.bench.frames app DB`, the child `neutrality bench` runs) on the same
database. vis is given the same windows as ours: everything in view, the zoom/pan series round
the same busiest day, and the same deep-zoom window. Runs are interleaved; the table holds medians.
Needs node (npm install in this folder) and Chromium (`apt install chromium`); not run in CI.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- peer-table:start -->", "<!-- peer-table:end -->"
EPOCH = date(1970, 1, 1).toordinal()
FIGS = (("overview", "frame_overview"), ("zoom_pan", "frame_zoom_pan"), ("deep", "frame_deep"))


def _ms(day: float) -> float:
    return (day - EPOCH) * 86_400_000.0


def write_items(db_path: Path, out: Path, ours: dict[str, Any]) -> None:
    """The database's dated events as vis-timeline groups and items, with ours windows in ms."""
    sys.path.insert(0, str(ROOT))
    from explorer.store import open_database
    from explorer.store.columns import INTERVAL, UNDATED, load_columns

    db = open_database(db_path, readonly=True)
    cols = load_columns(db)
    titles = cols.titles.tolist()
    groups = [{"id": i, "content": t} for i, t in enumerate(cols.track_ids)]
    items = []
    lo, hi, flags, lane = cols.lo.tolist(), cols.draw_hi.tolist(), cols.flags.tolist(), cols.lane.tolist()
    for i in range(len(cols)):
        if flags[i] & UNDATED or lane[i] < 0:
            continue
        item: dict[str, Any] = {"id": i, "group": lane[i], "content": titles[i], "start": _ms(lo[i])}
        if flags[i] & INTERVAL or hi[i] > lo[i]:
            item["end"] = _ms(hi[i] + 1)
        items.append(item)
    dated = [j for j in range(len(cols)) if not flags[j] & UNDATED]
    span = [_ms(min(lo[j] for j in dated)), _ms(max(hi[j] for j in dated) + 1)]
    d0, d1 = ours["deep_window_days"]
    data = {"groups": groups, "items": items, "span": span, "busiest": _ms(ours["zoom_pan_centre_day"]),
            "deep": [_ms(d0), _ms(d1)]}  # fmt: skip
    out.write_text(json.dumps(data), encoding="utf-8")
    db.conn.close()


def ours_frames(db: Path) -> dict[str, Any]:
    """Our frame bench on the database (the child `neutrality bench` runs)."""
    sys.path.insert(0, str(ROOT))
    from explorer.bench.measure import run_child

    return run_child("explorer.bench.frames", ["app", str(db), "--frames", "60"], timeout=1800)


def vis_frames(items: Path, budget_s: int) -> dict[str, Any]:
    """vis-timeline's figures on an items file (None values with an error when it did not render)."""
    proc = subprocess.run(
        ["node", str(HERE / "bench.mjs"), str(items), "--start-budget-ms", str(budget_s * 1000)],
        capture_output=True, text=True, timeout=budget_s + 1800, cwd=HERE,
    )  # fmt: skip
    if proc.returncode:
        return {"error": (proc.stderr.strip().splitlines() or ["node failed"])[-1][:300]}
    answer: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return answer


def _median(xs: list[float | None]) -> float | None:
    known = [x for x in xs if x is not None]
    return round(statistics.median(known), 2) if known else None


def table(results: dict[int, dict[str, Any]]) -> str:
    """The ratio table in Markdown (p95 frames and start, medians of the runs)."""
    lines = [
        "| events | figure | vis-timeline | ours | vis / ours |",
        "|---:|---|---:|---:|---:|",
    ]
    for n, r in results.items():
        rows = [(f"{label} frame p95 (ms)", r["vis"].get(f"{k}_p95"), r["ours"].get(f"{key}_p95_ms"))
                for (k, key), label in zip(FIGS, ("overview", "zoom/pan", "deep"), strict=True)]  # fmt: skip
        # start to first render, each with its own code loaded inside the clock (vis-timeline's script
        # and style; the window's modules) and loaded before it
        vis, ours = r["vis"], r["ours"]
        rows.append(
            ("start, library load included (ms)", vis.get("start_with_library_ms"), ours.get("open_ms"))
        )
        rows.append(("start, library loaded (ms)", vis.get("start_ms"), ours.get("build_ms")))
        for label, v, o in rows:
            ratio = f"**{v / o:.2f}×**" if v is not None and o else "—"
            lines.append(f"| {n:,} | {label} | {'—' if v is None else f'{v:,.1f}'} | "
                         f"{'—' if o is None else f'{o:,.1f}'} | {ratio} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure both at each size and print (or write into benchmarks/README.md) the table."""
    p = argparse.ArgumentParser(prog="python benchmarks/peer/run.py")
    p.add_argument("--sizes", default="176,1000,10000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cache-dir", type=Path, default=None, help="as `neutrality bench --cache-dir`")
    p.add_argument("--start-budget-s", type=int, default=300, help="give up on vis's first render after this")
    p.add_argument("--write-readme", action="store_true", help=f"replace the table between {START} and {END}")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from explorer.bench.runner import cached_db, default_cache_dir
    from explorer.bench.sizes import parse_sizes

    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    cache = args.cache_dir or default_cache_dir()
    runs: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = {n: [] for n in sizes}
    for r in range(args.runs):
        for n in sizes:
            db, _ = cached_db(cache, n, lambda m: print(m, file=sys.stderr))
            ours = ours_frames(db)
            items = cache / f"vis-items-{n}.json"
            if not items.exists():
                write_items(db, items, ours)
            vis = vis_frames(items, args.start_budget_s)
            print(f"run {r + 1}, {n:,} events: vis {json.dumps(vis)}; ours open {ours.get('open_s')} s, "
                  f"p95 {ours.get('frame_overview_p95_ms')} / {ours.get('frame_zoom_pan_p95_ms')} / "
                  f"{ours.get('frame_deep_p95_ms')} ms", file=sys.stderr, flush=True)  # fmt: skip
            runs[n].append((vis, ours))
    results: dict[int, dict[str, Any]] = {}
    for n, pairs in runs.items():
        theirs: dict[str, Any] = {
            key: _median([v.get(key) for v, _ in pairs]) for key in ("start_ms", "start_with_library_ms")
        }
        mine: dict[str, Any] = {
            "open_ms": _median([o["open_s"] * 1000 for _, o in pairs]),
            "build_ms": _median([o["open_build_s"] * 1000 for _, o in pairs if "open_build_s" in o]),
        }
        for k, key in FIGS:
            theirs[f"{k}_p95"] = _median([v.get(k, {}).get("p95") for v, _ in pairs])
            mine[f"{key}_p95_ms"] = _median([o.get(f"{key}_p95_ms") for _, o in pairs])
        results[n] = {"vis": theirs, "ours": mine}
    text = table(results)
    print(text)
    if args.write_readme:
        readme = README.read_text(encoding="utf-8")
        if START in readme and END in readme:
            head, rest = readme.split(START, 1)
            readme = head + START + "\n" + text + "\n" + END + rest.split(END, 1)[1]
            README.write_text(readme, encoding="utf-8")
        else:
            print(f"{README} has no {START} ... {END} markers; the table was not written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

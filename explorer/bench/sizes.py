"""`neutrality bench --sizes`: the bench at several sizes, each figure as the median of a few runs with its spread.

Runs are interleaved (every size once, then every size again), so a change in the shared machine's
load falls on all sizes alike rather than on one. No Qt (the Qt figures come from the children
that `run_bench` starts).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from explorer.bench.report import HOST_PROBES
from explorer.bench.runner import FIGURES, TARGETS, run_bench

#: The figures a sizes table shows, with their labels (frames first, as in the issue's table).
SIZE_ROWS: tuple[tuple[str, str], ...] = (
    ("frame_overview_p95_ms", "Frame, everything in view, p95 (ms)"),
    ("frame_zoom_pan_p95_ms", "Frame, zoom/pan, p95 (ms)"),
    ("frame_deep_p95_ms", "Frame, deep zoom with labels, p95 (ms)"),
    ("frame_overview_p50_ms", "Frame, everything in view, p50 (ms)"),
    ("frame_zoom_pan_p50_ms", "Frame, zoom/pan, p50 (ms)"),
    ("frame_deep_p50_ms", "Frame, deep zoom, p50 (ms)"),
    ("search_selective_p95_ms", "Search, selective term, p95 (ms)"),
    ("search_common_p95_ms", "Search, common term, p95 (ms)"),
    ("search_filtered_p95_ms", "Search, common term + date range, p95 (ms)"),
    ("import_s", "Import CSV incl. FTS (s)"),
    ("start_large_s", "Start to first paint (s)"),
    ("start_corpus_s", "Start to first paint, corpus (s)"),
    ("memory_mb_over_empty", "Memory over empty db (MB)"),
    ("stall_worst_ms", "Event-loop stall, worst (ms)"),
    ("stall_p99_ms", "Event-loop stall, p99 (ms)"),
)


def parse_sizes(text: str) -> list[int]:
    """`176,1000,10000` -> [176, 1000, 10000]; ValueError with a plain sentence when malformed."""
    sizes = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if not part.isdigit() or int(part) < 1:
            raise ValueError(
                f"--sizes takes whole numbers of events above 0, separated by commas, not {part!r}."
            )
        sizes.append(int(part))
    return sizes


def spread(values: Sequence[float | None]) -> dict[str, Any]:
    """Median, min and max of the runs that gave a number (None for all three when none did)."""
    nums = [float(v) for v in values if v is not None]
    if not nums:
        return {"median": None, "min": None, "max": None, "runs": list(values)}
    return {
        "median": round(statistics.median(nums), 3),
        "min": round(min(nums), 3),
        "max": round(max(nums), 3),
        "runs": list(values),
    }


def run_sizes(
    sizes: Sequence[int],
    *,
    runs: int = 3,
    cache: Path | None = None,
    keep: Path | None = None,
    say: Callable[[str], None] = lambda _m: None,
    skip: tuple[str, ...] = (),
    bench: Callable[..., dict[str, Any]] = run_bench,
) -> dict[str, Any]:
    """Every figure at every size as the median of `runs` interleaved runs, with min and max."""
    answers: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    for r in range(runs):
        for n in sizes:
            say(f"run {r + 1} of {runs}, {n:,} events")
            work = None if keep is None else keep / f"{n}-run{r + 1}"
            # the naive renderer's search for its largest size is a figure of its own, not per size
            answers[n].append(bench(n, cache=cache, keep=work, say=say, skip=(*skip, "naive")))
    keys = [k for k in (*FIGURES, *(k for k, _ in SIZE_ROWS)) if k not in ("naive_events",)]
    out: dict[str, Any] = {"sizes": list(sizes), "runs": runs, "by_size": {}}
    for n in sizes:
        got = answers[n]
        figures = {k: spread([a.get(k) for a in got]) for k in dict.fromkeys(keys)}
        reasons: dict[str, str] = {}
        for a in got:
            reasons.update(a.get("reasons", {}))
        out["by_size"][str(n)] = {
            "figures": figures,
            "reasons": reasons,
            "details": got[-1].get("details", {}),
        }
    out["machine"] = answers[sizes[0]][0].get("machine", {}) if sizes else {}
    out["load_avg_1m_per_run"] = [
        a.get("machine", {}).get("load_avg_1m_at_start") for n in sizes for a in answers[n]
    ]
    # the host's speed at the start and end of every run (explorer.bench.host), in run order
    out["host_speed_per_run"] = [
        [a.get("machine", {}).get(f"host_speed_{w}") for w in ("start", "end")]
        for n in sizes
        for a in answers[n]
    ]
    out["targets"] = {k: {"limit": lim, "unit": unit} for k, (lim, unit) in TARGETS.items()}
    return out


def _span(values: list[float], unit: str) -> str:
    return f"{min(values):g}–{max(values):g} {unit}" if values else "unknown"


def _cell(s: dict[str, Any]) -> str:
    if s["median"] is None:
        return "—"

    def f(v: float) -> str:
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"

    return f"{f(s['median'])} ({f(s['min'])}–{f(s['max'])})"


def sizes_table(result: dict[str, Any]) -> str:
    """One row per figure, one column per size: median (min–max) of the runs."""
    sizes = result["sizes"]
    lines = [
        f"Neutrality Explorer benchmark by size: median (min–max) of {result['runs']} interleaved runs",
        "",
        "| measurement | " + " | ".join(f"{n:,}" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    notes: list[str] = []
    for key, label in SIZE_ROWS:
        cells = [result["by_size"][str(n)]["figures"].get(key) for n in sizes]
        if all(c is None or c["median"] is None for c in cells):
            reason = next((result["by_size"][str(n)]["reasons"].get(key) for n in sizes), None)
            if reason:
                notes.append(f"- {label}: not measured: {reason}")
            continue
        lines.append(f"| {label} | " + " | ".join("—" if c is None else _cell(c) for c in cells) + " |")
    m = result.get("machine", {})
    loads = [v for v in result.get("load_avg_1m_per_run", []) if v is not None]
    lines += [
        "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores; Python {m.get('python')}, Qt (PySide6) {m.get('qt')}, "
        f"SQLite {m.get('sqlite')}, QPA {m.get('qpa')}; load average at the start of the runs "
        + (f"{min(loads):.2f}–{max(loads):.2f}." if loads else "unknown."),
    ]
    probes = [p for pair in result.get("host_speed_per_run", []) for p in pair if p]
    if probes:
        lines.append(
            'Host speed over the runs (benchmarks/README.md, "Host speed"): '
            + "; ".join(
                f"{name} {_span([p[key] for p in probes if p.get(key) is not None], unit)}"
                for name, key, unit in HOST_PROBES
            )
            + "."
        )
    return "\n".join(lines + ([""] + notes if notes else []))

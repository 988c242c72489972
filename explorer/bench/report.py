"""The bench answer as a plain-text table (Markdown-compatible, for benchmarks/README.md)."""

from __future__ import annotations

from typing import Any

#: (label, p50 key or None, p95-or-value key, target key or None)
ROWS: tuple[tuple[str, str | None, str, str | None], ...] = (
    ("Frame, everything in view", "frame_overview_p50_ms", "frame_overview_p95_ms", "frame_overview_p95_ms"),
    ("Frame, zoom/pan century -> week", "frame_zoom_pan_p50_ms", "frame_zoom_pan_p95_ms", "frame_zoom_pan_p95_ms"),
    ("Frame, deep zoom with labels", "frame_deep_p50_ms", "frame_deep_p95_ms", "frame_deep_p95_ms"),
    ("Search, selective term (200 hits)", "search_selective_p50_ms", "search_selective_p95_ms",
     "search_selective_p95_ms"),
    ("Search, common term (first page)", "search_common_p50_ms", "search_common_p95_ms", "search_common_p95_ms"),
    ("Search, common term + date range", "search_filtered_p50_ms", "search_filtered_p95_ms",
     "search_filtered_p95_ms"),
    ("Import CSV incl. FTS (s)", None, "import_s", "import_s"),
    ("Start to first paint, corpus (s)", None, "start_corpus_s", "start_corpus_s"),
    ("Start to first paint, large db (s)", None, "start_large_s", "start_large_s"),
    ("Memory over empty db (MB)", None, "memory_mb_over_empty", "memory_mb_over_empty"),
    ("Event-loop stall in a scripted session (ms)", "stall_p99_ms", "stall_worst_ms", "stall_worst_ms"),
)  # fmt: skip


#: The host-speed probes (explorer.bench.host) as the tables name them: (name, key, unit).
HOST_PROBES = (
    ("1600x1000 fill", "fill_ms", "ms"),
    ("label text", "text_us", "µs"),
    ("Python", "python_ms", "ms"),
    ("SQLite", "sql_ms", "ms"),
)


def host_words(speed: dict[str, Any] | None) -> str:
    """The host-speed probes of one moment in a few words; "unknown" for none."""
    if not speed:
        return "unknown"
    return ", ".join(f"{name} {speed.get(key)} {unit}" for name, key, unit in HOST_PROBES)


def _num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def table(answer: dict[str, Any]) -> str:
    """Every target as a row: p50, p95 (or the value), the limit and whether it is met."""
    targets = answer.get("targets", {})
    reasons = answer.get("reasons", {})
    lines = [
        f"Neutrality Explorer benchmark: {answer['events']:,} events in {answer['lanes']} lanes (seed {answer['seed']})",
        "",
        "| measurement | p50 | p95 / value | target | met |",
        "|---|---:|---:|---:|:---:|",
    ]
    notes = []
    for label, k50, k95, kt in ROWS:
        t = targets.get(kt or "", {})
        met = {True: "yes", False: "**no**", None: "—"}[t.get("met")]
        limit = f"≤ {_num(t['limit'])}" if t else ""
        lines.append(
            f"| {label} | {_num(answer.get(k50)) if k50 else ''} | {_num(answer.get(k95))} | {limit} | {met} |"
        )
        if answer.get(k95) is None and k95 in reasons:
            notes.append(f"- {label}: not measured: {reasons[k95]}")
    ne, ratio = answer.get("naive_events"), answer.get("naive_ratio")
    lines.append(
        f"| Naive renderer (1 item/event) at {_num(ne)} events, frame ms | {_num(answer.get('app_frame_ms_at_naive'))} "
        f"(app) | {_num(answer.get('naive_frame_ms'))} (naive) | ratio {_num(ratio)}x | |"
    )
    if ne is None and "naive_events" in reasons:
        notes.append(f"- Naive renderer: not measured: {reasons['naive_events']}")
    m = answer.get("machine", {})
    lines += [
        "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('os')}; Python {m.get('python')}, "
        f"Qt (PySide6) {m.get('qt')}, pyqtgraph {m.get('pyqtgraph')}, numpy {m.get('numpy')}, "
        f"SQLite {m.get('sqlite')}, QPA {m.get('qpa')}; load average {m.get('load_avg_1m_at_start')} at the start.",
        f'Host speed (benchmarks/README.md, "Host speed"): at the start {host_words(m.get("host_speed_start"))}; '
        f"at the end {host_words(m.get('host_speed_end'))}.",
    ]
    d = answer.get("details", {})
    extra = []
    if d.get("search_how"):
        extra.append(f"search via {d['search_how']}")
    if d.get("window"):
        extra.append(f"window: {d['window']}")
    if d.get("deep_visible") is not None:
        extra.append(
            f"deep zoom: {d['deep_visible']} events overlap the window, {d.get('deep_detail_events')} laid out, "
            f"{d.get('deep_labels')} labels drawn"
        )
    if d.get("deep_labels") == 0:
        notes.append("- Deep zoom: warning: no labels were drawn in the deep-zoom window.")
    if d.get("memory_settled_mb_over_empty") is not None:
        extra.append(
            f"memory over empty half a second after the first paint: {d['memory_settled_mb_over_empty']} MB"
        )
    if d.get("stall_by_step_ms"):
        worst = ", ".join(f"{k} {v:.0f}" for k, v in d["stall_by_step_ms"].items())
        extra.append(f"worst stall per session step (ms): {worst}; the stall row's p50 column is its p99")
    if d.get("start_first_runs_s"):
        firsts = ", ".join(f"{k} {v:.2f} s" for k, v in d["start_first_runs_s"].items())
        extra.append(f"first (cold) start of each database: {firsts}")
    if d.get("generate_s") is not None:
        extra.append(f"generated in {d['generate_s']:.1f} s")
    if extra:
        lines.append("Notes: " + "; ".join(extra) + ".")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)

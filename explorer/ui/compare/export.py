"""The numbers behind the comparison's plots as CSV files, one per plot, named after a chosen file.

Choosing `numbers.csv` writes `numbers-density.csv` (the bins shown now), `numbers-cumulative.csv`,
`numbers-lead-lag.csv` (both directions) and `numbers-importance.csv` (Table two), each through
`explorer.analysis.write_compare_csv` (UTF-8, a header row first, written atomically).
"""

from __future__ import annotations

from pathlib import Path

from explorer.analysis import Cumulative, Density, ImportanceTable, LeadLag, write_compare_csv

PARTS = ("density", "cumulative", "lead-lag", "importance")


def export_paths(base: Path | str) -> dict[str, Path]:
    """The file each plot's numbers go to, from the name the user chose."""
    p = Path(base)
    stem = p.name[: -len(".csv")] if p.name.lower().endswith(".csv") else p.name
    return {part: p.with_name(f"{stem}-{part}.csv") for part in PARTS}


def export_numbers(
    base: Path | str,
    density: Density | None,
    cumulative: Cumulative | None,
    lead_lag: LeadLag | None,
    importance: ImportanceTable | None,
) -> list[Path]:
    """Write every plot's numbers that exist; the files written."""
    paths = export_paths(base)
    written = []
    for part, result in (
        ("density", density),
        ("cumulative", cumulative),
        ("lead-lag", lead_lag),
        ("importance", importance),
    ):
        if result is not None:
            written.append(write_compare_csv(result, paths[part]))
    return written
